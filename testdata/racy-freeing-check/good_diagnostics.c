/* racy-freeing-check must stay quiet: hg_is_freeing() used for diagnostics
 * and tests only, as a cheap hint before a real hg_try_enter, to choose an
 * error code after a failed enter, or inside an entered op (where the
 * accesses are guarded by the op, not by the check). */
// expect-no-diagnostics
#define _DEFAULT_SOURCE
#include <handleguard.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum { SN_OK = 0, SN_ECLOSED = -1, SN_EAGAIN = -2, SN_ESHUTTING = -3 } sn_err;

struct sn_inner {
    double last;
    unsigned long reads;
    bool calibrated;
};

typedef struct sensor {
    hg_guard guard;
    struct sn_inner *inner;
} sensor;

struct sn_status {
    bool closing;
    unsigned long reads;
};

/* Case 1: a diagnostic accessor. */
bool sn_is_closing(const sensor *s)
{
    return hg_is_freeing(&s->guard);
}

/* Case 2: a cheap hint; the real gate is hg_try_enter. */
int sn_read(sensor *s, double *out)
{
    hg_op op;
    if (hg_is_freeing(&s->guard))
        return SN_ESHUTTING;
    if (!hg_try_enter(&s->guard, &op))
        return SN_ECLOSED;
    *out = s->inner->last;
    s->inner->reads++;
    hg_leave(&op);
    return SN_OK;
}

/* Case 3: choosing the error code after a failed enter. */
int sn_calibrate(sensor *s)
{
    hg_op op;
    if (!hg_try_enter(&s->guard, &op))
        return hg_is_freeing(&s->guard) ? SN_ESHUTTING : SN_EAGAIN;
    s->inner->calibrated = true;
    hg_leave(&op);
    return SN_OK;
}

/* Case 4: inside an entered op the accesses are guarded by the op. */
int sn_maybe_reset(sensor *s)
{
    hg_op op;
    if (!hg_try_enter(&s->guard, &op))
        return SN_ECLOSED;
    if (!hg_is_freeing(&s->guard))
        s->inner->reads = 0;
    hg_leave(&op);
    return SN_OK;
}

/* Case 5: reported in a status struct next to values read under an op. */
int sn_status(sensor *s, struct sn_status *st)
{
    hg_op op;
    st->closing = hg_is_freeing(&s->guard);
    st->reads = 0;
    if (!hg_try_enter(&s->guard, &op))
        return SN_OK;
    st->reads = s->inner->reads;
    hg_leave(&op);
    return SN_OK;
}

/* Case 6: logging only the handle pointer. */
void sn_debug_dump(sensor *s)
{
    if (hg_is_freeing(&s->guard))
        fprintf(stderr, "sensor %p: freeing\n", (void *)s);
    else
        fprintf(stderr, "sensor %p: live\n", (void *)s);
}

/* Case 7: a test helper counting closed sensors. */
size_t sn_count_closing(sensor *const *list, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        if (hg_is_freeing(&list[i]->guard))
            c++;
    return c;
}

/* Case 8: the hint in a retry loop; every access is under the op. */
int sn_read_retry(sensor *s, double *out, int tries)
{
    for (int i = 0; i < tries && !hg_is_freeing(&s->guard); i++) {
        hg_op op;
        if (!hg_try_enter(&s->guard, &op))
            return SN_ECLOSED;
        bool ready = s->inner->calibrated;
        if (ready)
            *out = s->inner->last;
        hg_leave(&op);
        if (ready)
            return SN_OK;
    }
    return SN_EAGAIN;
}
