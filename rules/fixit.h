/*
 * fixit.h - what the checks share to build fix-its: the source text of a
 * model file, edits collected for one diagnostic and attached only when all
 * of them could be made, statement shapes (parents, the `;` that ends a
 * statement, indentation), the protocol's calls spelled as code (profiles
 * rename them), fresh identifiers, and the "shutting down" sentinel an op
 * returns when its enter fails.
 *
 * Every helper refuses (returns false / NULL) rather than guess: a node that
 * comes from a macro, a range outside the file or in another file, text that
 * does not read as the model says.  A check that cannot build a fix attaches
 * a note saying what to do instead.
 */
#ifndef HG_RULES_FIXIT_H
#define HG_RULES_FIXIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rule.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- source text ---------------------------------------------------------- */

/* The bytes of one model file, read from disk by its path. */
typedef struct hg_src {
  uint32_t file;
  char *text;
  size_t len;
} hg_src;

/* Reads hg_model.files[file].  False (and *s zeroed) when unreadable. */
bool hg_src_load(hg_src *s, const hg_model *m, uint32_t file);
void hg_src_free(hg_src *s);

/* The location of byte `off` (1-based line, byte column). */
hg_loc hg_src_loc(const hg_src *s, size_t off);
size_t hg_src_line_start(const hg_src *s, size_t off);
/* Only blanks between the start of the line and `off`. */
bool hg_src_first_on_line(const hg_src *s, size_t off);
/* Only blanks (or a // comment) between `off` and the end of the line. */
bool hg_src_last_on_line(const hg_src *s, size_t off);
/* The leading blanks of the line holding `off`, into buf (always terminated). */
void hg_src_indent(const hg_src *s, size_t off, char *buf, size_t n);
/* Skips blanks, newlines and comments from `off`; returns the offset reached. */
size_t hg_src_skip_space(const hg_src *s, size_t off);
/* A malloc'd copy of bytes [b, e). */
char *hg_src_copy(const hg_src *s, size_t b, size_t e);
/* `word` occurs in [b, e) as a whole identifier. */
bool hg_src_has_word(const hg_src *s, size_t b, size_t e, const char *word);

/* ---- nodes ----------------------------------------------------------------- */

/* The node is written in src's file, not inside a macro expansion, and its
 * range lies within the text (children may be macro uses: their range is
 * the use, which copies as it is written). */
bool hg_fix_node_ok(const hg_src *s, const hg_node *n);
/* The parent of `n` under `root` (NULL for root or when absent). */
const hg_node *hg_fix_parent(const hg_node *root, const hg_node *n);
/* `inner` is `outer` or lies under it. */
bool hg_fix_node_within(const hg_node *outer, const hg_node *inner);
/* Calls fn(n, arg) for every node under root (pre-order); stops when it returns false. */
void hg_fix_walk(const hg_node *root, bool (*fn)(const hg_node *n, void *arg), void *arg);
/* The end of statement `st` including its `;` (statements ending in `}` end
 * there).  False when the text does not read so. */
bool hg_fix_stmt_end(const hg_src *s, const hg_node *st, size_t *end);
/* A node that is a statement of a block: its parent is a COMPOUND, or with
 * !direct a case / label whose parent is one.  *block (may be NULL) gets
 * the COMPOUND. */
bool hg_fix_in_block(const hg_node *root, const hg_node *st, bool direct, const hg_node **block);
/* The indentation of a function body's statements and one indentation
 * unit (the difference to the brace's line; 4 spaces when unknown). */
void hg_fix_body_indent(const hg_src *s, const hg_function *fn, char *indent, size_t ni, char *unit,
                        size_t nu);

/* ---- edits of one diagnostic -------------------------------------------------- */

typedef struct hg_fix_edit {
  size_t begin, end;
  char *text;
} hg_fix_edit;

typedef struct hg_fix {
  const hg_src *src;
  hg_fix_edit *e;
  size_t n, cap;
  bool failed;
} hg_fix;

