/*
 * cli_run.c - runs the front end and the rule engine over each job, keeps
 * the diagnostics clang-tidy would show (NOLINT, header filter, system
 * headers), and prints them and the statistics at the end.
 */
#define _POSIX_C_SOURCE 200809L

#include "cli_run.h"

#include <stdlib.h>
#include <string.h>

#include "cli_path.h"
#include "engine.h"
#include "nolint.h"
#include "report_text.h"

void hg_run_init(hg_run *r, const hg_config *cfg, FILE *out, FILE *err) {
  memset(r, 0, sizeof *r);
  r->cfg = cfg;
  r->out = out;
  r->err = err;
  hg_sources_init(&r->sources);
  hg_out_diags_init(&r->report);
}

void hg_run_free(hg_run *r) {
  if (r->fe) hg_frontend_free(r->fe);
  hg_sources_free(&r->sources);
  hg_out_diags_free(&r->report);
}

/* ---- where a diagnostic lives --------------------------------------------------- */

/* The model's file for a location; NULL when the index is out of range. */
static const hg_file *hg__file_of(const hg_model *m, hg_loc loc) {
  return loc.file < m->nfiles ? &m->files[loc.file] : NULL;
}

static const char *hg__path_of(const hg_model *m, hg_loc loc) {
  const hg_file *f = hg__file_of(m, loc);
  if (f && f->path) return f->path;
  return m->main_file ? m->main_file : "";
}

/* clang-tidy shows diagnostics from the main file, from headers matching
 * --header-filter, and never from system headers. */
static bool hg__is_shown(const hg_run *r, const hg_model *m, hg_loc loc) {
  const hg_file *f = hg__file_of(m, loc);
  if (!f || f->is_main) return true;
  if (f->is_system || !r->header_filter) return false;
  return regexec(r->header_filter, hg__path_of(m, loc), 0, NULL, 0) == 0;
}

/* Byte offset of a location, from its line and column when the file is
 * readable (so NOLINT matching does not depend on the front end's offsets). */
static size_t hg__offset_of(const hg_source *src, hg_loc loc) {
  if (!src->data || loc.line == 0 || loc.line > src->nlines) return loc.offset;
  size_t off = src->line_starts[loc.line - 1] + (loc.col ? loc.col - 1 : 0);
  return off <= src->len ? off : src->len;
}

/* ---- filtering and collecting ---------------------------------------------------- */

/* Reports the unmatched NOLINTBEGIN/NOLINTEND directives of a file the
 * first time a diagnostic there reaches the block check (clang-tidy reads
 * blocks lazily, so a file without diagnostics never reports them).
 * Returns how many errors were generated. */
static size_t hg__report_block_errors(hg_run *r, const hg_model *m, hg_loc loc, hg_source *src,
                                      const hg_nolint_blocks *blocks) {
  for (size_t i = 0; i < blocks->nerrors; i++) {
    const hg_nolint_error *e = &blocks->errors[i];
    uint32_t line = 0, col = 0;
    hg_source_line_col(src, e->pos, &line, &col);
    if (!hg__is_shown(r, m, loc)) {
      r->suppressed_non_user++;
      continue;
    }
    hg_out_diag *d = hg_out_diags_add(&r->report, src->path, line, col, e->pos, "clang-tidy-nolint",
                                      hg_nolint_error_message(e));
    d->is_error = true;
  }
  return blocks->nerrors;
}

static void hg__collect(hg_run *r, const hg_model *m, const hg_diag *g, const char *check) {
  hg_out_diag *d = hg_out_diags_add(&r->report, hg__path_of(m, g->loc), g->loc.line, g->loc.col,
                                    hg__offset_of(hg_sources_get(&r->sources, hg__path_of(m, g->loc)), g->loc),
                                    check, g->message);
  d->is_error = d->promoted = g->is_error;
  for (uint32_t i = 0; i < g->nnotes; i++) {
    const hg_note *n = &g->notes[i];
    const char *path = hg__path_of(m, n->loc);
    hg_out_diag_add_note(d, path, n->loc.line, n->loc.col,
                       hg__offset_of(hg_sources_get(&r->sources, path), n->loc), n->message);
  }
}

/* Applies NOLINT and the file filter to one diagnostic and keeps it when it
 * survives; returns the number of NOLINT errors this generated. */
