/* access-before-enter through an element of a registry of handle pointers
 * (`g_sessions[id]`), used directly rather than through a local: the
 * element is a handle of its own, named by the place. */
#include <handleguard.h>

#include <stddef.h>
#include <stdlib.h>

struct sess_inner {
    int refs;
    size_t bytes;
};

typedef struct sess {
    hg_guard guard;
    struct sess_inner *in;
} sess;

static sess *g_sessions[64];

int sess_register(size_t id) {
    if (id >= 64)
        return -1;
    sess *s = calloc(1, sizeof *s);
    if (!s)
        return -1;
    hg_guard_init(&s->guard);
    s->in = calloc(1, sizeof *s->in);
    g_sessions[id] = s;
    return 0;
}

size_t sess_bytes_racy(size_t id) {
    return g_sessions[id]->in->bytes; // expect-warning: handleguard-access-before-enter
}

size_t sess_bytes(size_t id) {
    hg_op op;
    if (id >= 64 || !g_sessions[id] || !hg_try_enter(&g_sessions[id]->guard, &op))
        return 0;
    size_t n = g_sessions[id]->in->bytes;
    hg_leave(&op);
    return n;
}

int sess_first_refs(void) {
    hg_op op;
    if (!hg_try_enter(&g_sessions[0]->guard, &op))
        return -1;
    int r = g_sessions[0]->in->refs;
    hg_leave(&op);
    return r + g_sessions[0]->in->refs; // expect-warning: handleguard-access-before-enter
}

/* The index moved after entering: another element, not entered. */
int sess_next_refs(sess **tab, size_t i) {
    hg_op op;
    if (!hg_try_enter(&tab[i]->guard, &op))
        return -1;
    i++;
    int r = tab[i]->in->refs; // expect-warning: handleguard-access-before-enter
    hg_leave(&op);
    return r;
}

int sess_sum_refs(sess **tab, size_t n) {
    int total = 0;
    for (size_t i = 0; i < n; i++) {
        hg_op op;
        if (!hg_try_enter(&tab[i]->guard, &op))
            continue;
        total += tab[i]->in->refs;
        hg_leave(&op);
    }
    return total;
}
