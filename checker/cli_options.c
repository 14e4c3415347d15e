/*
 * cli_options.c - parses handleguard-check's options (clang-tidy spelling
 * and LLVM option-library conventions), and prints --help and --version.
 */
#include "cli_options.h"

#include <clang-c/Index.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#ifndef HG_VERSION
#define HG_VERSION "unknown"
#endif

#define HG_PROGRAM "handleguard-check"

/* FLAG: no value (or =true/=false); VALUE: one value, '=' or next argument;
 * LIST: like VALUE, repeatable; OPTIONAL: a value only after '=' (else the
 * default in `dflt`); JOINED: like VALUE, and may be glued to a one-letter
 * name ("-j8"). */
typedef enum hg__opt_kind { HG__OPT_FLAG, HG__OPT_VALUE, HG__OPT_LIST, HG__OPT_OPTIONAL, HG__OPT_JOINED } hg__opt_kind;

/* One option: its name without dashes, its kind, and where it is stored. */
typedef struct hg__opt {
  const char *name;
  hg__opt_kind kind;
  size_t field;   /* offsetof the bool / const char * / list in hg_cli_options */
  size_t count;   /* lists: offsetof the int count */
  const char *dflt; /* OPTIONAL: the value when none is given */
} hg__opt;

#define HG__FIELD(f) offsetof(hg_cli_options, f)

static const hg__opt hg__opts[] = {
    {"checks", HG__OPT_VALUE, HG__FIELD(checks), 0, NULL},
    {"warnings-as-errors", HG__OPT_VALUE, HG__FIELD(warnings_as_errors), 0, NULL},
    {"header-filter", HG__OPT_VALUE, HG__FIELD(header_filter), 0, NULL},
    {"exclude-header-filter", HG__OPT_VALUE, HG__FIELD(exclude_header_filter), 0, NULL},
    {"system-headers", HG__OPT_FLAG, HG__FIELD(system_headers), 0, NULL},
    {"p", HG__OPT_VALUE, HG__FIELD(build_dir), 0, NULL},
    {"config", HG__OPT_VALUE, HG__FIELD(config), 0, NULL},
    {"config-file", HG__OPT_VALUE, HG__FIELD(config_file), 0, NULL},
    {"dump-config", HG__OPT_FLAG, HG__FIELD(dump_config), 0, NULL},
    {"verify-config", HG__OPT_FLAG, HG__FIELD(verify_config), 0, NULL},
    {"fix", HG__OPT_FLAG, HG__FIELD(fix), 0, NULL},
    {"fix-errors", HG__OPT_FLAG, HG__FIELD(fix_errors), 0, NULL},
    {"fix-notes", HG__OPT_FLAG, HG__FIELD(fix_notes), 0, NULL},
    {"export-fixes", HG__OPT_VALUE, HG__FIELD(export_fixes), 0, NULL},
    {"j", HG__OPT_JOINED, HG__FIELD(jobs), 0, NULL},
    {"format", HG__OPT_VALUE, HG__FIELD(format), 0, NULL},
    {"output", HG__OPT_VALUE, HG__FIELD(output), 0, NULL},
    {"cache-dir", HG__OPT_VALUE, HG__FIELD(cache_dir), 0, NULL},
    {"no-cache", HG__OPT_FLAG, HG__FIELD(no_cache), 0, NULL},
    {"cache-stats", HG__OPT_FLAG, HG__FIELD(cache_stats), 0, NULL},
    {"line-filter", HG__OPT_VALUE, HG__FIELD(line_filter), 0, NULL},
    {"diff", HG__OPT_OPTIONAL, HG__FIELD(diff), 0, "HEAD"},
    {"extra-arg", HG__OPT_LIST, HG__FIELD(extra_args), HG__FIELD(nextra_args), NULL},
    {"extra-arg-before", HG__OPT_LIST, HG__FIELD(extra_args_before), HG__FIELD(nextra_args_before), NULL},
    {"list-checks", HG__OPT_FLAG, HG__FIELD(list_checks), 0, NULL},
    {"dump-model", HG__OPT_FLAG, HG__FIELD(dump_model), 0, NULL},
    {"quiet", HG__OPT_FLAG, HG__FIELD(quiet), 0, NULL},
    {"help", HG__OPT_FLAG, HG__FIELD(help), 0, NULL},
    {"version", HG__OPT_FLAG, HG__FIELD(version), 0, NULL},
    {"lsp", HG__OPT_FLAG, HG__FIELD(lsp), 0, NULL},
};
#define HG__NOPTS (sizeof hg__opts / sizeof hg__opts[0])

