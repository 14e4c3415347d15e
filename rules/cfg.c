/*
 * cfg.c - builds a control-flow graph from a function's statement tree.
 *
 * The builder walks statements recursively (depth-bounded) and keeps a
 * "current block" into which elements are appended.  After a jump (return,
 * break, continue, goto, a lowered branch) there is no current block; the
 * next element opens a fresh block without predecessors, so unreachable code
 * still gets blocks but is never reached from the entry.
 */
#include "cfg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HG__NONE UINT32_MAX

typedef struct hg__jump_ctx {
  uint32_t brk;       /* block `break` jumps to */
  uint32_t cont;      /* block `continue` jumps to, HG__NONE for a switch */
  bool is_switch;
  uint32_t dispatch;  /* switch: the block holding the SWITCH terminator */
  bool has_default;
} hg__jump_ctx;

typedef struct hg__label {
  const char *name;
  uint32_t block;
  bool defined;
} hg__label;

typedef struct hg__builder {
  hg_cfg *c;
  uint32_t cur;
  hg__jump_ctx *ctx;
  uint32_t nctx, cap_ctx;
  hg__label *labels;
  uint32_t nlabels, cap_labels;
  uint32_t depth;
  bool failed;
  const char *why;
} hg__builder;

bool hg_cfg_is_noreturn(const char *name) {
  static const char *const names[] = {
      "abort", "exit", "_exit", "_Exit", "quick_exit", "__assert_fail", "__assert_rtn",
      "__assert", "__assert2", "_assert", "__builtin_unreachable", "__builtin_trap",
      "pthread_exit", "thrd_exit", "longjmp", "siglongjmp", "_longjmp", "__longjmp_chk",
      "err", "errx", "verr", "verrx", "__stack_chk_fail", NULL,
  };
  return hg_name_in_list(names, name);
}

static void hg__fail(hg__builder *b, const char *why) {
  if (!b->failed) {
    b->failed = true;
    b->why = why;
  }
}

static uint32_t hg__new_block(hg__builder *b) {
  hg_cfg *c = b->c;
  if (c->nblocks == c->cap_blocks) {
    c->cap_blocks = c->cap_blocks ? c->cap_blocks * 2 : 16;
    c->blocks = hg_xrealloc(c->blocks, c->cap_blocks * sizeof *c->blocks);
  }
  hg_cfg_block *blk = &c->blocks[c->nblocks];
  memset(blk, 0, sizeof *blk);
  blk->id = c->nblocks;
  blk->term = HG_CT_NONE;
  return c->nblocks++;
}

static void hg__add_succ(hg__builder *b, uint32_t from, uint32_t to, const hg_node *label) {
  hg_cfg_block *blk = &b->c->blocks[from];
  if (blk->nsuccs == blk->cap_succs) {
    blk->cap_succs = blk->cap_succs ? blk->cap_succs * 2 : 2;
    blk->succs = hg_xrealloc(blk->succs, blk->cap_succs * sizeof *blk->succs);
    blk->labels = hg_xrealloc(blk->labels, blk->cap_succs * sizeof *blk->labels);
  }
  blk->succs[blk->nsuccs] = to;
  blk->labels[blk->nsuccs] = label;
  blk->nsuccs++;
}

/* The current block, opening an unreachable one when there is none. */
static uint32_t hg__cur(hg__builder *b) {
  if (b->cur == HG__NONE) b->cur = hg__new_block(b);
  return b->cur;
}

static void hg__add_elem(hg__builder *b, hg_cfg_elem_kind kind, const hg_node *node,
                         const hg_node *target, int64_t value) {
  uint32_t cur = hg__cur(b); /* may grow the block array: index it afterwards */
  hg_cfg_block *blk = &b->c->blocks[cur];
  if (blk->nelems == blk->cap_elems) {
    blk->cap_elems = blk->cap_elems ? blk->cap_elems * 2 : 4;
    blk->elems = hg_xrealloc(blk->elems, blk->cap_elems * sizeof *blk->elems);
  }
  hg_cfg_elem *e = &blk->elems[blk->nelems++];
  e->kind = kind;
  e->node = node;
  e->target = target;
  e->value = value;
}

