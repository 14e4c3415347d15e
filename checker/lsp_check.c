/*
 * lsp_check.c - checks one open document for the language server: its
 * compile command (command line, initializationOptions, the nearest
 * compile_commands.json, fallbackFlags), its .clang-tidy configuration, its
 * translation unit (kept between checks and re-parsed with the buffer, so
 * only the main file is parsed again), the rule engine, NOLINT comments,
 * and the result as LSP diagnostics plus one quick-fix code action per
 * diagnostic that has fix-its.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdlib.h>
#include <string.h>

#include "cli_config.h"
#include "cli_path.h"
#include "compdb.h"
#include "engine.h"
#include "lsp_int.h"
#include "nolint.h"

#ifndef HG_SOURCE_INCLUDE_DIR
#define HG_SOURCE_INCLUDE_DIR NULL
#endif
#ifndef HG_DOCS_URL
#define HG_DOCS_URL ""
#endif

void hg_lsp_doc_release(hg_lsp_doc *d) {
  if (d->tu) hg_frontend_tu_close(d->tu);
  d->tu = NULL;
  hg_argv_free(&d->tu_args);
  free(d->tu_dir);
  d->tu_dir = NULL;
  json_decref(d->diagnostics);
  json_decref(d->actions);
  d->diagnostics = d->actions = NULL;
}

/* ---- small helpers -------------------------------------------------------------------- */

typedef struct hg__mem {
  FILE *f;
  char *data;
  size_t len;
} hg__mem;

static void hg__mem_open(hg__mem *m) {
  m->data = NULL;
  m->len = 0;
  m->f = open_memstream(&m->data, &m->len);
  if (!m->f) abort();
}

/* Closes the stream; the text stays in m->data (NUL-terminated, may be empty). */
static void hg__mem_close(hg__mem *m) {
  fclose(m->f);
  m->f = NULL;
  if (!m->data) m->data = hg_xstrdup("");
}

/* Copies a captured message stream to the log, each line prefixed. */
static void hg__log_text(hg_lsp_server *s, const char *text) {
  for (const char *p = text; *p;) {
    const char *e = strchr(p, '\n');
    size_t n = e ? (size_t)(e - p) : strlen(p);
    if (n) fprintf(s->log, "handleguard-check:   %.*s\n", (int)n, p);
    p += n + (e ? 1 : 0);
  }
}

static char *hg__read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 65536, n = 0;
  char *buf = malloc(cap);
  if (!buf) abort();
  size_t r;
  while ((r = fread(buf + n, 1, cap - n - 1, f)) > 0) {
    n += r;
    if (cap - n < 4096 && !(buf = realloc(buf, cap *= 2))) abort();
  }
  bool bad = ferror(f) != 0;
  fclose(f);
  if (bad) {
    free(buf);
    return NULL;
  }
  buf[n] = '\0';
  *len = n;
  return buf;
}

/* ---- the compile command ----------------------------------------------------------------- */

/* The arguments and directory for `path`, as the CLI would choose them,
 * with initializationOptions filling in what the command line leaves open. */
