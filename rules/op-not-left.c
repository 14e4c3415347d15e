/*
 * op-not-left - a path leaves the function with a token still entered (or
 * entered with an untested result).  Reported at the return, or at the
 * closing brace when the function falls off its end.  See docs/semantics.md.
 */
#include <stdlib.h>
#include <string.h>

#include "fixit.h"
#include "rule.h"

/* ---- fix-it: leave before the return ------------------------------------ */

typedef struct scan {
  const hg_ctx *ctx;
  const hg_src *src;
  const char *arg;       /* the token as a leave takes it ("&op") */
  size_t from, to;       /* offsets: calls of leave functions in between */
  bool leave;
  size_t first_goto;     /* offset of the first goto, or SIZE_MAX */
  size_t last_leave;     /* offset of the last leave call, or 0 */
} scan;

/* A leave call of another token does not matter; a helper that leaves is
 * taken to leave this one. */
static bool leaves_token(const scan *sc, const hg_node *call) {
  const hg_config *cfg = hg_ctx_config(sc->ctx);
  if (!call->name || !hg_strlist_has(&cfg->leave, call->name) || call->nchildren < 2) return true;
  const hg_node *a = call->children[1];
  if (!a || !hg_fix_node_ok(sc->src, a)) return true;
  char *t = hg_src_copy(sc->src, a->range.begin.offset, a->range.end.offset);
  size_t k = 0;
  for (size_t i = 0; t[i]; i++)
    if (t[i] != ' ' && t[i] != '\t' && t[i] != '\n' && t[i] != '\r') t[k++] = t[i];
  t[k] = '\0';
  bool same = strcmp(t, sc->arg) == 0;
  free(t);
  return same;
}

static bool scan_visit(const hg_node *n, void *arg) {
  scan *sc = arg;
  if (n->kind == HG_N_GOTO && n->range.begin.offset < sc->first_goto)
    sc->first_goto = n->range.begin.offset;
  if (n->kind == HG_N_CALL && hg_fix_is_leave_call(sc->ctx, n) && leaves_token(sc, n)) {
    size_t o = n->range.begin.offset;
    if (o >= sc->from && o < sc->to) sc->leave = true;
    if (o > sc->last_leave) sc->last_leave = o;
  }
  return true;
}

static bool is_loop(const hg_node *n) {
  return n && (n->kind == HG_N_WHILE || n->kind == HG_N_DO || n->kind == HG_N_FOR);
}

/* The enter call of token `ti`, found by its location. */
typedef struct find_call {
  hg_loc at;
  const hg_node *call;
} find_call;

static bool find_call_visit(const hg_node *n, void *arg) {
  find_call *fc = arg;
  if (n->kind == HG_N_CALL && n->range.begin.file == fc->at.file &&
      n->range.begin.offset == fc->at.offset) {
    fc->call = n;
    return false;
  }
  return true;
}

/* Every path to `ret` (NULL: the closing brace) passed the enter of the
 * token successfully and did not leave since: the enter is a statement of a
 * block (`if (!enter(...)) return ...;`, or the call itself), `ret` lies in
 * a later statement of that block, nothing between them leaves, no loop
 * around `ret` (inside that block) leaves, and no goto jumps around. */
