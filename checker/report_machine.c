/*
 * report_machine.c - converts the printed diagnostics (hg_out_diags) back
 * into the rule engine's shape (a file table and hg_diags) for
 * checker/sarif.c, and appends the NOLINT pairing errors to the document it
 * writes.
 */
#define _POSIX_C_SOURCE 200809L

#include "report_machine.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "model.h"

#ifndef HG_VERSION
#define HG_VERSION "unknown"
#endif
#ifndef HG_DOCS_URL
#define HG_DOCS_URL ""
#endif

/* The file index of `path` in `m`, added when new. */
static uint32_t hg__file_index(hg_model *m, const char *path) {
  for (uint32_t i = 0; i < m->nfiles; i++)
    if (strcmp(m->files[i].path, path) == 0) return i;
  return hg_model_add_file(m, path, false, false);
}

static hg_loc hg__loc(hg_model *m, const hg_out_loc *l) {
  return (hg_loc){hg__file_index(m, hg_out_loc_abs_path(l)), l->line, l->col, (uint32_t)l->offset};
}

static void hg__add_diag(hg_model *m, hg_diags *out, const hg_out_diag *d) {
  hg_diag *g = hg_diags_add(out, (hg_rule_id)d->rule, hg__loc(m, &d->loc), d->message);
  g->is_error = d->is_error;
  for (uint32_t i = 0; i < d->nnotes; i++) hg_diag_add_note(g, hg__loc(m, &d->notes[i].loc), "%s", d->notes[i].message);
  for (uint32_t i = 0; i < d->nfixes; i++) {
    const hg_out_fix *f = &d->fixes[i];
    uint32_t file = hg__file_index(m, f->path);
    hg_range r = {{file, 0, 0, f->offset}, {file, 0, 0, f->offset + f->length}};
    hg_diag_add_fixit(g, r, f->text);
  }
}

/* A NOLINT pairing error in the shape of the document's other results. */
static json_t *hg__nolint_result(hg_report_format fmt, const hg_out_diag *d) {
  const char *path = hg_out_loc_abs_path(&d->loc);
  if (fmt == HG_REPORT_JSON)
    return json_pack("{s:s, s:i, s:i, s:s, s:s, s:s, s:[], s:[]}", "file", path, "line", (json_int_t)d->loc.line,
                     "column", (json_int_t)d->loc.col, "check", d->check, "severity", "error", "message",
                     d->message, "notes", "fixes");
  size_t n = strlen(path) + 8;
  char *uri = malloc(n);
  if (!uri) abort();
  snprintf(uri, n, "file://%s", path);
  json_t *r = json_pack("{s:s, s:s, s:{s:s}, s:[{s:{s:{s:s}, s:{s:i, s:i}}}]}", "ruleId", d->check, "level", "error",
                        "message", "text", d->message, "locations", "physicalLocation", "artifactLocation",
                        "uri", uri, "region", "startLine", (json_int_t)d->loc.line, "startColumn",
                        (json_int_t)d->loc.col);
  free(uri);
  return r;
}

/* Parses the written document, appends the NOLINT errors, writes it again. */
static int hg__write_with_extras(FILE *out, hg_report_format fmt, const char *text, const hg_out_diags *diags) {
  json_error_t jerr;
  json_t *doc = json_loads(text, 0, &jerr);
  if (!doc) return -1;
  json_t *results = fmt == HG_REPORT_JSON ? doc : json_object_get(json_array_get(json_object_get(doc, "runs"), 0), "results");
  for (size_t i = 0; i < diags->n; i++)
    if (diags->v[i].rule < 0) json_array_append_new(results, hg__nolint_result(fmt, &diags->v[i]));
  int rc = json_dumpf(doc, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
  json_decref(doc);
  if (rc == 0 && fputc('\n', out) == EOF) rc = -1;
  return rc == 0 ? 0 : -1;
}

int hg_machine_write(FILE *out, hg_report_format fmt, const hg_out_diags *diags, const char *src_root) {
  hg_model *m = hg_model_new("");
  hg_diags d;
  hg_diags_init(&d);
  bool extras = false;
  for (size_t i = 0; i < diags->n; i++) {
    if (diags->v[i].rule >= 0) hg__add_diag(m, &d, &diags->v[i]);
    else extras = true;
  }
  hg_report *rep = hg_report_new(fmt, HG_VERSION, HG_DOCS_URL, src_root);
  hg_report_add(rep, m, &d, NULL, NULL);
  char *text = NULL;
  size_t len = 0;
  FILE *mem = open_memstream(&text, &len);
  if (!mem) abort();
  int rc = hg_report_write(rep, extras ? mem : out);
  fclose(mem);
  if (rc == 0 && extras) rc = hg__write_with_extras(out, fmt, text, diags);
  free(text);
  hg_report_free(rep);
  hg_diags_free(&d);
  hg_model_free(m);
  return rc;
}
