/* guard-not-inline: handle structs that hold their guard by pointer.  The
 * guard then lives in memory that can be freed independently of the box.
 * Reported at the field; the ops below use the guard correctly otherwise
 * (uses of the guard pointer are not inner accesses). */
#define _DEFAULT_SOURCE
#include <handleguard.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- Case 1: a plain pointer field. */
struct vec_inner {
    double *data;
    size_t len;
};

typedef struct vec {
    hg_guard *guard; // expect-warning: handleguard-guard-not-inline
    struct vec_inner *inner;
} vec;

int vec_push(vec *v, double x)
{
    hg_op op;
    if (!hg_try_enter(v->guard, &op))
        return -1;
    double *d = realloc(v->inner->data, (v->inner->len + 1) * sizeof *d);
    if (!d) {
        hg_leave(&op);
        return -2;
    }
    d[v->inner->len++] = x;
    v->inner->data = d;
    hg_leave(&op);
    return 0;
}

void vec_free(vec *v)
{
    if (hg_begin_free(v->guard, HG_FREE_DEADLINE_MS) != HG_DRAINED)
        return;
    free(v->inner->data);
    free(v->inner);
    v->inner = NULL;
}

/* ---- Case 2: an anonymous struct behind a typedef, guard not first. */
typedef struct {
    char name[32];
    hg_guard *g; // expect-warning: handleguard-guard-not-inline
    unsigned long refs;
} tag_t;

int tag_rename(tag_t *t, const char *name)
{
    hg_op op;
    if (strlen(name) >= sizeof t->name)
        return -2;
    if (!hg_try_enter(t->g, &op))
        return -1;
    strcpy(t->name, name);
    hg_leave(&op);
    return 0;
}

/* ---- Case 3: marked HG_HANDLE, guard shared with a parent by pointer. */
struct HG_HANDLE cursor {
    hg_guard *parent_guard; // expect-warning: handleguard-guard-not-inline
    size_t pos;
    size_t end;
};

bool cursor_next(struct cursor *c, size_t *pos)
{
    hg_op op;
    if (!hg_try_enter(c->parent_guard, &op))
        return false;
    bool more = c->pos < c->end;
    if (more)
        *pos = c->pos++;
    hg_leave(&op);
    return more;
}

/* ---- Case 4: the pointer hidden behind a typedef. */
typedef hg_guard *guard_ref;

struct blob_inner {
    unsigned char *bytes;
    size_t n;
};

struct blob {
    struct blob_inner *inner;
    guard_ref guard; // expect-warning: handleguard-guard-not-inline
};

size_t blob_size(struct blob *b)
{
    hg_op op;
    size_t n = 0;
    if (hg_try_enter(b->guard, &op)) {
        n = b->inner->n;
        hg_leave(&op);
    }
    return n;
}

/* ---- Case 5: the guard pointer allocated in _open; uses of &*g and the
 * pointer itself are not inner accesses. */
struct meter_inner {
    uint64_t total;
};

typedef struct meter {
    struct meter_inner *inner;
    hg_guard *guard; // expect-warning: handleguard-guard-not-inline
} meter;

meter *meter_open(void)
{
    meter *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->guard = malloc(sizeof *m->guard);
    m->inner = calloc(1, sizeof *m->inner);
    if (!m->guard || !m->inner) {
        free(m->guard);
        free(m->inner);
        free(m);
        return NULL;
    }
    hg_guard_init(m->guard);
    return m;
}

bool meter_closing(meter *m)
{
    return m->guard != NULL && hg_is_freeing(m->guard);
}

int meter_add(meter *m, uint64_t d)
{
    hg_op op;
    if (!hg_try_enter(m->guard, &op))
        return -1;
    m->inner->total += d;
    hg_leave(&op);
    return 0;
}