/* Ends the current block with a jump to `to`; afterwards there is no current block. */
static void hg__jump(hg__builder *b, uint32_t to) {
  uint32_t from = hg__cur(b);
  hg_cfg_block *blk = &b->c->blocks[from];
  blk->term = HG_CT_GOTO;
  hg__add_succ(b, from, to, NULL);
  b->cur = HG__NONE;
}

/* Falls through into `to`, which becomes the current block. */
static void hg__enter(hg__builder *b, uint32_t to) {
  if (b->cur != HG__NONE) hg__jump(b, to);
  b->cur = to;
}

static void hg__end_dead(hg__builder *b) {
  (void)hg__cur(b);
  b->cur = HG__NONE;
}

static const hg_node *hg__child(const hg_node *n, uint32_t i) {
  return n && i < n->nchildren ? n->children[i] : NULL;
}

static bool hg__is_lowered_value(const hg_node *n) {
  if (!n) return false;
  if (n->kind == HG_N_COND || n->kind == HG_N_STMT_EXPR) return true;
  return n->kind == HG_N_BINARY && (n->op == HG_OP_LAND || n->op == HG_OP_LOR);
}

static void hg__stmt(hg__builder *b, const hg_node *s);
static void hg__branch(hg__builder *b, const hg_node *e, uint32_t t, uint32_t f);
static void hg__value_temp(hg__builder *b, const hg_node *e);

/* Lowers the conditional sub-expressions of `e` (not `e` itself) that are in
 * value context, in evaluation order. */
static void hg__prelower(hg__builder *b, const hg_node *e) {
  if (!e || b->failed) return;
  if (++b->depth > HG_CFG_MAX_DEPTH) {
    hg__fail(b, "expression nesting too deep");
    b->depth--;
    return;
  }
  for (uint32_t i = 0; i < e->nchildren; i++) {
    const hg_node *ch = e->children[i];
    if (!ch) continue;
    if (hg__is_lowered_value(ch))
      hg__value_temp(b, ch);
    else
      hg__prelower(b, ch);
  }
  b->depth--;
}

/* Lowers `e` itself when it is conditional, else its sub-expressions. */
static void hg__prelower_self(hg__builder *b, const hg_node *e) {
  if (hg__is_lowered_value(e))
    hg__value_temp(b, e);
  else
    hg__prelower(b, e);
}

static bool hg__is_expr_kind(hg_node_kind k) { return k >= HG_N_CALL; }

/* Computes the value of a conditional expression or statement expression `e`
 * into its temporary. */
