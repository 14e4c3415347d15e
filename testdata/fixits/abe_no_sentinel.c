/* access-before-enter in an int op whose shutting-down value cannot be
 * known (no option, no other op, no enumeration): no fix-it, a note asks
 * for the ShuttingDownValue option. */
// NOT-FIXED: handleguard-access-before-enter
// NOTE: set handleguard.ShuttingDownValue
#include <handleguard.h>

struct ctr_inner {
    int n;
};

typedef struct ctr {
    hg_guard guard;
    struct ctr_inner *inner;
} ctr;

int ctr_get(ctr *c)
{
    return c->inner->n; // expect-warning: handleguard-access-before-enter
}
