/* borrowed-return: the pointer handed out becomes a strdup'd copy: an
 * inline array is copied as it is, a pointer field only when it is not
 * null; through an out-parameter and as a return value of a function that
 * already returns `char *`.  Notes say that the callers now own the copy. */
// FIXED: handleguard-borrowed-return
// NOTE: its callers own it and must free it
#define _DEFAULT_SOURCE
#include <handleguard.h>

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

typedef enum { CFG_OK = 0, CFG_ECLOSED = -1 } cfg_err;

struct cfg_inner {
    char *path;
    char raw[64];
};

typedef struct config {
    hg_guard guard;
    struct cfg_inner *inner;
} config;

int cfg_path(config *c, char **out)
{
    hg_op op;
    if (!hg_try_enter(&c->guard, &op))
        return CFG_ECLOSED;
    *out = c->inner->path; // expect-warning: handleguard-borrowed-return
    hg_leave(&op);
    return CFG_OK;
}

char *cfg_raw(config *c)
{
    hg_op op;
    if (!hg_try_enter(&c->guard, &op))
        return NULL;
    char *raw = c->inner->raw;
    hg_leave(&op);
    return raw; // expect-warning: handleguard-borrowed-return
}