static void hg__command_for(hg_lsp_server *s, const char *path, hg_argv *args, char **dir) {
  const hg_cli_options *o = s->o;
  const char *files[] = {path};
  hg_job_request req = {
      .files = files,
      .nfiles = 1,
      .extra_before = o->extra_args_before,
      .nextra_before = o->nextra_args_before,
      .extra_after = o->extra_args,
      .nextra_after = o->nextra_args,
      .include_dir = HG_SOURCE_INCLUDE_DIR,
  };
  if (o->dashdash) {
    req.fixed = true;
    req.fixed_args = o->compiler_args;
    req.nfixed = o->ncompiler_args;
  } else {
    req.build_dir = o->build_dir ? o->build_dir : s->db_dir;
  }
  hg__mem err;
  hg__mem_open(&err);
  hg_jobs jobs;
  bool ok = hg_jobs_build(&req, &jobs, err.f);
  if (!ok && req.build_dir) {   /* a configured database that is not there: look around the file */
    hg_jobs_free(&jobs);
    req.build_dir = NULL;
    ok = hg_jobs_build(&req, &jobs, err.f);
  }
  /* no command found (no database, or no entry and nothing to infer from) */
  bool none = !ok || jobs.n == 0 || (!o->dashdash && !jobs.v[0].dir);
  if (none && s->have_fallback && !o->dashdash) {
    hg_jobs_free(&jobs);
    fprintf(err.f, "using initializationOptions.fallbackFlags\n");
    req.build_dir = NULL;
    req.fixed = true;
    req.fixed_args = (const char *const *)s->fallback.v;
    req.nfixed = s->fallback.n;
    ok = hg_jobs_build(&req, &jobs, err.f);
  }
  hg__mem_close(&err);
  if (*err.data) {
    fprintf(s->log, "handleguard-check: compile command for %s:\n", path);
    hg__log_text(s, err.data);
  }
  free(err.data);
  if (ok && jobs.n > 0) {
    hg_argv_push_all(args, (const char *const *)jobs.v[0].args, jobs.v[0].nargs);
    *dir = jobs.v[0].dir ? hg_xstrdup(jobs.v[0].dir) : (s->root && req.fixed ? hg_xstrdup(s->root) : NULL);
  }
  hg_jobs_free(&jobs);
}

static bool hg__same_command(const hg_lsp_doc *d, const hg_argv *args, const char *dir) {
  if (d->tu_args.n != args->n) return false;
  if ((d->tu_dir == NULL) != (dir == NULL) || (dir && strcmp(d->tu_dir, dir) != 0)) return false;
  for (int i = 0; i < args->n; i++)
    if (strcmp(d->tu_args.v[i], args->v[i]) != 0) return false;
  return true;
}

/* Kept translation units hold clang's AST and a precompiled preamble each
 * (tens of megabytes with large headers): beyond this many, the one checked
 * least recently is dropped, and parsed afresh when it is checked again. */
#define HG_LSP_MAX_UNITS 16

static void hg__limit_units(hg_lsp_server *s, const hg_lsp_doc *keep) {
  for (;;) {
    size_t n = 0;
    hg_lsp_doc *oldest = NULL;
    for (size_t i = 0; i < s->ndocs; i++) {
      hg_lsp_doc *o = s->docs[i];
      if (!o->tu) continue;
      n++;
      if (o != keep && (!oldest || o->checked_ms < oldest->checked_ms)) oldest = o;
    }
    if (n < HG_LSP_MAX_UNITS || !oldest) return;
    fprintf(s->log, "handleguard-check: %zu files kept parsed; dropping %s\n", n, oldest->path);
    hg_frontend_tu_close(oldest->tu);
    oldest->tu = NULL;
  }
}

/* Parses the document again: a fresh translation unit when there is none
 * or its command changed, else a re-parse of the kept one. */
static hg_parse_status hg__parse(hg_lsp_server *s, hg_lsp_doc *d, FILE *errs, bool *fresh) {
  *fresh = false;
  if (d->reload || !d->tu) {
    hg_argv args = {0};
    char *dir = NULL;
    hg__command_for(s, d->path, &args, &dir);
    d->reload = false;
    if (!d->tu || !hg__same_command(d, &args, dir)) {
      if (d->tu) hg_frontend_tu_close(d->tu);
      d->tu = NULL;
      hg_argv_free(&d->tu_args);
      free(d->tu_dir);
      d->tu_args = args;
      d->tu_dir = dir;
      if (!s->fe && !(s->fe = hg_frontend_new())) {
        fputs("error: cannot initialise libclang\n", errs);
        return HG_PARSE_FAILED;
      }
      *fresh = true;
      hg__limit_units(s, d);
      return hg_frontend_tu_open(s->fe, d->path, (const char *const *)d->tu_args.v, d->tu_args.n, d->tu_dir,
                                 d->text, d->len, &d->tu, errs);
    }
    hg_argv_free(&args);
    free(dir);
  }
  return hg_frontend_tu_reparse(d->tu, d->text, d->len, errs);
}

/* ---- building the LSP diagnostics -------------------------------------------------------- */

