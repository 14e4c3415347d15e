/* borrowed-return must stay quiet: a pointer to another handle kept in inner
 * state (a database's statement handles) is handed out by return and through
 * an out-parameter; a handle's box is never freed, so it stays valid and its
 * own guard rules its use. */
// expect-no-diagnostics
#include <handleguard.h>

#include <stddef.h>

struct stmt_inner {
    const char *sql;
};

typedef struct stmt {
    hg_guard guard;
    struct stmt_inner *in;
} stmt;

struct db_inner {
    stmt *stmts[8];
    int nstmts;
    stmt *last;
};

typedef struct db {
    hg_guard guard;
    struct db_inner *in;
} db;

stmt *db_stmt(db *d, int i) {
    hg_op op;
    if (!hg_try_enter(&d->guard, &op))
        return NULL;
    stmt *s = NULL;
    if (i >= 0 && i < d->in->nstmts)
        s = d->in->stmts[i];
    hg_leave(&op);
    return s;
}

stmt *db_last(db *d) {
    hg_op op;
    if (!hg_try_enter(&d->guard, &op))
        return NULL;
    stmt *s = d->in->last;
    hg_leave(&op);
    return s;
}

int db_stmt_out(db *d, int i, stmt **out) {
    hg_op op;
    if (!hg_try_enter(&d->guard, &op))
        return -1;
    int rc = -1;
    if (i >= 0 && i < d->in->nstmts) {
        *out = d->in->stmts[i];
        rc = 0;
    }
    hg_leave(&op);
    return rc;
}
