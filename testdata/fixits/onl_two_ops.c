/* op-not-left with two ops: only the one still entered is left (the other
 * was left already on that path). */
// FIXED: handleguard-op-not-left
#include <handleguard.h>

#include <stddef.h>

typedef enum { SES_OK = 0, SES_ECLOSED = -1 } ses_err;

struct ses_inner {
    int vars[8];
};

typedef struct session {
    hg_guard guard;
    struct ses_inner *inner;
} session;

int ses_copy_var(session *dst, session *src, size_t i)
{
    hg_op a, b;
    if (!hg_try_enter(&src->guard, &a))
        return SES_ECLOSED;
    if (!hg_try_enter(&dst->guard, &b)) {
        hg_leave(&a);
        return SES_ECLOSED;
    }
    if (i < 8)
        dst->inner->vars[i] = src->inner->vars[i];
    hg_leave(&a);
    return SES_OK; // expect-warning: handleguard-op-not-left
}
