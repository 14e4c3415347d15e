/* access-before-enter in an op that never enters: the fix-it enters at the
 * top of the body, returns what the file's other ops return when the enter
 * fails (KV_ECLOSED), and leaves before every return; a returned value that
 * reads inner state is copied before leaving. */
// FIXED: handleguard-access-before-enter
#include <handleguard.h>

#include <stddef.h>

typedef enum { KV_OK = 0, KV_ECLOSED = -1, KV_ENOENT = -2 } kv_err;

struct kv_inner {
    size_t count;
    int last;
};

typedef struct kv {
    hg_guard guard;
    struct kv_inner *inner;
} kv;

int kv_last(kv *h)
{
    hg_op op;
    if (!hg_try_enter(&h->guard, &op))
        return KV_ECLOSED;
    if (h->inner->count == 0) { // expect-warning: handleguard-access-before-enter
        hg_leave(&op);
        return KV_ENOENT;
    }
    int ret_ = h->inner->last;
    hg_leave(&op);
    return ret_;
}

int kv_set_last(kv *h, int v)
{
    hg_op op;
    if (!hg_try_enter(&h->guard, &op))
        return KV_ECLOSED;
    h->inner->last = v;
    hg_leave(&op);
    return KV_OK;
}
