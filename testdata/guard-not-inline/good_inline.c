/* guard-not-inline must stay quiet: guards embedded inline (first, last, in
 * the middle, in an HG_HANDLE struct, in an anonymous struct behind a
 * typedef); structs that hold op tokens, handle pointers or a parent handle
 * pointer (none of them a guard); guard pointers that are locals or
 * parameters rather than fields; a library-level guard that is a global. */
// expect-no-diagnostics
#define _DEFAULT_SOURCE
#include <handleguard.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Case 1: guard first. */
struct parser_inner {
    const char *input;
    size_t pos;
};

typedef struct parser {
    hg_guard guard;
    struct parser_inner *inner;
} parser;

/* Case 2: guard last, with inline inner fields before it. */
struct lexer {
    size_t line, col;
    struct parser *owner; /* a pointer to another handle is not a guard */
    hg_guard guard;
};

/* Case 3: guard in the middle of an HG_HANDLE struct. */
struct HG_HANDLE symtab {
    char **names;
    hg_guard guard;
    size_t n;
};

/* Case 4: an anonymous struct behind a typedef. */
typedef struct {
    hg_guard guard;
    int level;
} verbosity_t;

/* Case 5: a struct holding an op token and a handle pointer: no guard. */
struct parse_session {
    struct parser *p;
    hg_op op;
    bool entered;
};

/* Case 6: a registry of handles: pointers to handles, no guard. */
struct parser_registry {
    struct parser **all;
    size_t n;
};

/* Case 7: a library-wide guard is a global, not a field. */
static hg_guard g_lib_guard = HG_GUARD_INIT;

static bool parser_guard_ok(hg_guard *g)
{
    return !hg_is_freeing(g);
}

int parser_advance(parser *p, size_t n)
{
    hg_op op;
    hg_guard *g = &p->guard; /* Case 8: a local pointer to the inline guard */
    if (!hg_try_enter(g, &op))
        return -1;
    p->inner->pos += n;
    hg_leave(&op);
    return 0;
}

int lexer_newline(struct lexer *lx)
{
    hg_op op;
    if (!hg_try_enter(&lx->guard, &op))
        return -1;
    lx->line++;
    lx->col = 0;
    hg_leave(&op);
    return 0;
}

size_t symtab_size(struct symtab *st)
{
    hg_op op;
    size_t n = 0;
    if (hg_try_enter(&st->guard, &op)) {
        n = st->n;
        hg_leave(&op);
    }
    return n;
}

int verbosity_set(verbosity_t *v, int level)
{
    hg_op op;
    if (!hg_try_enter(&v->guard, &op))
        return -1;
    v->level = level;
    hg_leave(&op);
    return 0;
}

bool parse_session_active(const struct parse_session *s)
{
    return s->entered && s->p != NULL;
}

size_t parser_registry_live(const struct parser_registry *r)
{
    size_t live = 0;
    for (size_t i = 0; i < r->n; i++)
        if (parser_guard_ok(&r->all[i]->guard))
            live++;
    return live;
}

bool parser_lib_closing(void)
{
    return hg_is_freeing(&g_lib_guard);
}
