/* op-not-left on paths through goto, break, correlated branches and several
 * tokens: a shared `return` under a cleanup label is reported once. */
#define _DEFAULT_SOURCE
#include <handleguard.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef enum {
    SES_OK = 0,
    SES_ECLOSED = -1,
    SES_EINVAL = -2,
    SES_ENOMEM = -3,
    SES_EBUSY = -4,
} ses_err;

struct ses_inner {
    char **vars;
    size_t nvars;
    uint64_t last_seen;
    bool locked;
};

typedef struct session {
    hg_guard guard;
    struct ses_inner *inner;
} session;

/* Case 1: the leave sits before the label that error paths jump to; two
 * gotos reach the shared return still entered: one report. */
int ses_set(session *s, size_t i, const char *val)
{
    hg_op op;
    int rc = SES_OK;
    char *copy = NULL;
    if (!hg_try_enter(&s->guard, &op))
        return SES_ECLOSED;
    if (i >= s->inner->nvars) {
        rc = SES_EINVAL;
        goto out;
    }
    copy = strdup(val);
    if (!copy) {
        rc = SES_ENOMEM;
        goto out;
    }
    free(s->inner->vars[i]);
    s->inner->vars[i] = copy;
    hg_leave(&op);
out:
    return rc; // expect-warning: handleguard-op-not-left
}

/* Case 2: `break` leaves the retry loop before that round's leave. */
int ses_wait_unlocked(session *s, int tries)
{
    int n;
    for (n = 0; n < tries; n++) {
        hg_op op;
        if (!hg_try_enter(&s->guard, &op))
            return SES_ECLOSED;
        if (!s->inner->locked)
            break;
        hg_leave(&op);
    }
    return n < tries ? SES_OK : SES_EBUSY; // expect-warning: handleguard-op-not-left
}

/* Case 3: the correlated branch is inverted: `if (!ok) hg_leave(&op)` can
 * never run once `if (!ok) return` was passed. */
int ses_lock(session *s)
{
    hg_op op;
    bool ok = hg_try_enter(&s->guard, &op);
    if (!ok)
        return SES_ECLOSED;
    bool was = s->inner->locked;
    s->inner->locked = true;
    if (!ok)
        hg_leave(&op);
    return was ? SES_EBUSY : SES_OK; // expect-warning: handleguard-op-not-left
}

/* Case 4: two handles; the second token is never left. */
int ses_copy_var(session *dst, session *src, size_t i)
{
    hg_op a, b;
    if (!hg_try_enter(&src->guard, &a))
        return SES_ECLOSED;
    if (!hg_try_enter(&dst->guard, &b)) {
        hg_leave(&a);
        return SES_ECLOSED;
    }
    int rc = SES_EINVAL;
    if (i < src->inner->nvars && i < dst->inner->nvars) {
        char *copy = strdup(src->inner->vars[i]);
        if (copy) {
            free(dst->inner->vars[i]);
            dst->inner->vars[i] = copy;
            rc = SES_OK;
        } else {
            rc = SES_ENOMEM;
        }
    }
    hg_leave(&a);
    return rc; // expect-warning: handleguard-op-not-left
}

/* Case 5: a nested op on the same guard is left, the outer one is not. */
int ses_refresh(session *s, uint64_t now)
{
    hg_op outer, inner;
    if (!hg_try_enter(&s->guard, &outer))
        return SES_ECLOSED;
    if (hg_try_enter(&s->guard, &inner)) {
        s->inner->last_seen = now;
        hg_leave(&inner);
    }
    return SES_OK; // expect-warning: handleguard-op-not-left
}

/* Case 6: error handling through goto where one label forgets the leave;
 * the other return is fine. */
int ses_resize(session *s, size_t n)
{
    hg_op op;
    if (!hg_try_enter(&s->guard, &op))
        return SES_ECLOSED;
    if (n < s->inner->nvars)
        goto einval;
    char **v = realloc(s->inner->vars, n * sizeof *v);
    if (!v)
        goto enomem;
    for (size_t i = s->inner->nvars; i < n; i++)
        v[i] = NULL;
    s->inner->vars = v;
    s->inner->nvars = n;
    hg_leave(&op);
    return SES_OK;
enomem:
    hg_leave(&op);
    return SES_ENOMEM;
einval:
    return SES_EINVAL; // expect-warning: handleguard-op-not-left
}
