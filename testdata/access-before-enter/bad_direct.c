/* access-before-enter: direct inner accesses on paths with no successful
 * enter: before the enter, after a failed enter, after hg_leave, through
 * (*h), and in an op on a const handle that never enters. */
#define _DEFAULT_SOURCE
#include <handleguard.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef enum {
    MT_OK = 0,
    MT_ECLOSED = -1,
    MT_EINVAL = -2,
    MT_ENOMEM = -3,
} mt_err;

struct mt_inner {
    uint64_t *samples;
    size_t len, cap;
    char name[32];
};

typedef struct mt {
    hg_guard guard;
    struct mt_inner *inner;
    uint64_t rejected; /* inline inner field */
} mt;

mt *mt_open(const char *name)
{
    mt *h = calloc(1, sizeof *h);
    if (!h)
        return NULL;
    hg_guard_init(&h->guard);
    h->inner = calloc(1, sizeof *h->inner);
    if (!h->inner) {
        free(h);
        return NULL;
    }
    strncpy(h->inner->name, name, sizeof h->inner->name - 1);
    return h;
}

void mt_free(mt *h)
{
    if (!h)
        return;
    if (hg_begin_free(&h->guard, HG_FREE_DEADLINE_MS) != HG_DRAINED)
        return;
    free(h->inner->samples);
    free(h->inner);
    h->inner = NULL;
}

/* Case 1: a capacity check reads inner state before entering. */
int mt_add(mt *h, uint64_t v)
{
    hg_op op;
    if (h->inner->len == SIZE_MAX) // expect-warning: handleguard-access-before-enter
        return MT_EINVAL;
    if (!hg_try_enter(&h->guard, &op))
        return MT_ECLOSED;
    struct mt_inner *in = h->inner;
    if (in->len == in->cap) {
        size_t cap = in->cap ? in->cap * 2 : 16;
        uint64_t *s = realloc(in->samples, cap * sizeof *s);
        if (!s) {
            hg_leave(&op);
            return MT_ENOMEM;
        }
        in->samples = s;
        in->cap = cap;
    }
    in->samples[in->len++] = v;
    hg_leave(&op);
    return MT_OK;
}

/* Case 2: the failed-enter path counts the rejection in an inline field. */
int mt_sum(mt *h, uint64_t *out)
{
    hg_op op;
    if (!hg_try_enter(&h->guard, &op)) {
        h->rejected++; // expect-warning: handleguard-access-before-enter
        return MT_ECLOSED;
    }
    uint64_t s = 0;
    for (size_t i = 0; i < h->inner->len; i++)
        s += h->inner->samples[i];
    hg_leave(&op);
    *out = s;
    return MT_OK;
}

/* Case 3: the samples are cleared after leaving. */
int mt_reset(mt *h)
{
    hg_op op;
    if (!hg_try_enter(&h->guard, &op))
        return MT_ECLOSED;
    size_t n = h->inner->len;
    h->inner->len = 0;
    hg_leave(&op);
    memset(h->inner->samples, 0, n * sizeof(uint64_t)); // expect-warning: handleguard-access-before-enter
    return MT_OK;
}

/* Case 4: (*h).inner is the same access as h->inner. */
int mt_rename(mt *h, const char *name)
{
    hg_op op;
    if (!name || strlen(name) >= sizeof((*h).inner->name))
        return MT_EINVAL;
    strcpy((*h).inner->name, name); // expect-warning: handleguard-access-before-enter
    if (!hg_try_enter(&h->guard, &op))
        return MT_ECLOSED;
    h->inner->len = 0;
    hg_leave(&op);
    return MT_OK;
}

/* Case 5: a const handle cannot be entered; reading it is never safe. */
size_t mt_len(const mt *h)
{
    return h->inner->len; // expect-warning: handleguard-access-before-enter
}

/* Case 6: the handle is the last parameter. */
int mt_copy_name(char *dst, size_t n, mt *h)
{
    hg_op op;
    size_t need = strlen(h->inner->name) + 1; // expect-warning: handleguard-access-before-enter
    if (need > n)
        return MT_EINVAL;
    if (!hg_try_enter(&h->guard, &op))
        return MT_ECLOSED;
    memcpy(dst, h->inner->name, need);
    hg_leave(&op);
    return MT_OK;
}
