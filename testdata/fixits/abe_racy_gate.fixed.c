/* access-before-enter behind a racy hg_is_freeing() gate: the fix-it enters
 * after the gate, before the first access, and returns the value the gate
 * returned (HT_ECLOSED); the gate no longer protects anything by itself, so
 * racy-freeing-check is quiet too. */
// FIXED: handleguard-access-before-enter, handleguard-racy-freeing-check
#include <handleguard.h>

#include <stddef.h>

typedef enum { HT_OK = 0, HT_ECLOSED = -1 } ht_err;

struct ht_inner {
    size_t len;
};

typedef struct htab {
    hg_guard guard;
    struct ht_inner *inner;
} htab;

long ht_len(htab *h)
{
    if (hg_is_freeing(&h->guard)) // expect-warning: handleguard-racy-freeing-check
        return HT_ECLOSED;
    hg_op op;
    if (!hg_try_enter(&h->guard, &op))
        return HT_ECLOSED;
    long ret_ = (long)h->inner->len;
    hg_leave(&op);
    return ret_; // expect-warning: handleguard-access-before-enter
}