static void hg__value_temp(hg__builder *b, const hg_node *e) {
  if (b->failed) return;
  if (++b->depth > HG_CFG_MAX_DEPTH) {
    hg__fail(b, "expression nesting too deep");
    b->depth--;
    return;
  }
  if (e->kind == HG_N_STMT_EXPR) {
    const hg_node *body = hg__child(e, 0);
    if (body && body->kind == HG_N_COMPOUND && body->nchildren > 0) {
      for (uint32_t i = 0; i + 1 < body->nchildren; i++) hg__stmt(b, body->children[i]);
      const hg_node *last = body->children[body->nchildren - 1];
      if (last && hg__is_expr_kind(last->kind)) {
        hg__prelower_self(b, last);
        hg__add_elem(b, HG_CE_TEMP, last, e, 0);
      } else {
        hg__stmt(b, last);
      }
    } else if (body) {
      hg__stmt(b, body);
    }
  } else if (e->kind == HG_N_COND) {
    const hg_node *c = hg__child(e, 0), *x = hg__child(e, 1), *y = hg__child(e, 2);
    uint32_t join = hg__new_block(b);
    if (!x) {
      /* GNU a ?: b -- the value of `a` when it is true; the condition is
       * evaluated once, into the temporary, and the branch tests it. */
      uint32_t my = hg__new_block(b);
      hg__prelower_self(b, c);
      hg__add_elem(b, HG_CE_TEMP, c, e, 0);
      uint32_t from = hg__cur(b);
      hg_cfg_block *blk = &b->c->blocks[from];
      blk->term = HG_CT_BRANCH;
      blk->cond = e;
      hg__add_succ(b, from, join, NULL);
      hg__add_succ(b, from, my, NULL);
      b->cur = my;
      hg__prelower_self(b, y);
      if (y) hg__add_elem(b, HG_CE_TEMP, y, e, 0);
      hg__enter(b, join);
    } else {
      uint32_t mx = hg__new_block(b), my = hg__new_block(b);
      hg__branch(b, c, mx, my);
      b->cur = mx;
      hg__prelower_self(b, x);
      hg__add_elem(b, HG_CE_TEMP, x, e, 0);
      hg__jump(b, join);
      b->cur = my;
      hg__prelower_self(b, y);
      if (y) hg__add_elem(b, HG_CE_TEMP, y, e, 0);
      hg__enter(b, join);
    }
  } else { /* && or || */
    const hg_node *l = hg__child(e, 0), *r = hg__child(e, 1);
    uint32_t mr = hg__new_block(b), mt = hg__new_block(b), mf = hg__new_block(b);
    uint32_t join = hg__new_block(b);
    if (e->op == HG_OP_LAND)
      hg__branch(b, l, mr, mf);
    else
      hg__branch(b, l, mt, mr);
    b->cur = mr;
    hg__branch(b, r, mt, mf);
    b->cur = mt;
    hg__add_elem(b, HG_CE_TEMP_CONST, NULL, e, 1);
    hg__jump(b, join);
    b->cur = mf;
    hg__add_elem(b, HG_CE_TEMP_CONST, NULL, e, 0);
    hg__enter(b, join);
  }
  b->depth--;
}

static const hg_node *hg__strip_value_casts(const hg_node *e) {
  while (e && e->kind == HG_N_CAST && !(e->flags & HG_NF_TO_VOID) && e->nchildren > 0 &&
         e->children[0]) {
    const hg_node *in = e->children[0];
    if (in->kind == HG_N_UNARY || in->kind == HG_N_BINARY || in->kind == HG_N_COND ||
        in->kind == HG_N_CAST)
      e = in;
    else
      break;
  }
  return e;
}

