/* access-before-enter must stay quiet: construction in _open (a fresh handle,
 * including through a static init helper and on its error paths), the free
 * function (judged by free-not-gated instead), loops that enter per round,
 * a switch whose every accessing case enters, goto cleanup, correlated
 * branches on a saved enter result, and a clone built from an entered
 * source. */
// expect-no-diagnostics
#define _DEFAULT_SOURCE
#include <handleguard.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef enum {
    TBL_OK = 0,
    TBL_ECLOSED = -1,
    TBL_EINVAL = -2,
    TBL_ENOMEM = -3,
} tbl_err;

enum tbl_cmd { TBL_CMD_CLEAR, TBL_CMD_SHRINK, TBL_CMD_NOP };

struct tbl_inner {
    double *cells;
    size_t rows, cols;
};

typedef struct tbl {
    hg_guard guard;
    struct tbl_inner *inner;
    unsigned version; /* inline inner field */
} tbl;

static int tbl_init(tbl *t, size_t rows, size_t cols)
{
    t->inner = calloc(1, sizeof *t->inner);
    if (!t->inner)
        return TBL_ENOMEM;
    t->inner->cells = calloc(rows * cols, sizeof(double));
    if (!t->inner->cells) {
        free(t->inner);
        t->inner = NULL;
        return TBL_ENOMEM;
    }
    t->inner->rows = rows;
    t->inner->cols = cols;
    return TBL_OK;
}

/* Case 1: construction of a fresh handle is not an op access. */
tbl *tbl_open(size_t rows, size_t cols)
{
    if (rows == 0 || cols == 0)
        return NULL;
    tbl *t = malloc(sizeof *t);
    if (!t)
        return NULL;
    hg_guard_init(&t->guard);
    t->version = 1;
    if (tbl_init(t, rows, cols) != TBL_OK) {
        free(t);
        return NULL;
    }
    return t;
}

/* Case 2: the free function's accesses are judged by free-not-gated. */
void tbl_free(tbl *t)
{
    if (!t)
        return;
    switch (hg_begin_free(&t->guard, HG_FREE_DEADLINE_MS)) {
    case HG_DRAINED:
        free(t->inner->cells);
        free(t->inner);
        t->inner = NULL;
        break;
    case HG_ALREADY_FREEING:
    case HG_TIMED_OUT:
        break;
    }
}

/* Case 3: a loop that enters and leaves every round. */
int tbl_fill(tbl *t, double v, size_t batch)
{
    for (size_t row = 0;; row += batch) {
        hg_op op;
        if (!hg_try_enter(&t->guard, &op))
            return TBL_ECLOSED;
        size_t rows = t->inner->rows, cols = t->inner->cols;
        if (row >= rows) {
            hg_leave(&op);
            break;
        }
        size_t end = row + batch < rows ? row + batch : rows;
        for (size_t i = row * cols; i < end * cols; i++)
            t->inner->cells[i] = v;
        t->version++;
        hg_leave(&op);
    }
    return TBL_OK;
}

/* Case 4: a switch whose accessing cases are inside one entered region. */
int tbl_command(tbl *t, enum tbl_cmd cmd)
{
    hg_op op;
    if (cmd == TBL_CMD_NOP)
        return TBL_OK;
    if (!hg_try_enter(&t->guard, &op))
        return TBL_ECLOSED;
    switch (cmd) {
    case TBL_CMD_CLEAR:
        memset(t->inner->cells, 0, t->inner->rows * t->inner->cols * sizeof(double));
        break;
    case TBL_CMD_SHRINK:
        if (t->inner->rows > 1)
            t->inner->rows /= 2;
        break;
    case TBL_CMD_NOP:
        break;
    }
    t->version++;
    hg_leave(&op);
    return TBL_OK;
}

/* Case 5: goto cleanup; the label leaves. */
int tbl_set(tbl *t, size_t r, size_t c, double v)
{
    hg_op op;
    int rc = TBL_OK;
    if (!hg_try_enter(&t->guard, &op))
        return TBL_ECLOSED;
    if (r >= t->inner->rows || c >= t->inner->cols) {
        rc = TBL_EINVAL;
        goto out;
    }
    t->inner->cells[r * t->inner->cols + c] = v;
    t->version++;
out:
    hg_leave(&op);
    return rc;
}

/* Case 6: correlated branches on a saved result. */
double tbl_get(tbl *t, size_t r, size_t c)
{
    hg_op op;
    double v = 0.0;
    bool ok = hg_try_enter(&t->guard, &op);
    if (ok && r < t->inner->rows && c < t->inner->cols)
        v = t->inner->cells[r * t->inner->cols + c];
    if (ok)
        hg_leave(&op);
    return v;
}

/* Case 7: a clone: the source is entered, the new handle is fresh. */
tbl *tbl_clone(tbl *src)
{
    hg_op op;
    tbl *dst = malloc(sizeof *dst);
    if (!dst)
        return NULL;
    hg_guard_init(&dst->guard);
    dst->version = 1;
    if (!hg_try_enter(&src->guard, &op)) {
        free(dst);
        return NULL;
    }
    if (tbl_init(dst, src->inner->rows, src->inner->cols) != TBL_OK) {
        hg_leave(&op);
        free(dst);
        return NULL;
    }
    memcpy(dst->inner->cells, src->inner->cells,
           src->inner->rows * src->inner->cols * sizeof(double));
    hg_leave(&op);
    return dst;
}