/* A file's text and line index, for positions outside the document. */
typedef struct hg__text {
  char *path;
  char *data;   /* NULL: unreadable */
  size_t len;
  hg_lsp_lines lines;
} hg__text;

typedef struct hg__conv {
  hg_lsp_server *s;
  hg_lsp_doc *d;
  const hg_model *m;
  hg_lsp_lines lines;        /* the document's */
  hg__text *texts;           /* other files, read once */
  size_t ntexts;
  bool disk_matches;         /* the file on disk is the buffer (see hg__fix_usable) */
  bool fixes_dropped;
  hg_nolint_blocks blocks;
  bool blocks_reported;
  json_t *diags, *actions;
} hg__conv;

static const hg__text *hg__text_of(hg__conv *c, const char *path) {
  for (size_t i = 0; i < c->ntexts; i++)
    if (strcmp(c->texts[i].path, path) == 0) return &c->texts[i];
  c->texts = realloc(c->texts, (c->ntexts + 1) * sizeof *c->texts);
  if (!c->texts) abort();
  hg__text *t = &c->texts[c->ntexts++];
  memset(t, 0, sizeof *t);
  t->path = hg_xstrdup(path);
  t->data = hg__read_file(path, &t->len);
  hg_lsp_lines_init(&t->lines, t->data ? t->data : "", t->data ? t->len : 0);
  return t;
}

static bool hg__is_doc_file(const hg__conv *c, uint32_t file) {
  return file < c->m->nfiles && c->m->files[file].is_main;
}

/* The path of a model file, absolute. */
static char *hg__file_path(const hg__conv *c, uint32_t file) {
  const char *p = file < c->m->nfiles ? c->m->files[file].path : NULL;
  return hg_path_absolute(p && *p ? p : c->d->path, c->d->tu_dir);
}

/* {uri, range} of a model location (the token there). */
static json_t *hg__location(hg__conv *c, hg_loc loc) {
  if (hg__is_doc_file(c, loc.file)) {
    size_t off = hg_lsp_offset_from_line_col(&c->lines, loc.line, loc.col);
    return json_pack("{s:s,s:o}", "uri", c->d->uri, "range",
                     hg_lsp_range_json(&c->lines, off, hg_lsp_token_end(&c->lines, off), c->s->enc));
  }
  char *path = hg__file_path(c, loc.file);
  const hg__text *t = hg__text_of(c, path);
  char *uri = hg_lsp_uri_from_path(path);
  size_t off = hg_lsp_offset_from_line_col(&t->lines, loc.line, loc.col);
  json_t *j = json_pack("{s:s,s:o}", "uri", uri, "range",
                        hg_lsp_range_json(&t->lines, off, hg_lsp_token_end(&t->lines, off), c->s->enc));
  free(uri);
  free(path);
  return j;
}

/* "path:line:col" of a location, for notes folded into the message. */
static void hg__append_note_text(hg__conv *c, char **msg, hg_loc loc, const char *note) {
  char *path = hg__file_path(c, loc.file);
  size_t n = strlen(*msg) + strlen(path) + strlen(note) + 64;
  char *m = malloc(n);
  if (!m) abort();
  snprintf(m, n, "%s\n\n%s:%u:%u: note: %s", *msg, path, loc.line, loc.col, note);
  free(*msg);
  free(path);
  *msg = m;
}

/* A short description of a text for a title: its first line without the
 * surrounding blanks, at most 48 bytes, "..." when something was cut. */
static void hg__snip(char *out, size_t n, const char *text, size_t len) {
  while (len && strchr(" \t\r\n", *text)) text++, len--;
  while (len && strchr(" \t\r\n", text[len - 1])) len--;
  size_t line = 0;
  while (line < len && text[line] != '\n' && text[line] != '\r') line++;
  size_t k = line < 48 ? line : 48;
  if (k + 4 > n) k = n > 4 ? n - 4 : 0;
  memcpy(out, text, k);
  if (k < len) memcpy(out + k, "...", 3), k += 3;
  out[k] = '\0';
}