static size_t hg__filter_diag(hg_run *r, const hg_model *m, const hg_diag *g) {
  char check[128];
  snprintf(check, sizeof check, "handleguard-%s", hg_rule_name(g->rule));
  hg_source *src = hg_sources_get(&r->sources, hg__path_of(m, g->loc));
  size_t pos = hg__offset_of(src, g->loc);
  if (src->data && hg_nolint_line_suppresses(src->data, src->len, pos, check)) {
    r->suppressed_nolint++;
    return 0;
  }
  bool fresh;
  const hg_nolint_blocks *blocks = hg_source_blocks(src, &fresh);
  size_t errors = fresh ? hg__report_block_errors(r, m, g->loc, src, blocks) : 0;
  if (hg_nolint_blocks_suppress(blocks, pos, check)) {
    r->suppressed_nolint++;
    return errors;
  }
  if (!hg__is_shown(r, m, g->loc)) {
    r->suppressed_non_user++;
    return errors;
  }
  hg__collect(r, m, g, check);
  return errors;
}

/* clang's "N warnings and M errors generated." line. */
static void hg__print_generated(FILE *err, size_t warnings, size_t errors) {
  if (!warnings && !errors) return;
  if (warnings) fprintf(err, "%zu warning%s", warnings, warnings == 1 ? "" : "s");
  if (warnings && errors) fputs(" and ", err);
  if (errors) fprintf(err, "%zu error%s", errors, errors == 1 ? "" : "s");
  fputs(" generated.\n", err);
}

static void hg__check_model(hg_run *r, const hg_model *m) {
  hg_diags diags;
  hg_diags_init(&diags);
  hg_analyze(m, r->cfg, &diags);
  size_t warnings = 0, errors = 0;
  for (size_t i = 0; i < diags.n; i++) {
    hg_diag *g = &diags.v[i];
    if ((unsigned)g->rule >= HG_RULE__COUNT || !r->cfg->enabled[g->rule]) continue;
    g->is_error = r->cfg->as_error[g->rule];
    warnings++;
    errors += hg__filter_diag(r, m, g);
  }
  hg_diags_free(&diags);
  hg__print_generated(r->err, warnings, errors);
}

/* ---- one job ------------------------------------------------------------------------ */

static bool hg__input_readable(hg_run *r, const char *path) {
  if (hg_path_is_regular_file(path)) return true;
  if (hg_path_is_directory(path))
    fprintf(r->err, "error: '%s' is a directory, not a source file\n", path);
  else
    fprintf(r->err, "error: no such file or directory: '%s'\n", path);
  return false;
}

bool hg_run_job(hg_run *r, const hg_job *job) {
  hg_model *m = NULL;
  hg_parse_status st = HG_PARSE_FAILED;
  if (hg__input_readable(r, job->file)) {
    if (!r->fe) r->fe = hg_frontend_new();
    fflush(r->out);
    st = r->fe ? hg_frontend_parse(r->fe, job->file, (const char *const *)job->args, job->nargs,
                                   job->dir, &m, r->out)
               : HG_PARSE_FAILED;
    fflush(r->out);
  }
  if (st != HG_PARSE_OK || !m) {
    fprintf(r->err, "Error while processing %s.\n", job->file);
    r->failed++;
    return false;
  }
  if (r->dump_model) hg_model_dump(m, r->out);
  else hg__check_model(r, m);
  hg_model_free(m);
  return true;
}

/* ---- the end of the run --------------------------------------------------------------- */

static void hg__print_stats(hg_run *r) {
  size_t total = r->suppressed_nolint + r->suppressed_non_user;
  if (total == 0) return;
  fprintf(r->err, "Suppressed %zu warnings (", total);
  if (r->suppressed_non_user) fprintf(r->err, "%zu in non-user code", r->suppressed_non_user);
  if (r->suppressed_non_user && r->suppressed_nolint) fputs(", ", r->err);
  if (r->suppressed_nolint) fprintf(r->err, "%zu NOLINT", r->suppressed_nolint);
  fputs(").\n", r->err);
  if (r->suppressed_non_user)
    fputs("Use -header-filter=.* to display errors from all non-system headers.\n", r->err);
}

int hg_run_finish(hg_run *r) {
  hg_out_diags_sort_unique(&r->report);
  hg_text_print(r->out, &r->report, &r->sources);
  fflush(r->out);
  size_t promoted = hg_out_diags_count_promoted(&r->report);
  if (!r->quiet) {
    hg__print_stats(r);
    if (promoted)
      fprintf(r->err, "%zu warning%s treated as error%s\n", promoted, promoted == 1 ? "" : "s",
              promoted == 1 ? "" : "s");
  }
  if (r->failed) fputs("Found compiler error(s).\n", r->err);
  if (r->failed) return 2;
  return hg_out_diags_count_errors(&r->report) ? 1 : 0;
}
