/*
 * cli_run.h - one run of handleguard-check over its jobs: parse each
 * translation unit, analyse it (or dump its model), filter the diagnostics
 * as clang-tidy does (NOLINT comments, main file / --header-filter, never
 * system headers), collect the survivors, and at the end print them sorted
 * with clang-tidy's statistics lines.
 */
#ifndef HG_CHECKER_CLI_RUN_H
#define HG_CHECKER_CLI_RUN_H

#include <regex.h>
#include <stdbool.h>
#include <stdio.h>

#include "compdb.h"
#include "config.h"
#include "frontend.h"
#include "report_collect.h"
#include "report_source.h"

typedef struct hg_run {
  const hg_config *cfg;
  const regex_t *header_filter;   /* NULL: diagnostics in main files only */
  bool dump_model;
  bool quiet;
  hg_frontend *fe;
  hg_sources sources;
  hg_out_diags shown;             /* what will be printed */
  size_t suppressed_nolint;       /* hidden by a NOLINT comment */
  size_t suppressed_non_user;     /* in a header the filter does not show */
  size_t failed;                  /* translation units that did not parse */
  FILE *out;                      /* diagnostics, clang's errors, model dumps */
  FILE *err;                      /* progress and statistics */
} hg_run;

void hg_run_init(hg_run *r, const hg_config *cfg, FILE *out, FILE *err);
void hg_run_free(hg_run *r);

/* Parses and checks one job; false when it could not be parsed (reported). */
bool hg_run_job(hg_run *r, const hg_job *job);

/* Prints the collected diagnostics and the statistics; returns the exit
 * status: 2 when a translation unit failed, else 1 when an error was
 * printed, else 0. */
int hg_run_finish(hg_run *r);

#endif /* HG_CHECKER_CLI_RUN_H */
