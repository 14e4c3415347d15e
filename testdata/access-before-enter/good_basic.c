/* access-before-enter must stay quiet: every inner access is inside an
 * entered region; guard uses, unevaluated operands and non-handle structs
 * are never inner accesses. */
// expect-no-diagnostics
#define _DEFAULT_SOURCE
#include <handleguard.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef enum {
    CNT_OK = 0,
    CNT_ECLOSED = -1,
    CNT_EINVAL = -2,
} cnt_err;

struct cnt_inner {
    int64_t value;
    int64_t min, max;
    char label[24];
};

typedef struct counter {
    hg_guard guard;
    struct cnt_inner *inner;
    uint32_t flags;
} counter;

/* A plain configuration struct: not a handle, no guard anywhere. */
struct cnt_config {
    int64_t min, max;
    const char *label;
};

/* Case 1: the canonical op. */
int cnt_add(counter *c, int64_t d)
{
    hg_op op;
    if (!hg_try_enter(&c->guard, &op))
        return CNT_ECLOSED;
    int64_t v = c->inner->value + d;
    if (v < c->inner->min || v > c->inner->max) {
        hg_leave(&op);
        return CNT_EINVAL;
    }
    c->inner->value = v;
    hg_leave(&op);
    return CNT_OK;
}

/* Case 2: the enter result saved in a variable; correlated branches. */
int cnt_get(counter *c, int64_t *out)
{
    hg_op op;
    bool ok = hg_try_enter(&c->guard, &op);
    if (!ok)
        return CNT_ECLOSED;
    *out = c->inner->value;
    if (ok)
        hg_leave(&op);
    return CNT_OK;
}

/* Case 3: the work is done inside `if (hg_try_enter(...))`. */
void cnt_reset(counter *c)
{
    hg_op op;
    if (hg_try_enter(&c->guard, &op)) {
        c->inner->value = 0;
        c->flags = 0;
        hg_leave(&op);
    }
}

/* Case 4: sizeof, __typeof__ and offsetof never evaluate their operand; a
 * non-handle struct parameter is read freely before entering. */
int cnt_configure(counter *c, const struct cnt_config *cfg)
{
    hg_op op;
    char label[sizeof c->inner->label];
    __typeof__(c->inner->min) lo = cfg->min;
    size_t off = offsetof(struct cnt_inner, label);
    if (!cfg->label || strlen(cfg->label) >= sizeof label || off == 0)
        return CNT_EINVAL;
    strcpy(label, cfg->label);
    if (!hg_try_enter(&c->guard, &op))
        return CNT_ECLOSED;
    c->inner->min = lo;
    c->inner->max = cfg->max;
    memcpy(c->inner->label, label, sizeof label);
    hg_leave(&op);
    return CNT_OK;
}

/* Case 5: a local copy of the handle, entered through the copy. */
int cnt_flags(counter *c, uint32_t *out)
{
    counter *self = c;
    hg_op op;
    if (!hg_try_enter(&self->guard, &op))
        return CNT_ECLOSED;
    *out = self->flags;
    hg_leave(&op);
    return CNT_OK;
}

/* Case 6: two handles, each entered before its inner state is read. */
int cnt_transfer(counter *from, counter *to, int64_t d)
{
    hg_op a, b;
    if (!hg_try_enter(&from->guard, &a))
        return CNT_ECLOSED;
    if (!hg_try_enter(&to->guard, &b)) {
        hg_leave(&a);
        return CNT_ECLOSED;
    }
    from->inner->value -= d;
    to->inner->value += d;
    hg_leave(&b);
    hg_leave(&a);
    return CNT_OK;
}

/* Case 7: a helper that enters on its own may be called without entering. */
static int64_t cnt_snapshot(counter *c)
{
    hg_op op;
    int64_t v = 0;
    if (hg_try_enter(&c->guard, &op)) {
        v = c->inner->value;
        hg_leave(&op);
    }
    return v;
}

int64_t cnt_value_or_zero(counter *c)
{
    return cnt_snapshot(c);
}

/* Case 8: the guard itself is not inner state: &c->guard may be used
 * anywhere. */
bool cnt_same_guard(counter *a, counter *b)
{
    return &a->guard == &b->guard;
}

/* Case 9: re-entering after a leave makes the later access fine. */
int cnt_bump_twice(counter *c)
{
    hg_op op;
    if (!hg_try_enter(&c->guard, &op))
        return CNT_ECLOSED;
    c->inner->value++;
    hg_leave(&op);
    if (!hg_try_enter(&c->guard, &op))
        return CNT_ECLOSED;
    c->inner->value++;
    hg_leave(&op);
    return CNT_OK;
}
