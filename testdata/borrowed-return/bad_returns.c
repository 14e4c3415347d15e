/* borrowed-return at `return`: exported functions that reach a handle
 * through a global or a lookup (they take no handle parameter, so they are
 * not ops and access-before-enter does not judge them) enter correctly and
 * then return a pointer into inner state; and an op that reads the inner
 * pointer after leaving (two root causes, two checks). */
#define _DEFAULT_SOURCE
#include <handleguard.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct user {
    int id;
    char *name;
    char email[64];
};

struct dir_inner {
    struct user *users;
    size_t n;
    char *realm;
};

typedef struct directory {
    hg_guard guard;
    struct dir_inner *inner;
} directory;

/* Defined elsewhere: the process-wide directory registry. */
directory *directory_lookup(const char *realm);

static directory *g_default_dir;

static const struct user *dir_find(const struct dir_inner *in, int id)
{
    for (size_t i = 0; i < in->n; i++)
        if (in->users[i].id == id)
            return &in->users[i];
    return NULL;
}

void dir_set_default(directory *d)
{
    g_default_dir = d;
}

/* Case 1: the default directory's realm, returned after leaving. */
const char *dir_default_realm(void)
{
    hg_op op;
    directory *d = g_default_dir;
    if (!d || !hg_try_enter(&d->guard, &op))
        return NULL;
    const char *realm = d->inner->realm;
    hg_leave(&op);
    return realm; // expect-warning: handleguard-borrowed-return
}

/* Case 2: a looked-up directory; an inline array inside an inner element. */
const char *dir_email_in(const char *realm, int id)
{
    hg_op op;
    directory *d = directory_lookup(realm);
    if (!d || !hg_try_enter(&d->guard, &op))
        return NULL;
    const char *email = NULL;
    for (size_t i = 0; i < d->inner->n; i++)
        if (d->inner->users[i].id == id)
            email = d->inner->users[i].email;
    hg_leave(&op);
    return email; // expect-warning: handleguard-borrowed-return
}

/* Case 3: a helper's result that points into inner state. */
const struct user *dir_default_user(int id)
{
    hg_op op;
    directory *d = g_default_dir;
    if (!d || !hg_try_enter(&d->guard, &op))
        return NULL;
    const struct user *u = dir_find(d->inner, id);
    hg_leave(&op);
    return u; // expect-warning: handleguard-borrowed-return
}

/* Case 4: an op returns the inner pointer it reads after leaving: the read
 * is an access after leave, the return hands out a borrow. */
const char *dir_realm(directory *d)
{
    hg_op op;
    if (!hg_try_enter(&d->guard, &op))
        return NULL;
    size_t n = d->inner->n;
    hg_leave(&op);
    if (n == 0)
        return NULL;
    return d->inner->realm; // expect-warning: handleguard-borrowed-return, handleguard-access-before-enter
}

/* Case 5: pointer arithmetic on an inner array, through a lookup. */
const struct user *dir_last_user_in(const char *realm)
{
    hg_op op;
    directory *d = directory_lookup(realm);
    if (!d || !hg_try_enter(&d->guard, &op))
        return NULL;
    const struct user *last = d->inner->n ? d->inner->users + (d->inner->n - 1) : NULL;
    hg_leave(&op);
    return last; // expect-warning: handleguard-borrowed-return
}