/* Branches to t when `e` is true, to f when false.  No current block after. */
static void hg__branch(hg__builder *b, const hg_node *e, uint32_t t, uint32_t f) {
  if (b->failed) {
    b->cur = HG__NONE;
    return;
  }
  if (!e) {
    hg__jump(b, t);
    return;
  }
  if (++b->depth > HG_CFG_MAX_DEPTH) {
    hg__fail(b, "condition nesting too deep");
    b->depth--;
    b->cur = HG__NONE;
    return;
  }
  const hg_node *s = hg__strip_value_casts(e);
  if (s->kind == HG_N_UNARY && s->op == HG_OP_NOT && hg__child(s, 0)) {
    hg__branch(b, s->children[0], f, t);
  } else if (s->kind == HG_N_BINARY && s->op == HG_OP_LAND) {
    uint32_t m = hg__new_block(b);
    hg__branch(b, hg__child(s, 0), m, f);
    b->cur = m;
    hg__branch(b, hg__child(s, 1), t, f);
  } else if (s->kind == HG_N_BINARY && s->op == HG_OP_LOR) {
    uint32_t m = hg__new_block(b);
    hg__branch(b, hg__child(s, 0), t, m);
    b->cur = m;
    hg__branch(b, hg__child(s, 1), t, f);
  } else if (s->kind == HG_N_BINARY && s->op == HG_OP_COMMA) {
    const hg_node *l = hg__child(s, 0);
    if (l) {
      hg__prelower_self(b, l);
      hg__add_elem(b, HG_CE_EVAL, l, NULL, 0);
    }
    hg__branch(b, hg__child(s, 1), t, f);
  } else if (s->kind == HG_N_COND && hg__child(s, 1)) {
    uint32_t mx = hg__new_block(b), my = hg__new_block(b);
    hg__branch(b, hg__child(s, 0), mx, my);
    b->cur = mx;
    hg__branch(b, hg__child(s, 1), t, f);
    b->cur = my;
    hg__branch(b, hg__child(s, 2), t, f);
  } else if (s->kind == HG_N_COND) { /* GNU a ?: b */
    uint32_t m = hg__new_block(b);
    hg__branch(b, hg__child(s, 0), t, m);
    b->cur = m;
    hg__branch(b, hg__child(s, 2), t, f);
  } else if (s->kind == HG_N_INT_LIT) {
    hg__jump(b, s->value ? t : f);
  } else {
    hg__prelower_self(b, e);
    uint32_t from = hg__cur(b);
    hg_cfg_block *blk = &b->c->blocks[from];
    blk->term = HG_CT_BRANCH;
    blk->cond = e;
    hg__add_succ(b, from, t, NULL);
    hg__add_succ(b, from, f, NULL);
    b->cur = HG__NONE;
  }
  b->depth--;
}

/* An expression used as a statement: its value is dropped. */
static void hg__expr_stmt(hg__builder *b, const hg_node *e) {
  if (!e || b->failed) return;
  const hg_node *s = e;
  while (s && s->kind == HG_N_CAST && s->nchildren > 0 && s->children[0] &&
         hg__is_lowered_value(s->children[0]))
    s = s->children[0];
  if (s->kind == HG_N_BINARY && (s->op == HG_OP_LAND || s->op == HG_OP_LOR)) {
    uint32_t mr = hg__new_block(b), join = hg__new_block(b);
    if (s->op == HG_OP_LAND)
      hg__branch(b, hg__child(s, 0), mr, join);
    else
      hg__branch(b, hg__child(s, 0), join, mr);
    b->cur = mr;
    hg__expr_stmt(b, hg__child(s, 1));
    hg__enter(b, join);
    return;
  }
  if (s->kind == HG_N_COND && hg__child(s, 1)) {
    uint32_t mx = hg__new_block(b), my = hg__new_block(b), join = hg__new_block(b);
    hg__branch(b, hg__child(s, 0), mx, my);
    b->cur = mx;
    hg__expr_stmt(b, hg__child(s, 1));
    hg__jump(b, join);
    b->cur = my;
    hg__expr_stmt(b, hg__child(s, 2));
    hg__enter(b, join);
    return;
  }
  if (s->kind == HG_N_STMT_EXPR) {
    hg__stmt(b, hg__child(s, 0));
    return;
  }
  if (s->kind == HG_N_BINARY && s->op == HG_OP_COMMA) {
    hg__expr_stmt(b, hg__child(s, 0));
    hg__expr_stmt(b, hg__child(s, 1));
    return;
  }
  hg__prelower(b, e);
  hg__add_elem(b, HG_CE_EVAL, e, NULL, 0);
  const hg_node *call = hg_node_strip_casts(e);
  if (call && call->kind == HG_N_CALL && hg_cfg_is_noreturn(call->name)) hg__end_dead(b);
}

static hg__jump_ctx *hg__push_ctx(hg__builder *b) {
  if (b->nctx == b->cap_ctx) {
    b->cap_ctx = b->cap_ctx ? b->cap_ctx * 2 : 8;
    b->ctx = hg_xrealloc(b->ctx, b->cap_ctx * sizeof *b->ctx);
  }
  hg__jump_ctx *x = &b->ctx[b->nctx++];
  memset(x, 0, sizeof *x);
  x->cont = HG__NONE;
  return x;
}

