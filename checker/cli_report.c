/*
 * cli_report.c - the end of a handleguard-check run: sorts and
 * de-duplicates the collected diagnostics, hands their fix-its to
 * checker/fixes.c (resolution, --fix, --export-fixes, the hint lines under
 * the caret), writes the report as text, SARIF or JSON (to stdout or,
 * atomically, to --output), prints clang-tidy's statistics lines and
 * returns the exit status.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_output.h"
#include "cli_run.h"
#include "fixes.h"
#include "report_machine.h"
#include "report_text.h"

/* ---- fix-its ------------------------------------------------------------------------ */

static void hg__fixes_add(hg_fixes *fx, hg_out_diag *d) {
  const char *path = hg_out_loc_abs_path(&d->loc);
  d->fix_id = hg_fixes_add_diag(fx, d->check, d->message, path, (uint32_t)d->loc.offset, d->is_error,
                                d->build_dir);
  for (uint32_t i = 0; i < d->nnotes; i++)
    hg_fixes_add_note(fx, d->fix_id, d->notes[i].message, hg_out_loc_abs_path(&d->notes[i].loc),
                      (uint32_t)d->notes[i].loc.offset);
  for (uint32_t i = 0; i < d->nfixes; i++)
    hg_fixes_add_replacement(fx, d->fix_id, HG_FIXES_DIAG, d->fixes[i].path, d->fixes[i].offset,
                             d->fixes[i].length, d->fixes[i].text);
}

/* The run's fixes, when anything needs them: --fix, --export-fixes, or a
 * diagnostic with fix-its whose hints the text output shows. */
static hg_fixes *hg__fixes_collect(hg_run *r) {
  bool any = r->s.fix || r->s.export_fixes;
  for (size_t i = 0; !any && i < r->shown.n; i++) any = r->shown.v[i].nfixes > 0;
  if (!any) return NULL;
  hg_fixes *fx = hg_fixes_new();
  for (size_t i = 0; i < r->shown.n; i++) hg__fixes_add(fx, &r->shown.v[i]);
  hg_fixes_resolve(fx);
  return fx;
}

static hg_fix_mode hg__fix_mode(const hg_run *r) { return r->s.fix_notes ? HG_FIX_NOTES : HG_FIX_DIAGS; }

/* --fix: 1 when a fix could not be applied.  *applied tells whether the
 * fixes were attempted (not with compiler errors and no --fix-errors). */
static int hg__apply(hg_run *r, hg_fixes *fx, bool *applied) {
  *applied = false;
  if (!r->s.fix || !fx || (r->failed && !r->s.fix_errors)) return 0;
  *applied = true;
  return hg_fixes_apply(fx, hg__fix_mode(r), r->err) ? 1 : 0;
}

/* --export-fixes, written atomically; nothing when there is no diagnostic
 * (clang-tidy writes no file then). */
static int hg__export(hg_run *r, hg_fixes *fx) {
  if (!r->s.export_fixes || !fx || r->shown.n == 0) return 0;
  hg_output o;
  if (!hg_output_open(&o, r->s.export_fixes, r->err)) return 1;
  bool ok = hg_fixes_write_yaml(fx, o.f, r->s.main_source, r->err);
  return hg_output_close(&o, ok, r->err) ? 0 : 1;
}

/* ---- the report --------------------------------------------------------------------- */

typedef struct hg__hook_ctx {
  hg_fixes *fx;
  bool applied;
  hg_fix_mode mode;
} hg__hook_ctx;

static bool hg__hook_snippet(void *ctx, FILE *out, const hg_out_diag *d) {
  hg__hook_ctx *h = ctx;
  return hg_fixes_print_snippet(out, h->fx, d->fix_id);
}

static bool hg__hook_after_snippet(void *ctx, FILE *out, const hg_out_diag *d) {
  hg__hook_ctx *h = ctx;
  if (!h->applied) return false;
  hg_fixes_print_fix_notes(out, h->fx, d->fix_id, h->mode);
  hg_fix_status st = hg_fixes_status(h->fx, d->fix_id);
  return st == HG_FIX_STATUS_APPLIED || st == HG_FIX_STATUS_FAILED;
}

