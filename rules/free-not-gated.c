/*
 * free-not-gated - in a function that calls begin-free, inner state touched
 * or dropped on a path where begin-free has not returned the drained value
 * (and no op is entered); one diagnostic per statement.  A discarded
 * begin-free result is also reported at the call.  See docs/semantics.md.
 */
#include <stdlib.h>
#include <string.h>

#include "fixit.h"
#include "rule.h"

static void on_access(hg_ctx *ctx, const hg_access_event *ev) {
  if (!hg_ctx_calls_begin_free(ctx)) return;
  unsigned gs = hg_ctx_guard_state(ctx, ev->handle);
  if (gs & (HG_GS_ENTERED | HG_GS_DRAINED)) return;
  /* an alias taken outside the drained branch was reported where it was taken */
  if (ev->via == HG_VIA_ALIAS && !ev->alias_taken_guarded && !ev->is_drop) return;
  if (!hg_ctx_once(ctx, ev->stmt)) return;
  const char *h = hg_ctx_handle_name(ctx, ev->handle);
  const char *bf = hg_ctx_begin_free_name(ctx);
  const char *dv = hg_ctx_drained_name(ctx);
  char branch[256];
  if (hg_ctx_config(ctx)->begin_free_returns_result)
    snprintf(branch, sizeof branch, "outside the '%s(...) == %s' branch", bf, dv);
  else
    snprintf(branch, sizeof branch, "before %s has drained the ops", bf);
  char when[256];
  if (hg_ctx_config(ctx)->begin_free_returns_result)
    snprintf(when, sizeof when, "only when %s returns %s", bf, dv);
  else
    snprintf(when, sizeof when, "only after %s", bf);
  hg_diag *d;
  if (ev->is_drop)
    d = hg_ctx_report(ctx, ev->loc,
                      "inner state of handle '%s' is dropped %s; ops may still be using it: "
                      "drop it %s",
                      h, branch, when);
  else if (ev->via == HG_VIA_HELPER)
    d = hg_ctx_report(ctx, ev->loc,
                      "'%s' touches inner state of handle '%s' %s; call it %s",
                      ev->helper ? ev->helper->name : "?", h, branch, when);
  else
    d = hg_ctx_report(ctx, ev->loc,
                      "inner state of handle '%s' is touched %s; ops may still be using it: "
                      "touch it %s",
                      h, branch, when);
  if (d && ev->via == HG_VIA_HELPER && ev->helper)
    hg_diag_add_note(d, ev->helper_loc, "'%s' accesses inner field '%s' here", ev->helper->name,
                     ev->field ? ev->field : "?");
}

/* ---- fix-it: gate the drops on the drained result ----------------------- */

/* The touch scan of the whole function: every touch must lie in [lo, hi). */
typedef struct uses {
  hg_fix_inner in;
  size_t lo, hi;
  bool outside;
} uses;

static bool range_visit(const hg_node *n, void *arg) {
  uses *u = arg;
  bool touch = hg_fix_inner_here(&u->in, n) ||
               (n->kind == HG_N_DECL && n->ref >= 0 && (uint32_t)n->ref < u->in.fn->nvars &&
                u->in.alias[n->ref]);
  if (touch && (n->range.begin.offset < u->lo || n->range.end.offset > u->hi)) u->outside = true;
  return true;
}

/* Variables declared in the run and used after it. */
typedef struct later {
  const hg_node *const *decls;
  int ndecls;
  size_t after;
  bool used;
} later;

static bool later_visit(const hg_node *n, void *arg) {
  later *l = arg;
  if (n->kind != HG_N_VAR || (n->flags & HG_NF_GLOBAL) || n->range.begin.offset < l->after)
    return true;
  for (int i = 0; i < l->ndecls; i++)
    if (l->decls[i]->ref == n->ref) {
      l->used = true;
      return false;
    }
  return true;
}

static bool count_bf_visit(const hg_node *n, void *arg) {
  void **a = arg;
  const hg_config *cfg = hg_ctx_config((const hg_ctx *)a[0]);
  if (n->kind == HG_N_CALL && n->name && hg_strlist_has(&cfg->begin_free, n->name)) (*(int *)a[1])++;
  return true;
}

static void add_fix_note(hg_diag *d, const hg_call_event *ev, const hg_ctx *ctx, const char *why) {
  hg_diag_add_note(d, ev->loc,
                   "no fix-it: %s; drop the inner state inside 'if (%s(...) == %s) { ... }' by "
                   "hand",
                   why, hg_ctx_begin_free_name(ctx), hg_ctx_drained_name(ctx));
}

