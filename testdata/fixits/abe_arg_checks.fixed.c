/* access-before-enter after checks of the arguments: the checks (of the
 * handle pointer too) stay before the enter and return without entering;
 * the enter goes right before the first statement that touches inner
 * state, and only the returns after it leave. */
// FIXED: handleguard-access-before-enter
#include <handleguard.h>

#include <stddef.h>
#include <string.h>

typedef enum { KV_OK = 0, KV_ESHUTDOWN = -1, KV_EINVAL = -2 } kv_err;

struct kv_inner {
    size_t count;
    char last_key[32];
};

typedef struct kv {
    hg_guard guard;
    struct kv_inner *inner;
} kv;

int kv_note_key(kv *h, const char *key)
{
    if (h == NULL || key == NULL)
        return KV_EINVAL;
    size_t n = strlen(key);
    if (n >= 32)
        return KV_EINVAL;
    hg_op op;
    if (!hg_try_enter(&h->guard, &op))
        return KV_ESHUTDOWN;
    memcpy(h->inner->last_key, key, n + 1); // expect-warning: handleguard-access-before-enter
    h->inner->count++;
    hg_leave(&op);
    return KV_OK;
}

int kv_count(kv *h, size_t *out)
{
    hg_op op;
    if (!hg_try_enter(&h->guard, &op))
        return KV_ESHUTDOWN;
    *out = h->inner->count;
    hg_leave(&op);
    return KV_OK;
}
