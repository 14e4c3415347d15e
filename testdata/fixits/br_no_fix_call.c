/* borrowed-return of a helper's result: copying it would need to test it
 * for null without calling the helper twice, so there is no fix-it, only a
 * note. */
// NOT-FIXED: handleguard-borrowed-return
// NOTE: the pointer comes from a call
#define _DEFAULT_SOURCE
#include <handleguard.h>

#include <stddef.h>
#include <string.h>

typedef enum { CFG_OK = 0, CFG_ECLOSED = -1, CFG_ENOENT = -2 } cfg_err;

struct cfg_entry {
    char *key;
    char *value;
};

struct cfg_inner {
    struct cfg_entry *entries;
    size_t n;
};

typedef struct config {
    hg_guard guard;
    struct cfg_inner *inner;
} config;

static const char *cfg_lookup(const struct cfg_inner *in, const char *key)
{
    for (size_t i = 0; i < in->n; i++)
        if (strcmp(in->entries[i].key, key) == 0)
            return in->entries[i].value;
    return NULL;
}

int cfg_get(config *c, const char *key, const char **value)
{
    hg_op op;
    if (!hg_try_enter(&c->guard, &op))
        return CFG_ECLOSED;
    *value = cfg_lookup(c->inner, key); // expect-warning: handleguard-borrowed-return
    int rc = *value ? CFG_OK : CFG_ENOENT;
    hg_leave(&op);
    return rc;
}