static void add_fix(hg_ctx *ctx, hg_diag *d, const hg_call_event *ev) {
  const hg_function *fn = hg_ctx_function(ctx);
  const hg_node *call = ev->call, *stmt = ev->stmt;
  if (!fn || !fn->body || !call || !stmt || ev->handle < 0) return;
  if (stmt != call && !(stmt->kind == HG_N_CAST && stmt->nchildren > 0 && stmt->children[0] == call))
    return;
  hg_src src;
  if (!hg_src_load(&src, hg_ctx_model(ctx), fn->body->range.begin.file)) return;
  const char *why = NULL;
  uses u;
  memset(&u, 0, sizeof u);
  const hg_node *block = NULL;
  size_t send = 0;
  if (!hg_fix_node_ok(&src, stmt) || !hg_fix_node_ok(&src, call) ||
      !hg_fix_in_block(fn->body, stmt, true, &block) || !hg_fix_stmt_end(&src, stmt, &send)) {
    why = "the call is written in a macro or is not a statement of its own";
    goto out;
  }
  int nbf = 0;
  void *cargs[2] = {(void *)ctx, &nbf};
  hg_fix_walk(fn->body, count_bf_visit, cargs);
  if (nbf != 1) {
    why = "the function begins freeing more than once";
    goto out;
  }
  const char *hname = hg_ctx_handle_name(ctx, ev->handle);
  char gexpr[160];
  if (!hg_fix_guard_expr(ctx, fn, hname, gexpr, sizeof gexpr) ||
      !hg_fix_inner_init(&u.in, ctx, fn, hname)) {
    why = "the handle is not a variable of this function";
    goto out;
  }
  /* the run: the statements right after the call that touch inner state */
  uint32_t i = 0;
  while (i < block->nchildren && block->children[i] != stmt) i++;
  uint32_t k = i;
  while (k + 1 < block->nchildren && block->children[k + 1] &&
         block->children[k + 1]->kind != HG_N_CASE && block->children[k + 1]->kind != HG_N_DEFAULT &&
         block->children[k + 1]->kind != HG_N_LABEL && hg_fix_inner_under(&u.in, block->children[k + 1]))
    k++;
  if (k == i) {
    why = "the statements after the call do not drop the inner state";
    goto out;
  }
  const hg_node *first = block->children[i + 1], *last = block->children[k];
  size_t lend;
  if (!hg_fix_node_ok(&src, first) || !hg_fix_node_ok(&src, last) ||
      !hg_fix_stmt_end(&src, last, &lend)) {
    why = "the drops are written in a macro";
    goto out;
  }
  u.lo = first->range.begin.offset;
  u.hi = lend;
  hg_fix_walk(fn->body, range_visit, &u);
  if (u.outside) {
    why = "inner state is also touched outside the statements that follow the call";
    goto out;
  }
  const hg_node *decls[64];
  int nd = 0;
  for (uint32_t j = i + 1; j <= k && nd < 64; j++)
    if (block->children[j]->kind == HG_N_DECL) decls[nd++] = block->children[j];
  later l = {decls, nd, lend, false};
  hg_fix_walk(fn->body, later_visit, &l);
  if (l.used) {
    why = "a variable declared among the drops is used after them";
    goto out;
  }
  /* the edits: the call becomes the test, the run is indented into its block */
  bool lines = hg_src_first_on_line(&src, u.lo) && hg_src_last_on_line(&src, lend) &&
               hg_src_first_on_line(&src, stmt->range.begin.offset);
  char indent[64], unit[32], dummy[64];
  hg_src_indent(&src, stmt->range.begin.offset, indent, sizeof indent);
  hg_fix_body_indent(&src, fn, dummy, sizeof dummy, unit, sizeof unit);
  for (size_t p = hg_src_line_start(&src, u.lo); lines && p < lend; p++)
    if (src.text[p] == '\\' && p + 1 < src.len && src.text[p + 1] == '\n') lines = false;
  char *ctext = hg_src_copy(&src, call->range.begin.offset, call->range.end.offset);
  hg_fix fix;
  hg_fix_init(&fix, &src);
  hg_fix_replace(&fix, stmt->range.begin.offset, send, "if (%s == %s) {", ctext,
                 hg_ctx_drained_name(ctx));
  free(ctext);
  if (lines) {
    for (size_t p = hg_src_line_start(&src, u.lo); p < lend;) {
      size_t e = p;
      while (e < src.len && src.text[e] != '\n') e++;
      bool blank = true;
      for (size_t q = p; q < e; q++)
        if (src.text[q] != ' ' && src.text[q] != '\t' && src.text[q] != '\r') blank = false;
      if (!blank) hg_fix_replace(&fix, p, p, "%s", unit);
      p = e + 1;
    }
    size_t eol = lend;
    while (eol < src.len && src.text[eol] != '\n') eol++;
    if (eol > lend && src.text[eol - 1] == '\r') eol--;
    hg_fix_replace(&fix, eol, eol, "\n%s}", indent);
  } else {
    hg_fix_replace(&fix, lend, lend, " }");
  }
  hg_fix_attach(&fix, d);
out:
  if (why) add_fix_note(d, ev, ctx, why);
  hg_fix_inner_free(&u.in);
  hg_src_free(&src);
}

static void on_call(hg_ctx *ctx, const hg_call_event *ev) {
  if (ev->kind != HG_CALL_BEGIN_FREE || !ev->discarded) return;
  if (ev->always) return; /* a begin-free that always drains has nothing to test */
  hg_diag *d = hg_ctx_report(ctx, ev->loc,
                             "result of %s is ignored; drop the inner state only when it returns "
                             "%s (another free won, or ops are still running, otherwise)",
                             ev->callee ? ev->callee : hg_ctx_begin_free_name(ctx),
                             hg_ctx_drained_name(ctx));
  if (d) add_fix(ctx, d, ev);
}

const hg_rule hg_rule_free_not_gated = {
    .id = HG_RULE_free_not_gated,
    .on_access = on_access,
    .on_call = on_call,
};