static char *hg__action_title(const hg__conv *c, const hg_diag *g, const char *check) {
  char buf[512], a[64], b[64];
  if (g->nfixits == 1 && hg__is_doc_file(c, g->fixits[0].range.begin.file)) {
    const hg_fixit *f = &g->fixits[0];
    uint32_t from = f->range.begin.offset, to = f->range.end.offset;
    hg__snip(b, sizeof b, f->text, strlen(f->text));
    if (to > from && to <= c->d->len) hg__snip(a, sizeof a, c->d->text + from, to - from);
    if (from == to) snprintf(buf, sizeof buf, "Insert '%s' (%s)", b, check);
    else if (!*f->text && to <= c->d->len) snprintf(buf, sizeof buf, "Remove '%s' (%s)", a, check);
    else if (to <= c->d->len) snprintf(buf, sizeof buf, "Replace '%s' with '%s' (%s)", a, b, check);
    else snprintf(buf, sizeof buf, "Apply the fix-it of %s", check);
  } else {
    snprintf(buf, sizeof buf, "Apply the fix-it of %s (%u edits)", check, g->nfixits);
  }
  return hg_xstrdup(buf);
}

/* The rules read files from disk to build fix-its; a fix-it in a buffer
 * that differs from its file would be built from the wrong text. */
static bool hg__fix_usable(hg__conv *c, const hg_diag *g) {
  for (uint32_t i = 0; i < g->nfixits; i++) {
    const hg_range *r = &g->fixits[i].range;
    if (r->begin.file != r->end.file || r->end.offset < r->begin.offset) return false;
    if (hg__is_doc_file(c, r->begin.file) && (!c->disk_matches || r->end.offset > c->d->len)) {
      c->fixes_dropped = true;
      return false;
    }
  }
  return g->nfixits > 0;
}

/* {"changes": {uri: [TextEdit...]}} for the diagnostic's fix-its. */
static json_t *hg__workspace_edit(hg__conv *c, const hg_diag *g) {
  json_t *changes = json_object();
  for (uint32_t i = 0; i < g->nfixits; i++) {
    const hg_fixit *f = &g->fixits[i];
    json_t *range;
    char *uri;
    if (hg__is_doc_file(c, f->range.begin.file)) {
      range = hg_lsp_range_json(&c->lines, f->range.begin.offset, f->range.end.offset, c->s->enc);
      uri = hg_xstrdup(c->d->uri);
    } else {
      char *path = hg__file_path(c, f->range.begin.file);
      const hg__text *t = hg__text_of(c, path);
      range = hg_lsp_range_json(&t->lines, f->range.begin.offset, f->range.end.offset, c->s->enc);
      uri = hg_lsp_uri_from_path(path);
      free(path);
    }
    json_t *edits = json_object_get(changes, uri);
    if (!edits) json_object_set_new(changes, uri, edits = json_array());
    json_array_append_new(edits, json_pack("{s:o,s:o}", "range", range, "newText", hg_lsp_string(f->text)));
    free(uri);
  }
  return json_pack("{s:o}", "changes", changes);
}

/* An unmatched NOLINTBEGIN / NOLINTEND, reported (as the CLI does) once a
 * diagnostic of the file meets the blocks. */
static void hg__report_block_errors(hg__conv *c) {
  if (c->blocks_reported) return;
  c->blocks_reported = true;
  for (size_t i = 0; i < c->blocks.nerrors; i++) {
    size_t off = c->blocks.errors[i].pos;
    json_array_append_new(
        c->diags, json_pack("{s:o,s:i,s:s,s:s,s:o}", "range",
                            hg_lsp_range_json(&c->lines, off, hg_lsp_token_end(&c->lines, off), c->s->enc),
                            "severity", 1, "source", "handleguard", "code", "clang-tidy-nolint", "message",
                            hg_lsp_string(hg_nolint_error_message(&c->blocks.errors[i]))));
  }
}

/* A note is passed through NOLINT on its own, as the command line does
 * (docs/cli.md): one on a suppressed line of the buffer is left out. */
