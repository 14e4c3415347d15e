/*
 * test_engine.c - hg_analyze on hand-built models: the canonical op stays
 * quiet; an access before the enter, after a failed enter held in a
 * variable, an op leaked on a goto path, correlated branches, a loop that
 * enters per round, and blocking through a helper chain.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "config.h"
#include "engine.h"
#include "mkmodel.h"

static hg_diags D;
static hg_config C;

static void run(void) {
  hg_diags_init(&D);
  hg_config_init(&C);
  hg_analyze(M, &C, &D);
}

static void done(void) {
  hg_diags_free(&D);
  hg_config_free(&C);
  hg_model_free(M);
}

static uint32_t count(hg_rule_id rule, uint32_t line) {
  uint32_t n = 0;
  for (size_t i = 0; i < D.n; i++)
    if (D.v[i].rule == rule && (line == 0 || D.v[i].loc.line == line)) n++;
  return n;
}

static void dump(void) {
  for (size_t i = 0; i < D.n; i++)
    fprintf(stderr, "  %u: %s: %s\n", D.v[i].loc.line, hg_rule_name(D.v[i].rule), D.v[i].message);
}

/* int op(kv *h) { hg_op op; ...body... } with vars h=0, op=1, ok=2 */
static void op_fn(void) {
  fixture();
  function("op", ty_int(), false);
  addvar("h", ty_rec(R_KV, 1), true);
  hg_type opt = hg_type_unknown();
  opt.kind = opt.base = HG_TY_RECORD;
  addvar("op", opt, false);
  addvar("ok", ty_bool(), false);
}

static hg_node *enter(uint32_t line) {
  return call("hg_try_enter", line, ty_bool(), 2, guard_of(0, line), un(HG_OP_ADDR, var(1, line), line));
}
static hg_node *leave(uint32_t line) {
  return call("hg_leave", line, ty_void(), 1, un(HG_OP_ADDR, var(1, line), line));
}

static void test_canonical_op_is_quiet(void **st) {
  (void)st;
  op_fn();
  /* if (!hg_try_enter(&h->guard, &op)) return -1; h->inner->n = 1; hg_leave(&op); return 0; */
  FN->body = block(1, 4, if_(un(HG_OP_NOT, enter(2), 2), ret(ilit(-1, 2), 2), NULL, 2),
                   assign(inner_n(0, 3), ilit(1, 3), 3), leave(4), ret(ilit(0, 5), 5));
  run();
  dump();
  assert_int_equal(D.n, 0);
  done();
}

static void test_access_before_enter(void **st) {
  (void)st;
  op_fn();
  /* h->count = 0; if (!enter) return -1; h->inner->n = 1; leave; h->count++; return 0; */
  FN->body = block(1, 5, assign(member(var(0, 2), R_KV, 2, 2), ilit(0, 2), 2),
                   if_(un(HG_OP_NOT, enter(3), 3), ret(ilit(-1, 3), 3), NULL, 3),
                   assign(inner_n(0, 4), ilit(1, 4), 4), leave(5),
                   un(HG_OP_POSTINC, member(var(0, 6), R_KV, 2, 6), 6));
  hg_node *r = ret(ilit(0, 7), 7);
  hg_node_add_child(M, FN->body, r);
  run();
  dump();
  assert_int_equal(count(HG_RULE_access_before_enter, 2), 1);
  assert_int_equal(count(HG_RULE_access_before_enter, 6), 1);
  assert_int_equal(D.n, 2);
  done();
}

static void test_failed_enter_in_variable(void **st) {
  (void)st;
  op_fn();
  /* bool ok = hg_try_enter(..); if (!ok) { h->count++; return -1; } h->inner->n = 1;
   * if (ok) hg_leave(&op); return 0; */
  FN->body = block(1, 5, decl(2, enter(2), 2),
                   if_(un(HG_OP_NOT, var(2, 3), 3),
                       block(3, 2, un(HG_OP_POSTINC, member(var(0, 4), R_KV, 2, 4), 4), ret(ilit(-1, 5), 5)),
                       NULL, 3),
                   assign(inner_n(0, 6), ilit(1, 6), 6), if_(var(2, 7), leave(7), NULL, 7),
                   ret(ilit(0, 8), 8));
  run();
  dump();
  assert_int_equal(count(HG_RULE_access_before_enter, 4), 1);
  assert_int_equal(D.n, 1); /* the correlated `if (ok) hg_leave` leaves on every entered path */
  done();
}

