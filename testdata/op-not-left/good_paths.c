/* op-not-left must stay quiet: every path out leaves, or never entered
 * (the failed-enter path needs no leave): early returns that leave, goto
 * cleanup with the leave under the label, correlated `if (ok) hg_leave`,
 * switch, loops with break, leave in a macro, two tokens, nested ops. */
// expect-no-diagnostics
#define _DEFAULT_SOURCE
#include <handleguard.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef enum {
    CACHE_OK = 0,
    CACHE_ECLOSED = -1,
    CACHE_EINVAL = -2,
    CACHE_ENOMEM = -3,
    CACHE_ENOENT = -4,
} cache_err;

enum cache_policy { CACHE_LRU, CACHE_FIFO, CACHE_RANDOM };

struct cache_slot {
    uint64_t key;
    uint64_t val;
    bool used;
};

struct cache_inner {
    struct cache_slot *slots;
    size_t nslots;
    enum cache_policy policy;
    uint64_t hits, misses;
};

typedef struct cache {
    hg_guard guard;
    struct cache_inner *inner;
} cache;

#define CACHE_ENTER(c, op) hg_try_enter(&(c)->guard, (op))
#define CACHE_LEAVE(op) hg_leave(op)

/* Case 1: several returns, each after its own leave. */
int cache_get(cache *c, uint64_t key, uint64_t *val)
{
    hg_op op;
    if (!hg_try_enter(&c->guard, &op))
        return CACHE_ECLOSED;
    for (size_t i = 0; i < c->inner->nslots; i++) {
        struct cache_slot *s = &c->inner->slots[i];
        if (s->used && s->key == key) {
            *val = s->val;
            c->inner->hits++;
            hg_leave(&op);
            return CACHE_OK;
        }
    }
    c->inner->misses++;
    hg_leave(&op);
    return CACHE_ENOENT;
}

/* Case 2: goto cleanup, the leave is under the label. */
int cache_put(cache *c, uint64_t key, uint64_t val)
{
    hg_op op;
    int rc = CACHE_ENOMEM;
    if (!hg_try_enter(&c->guard, &op))
        return CACHE_ECLOSED;
    if (key == 0) {
        rc = CACHE_EINVAL;
        goto out;
    }
    for (size_t i = 0; i < c->inner->nslots; i++) {
        if (!c->inner->slots[i].used) {
            c->inner->slots[i] = (struct cache_slot){ key, val, true };
            rc = CACHE_OK;
            goto out;
        }
    }
out:
    hg_leave(&op);
    return rc;
}

/* Case 3: a saved result; the leave is correlated with it. */
int cache_set_policy(cache *c, enum cache_policy p)
{
    hg_op op;
    bool ok = hg_try_enter(&c->guard, &op);
    if (ok)
        c->inner->policy = p;
    if (ok)
        hg_leave(&op);
    return ok ? CACHE_OK : CACHE_ECLOSED;
}

/* Case 4: a switch where every case reaches the single leave. */
int cache_evict(cache *c)
{
    hg_op op;
    if (!hg_try_enter(&c->guard, &op))
        return CACHE_ECLOSED;
    size_t victim = 0;
    switch (c->inner->policy) {
    case CACHE_LRU:
    case CACHE_FIFO:
        victim = 0;
        break;
    case CACHE_RANDOM:
        victim = (size_t)(c->inner->hits % (c->inner->nslots ? c->inner->nslots : 1));
        break;
    }
    if (victim < c->inner->nslots)
        c->inner->slots[victim].used = false;
    hg_leave(&op);
    return CACHE_OK;
}

/* Case 5: a loop entering per round; `break` jumps to a leave after it. */
int cache_fill(cache *c, uint64_t base, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        hg_op op;
        if (!hg_try_enter(&c->guard, &op))
            return CACHE_ECLOSED;
        if (i >= c->inner->nslots) {
            hg_leave(&op);
            break;
        }
        c->inner->slots[i] = (struct cache_slot){ base + i, 0, true };
        hg_leave(&op);
    }
    return (int)i;
}

/* Case 6: a void op: the failed path returns early, the rest leaves. */
void cache_reset_stats(cache *c)
{
    hg_op op;
    if (!CACHE_ENTER(c, &op))
        return;
    c->inner->hits = 0;
    c->inner->misses = 0;
    CACHE_LEAVE(&op);
}

/* Case 7: two handles left in reverse order on every path. */
int cache_merge(cache *dst, cache *src)
{
    hg_op a, b;
    int rc = CACHE_OK;
    if (!hg_try_enter(&dst->guard, &a))
        return CACHE_ECLOSED;
    if (!hg_try_enter(&src->guard, &b)) {
        hg_leave(&a);
        return CACHE_ECLOSED;
    }
    if (dst->inner->nslots < src->inner->nslots) {
        rc = CACHE_EINVAL;
    } else {
        for (size_t i = 0; i < src->inner->nslots; i++)
            if (src->inner->slots[i].used)
                dst->inner->slots[i] = src->inner->slots[i];
    }
    hg_leave(&b);
    hg_leave(&a);
    return rc;
}

/* Case 8: a nested op on the same guard, both left. */
int cache_hits(cache *c, uint64_t *out)
{
    hg_op outer, nested;
    if (!hg_try_enter(&c->guard, &outer))
        return CACHE_ECLOSED;
    *out = c->inner->hits;
    if (hg_try_enter(&c->guard, &nested)) {
        *out += c->inner->misses;
        hg_leave(&nested);
    }
    hg_leave(&outer);
    return CACHE_OK;
}

/* Case 9: do { } while (0) with break to the common leave. */
int cache_swap(cache *c, size_t i, size_t j)
{
    hg_op op;
    int rc = CACHE_EINVAL;
    if (!hg_try_enter(&c->guard, &op))
        return CACHE_ECLOSED;
    do {
        if (i >= c->inner->nslots || j >= c->inner->nslots)
            break;
        struct cache_slot t = c->inner->slots[i];
        c->inner->slots[i] = c->inner->slots[j];
        c->inner->slots[j] = t;
        rc = CACHE_OK;
    } while (0);
    hg_leave(&op);
    return rc;
}
