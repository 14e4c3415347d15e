/*
 * main.c - handleguard-check, the command-line checker: parses the command
 * line, builds the configuration (--checks, --warnings-as-errors), turns the
 * files and compilation database into jobs, runs them, and returns the exit
 * status (0 clean, 1 an error was reported, 2 usage or parse failure).
 * Behaves like clang-tidy wherever the two overlap.
 */
#define _POSIX_C_SOURCE 200809L

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_options.h"
#include "cli_run.h"
#include "compdb.h"
#include "config.h"

#ifndef HG_SOURCE_INCLUDE_DIR
#define HG_SOURCE_INCLUDE_DIR NULL
#endif

enum { HG_EXIT_CLEAN = 0, HG_EXIT_ERRORS = 1, HG_EXIT_USAGE = 2 };

static bool hg_apply_globs(bool set[HG_RULE__COUNT], const char *globs, const char *option) {
  char msg[256];
  if (!globs || hg_config_apply_globs(set, globs, msg, sizeof msg)) return true;
  fprintf(stderr, "error: invalid --%s: %s\n", option, msg);
  return false;
}

/* Defaults, then --checks on the enabled set and --warnings-as-errors on the
 * error set, as clang-tidy appends them to its configured globs. */
static bool hg_configure(hg_config *cfg, const hg_cli_options *o) {
  hg_config_init(cfg);
  return hg_apply_globs(cfg->enabled, o->checks, "checks") &&
         hg_apply_globs(cfg->as_error, o->warnings_as_errors, "warnings-as-errors");
}

static bool hg_any_enabled(const hg_config *cfg) {
  for (int i = 0; i < HG_RULE__COUNT; i++)
    if (cfg->enabled[i]) return true;
  return false;
}

static int hg_list_checks(const hg_config *cfg) {
  if (!hg_any_enabled(cfg)) {
    fputs("No checks enabled.\n", stderr);
    return HG_EXIT_USAGE;
  }
  puts("Enabled checks:");
  for (int i = 0; i < HG_RULE__COUNT; i++)
    if (cfg->enabled[i]) printf("    handleguard-%s\n", hg_rule_name((hg_rule_id)i));
  puts("");
  return HG_EXIT_CLEAN;
}

static int hg_usage_error(const char *message) {
  fprintf(stderr, "Error: %s\n", message);
  hg_cli_print_try_help(stderr);
  return HG_EXIT_USAGE;
}

/* Compiles --header-filter; an empty filter shows no headers, as in clang-tidy. */
static bool hg_compile_header_filter(const char *pattern, regex_t *re, bool *have) {
  *have = false;
  if (!pattern || !*pattern) return true;
  int rc = regcomp(re, pattern, REG_EXTENDED | REG_NOSUB);
  if (rc != 0) {
    char msg[256];
    regerror(rc, re, msg, sizeof msg);
    fprintf(stderr, "error: invalid --header-filter regular expression '%s': %s\n", pattern, msg);
    return false;
  }
  *have = true;
  return true;
}

static bool hg_build_jobs(const hg_cli_options *o, hg_jobs *jobs) {
  hg_job_request req = {
      .files = o->files, .nfiles = o->nfiles,
      .build_dir = o->dashdash ? NULL : o->build_dir,
      .fixed = o->dashdash, .fixed_args = o->compiler_args, .nfixed = o->ncompiler_args,
      .extra_before = o->extra_args_before, .nextra_before = o->nextra_args_before,
      .extra_after = o->extra_args, .nextra_after = o->nextra_args,
      .include_dir = HG_SOURCE_INCLUDE_DIR,
  };
  return hg_jobs_build(&req, jobs, stderr);
}

static int hg_run_jobs(const hg_cli_options *o, const hg_config *cfg, const hg_jobs *jobs,
                       const regex_t *header_filter) {
  hg_run run;
  hg_run_init(&run, cfg, stdout, stderr);
  run.header_filter = header_filter;
  run.dump_model = o->dump_model;
  run.quiet = o->quiet;
  for (size_t i = 0; i < jobs->n; i++) {
    if (jobs->n > 1) fprintf(stderr, "[%zu/%zu] Processing file %s.\n", i + 1, jobs->n, jobs->v[i].abs_file);
    hg_run_job(&run, &jobs->v[i]);
  }
  int rc = hg_run_finish(&run);
  hg_run_free(&run);
  return rc;
}

/* Everything after option parsing: configuration, jobs, the run. */
static int hg_check(const hg_cli_options *o, const hg_config *cfg) {
  if (!hg_any_enabled(cfg) && !o->dump_model) return hg_usage_error("no checks enabled.");
  bool whole_db = o->build_dir && !o->dashdash;
  if (o->nfiles == 0 && !whole_db) return hg_usage_error("no input files specified.");
  regex_t re;
  bool have_re;
  if (!hg_compile_header_filter(o->header_filter, &re, &have_re)) return HG_EXIT_USAGE;
  hg_jobs jobs;
  int rc = HG_EXIT_USAGE;
  if (hg_build_jobs(o, &jobs)) {
    rc = jobs.n ? hg_run_jobs(o, cfg, &jobs, have_re ? &re : NULL)
                : hg_usage_error("no input files: the compilation database has no entries.");
    hg_jobs_free(&jobs);
  }
  if (have_re) regfree(&re);
  return rc;
}

static int hg_main(const hg_cli_options *o) {
  if (o->help) {
    hg_cli_print_help(stdout);
    return HG_EXIT_CLEAN;
  }
  if (o->version) {
    hg_cli_print_version(stdout);
    return HG_EXIT_CLEAN;
  }
  hg_config cfg;
  int rc = HG_EXIT_USAGE;
  if (hg_configure(&cfg, o)) rc = o->list_checks ? hg_list_checks(&cfg) : hg_check(o, &cfg);
  hg_config_free(&cfg);
  return rc;
}

int main(int argc, char **argv) {
  hg_cli_options o;
  if (!hg_cli_parse(argc, argv, &o, stderr)) {
    hg_cli_options_free(&o);
    return HG_EXIT_USAGE;
  }
  int rc = hg_main(&o);
  hg_cli_options_free(&o);
  return rc;
}
