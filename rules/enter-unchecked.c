/*
 * enter-unchecked - an enter whose result is dropped, or not tested before
 * the op uses inner state, leaves or returns.  Reported once, at the enter
 * call.  See docs/semantics.md.
 */
#include "rule.h"

static void report_pending(hg_ctx *ctx, const hg_token_info *ti, const char *what, hg_loc at) {
  hg_diag *d = hg_ctx_report(ctx, ti->enter_loc,
                             "result of %s is not tested before %s; branch on it and return the "
                             "shutting-down sentinel when the enter fails",
                             hg_ctx_enter_name(ctx), what);
  if (d) hg_diag_add_note(d, at, "%s here while the enter of '%s' is untested", what, ti->key);
}

static void on_call(hg_ctx *ctx, const hg_call_event *ev) {
  if (ev->kind == HG_CALL_ENTER && ev->discarded) {
    if (ev->always) return;
    hg_ctx_report(ctx, ev->loc,
                  "result of %s is ignored; test it and return the shutting-down sentinel when "
                  "it fails, or the op runs on a handle that is being freed",
                  ev->callee ? ev->callee : hg_ctx_enter_name(ctx));
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
