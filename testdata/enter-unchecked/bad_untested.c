/* enter-unchecked: the result is saved but inner state (or the leave) is
 * reached before it is tested.  Reported at the call, once; the accesses are
 * not also reported as access-before-enter. */
#define _DEFAULT_SOURCE
#include <handleguard.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef enum { DEV_OK = 0, DEV_ECLOSED = -1, DEV_EINVAL = -2, DEV_EIO = -3 } dev_err;

enum dev_reg { DEV_REG_CTRL, DEV_REG_STATUS, DEV_REG_DATA, DEV_NREGS };

struct dev_inner {
    uint32_t regs[DEV_NREGS];
    char serial[16];
    unsigned irq_count;
};

typedef struct device {
    hg_guard guard;
    struct dev_inner *inner;
    uint32_t cached_status; /* inline inner field */
} device;

/* Case 1: saved, but the read happens before the test. */
int dev_read(device *d, enum dev_reg r, uint32_t *out)
{
    hg_op op;
    bool ok = hg_try_enter(&d->guard, &op); // expect-warning: handleguard-enter-unchecked
    uint32_t v = d->inner->regs[r];
    if (!ok)
        return DEV_ECLOSED;
    *out = v;
    hg_leave(&op);
    return DEV_OK;
}

/* Case 2: the write is done unconditionally; only the leave is gated. */
void dev_write(device *d, enum dev_reg r, uint32_t v)
{
    hg_op op;
    bool ok = hg_try_enter(&d->guard, &op); // expect-warning: handleguard-enter-unchecked
    d->inner->regs[r] = v;
    if (ok)
        hg_leave(&op);
}

/* Case 3: a liveness probe that leaves without knowing whether it entered. */
int dev_ping(device *d)
{
    hg_op op;
    int alive = hg_try_enter(&d->guard, &op); // expect-warning: handleguard-enter-unchecked
    hg_leave(&op);
    return alive ? DEV_OK : DEV_ECLOSED;
}

/* Case 4: assigned later, and an inline field is touched first. */
int dev_status(device *d, uint32_t *out)
{
    hg_op op;
    bool ok;
    ok = hg_try_enter(&d->guard, &op); // expect-warning: handleguard-enter-unchecked
    d->cached_status = d->inner->regs[DEV_REG_STATUS];
    if (!ok)
        return DEV_ECLOSED;
    *out = d->cached_status;
    hg_leave(&op);
    return DEV_OK;
}

/* Case 5: in one switch case the enter is made but not tested. */
int dev_ctl(device *d, int cmd, char *dst, size_t n)
{
    hg_op op;
    switch (cmd) {
    case 0:
        if (!hg_try_enter(&d->guard, &op))
            return DEV_ECLOSED;
        d->inner->irq_count = 0;
        hg_leave(&op);
        return DEV_OK;
    case 1:
        if (n < sizeof d->inner->serial)
            return DEV_EINVAL;
        hg_try_enter(&d->guard, &op); // expect-warning: handleguard-enter-unchecked
        memcpy(dst, d->inner->serial, sizeof d->inner->serial);
        hg_leave(&op);
        return DEV_OK;
    default:
        return DEV_EINVAL;
    }
}