void hg_fix_init(hg_fix *f, const hg_src *src);
/* Replace [b, e) by the formatted text (insertion: b == e). */
void hg_fix_replace(hg_fix *f, size_t b, size_t e, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
/* Attaches the edits to `d` (sorted; none when two overlap or any failed)
 * and releases them.  Returns whether they were attached. */
bool hg_fix_attach(hg_fix *f, hg_diag *d);
void hg_fix_release(hg_fix *f);

/* ---- the protocol as code ------------------------------------------------------- */

typedef struct hg_fix_proto {
  const char *enter;          /* the enter function the fix calls */
  hg_enter_success success;
  int arity;                  /* 2: (guard, token); 1: (guard), the guard is the token */
  char token_type[96];        /* arity 2: the token's type ("hg_op") */
  const char *leave;
} hg_fix_proto;

/* The first configured enter function and its leave, when their shape is
 * known (declared in the model, or one of the built-in protocols). */
bool hg_fix_proto_get(const hg_ctx *ctx, hg_fix_proto *p);
/* The leave function that matches a given enter function's name. */
const char *hg_fix_leave_for(const hg_ctx *ctx, const char *enter);
/* "&h->guard" for handle variable `hname` of fn (a pointer to a handle
 * whose guard is inline); false otherwise. */
bool hg_fix_guard_expr(const hg_ctx *ctx, const hg_function *fn, const char *hname, char *buf,
                       size_t n);
/* The argument a leave takes for a token key ("op" -> "&op", "*op" -> "op"). */
bool hg_fix_token_arg(const char *key, char *buf, size_t n);
/* The test that an enter failed: "!call" / "call != 0" (false: cannot fail). */
bool hg_fix_failed_test(hg_enter_success s, const char *call, char *buf, size_t n);

/* A name from `cands` (NULL-terminated) used by nothing the function can
 * see (its variables, globals, functions, types, enumerators, any word of
 * its text); with `extra`, also different from it. */
bool hg_fix_fresh_name(const hg_ctx *ctx, const hg_function *fn, const hg_src *s,
                       const char *const *cands, const char *extra, char *out, size_t n);

/* What an op returns when its enter fails ("return NULL;", "return;",
 * "return KV_ESHUTDOWN;"): void -> nothing, pointer -> NULL, integer or
 * enumeration -> the ShuttingDownValue option, else the value the file's
 * ops of the same return type return when their enter fails, else the only
 * enumerator of the return type named like SHUTDOWN / SHUTTING / CLOSED.
 * False when none of these decides (the caller adds hg_fix_note_sentinel). */
bool hg_fix_sentinel(const hg_ctx *ctx, const hg_function *fn, const hg_src *s, char *buf, size_t n);
void hg_fix_note_sentinel(const hg_ctx *ctx, hg_diag *d, const hg_function *fn);
/* "NULL" when the translation unit defines it, else "0". */
const char *hg_fix_null(const hg_ctx *ctx, const hg_src *s);

/* ---- shapes of code ----------------------------------------------------------------- */

/* A call of an enter / leave function, directly or through a function of
 * the translation unit that calls one, anywhere under root. */
bool hg_fix_calls_protocol(const hg_ctx *ctx, const hg_node *root);
/* `stmt` tests an enter and returns when it failed (`if (!enter(...))
 * return ...;` with no else, or the `!= 0` / `== 0` forms), or is the enter
 * call itself as a statement (a lock that cannot fail, or a discarded
 * result).  *call gets the enter call. */
bool hg_fix_enter_stmt(const hg_ctx *ctx, const hg_node *stmt, const hg_node **call);
/* A call of a leave function, or of a function of the translation unit that
 * calls one. */
bool hg_fix_is_leave_call(const hg_ctx *ctx, const hg_node *call);
/* Number of calls of enter functions under root. */
int hg_fix_count_enters(const hg_ctx *ctx, const hg_node *root);
/* A blocking call under root (directly, HG_BLOCKING, or through functions
 * of the translation unit); its callee's name in *callee. */
bool hg_fix_blocks(const hg_ctx *ctx, const hg_node *root, const char **callee);
/* Number of variables of fn whose type is a handle (pointer or value). */
int hg_fix_count_handle_vars(const hg_ctx *ctx, const hg_function *fn);
/* The expression reads nothing a leave can free: constants, non-pointer
 * variables, parameters never assigned, arithmetic on those. */
bool hg_fix_expr_inert(const hg_function *fn, const hg_node *e);
/* A call whose result the caller owns (an allocator or strdup/strndup). */
bool hg_fix_expr_owned(const hg_ctx *ctx, const hg_node *e);
/* strdup is declared for this file (used in the translation unit, or
 * <string.h> is included after a feature macro that declares it). */
bool hg_fix_have_strdup(const hg_ctx *ctx, const hg_src *s);

/* What a function does with the inner state of one handle variable: the
 * locals that point into it (initialised or assigned from it, directly or
 * through another such local), and whether a node touches it (an inner
 * field through the handle, a use of such a local, or the handle passed to
 * a function of this file). */
typedef struct hg_fix_inner {
  const hg_ctx *ctx;
  const hg_function *fn;
  int32_t hvar;        /* the handle variable (index into fn->vars) */
  char guard[64];      /* its guard field */
  bool *alias;         /* per variable of fn */
} hg_fix_inner;

bool hg_fix_inner_init(hg_fix_inner *in, const hg_ctx *ctx, const hg_function *fn,
                       const char *hname);
void hg_fix_inner_free(hg_fix_inner *in);
/* `n` itself touches the inner state. */
bool hg_fix_inner_here(const hg_fix_inner *in, const hg_node *n);
/* `n` or a node under it does. */
bool hg_fix_inner_under(const hg_fix_inner *in, const hg_node *n);

/* Edits that make `ret` (a RETURN of fn, NULL: the closing brace of a void
 * function) run `leaves` ("hg_leave(&op);", possibly several) first.  A
 * returned value that reads state is first copied into a fresh local of
 * the return type ({ T ret_ = value; leaves return ret_; }); a pointer
 * value is copied only when `pointer_ok` (it does not point into inner
 * state).  False with *why set when it cannot be done. */
bool hg_fix_leave_before(hg_fix *f, const hg_ctx *ctx, const hg_function *fn, const hg_node *ret,
                         const char *const *leaves, int nleaves, bool pointer_ok,
                         const char **why);

#ifdef __cplusplus
}
#endif

#endif /* HG_RULES_FIXIT_H */