static bool hg__hook_after_notes(void *ctx, FILE *out, const hg_out_diag *d) {
  hg__hook_ctx *h = ctx;
  hg_fixes_print_dropped_note(out, h->fx, d->fix_id);
  hg_fix_status st = hg_fixes_status(h->fx, d->fix_id);
  return st == HG_FIX_STATUS_OVERLAP || st == HG_FIX_STATUS_MALFORMED;
}

static bool hg__write_report(hg_run *r, FILE *to, hg_fixes *fx, bool applied) {
  if (r->s.format == HG_FORMAT_TEXT) {
    hg__hook_ctx ctx = {fx, applied, hg__fix_mode(r)};
    hg_text_hooks hooks = {hg__hook_snippet, hg__hook_after_snippet, hg__hook_after_notes, &ctx};
    hg_text_print_hooked(to, &r->shown, fx ? &hooks : NULL);
    return !ferror(to);
  }
  hg_report_format fmt = r->s.format == HG_FORMAT_SARIF ? HG_REPORT_SARIF : HG_REPORT_JSON;
  return hg_machine_write(to, fmt, &r->shown, r->s.src_root) == 0;
}

/* The report on stdout or in --output; false when it could not be written. */
static bool hg__report(hg_run *r, hg_fixes *fx, bool applied) {
  if (!r->s.output) {
    bool ok = hg__write_report(r, r->out, fx, applied);
    return fflush(r->out) == 0 && ok;
  }
  hg_output o;
  if (!hg_output_open(&o, r->s.output, r->err)) return false;
  return hg_output_close(&o, hg__write_report(r, o.f, fx, applied), r->err);
}

/* ---- statistics and status -------------------------------------------------------------- */

static void hg__print_stats(hg_run *r) {
  size_t total = r->suppressed_nolint + r->suppressed_non_user + r->suppressed_line_filter;
  if (total == 0) return;
  fprintf(r->err, "Suppressed %zu warnings (", total);
  const char *sep = "";
  if (r->suppressed_non_user) fprintf(r->err, "%zu in non-user code", r->suppressed_non_user), sep = ", ";
  if (r->suppressed_line_filter) fprintf(r->err, "%s%zu due to line filter", sep, r->suppressed_line_filter), sep = ", ";
  if (r->suppressed_nolint) fprintf(r->err, "%s%zu NOLINT", sep, r->suppressed_nolint);
  fputs(").\n", r->err);
  if (r->suppressed_non_user)
    fputs("Use -header-filter=.* to display errors from all non-system headers.\n", r->err);
}

static void hg__print_end(hg_run *r, bool fixes_refused) {
  size_t promoted = hg_out_diags_count_promoted(&r->shown);
  if (!r->s.quiet) {
    hg__print_stats(r);
    if (fixes_refused)
      fputs("Found compiler errors, but -fix-errors was not specified.\nFixes have NOT been applied.\n\n", r->err);
    if (promoted)
      fprintf(r->err, "%zu warning%s treated as error%s\n", promoted, promoted == 1 ? "" : "s",
              promoted == 1 ? "" : "s");
  }
  if (r->failed) fputs("Found compiler error(s).\n", r->err);
}

int hg_run_finish(hg_run *r) {
  hg_run_clear_progress(r);
  hg_out_diags_sort_unique(&r->shown);
  hg_fixes *fx = hg__fixes_collect(r);
  bool applied;
  int rc_fix = hg__apply(r, fx, &applied);
  bool reported = hg__report(r, fx, applied);
  int rc_export = hg__export(r, fx);
  if (applied) hg_fixes_print_summary(fx, r->err, "handleguard-check");
  hg__print_end(r, r->s.fix && fx && !applied && r->failed);
  if (fx) hg_fixes_free(fx);
  if (r->failed || !reported) return 2;
  if (hg_out_diags_count_errors(&r->shown) || rc_fix || rc_export) return 1;
  return 0;
}
