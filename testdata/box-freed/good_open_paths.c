/* box-freed must stay quiet: the function that allocated a handle frees it
 * on its own error paths before handing it out (early returns, goto
 * cleanup, through a static destroy helper only ever given fresh handles,
 * after realloc of the fresh box, after the runtime's hg_guard_init, after
 * static init helpers and libc calls on its fields). */
// expect-no-diagnostics
#define _DEFAULT_SOURCE
#include <handleguard.h>

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct db_inner {
    char *path;
    int fd;
};

typedef struct db {
    hg_guard guard;
    pthread_mutex_t lock;
    struct db_inner *inner;
    size_t ncols;
    char cols[][16]; /* flexible array, part of the box */
} db;

static void db_discard(db *d)
{
    if (d->inner)
        free(d->inner->path);
    free(d->inner);
    free(d);
}

static int db_init_inner(db *d, const char *path)
{
    d->inner = calloc(1, sizeof *d->inner);
    if (!d->inner)
        return -1;
    d->inner->path = strdup(path);
    if (!d->inner->path)
        return -1;
    d->inner->fd = -1;
    return 0;
}

/* Case 1: early-return error paths of _open. */
db *db_open(const char *path)
{
    db *d = malloc(sizeof *d);
    if (!d)
        return NULL;
    hg_guard_init(&d->guard);
    d->ncols = 0;
    d->inner = calloc(1, sizeof *d->inner);
    if (!d->inner) {
        free(d);
        return NULL;
    }
    d->inner->path = strdup(path);
    if (!d->inner->path) {
        free(d->inner);
        free(d);
        return NULL;
    }
    d->inner->fd = -1;
    return d;
}

/* Case 2: goto cleanup in _open; a libc call on a field of the box
 * (pthread_mutex_init(&d->lock)) does not hand the box out. */
db *db_open_locked(const char *path)
{
    db *d = calloc(1, sizeof *d);
    if (!d)
        goto fail;
    hg_guard_init(&d->guard);
    if (pthread_mutex_init(&d->lock, NULL) != 0)
        goto fail_box;
    if (db_init_inner(d, path) != 0)
        goto fail_inner;
    return d;
fail_inner:
    if (d->inner)
        free(d->inner->path);
    free(d->inner);
    pthread_mutex_destroy(&d->lock);
fail_box:
    free(d);
fail:
    return NULL;
}

/* Case 3: a static destroy helper that frees the box, called only with a
 * fresh handle. */
db *db_open_checked(const char *path)
{
    db *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    hg_guard_init(&d->guard);
    if (db_init_inner(d, path) != 0) {
        db_discard(d);
        return NULL;
    }
    return d;
}

/* Case 4: realloc of the fresh box to add columns before handing it out. */
db *db_open_with_columns(const char *path, const char *const *cols, size_t n)
{
    db *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    db *bigger = realloc(d, sizeof *d + n * sizeof d->cols[0]);
    if (!bigger) {
        free(d);
        return NULL;
    }
    d = bigger;
    hg_guard_init(&d->guard);
    d->ncols = n;
    for (size_t i = 0; i < n; i++) {
        strncpy(d->cols[i], cols[i], sizeof d->cols[i] - 1);
        d->cols[i][sizeof d->cols[i] - 1] = '\0';
    }
    if (db_init_inner(d, path) != 0) {
        db_discard(d);
        return NULL;
    }
    return d;
}

/* Case 5: an out-parameter variant that frees before storing. */
int db_create(const char *path, db **out)
{
    db *d = calloc(1, sizeof *d);
    if (!d)
        return -1;
    hg_guard_init(&d->guard);
    if (db_init_inner(d, path) != 0) {
        db_discard(d);
        return -1;
    }
    *out = d;
    return 0;
}

/* Case 6: the _free function drops only the inner state and leaks the box. */
void db_free(db *d)
{
    if (!d)
        return;
    if (hg_begin_free(&d->guard, HG_FREE_DEADLINE_MS) != HG_DRAINED)
        return;
    free(d->inner->path);
    free(d->inner);
    d->inner = NULL;
    /* the box is never freed */
}