static bool hg__note_nolinted(const hg__conv *c, hg_loc l, const char *check) {
  if (!hg__is_doc_file(c, l.file)) return false;
  size_t off = hg_lsp_offset_from_line_col(&c->lines, l.line, l.col);
  return hg_nolint_line_suppresses(c->d->text, c->d->len, off, check) ||
         hg_nolint_blocks_suppress(&c->blocks, off, check);
}

static void hg__add_diag(hg__conv *c, const hg_diag *g) {
  const char *name = hg_rule_name(g->rule);
  char check[128];
  snprintf(check, sizeof check, "handleguard-%s", name);
  size_t off = hg_lsp_offset_from_line_col(&c->lines, g->loc.line, g->loc.col);
  if (hg_nolint_line_suppresses(c->d->text, c->d->len, off, check)) return;
  hg__report_block_errors(c);
  if (hg_nolint_blocks_suppress(&c->blocks, off, check)) return;

  char *message = hg_xstrdup(g->message);
  json_t *related = json_array();
  for (uint32_t i = 0; i < g->nnotes; i++) {
    if (hg__note_nolinted(c, g->notes[i].loc, check)) continue;
    if (c->s->related_info)
      json_array_append_new(related, json_pack("{s:o,s:o}", "location", hg__location(c, g->notes[i].loc), "message",
                                               hg_lsp_string(g->notes[i].message)));
    else hg__append_note_text(c, &message, g->notes[i].loc, g->notes[i].message);
  }
  char href[1024];
  snprintf(href, sizeof href, "%s%s.md", HG_DOCS_URL, name);
  json_t *diag = json_pack("{s:o,s:i,s:s,s:s,s:{s:s},s:o}", "range",
                           hg_lsp_range_json(&c->lines, off, hg_lsp_token_end(&c->lines, off), c->s->enc),
                           "severity", g->is_error ? 1 : 2, "source", "handleguard", "code", check,
                           "codeDescription", "href", href, "message", hg_lsp_string(message));
  free(message);
  if (json_array_size(related)) json_object_set(diag, "relatedInformation", related);
  json_decref(related);
  json_array_append(c->diags, diag);
  if (hg__fix_usable(c, g)) {
    char *title = hg__action_title(c, g, check);
    json_array_append_new(c->actions, json_pack("{s:o,s:s,s:[O],s:b,s:o}", "title", hg_lsp_string(title), "kind",
                                                "quickfix", "diagnostics", diag, "isPreferred", 1, "edit",
                                                hg__workspace_edit(c, g)));
    free(title);
  }
  json_decref(diag);
}

static void hg__conv_init(hg__conv *c, hg_lsp_server *s, hg_lsp_doc *d, const hg_model *m) {
  memset(c, 0, sizeof *c);
  c->s = s;
  c->d = d;
  c->m = m;
  hg_lsp_lines_init(&c->lines, d->text, d->len);
  size_t n;
  char *disk = hg__read_file(d->path, &n);
  c->disk_matches = disk && n == d->len && memcmp(disk, d->text, n) == 0;
  free(disk);
  hg_nolint_blocks_build(d->text, d->len, &c->blocks);
  c->diags = json_array();
  c->actions = json_array();
}

static void hg__conv_free(hg__conv *c) {
  for (size_t i = 0; i < c->ntexts; i++) {
    free(c->texts[i].path);
    free(c->texts[i].data);
    hg_lsp_lines_free(&c->texts[i].lines);
  }
  free(c->texts);
  hg_lsp_lines_free(&c->lines);
  hg_nolint_blocks_free(&c->blocks);
  json_decref(c->diags);
  json_decref(c->actions);
}

/* ---- publishing --------------------------------------------------------------------------- */

/* Keeps the results and sends the diagnostics (an empty list too: it
 * clears what the previous check published). */
static void hg__publish(hg_lsp_server *s, hg_lsp_doc *d, json_t *diags, json_t *actions) {
  json_decref(d->diagnostics);
  json_decref(d->actions);
  d->diagnostics = diags;
  d->actions = actions;
  hg_lsp_notify(s, "textDocument/publishDiagnostics",
                json_pack("{s:s,s:I,s:O}", "uri", d->uri, "version", (json_int_t)d->version, "diagnostics", diags));
}