static uint32_t hg__label_block(hg__builder *b, const char *name, bool define) {
  for (uint32_t i = 0; i < b->nlabels; i++)
    if (strcmp(b->labels[i].name, name) == 0) {
      if (define) b->labels[i].defined = true;
      return b->labels[i].block;
    }
  if (b->nlabels == b->cap_labels) {
    b->cap_labels = b->cap_labels ? b->cap_labels * 2 : 8;
    b->labels = hg_xrealloc(b->labels, b->cap_labels * sizeof *b->labels);
  }
  hg__label *l = &b->labels[b->nlabels++];
  l->name = name;
  l->block = hg__new_block(b);
  l->defined = define;
  return l->block;
}

static hg__jump_ctx *hg__innermost(hg__builder *b, bool want_loop, bool want_switch) {
  for (uint32_t i = b->nctx; i-- > 0;) {
    hg__jump_ctx *x = &b->ctx[i];
    if (x->is_switch ? want_switch : want_loop) return x;
  }
  return NULL;
}

static void hg__case_label(hg__builder *b, const hg_node *s) {
  hg__jump_ctx *sw = hg__innermost(b, false, true);
  if (sw) {
    uint32_t l = hg__new_block(b);
    hg__enter(b, l);
    hg__add_succ(b, sw->dispatch, l, s);
    if (s->kind == HG_N_DEFAULT) sw->has_default = true;
  }
  hg__stmt(b, hg__child(s, 0));
}

