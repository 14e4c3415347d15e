/*
 * sarif.c - SARIF 2.1.0 and JSON reports of diagnostics, with jansson.
 *
 * SARIF layout: one run; tool.driver.rules lists every check (id, summary,
 * help text, help URI to its docs page); each result carries its rule, level,
 * message, primary location, the notes as relatedLocations and the fix-its as
 * fixes (byte-offset replacements).  Paths under `src_root` are written
 * relative to %SRCROOT%, which code-scanning uploads expect.
 */
#define _XOPEN_SOURCE 700
#include "sarif.h"

#include <jansson.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

struct hg_report {
  hg_report_format fmt;
  char *version, *docs_base, *src_root;
  json_t *results;  /* array */
};

static char *hg__dup(const char *s) {
  if (!s) return NULL;
  size_t n = strlen(s) + 1;
  char *p = malloc(n);
  if (!p) abort();
  memcpy(p, s, n);
  return p;
}

hg_report *hg_report_new(hg_report_format fmt, const char *tool_version, const char *docs_base,
                         const char *src_root) {
  hg_report *r = calloc(1, sizeof *r);
  if (!r) abort();
  r->fmt = fmt;
  r->version = hg__dup(tool_version ? tool_version : "0");
  r->docs_base = hg__dup(docs_base ? docs_base : "");
  if (src_root) {
    char buf[PATH_MAX];
    const char *abs = realpath(src_root, buf) ? buf : src_root;
    size_t n = strlen(abs);
    r->src_root = malloc(n + 2);
    if (!r->src_root) abort();
    memcpy(r->src_root, abs, n + 1);
    if (n == 0 || abs[n - 1] != '/') strcat(r->src_root, "/");
  }
  r->results = json_array();
  return r;
}

void hg_report_free(hg_report *r) {
  if (!r) return;
  json_decref(r->results);
  free(r->version);
  free(r->docs_base);
  free(r->src_root);
  free(r);
}

static const char *hg__file_path(const hg_model *m, uint32_t file) {
  return file < m->nfiles ? m->files[file].path : "";
}

/* Percent-encodes the characters a URI reference cannot hold as-is. */
static char *hg__uri_escape(const char *path) {
  size_t n = strlen(path);
  char *out = malloc(n * 3 + 1), *o = out;
  if (!out) abort();
  for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
    if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
        strchr("/-._~+", *p)) {
      *o++ = (char)*p;
    } else {
      static const char hex[] = "0123456789ABCDEF";
      *o++ = '%';
      *o++ = hex[*p >> 4];
      *o++ = hex[*p & 15];
    }
  }
  *o = '\0';
  return out;
}

static json_t *hg__artifact(const hg_report *r, const char *path) {
  char buf[PATH_MAX];
  const char *abs = realpath(path, buf) ? buf : path;
  size_t rootlen = r->src_root ? strlen(r->src_root) : 0;
  if (rootlen && strncmp(abs, r->src_root, rootlen) == 0) {
    char *uri = hg__uri_escape(abs + rootlen);
    json_t *a = json_pack("{s:s, s:s}", "uri", uri, "uriBaseId", "%SRCROOT%");
    free(uri);
    return a;
  }
  char *esc = hg__uri_escape(abs);
  size_t n = strlen(esc) + 8;
  char *uri = malloc(n);
  if (!uri) abort();
  snprintf(uri, n, "%s%s", abs[0] == '/' ? "file://" : "", esc);
  json_t *a = json_pack("{s:s}", "uri", uri);
  free(uri);
  free(esc);
  return a;
}

static json_t *hg__physical(const hg_report *r, const hg_model *m, hg_loc loc) {
  return json_pack("{s:o, s:{s:i, s:i}}", "artifactLocation",
                   hg__artifact(r, hg__file_path(m, loc.file)), "region", "startLine",
                   (json_int_t)loc.line, "startColumn", (json_int_t)loc.col);
}

static char *hg__check_id(hg_rule_id rule) {
  const char *name = hg_rule_name(rule);
  char *id = malloc(strlen(name) + 13);
  if (!id) abort();
  strcpy(id, "handleguard-");
  strcat(id, name);
  return id;
}

static json_t *hg__sarif_fixes(const hg_report *r, const hg_model *m, const hg_diag *g) {
  json_t *fixes = json_array();
  if (g->nfixits == 0) return fixes;
  json_t *changes = json_array();
  for (uint32_t i = 0; i < g->nfixits; i++) {
    const hg_fixit *f = &g->fixits[i];
    json_t *rep = json_pack("{s:{s:i, s:i}, s:{s:s}}", "deletedRegion", "byteOffset",
                            (json_int_t)f->range.begin.offset, "byteLength",
                            (json_int_t)(f->range.end.offset - f->range.begin.offset),
                            "insertedContent", "text", f->text);
    json_array_append_new(changes, json_pack("{s:o, s:[o]}", "artifactLocation",
                                             hg__artifact(r, hg__file_path(m, f->range.begin.file)),
                                             "replacements", rep));
  }
  json_array_append_new(fixes, json_pack("{s:{s:s}, s:o}", "description", "text",
                                         g->message, "artifactChanges", changes));
  return fixes;
}

