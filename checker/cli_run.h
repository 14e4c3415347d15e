/*
 * cli_run.h - the main-thread half of a handleguard-check run: takes each
 * translation unit's result in input order, prints what clang-tidy prints
 * on the way (progress, the parser's errors, "N warnings generated."),
 * filters the diagnostics as clang-tidy does (NOLINT comments, main file /
 * header filters, system headers, the line filter), and at the end sorts
 * them, applies and exports fix-its, writes the report (text, SARIF or
 * JSON) and the statistics, and computes the exit status.
 */
#ifndef HG_CHECKER_CLI_RUN_H
#define HG_CHECKER_CLI_RUN_H

#include <stdbool.h>
#include <stdio.h>

#include "cli_config.h"
#include "cli_linefilter.h"
#include "cli_tu.h"
#include "compdb.h"
#include "report_collect.h"
#include "report_source.h"

typedef enum hg_out_format { HG_FORMAT_TEXT, HG_FORMAT_SARIF, HG_FORMAT_JSON } hg_out_format;

typedef struct hg_run_settings {
  bool dump_model;                  /* results carry model dumps, not diagnostics */
  bool quiet;                       /* no statistics lines */
  bool progress;                    /* stderr is a terminal: one progress line, rewritten */
  hg_out_format format;
  const char *output;               /* --output file, or NULL (stdout) */
  const char *src_root;             /* SARIF's %SRCROOT%, or NULL */
  const hg_line_filter *line_filter;/* NULL: every line */
  bool fix, fix_errors, fix_notes;  /* --fix (implied by the other two) */
  const char *export_fixes;         /* --export-fixes file, or NULL */
  const char *main_source;          /* the first input file, absolute (export) */
} hg_run_settings;

typedef struct hg_run {
  hg_run_settings s;
  hg_sources sources;
  hg_out_diags shown;               /* what will be reported */
  size_t suppressed_nolint;         /* hidden by a NOLINT comment */
  size_t suppressed_non_user;       /* in a header the filters do not show */
  size_t suppressed_line_filter;    /* outside --line-filter / --diff */
  size_t failed;                    /* translation units that did not parse */
  bool progress_on_screen;
  FILE *out;                        /* diagnostics (text), clang's errors, model dumps */
  FILE *err;                        /* progress and statistics */
} hg_run;

void hg_run_init(hg_run *r, const hg_run_settings *s, FILE *out, FILE *err);
void hg_run_free(hg_run *r);

/* Takes the result of job `index` of `total` (call in input order). */
void hg_run_consume(hg_run *r, size_t index, size_t total, const hg_job *job, const hg_file_config *fc,
                    const hg_tu_result *res);

/* Erases the progress line (when one is on screen) before other output. */
void hg_run_clear_progress(hg_run *r);

/* Reports everything and returns the exit status: 2 when a translation unit
 * failed or the report could not be written, else 1 when an error was
 * reported or a fix could not be applied or exported, else 0. */
int hg_run_finish(hg_run *r);   /* in cli_report.c */

#endif /* HG_CHECKER_CLI_RUN_H */
