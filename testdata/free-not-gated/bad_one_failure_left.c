/* free-not-gated: _free functions that rule out only some of begin-free's
 * other results: a second caller (HG_ALREADY_FREEING) or a timed-out winner
 * still reaches the drops. */
#include <handleguard.h>

#include <errno.h>
#include <stdlib.h>

struct ring_state { int *slots; char *name; };
typedef struct ring { hg_guard guard; struct ring_state *st; } ring;

int ring_free_timeout_only(ring *r)
{
    hg_free_result res = hg_begin_free(&r->guard, HG_FREE_DEADLINE_MS);
    if (res == HG_TIMED_OUT)
        return -ETIMEDOUT;
    free(r->st->slots); // expect-warning: handleguard-free-not-gated
    free(r->st); // expect-warning: handleguard-free-not-gated
    return 0;
}

int ring_free_switch_missing_case(ring *r)
{
    switch (hg_begin_free(&r->guard, HG_FREE_DEADLINE_MS)) {
    case HG_ALREADY_FREEING:
        return -EALREADY;
    default:
        break;
    }
    free(r->st); // expect-warning: handleguard-free-not-gated
    return 0;
}