static json_t *hg__sarif_result(const hg_report *r, const hg_model *m, const hg_diag *g) {
  char *id = hg__check_id(g->rule);
  json_t *related = json_array();
  for (uint32_t i = 0; i < g->nnotes; i++) {
    json_array_append_new(related,
                          json_pack("{s:i, s:o, s:{s:s}}", "id", (json_int_t)i, "physicalLocation",
                                    hg__physical(r, m, g->notes[i].loc), "message", "text",
                                    g->notes[i].message));
  }
  json_t *res = json_pack("{s:s, s:i, s:s, s:{s:s}, s:[{s:o}], s:o, s:o}", "ruleId", id,
                          "ruleIndex", (json_int_t)g->rule, "level",
                          g->is_error ? "error" : "warning", "message", "text", g->message,
                          "locations", "physicalLocation", hg__physical(r, m, g->loc),
                          "relatedLocations", related, "fixes", hg__sarif_fixes(r, m, g));
  free(id);
  return res;
}

static json_t *hg__json_result(const hg_model *m, const hg_diag *g) {
  char *id = hg__check_id(g->rule);
  json_t *notes = json_array(), *fixes = json_array();
  for (uint32_t i = 0; i < g->nnotes; i++)
    json_array_append_new(notes, json_pack("{s:s, s:i, s:i, s:s}", "file",
                                           hg__file_path(m, g->notes[i].loc.file), "line",
                                           (json_int_t)g->notes[i].loc.line, "column",
                                           (json_int_t)g->notes[i].loc.col, "message",
                                           g->notes[i].message));
  for (uint32_t i = 0; i < g->nfixits; i++) {
    const hg_fixit *f = &g->fixits[i];
    json_array_append_new(fixes, json_pack("{s:s, s:i, s:i, s:s}", "file",
                                           hg__file_path(m, f->range.begin.file), "offset",
                                           (json_int_t)f->range.begin.offset, "length",
                                           (json_int_t)(f->range.end.offset - f->range.begin.offset),
                                           "text", f->text));
  }
  json_t *res = json_pack("{s:s, s:i, s:i, s:s, s:s, s:s, s:o, s:o}", "file",
                          hg__file_path(m, g->loc.file), "line", (json_int_t)g->loc.line,
                          "column", (json_int_t)g->loc.col, "check", id, "severity",
                          g->is_error ? "error" : "warning", "message", g->message, "notes", notes,
                          "fixes", fixes);
  free(id);
  return res;
}

void hg_report_add(hg_report *r, const hg_model *m, const hg_diags *d,
                   int (*keep)(const hg_model *m, const hg_diag *g, void *ctx), void *ctx) {
  for (size_t i = 0; i < d->n; i++) {
    const hg_diag *g = &d->v[i];
    if (keep && !keep(m, g, ctx)) continue;
    json_array_append_new(r->results, r->fmt == HG_REPORT_SARIF ? hg__sarif_result(r, m, g)
                                                                : hg__json_result(m, g));
  }
}

static json_t *hg__sarif_rules(const hg_report *r) {
  json_t *rules = json_array();
  for (int i = 0; i < HG_RULE__COUNT; i++) {
    char *id = hg__check_id((hg_rule_id)i);
    const char *name = hg_rule_name((hg_rule_id)i);
    size_t n = strlen(r->docs_base) + strlen(name) + 4;
    char *uri = malloc(n);
    if (!uri) abort();
    snprintf(uri, n, "%s%s.md", r->docs_base, name);
    size_t hn = strlen(hg_rule_summary((hg_rule_id)i)) + strlen(uri) + 32;
    char *help = malloc(hn);
    if (!help) abort();
    snprintf(help, hn, "%s. See %s", hg_rule_summary((hg_rule_id)i), uri);
    json_array_append_new(
        rules, json_pack("{s:s, s:s, s:{s:s}, s:{s:s}, s:s, s:{s:s}, s:{s:s}}", "id", id, "name",
                         name, "shortDescription", "text", hg_rule_summary((hg_rule_id)i),
                         "fullDescription", "text", hg_rule_summary((hg_rule_id)i), "helpUri", uri,
                         "help", "text", help, "defaultConfiguration", "level", "warning"));
    free(help);
    free(uri);
    free(id);
  }
  return rules;
}

static json_t *hg__sarif_document(const hg_report *r) {
  json_t *run = json_pack("{s:{s:{s:s, s:s, s:s, s:o}}, s:O, s:s}", "tool", "driver", "name",
                          "handleguard-check", "version", r->version, "informationUri",
                          r->docs_base, "rules", hg__sarif_rules(r), "results", r->results,
                          "columnKind", "unicodeCodePoints");
  if (r->src_root) {
    char *esc = hg__uri_escape(r->src_root);
    size_t n = strlen(esc) + 8;
    char *uri = malloc(n);
    if (!uri) abort();
    snprintf(uri, n, "file://%s", esc);
    json_object_set_new(run, "originalUriBaseIds", json_pack("{s:{s:s}}", "%SRCROOT%", "uri", uri));
    free(uri);
    free(esc);
  }
  return json_pack("{s:s, s:s, s:[o]}", "$schema",
                   "https://json.schemastore.org/sarif-2.1.0.json", "version", "2.1.0", "runs",
                   run);
}

int hg_report_write(hg_report *r, FILE *out) {
  json_t *doc = r->fmt == HG_REPORT_SARIF ? hg__sarif_document(r) : json_incref(r->results);
  int rc = json_dumpf(doc, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
  json_decref(doc);
  if (rc == 0) rc = fputc('\n', out) == EOF ? -1 : 0;
  return rc == 0 ? 0 : -1;
}
