/*
 * model_validate.c - hg_model_validate(): checks every invariant model.h
 * states, so that rules can index arrays and walk trees without checking.
 * Reports one line per problem and never crashes on a malformed model (NULL
 * arrays, out-of-range indexes; a cyclic tree is stopped by a node limit).
 */
#include "model.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

typedef struct hg__vctx {
  const hg_model *m;
  FILE *err;
  unsigned problems;
  /* current context, for messages */
  const char *where_kind; /* "record", "function", ... */
  const char *where_name;
  const hg_function *fn; /* function whose body is being checked */
} hg__vctx;

static void hg__bad(hg__vctx *v, const char *fmt, ...) {
  v->problems++;
  if (!v->err || v->problems > 200) return;
  fputs("model: ", v->err);
  if (v->where_kind)
    fprintf(v->err, "%s '%s': ", v->where_kind, v->where_name ? v->where_name : "?");
  va_list ap;
  va_start(ap, fmt);
  vfprintf(v->err, fmt, ap);
  va_end(ap);
  fputc('\n', v->err);
}

static void hg__check_loc(hg__vctx *v, const hg_loc *l, const char *what) {
  if (l->file >= v->m->nfiles) {
    hg__bad(v, "%s: file index %u out of range (%u files)", what, l->file, v->m->nfiles);
    return;
  }
  if (l->line == 0 && (l->col != 0 || l->offset != 0))
    hg__bad(v, "%s: line 0 (no location) with column %u / offset %u", what, l->col, l->offset);
  if (l->line != 0 && l->col == 0) hg__bad(v, "%s: line %u with column 0", what, l->line);
}

static void hg__check_range(hg__vctx *v, const hg_range *r, const char *what) {
  hg__check_loc(v, &r->begin, what);
  hg__check_loc(v, &r->end, what);
  if (r->begin.file == r->end.file && r->end.offset < r->begin.offset)
    hg__bad(v, "%s: range ends (offset %u) before it begins (offset %u)", what, r->end.offset,
            r->begin.offset);
  if (r->begin.file == r->end.file && r->end.line < r->begin.line)
    hg__bad(v, "%s: range ends on line %u before its first line %u", what, r->end.line,
            r->begin.line);
}

static bool hg__is_ptr_or_array(hg_type_kind k) { return k == HG_TY_POINTER || k == HG_TY_ARRAY; }

static void hg__check_type(hg__vctx *v, const hg_type *t, const char *what) {
  if ((unsigned)t->kind >= HG_TY__COUNT || (unsigned)t->base >= HG_TY__COUNT) {
    hg__bad(v, "%s: type kind %d / base %d out of range", what, (int)t->kind, (int)t->base);
    return;
  }
  if (t->kind == HG_TY_UNKNOWN && t->depth == 0 && t->base == HG_TY_UNKNOWN) {
    if (t->record != -1) hg__bad(v, "%s: unknown type with record %d", what, t->record);
    return;
  }
  if (!t->spelling) hg__bad(v, "%s: type without spelling", what);
  if (hg__is_ptr_or_array(t->kind) != (t->depth > 0))
    hg__bad(v, "%s: type '%s' of kind %s has depth %u", what, t->spelling ? t->spelling : "?",
            hg_type_kind_name(t->kind), t->depth);
  if (t->depth == 0 && t->base != t->kind)
    hg__bad(v, "%s: type '%s' has depth 0 but base %s != kind %s", what,
            t->spelling ? t->spelling : "?", hg_type_kind_name(t->base), hg_type_kind_name(t->kind));
  if (hg__is_ptr_or_array(t->base))
    hg__bad(v, "%s: type '%s' has a pointer/array base", what, t->spelling ? t->spelling : "?");
  if (t->depth == 0 && t->pointee_is_const)
    hg__bad(v, "%s: type '%s' has no pointee but pointee_is_const", what,
            t->spelling ? t->spelling : "?");
  if (t->base == HG_TY_RECORD) {
    if (t->record < 0 || (uint32_t)t->record >= v->m->nrecords)
      hg__bad(v, "%s: record type '%s' with record index %d (%u records)", what,
              t->spelling ? t->spelling : "?", t->record, v->m->nrecords);
  } else if (t->record != -1) {
    hg__bad(v, "%s: non-record type '%s' with record index %d", what,
            t->spelling ? t->spelling : "?", t->record);
  }
  if (t->base_is_char && t->base != HG_TY_INT)
    hg__bad(v, "%s: type '%s' has base_is_char on a non-integer base", what,
            t->spelling ? t->spelling : "?");
}

