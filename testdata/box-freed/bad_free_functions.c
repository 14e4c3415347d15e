/* box-freed: _free functions that deallocate the handle box itself, even
 * inside the drained branch (the box must be leaked: a late hg_try_enter
 * would land on freed memory).  Several small handle types, one per case. */
#define _DEFAULT_SOURCE
#include <handleguard.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- Case 1: the classic: free(h) right after dropping the inner state. */
struct buf_inner {
    char *data;
    size_t len;
};

typedef struct buf {
    hg_guard guard;
    struct buf_inner *inner;
} buf;

void buf_free(buf *b)
{
    if (!b)
        return;
    if (hg_begin_free(&b->guard, HG_FREE_DEADLINE_MS) != HG_DRAINED)
        return;
    free(b->inner->data);
    free(b->inner);
    free(b); // expect-warning: handleguard-box-freed
}

/* ---- Case 2: a typedef'd opaque handle, freed through a cast. */
struct tok_inner {
    char **tokens;
    size_t n;
};

struct tokenizer {
    hg_guard guard;
    struct tok_inner *inner;
};

typedef struct tokenizer *tok_handle;

void tok_free(tok_handle t)
{
    if (hg_begin_free(&t->guard, HG_FREE_DEADLINE_MS) == HG_DRAINED) {
        for (size_t i = 0; i < t->inner->n; i++)
            free(t->inner->tokens[i]);
        free(t->inner->tokens);
        free(t->inner);
        free((void *)t); // expect-warning: handleguard-box-freed
    }
}

/* ---- Case 3: a local copy of the handle is freed. */
struct img_inner {
    unsigned char *pixels;
    int w, h;
};

typedef struct image {
    hg_guard guard;
    struct img_inner *inner;
} image;

void img_free(image *img)
{
    image *self = img;
    switch (hg_begin_free(&self->guard, HG_FREE_DEADLINE_MS)) {
    case HG_DRAINED:
        free(self->inner->pixels);
        free(self->inner);
        free(self); // expect-warning: handleguard-box-freed
        break;
    case HG_ALREADY_FREEING:
    case HG_TIMED_OUT:
        break;
    }
}

/* ---- Case 4: a static destroy helper frees its handle parameter; one of
 * its call sites (the _free) passes a handle that was handed out, so it is
 * reported in the helper. */
struct doc_inner {
    char *text;
};

typedef struct doc {
    hg_guard guard;
    struct doc_inner *inner;
} doc;

static void doc_destroy(doc *d)
{
    if (d->inner)
        free(d->inner->text);
    free(d->inner);
    free(d); // expect-warning: handleguard-box-freed
}

doc *doc_open(const char *text)
{
    doc *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    hg_guard_init(&d->guard);
    d->inner = calloc(1, sizeof *d->inner);
    if (!d->inner || !(d->inner->text = strdup(text))) {
        doc_destroy(d);
        return NULL;
    }
    return d;
}

void doc_free(doc *d)
{
    if (hg_begin_free(&d->guard, HG_FREE_DEADLINE_MS) == HG_DRAINED)
        doc_destroy(d);
}

/* ---- Case 5: an HG_HANDLE struct with inline inner state, freed whole. */
typedef struct HG_HANDLE timer {
    hg_guard guard;
    uint64_t deadline;
    int armed;
} timer;

void timer_free(timer *t)
{
    if (hg_begin_free(&t->guard, 0) != HG_DRAINED)
        return;
    t->armed = 0;
    free(t); // expect-warning: handleguard-box-freed
}
