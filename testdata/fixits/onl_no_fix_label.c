/* op-not-left at a return shared by paths that left and paths that did
 * not (a cleanup label): a leave there would leave twice on the first
 * ones, so there is no fix-it, only a note. */
// NOT-FIXED: handleguard-op-not-left
// NOTE: no fix-it: the op is left on some path before this return
#include <handleguard.h>

#include <stddef.h>

typedef enum { SES_OK = 0, SES_ECLOSED = -1, SES_EINVAL = -2 } ses_err;

struct ses_inner {
    size_t nvars;
    int vars[8];
};

typedef struct session {
    hg_guard guard;
    struct ses_inner *inner;
} session;

int ses_set(session *s, size_t i, int v)
{
    hg_op op;
    int rc = SES_OK;
    if (!hg_try_enter(&s->guard, &op))
        return SES_ECLOSED;
    if (i >= s->inner->nvars) {
        rc = SES_EINVAL;
        goto out;
    }
    s->inner->vars[i] = v;
    hg_leave(&op);
out:
    return rc; // expect-warning: handleguard-op-not-left
}
