/* borrowed-return from a function returning `const char *`: the copy is
 * made where the pointer is read (while entered); a note says to make the
 * return type `char *`, so that callers can free the copy without a cast. */
// FIXED: handleguard-borrowed-return
// NOTE: make the return type 'char *'
#define _DEFAULT_SOURCE
#include <handleguard.h>

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

struct pr_inner {
    char *name;
};

typedef struct project {
    hg_guard guard;
    struct pr_inner *inner;
} project;

const char *pr_name(project *p)
{
    hg_op op;
    if (!hg_try_enter(&p->guard, &op))
        return NULL;
    const char *name = p->inner->name ? strdup(p->inner->name) : NULL;
    hg_leave(&op);
    return name; // expect-warning: handleguard-borrowed-return
}
