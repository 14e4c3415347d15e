/* access-before-enter in conditions and defensive checks: a NULL test of the
 * inner pointer before entering, an assert on inner state, an inner value
 * returned from the failed-enter branch, an inner read in the same
 * condition as the enter but evaluated first. */
#define _DEFAULT_SOURCE
#include <handleguard.h>

#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct fs_inner {
    int root_fd;
    unsigned open_files;
    unsigned syncs;
    int closed_errno;
    bool read_only;
};

typedef struct fsys {
    hg_guard guard;
    struct fs_inner *inner;
} fsys;

enum { FS_OK = 0, FS_ECLOSED = -1, FS_EROFS = -2, FS_EINVAL = -3 };

/* Case 1: a "defensive" NULL check of the inner pointer before entering
 * (the handle pointer itself may be tested freely). */
int fs_root(fsys *fs, int *fd)
{
    hg_op op;
    if (!fs || !fs->inner) // expect-warning: handleguard-access-before-enter
        return FS_EINVAL;
    if (!hg_try_enter(&fs->guard, &op))
        return FS_ECLOSED;
    *fd = fs->inner->root_fd;
    hg_leave(&op);
    return FS_OK;
}

/* Case 2: an assert on inner state before entering. */
unsigned fs_open_files(fsys *fs)
{
    hg_op op;
    assert(fs->inner->root_fd >= 0); // expect-warning: handleguard-access-before-enter
    if (!hg_try_enter(&fs->guard, &op))
        return 0;
    unsigned n = fs->inner->open_files;
    hg_leave(&op);
    return n;
}

/* Case 3: the failed-enter branch returns an error code kept in inner
 * state. */
int fs_sync(fsys *fs)
{
    hg_op op;
    if (!hg_try_enter(&fs->guard, &op))
        return -fs->inner->closed_errno; // expect-warning: handleguard-access-before-enter
    fs->inner->syncs++;
    hg_leave(&op);
    return FS_OK;
}

/* Case 4: the inner read is the left operand, evaluated before the enter. */
int fs_mkdir(fsys *fs, const char *path)
{
    hg_op op;
    if (!path || !*path)
        return FS_EINVAL;
    if (fs->inner->read_only || !hg_try_enter(&fs->guard, &op)) // expect-warning: handleguard-access-before-enter
        return FS_EROFS;
    fs->inner->open_files++;
    hg_leave(&op);
    return FS_OK;
}
