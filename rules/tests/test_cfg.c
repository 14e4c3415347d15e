/*
 * test_cfg.c - the CFG builder on hand-built bodies: if/else joins, loops
 * with break/continue, switch with fallthrough and without default, goto
 * cleanup (forward and backward), && / || / ! lowering, value-context
 * conditionals, statement expressions, and the refusals (computed goto).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "cfg.h"
#include "mkmodel.h"

typedef struct shape {
  uint32_t reachable, branches, switches, returns, evals;
  bool exit_reachable;
} shape;

static shape measure(const hg_cfg *c) {
  shape s;
  memset(&s, 0, sizeof s);
  bool *seen = calloc(c->nblocks, 1);
  uint32_t *stack = calloc(c->nblocks + 1, sizeof *stack);
  uint32_t n = 0;
  stack[n++] = c->entry;
  seen[c->entry] = true;
  while (n) {
    const hg_cfg_block *b = &c->blocks[stack[--n]];
    s.reachable++;
    if (b->id == c->exit) s.exit_reachable = true;
    if (b->term == HG_CT_BRANCH) s.branches++;
    if (b->term == HG_CT_SWITCH) s.switches++;
    for (uint32_t i = 0; i < b->nelems; i++) {
      if (b->elems[i].kind == HG_CE_RETURN || b->elems[i].kind == HG_CE_IMPLICIT_RETURN) s.returns++;
      if (b->elems[i].kind == HG_CE_EVAL) s.evals++;
    }
    for (uint32_t i = 0; i < b->nsuccs; i++)
      if (!seen[b->succs[i]]) {
        seen[b->succs[i]] = true;
        stack[n++] = b->succs[i];
      }
  }
  free(seen);
  free(stack);
  return s;
}

static hg_node *stmt_call(const char *name, uint32_t line) { return call(name, line, ty_void(), 0); }

static void setup_fn(void) {
  fixture();
  function("f", ty_void(), false);
  addvar("c", ty_int(), true);
  addvar("d", ty_int(), true);
}

static void test_if_else_join(void **st) {
  (void)st;
  setup_fn();
  FN->body = block(1, 2, if_(var(0, 2), stmt_call("a", 3), stmt_call("b", 4), 2), stmt_call("j", 5));
  hg_cfg *c = hg_cfg_build(FN, NULL);
  assert_non_null(c);
  shape s = measure(c);
  assert_int_equal(s.branches, 1);
  assert_int_equal(s.evals, 3);
  assert_int_equal(s.returns, 1); /* implicit return of a void function */
  assert_true(s.exit_reachable);
  /* the join block holding j() has two predecessors */
  bool found = false;
  for (uint32_t i = 0; i < c->nblocks; i++)
    for (uint32_t k = 0; k < c->blocks[i].nelems; k++) {
      const hg_node *e = c->blocks[i].elems[k].node;
      if (e && e->kind == HG_N_CALL && strcmp(e->name, "j") == 0) {
        assert_int_equal(c->blocks[i].npreds, 2);
        found = true;
      }
    }
  assert_true(found);
  hg_cfg_free(c);
  hg_model_free(M);
}

static void test_logical_lowering(void **st) {
  (void)st;
  setup_fn();
  /* if (!(c && d) || c) a(); */
  hg_node *cond = bin(HG_OP_LOR, un(HG_OP_NOT, bin(HG_OP_LAND, var(0, 2), var(1, 2), 2), 2), var(0, 2), 2);
  FN->body = block(1, 1, if_(cond, stmt_call("a", 3), NULL, 2));
  hg_cfg *c = hg_cfg_build(FN, NULL);
  assert_non_null(c);
  shape s = measure(c);
  assert_int_equal(s.branches, 3); /* c, d, c: each atomic */
  for (uint32_t i = 0; i < c->nblocks; i++)
    if (c->blocks[i].term == HG_CT_BRANCH) assert_int_equal(c->blocks[i].cond->kind, HG_N_VAR);
  hg_cfg_free(c);
  hg_model_free(M);
}

static void test_value_conditional(void **st) {
  (void)st;
  setup_fn();
  /* d = c ? 1 : 2;  c && d; */
  hg_node *cond = N(HG_N_COND, 2);
  kids(cond, 3, var(0, 2), ilit(1, 2), ilit(2, 2));
  FN->body = block(1, 2, assign(var(1, 2), cond, 2), bin(HG_OP_LAND, var(0, 3), stmt_call("a", 3), 3));
  hg_cfg *c = hg_cfg_build(FN, NULL);
  assert_non_null(c);
  shape s = measure(c);
  assert_int_equal(s.branches, 2);
  uint32_t temps = 0;
  for (uint32_t i = 0; i < c->nblocks; i++)
    for (uint32_t k = 0; k < c->blocks[i].nelems; k++)
      if (c->blocks[i].elems[k].kind == HG_CE_TEMP) {
        assert_ptr_equal(c->blocks[i].elems[k].target, cond);
        temps++;
      }
  assert_int_equal(temps, 2);
  hg_cfg_free(c);
  hg_model_free(M);
}

