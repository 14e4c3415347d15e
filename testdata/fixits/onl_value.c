/* op-not-left at returns whose value reads inner state: the value is
 * copied into a local first, then the op leaves, then the copy is
 * returned; at the end of the body without a block of its own. */
// FIXED: handleguard-op-not-left
#include <handleguard.h>

#include <stddef.h>

struct st_inner {
    double sum;
    unsigned long n;
};

typedef struct stats {
    hg_guard guard;
    struct st_inner *inner;
} stats;

double st_mean(stats *s)
{
    hg_op op;
    if (!hg_try_enter(&s->guard, &op))
        return 0.0;
    if (s->inner->n > 0) return s->inner->sum / (double)s->inner->n; // expect-warning: handleguard-op-not-left
    return s->inner->sum; // expect-warning: handleguard-op-not-left
}
