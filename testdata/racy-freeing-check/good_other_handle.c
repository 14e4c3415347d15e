/* racy-freeing-check must stay quiet: hg_is_freeing() of one handle read
 * while another handle's op is entered (the accesses are guarded by that
 * op), an answer handed back through an out-parameter, and a check inside
 * a helper called by an entered op. */
// expect-no-diagnostics
#define _DEFAULT_SOURCE
#include <handleguard.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct grp_inner {
    size_t members;
    bool parent_gone;
};

typedef struct group {
    hg_guard guard;
    struct grp_inner *inner;
} group;

static bool grp_closing(const group *g)
{
    return hg_is_freeing(&g->guard);
}

/* Case 9: the parent's state is checked while the child's op is entered. */
int grp_sync_parent(group *child, group *parent)
{
    hg_op op;
    if (!hg_try_enter(&child->guard, &op))
        return -1;
    if (hg_is_freeing(&parent->guard))
        child->inner->parent_gone = true;
    hg_leave(&op);
    return 0;
}

/* Case 10: the answer goes back through an out-parameter. */
int grp_members(group *g, size_t *n, bool *closing)
{
    hg_op op;
    *closing = hg_is_freeing(&g->guard);
    if (!hg_try_enter(&g->guard, &op))
        return -1;
    *n = g->inner->members;
    hg_leave(&op);
    return 0;
}

/* Case 11: a helper that checks, called inside an entered op. */
int grp_join(group *g)
{
    hg_op op;
    if (!hg_try_enter(&g->guard, &op))
        return -1;
    if (!grp_closing(g))
        g->inner->members++;
    hg_leave(&op);
    return 0;
}
