/*
 * racy-freeing-check - an is-freeing test whose result gates a branch on
 * which inner state is then used without an entered op: a check-then-use
 * race, since freeing may begin right after the test.  Reported at the
 * test; the access itself stays access-before-enter's.  See
 * docs/semantics.md.
 */
#include "rule.h"

static void on_access(hg_ctx *ctx, const hg_access_event *ev) {
  if (ev->is_drop) return;
  if (ev->via == HG_VIA_ALIAS && !ev->alias_taken_guarded) return;
  unsigned gs = hg_ctx_guard_state(ctx, ev->handle);
  if (gs & (HG_GS_ENTERED | HG_GS_DRAINED)) return;
  hg_loc gate;
  if (!hg_ctx_freeing_gate(ctx, ev->handle, &gate)) return;
  const hg_config *cfg = hg_ctx_config(ctx);
  const char *isf = cfg->is_freeing.n ? cfg->is_freeing.v[0] : "hg_is_freeing";
  hg_diag *d = hg_ctx_report(ctx, gate,
                             "%s used as a gate before touching inner state of handle '%s'; "
                             "freeing may begin right after the test: enter the guard with %s "
                             "instead",
                             isf, hg_ctx_handle_name(ctx, ev->handle), hg_ctx_enter_name(ctx));
  if (d) hg_diag_add_note(d, ev->loc, "inner state used here without an entered op");
}

const hg_rule hg_rule_racy_freeing_check = {
    .id = HG_RULE_racy_freeing_check,
    .on_access = on_access,
};