static void test_inverted_correlation_leaks(void **st) {
  (void)st;
  op_fn();
  /* bool ok = enter; if (!ok) return -1; h->inner->n = 1; if (!ok) leave; return 0; */
  FN->body = block(1, 5, decl(2, enter(2), 2), if_(un(HG_OP_NOT, var(2, 3), 3), ret(ilit(-1, 3), 3), NULL, 3),
                   assign(inner_n(0, 4), ilit(1, 4), 4),
                   if_(un(HG_OP_NOT, var(2, 5), 5), leave(5), NULL, 5), ret(ilit(0, 6), 6));
  run();
  dump();
  assert_int_equal(count(HG_RULE_op_not_left, 6), 1);
  assert_int_equal(D.n, 1);
  done();
}

static void test_goto_path_leaks(void **st) {
  (void)st;
  op_fn();
  addvar("rc", ty_int(), false); /* 3 */
  /* if (!enter) return -1; if (h->inner->n) { rc = 1; goto out; } hg_leave(&op); out: return rc; */
  FN->body = block(1, 4, if_(un(HG_OP_NOT, enter(2), 2), ret(ilit(-1, 2), 2), NULL, 2),
                   if_(inner_n(0, 3), block(3, 2, assign(var(3, 4), ilit(1, 4), 4), goto_("out", 5)), NULL, 3),
                   leave(6), label("out", ret(var(3, 8), 8), 7));
  run();
  dump();
  assert_int_equal(count(HG_RULE_op_not_left, 8), 1);
  assert_int_equal(D.n, 1);
  done();
}

static void test_unchecked_enter(void **st) {
  (void)st;
  op_fn();
  /* hg_try_enter(..); h->inner->n = 1; hg_leave(&op); return 0; */
  FN->body = block(1, 4, enter(2), assign(inner_n(0, 3), ilit(1, 3), 3), leave(4), ret(ilit(0, 5), 5));
  run();
  dump();
  assert_int_equal(count(HG_RULE_enter_unchecked, 2), 1);
  assert_int_equal(D.n, 1);
  done();
}

static void test_loop_enters_per_round(void **st) {
  (void)st;
  op_fn();
  /* for (;;) { if (!enter) return -1; if (h->inner->n) { leave; break; } leave; } return 0; */
  hg_node *f = N(HG_N_FOR, 2);
  kids(f, 4, NULL, NULL, NULL,
       block(2, 3, if_(un(HG_OP_NOT, enter(3), 3), ret(ilit(-1, 3), 3), NULL, 3),
             if_(inner_n(0, 4), block(4, 2, leave(5), N(HG_N_BREAK, 6)), NULL, 4), leave(7)));
  FN->body = block(1, 2, f, ret(ilit(0, 9), 9));
  run();
  dump();
  assert_int_equal(D.n, 0);
  done();
}

static void test_blocking_through_helper(void **st) {
  (void)st;
  fixture();
  /* static void flush_all(void) { usleep(10); } */
  function("flush_all", ty_void(), true);
  FN->body = block(20, 1, call("usleep", 21, ty_int(), 1, ilit(10, 21)));
  /* int op(kv *h) { if (!enter) return -1; flush_all(); leave; return 0; } */
  function("op", ty_int(), false);
  addvar("h", ty_rec(R_KV, 1), true);
  hg_type opt = hg_type_unknown();
  opt.kind = opt.base = HG_TY_RECORD;
  addvar("op", opt, false);
  hg_node *c = call("flush_all", 3, ty_void(), 0);
  c->ref = 0;
  FN->body = block(1, 4, if_(un(HG_OP_NOT, enter(2), 2), ret(ilit(-1, 2), 2), NULL, 2), c, leave(4),
                   ret(ilit(0, 5), 5));
  run();
  dump();
  assert_int_equal(count(HG_RULE_blocking_while_entered, 3), 1);
  assert_int_equal(D.n, 1);
  bool chain = false;
  for (uint32_t i = 0; i < D.v[0].nnotes; i++)
    if (strstr(D.v[0].notes[i].message, "'flush_all' calls 'usleep'")) chain = true;
  assert_true(chain);
  done();
}