static void test_loops(void **st) {
  (void)st;
  setup_fn();
  /* while (c) { if (d) break; a(); continue; b(); }  for (;;) { return; } */
  hg_node *w = N(HG_N_WHILE, 2);
  kids(w, 2, var(0, 2),
       block(2, 4, if_(var(1, 3), N(HG_N_BREAK, 3), NULL, 3), stmt_call("a", 4), N(HG_N_CONTINUE, 5),
             stmt_call("b", 6)));
  hg_node *f = N(HG_N_FOR, 8);
  kids(f, 4, NULL, NULL, NULL, block(8, 1, ret(NULL, 9)));
  FN->body = block(1, 2, w, f);
  hg_cfg *c = hg_cfg_build(FN, NULL);
  assert_non_null(c);
  shape s = measure(c);
  assert_int_equal(s.branches, 2);
  assert_int_equal(s.evals, 1);   /* b() after continue is unreachable */
  assert_int_equal(s.returns, 1); /* for(;;) never falls through to the end */
  assert_true(s.exit_reachable);
  hg_cfg_free(c);
  hg_model_free(M);
}

static void test_switch(void **st) {
  (void)st;
  setup_fn();
  /* switch (c) { case 1: a(); case 2: b(); break; } j(); */
  hg_node *sw = N(HG_N_SWITCH, 2);
  kids(sw, 2, var(0, 2),
       block(2, 3, case_(1, stmt_call("a", 3), 3), case_(2, stmt_call("b", 4), 4), N(HG_N_BREAK, 5)));
  FN->body = block(1, 2, sw, stmt_call("j", 7));
  hg_cfg *c = hg_cfg_build(FN, NULL);
  assert_non_null(c);
  shape s = measure(c);
  assert_int_equal(s.switches, 1);
  assert_int_equal(s.evals, 3);
  for (uint32_t i = 0; i < c->nblocks; i++)
    if (c->blocks[i].term == HG_CT_SWITCH) {
      assert_int_equal(c->blocks[i].nsuccs, 3); /* case 1, case 2, no match */
      assert_null(c->blocks[i].labels[2]);
    }
  hg_cfg_free(c);
  hg_model_free(M);
}

static void test_goto_cleanup(void **st) {
  (void)st;
  setup_fn();
  /* again: if (c) goto out; a(); if (d) goto again; out: b(); return; */
  FN->body = block(1, 5, label("again", if_(var(0, 2), goto_("out", 2), NULL, 2), 2), stmt_call("a", 3),
                   if_(var(1, 4), goto_("again", 4), NULL, 4), label("out", stmt_call("b", 5), 5),
                   ret(NULL, 6));
  hg_cfg *c = hg_cfg_build(FN, NULL);
  assert_non_null(c);
  shape s = measure(c);
  assert_int_equal(s.branches, 2);
  assert_int_equal(s.returns, 1);
  for (uint32_t i = 0; i < c->nblocks; i++)
    for (uint32_t k = 0; k < c->blocks[i].nelems; k++) {
      const hg_node *e = c->blocks[i].elems[k].node;
      if (e && e->kind == HG_N_CALL && strcmp(e->name, "b") == 0)
        assert_int_equal(c->blocks[i].npreds, 2); /* the goto and the fallthrough */
    }
  hg_cfg_free(c);
  hg_model_free(M);
}

static void test_noreturn_and_refusals(void **st) {
  (void)st;
  setup_fn();
  FN->body = block(1, 2, if_(var(0, 2), stmt_call("abort", 2), NULL, 2), stmt_call("a", 3));
  hg_cfg *c = hg_cfg_build(FN, NULL);
  assert_non_null(c);
  /* abort() ends its block without successor */
  for (uint32_t i = 0; i < c->nblocks; i++)
    for (uint32_t k = 0; k < c->blocks[i].nelems; k++) {
      const hg_node *e = c->blocks[i].elems[k].node;
      if (e && e->kind == HG_N_CALL && strcmp(e->name, "abort") == 0)
        assert_int_equal(c->blocks[i].nsuccs, 0);
    }
  hg_cfg_free(c);
  FN->body = block(1, 1, goto_(NULL, 2));
  const char *why = NULL;
  assert_null(hg_cfg_build(FN, &why));
  assert_non_null(why);
  /* a very deep else-if chain is refused, not overflowed */
  hg_node *deep = stmt_call("z", 1);
  for (int i = 0; i < HG_CFG_MAX_DEPTH + 10; i++) deep = if_(var(0, 1), stmt_call("a", 1), deep, 1);
  FN->body = block(1, 1, deep);
  assert_null(hg_cfg_build(FN, &why));
  hg_model_free(M);
}

static void test_stmt_expr(void **st) {
  (void)st;
  setup_fn();
  /* d = ({ if (c) return; 3; }); */
  hg_node *se = N(HG_N_STMT_EXPR, 2);
  kids(se, 1, block(2, 2, if_(var(0, 2), ret(NULL, 2), NULL, 2), ilit(3, 2)));
  FN->body = block(1, 1, assign(var(1, 2), se, 2));
  hg_cfg *c = hg_cfg_build(FN, NULL);
  assert_non_null(c);
  shape s = measure(c);
  assert_int_equal(s.branches, 1);
  assert_int_equal(s.returns, 2); /* the return inside, and the end of the body */
  hg_cfg_free(c);
  hg_model_free(M);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_if_else_join),  cmocka_unit_test(test_logical_lowering),
      cmocka_unit_test(test_value_conditional), cmocka_unit_test(test_loops),
      cmocka_unit_test(test_switch),        cmocka_unit_test(test_goto_cleanup),
      cmocka_unit_test(test_noreturn_and_refusals), cmocka_unit_test(test_stmt_expr),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
