/*
 * tidyconfig.h - .clang-tidy files for the command-line checker, read with
 * libyaml the way clang-tidy 19 reads them, so that one file configures the
 * clang-tidy plugin and the checker alike.
 *
 * Lookup (clang-tidy's): for a source file, the nearest `.clang-tidy` walking
 * up from the file's directory (absolute, `.`/`..` removed lexically; empty
 * files are skipped).  When it says `InheritParentConfig: true` the next one
 * up is merged under it, and so on.  Merging, outermost first: `Checks` and
 * `WarningsAsErrors` are concatenated with `,` (later globs win), CheckOptions
 * are overridden key by key, HeaderFilterRegex / ExcludeHeaderFilterRegex /
 * SystemHeaders are overridden.  Then --config (or --config-file) and last the
 * command-line --checks / --warnings-as-errors.
 *
 * --config / --config-file replace the lookup entirely, as in clang-tidy,
 * unless that configuration itself says `InheritParentConfig: true`, in which
 * case the files found for the source file come first.
 *
 * Keys, as clang-tidy 19 has them: Checks (a string or a YAML list),
 * WarningsAsErrors (a string), CheckOptions (a map or a list of {key, value};
 * see rules/options.h for the handleguard keys), InheritParentConfig,
 * HeaderFilterRegex, ExcludeHeaderFilterRegex, SystemHeaders; clang-tidy's
 * other keys (FormatStyle, User, ExtraArgs, ExtraArgsBefore, UseColor,
 * HeaderFileExtensions, ImplementationFileExtensions) are accepted and
 * ignored.  Any other key, and a key with no value (`Checks:`), is an error,
 * as in clang-tidy 19.
 *
 * Errors (clang-tidy would skip a broken file; the checker refuses it): YAML
 * syntax, an unknown top-level key, a value of the wrong kind, a malformed
 * check glob or regex, an unknown `handleguard` option or a bad value.  Each
 * is printed once, when the file is first read, as
 *   path:line:col: error: message
 * and makes loading fail (the CLI exits 2).  Later lookups that need the same
 * broken file fail without printing again.
 *
 * The enabled checks start all on (as if `handleguard-*` came first) and the
 * `Checks` globs apply on top; no check is an error until WarningsAsErrors
 * says so.
 */
#ifndef HG_CHECKER_TIDYCONFIG_H
#define HG_CHECKER_TIDYCONFIG_H

#include <stdbool.h>
#include <stdio.h>

#include "config.h"

typedef struct hg_tidy_config {
  hg_config cfg;               /* options applied; enabled[] / as_error[] from the globs */
  char *checks;                /* merged Checks globs, outermost first ("" if none) */
  char *warnings_as_errors;    /* merged WarningsAsErrors globs ("" if none) */
  char *header_filter;         /* HeaderFilterRegex, NULL when no source sets it */
  char *exclude_header_filter; /* ExcludeHeaderFilterRegex, NULL when unset */
  int system_headers;          /* SystemHeaders: -1 unset, 0 false, 1 true */
  char *source_path;           /* where it came from, outermost first, ", "-separated
                                  ("" when only defaults); for messages */
} hg_tidy_config;

/* Defaults only (no file): every check on, none an error. */
void hg_tidy_config_init(hg_tidy_config *tc);
void hg_tidy_config_free(hg_tidy_config *tc);

/* One configuration given as YAML text; `name` is used in messages (e.g.
 * "--config").  No lookup: InheritParentConfig is ignored here. */
bool hg_tidy_config_from_string(const char *yaml, const char *name, hg_tidy_config *out,
                                FILE *errs);
/* One configuration file; an error when it cannot be read. */
bool hg_tidy_config_from_file(const char *path, hg_tidy_config *out, FILE *errs);

/* Appends command-line globs after the configuration's (NULL: none) and
 * recomputes enabled[] / as_error[].  A malformed glob is reported as
 * "error: --checks: ..." and leaves tc unchanged. */
bool hg_tidy_config_append_globs(hg_tidy_config *tc, const char *checks,
                                 const char *warnings_as_errors, FILE *errs);

/* Writes the effective configuration as a .clang-tidy document (like
 * clang-tidy --dump-config, handleguard options only). */
void hg_tidy_config_dump(const hg_tidy_config *tc, FILE *out);

/* ---- lookup for many source files ---------------------------------------- */

/* Remembers every .clang-tidy it parsed and, per directory, the nearest one,
 * so checking many files of one directory reads its configuration once.
 * Not thread-safe. */
typedef struct hg_tidy_loader hg_tidy_loader;

hg_tidy_loader *hg_tidy_loader_new(void);
void hg_tidy_loader_free(hg_tidy_loader *l);

/* --config=<yaml>: replaces the lookup (see above).  False on a parse error
 * (printed to errs). */
bool hg_tidy_loader_use_config(hg_tidy_loader *l, const char *yaml, FILE *errs);
/* --config-file=<path>: the same with a file's text; an error if unreadable. */
bool hg_tidy_loader_use_config_file(hg_tidy_loader *l, const char *path, FILE *errs);
/* --checks / --warnings-as-errors: appended after everything else (NULL: none).
 * False on a malformed glob. */
bool hg_tidy_loader_set_overrides(hg_tidy_loader *l, const char *checks,
                                  const char *warnings_as_errors, FILE *errs);

/* The configuration for one source file (which need not exist).  On success
 * *out is filled and owned by the caller (hg_tidy_config_free); on failure
 * *out is left with the defaults and must still be freed. */
bool hg_tidy_config_for_file(hg_tidy_loader *l, const char *source_file, hg_tidy_config *out,
                             FILE *errs);

#endif /* HG_CHECKER_TIDYCONFIG_H */