static void hg__check_strings(hg__vctx *v, const char *const *arr, uint32_t n, const char *what) {
  if (n && !arr) {
    hg__bad(v, "%s: %u entries but no array", what, n);
    return;
  }
  for (uint32_t i = 0; i < n; i++)
    if (!arr[i]) hg__bad(v, "%s[%u] is NULL", what, i);
}

/* ---- trees ----------------------------------------------------------------- */

static bool hg__is_unary_op(hg_op_kind op) { return op >= HG_OP_NOT && op <= HG_OP_POSTDEC; }
static bool hg__is_binary_op(hg_op_kind op) { return op >= HG_OP_ADD && op <= HG_OP_COMMA; }
static bool hg__is_compound_assign_op(hg_op_kind op) {
  return op >= HG_OP_ADD && op <= HG_OP_BITXOR;
}

static bool hg__is_stmt_kind(hg_node_kind k) { return k <= HG_N_OTHER_STMT; }

/* The "KIND node at line:col" context of a message, formatted only when a
 * problem is reported (hg__check_node runs for every node of every body). */
static const char *hg__what(const hg_node *n, char *buf, size_t size) {
  if (!buf[0])
    snprintf(buf, size, "%s node at %u:%u", hg_node_kind_name(n->kind), n->range.begin.line,
             n->range.begin.col);
  return buf;
}

static bool hg__loc_ok(const hg_model *m, const hg_loc *l) {
  return l->file < m->nfiles && (l->line != 0 || (l->col == 0 && l->offset == 0)) &&
         (l->line == 0 || l->col != 0);
}

static bool hg__range_ok(const hg_model *m, const hg_range *r) {
  return hg__loc_ok(m, &r->begin) && hg__loc_ok(m, &r->end) &&
         (r->begin.file != r->end.file ||
          (r->end.offset >= r->begin.offset && r->end.line >= r->begin.line));
}

/* The fast path of hg__check_type: true when it would report nothing. */
static bool hg__type_ok(const hg_model *m, const hg_type *t) {
  if ((unsigned)t->kind >= HG_TY__COUNT || (unsigned)t->base >= HG_TY__COUNT) return false;
  if (t->kind == HG_TY_UNKNOWN && t->depth == 0 && t->base == HG_TY_UNKNOWN) return t->record == -1;
  if (!t->spelling || hg__is_ptr_or_array(t->kind) != (t->depth > 0)) return false;
  if (t->depth == 0 && (t->base != t->kind || t->pointee_is_const)) return false;
  if (hg__is_ptr_or_array(t->base)) return false;
  if (t->base == HG_TY_RECORD) {
    if (t->record < 0 || (uint32_t)t->record >= m->nrecords) return false;
  } else if (t->record != -1) {
    return false;
  }
  return !t->base_is_char || t->base == HG_TY_INT;
}