static void hg__append(const char ***list, int *n, const char *s) {
  *list = realloc(*list, (size_t)(*n + 1) * sizeof **list);
  if (!*list) abort();
  (*list)[(*n)++] = s;
}

static const hg__opt *hg__find_opt(const char *name, size_t len) {
  for (size_t i = 0; i < HG__NOPTS; i++)
    if (strlen(hg__opts[i].name) == len && strncmp(hg__opts[i].name, name, len) == 0) return &hg__opts[i];
  return NULL;
}

/* ---- "did you mean" ------------------------------------------------------------ */

static size_t hg__edit_distance(const char *a, const char *b) {
  size_t la = strlen(a), lb = strlen(b);
  size_t *row = malloc((lb + 1) * sizeof *row);
  if (!row) abort();
  for (size_t j = 0; j <= lb; j++) row[j] = j;
  for (size_t i = 1; i <= la; i++) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= lb; j++) {
      size_t up = row[j];
      size_t best = diag + (a[i - 1] != b[j - 1]);
      if (up + 1 < best) best = up + 1;
      if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
      row[j] = best;
      diag = up;
    }
  }
  size_t d = row[lb];
  free(row);
  return d;
}

static const char *hg__nearest_option(const char *name) {
  const char *best = NULL;
  size_t best_d = (size_t)-1;
  for (size_t i = 0; i < HG__NOPTS; i++) {
    size_t d = hg__edit_distance(name, hg__opts[i].name);
    if (d < best_d) best_d = d, best = hg__opts[i].name;
  }
  size_t limit = strlen(name) / 3 + 1;
  return best_d <= limit ? best : NULL;
}

static void hg__unknown_option(const char *arg, const char *name, FILE *err) {
  fprintf(err, "error: " HG_PROGRAM ": Unknown command line argument '%s'.  Try: '" HG_PROGRAM " --help'\n", arg);
  char *bare = malloc(strlen(name) + 1);
  if (!bare) abort();
  strcpy(bare, name);
  char *eq = strchr(bare, '=');
  if (eq) *eq = '\0';
  const char *near = hg__nearest_option(bare);
  if (near) fprintf(err, HG_PROGRAM ": Did you mean '%s%s'?\n", strlen(near) == 1 ? "-" : "--", near);
  free(bare);
}

/* ---- storing one option --------------------------------------------------------- */

static bool hg__parse_bool(const char *v, bool *out) {
  if (!strcmp(v, "true") || !strcmp(v, "TRUE") || !strcmp(v, "True") || !strcmp(v, "1")) return *out = true, true;
  if (!strcmp(v, "false") || !strcmp(v, "FALSE") || !strcmp(v, "False") || !strcmp(v, "0")) return *out = false, true;
  return false;
}

static bool hg__store_flag(hg_cli_options *o, const hg__opt *opt, const char *value, FILE *err) {
  bool *flag = (bool *)((char *)o + opt->field);
  if (!value) return *flag = true, true;
  if (hg__parse_bool(value, flag)) return true;
  fprintf(err, "error: " HG_PROGRAM ": for the --%s option: '%s' is invalid value for boolean argument! Try 0 or 1\n",
          opt->name, value);
  return false;
}

static bool hg__store_value(hg_cli_options *o, const hg__opt *opt, const char *value, FILE *err) {
  const char **slot = (const char **)((char *)o + opt->field);
  if (*slot) {
    fprintf(err, "error: " HG_PROGRAM ": for the %s%s option: may only occur zero or one times!\n",
            strlen(opt->name) == 1 ? "-" : "--", opt->name);
    return false;
  }
  *slot = value;
  return true;
}

static void hg__store_list(hg_cli_options *o, const hg__opt *opt, const char *value) {
  const char ***list = (const char ***)((char *)o + opt->field);
  int *n = (int *)((char *)o + opt->count);
  hg__append(list, n, value);
}

