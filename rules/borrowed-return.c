/*
 * borrowed-return - an exported function hands its caller a pointer into a
 * handle's inner state (return value or out-parameter) instead of an owned
 * copy; the free function may drop what it points to at any time.  See
 * docs/semantics.md.
 */
#include "rule.h"

static void on_return(hg_ctx *ctx, const hg_return_event *ev) {
  if (!hg_ctx_is_exported(ctx) || ev->inner_handle < 0) return;
  if (hg_ctx_handle_fresh(ctx, ev->inner_handle)) return;
  hg_ctx_report(ctx, ev->loc,
                "returns a pointer into inner state of handle '%s', which %s may drop while "
                "the caller still uses it; return an owned copy (e.g. strdup) instead",
                hg_ctx_handle_name(ctx, ev->inner_handle), hg_ctx_begin_free_name(ctx));
}

static void on_store(hg_ctx *ctx, const hg_store_event *ev) {
  if (!hg_ctx_is_exported(ctx) || ev->inner_handle < 0) return;
  if (hg_ctx_handle_fresh(ctx, ev->inner_handle)) return;
  hg_ctx_report(ctx, ev->loc,
                "stores a pointer into inner state of handle '%s' through out-parameter '%s'; "
                "%s may drop it while the caller still uses it: store an owned copy instead",
                hg_ctx_handle_name(ctx, ev->inner_handle), ev->param ? ev->param : "?",
                hg_ctx_begin_free_name(ctx));
}

const hg_rule hg_rule_borrowed_return = {
    .id = HG_RULE_borrowed_return,
    .on_return = on_return,
    .on_store = on_store,
};
