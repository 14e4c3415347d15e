/*
 * borrowed-return - an exported function hands its caller a pointer into a
 * handle's inner state (return value or out-parameter) instead of an owned
 * copy; the free function may drop what it points to at any time.  See
 * docs/semantics.md.
 */
#include <stdlib.h>
#include <string.h>

#include "fixit.h"
#include "rule.h"

/* ---- fix-it: hand out a strdup'd copy ------------------------------------- */

static bool is_string(const hg_type *t) {
  return (t->kind == HG_TY_POINTER || t->kind == HG_TY_ARRAY) && t->depth == 1 && t->base_is_char;
}

/* Reads only: no calls, assignments or increments. */
static bool pure(const hg_node *e, int depth) {
  if (!e) return true;
  if (depth > 32) return false;
  switch (e->kind) {
  case HG_N_CALL:
  case HG_N_ASSIGN:
  case HG_N_STMT_EXPR:
  case HG_N_OTHER_EXPR:
  case HG_N_COMPOUND_LIT:
    return false;
  case HG_N_UNARY:
    if (e->op == HG_OP_PREINC || e->op == HG_OP_PREDEC || e->op == HG_OP_POSTINC ||
        e->op == HG_OP_POSTDEC)
      return false;
    break;
  default:
    break;
  }
  for (uint32_t i = 0; i < e->nchildren; i++)
    if (!pure(e->children[i], depth + 1)) return false;
  return true;
}

/* Never null: an array, or arithmetic on one. */
static bool nonnull(const hg_node *e) {
  e = hg_node_strip_casts(e);
  if (!e) return false;
  if (e->type.kind == HG_TY_ARRAY || e->kind == HG_N_STRING_LIT) return true;
  if (e->kind == HG_N_BINARY && (e->op == HG_OP_ADD || e->op == HG_OP_SUB) && e->nchildren == 2)
    return nonnull(e->children[0]) || (e->op == HG_OP_ADD && nonnull(e->children[1]));
  return false;
}

/* The text that copies expression `e` of src: strdup(e), or, when e may be
 * null, e ? strdup(e) : NULL (e has no side effects, so reading it twice is
 * the same). */
static char *copy_text(const hg_ctx *ctx, const hg_src *src, const hg_node *e) {
  char *t = hg_src_copy(src, e->range.begin.offset, e->range.end.offset);
  size_t n = strlen(t) * 2 + 64;
  char *out = malloc(n);
  if (!out) abort();
  if (nonnull(e)) {
    snprintf(out, n, "strdup(%s)", t);
  } else {
    const hg_node *s = e;
    bool simple = s->kind == HG_N_VAR || s->kind == HG_N_MEMBER || s->kind == HG_N_SUBSCRIPT;
    snprintf(out, n, simple ? "%s ? strdup(%s) : %s" : "(%s) ? strdup(%s) : %s", t, t,
             hg_fix_null(ctx, src));
  }
  free(t);
  return out;
}

/* The uses of an alias variable, for moving the copy to where it is set. */
typedef struct alias_uses {
  int32_t var;
  const hg_node *def;        /* DECL with an initialiser, or the one ASSIGN */
  const hg_node *def_value;
  int ndefs;
  bool bad;                  /* address taken, written through, passed on */
  const hg_node *ret;        /* the flagged return */
  size_t def_end;
  bool other_return;         /* a return after the definition that hands out something else */
} alias_uses;

static bool is_var(const hg_node *e, int32_t var) {
  e = hg_node_strip_casts(e);
  return e && e->kind == HG_N_VAR && !(e->flags & HG_NF_GLOBAL) && e->ref == var;
}

static bool mentions_at(const hg_node *e, int32_t var, int depth) {
  if (!e || depth > 2000) return false;
  if (is_var(e, var)) return true;
  for (uint32_t i = 0; i < e->nchildren; i++)
    if (mentions_at(e->children[i], var, depth + 1)) return true;
  return false;
}

static bool mentions(const hg_node *e, int32_t var) { return mentions_at(e, var, 0); }

/* A null test of the variable: `v`, `!v`, `v == NULL`, `v != 0`. */
static bool null_test_at(const hg_node *c, int32_t var, int depth) {
  c = hg_node_strip_casts(c);
  if (!c || depth > 64) return false;
  if (is_var(c, var)) return true;
  if (c->kind == HG_N_UNARY && c->op == HG_OP_NOT && c->nchildren == 1)
    return null_test_at(c->children[0], var, depth + 1);
  if (c->kind == HG_N_BINARY && (c->op == HG_OP_EQ || c->op == HG_OP_NE) && c->nchildren == 2) {
    const hg_node *a = hg_node_strip_casts(c->children[0]), *b = hg_node_strip_casts(c->children[1]);
    return (is_var(a, var) && b && (b->kind == HG_N_NULL_PTR || b->kind == HG_N_INT_LIT)) ||
           (is_var(b, var) && a && (a->kind == HG_N_NULL_PTR || a->kind == HG_N_INT_LIT));
  }
  if (c->kind == HG_N_BINARY && (c->op == HG_OP_LAND || c->op == HG_OP_LOR) && c->nchildren == 2)
    return (null_test_at(c->children[0], var, depth + 1) || !mentions(c->children[0], var)) &&
           (null_test_at(c->children[1], var, depth + 1) || !mentions(c->children[1], var));
  return false;
}