static bool safe_for(const hg_ctx *ctx, const hg_function *fn, const hg_src *src,
                     const hg_token_info *ti, const char *arg, const hg_node *ret,
                     const char **why) {
  find_call fc = {ti->enter_loc, NULL};
  hg_fix_walk(fn->body, find_call_visit, &fc);
  const char *name = fc.call ? fc.call->name : NULL;
  if (!fc.call || !name || !hg_config_find_enter(hg_ctx_config(ctx), name)) {
    *why = "the op is entered through a helper";
    return false;
  }
  /* the statement holding the enter */
  const hg_node *st = fc.call, *p = hg_fix_parent(fn->body, st);
  while (p && p->kind != HG_N_COMPOUND) {
    st = p;
    p = hg_fix_parent(fn->body, st);
  }
  const hg_node *call = NULL;
  if (!p || !hg_fix_enter_stmt(ctx, st, &call) || call != fc.call || !hg_fix_node_ok(src, st)) {
    *why = "the enter is not tested by an early return";
    return false;
  }
  uint32_t i = 0;
  while (i < p->nchildren && p->children[i] != st) i++;
  bool found = false;
  for (uint32_t j = i + 1; j < p->nchildren; j++) {
    const hg_node *c = p->children[j];
    if (c && (c->kind == HG_N_CASE || c->kind == HG_N_DEFAULT)) break;
    if (ret && hg_fix_node_within(c, ret)) found = true;
  }
  if (!ret) found = p == fn->body;
  if (!found) {
    *why = "this return is not reached only through the enter";
    return false;
  }
  size_t to = ret ? ret->range.begin.offset : fn->body_end.offset;
  scan sc = {ctx, src, arg, st->range.end.offset, to, false, SIZE_MAX, 0};
  hg_fix_walk(fn->body, scan_visit, &sc);
  if (sc.leave) {
    *why = "the op is left on some path before this return";
    return false;
  }
  if (sc.first_goto != SIZE_MAX && (sc.first_goto < st->range.begin.offset || sc.last_leave > to)) {
    *why = "a goto may reach this return after the op was left";
    return false;
  }
  /* a loop around the return that leaves in a later round */
  for (const hg_node *q = ret ? hg_fix_parent(fn->body, ret) : NULL; q && q != p;
       q = hg_fix_parent(fn->body, q)) {
    if (!is_loop(q)) continue;
    scan ls = {ctx, src, arg, 0, SIZE_MAX, false, SIZE_MAX, 0};
    hg_fix_walk(q, scan_visit, &ls);
    if (ls.leave) {
      *why = "a loop around this return leaves the op";
      return false;
    }
  }
  return true;
}

static void add_fix(hg_ctx *ctx, hg_diag *d, const hg_return_event *ev, const int *held, int n) {
  const hg_function *fn = hg_ctx_function(ctx);
  if (!fn || !fn->body) return;
  hg_src src;
  if (!hg_src_load(&src, hg_ctx_model(ctx), fn->body->range.begin.file)) return;
  hg_token_info tis[32];
  const char *why = NULL;
  for (int i = 0; i < n; i++) hg_ctx_token(ctx, held[i], &tis[i]);
  /* leave in the reverse order of entering */
  for (int i = 1; i < n; i++) {
    hg_token_info x = tis[i];
    int j = i;
    while (j > 0 && tis[j - 1].enter_loc.offset < x.enter_loc.offset) {
      tis[j] = tis[j - 1];
      j--;
    }
    tis[j] = x;
  }
  char texts[32][192];
  const char *leaves[32];
  for (int i = 0; i < n && !why; i++) {
    char arg[160];
    if (!hg_fix_token_arg(tis[i].key, arg, sizeof arg)) {
      why = "the op token has no fixed name";
      break;
    }
    if (!safe_for(ctx, fn, &src, &tis[i], arg, ev->ret, &why)) break;
    find_call fc = {tis[i].enter_loc, NULL};
    hg_fix_walk(fn->body, find_call_visit, &fc);
    const char *leave = hg_fix_leave_for(ctx, fc.call ? fc.call->name : NULL);
    if (!leave) {
      why = "no leave function is configured";
      break;
    }
    snprintf(texts[i], sizeof texts[i], "%s(%s);", leave, arg);
    leaves[i] = texts[i];
  }
  hg_fix fix;
  hg_fix_init(&fix, &src);
  if (!why) {
    const char *w = NULL;
    if (!hg_fix_leave_before(&fix, ctx, fn, ev->ret, leaves, n, ev->inner_handle < 0, &w))
      why = w ? w : "the return could not be rewritten";
  }
  if (why) {
    hg_fix_release(&fix);
    hg_diag_add_note(d, ev->loc, "no fix-it: %s", why);
  } else {
    hg_fix_attach(&fix, d);
  }
  hg_src_free(&src);
}

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
  add_fix(ctx, d, ev, held, n);
}

const hg_rule hg_rule_op_not_left = {
    .id = HG_RULE_op_not_left,
    .on_return = on_return,
};
