/* free-not-gated: the result is tested, but inner state is touched or
 * dropped on a path where it is not HG_DRAINED: before the call, after the
 * drained branch joins the others, in the timed-out case of a switch, under
 * a wrong comparison, through an alias taken too early, through a helper. */
#define _DEFAULT_SOURCE
#include <handleguard.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ch_inner {
    void **slots;
    size_t cap;
    bool closing;
    char name[32];
};

typedef struct chan {
    hg_guard guard;
    struct ch_inner *inner;
    unsigned long sends; /* inline inner field */
} chan;

static void ch_destroy(struct ch_inner *in)
{
    free(in->slots);
    free(in);
}

static void ch_wake_all(chan *c)
{
    c->inner->closing = true;
}

/* Case 1: marking the channel closed before begin-free, without an op. */
void ch_free(chan *c)
{
    c->inner->closing = true; // expect-warning: handleguard-free-not-gated
    if (hg_begin_free(&c->guard, HG_FREE_DEADLINE_MS) != HG_DRAINED)
        return;
    ch_destroy(c->inner);
    c->inner = NULL;
}

/* Case 2: the pointer is cleared after the branches join. */
void ch_free_v2(chan *c)
{
    if (hg_begin_free(&c->guard, HG_FREE_DEADLINE_MS) == HG_DRAINED)
        ch_destroy(c->inner);
    c->inner = NULL; // expect-warning: handleguard-free-not-gated
}

/* Case 3: "force" the free when the drain timed out. */
void ch_free_v3(chan *c)
{
    switch (hg_begin_free(&c->guard, HG_FREE_DEADLINE_MS)) {
    case HG_DRAINED:
        ch_destroy(c->inner);
        c->inner = NULL;
        break;
    case HG_TIMED_OUT:
        fprintf(stderr, "chan %p: ops still running, freeing anyway\n", (void *)c);
        ch_destroy(c->inner); // expect-warning: handleguard-free-not-gated
        break;
    case HG_ALREADY_FREEING:
        break;
    }
}

/* Case 4: a wrong comparison lets HG_TIMED_OUT through. */
void ch_free_v4(chan *c)
{
    if (hg_begin_free(&c->guard, HG_FREE_DEADLINE_MS) != HG_ALREADY_FREEING) {
        ch_destroy(c->inner); // expect-warning: handleguard-free-not-gated
        c->inner = NULL; // expect-warning: handleguard-free-not-gated
    }
}

/* Case 5: the result is saved and only HG_ALREADY_FREEING is ruled out. */
int ch_free_v5(chan *c)
{
    hg_free_result r = hg_begin_free(&c->guard, HG_FREE_DEADLINE_MS);
    if (r == HG_ALREADY_FREEING)
        return -1;
    ch_destroy(c->inner); // expect-warning: handleguard-free-not-gated
    return 0;
}

/* Case 6: an alias taken before begin-free is reported where inner state is
 * read; its use in the drained path is fine. */
void ch_free_v6(chan *c)
{
    struct ch_inner *in = c->inner; // expect-warning: handleguard-free-not-gated
    if (hg_begin_free(&c->guard, HG_FREE_DEADLINE_MS) != HG_DRAINED)
        return;
    c->inner = NULL;
    ch_destroy(in);
}

/* Case 7: a helper that touches inner state, called before begin-free. */
void ch_free_v7(chan *c)
{
    ch_wake_all(c); // expect-warning: handleguard-free-not-gated
    if (hg_begin_free(&c->guard, HG_FREE_DEADLINE_MS) == HG_DRAINED) {
        ch_destroy(c->inner);
        c->inner = NULL;
    }
}

/* Case 8: statistics read from inline inner state on the way out. */
unsigned long ch_free_v8(chan *c)
{
    hg_free_result r = hg_begin_free(&c->guard, HG_FREE_DEADLINE_MS);
    unsigned long sends = c->sends; // expect-warning: handleguard-free-not-gated
    if (r == HG_DRAINED) {
        ch_destroy(c->inner);
        c->inner = NULL;
    }
    return sends;
}