static void hg__check_node(hg__vctx *v, const hg_node *n) {
  char whatbuf[64];
  whatbuf[0] = '\0';
#define what hg__what(n, whatbuf, sizeof whatbuf)
  if ((unsigned)n->kind >= HG_N__COUNT) {
    hg__bad(v, "node kind %d out of range", (int)n->kind);
    return;
  }
  if (!hg__range_ok(v->m, &n->range)) hg__check_range(v, &n->range, what);
  if (!hg__type_ok(v->m, &n->type)) hg__check_type(v, &n->type, what);
  if ((unsigned)n->op >= HG_OP__COUNT) hg__bad(v, "%s: op %d out of range", what, (int)n->op);
  if (n->nchildren && !n->children) hg__bad(v, "%s: %u children but no array", what, n->nchildren);
  if (hg__is_stmt_kind(n->kind) && n->kind != HG_N_DECL && n->type.kind != HG_TY_UNKNOWN)
    hg__bad(v, "%s: statement with a type", what);
  if (n->flags & ~(uint32_t)(HG_NF_ARROW | HG_NF_GLOBAL | HG_NF_TO_VOID | HG_NF_HAS_VALUE |
                             HG_NF_IN_MACRO | HG_NF_IMPLICIT))
    hg__bad(v, "%s: unknown flags 0x%x", what, n->flags);
  if ((n->flags & HG_NF_ARROW) && n->kind != HG_N_MEMBER) hg__bad(v, "%s: ARROW flag", what);
  if ((n->flags & HG_NF_GLOBAL) && n->kind != HG_N_VAR) hg__bad(v, "%s: GLOBAL flag", what);
  if ((n->flags & HG_NF_TO_VOID) && n->kind != HG_N_CAST) hg__bad(v, "%s: TO_VOID flag", what);
  if ((n->flags & HG_NF_HAS_VALUE) && n->kind != HG_N_CASE) hg__bad(v, "%s: HAS_VALUE flag", what);

  /* operators */
  switch (n->kind) {
  case HG_N_UNARY:
    if (!hg__is_unary_op(n->op)) hg__bad(v, "%s: op '%s' is not unary", what, hg_op_kind_name(n->op));
    break;
  case HG_N_BINARY:
    if (!hg__is_binary_op(n->op)) hg__bad(v, "%s: op '%s' is not binary", what, hg_op_kind_name(n->op));
    break;
  case HG_N_ASSIGN:
    if (n->op != HG_OP_ASSIGN && !hg__is_compound_assign_op(n->op))
      hg__bad(v, "%s: op '%s' is not an assignment", what, hg_op_kind_name(n->op));
    break;
  default:
    if (n->op != HG_OP_NONE) hg__bad(v, "%s: unexpected op '%s'", what, hg_op_kind_name(n->op));
  }

  /* children layout: min/max count, which may be NULL */
  uint32_t nc = n->nchildren, lo = 0, hi = UINT32_MAX;
  uint32_t nullable = 0; /* bit i: child i may be NULL */
  switch (n->kind) {
  case HG_N_COMPOUND: case HG_N_OTHER_STMT: case HG_N_INIT_LIST: case HG_N_OTHER_EXPR:
    break;
  case HG_N_DECL: hi = 1; break;
  case HG_N_IF: lo = 2; hi = 3; nullable = 1u << 2; break;
  case HG_N_WHILE: case HG_N_DO: case HG_N_SWITCH: case HG_N_BINARY: case HG_N_ASSIGN:
  case HG_N_SUBSCRIPT:
    lo = hi = 2; break;
  case HG_N_FOR: lo = hi = 4; nullable = 7; break;
  case HG_N_CASE: case HG_N_DEFAULT: case HG_N_LABEL: hi = 1; nullable = 1; break;
  case HG_N_RETURN: hi = 1; break;
  case HG_N_GOTO: case HG_N_BREAK: case HG_N_CONTINUE: case HG_N_NULL_STMT: case HG_N_VAR:
  case HG_N_FUNC_REF: case HG_N_ENUM_CONST: case HG_N_INT_LIT: case HG_N_FLOAT_LIT:
  case HG_N_STRING_LIT: case HG_N_NULL_PTR: case HG_N_UNEVALUATED:
    hi = 0; break;
  case HG_N_CALL: lo = 1; break;
  case HG_N_MEMBER: case HG_N_UNARY: case HG_N_CAST: case HG_N_COMPOUND_LIT: case HG_N_STMT_EXPR:
    lo = hi = 1; break;
  case HG_N_COND: lo = hi = 3; nullable = 1u << 1; break;
  default: break;
  }
  if (nc < lo || nc > hi) {
    if (hi == UINT32_MAX) hg__bad(v, "%s: %u children, expected at least %u", what, nc, lo);
    else if (lo == hi) hg__bad(v, "%s: %u children, expected %u", what, nc, lo);
    else hg__bad(v, "%s: %u children, expected %u..%u", what, nc, lo, hi);
  }
  if (n->children)
    for (uint32_t i = 0; i < nc; i++)
      if (!n->children[i] && !(i < 32 && (nullable >> i) & 1))
        hg__bad(v, "%s: child %u is NULL", what, i);
  const hg_node *c0 = nc > 0 && n->children ? n->children[0] : NULL;

  /* per-kind fields */
  const hg_model *m = v->m;
  uint32_t nvars = v->fn ? v->fn->nvars : 0;
  switch (n->kind) {
  case HG_N_DECL:
    if (n->ref < 0 || (uint32_t)n->ref >= nvars)
      hg__bad(v, "%s: variable index %d out of range (%u vars)", what, n->ref, nvars);
    break;
  case HG_N_FOR:
    if (c0 && c0->kind != HG_N_DECL && c0->kind != HG_N_COMPOUND && hg__is_stmt_kind(c0->kind))
      hg__bad(v, "%s: init is a %s", what, hg_node_kind_name(c0->kind));
    if (c0 && c0->kind == HG_N_COMPOUND)
      for (uint32_t i = 0; i < c0->nchildren; i++)
        if (c0->children && c0->children[i] && c0->children[i]->kind != HG_N_DECL)
          hg__bad(v, "%s: init compound holds a %s", what, hg_node_kind_name(c0->children[i]->kind));
    break;
  case HG_N_LABEL:
    if (!n->name) hg__bad(v, "%s: label without a name", what);
    break;
  case HG_N_CALL:
    if (n->ref != -1 && (n->ref < 0 || (uint32_t)n->ref >= m->nfunctions))
      hg__bad(v, "%s: function index %d out of range (%u functions)", what, n->ref, m->nfunctions);
    else if (n->ref >= 0 && (!n->name || strcmp(n->name, m->functions[n->ref].name) != 0))
      hg__bad(v, "%s: name '%s' does not match function %d '%s'", what, n->name ? n->name : "(null)",
              n->ref, m->functions[n->ref].name);
    if (n->ref >= 0 && c0 && (c0->kind != HG_N_FUNC_REF || c0->ref != n->ref))
      hg__bad(v, "%s: direct call whose callee is not a FUNC_REF to the same function", what);
    break;
  case HG_N_FUNC_REF:
    if (!n->name) hg__bad(v, "%s: no name", what);
    if (n->ref != -1 && (n->ref < 0 || (uint32_t)n->ref >= m->nfunctions))
      hg__bad(v, "%s: function index %d out of range (%u functions)", what, n->ref, m->nfunctions);
    else if (n->ref >= 0 && n->name && strcmp(n->name, m->functions[n->ref].name) != 0)
      hg__bad(v, "%s: name '%s' does not match function '%s'", what, n->name,
              m->functions[n->ref].name);
    break;
  case HG_N_MEMBER:
    if (!n->name) hg__bad(v, "%s: no field name", what);
    if (n->record < 0 || (uint32_t)n->record >= m->nrecords) {
      hg__bad(v, "%s: record index %d out of range (%u records)", what, n->record, m->nrecords);
    } else {
      const hg_record *r = &m->records[n->record];
      if (n->ref < 0 || (uint32_t)n->ref >= r->nfields || !r->fields)
        hg__bad(v, "%s: field index %d out of range (record '%s' has %u fields)", what, n->ref,
                r->name ? r->name : "?", r->nfields);
      else if (n->name && r->fields[n->ref].name && strcmp(n->name, r->fields[n->ref].name) != 0)
        hg__bad(v, "%s: name '%s' does not match field %d '%s'", what, n->name, n->ref,
                r->fields[n->ref].name);
    }
    break;
  case HG_N_VAR:
    if (!n->name) hg__bad(v, "%s: no name", what);
    if (n->flags & HG_NF_GLOBAL) {
      if (n->ref < 0 || (uint32_t)n->ref >= m->nglobals)
        hg__bad(v, "%s: global index %d out of range (%u globals)", what, n->ref, m->nglobals);
    } else if (n->ref < 0 || (uint32_t)n->ref >= nvars) {
      hg__bad(v, "%s: variable index %d out of range (%u vars)", what, n->ref, nvars);
    }
    break;
  case HG_N_ENUM_CONST:
    if (!n->name) hg__bad(v, "%s: no name", what);
    break;
  case HG_N_COMPOUND_LIT:
    if (c0 && c0->kind != HG_N_INIT_LIST) hg__bad(v, "%s: child is a %s", what, hg_node_kind_name(c0->kind));
    break;
  case HG_N_STMT_EXPR:
    if (c0 && c0->kind != HG_N_COMPOUND) hg__bad(v, "%s: child is a %s", what, hg_node_kind_name(c0->kind));
    break;
  default:
    break;
  }
}

