/*
 * model_dump.c - hg_model_dump(): the model as stable, readable text, for
 * debugging (handleguard-check --dump-model) and for golden tests of the
 * front ends.  No pointers or addresses are printed; the output depends only
 * on the model's contents.
 *
 * Format (one item per line, two-space indentation per level):
 *   model '<main file>'
 *   file <i> '<path>' [main] [system]
 *   record <i> struct|union '<name>' [typedef '<t>'] [incomplete] @<loc>
 *       [annotations "<a>" ...]
 *     field <k> '<name>' <type> @<loc> <range>
 *   function <i> '<name>' @<loc> <range> [flags...] returns <type>
 *       [annotations ...]
 *     param|local <k> '<name>' <type> @<loc> [static] [extern]
 *     body (end <loc>)
 *       <KIND> [op] ['name'] [value=N] [ref=N] [record=N] [flags] <range> [: <type>]
 *         children..., a missing optional child as "(null)"
 *   global <i> '<name>' <type> @<loc> [static] [extern]
 *   enumerator '<name>' = <value>
 * Locations are "line:col" in the main file (file 0), "f<i>:line:col"
 * elsewhere; ranges "begin-end" with the end's file omitted.  A type prints as
 * '<spelling>' KIND, with "*<depth> BASE" for pointers/arrays, "#<record>",
 * "const" (pointee is const) and "char" (base is a character type).
 */
#include "model.h"

#include <string.h>

static void hg__loc(FILE *out, const hg_loc *l) {
  if (l->file != 0) fprintf(out, "f%u:", l->file);
  fprintf(out, "%u:%u", l->line, l->col);
}

static void hg__range(FILE *out, const hg_range *r) {
  hg__loc(out, &r->begin);
  fprintf(out, "-%u:%u", r->end.line, r->end.col);
}

static void hg__type(FILE *out, const hg_type *t) {
  fprintf(out, "'%s' %s", t->spelling ? t->spelling : "", hg_type_kind_name(t->kind));
  if (t->depth) fprintf(out, "*%u %s", t->depth, hg_type_kind_name(t->base));
  if (t->record >= 0) fprintf(out, "#%d", t->record);
  if (t->pointee_is_const) fputs(" const", out);
  if (t->base_is_char) fputs(" char", out);
}

static void hg__indent(FILE *out, unsigned n) {
  for (unsigned i = 0; i < n; i++) fputs("  ", out);
}

static void hg__annotations(FILE *out, const char *const *a, uint32_t n) {
  if (!n) return;
  fputs(" annotations", out);
  for (uint32_t i = 0; i < n; i++) fprintf(out, " \"%s\"", a[i] ? a[i] : "");
}

static bool hg__is_expr(hg_node_kind k) { return k > HG_N_OTHER_STMT; }

static void hg__node(FILE *out, const hg_node *n, unsigned depth) {
  hg__indent(out, depth);
  if (!n) {
    fputs("(null)\n", out);
    return;
  }
  fputs(hg_node_kind_name(n->kind), out);
  if (n->op != HG_OP_NONE) {
    if (n->kind == HG_N_ASSIGN && n->op != HG_OP_ASSIGN) fprintf(out, " %s=", hg_op_kind_name(n->op));
    else fprintf(out, " %s", hg_op_kind_name(n->op));
  }
  if (n->name) {
    if (n->kind == HG_N_STRING_LIT) fprintf(out, " \"%s\"", n->name);
    else fprintf(out, " '%s'", n->name);
  }
  switch (n->kind) {
  case HG_N_INT_LIT: case HG_N_ENUM_CONST:
    fprintf(out, " value=%lld", (long long)n->value);
    break;
  case HG_N_CASE:
    if (n->flags & HG_NF_HAS_VALUE) fprintf(out, " value=%lld", (long long)n->value);
    break;
  default:
    break;
  }
  switch (n->kind) {
  case HG_N_DECL: case HG_N_VAR: case HG_N_CALL: case HG_N_FUNC_REF: case HG_N_MEMBER:
    fprintf(out, " ref=%d", n->ref);
    break;
  default:
    if (n->ref != -1) fprintf(out, " ref=%d", n->ref);
  }
  if (n->kind == HG_N_MEMBER || n->record != -1) fprintf(out, " record=%d", n->record);
  if (n->flags & HG_NF_ARROW) fputs(" arrow", out);
  if (n->flags & HG_NF_GLOBAL) fputs(" global", out);
  if (n->flags & HG_NF_TO_VOID) fputs(" to-void", out);
  if (n->flags & HG_NF_IN_MACRO) fputs(" macro", out);
  if (n->flags & HG_NF_IMPLICIT) fputs(" implicit", out);
  fputc(' ', out);
  hg__range(out, &n->range);
  if (hg__is_expr(n->kind) || n->type.kind != HG_TY_UNKNOWN || n->type.spelling) {
    fputs(" : ", out);
    hg__type(out, &n->type);
  }
  fputc('\n', out);
  for (uint32_t i = 0; i < n->nchildren; i++)
    hg__node(out, n->children ? n->children[i] : NULL, depth + 1);
}

