/*
 * access-before-enter - inner state of a handle used on a path of an op
 * where no enter of that handle has succeeded: before the enter, after a
 * failed enter, after the op left; directly, through an alias, or through a
 * helper that touches inner state without entering.  See docs/semantics.md.
 */
#include <stdlib.h>
#include <string.h>

#include "fixit.h"
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

/* Collects the RETURN nodes of a body. */
typedef struct returns {
  const hg_node *v[256];
  int n;
  bool overflow;
} returns;

static bool collect_return(const hg_node *n, void *arg) {
  returns *r = arg;
  if (n->kind != HG_N_RETURN) return true;
  if (r->n == 256) {
    r->overflow = true;
    return false;
  }
  r->v[r->n++] = n;
  return true;
}

static bool label_visit(const hg_node *n, void *arg) {
  if (n->kind == HG_N_LABEL) {
    *(bool *)arg = true;
    return false;
  }
  return true;
}

static bool has_label(const hg_node *n) {
  bool found = false;
  hg_fix_walk(n, label_visit, &found);
  return found;
}

/* Fix-it for an op that never enters: enter (and return the shutting-down
 * sentinel when that fails) before the first statement that touches inner
 * state, leave before every return after it and before the closing brace
 * of a void function.  One diagnostic per function carries it (the others
 * would propose the same edits). */
