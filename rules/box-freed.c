/*
 * box-freed - a deallocator applied to a handle box that is not fresh (a
 * parameter, a global, a lookup result, or a local allocation after it was
 * handed out).  A static helper that frees its handle parameter is judged at
 * its call sites and reported inside the helper.  See docs/semantics.md.
 */
#include "rule.h"

static void on_call(hg_ctx *ctx, const hg_call_event *ev) {
  if (ev->kind != HG_CALL_DEALLOC_BOX) return;
  /* a helper freeing its own parameter: decided where it is called */
  if (!hg_ctx_is_exported(ctx) && hg_ctx_handle_is_param(ctx, ev->handle)) return;
  const char *h = hg_ctx_handle_name(ctx, ev->handle);
  const char *dealloc = ev->deallocator ? ev->deallocator : "free";
  char after[256];
  if (hg_ctx_config(ctx)->begin_free_returns_result)
    snprintf(after, sizeof after, "after %s returns %s", hg_ctx_begin_free_name(ctx),
             hg_ctx_drained_name(ctx));
  else
    snprintf(after, sizeof after, "after %s", hg_ctx_begin_free_name(ctx));
  hg_diag *d = hg_ctx_report(ctx, ev->free_loc,
                             "handle box '%s' is deallocated with '%s'; a late %s on it would "
                             "touch freed memory: leak the box and drop only the inner state %s",
                             h, dealloc, hg_ctx_enter_name(ctx), after);
  if (!d) return;
  if (ev->helper)
    hg_diag_add_note(d, ev->loc, "'%s' is passed to '%s' here", h, ev->helper->name);
  hg_loc where;
  if (hg_ctx_handle_handed_out(ctx, ev->handle, &where) && where.line)
    hg_diag_add_note(d, where, "'%s' was handed out here", h);
}

const hg_rule hg_rule_box_freed = {
    .id = HG_RULE_box_freed,
    .on_call = on_call,
};
