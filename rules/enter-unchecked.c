/*
 * enter-unchecked - an enter whose result is dropped, or not tested before
 * the op uses inner state, leaves or returns.  Reported once, at the enter
 * call.  See docs/semantics.md.
 */
#include <stdlib.h>
#include <string.h>

#include "fixit.h"
#include "rule.h"

static void report_pending(hg_ctx *ctx, const hg_token_info *ti, const char *what, hg_loc at) {
  hg_diag *d = hg_ctx_report(ctx, ti->enter_loc,
                             "result of %s is not tested before %s; branch on it and return the "
                             "shutting-down sentinel when the enter fails",
                             hg_ctx_enter_name(ctx), what);
  if (d) hg_diag_add_note(d, at, "%s here while the enter of '%s' is untested", what, ti->key);
}

/* Fix-it for a discarded enter: test it where it stands,
 * `if (!hg_try_enter(&h->guard, &op)) return <sentinel>;`. */
static void add_fix(hg_ctx *ctx, hg_diag *d, const hg_call_event *ev) {
  const hg_function *fn = hg_ctx_function(ctx);
  const hg_node *call = ev->call, *stmt = ev->stmt;
  if (!fn || !fn->body || !call || !stmt || !call->name) return;
  const hg_enter_fn *en = hg_config_find_enter(hg_ctx_config(ctx), call->name);
  if (!en || en->success == HG_ENTER_ALWAYS) return;
  /* the statement is the call, or the call cast to void */
  if (stmt != call && !(stmt->kind == HG_N_CAST && stmt->nchildren > 0 && stmt->children[0] == call))
    return;
  hg_src src;
  if (!hg_src_load(&src, hg_ctx_model(ctx), fn->body->range.begin.file)) return;
  if (!hg_fix_node_ok(&src, stmt) || !hg_fix_node_ok(&src, call) ||
      !hg_fix_in_block(fn->body, stmt, false, NULL)) {
    hg_diag_add_note(d, ev->loc,
                     "no fix-it: the enter is written in a macro or is not a statement of its own");
    goto out;
  }
  /* returning early must not leave another op entered */
  for (int t = 0; t < hg_ctx_ntokens(ctx); t++) {
    hg_token_info ti;
    if (t == ev->token || !hg_ctx_token(ctx, t, &ti)) continue;
    if (ti.phase != HG_TOK_ENTERED && ti.phase != HG_TOK_PENDING) continue;
    if (ti.param_rooted && ti.caller_owned) continue;
    hg_diag_add_note(d, ev->loc,
                     "no fix-it: op '%s' is entered here too; when this enter fails, leave it "
                     "before returning",
                     ti.key);
    goto out;
  }
  if (hg_fix_count_enters(ctx, fn->body) != 1) {
    hg_diag_add_note(d, ev->loc,
                     "no fix-it: '%s' enters more than once; test this enter and leave what "
                     "is entered before returning",
                     fn->name);
    goto out;
  }
  char sentinel[192];
  if (!hg_fix_sentinel(ctx, fn, &src, sentinel, sizeof sentinel)) {
    hg_fix_note_sentinel(ctx, d, fn);
    goto out;
  }
  size_t sl = strlen(sentinel);
  if (sl && sentinel[sl - 1] == ';') sentinel[sl - 1] = '\0'; /* the statement keeps its own */
  char *text = hg_src_copy(&src, call->range.begin.offset, call->range.end.offset);
  char test[600];
  if (strlen(text) < 400 && hg_fix_failed_test(en->success, text, test, sizeof test)) {
    hg_fix fix;
    hg_fix_init(&fix, &src);
    hg_fix_replace(&fix, stmt->range.begin.offset, stmt->range.end.offset, "if (%s) %s", test,
                   sentinel);
    hg_fix_attach(&fix, d);
  }
  free(text);
out:
  hg_src_free(&src);
}

static void on_call(hg_ctx *ctx, const hg_call_event *ev) {
  if (ev->kind == HG_CALL_ENTER && ev->discarded) {
    if (ev->always) return;
    hg_diag *d = hg_ctx_report(ctx, ev->loc,
                               "result of %s is ignored; test it and return the shutting-down "
                               "sentinel when it fails, or the op runs on a handle that is being "
                               "freed",
                               ev->callee ? ev->callee : hg_ctx_enter_name(ctx));
    if (d) add_fix(ctx, d, ev);
    return;
  }
  if (ev->kind == HG_CALL_LEAVE && ev->token >= 0) {
    hg_token_info ti;
    if (hg_ctx_token(ctx, ev->token, &ti) && ti.phase == HG_TOK_PENDING)
      report_pending(ctx, &ti, "the op leaves", ev->loc);
  }
}

static void on_access(hg_ctx *ctx, const hg_access_event *ev) {
  if (ev->is_drop) return;
  for (int t = 0; t < hg_ctx_ntokens(ctx); t++) {
    hg_token_info ti;
    if (!hg_ctx_token(ctx, t, &ti) || ti.phase != HG_TOK_PENDING) continue;
    if (!hg_ctx_token_on_handle(ctx, t, ev->handle)) continue;
    report_pending(ctx, &ti, "inner state is accessed", ev->loc);
  }
}

static void on_return(hg_ctx *ctx, const hg_return_event *ev) {
  for (int t = 0; t < hg_ctx_ntokens(ctx); t++) {
    hg_token_info ti;
    if (!hg_ctx_token(ctx, t, &ti) || ti.phase != HG_TOK_PENDING) continue;
    /* a function returning its caller's token untested is an enter wrapper */
    if ((ti.param_rooted && (!hg_ctx_is_exported(ctx) || ti.caller_owned)) || ti.wrapped) continue;
    report_pending(ctx, &ti, "the function returns", ev->loc);
  }
}

const hg_rule hg_rule_enter_unchecked = {
    .id = HG_RULE_enter_unchecked,
    .on_access = on_access,
    .on_call = on_call,
    .on_return = on_return,
};
