/*
 * box-freed - a deallocator applied to a handle box that is not fresh (a
 * parameter, a global, a lookup result, or a local allocation after it was
 * handed out).  A static helper that frees its handle parameter is judged at
 * its call sites and reported inside the helper.  See docs/semantics.md.
 */
#include "fixit.h"
#include "rule.h"

/* Fix-it: the deallocation statement becomes a comment saying why the box
 * stays allocated.  Only for a call that is a whole statement of a block. */
static void add_fix(hg_ctx *ctx, hg_diag *d, const hg_call_event *ev) {
  const hg_function *fn = hg_ctx_function(ctx);
  const hg_node *call = ev->call;
  if (!fn || !fn->body || !call || ev->helper || ev->stmt != call) return;
  hg_src src;
  if (!hg_src_load(&src, hg_ctx_model(ctx), fn->body->range.begin.file)) return;
  size_t end;
  if (hg_fix_node_ok(&src, call) && hg_fix_in_block(fn->body, call, true, NULL) &&
      hg_fix_stmt_end(&src, call, &end) && end > call->range.end.offset) {
    hg_fix fix;
    hg_fix_init(&fix, &src);
    hg_fix_replace(&fix, call->range.begin.offset, end,
                   "/* handle box leaked on purpose: a late %s must land on valid memory */",
                   hg_ctx_enter_name(ctx));
    hg_fix_attach(&fix, d);
  }
  hg_src_free(&src);
}

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
  add_fix(ctx, d, ev);
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
