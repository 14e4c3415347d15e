/* borrowed-return in ops that copy an inner pointer into a local while
 * entered and hand it out after leaving.  Returning or storing the alias's
 * value reads no inner state (only a dereference would), so the one root
 * cause gives one diagnostic: borrowed-return, not also access-before-enter. */
#define _DEFAULT_SOURCE
#include <handleguard.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef enum { PR_OK = 0, PR_ECLOSED = -1, PR_ENOENT = -2 } pr_err;

struct pr_inner {
    char *name;
    char version[16];
    char **tags;
    size_t ntags;
};

typedef struct project {
    hg_guard guard;
    struct pr_inner *inner;
} project;

/* Case 1: the textbook bug: copy the pointer, leave, return it. */
const char *pr_name(project *p)
{
    hg_op op;
    if (!hg_try_enter(&p->guard, &op))
        return NULL;
    const char *name = p->inner->name;
    hg_leave(&op);
    return name; // expect-warning: handleguard-borrowed-return
}

/* Case 2: an inline array of the inner object, returned after leaving. */
const char *pr_version(project *p)
{
    hg_op op;
    const char *v;
    if (!hg_try_enter(&p->guard, &op))
        return NULL;
    v = p->inner->version;
    hg_leave(&op);
    return v; // expect-warning: handleguard-borrowed-return
}

/* Case 3: stored through an out-parameter after leaving. */
int pr_tag(project *p, size_t i, const char **out)
{
    hg_op op;
    if (!hg_try_enter(&p->guard, &op))
        return PR_ECLOSED;
    if (i >= p->inner->ntags) {
        hg_leave(&op);
        return PR_ENOENT;
    }
    const char *tag = p->inner->tags[i];
    hg_leave(&op);
    *out = tag; // expect-warning: handleguard-borrowed-return
    return PR_OK;
}
