/*
 * mkmodel.h - a tiny DSL for building models by hand in unit tests.
 * Every node gets the line number the test passes, so tests can say where
 * a diagnostic must land.  Header-only; each test includes it once.
 */
#ifndef HG_RULES_TESTS_MKMODEL_H
#define HG_RULES_TESTS_MKMODEL_H

#include <stdarg.h>
#include <string.h>

#include "model.h"

static hg_model *M;

static inline hg_type ty_int(void) {
  hg_type t = hg_type_unknown();
  t.kind = t.base = HG_TY_INT;
  t.spelling = "int";
  return t;
}
static inline hg_type ty_bool(void) {
  hg_type t = hg_type_unknown();
  t.kind = t.base = HG_TY_BOOL;
  t.spelling = "_Bool";
  return t;
}
static inline hg_type ty_void(void) {
  hg_type t = hg_type_unknown();
  t.kind = t.base = HG_TY_VOID;
  return t;
}
static inline hg_type ty_rec(int32_t rec, int depth) {
  hg_type t = hg_type_unknown();
  t.kind = depth ? HG_TY_POINTER : HG_TY_RECORD;
  t.base = HG_TY_RECORD;
  t.depth = (uint8_t)depth;
  t.record = rec;
  return t;
}

static hg_node *N(hg_node_kind k, uint32_t line) {
  hg_node *n = hg_node_new(M, k);
  n->range.begin.line = line;
  n->range.begin.col = 1;
  n->range.end = n->range.begin;
  return n;
}

static inline hg_node *kids(hg_node *n, int count, ...) {
  va_list ap;
  va_start(ap, count);
  for (int i = 0; i < count; i++) hg_node_add_child(M, n, va_arg(ap, hg_node *));
  va_end(ap);
  return n;
}

static inline hg_node *block(uint32_t line, int count, ...) {
  hg_node *n = N(HG_N_COMPOUND, line);
  va_list ap;
  va_start(ap, count);
  for (int i = 0; i < count; i++) hg_node_add_child(M, n, va_arg(ap, hg_node *));
  va_end(ap);
  return n;
}

static hg_function *FN; /* the function being built */

static inline hg_node *var(int32_t ref, uint32_t line) {
  hg_node *n = N(HG_N_VAR, line);
  n->ref = ref;
  n->name = FN->vars[ref].name;
  n->type = FN->vars[ref].type;
  return n;
}

static inline hg_node *ilit(int64_t v, uint32_t line) {
  hg_node *n = N(HG_N_INT_LIT, line);
  n->value = v;
  n->type = ty_int();
  return n;
}

static inline hg_node *call(const char *name, uint32_t line, hg_type ret, int count, ...) {
  hg_node *n = N(HG_N_CALL, line);
  n->name = hg_model_strdup(M, name);
  n->type = ret;
  hg_node *callee = N(HG_N_FUNC_REF, line);
  callee->name = n->name;
  hg_node_add_child(M, n, callee);
  va_list ap;
  va_start(ap, count);
  for (int i = 0; i < count; i++) hg_node_add_child(M, n, va_arg(ap, hg_node *));
  va_end(ap);
  return n;
}

static inline hg_node *un(hg_op_kind op, hg_node *x, uint32_t line) {
  hg_node *n = N(HG_N_UNARY, line);
  n->op = op;
  return kids(n, 1, x);
}

static inline hg_node *bin(hg_op_kind op, hg_node *a, hg_node *b, uint32_t line) {
  hg_node *n = N(HG_N_BINARY, line);
  n->op = op;
  return kids(n, 2, a, b);
}

static inline hg_node *assign(hg_node *a, hg_node *b, uint32_t line) {
  hg_node *n = N(HG_N_ASSIGN, line);
  n->op = HG_OP_ASSIGN;
  return kids(n, 2, a, b);
}

static inline hg_node *member(hg_node *base, int32_t rec, int32_t field, uint32_t line) {
  hg_node *n = N(HG_N_MEMBER, line);
  n->flags = HG_NF_ARROW;
  n->record = rec;
  n->ref = field;
  n->name = M->records[rec].fields[field].name;
  n->type = M->records[rec].fields[field].type;
  return kids(n, 1, base);
}

