/* free-not-gated: _free functions that rule out each of begin-free's other
 * results one by one (switch with a default, chained tests) reach the drops
 * only on the drained path, so they must stay quiet. */
// expect-no-diagnostics
#include <handleguard.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

struct ring_state { int *slots; char *name; };
typedef struct ring { hg_guard guard; struct ring_state *st; } ring;

static void ring_state_destroy(struct ring_state *st)
{
    free(st->slots);
    free(st->name);
    free(st);
}

int ring_free_switch_default(ring *r)
{
    switch (hg_begin_free(&r->guard, HG_FREE_DEADLINE_MS)) {
    case HG_TIMED_OUT:
        fprintf(stderr, "ring: ops still running, leaking its state\n");
        return -ETIMEDOUT;
    case HG_ALREADY_FREEING:
        return -EALREADY;
    default:
        break;
    }
    ring_state_destroy(r->st);
    r->st = NULL;
    return 0;
}

int ring_free_chained(ring *r)
{
    hg_free_result res = hg_begin_free(&r->guard, HG_FREE_DEADLINE_MS);
    if (res == HG_ALREADY_FREEING)
        return -EALREADY;
    if (res == HG_TIMED_OUT)
        return -ETIMEDOUT;
    free(r->st->slots);
    free(r->st->name);
    free(r->st);
    return 0;
}

int ring_free_or(ring *r)
{
    hg_free_result res = hg_begin_free(&r->guard, HG_FREE_DEADLINE_MS);
    if (res == HG_TIMED_OUT || res == HG_ALREADY_FREEING)
        return -1;
    ring_state_destroy(r->st);
    return 0;
}