#undef what

/* Walks a tree iteratively (bodies can be deep).  A cycle would never end:
 * a walk that meets more nodes than the limit stops with an error. */
static void hg__check_tree(hg__vctx *v, const hg_node *root) {
  const size_t limit = (size_t)1 << 26;
  size_t cap = 256, n = 0, visited = 0;
  const hg_node **stack = malloc(cap * sizeof *stack);
  if (!stack) {
    hg__bad(v, "out of memory while validating");
    return;
  }
  stack[n++] = root;
  while (n) {
    const hg_node *nd = stack[--n];
    if (++visited > limit) {
      hg__bad(v, "the body has more than %zu nodes: cyclic?", limit);
      break;
    }
    hg__check_node(v, nd);
    if ((unsigned)nd->kind >= HG_N__COUNT || !nd->children) continue;
    /* children pushed last-first so that they are visited in source order,
     * which is also allocation order (kinder to the caches) */
    for (uint32_t i = nd->nchildren; i-- > 0;) {
      if (!nd->children[i]) continue;
      if (n == cap) {
        cap *= 2;
        const hg_node **ns = realloc(stack, cap * sizeof *stack);
        if (!ns) {
          hg__bad(v, "out of memory while validating");
          free(stack);
          return;
        }
        stack = ns;
      }
      stack[n++] = nd->children[i];
    }
  }
  free(stack);
}