/* One error diagnostic at the start of the document. */
static void hg__publish_problem(hg_lsp_server *s, hg_lsp_doc *d, const char *code, const char *message) {
  json_t *diag = json_pack("{s:{s:{s:i,s:i},s:{s:i,s:i}},s:i,s:s,s:s,s:o}", "range", "start", "line", 0,
                           "character", 0, "end", "line", 0, "character", 0, "severity", 1, "source", "handleguard",
                           "code", code, "message", hg_lsp_string(message));
  hg__publish(s, d, json_pack("[o]", diag), json_array());
}

/* clang's errors as printed ("path:line:col: error: message", notes after
 * their error) into diagnostics: those in the document where they are, the
 * others at its start, naming their file. */
static json_t *hg__compiler_errors(hg_lsp_server *s, hg_lsp_doc *d, const char *text) {
  hg_lsp_lines lines;
  hg_lsp_lines_init(&lines, d->text, d->len);
  json_t *diags = json_array(), *last = NULL;
  for (const char *p = text; *p;) {
    const char *e = strchr(p, '\n');
    size_t n = e ? (size_t)(e - p) : strlen(p);
    char *line = strndup(p, n);
    if (!line) abort();
    p += n + (e ? 1 : 0);
    static const char *const kinds[] = {": fatal error: ", ": error: ", ": note: "};
    char *at = NULL;
    int kind = -1;
    for (int k = 0; k < 3 && !at; k++)
      if ((at = strstr(line, kinds[k]))) kind = k;
    if (!at) {
      free(line);
      continue;
    }
    const char *msg = at + strlen(kinds[kind]);
    *at = '\0';
    /* path:line:col */
    char *c2 = strrchr(line, ':');
    char *c1 = c2 ? (*c2 = '\0', strrchr(line, ':')) : NULL;
    unsigned ln = 0, col = 0;
    bool located = c1 && c2 && sscanf(c1 + 1, "%u", &ln) == 1 && sscanf(c2 + 1, "%u", &col) == 1;
    if (c1) *c1 = '\0';
    char *abs = located ? hg_path_absolute(line, d->tu_dir) : NULL;
    bool here = abs && strcmp(abs, d->path) == 0;
    size_t off = here ? hg_lsp_offset_from_line_col(&lines, ln, col) : 0;
    json_t *range = hg_lsp_range_json(&lines, off, here ? hg_lsp_token_end(&lines, off) : 0, s->enc);
    if (kind == 2 && last) {
      if (here && s->related_info) {
        json_t *rel = json_object_get(last, "relatedInformation");
        if (!rel) json_object_set_new(last, "relatedInformation", rel = json_array());
        json_array_append_new(rel, json_pack("{s:{s:s,s:O},s:o}", "location", "uri", d->uri, "range", range, "message",
                                             hg_lsp_string(msg)));
      }
      json_decref(range);
    } else if (kind != 2) {
      char *full = NULL;
      if (!here && located) {
        size_t k = strlen(abs) + strlen(msg) + 64;
        full = malloc(k);
        if (!full) abort();
        snprintf(full, k, "in included file %s:%u:%u: %s", abs, ln, col, msg);
      }
      last = json_pack("{s:o,s:i,s:s,s:s,s:o}", "range", range, "severity", 1, "source", "handleguard", "code",
                       "clang-diagnostic-error", "message", hg_lsp_string(full ? full : msg));
      json_array_append_new(diags, last);
      free(full);
    } else {
      json_decref(range);
    }
    free(abs);
    free(line);
  }
  hg_lsp_lines_free(&lines);
  return diags;
}

/* ---- the check ------------------------------------------------------------------------------ */

static bool hg__any_enabled(const hg_file_config *fc) {
  for (int i = 0; i < HG_RULE__COUNT; i++)
    if (fc->tc.cfg.enabled[i]) return true;
  return false;
}

