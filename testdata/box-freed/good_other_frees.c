/* box-freed must stay quiet: deallocations of things that are not handle
 * boxes: inner state in the drained branch, inner buffers replaced while
 * entered, request objects, an array of handle pointers, a wrapper struct
 * that only points at a handle, a fresh clone freed on its error path. */
// expect-no-diagnostics
#define _DEFAULT_SOURCE
#include <handleguard.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef enum { PX_OK = 0, PX_ECLOSED = -1, PX_ENOMEM = -2 } px_err;

struct px_inner {
    uint8_t *frame;
    size_t frame_len;
    char *title;
};

typedef struct pixmap {
    hg_guard guard;
    struct px_inner *inner;
} pixmap;

/* A request object: not a handle (no guard, never points at one). */
struct px_request {
    char *title;
    size_t len;
};

/* A caller-side batch: points at handles, is not one (the handle type it
 * points at is taken by exported functions itself). */
struct px_batch {
    pixmap **items;
    size_t n;
};

/* Case 1: replacing an inner buffer while entered frees the old buffer. */
int px_resize(pixmap *p, size_t len)
{
    hg_op op;
    uint8_t *nf = calloc(1, len);
    if (!nf)
        return PX_ENOMEM;
    if (!hg_try_enter(&p->guard, &op)) {
        free(nf);
        return PX_ECLOSED;
    }
    uint8_t *old = p->inner->frame;
    p->inner->frame = nf;
    p->inner->frame_len = len;
    free(old);
    hg_leave(&op);
    return PX_OK;
}

/* Case 2: a request object consumed by the op. */
int px_apply(pixmap *p, struct px_request *req)
{
    hg_op op;
    if (!hg_try_enter(&p->guard, &op)) {
        free(req->title);
        free(req);
        return PX_ECLOSED;
    }
    free(p->inner->title);
    p->inner->title = req->title;
    hg_leave(&op);
    free(req);
    return PX_OK;
}

/* Case 3: freeing the array that holds handle pointers, not the handles. */
void px_batch_release(struct px_batch *b)
{
    free(b->items);
    b->items = NULL;
    b->n = 0;
}

/* Case 4: freeing the wrapper struct itself. */
void px_batch_destroy(struct px_batch *b)
{
    px_batch_release(b);
    free(b);
}

/* Case 5: a clone op frees its fresh result when the source is closing. */
pixmap *px_clone(pixmap *src)
{
    hg_op op;
    pixmap *dst = calloc(1, sizeof *dst);
    if (!dst)
        return NULL;
    hg_guard_init(&dst->guard);
    dst->inner = calloc(1, sizeof *dst->inner);
    if (!dst->inner) {
        free(dst);
        return NULL;
    }
    if (!hg_try_enter(&src->guard, &op)) {
        free(dst->inner);
        free(dst);
        return NULL;
    }
    dst->inner->frame = malloc(src->inner->frame_len);
    if (dst->inner->frame) {
        memcpy(dst->inner->frame, src->inner->frame, src->inner->frame_len);
        dst->inner->frame_len = src->inner->frame_len;
    }
    hg_leave(&op);
    return dst;
}

/* Case 6: the _free drops the inner state in the drained branch only. */
void px_free(pixmap *p)
{
    hg_free_result r = hg_begin_free(&p->guard, HG_FREE_DEADLINE_MS);
    if (r != HG_DRAINED)
        return;
    free(p->inner->frame);
    free(p->inner->title);
    free(p->inner);
    p->inner = NULL;
}
