/* access-before-enter must stay quiet: aliases taken and used while entered,
 * helpers (and chains of helpers) that touch inner state called while
 * entered, macros that wrap enter/leave, a callback that enters. */
// expect-no-diagnostics
#define _DEFAULT_SOURCE
#include <handleguard.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct idx_inner {
    uint32_t *keys;
    size_t len, cap;
    char path[128];
};

typedef struct idx {
    hg_guard guard;
    struct idx_inner *inner;
} idx;

typedef enum { IDX_OK = 0, IDX_ECLOSED = -1, IDX_ENOENT = -2, IDX_ENOMEM = -3 } idx_err;

#define IDX_ENTER_OR_RETURN(h, op, rv)          \
    do {                                        \
        if (!hg_try_enter(&(h)->guard, (op)))   \
            return (rv);                        \
    } while (0)
#define IDX_LEAVE(op) hg_leave(op)

/* helpers: only ever called while entered */
static size_t idx_find(const struct idx_inner *in, uint32_t key)
{
    for (size_t i = 0; i < in->len; i++)
        if (in->keys[i] == key)
            return i;
    return SIZE_MAX;
}

static bool idx_grow(idx *h)
{
    struct idx_inner *in = h->inner;
    size_t cap = in->cap ? in->cap * 2 : 8;
    uint32_t *k = realloc(in->keys, cap * sizeof *k);
    if (!k)
        return false;
    in->keys = k;
    in->cap = cap;
    return true;
}

static bool idx_has(idx *h, uint32_t key)
{
    return idx_find(h->inner, key) != SIZE_MAX;
}

/* Case 1: an alias of the inner pointer, taken and used while entered. */
int idx_insert(idx *h, uint32_t key)
{
    hg_op op;
    if (!hg_try_enter(&h->guard, &op))
        return IDX_ECLOSED;
    struct idx_inner *in = h->inner;
    if (in->len == in->cap && !idx_grow(h)) {
        hg_leave(&op);
        return IDX_ENOMEM;
    }
    in->keys[in->len++] = key;
    hg_leave(&op);
    return IDX_OK;
}

/* Case 2: a derived alias into an inner buffer, used while entered. */
int idx_path_suffix(idx *h, char *dst, size_t n)
{
    hg_op op;
    if (!hg_try_enter(&h->guard, &op))
        return IDX_ECLOSED;
    const char *p = h->inner->path + 4;
    size_t len = strlen(p);
    if (len >= n)
        len = n - 1;
    memcpy(dst, p, len);
    dst[len] = '\0';
    hg_leave(&op);
    return IDX_OK;
}

/* Case 3: a chain of helpers (idx_has -> idx_find) while entered. */
bool idx_contains(idx *h, uint32_t key)
{
    hg_op op;
    if (!hg_try_enter(&h->guard, &op))
        return false;
    bool found = idx_has(h, key);
    hg_leave(&op);
    return found;
}

/* Case 4: enter and leave wrapped in macros. */
int idx_remove(idx *h, uint32_t key)
{
    hg_op op;
    IDX_ENTER_OR_RETURN(h, &op, IDX_ECLOSED);
    size_t i = idx_find(h->inner, key);
    if (i == SIZE_MAX) {
        IDX_LEAVE(&op);
        return IDX_ENOENT;
    }
    h->inner->keys[i] = h->inner->keys[--h->inner->len];
    IDX_LEAVE(&op);
    return IDX_OK;
}

/* Case 5: a callback (address taken) that enters before touching state. */
static size_t idx_cb_size(idx *h)
{
    hg_op op;
    size_t n = 0;
    if (hg_try_enter(&h->guard, &op)) {
        n = h->inner->len;
        hg_leave(&op);
    }
    return n;
}

struct idx_ops {
    size_t (*size)(idx *);
};

const struct idx_ops idx_default_ops = { idx_cb_size };

/* Case 6: an alias re-pointed in a loop while entered; only the value it
 * points at leaves the op. */
int idx_min(idx *h, uint32_t *out)
{
    hg_op op;
    const uint32_t *best = NULL;
    if (!hg_try_enter(&h->guard, &op))
        return IDX_ECLOSED;
    for (size_t i = 0; i < h->inner->len; i++)
        if (!best || h->inner->keys[i] < *best)
            best = &h->inner->keys[i];
    if (!best) {
        hg_leave(&op);
        return IDX_ENOENT;
    }
    *out = *best;
    hg_leave(&op);
    return IDX_OK;
}
