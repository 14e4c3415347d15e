/* borrowed-return: pointers into inner state stored through out-parameters
 * while the op is entered (so no other step is broken): an inner pointer
 * field, an inner array, the address of inner state, pointer arithmetic,
 * a cast, an alias, a helper's result, a field of an out struct, an element
 * of an out array. */
#define _DEFAULT_SOURCE
#include <handleguard.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef enum { CFG_OK = 0, CFG_ECLOSED = -1, CFG_ENOENT = -2, CFG_EINVAL = -3 } cfg_err;

struct cfg_entry {
    char *key;
    char *value;
};

struct cfg_stats {
    unsigned long lookups, misses;
};

struct cfg_inner {
    char *path;
    char raw[4096];
    size_t raw_len;
    struct cfg_entry *entries;
    size_t n;
    struct cfg_stats stats;
};

typedef struct config {
    hg_guard guard;
    struct cfg_inner *inner;
} config;

struct cfg_info {
    const char *path;
    size_t entries;
};

static const char *cfg_lookup(const struct cfg_inner *in, const char *key)
{
    for (size_t i = 0; i < in->n; i++)
        if (strcmp(in->entries[i].key, key) == 0)
            return in->entries[i].value;
    return NULL;
}

/* Case 1: an inner pointer field. */
int cfg_path(config *c, const char **out)
{
    hg_op op;
    if (!hg_try_enter(&c->guard, &op))
        return CFG_ECLOSED;
    *out = c->inner->path; // expect-warning: handleguard-borrowed-return
    hg_leave(&op);
    return CFG_OK;
}

/* Case 2: an inner array (decays to a pointer into the inner object). */
int cfg_raw(config *c, const char **out, size_t *len)
{
    hg_op op;
    if (!hg_try_enter(&c->guard, &op))
        return CFG_ECLOSED;
    *out = c->inner->raw; // expect-warning: handleguard-borrowed-return
    *len = c->inner->raw_len;
    hg_leave(&op);
    return CFG_OK;
}

/* Case 3: the address of an inner struct. */
int cfg_stats(config *c, const struct cfg_stats **out)
{
    hg_op op;
    if (!hg_try_enter(&c->guard, &op))
        return CFG_ECLOSED;
    *out = &c->inner->stats; // expect-warning: handleguard-borrowed-return
    hg_leave(&op);
    return CFG_OK;
}

/* Case 4: pointer arithmetic on an inner buffer. */
int cfg_raw_tail(config *c, size_t skip, const char **out)
{
    hg_op op;
    if (!hg_try_enter(&c->guard, &op))
        return CFG_ECLOSED;
    if (skip > c->inner->raw_len) {
        hg_leave(&op);
        return CFG_EINVAL;
    }
    *out = c->inner->raw + skip; // expect-warning: handleguard-borrowed-return
    hg_leave(&op);
    return CFG_OK;
}

/* Case 5: a cast does not make a copy. */
int cfg_entries(config *c, const void **out, size_t *n)
{
    hg_op op;
    if (!hg_try_enter(&c->guard, &op))
        return CFG_ECLOSED;
    *n = c->inner->n;
    *out = (const void *)c->inner->entries; // expect-warning: handleguard-borrowed-return
    hg_leave(&op);
    return CFG_OK;
}

/* Case 6: an alias of inner state, stored while entered. */
int cfg_first_key(config *c, const char **out)
{
    hg_op op;
    if (!hg_try_enter(&c->guard, &op))
        return CFG_ECLOSED;
    if (c->inner->n == 0) {
        hg_leave(&op);
        return CFG_ENOENT;
    }
    const struct cfg_entry *e = &c->inner->entries[0];
    *out = e->key; // expect-warning: handleguard-borrowed-return
    hg_leave(&op);
    return CFG_OK;
}

/* Case 7: a helper that returns a pointer into inner state. */
int cfg_get(config *c, const char *key, const char **value)
{
    hg_op op;
    if (!hg_try_enter(&c->guard, &op))
        return CFG_ECLOSED;
    c->inner->stats.lookups++;
    *value = cfg_lookup(c->inner, key); // expect-warning: handleguard-borrowed-return
    int rc = *value ? CFG_OK : CFG_ENOENT;
    hg_leave(&op);
    return rc;
}

/* Case 8: a field of an out struct. */
int cfg_info(config *c, struct cfg_info *info)
{
    hg_op op;
    if (!hg_try_enter(&c->guard, &op))
        return CFG_ECLOSED;
    info->path = c->inner->path; // expect-warning: handleguard-borrowed-return
    info->entries = c->inner->n;
    hg_leave(&op);
    return CFG_OK;
}

/* Case 9: elements of a caller-provided array. */
int cfg_keys(config *c, const char **keys, size_t cap, size_t *n)
{
    hg_op op;
    if (!hg_try_enter(&c->guard, &op))
        return CFG_ECLOSED;
    size_t i;
    for (i = 0; i < c->inner->n && i < cap; i++)
        keys[i] = c->inner->entries[i].key; // expect-warning: handleguard-borrowed-return
    *n = i;
    hg_leave(&op);
    return CFG_OK;
}
