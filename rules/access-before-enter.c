/*
 * access-before-enter - inner state of a handle used on a path of an op
 * where no enter of that handle has succeeded: before the enter, after a
 * failed enter, after the op left; directly, through an alias, or through a
 * helper that touches inner state without entering.  See docs/semantics.md.
 */
#include "rule.h"

static const char *phase_text(const hg_ctx *ctx, unsigned gs, char *buf, size_t n) {
  if (gs & HG_GS_LEFT)
    snprintf(buf, n, "after %s", hg_ctx_leave_name(ctx));
  else if (gs & HG_GS_FAILED)
    snprintf(buf, n, "after %s failed", hg_ctx_enter_name(ctx));
  else
    snprintf(buf, n, "before %s", hg_ctx_enter_name(ctx));
  return buf;
}

/* Where the path lost the guard: the leave or the failed enter. */
static void add_path_note(hg_ctx *ctx, hg_diag *d, int handle, unsigned gs) {
  for (int t = 0; t < hg_ctx_ntokens(ctx); t++) {
    hg_token_info ti;
    if (!hg_ctx_token(ctx, t, &ti) || !hg_ctx_token_on_handle(ctx, t, handle)) continue;
    if ((gs & HG_GS_LEFT) && ti.phase == HG_TOK_LEFT && ti.leave_loc.line) {
      hg_diag_add_note(d, ti.leave_loc, "op '%s' left here", ti.key);
      return;
    }
    if (!(gs & HG_GS_LEFT) && ti.phase == HG_TOK_FAILED && ti.enter_loc.line) {
      hg_diag_add_note(d, ti.enter_loc, "%s failed here", hg_ctx_enter_name(ctx));
      return;
    }
  }
}

static void on_access(hg_ctx *ctx, const hg_access_event *ev) {
  if (!hg_ctx_is_op(ctx) || hg_ctx_calls_begin_free(ctx) || ev->is_drop) return;
  unsigned gs = hg_ctx_guard_state(ctx, ev->handle);
  /* guarded, or an unchecked enter (reported by enter-unchecked instead) */
  if (gs & (HG_GS_ENTERED | HG_GS_DRAINED | HG_GS_PENDING | HG_GS_UNCHECKED)) return;
  /* an alias taken unguarded was reported where the inner field was read */
  if (ev->via == HG_VIA_ALIAS && !ev->alias_taken_guarded) return;
  if (hg_ctx_quiet(ctx, ev->handle)) return;
  hg_ctx_set_quiet(ctx, ev->handle);

  const char *h = hg_ctx_handle_name(ctx, ev->handle);
  const char *enter = hg_ctx_enter_name(ctx);
  char when[160];
  phase_text(ctx, gs, when, sizeof when);
  hg_diag *d = NULL;
  switch (ev->via) {
  case HG_VIA_DIRECT: {
    const hg_config *cfg = hg_ctx_config(ctx);
    bool always = cfg->nenter && cfg->enter[0].success == HG_ENTER_ALWAYS;
    d = hg_ctx_report(ctx, ev->loc, "inner field '%s' of handle '%s' accessed %s; %s %s first%s",
                      ev->field ? ev->field : "?", h, when, always ? "call" : "enter the guard with",
                      enter, always ? "" : " and return the shutting-down sentinel if it fails");
    break;
  }
  case HG_VIA_ALIAS:
    d = hg_ctx_report(ctx, ev->loc,
                      "'%s' points into inner state of handle '%s' and is used %s; use it only "
                      "while the op is entered, or copy what you need before leaving",
                      ev->alias ? ev->alias : "?", h, when);
    break;
  case HG_VIA_HELPER:
    d = hg_ctx_report(ctx, ev->loc,
                      "'%s' touches inner state of handle '%s' and is called %s; call it only "
                      "while an op on '%s' is entered",
                      ev->helper ? ev->helper->name : "?", h, when, h);
    if (d && ev->helper)
      hg_diag_add_note(d, ev->helper_loc, "'%s' accesses inner field '%s' here", ev->helper->name,
                       ev->field ? ev->field : "?");
    break;
  }
  if (d) add_path_note(ctx, d, ev->handle, gs);
}

const hg_rule hg_rule_access_before_enter = {
    .id = HG_RULE_access_before_enter,
    .on_access = on_access,
};