/* Runs the engine and converts what the configuration keeps. */
static size_t hg__diagnose(hg_lsp_server *s, hg_lsp_doc *d, const hg_model *m, const hg_file_config *fc) {
  hg_diags out;
  hg_diags_init(&out);
  hg_analyze(m, &fc->tc.cfg, &out);
  hg__conv c;
  hg__conv_init(&c, s, d, m);
  for (size_t i = 0; i < out.n; i++) {
    hg_diag *g = &out.v[i];
    if (!hg_cli_keeps_diag(&fc->tc.cfg, g)) continue;
    if (!hg__is_doc_file(&c, g->loc.file)) continue;   /* headers get theirs when they are checked */
    hg__add_diag(&c, g);
  }
  if (c.fixes_dropped)
    fprintf(s->log, "handleguard-check: %s has unsaved changes: its fix-its are offered once it is saved\n", d->path);
  size_t n = json_array_size(c.diags);
  hg__publish(s, d, json_incref(c.diags), json_incref(c.actions));
  hg__conv_free(&c);
  hg_diags_free(&out);
  return n;
}

void hg_lsp_check(hg_lsp_server *s, hg_lsp_doc *d) {
  d->dirty = false;
  d->checked_ms = hg_lsp_now_ms();
  if (!d->path) {
    hg__publish(s, d, json_array(), json_array());
    return;
  }
  long long t0 = hg_lsp_now_ms();
  hg__mem err;
  hg__mem_open(&err);
  hg_cli_config *cc = hg_cli_config_new(s->o, err.f);   /* .clang-tidy files re-read every time */
  hg_file_config fc;
  bool config_ok = cc && hg_cli_config_for(cc, d->path, &fc, err.f);
  hg__mem_close(&err);
  if (!config_ok) {
    fprintf(s->log, "handleguard-check: configuration error for %s:\n", d->path);
    hg__log_text(s, err.data);
    char *msg = malloc(strlen(err.data) + 64);
    if (!msg) abort();
    sprintf(msg, "handleguard configuration error: %s", err.data);
    hg__publish_problem(s, d, "clang-tidy-config", msg);
    free(msg);
    free(err.data);
    if (cc) hg_file_config_free(&fc);
    hg_cli_config_free(cc);
    return;
  }
  free(err.data);
  if (!hg__any_enabled(&fc)) {
    hg__publish(s, d, json_array(), json_array());
    hg_file_config_free(&fc);
    hg_cli_config_free(cc);
    return;
  }

  hg__mem errs;
  hg__mem_open(&errs);
  bool fresh;
  long long t1 = hg_lsp_now_ms();
  hg_parse_status st = hg__parse(s, d, errs.f, &fresh);
  long long t2 = hg_lsp_now_ms();
  hg_model *m = NULL;
  if (st == HG_PARSE_OK) st = hg_frontend_tu_model(d->tu, &m, errs.f);
  long long t3 = hg_lsp_now_ms();
  hg__mem_close(&errs);
  size_t n = 0;
  if (st == HG_PARSE_OK && m) {
    n = hg__diagnose(s, d, m, &fc);
  } else if (st == HG_PARSE_ERRORS) {
    json_t *diags = hg__compiler_errors(s, d, errs.data);
    n = json_array_size(diags);
    hg__publish(s, d, diags, json_array());
  } else {
    fprintf(s->log, "handleguard-check: %s could not be parsed:\n", d->path);
    hg__log_text(s, errs.data);
    hg__publish_problem(s, d, "clang-diagnostic-error", *errs.data ? errs.data : "the file could not be parsed");
    if (d->tu) hg_frontend_tu_close(d->tu);
    d->tu = NULL;   /* start afresh next time */
  }
  long long t4 = hg_lsp_now_ms();
  fprintf(s->log,
          "handleguard-check: checked %s (version %lld) in %lld ms: configuration %lld ms, %s %lld ms, model %lld ms, "
          "checks %lld ms; %zu diagnostic%s\n",
          d->path, (long long)d->version, t4 - t0, t1 - t0, fresh ? "parse" : "reparse", t2 - t1, t3 - t2, t4 - t3, n,
          n == 1 ? "" : "s");
  fflush(s->log);
  free(errs.data);
  if (m) hg_model_free(m);
  hg_file_config_free(&fc);
  hg_cli_config_free(cc);
}