/* Handles argv[*i], an option; may consume argv[*i + 1] as its value. */
static bool hg__parse_option(int argc, char **argv, int *i, hg_cli_options *o, FILE *err) {
  const char *arg = argv[*i];
  const char *name = arg + (arg[1] == '-' ? 2 : 1);
  const char *eq = strchr(name, '=');
  size_t len = eq ? (size_t)(eq - name) : strlen(name);
  const char *value = eq ? eq + 1 : NULL;
  const hg__opt *opt = hg__find_opt(name, len);
  if (!opt && len > 1 && !eq && arg[1] != '-') {
    /* "-j8": a one-letter option glued to its value */
    opt = hg__find_opt(name, 1);
    if (opt && opt->kind == HG__OPT_JOINED) value = name + 1;
    else opt = NULL;
  }
  if (!opt) {
    hg__unknown_option(arg, name, err);
    return false;
  }
  if (opt->kind == HG__OPT_FLAG) return hg__store_flag(o, opt, value, err);
  if (opt->kind == HG__OPT_OPTIONAL && !value) value = opt->dflt;
  if (!value) {
    if (*i + 1 >= argc) {
      fprintf(err, "error: " HG_PROGRAM ": for the %s option: requires a value!\n", arg);
      return false;
    }
    value = argv[++*i];
  }
  if (opt->kind == HG__OPT_LIST) return hg__store_list(o, opt, value), true;
  return hg__store_value(o, opt, value, err);
}

bool hg_cli_parse(int argc, char **argv, hg_cli_options *o, FILE *err) {
  memset(o, 0, sizeof *o);
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    if (strcmp(arg, "--") == 0) {
      o->dashdash = true;
      for (i++; i < argc; i++) hg__append(&o->compiler_args, &o->ncompiler_args, argv[i]);
      break;
    }
    if (arg[0] == '-' && arg[1] != '\0') {
      if (!hg__parse_option(argc, argv, &i, o, err)) return false;
      continue;
    }
    hg__append(&o->files, &o->nfiles, arg);
  }
  return true;
}

void hg_cli_options_free(hg_cli_options *o) {
  free(o->files);
  free(o->compiler_args);
  free(o->extra_args);
  free(o->extra_args_before);
  memset(o, 0, sizeof *o);
}

/* ---- help and version ------------------------------------------------------------ */

void hg_cli_print_try_help(FILE *err) { fprintf(err, "Try: '" HG_PROGRAM " --help'\n"); }

