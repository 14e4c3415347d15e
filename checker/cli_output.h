/*
 * cli_output.h - files handleguard-check writes whole (--output,
 * --export-fixes): written to a temporary file in the destination's
 * directory and renamed over it only when complete, so a reader never sees
 * a partial file and a failed run leaves the old one in place.  "-" means
 * standard output.
 */
#ifndef HG_CHECKER_CLI_OUTPUT_H
#define HG_CHECKER_CLI_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

typedef struct hg_output {
  FILE *f;          /* write here */
  char *path;       /* the destination, NULL for stdout */
  char *tmp;        /* the temporary file, NULL for stdout */
} hg_output;

/* False after "error: cannot write '<path>': ..." on err. */
bool hg_output_open(hg_output *o, const char *path, FILE *err);

/* Closes; when `ok` and every write succeeded, renames the temporary file
 * over the destination (keeping the destination's permission bits when it
 * existed), else removes it.  False after an error message. */
bool hg_output_close(hg_output *o, bool ok, FILE *err);

#endif /* HG_CHECKER_CLI_OUTPUT_H */