static void hg__var(FILE *out, const hg_var *v, const char *what, uint32_t i) {
  fprintf(out, "  %s %u '%s' ", what, i, v->name ? v->name : "");
  hg__type(out, &v->type);
  fputs(" @", out);
  hg__loc(out, &v->loc);
  if (v->is_static) fputs(" static", out);
  if (v->is_extern) fputs(" extern", out);
  fputc('\n', out);
}

void hg_model_dump(const hg_model *m, FILE *out) {
  if (!m || !out) return;
  fprintf(out, "model '%s'\n", m->main_file ? m->main_file : "");
  for (uint32_t i = 0; i < m->nfiles; i++) {
    const hg_file *f = &m->files[i];
    fprintf(out, "file %u '%s'%s%s\n", i, f->path ? f->path : "", f->is_main ? " main" : "",
            f->is_system ? " system" : "");
  }
  for (uint32_t i = 0; i < m->nrecords; i++) {
    const hg_record *r = &m->records[i];
    fprintf(out, "record %u %s '%s'", i, r->is_union ? "union" : "struct", r->name ? r->name : "");
    if (r->typedef_name) fprintf(out, " typedef '%s'", r->typedef_name);
    if (!r->is_complete) fputs(" incomplete", out);
    fputs(" @", out);
    hg__loc(out, &r->loc);
    hg__annotations(out, r->annotations, r->nannotations);
    fputc('\n', out);
    for (uint32_t k = 0; k < r->nfields; k++) {
      const hg_field *f = &r->fields[k];
      fprintf(out, "  field %u '%s' ", k, f->name ? f->name : "");
      hg__type(out, &f->type);
      fputs(" @", out);
      hg__loc(out, &f->loc);
      fputc(' ', out);
      hg__range(out, &f->range);
      fputc('\n', out);
    }
  }
  for (uint32_t i = 0; i < m->nfunctions; i++) {
    const hg_function *f = &m->functions[i];
    fprintf(out, "function %u '%s' @", i, f->name ? f->name : "");
    hg__loc(out, &f->loc);
    fputc(' ', out);
    hg__range(out, &f->range);
    if (f->has_body) fputs(" defined", out);
    if (f->is_static) fputs(" static", out);
    if (f->is_inline) fputs(" inline", out);
    if (f->is_variadic) fputs(" variadic", out);
    if (f->address_taken) fputs(" address-taken", out);
    if (f->hidden) fputs(" hidden", out);
    fputs(" returns ", out);
    hg__type(out, &f->ret);
    hg__annotations(out, f->annotations, f->nannotations);
    fputc('\n', out);
    for (uint32_t k = 0; k < f->nvars; k++)
      hg__var(out, &f->vars[k], k < f->nparams ? "param" : "local", k);
    if (f->body) {
      fputs("  body (end ", out);
      hg__loc(out, &f->body_end);
      fputs(")\n", out);
      hg__node(out, f->body, 2);
    }
  }
  for (uint32_t i = 0; i < m->nglobals; i++) {
    const hg_var *g = &m->globals[i];
    fprintf(out, "global %u '%s' ", i, g->name ? g->name : "");
    hg__type(out, &g->type);
    fputs(" @", out);
    hg__loc(out, &g->loc);
    if (g->is_static) fputs(" static", out);
    if (g->is_extern) fputs(" extern", out);
    fputc('\n', out);
  }
  for (uint32_t i = 0; i < m->nenumerators; i++)
    fprintf(out, "enumerator '%s' = %lld\n", m->enumerators[i].name ? m->enumerators[i].name : "",
            (long long)m->enumerators[i].value);
}
