/*
 * cli_options.h - handleguard-check's command line, parsed the way LLVM's
 * option library parses clang-tidy's: options may start with "-" or "--",
 * values follow '=' or come as the next argument, single-valued options may
 * appear once, and everything after "--" is compiler arguments.
 */
#ifndef HG_CHECKER_CLI_OPTIONS_H
#define HG_CHECKER_CLI_OPTIONS_H

#include <stdbool.h>
#include <stdio.h>

typedef struct hg_cli_options {
  const char *checks;               /* --checks, or NULL */
  const char *warnings_as_errors;   /* --warnings-as-errors, or NULL */
  const char *header_filter;        /* --header-filter, or NULL */
  const char *exclude_header_filter;/* --exclude-header-filter, or NULL */
  const char *build_dir;            /* -p, or NULL */
  const char *config;               /* --config=<yaml>, or NULL */
  const char *config_file;          /* --config-file=<path>, or NULL */
  const char *export_fixes;         /* --export-fixes=<file>, or NULL */
  const char *jobs;                 /* -j <n>, or NULL (every core) */
  const char *format;               /* --format=text|sarif|json, or NULL (text) */
  const char *output;               /* --output=<file>, or NULL (stdout) */
  const char *cache_dir;            /* --cache-dir=<dir>, or NULL */
  const char *line_filter;          /* --line-filter=<json>, or NULL */
  const char *diff;                 /* --diff[=<rev>]: the revision ("HEAD" when
                                       given without one), or NULL */
  bool list_checks, dump_model, quiet, help, version;
  bool dump_config, verify_config, system_headers;
  bool fix, fix_errors, fix_notes;
  bool no_cache, cache_stats;
  bool lsp;                         /* --lsp: serve the Language Server Protocol */
  const char **files; int nfiles;
  bool dashdash;                    /* "--" was given */
  const char **compiler_args; int ncompiler_args;
  const char **extra_args; int nextra_args;
  const char **extra_args_before; int nextra_args_before;
} hg_cli_options;

/* Parses argv (pointers into argv are kept).  Returns false after printing a
 * usage error to `err`. */
bool hg_cli_parse(int argc, char **argv, hg_cli_options *o, FILE *err);
void hg_cli_options_free(hg_cli_options *o);

void hg_cli_print_help(FILE *out);
void hg_cli_print_version(FILE *out);
/* "Try: 'handleguard-check --help'" hint after a usage error. */
void hg_cli_print_try_help(FILE *err);

#endif /* HG_CHECKER_CLI_OPTIONS_H */
