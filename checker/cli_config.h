/*
 * cli_config.h - the configuration of each file handleguard-check checks:
 * the .clang-tidy files found for it (checker/tidyconfig.h), or --config /
 * --config-file, then the command line's --checks / --warnings-as-errors,
 * --header-filter, --exclude-header-filter and --system-headers on top, as
 * clang-tidy combines them.  Also --dump-config, --verify-config and
 * --list-checks, which show the configuration of the first file.
 *
 * Not thread-safe (the .clang-tidy loader is not): resolve every file's
 * configuration in one thread before handing it to workers.
 */
#ifndef HG_CHECKER_CLI_CONFIG_H
#define HG_CHECKER_CLI_CONFIG_H

#include <regex.h>
#include <stdbool.h>
#include <stdio.h>

#include "cli_options.h"
#include "diag.h"
#include "tidyconfig.h"

/* Everything that decides what is reported for one file. */
typedef struct hg_file_config {
  hg_tidy_config tc;               /* checks, errors, engine options */
  const regex_t *header_filter;    /* NULL: diagnostics in headers are hidden */
  const regex_t *exclude_filter;   /* NULL: no header is excluded */
  bool system_headers;             /* show diagnostics in system headers */
} hg_file_config;

typedef struct hg_cli_config hg_cli_config;

/* Sets up the lookup from the options: --config / --config-file (mutually
 * exclusive), --checks / --warnings-as-errors (validated), the command-line
 * header filters.  NULL after printing an error (usage or configuration
 * error: exit status 2). */
hg_cli_config *hg_cli_config_new(const hg_cli_options *o, FILE *err);
void hg_cli_config_free(hg_cli_config *c);

/* The configuration for `source_file` (need not exist).  False after the
 * loader printed "path:line:col: error: ..." for a broken file; `out` must
 * be released with hg_file_config_free either way. */
bool hg_cli_config_for(hg_cli_config *c, const char *source_file, hg_file_config *out, FILE *err);
void hg_file_config_free(hg_file_config *fc);

/* Whether `cfg` reports the engine's diagnostic `g` (its check is enabled);
 * when it does, marks `g` as an error as WarningsAsErrors says.  The one
 * filter the command line and the language server both apply. */
bool hg_cli_keeps_diag(const hg_config *cfg, hg_diag *g);

/* The file whose configuration --list-checks, --dump-config and
 * --verify-config show: the first input file, else "dummy" in the current
 * directory (clang-tidy's choice).  malloc'd. */
char *hg_cli_config_probe_file(const hg_cli_options *o);

/* --dump-config: the effective configuration of `file` as YAML on `out`.
 * Returns the exit status (0, or 2 on a configuration error). */
int hg_cli_dump_config(hg_cli_config *c, const char *file, FILE *out, FILE *err);

/* --verify-config: loads the configuration of every file in `files` (or of
 * the probe file), reports check globs naming no handleguard check, and
 * prints "No config errors detected." when all is well.  Returns 0, 1 when a
 * glob names no check, 2 on a configuration error. */
int hg_cli_verify_config(hg_cli_config *c, const char *const *files, int nfiles, FILE *out,
                         FILE *err);

/* --list-checks: "Enabled checks:" and the enabled checks for `file`.
 * Returns 0, or 2 when none is enabled or the configuration is broken. */
int hg_cli_list_checks(hg_cli_config *c, const char *file, FILE *out, FILE *err);

#endif /* HG_CHECKER_CLI_CONFIG_H */
