/* racy-freeing-check: hg_is_freeing() used as the gate before touching inner
 * state without an entered op (check-then-use).  Reported at the call; the
 * first access it "protects" is still an access-before-enter. */
#define _DEFAULT_SOURCE
#include <handleguard.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef enum { HT_OK = 0, HT_ECLOSED = -1, HT_ENOENT = -2 } ht_err;

struct ht_inner {
    uint64_t *keys;
    size_t len, cap;
    unsigned long hits, late_calls;
    bool dirty;
};

typedef struct htab {
    hg_guard guard;
    struct ht_inner *inner;
} htab;

#define HT_ALIVE(h) (!hg_is_freeing(&(h)->guard))

/* Case 1: early return when freeing, then a plain read. */
long ht_len(htab *h)
{
    if (hg_is_freeing(&h->guard)) // expect-warning: handleguard-racy-freeing-check
        return HT_ECLOSED;
    return (long)h->inner->len; // expect-warning: handleguard-access-before-enter
}

/* Case 2: the work is done inside `if (!hg_is_freeing(...))`. */
void ht_note_hit(htab *h)
{
    if (!hg_is_freeing(&h->guard)) { // expect-warning: handleguard-racy-freeing-check
        h->inner->hits++; // expect-warning: handleguard-access-before-enter
    }
}

/* Case 3: the answer saved in a variable first. */
int ht_contains(htab *h, uint64_t key)
{
    bool closing = hg_is_freeing(&h->guard); // expect-warning: handleguard-racy-freeing-check
    if (closing)
        return HT_ECLOSED;
    for (size_t i = 0; i < h->inner->len; i++) // expect-warning: handleguard-access-before-enter
        if (h->inner->keys[i] == key)
            return HT_OK;
    return HT_ENOENT;
}

/* Case 4: gate and access in one expression. */
long ht_cap(htab *h)
{
    return hg_is_freeing(&h->guard) ? HT_ECLOSED : (long)h->inner->cap; // expect-warning: handleguard-racy-freeing-check, handleguard-access-before-enter
}

/* Case 5: `&&` with the access on its right. */
bool ht_needs_flush(htab *h)
{
    return !hg_is_freeing(&h->guard) && h->inner->dirty; // expect-warning: handleguard-racy-freeing-check, handleguard-access-before-enter
}

/* Case 6: the gate hidden in a macro. */
int ht_clear(htab *h)
{
    if (!HT_ALIVE(h)) // expect-warning: handleguard-racy-freeing-check
        return HT_ECLOSED;
    h->inner->len = 0; // expect-warning: handleguard-access-before-enter
    h->inner->dirty = true;
    return HT_OK;
}

/* Case 7: the freeing branch itself touches inner state. */
int ht_get(htab *h, size_t i, uint64_t *key)
{
    hg_op op;
    if (hg_is_freeing(&h->guard)) { // expect-warning: handleguard-racy-freeing-check
        h->inner->late_calls++; // expect-warning: handleguard-access-before-enter
        return HT_ECLOSED;
    }
    if (!hg_try_enter(&h->guard, &op))
        return HT_ECLOSED;
    if (i >= h->inner->len) {
        hg_leave(&op);
        return HT_ENOENT;
    }
    *key = h->inner->keys[i];
    hg_leave(&op);
    return HT_OK;
}
