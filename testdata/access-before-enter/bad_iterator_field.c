/* access-before-enter through a handle held in a field of a non-handle
 * struct (an iterator's `it->d`): the field is a handle of its own. Testing
 * an alias for null after leaving (`if (hit)`) is not a use; dereferencing
 * it is. */
#include <handleguard.h>

#include <stdbool.h>
#include <stddef.h>

struct rec {
    int key;
    struct rec *next;
};

struct doc_inner {
    struct rec *head;
    size_t n;
};

typedef struct doc {
    hg_guard guard;
    struct doc_inner *in;
} doc;

typedef struct doc_iter {
    doc *d;
    size_t pos;
} doc_iter;

void doc_iter_init(doc_iter *it, doc *d) {
    it->d = d;
    it->pos = 0;
}

size_t doc_iter_remaining(const doc_iter *it) {
    return it->d->in->n - it->pos; // expect-warning: handleguard-access-before-enter
}

bool doc_iter_next(doc_iter *it, int *key) {
    hg_op op;
    struct rec *hit = NULL;
    if (!hg_try_enter(&it->d->guard, &op))
        return false;
    size_t i = 0;
    for (struct rec *r = it->d->in->head; r; r = r->next, i++)
        if (i == it->pos) {
            hit = r;
            break;
        }
    hg_leave(&op);
    if (!hit)
        return false;
    *key = hit->key; // expect-warning: handleguard-access-before-enter
    it->pos++;
    return true;
}

bool doc_iter_peek(doc_iter *it, int *key) {
    hg_op op;
    if (!hg_try_enter(&it->d->guard, &op))
        return false;
    bool found = false;
    size_t i = 0;
    for (struct rec *r = it->d->in->head; r; r = r->next, i++)
        if (i == it->pos) {
            *key = r->key;
            found = true;
            break;
        }
    hg_leave(&op);
    return found;
}

bool doc_iter_rebind(doc_iter *it, doc *other) {
    hg_op op;
    it->d = other;
    if (!hg_try_enter(&other->guard, &op))
        return false;
    bool empty = it->d->in->n == 0;
    hg_leave(&op);
    return empty;
}

/* A call context that holds its own op token: the caller entered it with
 * call_begin and leaves it with call_end, so call_add is quiet. */
struct doc_call {
    doc *d;
    hg_op op;
    bool entered;
};

int call_begin(struct doc_call *c, doc *d) {
    c->d = d;
    c->entered = hg_try_enter(&d->guard, &c->op);
    return c->entered ? 0 : -1;
}

int call_add(struct doc_call *c) {
    if (!c->entered)
        return -1;
    c->d->in->n++;
    return 0;
}

void call_end(struct doc_call *c) {
    if (c->entered)
        hg_leave(&c->op);
    c->entered = false;
}
