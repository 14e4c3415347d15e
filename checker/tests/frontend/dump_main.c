/*
 * dump_main.c - test driver of the libclang front end: parses one file and
 * prints hg_model_dump() of its model.
 *
 *   hg-frontend-dump [--cwd DIR] [--quiet] FILE [COMPILER ARGS...]
 *
 * --quiet builds (and validates) the model without printing it: the front
 * end's own cost, e.g. `time hg-frontend-dump --quiet sqlite3.c` against
 * `time clang -fsyntax-only sqlite3.c`.
 * Exit status: the hg_parse_status (0 ok, 1 clang errors, 2 failure).
 */
#include "frontend.h"

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
  const char *cwd = NULL;
  bool quiet = false;
  int i = 1;
  for (;;) {
    if (i + 1 < argc && strcmp(argv[i], "--cwd") == 0) {
      cwd = argv[i + 1];
      i += 2;
    } else if (i < argc && strcmp(argv[i], "--quiet") == 0) {
      quiet = true;
      i++;
    } else {
      break;
    }
  }
  if (i >= argc) {
    fputs("usage: hg-frontend-dump [--cwd DIR] [--quiet] FILE [COMPILER ARGS...]\n", stderr);
    return 2;
  }
  const char *file = argv[i++];
  hg_frontend *fe = hg_frontend_new();
  if (!fe) {
    fputs("error: cannot create a libclang index\n", stderr);
    return 2;
  }
  hg_model *m = NULL;
  hg_parse_status st = hg_frontend_parse(fe, file, (const char *const *)argv + i, argc - i, cwd,
                                         &m, stderr);
  if (st == HG_PARSE_OK && !quiet) hg_model_dump(m, stdout);
  hg_model_free(m);
  hg_frontend_free(fe);
  return (int)st;
}
