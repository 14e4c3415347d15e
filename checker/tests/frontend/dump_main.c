/*
 * dump_main.c - test driver of the libclang front end: parses one file and
 * prints hg_model_dump() of its model.
 *
 *   hg-frontend-dump [--cwd DIR] FILE [COMPILER ARGS...]
 *
 * Exit status: the hg_parse_status (0 ok, 1 clang errors, 2 failure).
 */
#include "frontend.h"

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
  const char *cwd = NULL;
  int i = 1;
  if (i + 1 < argc && strcmp(argv[i], "--cwd") == 0) {
    cwd = argv[i + 1];
    i += 2;
  }
  if (i >= argc) {
    fputs("usage: hg-frontend-dump [--cwd DIR] FILE [COMPILER ARGS...]\n", stderr);
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
  if (st == HG_PARSE_OK) hg_model_dump(m, stdout);
  hg_model_free(m);
  hg_frontend_free(fe);
  return (int)st;
}