static inline hg_node *decl(int32_t ref, hg_node *init, uint32_t line) {
  hg_node *n = N(HG_N_DECL, line);
  n->ref = ref;
  if (init) hg_node_add_child(M, n, init);
  return n;
}

static inline hg_node *ret(hg_node *v, uint32_t line) {
  hg_node *n = N(HG_N_RETURN, line);
  if (v) hg_node_add_child(M, n, v);
  return n;
}

static inline hg_node *if_(hg_node *c, hg_node *t, hg_node *e, uint32_t line) {
  hg_node *n = N(HG_N_IF, line);
  kids(n, 2, c, t);
  if (e) hg_node_add_child(M, n, e);
  return n;
}

static inline hg_node *label(const char *name, hg_node *sub, uint32_t line) {
  hg_node *n = N(HG_N_LABEL, line);
  n->name = hg_model_strdup(M, name);
  if (sub) hg_node_add_child(M, n, sub);
  return n;
}

static inline hg_node *goto_(const char *name, uint32_t line) {
  hg_node *n = N(HG_N_GOTO, line);
  n->name = name ? hg_model_strdup(M, name) : NULL;
  return n;
}

static inline hg_node *case_(int64_t v, hg_node *sub, uint32_t line) {
  hg_node *n = N(HG_N_CASE, line);
  n->value = v;
  n->flags = HG_NF_HAS_VALUE;
  if (sub) hg_node_add_child(M, n, sub);
  return n;
}

/* The usual fixture: struct hg_guard, struct kv_inner { int n; },
 * struct kv { hg_guard guard; struct kv_inner *inner; int count; }. */
static int32_t R_GUARD, R_INNER, R_KV;

static inline void fixture(void) {
  M = hg_model_new("t.c");
  hg_model_add_file(M, "t.c", true, false);
  R_GUARD = (int32_t)hg_model_add_record(M, "hg_guard");
  hg_field f;
  memset(&f, 0, sizeof f);
  f.name = "word";
  f.type = ty_int();
  M->records[R_GUARD].is_complete = true;
  hg_record_add_field(M, &M->records[R_GUARD], &f);
  R_INNER = (int32_t)hg_model_add_record(M, "kv_inner");
  M->records[R_INNER].is_complete = true;
  f.name = "n";
  f.type = ty_int();
  hg_record_add_field(M, &M->records[R_INNER], &f);
  R_KV = (int32_t)hg_model_add_record(M, "kv");
  M->records[R_KV].is_complete = true;
  f.name = "guard";
  f.type = ty_rec(R_GUARD, 0);
  hg_record_add_field(M, &M->records[R_KV], &f);
  f.name = "inner";
  f.type = ty_rec(R_INNER, 1);
  hg_record_add_field(M, &M->records[R_KV], &f);
  f.name = "count";
  f.type = ty_int();
  hg_record_add_field(M, &M->records[R_KV], &f);
}

/* A function `name`; returns it with FN set.  Variables are added with addvar. */
static inline hg_function *function(const char *name, hg_type ret_type, bool is_static) {
  uint32_t i = hg_model_add_function(M, name);
  FN = &M->functions[i];
  FN->has_body = true;
  FN->is_static = is_static;
  FN->ret = ret_type;
  return FN;
}

static inline int32_t addvar(const char *name, hg_type t, bool param) {
  hg_var v;
  memset(&v, 0, sizeof v);
  v.name = name;
  v.type = t;
  v.is_param = param;
  int32_t i = (int32_t)hg_function_add_var(M, FN, &v);
  if (param) FN->nparams++;
  return i;
}

/* &h->guard */
static inline hg_node *guard_of(int32_t h, uint32_t line) {
  hg_node *m = member(var(h, line), R_KV, 0, line);
  return un(HG_OP_ADDR, m, line);
}
/* h->inner->n */
static inline hg_node *inner_n(int32_t h, uint32_t line) {
  return member(member(var(h, line), R_KV, 1, line), R_INNER, 0, line);
}

#endif