static void hg__stmt(hg__builder *b, const hg_node *s) {
  if (!s || b->failed) return;
  if (++b->depth > HG_CFG_MAX_DEPTH) {
    hg__fail(b, "statement nesting too deep");
    b->depth--;
    return;
  }
  switch (s->kind) {
  case HG_N_COMPOUND:
    for (uint32_t i = 0; i < s->nchildren; i++) hg__stmt(b, s->children[i]);
    break;
  case HG_N_DECL:
    hg__prelower_self(b, hg__child(s, 0));
    hg__add_elem(b, HG_CE_DECL, s, NULL, 0);
    break;
  case HG_N_IF: {
    uint32_t t = hg__new_block(b), join = hg__new_block(b);
    uint32_t f = hg__child(s, 2) ? hg__new_block(b) : join;
    hg__branch(b, hg__child(s, 0), t, f);
    b->cur = t;
    hg__stmt(b, hg__child(s, 1));
    hg__enter(b, join);
    if (hg__child(s, 2)) {
      b->cur = f;
      hg__stmt(b, hg__child(s, 2));
      hg__enter(b, join);
    }
    b->cur = join;
    break;
  }
  case HG_N_WHILE: {
    uint32_t head = hg__new_block(b), body = hg__new_block(b), out = hg__new_block(b);
    hg__enter(b, head);
    hg__branch(b, hg__child(s, 0), body, out);
    hg__jump_ctx *x = hg__push_ctx(b);
    x->brk = out;
    x->cont = head;
    b->cur = body;
    hg__stmt(b, hg__child(s, 1));
    if (b->cur != HG__NONE) hg__jump(b, head);
    b->nctx--;
    b->cur = out;
    break;
  }
  case HG_N_DO: {
    uint32_t body = hg__new_block(b), cond = hg__new_block(b), out = hg__new_block(b);
    hg__enter(b, body);
    hg__jump_ctx *x = hg__push_ctx(b);
    x->brk = out;
    x->cont = cond;
    hg__stmt(b, hg__child(s, 0));
    b->nctx--;
    hg__enter(b, cond);
    hg__branch(b, hg__child(s, 1), body, out);
    b->cur = out;
    break;
  }
  case HG_N_FOR: {
    const hg_node *init = hg__child(s, 0), *cond = hg__child(s, 1), *inc = hg__child(s, 2);
    if (init) {
      if (init->kind == HG_N_DECL || init->kind == HG_N_COMPOUND)
        hg__stmt(b, init);
      else
        hg__expr_stmt(b, init);
    }
    uint32_t head = hg__new_block(b), body = hg__new_block(b), step = hg__new_block(b),
             out = hg__new_block(b);
    hg__enter(b, head);
    if (cond)
      hg__branch(b, cond, body, out);
    else
      hg__jump(b, body);
    hg__jump_ctx *x = hg__push_ctx(b);
    x->brk = out;
    x->cont = step;
    b->cur = body;
    hg__stmt(b, hg__child(s, 3));
    b->nctx--;
    hg__enter(b, step);
    if (inc) hg__expr_stmt(b, inc);
    hg__jump(b, head);
    b->cur = out;
    break;
  }
  case HG_N_SWITCH: {
    const hg_node *cond = hg__child(s, 0);
    hg__prelower_self(b, cond);
    uint32_t dispatch = hg__cur(b);
    hg_cfg_block *blk = &b->c->blocks[dispatch];
    blk->term = HG_CT_SWITCH;
    blk->cond = cond;
    b->cur = HG__NONE;
    uint32_t out = hg__new_block(b);
    hg__jump_ctx *x = hg__push_ctx(b);
    x->brk = out;
    x->is_switch = true;
    x->dispatch = dispatch;
    uint32_t ctx_index = b->nctx - 1;
    hg__stmt(b, hg__child(s, 1));
    bool has_default = b->ctx[ctx_index].has_default;
    b->nctx--;
    if (!has_default) hg__add_succ(b, dispatch, out, NULL);
    hg__enter(b, out);
    break;
  }
  case HG_N_CASE:
  case HG_N_DEFAULT:
    hg__case_label(b, s);
    break;
  case HG_N_LABEL: {
    if (!s->name) {
      hg__stmt(b, hg__child(s, 0));
      break;
    }
    uint32_t l = hg__label_block(b, s->name, true);
    hg__enter(b, l);
    hg__stmt(b, hg__child(s, 0));
    break;
  }
  case HG_N_GOTO:
    if (!s->name) {
      hg__fail(b, "computed goto");
      break;
    }
    hg__jump(b, hg__label_block(b, s->name, false));
    break;
  case HG_N_BREAK: {
    hg__jump_ctx *x = hg__innermost(b, true, true);
    if (x)
      hg__jump(b, x->brk);
    else
      hg__end_dead(b);
    break;
  }
  case HG_N_CONTINUE: {
    hg__jump_ctx *x = hg__innermost(b, true, false);
    if (x)
      hg__jump(b, x->cont);
    else
      hg__end_dead(b);
    break;
  }
  case HG_N_NULL_STMT:
    break;
  case HG_N_RETURN:
    hg__prelower_self(b, hg__child(s, 0));
    hg__add_elem(b, HG_CE_RETURN, s, NULL, 0);
    hg__jump(b, b->c->exit);
    break;
  case HG_N_OTHER_STMT:
    hg__prelower(b, s);
    hg__add_elem(b, HG_CE_EVAL, s, NULL, 0);
    break;
  default:
    if (hg__is_expr_kind(s->kind))
      hg__expr_stmt(b, s);
    break;
  }
  b->depth--;
}