static const char hg__help[] =
    "USAGE: " HG_PROGRAM " [options] <source0> [... <sourceN>] [-- <compiler arguments>]\n"
    "\n"
    "Checks that C code using handle guards (libhandleguard or a configured\n"
    "enter/leave protocol) follows the adoption checklist.  Diagnostics are\n"
    "printed on stdout in clang-tidy's format.\n"
    "\n"
    "OPTIONS:\n"
    "\n"
    "Generic Options:\n"
    "\n"
    "  --help                         - Display available options\n"
    "  --version                      - Display the version of this program\n"
    "\n"
    "handleguard-check options:\n"
    "\n"
    "  --cache-dir=<string>           - Directory of the result cache.  Default:\n"
    "                                   $XDG_CACHE_HOME/handleguard, else\n"
    "                                   ~/.cache/handleguard.\n"
    "  --cache-stats                  - Print the cache's hits and misses on stderr.\n"
    "  --checks=<string>              - Comma-separated list of globs with optional '-'\n"
    "                                   prefix, applied left to right after the\n"
    "                                   .clang-tidy file's Checks: globs without '-'\n"
    "                                   enable the matching checks, globs with '-'\n"
    "                                   disable them.  Default: handleguard-*.\n"
    "  --config=<string>              - Configuration in YAML, used instead of the\n"
    "                                   .clang-tidy files: --config=\"{Checks: '-*,\n"
    "                                   handleguard-*', CheckOptions: {handleguard.\n"
    "                                   Profile: pthread-mutex}}\".\n"
    "  --config-file=<string>         - Configuration file used instead of the\n"
    "                                   .clang-tidy files (same format).\n"
    "  --diff[=<string>]              - Report only diagnostics on lines changed\n"
    "                                   against a git revision (default HEAD), as\n"
    "                                   'git diff -U0 <rev>' shows them.  Without\n"
    "                                   source files: the changed .c files (or, with\n"
    "                                   -p, the database entries of changed files).\n"
    "  --dump-config                  - Print the configuration of the first file (or\n"
    "                                   of the current directory) and exit.\n"
    "  --dump-model                   - Print the model the front end builds for each\n"
    "                                   translation unit instead of checking it.\n"
    "  --exclude-header-filter=<string> - Regular expression of headers whose\n"
    "                                   diagnostics are never shown.\n"
    "  --export-fixes=<string>        - Write the fix-its of the shown diagnostics to\n"
    "                                   this file as clang-apply-replacements YAML.\n"
    "  --extra-arg=<string>           - Additional argument to append to the compiler\n"
    "                                   command line (repeatable).\n"
    "  --extra-arg-before=<string>    - Additional argument to prepend to the compiler\n"
    "                                   command line (repeatable).\n"
    "  --fix                          - Apply the fix-its of the shown diagnostics.\n"
    "  --fix-errors                   - Apply them even when a file had compiler errors.\n"
    "  --fix-notes                    - Also apply the fix-it of a note when it is\n"
    "                                   the only one of its diagnostic.\n"
    "  --format=<string>              - text (default), sarif (SARIF 2.1.0) or json.\n"
    "  --header-filter=<string>       - Regular expression (POSIX extended) matching the\n"
    "                                   names of the headers to output diagnostics from\n"
    "                                   (overrides HeaderFilterRegex).  Diagnostics\n"
    "                                   from the main file of each translation unit\n"
    "                                   are always displayed; diagnostics from\n"
    "                                   system headers only with --system-headers.\n"
    "  -j <uint>                      - Translation units parsed in parallel.\n"
    "                                   Default (and 0): one per processor.\n"
    "  --line-filter=<string>         - Report only diagnostics on these lines, in\n"
    "                                   JSON: [{\"name\":\"file.c\",\"lines\":[[1,3],[5,5]]}].\n"
    "  --list-checks                  - List all enabled checks and exit.  Use with\n"
    "                                   --checks=* to list all available checks.\n"
    "  --lsp                          - Serve the Language Server Protocol on stdin and\n"
    "                                   stdout, for editors (docs/editors.md).\n"
    "  --no-cache                     - Parse every file; do not read or write the\n"
    "                                   result cache.\n"
    "  --output=<string>              - Write the report to this file instead of\n"
    "                                   stdout (replaced whole when complete).\n"
    "  -p <string>                    - Build path: a directory holding\n"
    "                                   compile_commands.json.  Without source files,\n"
    "                                   every file of the database is checked.\n"
    "  --quiet                        - Do not print the statistics about suppressed\n"
    "                                   diagnostics and warnings treated as errors.\n"
    "  --system-headers               - Display diagnostics from system headers too.\n"
    "  --verify-config                - Check the configuration of the given files (or\n"
    "                                   of the current directory) and exit.\n"
    "  --warnings-as-errors=<string>  - Upgrades warnings to errors.  Same format as\n"
    "                                   '--checks'.\n"
    "\n"
    "Configuration: each file is checked with the nearest .clang-tidy above it\n"
    "(Checks, WarningsAsErrors, CheckOptions, HeaderFilterRegex,\n"
    "InheritParentConfig ...), then --checks and --warnings-as-errors.\n"
    "\n"
    "Compiler arguments: everything after '--' is passed to the parser for every\n"
    "file, and no compilation database is read; a whole compiler command after\n"
    "'--' (as CMake's <LANG>_CLANG_TIDY passes it) loses its compiler, -c, -o and\n"
    "dependency flags.  Without '--' and without -p, compile_commands.json is\n"
    "searched in the first file's directory and its parents; when none is found\n"
    "the files are parsed without arguments.\n"
    "-I<directory of handleguard.h> is always appended last, so <handleguard.h>\n"
    "resolves even when the build flags do not name it.\n"
    "\n"
    "Suppressing diagnostics: // NOLINT, // NOLINTNEXTLINE and\n"
    "// NOLINTBEGIN ... // NOLINTEND, optionally with a check list such as\n"
    "// NOLINT(handleguard-box-freed, handleguard-op-*), as in clang-tidy.\n"
    "\n"
    "Exit status: 0 when no error was reported, 1 when a diagnostic was an error\n"
    "(WarningsAsErrors, or an unmatched NOLINTBEGIN/NOLINTEND), a --verify-config\n"
    "glob names no check, or a fix could not be applied or exported, 2 on a usage\n"
    "or configuration error, an unreadable file, a file that failed to parse or a\n"
    "report that could not be written.\n";

void hg_cli_print_help(FILE *out) { fputs(hg__help, out); }

void hg_cli_print_version(FILE *out) {
  CXString v = clang_getClangVersion();
  fprintf(out, "handleguard-check version " HG_VERSION "\n  libclang: %s\n", clang_getCString(v));
  clang_disposeString(v);
}