static bool null_test(const hg_node *c, int32_t var) { return null_test_at(c, var, 0); }

static bool alias_visit(const hg_node *n, void *arg) {
  alias_uses *a = arg;
  if (a->bad) return false;
  switch (n->kind) {
  case HG_N_DECL:
    if (n->ref == a->var && n->nchildren > 0 && n->children[0]) {
      a->ndefs++;
      a->def = n;
      a->def_value = n->children[0];
    }
    return true;
  case HG_N_ASSIGN:
    if (n->nchildren == 2 && is_var(n->children[0], a->var)) {
      a->ndefs++;
      a->def = n;
      a->def_value = n->children[1];
      hg_fix_walk(n->children[1], alias_visit, a);
      return false;
    }
    if (n->nchildren == 2 && mentions(n->children[0], a->var)) a->bad = true;
    if (n->nchildren == 2 && n->op == HG_OP_ASSIGN && is_var(n->children[1], a->var))
      return false; /* handed out as it is (`*out = v`) */
    return true;
  case HG_N_RETURN:
    if (n->nchildren > 0 && is_var(n->children[0], a->var)) return false;
    if (n->nchildren > 0 && mentions(n->children[0], a->var)) a->bad = true;
    return true;
  case HG_N_IF:
  case HG_N_WHILE:
    if (n->nchildren > 0 && mentions(n->children[0], a->var) && !null_test(n->children[0], a->var))
      a->bad = true;
    if (n->nchildren > 0 && mentions(n->children[0], a->var)) {
      for (uint32_t i = 1; i < n->nchildren; i++) hg_fix_walk(n->children[i], alias_visit, a);
      return false;
    }
    return true;
  case HG_N_VAR:
    if (is_var(n, a->var)) a->bad = true; /* any other use */
    return true;
  default:
    return true;
  }
}

typedef struct later_returns {
  int32_t var;
  size_t after;
  bool other;
} later_returns;

static bool later_return_visit(const hg_node *n, void *arg) {
  later_returns *l = arg;
  if (n->kind == HG_N_RETURN && n->range.begin.offset >= l->after &&
      !(n->nchildren > 0 && is_var(n->children[0], l->var)))
    l->other = true;
  return true;
}

typedef struct exits {
  size_t from, to;
  bool found;
} exits;

static bool exits_visit(const hg_node *n, void *arg) {
  exits *x = arg;
  if ((n->kind == HG_N_RETURN || n->kind == HG_N_GOTO || n->kind == HG_N_BREAK ||
       n->kind == HG_N_CONTINUE || n->kind == HG_N_LABEL || n->kind == HG_N_CASE ||
       n->kind == HG_N_DEFAULT) &&
      n->range.begin.offset >= x->from && n->range.begin.offset < x->to)
    x->found = true;
  return true;
}

/* The store statement runs whenever the definition did: both are
 * statements of one block, the store later, nothing in between jumps. */
static bool store_follows(const hg_function *fn, const hg_node *def, const hg_node *store,
                          size_t def_end) {
  const hg_node *b1 = NULL, *b2 = NULL;
  if (!store || !hg_fix_in_block(fn->body, def, true, &b1) ||
      !hg_fix_in_block(fn->body, store, true, &b2) || b1 != b2)
    return false;
  if (store->range.begin.offset < def_end) return false;
  exits x = {def_end, store->range.begin.offset, false};
  hg_fix_walk(fn->body, exits_visit, &x);
  return !x.found;
}

/* Adds the fix-it (or a note why there is none) for a borrowed `value`
 * handed out by a return (`ret`) or a store through out-parameter `param`. */