static void test_enter_and_leave_wrappers(void **st) {
  (void)st;
  fixture();
  hg_type opt = hg_type_unknown();
  opt.kind = opt.base = HG_TY_RECORD;
  hg_type opp = opt;
  opp.kind = HG_TY_POINTER;
  opp.depth = 1;
  /* static bool my_enter(kv *h, hg_op *op) { return hg_try_enter(&h->guard, op); } */
  function("my_enter", ty_bool(), true);
  addvar("h", ty_rec(R_KV, 1), true);
  addvar("op", opp, true);
  FN->body = block(30, 1, ret(call("hg_try_enter", 31, ty_bool(), 2, guard_of(0, 31), var(1, 31)), 31));
  /* static void my_leave(hg_op *op) { hg_leave(op); } */
  function("my_leave", ty_void(), true);
  addvar("op", opp, true);
  FN->body = block(40, 1, call("hg_leave", 41, ty_void(), 1, var(0, 41)));
  /* int op(kv *h) { hg_op op; if (!my_enter(h, &op)) return -1; h->inner->n = 1; my_leave(&op);
   *   h->inner->n = 2; return 0; } */
  function("op", ty_int(), false);
  addvar("h", ty_rec(R_KV, 1), true);
  addvar("op", opt, false);
  hg_node *e = call("my_enter", 2, ty_bool(), 2, var(0, 2), un(HG_OP_ADDR, var(1, 2), 2));
  e->ref = 0;
  hg_node *l = call("my_leave", 4, ty_void(), 1, un(HG_OP_ADDR, var(1, 4), 4));
  l->ref = 1;
  FN->body = block(1, 5, if_(un(HG_OP_NOT, e, 2), ret(ilit(-1, 2), 2), NULL, 2),
                   assign(inner_n(0, 3), ilit(1, 3), 3), l, assign(inner_n(0, 5), ilit(2, 5), 5),
                   ret(ilit(0, 6), 6));
  run();
  dump();
  assert_int_equal(count(HG_RULE_access_before_enter, 5), 1); /* after the wrapped leave */
  assert_int_equal(D.n, 1);                                  /* line 3 is entered, nothing leaks */
  done();
}

/* Random trees of any shape (missing children, odd layouts, indices out of
 * range): the engine must neither crash nor loop. */
static uint32_t rng = 12345;
static uint32_t rnd(uint32_t n) {
  rng = rng * 1103515245u + 12345u;
  return (rng >> 8) % n;
}

static hg_node *random_tree(int depth) {
  if (depth <= 0 || rnd(5) == 0) {
    hg_node *leaf = N(rnd(3) ? HG_N_VAR : HG_N_INT_LIT, 1 + rnd(50));
    leaf->ref = (int32_t)rnd(FN->nvars + 2) - 1;
    if (leaf->ref >= 0 && (uint32_t)leaf->ref < FN->nvars) {
      leaf->name = FN->vars[leaf->ref].name;
      leaf->type = FN->vars[leaf->ref].type;
    }
    return leaf;
  }
  hg_node *n = N((hg_node_kind)rnd(HG_N__COUNT), 1 + rnd(50));
  n->op = (hg_op_kind)rnd(HG_OP__COUNT);
  n->ref = (int32_t)rnd(6) - 1;
  n->record = (int32_t)rnd(5) - 1;
  n->value = (int64_t)rnd(4);
  n->flags = rnd(64);
  static const char *const names[] = {"hg_try_enter", "hg_leave", "hg_begin_free", "hg_is_freeing",
                                      "free", "malloc", "usleep", "l1", "l2", NULL};
  const char *nm = names[rnd(10)];
  n->name = nm ? hg_model_strdup(M, nm) : NULL;
  if (rnd(3) == 0) n->type = ty_rec(R_KV, (int)rnd(2));
  if (rnd(4) == 0) n->type = ty_bool();
  uint32_t k = rnd(5);
  for (uint32_t i = 0; i < k; i++) hg_node_add_child(M, n, rnd(8) ? random_tree(depth - 1) : NULL);
  return n;
}

static void test_random_shapes_do_not_crash(void **st) {
  (void)st;
  for (int round = 0; round < 400; round++) {
    op_fn();
    FN->body = block(1, 0);
    for (int i = 0; i < 6; i++) hg_node_add_child(M, FN->body, random_tree(7));
    run();
    done();
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_canonical_op_is_quiet),   cmocka_unit_test(test_access_before_enter),
      cmocka_unit_test(test_failed_enter_in_variable), cmocka_unit_test(test_inverted_correlation_leaks),
      cmocka_unit_test(test_goto_path_leaks),          cmocka_unit_test(test_unchecked_enter),
      cmocka_unit_test(test_loop_enters_per_round),    cmocka_unit_test(test_blocking_through_helper),
      cmocka_unit_test(test_enter_and_leave_wrappers),
      cmocka_unit_test(test_random_shapes_do_not_crash),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