static void add_fix(hg_ctx *ctx, hg_diag *d, const hg_access_event *ev) {
  const hg_function *fn = hg_ctx_function(ctx);
  if (!fn || !fn->body || !hg_ctx_once(ctx, fn)) return;
  /* an op that enters somewhere has its accesses in the wrong place: no
   * mechanical fix */
  if (hg_fix_calls_protocol(ctx, fn->body)) return;
  const char *h = hg_ctx_handle_name(ctx, ev->handle);
  if (!hg_ctx_handle_is_param(ctx, ev->handle) || hg_fix_count_handle_vars(ctx, fn) != 1) {
    hg_diag_add_note(d, d->loc,
                     "no fix-it: enter '%s' at the top of '%s' by hand (the op uses several "
                     "handles, or the handle is not a parameter)",
                     h, fn->name);
    return;
  }
  hg_fix_proto proto;
  char guard[160];
  if (!hg_fix_proto_get(ctx, &proto) || !hg_fix_guard_expr(ctx, fn, h, guard, sizeof guard)) {
    hg_diag_add_note(d, d->loc,
                     "no fix-it: the guard of '%s' or the shape of %s is not known; enter the "
                     "guard at the top of '%s' by hand",
                     h, hg_ctx_enter_name(ctx), fn->name);
    return;
  }
  const char *blocking = NULL;
  if (hg_fix_blocks(ctx, fn->body, &blocking)) {
    hg_diag_add_note(d, d->loc,
                     "no fix-it: '%s' blocks (it calls '%s'); enter only around the accesses, "
                     "never across the blocking call",
                     fn->name, blocking ? blocking : "?");
    return;
  }
  hg_src src;
  if (!hg_src_load(&src, hg_ctx_model(ctx), fn->body->range.begin.file)) return;
  const hg_node *body = fn->body;
  size_t brace = body->range.begin.offset;
  char sentinel[192];
  char tok[32] = "";
  if (!hg_fix_node_ok(&src, body) || brace >= src.len || src.text[brace] != '{') goto out;
  if (proto.success != HG_ENTER_ALWAYS && !hg_fix_sentinel(ctx, fn, &src, sentinel, sizeof sentinel)) {
    hg_fix_note_sentinel(ctx, d, fn);
    goto out;
  }
  static const char *const toks[] = {"op", "op_", "hg_op_", "hg_op__", NULL};
  if (proto.arity == 2 &&
      !hg_fix_fresh_name(ctx, fn, &src, toks, proto.token_type, tok, sizeof tok))
    goto out;
  char call[256], decl[160] = "", gate[512], leave[256];
  if (proto.arity == 2) {
    snprintf(call, sizeof call, "%s(%s, &%s)", proto.enter, guard, tok);
    snprintf(decl, sizeof decl, "%s %s;", proto.token_type, tok);
    snprintf(leave, sizeof leave, "%s(&%s);", proto.leave, tok);
  } else {
    snprintf(call, sizeof call, "%s(%s)", proto.enter, guard);
    snprintf(leave, sizeof leave, "%s(%s);", proto.leave, guard);
  }
  char test[300] = "";
  if (hg_fix_failed_test(proto.success, call, test, sizeof test))
    snprintf(gate, sizeof gate, "if (%s) %s", test, sentinel);
  else
    snprintf(gate, sizeof gate, "%s;", call);

  /* where to enter: before the first statement of the body that touches
   * the inner state (checks of the arguments, of the handle pointer itself,
   * stay before it and return without entering) */
  hg_fix_inner in;
  if (!hg_fix_inner_init(&in, ctx, fn, h)) goto out;
  uint32_t k = 0;
  while (k < body->nchildren && !hg_fix_inner_under(&in, body->children[k])) k++;
  hg_fix_inner_free(&in);
  const hg_node *first = k < body->nchildren ? body->children[k] : NULL;
  if (!first || !hg_fix_node_ok(&src, first)) goto out;
  bool label = first->kind == HG_N_LABEL;
  for (uint32_t j = 0; j < k; j++)
    if (has_label(body->children[j])) label = true;
  if (label) {
    hg_diag_add_note(d, d->loc,
                     "no fix-it: a label comes before the first access, so a goto could enter "
                     "twice; enter the guard in '%s' by hand",
                     fn->name);
    goto out;
  }
  size_t at = first->range.begin.offset;

  hg_fix fix;
  hg_fix_init(&fix, &src);
  char indent[64], unit[32];
  hg_fix_body_indent(&src, fn, indent, sizeof indent, unit, sizeof unit);
  if (hg_src_first_on_line(&src, at)) {
    size_t ls = hg_src_line_start(&src, at);
    hg_src_indent(&src, at, indent, sizeof indent);
    if (*decl) hg_fix_replace(&fix, ls, ls, "%s%s\n", indent, decl);
    if (*test)
      hg_fix_replace(&fix, ls, ls, "%sif (%s)\n%s%s%s\n", indent, test, indent, unit, sentinel);
    else
      hg_fix_replace(&fix, ls, ls, "%s%s\n", indent, gate);
  } else {
    hg_fix_replace(&fix, at, at, "%s%s%s ", decl, *decl ? " " : "", gate);
  }
  returns rs;
  memset(&rs, 0, sizeof rs);
  hg_fix_walk(body, collect_return, &rs);
  const char *why = rs.overflow ? "too many returns" : NULL;
  const char *leaves[1] = {leave};
  for (int i = 0; !why && i < rs.n; i++)
    if (rs.v[i]->range.begin.offset >= at &&
        !hg_fix_leave_before(&fix, ctx, fn, rs.v[i], leaves, 1, false, &why) && !why)
      why = "a return could not be rewritten";
  if (!why && fn->ret.kind == HG_TY_VOID &&
      !hg_fix_leave_before(&fix, ctx, fn, NULL, leaves, 1, false, &why) && !why)
    why = "the end of the function could not be rewritten";
  if (why) {
    hg_fix_release(&fix);
    hg_diag_add_note(d, d->loc, "no fix-it: %s; enter the guard at the top of '%s' and leave "
                                 "before every return by hand",
                     why, fn->name);
    goto out;
  }
  hg_fix_attach(&fix, d);
out:
  hg_src_free(&src);
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
  if (d) add_fix(ctx, d, ev);
}

const hg_rule hg_rule_access_before_enter = {
    .id = HG_RULE_access_before_enter,
    .on_access = on_access,
};
