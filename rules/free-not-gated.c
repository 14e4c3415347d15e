/*
 * free-not-gated - in a function that calls begin-free, inner state touched
 * or dropped on a path where begin-free has not returned the drained value
 * (and no op is entered); one diagnostic per statement.  A discarded
 * begin-free result is also reported at the call.  See docs/semantics.md.
 */
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

static void on_call(hg_ctx *ctx, const hg_call_event *ev) {
  if (ev->kind != HG_CALL_BEGIN_FREE || !ev->discarded) return;
  if (ev->always) return; /* a begin-free that always drains has nothing to test */
  hg_ctx_report(ctx, ev->loc,
                "result of %s is ignored; drop the inner state only when it returns %s (another "
                "free won, or ops are still running, otherwise)",
                ev->callee ? ev->callee : hg_ctx_begin_free_name(ctx), hg_ctx_drained_name(ctx));
}

const hg_rule hg_rule_free_not_gated = {
    .id = HG_RULE_free_not_gated,
    .on_access = on_access,
    .on_call = on_call,
};