static void add_fix(hg_ctx *ctx, hg_diag *d, const hg_node *value, const hg_node *ret,
                    const hg_node *store, const char *param) {
  const hg_function *fn = hg_ctx_function(ctx);
  if (!fn || !fn->body || !value || !is_string(&value->type)) return;
  hg_src src;
  if (!hg_src_load(&src, hg_ctx_model(ctx), fn->body->range.begin.file)) return;
  const char *why = NULL;
  hg_fix fix;
  hg_fix_init(&fix, &src);
  if (!hg_fix_have_strdup(ctx, &src)) {
    why = "strdup is not declared here; include <string.h> (with _POSIX_C_SOURCE >= 200809L "
          "or _DEFAULT_SOURCE before it) and hand out a copy";
    goto out;
  }
  const hg_node *e = hg_node_strip_casts(value);
  if (e->kind == HG_N_VAR && !(e->flags & HG_NF_GLOBAL) && e->ref >= (int32_t)fn->nparams) {
    /* an alias: copy where it is set, when that is the only place and the
     * copy is always handed out */
    alias_uses a;
    memset(&a, 0, sizeof a);
    a.var = e->ref;
    a.ret = ret;
    hg_fix_walk(fn->body, alias_visit, &a);
    size_t dend = 0;
    if (a.bad || a.ndefs != 1 || !a.def_value || !is_string(&a.def_value->type) ||
        !pure(a.def_value, 0) || !hg_fix_node_ok(&src, a.def) || !hg_fix_node_ok(&src, a.def_value) ||
        !hg_fix_stmt_end(&src, a.def, &dend)) {
      why = "the pointer is set or used in several places; copy it where it is read from the "
            "inner state";
      goto out;
    }
    later_returns l = {a.var, dend, false};
    if (ret) {
      hg_fix_walk(fn->body, later_return_visit, &l);
    } else if (!store_follows(fn, a.def, store, dend)) {
      why = "the pointer is not always stored once it is set, and the copy would leak; copy it "
          "where it is read from the inner state";
      goto out;
    }
    if (l.other) {
      why = "a later return hands out something else, and the copy would leak there; copy it "
            "where it is read from the inner state";
      goto out;
    }
    char *t = copy_text(ctx, &src, a.def_value);
    hg_fix_replace(&fix, a.def_value->range.begin.offset, a.def_value->range.end.offset, "%s", t);
    free(t);
    /* `const char *v = strdup(...)` returned as `char *` would lose the const */
    if (a.def->kind == HG_N_DECL && fn->ret.kind == HG_TY_POINTER && !fn->ret.pointee_is_const) {
      size_t b = a.def->range.begin.offset;
      if (strncmp(src.text + b, "const char", 10) == 0) hg_fix_replace(&fix, b, b + 6, "%s", "");
    }
  } else if (!hg_fix_node_ok(&src, value) || !pure(value, 0)) {
    why = "the pointer comes from a call or a macro; copy the string it points to with strdup "
          "before handing it out";
    goto out;
  } else {
    char *t = copy_text(ctx, &src, value);
    hg_fix_replace(&fix, value->range.begin.offset, value->range.end.offset, "%s", t);
    free(t);
  }
  if (!hg_fix_attach(&fix, d)) goto done;
  if (ret)
    hg_diag_add_note(d, d->loc,
                     "with the fix-it '%s' returns a copy: its callers own it and must free it; "
                     "say so in its header comment%s",
                     fn->name,
                     fn->ret.pointee_is_const ? ", and make the return type 'char *' so that "
                                                "they can free it without a cast"
                                              : "");
  else
    hg_diag_add_note(d, d->loc,
                     "with the fix-it '%s' stores a copy through '%s': its callers own it and "
                     "must free it; say so in its header comment",
                     fn->name, param ? param : "?");
  goto done;
out:
  hg_fix_release(&fix);
  hg_diag_add_note(d, d->loc, "no fix-it: %s", why);
done:
  hg_src_free(&src);
}

static void on_return(hg_ctx *ctx, const hg_return_event *ev) {
  if (!hg_ctx_is_exported(ctx) || ev->inner_handle < 0) return;
  if (hg_ctx_handle_fresh(ctx, ev->inner_handle)) return;
  hg_diag *d = hg_ctx_report(ctx, ev->loc,
                             "returns a pointer into inner state of handle '%s', which %s may "
                             "drop while the caller still uses it; return an owned copy (e.g. "
                             "strdup) instead",
                             hg_ctx_handle_name(ctx, ev->inner_handle),
                             hg_ctx_begin_free_name(ctx));
  if (d && ev->ret) add_fix(ctx, d, ev->value, ev->ret, NULL, NULL);
}

static void on_store(hg_ctx *ctx, const hg_store_event *ev) {
  if (!hg_ctx_is_exported(ctx) || ev->inner_handle < 0) return;
  if (hg_ctx_handle_fresh(ctx, ev->inner_handle)) return;
  hg_diag *d = hg_ctx_report(ctx, ev->loc,
                             "stores a pointer into inner state of handle '%s' through "
                             "out-parameter '%s'; %s may drop it while the caller still uses "
                             "it: store an owned copy instead",
                             hg_ctx_handle_name(ctx, ev->inner_handle),
                             ev->param ? ev->param : "?", hg_ctx_begin_free_name(ctx));
  if (d && ev->assign && ev->assign->kind == HG_N_ASSIGN && ev->assign->op == HG_OP_ASSIGN &&
      ev->assign->nchildren == 2)
    add_fix(ctx, d, ev->assign->children[1], NULL, ev->assign, ev->param);
}

const hg_rule hg_rule_borrowed_return = {
    .id = HG_RULE_borrowed_return,
    .on_return = on_return,
    .on_store = on_store,
};
