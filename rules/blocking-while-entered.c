/*
 * blocking-while-entered - a blocking call (built-in list, HG_BLOCKING,
 * BlockingFunctions, or a function of this translation unit that blocks
 * transitively) while an op is entered.  A call that receives the held token
 * itself (a condition wait on the held mutex) releases it.  See
 * docs/semantics.md.
 */
#include "rule.h"

static void on_call(hg_ctx *ctx, const hg_call_event *ev) {
  if (ev->kind != HG_CALL_BLOCKING) return;
  int held = -1;
  for (int t = 0; t < hg_ctx_ntokens(ctx); t++) {
    hg_token_info ti;
    if (!hg_ctx_token(ctx, t, &ti)) continue;
    if (ti.phase != HG_TOK_ENTERED && ti.phase != HG_TOK_PENDING) continue;
    if (t < 32 && (ev->passed_tokens & (1u << t))) continue;
    held = t;
    break;
  }
  if (held < 0) return;
  hg_token_info ti;
  hg_ctx_token(ctx, held, &ti);
  const char *callee = ev->callee ? ev->callee : "?";
  hg_diag *d;
  if (ev->blocking_fn)
    d = hg_ctx_report(ctx, ev->loc,
                      "'%s' blocks and is called while op '%s' is entered; leave the op before "
                      "blocking (keep a reference to what you need) and re-enter afterwards",
                      callee, ti.key);
  else
    d = hg_ctx_report(ctx, ev->loc,
                      "blocking call to '%s' while op '%s' is entered; leave the op before "
                      "blocking (keep a reference to what you need) and re-enter afterwards",
                      callee, ti.key);
  if (!d) return;
  if (ti.enter_loc.line) hg_diag_add_note(d, ti.enter_loc, "op '%s' entered here", ti.key);
  if (ev->blocking_fn) hg_ctx_note_blocking_chain(ctx, d, ev->blocking_fn);
}

const hg_rule hg_rule_blocking_while_entered = {
    .id = HG_RULE_blocking_while_entered,
    .on_call = on_call,
};
