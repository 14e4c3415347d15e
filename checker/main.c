/*
 * main.c - handleguard-check, the command-line checker: parses the command
 * line, answers the configuration commands (--list-checks, --dump-config,
 * --verify-config), and otherwise turns files and compilation database into
 * jobs, resolves each file's configuration, and runs the jobs (cli_check.c).
 * Exit status: 0 clean, 1 an error was reported, 2 usage, configuration or
 * parse failure.  Behaves like clang-tidy wherever the two overlap.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_check.h"
#include "cli_config.h"
#include "cli_options.h"
#include "lsp.h"

enum { HG_EXIT_CLEAN = 0, HG_EXIT_USAGE = 2 };

static int hg_usage_error(const char *message) {
  fprintf(stderr, "Error: %s\n", message);
  hg_cli_print_try_help(stderr);
  return HG_EXIT_USAGE;
}

/* Option values and combinations the parser cannot judge alone. */
static bool hg_options_valid(hg_cli_options *o) {
  if (o->format && strcmp(o->format, "text") && strcmp(o->format, "sarif") && strcmp(o->format, "json")) {
    fprintf(stderr, "Error: invalid --format '%s': expected text, sarif or json.\n", o->format);
    return false;
  }
  if (o->jobs) {
    char *end;
    long n = strtol(o->jobs, &end, 10);
    if (*end || end == o->jobs || n < 0 || n > 4096) {
      fprintf(stderr, "Error: invalid -j '%s': expected a number of threads (0: one per core).\n", o->jobs);
      return false;
    }
  }
  if (o->diff && o->line_filter) {
    fputs("Error: --diff and --line-filter are mutually exclusive.\n", stderr);
    return false;
  }
  if (o->dump_model && ((o->format && strcmp(o->format, "text")) || o->output)) {
    fputs("Error: --dump-model prints the model as text on standard output; --format and --output do not apply.\n",
          stderr);
    return false;
  }
  if (o->fix_errors || o->fix_notes) o->fix = true;
  return true;
}

/* --list-checks, --dump-config and --verify-config. */
static int hg_config_command(const hg_cli_options *o, hg_cli_config *cc) {
  if (o->verify_config)
    return hg_cli_verify_config(cc, o->files, o->nfiles, stdout, stderr);
  char *probe = hg_cli_config_probe_file(o);
  int rc = o->dump_config ? hg_cli_dump_config(cc, probe, stdout, stderr)
                          : hg_cli_list_checks(cc, probe, stdout, stderr);
  free(probe);
  return rc;
}

static int hg_main(hg_cli_options *o) {
  if (o->help) {
    hg_cli_print_help(stdout);
    return HG_EXIT_CLEAN;
  }
  if (o->lsp) return hg_lsp_main(o);
  if (o->version) {
    hg_cli_print_version(stdout);
    return HG_EXIT_CLEAN;
  }
  if (!hg_options_valid(o)) {
    hg_cli_print_try_help(stderr);
    return HG_EXIT_USAGE;
  }
  hg_cli_config *cc = hg_cli_config_new(o, stderr);
  if (!cc) return HG_EXIT_USAGE;
  int rc;
  if (o->list_checks || o->dump_config || o->verify_config) rc = hg_config_command(o, cc);
  else if (o->nfiles == 0 && !(o->build_dir && !o->dashdash) && !o->diff)
    rc = hg_usage_error("no input files specified.");
  else rc = hg_check(o, cc);
  hg_cli_config_free(cc);
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
