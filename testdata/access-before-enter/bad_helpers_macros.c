/* access-before-enter through static helpers (reported at the call in the
 * op, with a note into the helper), through a chain of helpers, through a
 * macro (reported at the expansion site), and in a static callback whose
 * address is taken (treated like an exported op). */
#define _DEFAULT_SOURCE
#include <handleguard.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct pool_inner {
    void **free_list;
    size_t nfree;
    size_t obj_size;
    uint64_t allocs;
};

typedef struct pool {
    hg_guard guard;
    struct pool_inner *inner;
} pool;

typedef enum { POOL_OK = 0, POOL_ECLOSED = -1, POOL_ENOMEM = -2 } pool_err;

#define POOL_OBJ_SIZE(p) ((p)->inner->obj_size)

/* Helpers: they touch inner state and rely on the caller being entered. */
static size_t pool_free_count(pool *p)
{
    return p->inner->nfree;
}

static void pool_note_alloc(pool *p)
{
    p->inner->allocs++;
}

static bool pool_is_empty(pool *p)
{
    return pool_free_count(p) == 0;
}

/* Case 1: a helper that reads inner state, called before entering. */
size_t pool_available(pool *p, size_t want)
{
    hg_op op;
    if (pool_free_count(p) >= want) // expect-warning: handleguard-access-before-enter
        return want;
    if (!hg_try_enter(&p->guard, &op))
        return 0;
    size_t n = p->inner->nfree;
    hg_leave(&op);
    return n;
}

/* Case 2: a chain of helpers (pool_is_empty -> pool_free_count), called after
 * leaving. */
int pool_trim(pool *p, size_t keep, bool *now_empty)
{
    hg_op op;
    if (!hg_try_enter(&p->guard, &op))
        return POOL_ECLOSED;
    while (p->inner->nfree > keep)
        free(p->inner->free_list[--p->inner->nfree]);
    hg_leave(&op);
    *now_empty = pool_is_empty(p); // expect-warning: handleguard-access-before-enter
    return POOL_OK;
}

/* Case 3: a macro that reads inner state, used before the enter. */
void *pool_alloc_fresh(pool *p)
{
    hg_op op;
    size_t sz = POOL_OBJ_SIZE(p); // expect-warning: handleguard-access-before-enter
    void *obj = calloc(1, sz);
    if (!obj)
        return NULL;
    if (!hg_try_enter(&p->guard, &op)) {
        free(obj);
        return NULL;
    }
    pool_note_alloc(p);
    hg_leave(&op);
    return obj;
}

/* Case 4: a static function whose address is taken is a callback that any
 * caller may run; it takes the handle and never enters. */
static size_t pool_cb_capacity(pool *p)
{
    return p->inner->nfree + (size_t)p->inner->allocs; // expect-warning: handleguard-access-before-enter
}

struct pool_ops {
    size_t (*capacity)(pool *);
};

const struct pool_ops pool_default_ops = { pool_cb_capacity };

/* Case 5: a statement-like macro that bumps a counter, expanded on the
 * failed-enter path. */
#define POOL_COUNT_MISS(p) do { (p)->inner->allocs += 0; } while (0)

int pool_give(pool *p, void *obj)
{
    hg_op op;
    if (!hg_try_enter(&p->guard, &op)) {
        POOL_COUNT_MISS(p); // expect-warning: handleguard-access-before-enter
        free(obj);
        return POOL_ECLOSED;
    }
    p->inner->free_list[p->inner->nfree++] = obj;
    hg_leave(&op);
    return POOL_OK;
}