hg_cfg *hg_cfg_build(const hg_function *f, const char **why) {
  if (why) *why = NULL;
  if (!f || !f->body) {
    if (why) *why = "no body";
    return NULL;
  }
  hg__builder b;
  memset(&b, 0, sizeof b);
  b.c = calloc(1, sizeof *b.c);
  if (!b.c) abort();
  b.c->fn = f;
  b.cur = HG__NONE;
  b.c->entry = hg__new_block(&b);
  b.c->exit = hg__new_block(&b);
  b.cur = b.c->entry;
  hg__stmt(&b, f->body);
  if (!b.failed) {
    for (uint32_t i = 0; i < b.nlabels; i++)
      if (!b.labels[i].defined) hg__fail(&b, "goto to an undefined label");
  }
  if (!b.failed && b.cur != HG__NONE) {
    hg__add_elem(&b, HG_CE_IMPLICIT_RETURN, NULL, NULL, 0);
    hg__jump(&b, b.c->exit);
  }
  free(b.ctx);
  free(b.labels);
  if (b.failed) {
    if (why) *why = b.why;
    hg_cfg_free(b.c);
    return NULL;
  }
  for (uint32_t i = 0; i < b.c->nblocks; i++) {
    hg_cfg_block *blk = &b.c->blocks[i];
    for (uint32_t k = 0; k < blk->nsuccs; k++) b.c->blocks[blk->succs[k]].npreds++;
  }
  return b.c;
}

void hg_cfg_free(hg_cfg *c) {
  if (!c) return;
  for (uint32_t i = 0; i < c->nblocks; i++) {
    free(c->blocks[i].elems);
    free(c->blocks[i].succs);
    free(c->blocks[i].labels);
  }
  free(c->blocks);
  free(c);
}

static void hg__dump_node(const hg_node *n, FILE *out) {
  if (!n) {
    fputs("-", out);
    return;
  }
  fprintf(out, "%s", hg_node_kind_name(n->kind));
  if (n->op != HG_OP_NONE) fprintf(out, "(%s)", hg_op_kind_name(n->op));
  if (n->name) fprintf(out, ":%s", n->name);
  if (n->kind == HG_N_INT_LIT) fprintf(out, ":%lld", (long long)n->value);
  if (n->range.begin.line) fprintf(out, "@%u", n->range.begin.line);
}

void hg_cfg_dump(const hg_cfg *c, FILE *out) {
  static const char *const ek[] = {"eval", "decl", "temp", "tempc", "return", "implicit-return"};
  for (uint32_t i = 0; i < c->nblocks; i++) {
    const hg_cfg_block *blk = &c->blocks[i];
    fprintf(out, "B%u%s%s (preds %u)\n", blk->id, i == c->entry ? " entry" : "",
            i == c->exit ? " exit" : "", blk->npreds);
    for (uint32_t k = 0; k < blk->nelems; k++) {
      const hg_cfg_elem *e = &blk->elems[k];
      fprintf(out, "  %s ", ek[e->kind]);
      hg__dump_node(e->node, out);
      if (e->kind == HG_CE_TEMP || e->kind == HG_CE_TEMP_CONST) {
        fputs(" -> ", out);
        hg__dump_node(e->target, out);
        if (e->kind == HG_CE_TEMP_CONST) fprintf(out, " = %lld", (long long)e->value);
      }
      fputc('\n', out);
    }
    switch (blk->term) {
    case HG_CT_NONE: fputs("  end\n", out); break;
    case HG_CT_GOTO: fprintf(out, "  goto B%u\n", blk->succs[0]); break;
    case HG_CT_BRANCH:
      fputs("  branch ", out);
      hg__dump_node(blk->cond, out);
      fprintf(out, " ? B%u : B%u\n", blk->succs[0], blk->succs[1]);
      break;
    case HG_CT_SWITCH:
      fputs("  switch ", out);
      hg__dump_node(blk->cond, out);
      for (uint32_t k = 0; k < blk->nsuccs; k++) {
        const hg_node *l = blk->labels[k];
        if (!l)
          fprintf(out, " nomatch->B%u", blk->succs[k]);
        else if (l->kind == HG_N_DEFAULT)
          fprintf(out, " default->B%u", blk->succs[k]);
        else
          fprintf(out, " %lld->B%u", (long long)l->value, blk->succs[k]);
      }
      fputc('\n', out);
      break;
    }
  }
}
