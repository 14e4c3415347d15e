/*
 * op-not-left - a path leaves the function with a token still entered (or
 * entered with an untested result).  Reported at the return, or at the
 * closing brace when the function falls off its end.  See docs/semantics.md.
 */
#include "rule.h"

static void on_return(hg_ctx *ctx, const hg_return_event *ev) {
  int held[32];
  int n = 0;
  for (int t = 0; t < hg_ctx_ntokens(ctx) && n < 32; t++) {
    hg_token_info ti;
    if (!hg_ctx_token(ctx, t, &ti)) continue;
    if (ti.phase != HG_TOK_ENTERED && ti.phase != HG_TOK_PENDING) continue;
    /* a helper that leaves its caller's token entered is an enter wrapper;
     * a token object the caller passed in (`hg_op *op`) is the caller's to leave */
    if ((ti.param_rooted && (!hg_ctx_is_exported(ctx) || ti.caller_owned)) || ti.wrapped) continue;
    held[n++] = t;
  }
  if (!n) return;
  hg_token_info first;
  hg_ctx_token(ctx, held[0], &first);
  hg_diag *d;
  if (ev->ret)
    d = hg_ctx_report(ctx, ev->loc,
                      "op '%s' is still entered at this return; call %s(&%s) on every path out "
                      "of the function, or later frees of the handle wait for it forever",
                      first.key, hg_ctx_leave_name(ctx), first.key);
  else
    d = hg_ctx_report(ctx, ev->loc,
                      "op '%s' is still entered when the function ends; call %s(&%s) before the "
                      "closing brace, or later frees of the handle wait for it forever",
                      first.key, hg_ctx_leave_name(ctx), first.key);
  if (!d) return;
  for (int i = 0; i < n; i++) {
    hg_token_info ti;
    hg_ctx_token(ctx, held[i], &ti);
    if (ti.enter_loc.line) hg_diag_add_note(d, ti.enter_loc, "op '%s' entered here", ti.key);
  }
}

const hg_rule hg_rule_op_not_left = {
    .id = HG_RULE_op_not_left,
    .on_return = on_return,
};