/* ---- the model --------------------------------------------------------------- */

static void hg__check_var(hg__vctx *v, const hg_var *var, const char *what) {
  if (!var->name) hg__bad(v, "%s: no name", what);
  hg__check_type(v, &var->type, what);
  hg__check_loc(v, &var->loc, what);
}

bool hg_model_validate(const hg_model *m, FILE *err) {
  hg__vctx v;
  memset(&v, 0, sizeof v);
  v.m = m;
  v.err = err;
  if (!m) {
    hg__bad(&v, "no model");
    return false;
  }
  if (!m->main_file) hg__bad(&v, "no main file name");

  /* arrays present when counted */
  if ((m->nfiles && !m->files) || (m->nrecords && !m->records) ||
      (m->nfunctions && !m->functions) || (m->nglobals && !m->globals) ||
      (m->nenumerators && !m->enumerators)) {
    hg__bad(&v, "a counted array is missing");
    return false;
  }

  unsigned nmain = 0;
  if (m->nfiles == 0) hg__bad(&v, "no files");
  for (uint32_t i = 0; i < m->nfiles; i++) {
    if (!m->files[i].path) hg__bad(&v, "file %u has no path", i);
    if (m->files[i].is_main) nmain++;
  }
  if (nmain > 1) hg__bad(&v, "%u files are marked as the main file", nmain);

  char what[96];
  for (uint32_t i = 0; i < m->nrecords; i++) {
    const hg_record *r = &m->records[i];
    v.where_kind = "record";
    v.where_name = r->name;
    if (!r->name) hg__bad(&v, "record %u has no name", i);
    hg__check_loc(&v, &r->loc, "record location");
    hg__check_strings(&v, r->annotations, r->nannotations, "annotations");
    if (r->nfields && !r->fields) {
      hg__bad(&v, "%u fields but no array", r->nfields);
      continue;
    }
    if (r->nfields && !r->is_complete) hg__bad(&v, "incomplete record with fields");
    for (uint32_t k = 0; k < r->nfields; k++) {
      const hg_field *f = &r->fields[k];
      snprintf(what, sizeof what, "field %u '%s'", k, f->name ? f->name : "(null)");
      if (!f->name) hg__bad(&v, "%s: no name", what);
      hg__check_type(&v, &f->type, what);
      hg__check_loc(&v, &f->loc, what);
      hg__check_range(&v, &f->range, what);
    }
  }

  for (uint32_t i = 0; i < m->nfunctions; i++) {
    const hg_function *f = &m->functions[i];
    v.where_kind = "function";
    v.where_name = f->name;
    v.fn = f;
    if (!f->name) hg__bad(&v, "function %u has no name", i);
    hg__check_loc(&v, &f->loc, "location");
    hg__check_range(&v, &f->range, "range");
    hg__check_type(&v, &f->ret, "return type");
    hg__check_strings(&v, f->annotations, f->nannotations, "annotations");
    if (f->nvars && !f->vars) {
      hg__bad(&v, "%u vars but no array", f->nvars);
      v.fn = NULL;
      continue;
    }
    if (f->nparams > f->nvars) hg__bad(&v, "%u params but %u vars", f->nparams, f->nvars);
    for (uint32_t k = 0; k < f->nvars; k++) {
      snprintf(what, sizeof what, "var %u '%s'", k, f->vars[k].name ? f->vars[k].name : "(null)");
      hg__check_var(&v, &f->vars[k], what);
      if (f->vars[k].is_param != (k < f->nparams))
        hg__bad(&v, "%s: is_param does not match nparams %u", what, f->nparams);
    }
    if (f->has_body != (f->body != NULL))
      hg__bad(&v, "has_body is %s but body is %s", f->has_body ? "true" : "false",
              f->body ? "set" : "NULL");
    if (f->body) {
      if (f->body->kind != HG_N_COMPOUND)
        hg__bad(&v, "body is a %s, not a COMPOUND", hg_node_kind_name(f->body->kind));
      hg__check_loc(&v, &f->body_end, "body end");
      hg__check_tree(&v, f->body);
    }
    v.fn = NULL;
  }

  v.where_kind = NULL;
  v.where_name = NULL;
  for (uint32_t i = 0; i < m->nglobals; i++) {
    snprintf(what, sizeof what, "global %u '%s'", i, m->globals[i].name ? m->globals[i].name : "(null)");
    hg__check_var(&v, &m->globals[i], what);
    if (m->globals[i].is_param) hg__bad(&v, "%s: is_param", what);
  }
  for (uint32_t i = 0; i < m->nenumerators; i++)
    if (!m->enumerators[i].name) hg__bad(&v, "enumerator %u has no name", i);

  if (v.problems > 200 && err) fprintf(err, "model: ... %u problems in total\n", v.problems);
  return v.problems == 0;
}
