/*
 * frontend.h - the libclang front end: parse one translation unit and build
 * its hg_model.  Uses only libclang's stable C API (libclang >= 17).
 */
#ifndef HG_CHECKER_FRONTEND_H
#define HG_CHECKER_FRONTEND_H

#include <stdbool.h>
#include <stdio.h>

#include "model.h"

typedef enum hg_parse_status {
  HG_PARSE_OK = 0,        /* model built */
  HG_PARSE_ERRORS = 1,    /* clang reported errors; they were printed; no model */
  HG_PARSE_FAILED = 2,    /* the file could not be read or libclang failed; message printed */
} hg_parse_status;

typedef struct hg_frontend hg_frontend;   /* owns a CXIndex; reuse it across files */

hg_frontend *hg_frontend_new(void);
void hg_frontend_free(hg_frontend *fe);

/* Parses `path` with the compiler arguments `args` (no compiler name, no input
 * file; e.g. {"-std=c11", "-Iinclude"}), relative paths resolved against
 * `working_dir` (NULL: the current directory).  Prints clang's own errors
 * (clang-style "path:line:col: error: ...") to `errs`.  On HG_PARSE_OK sets
 * *out to a validated model the caller frees with hg_model_free(). */
hg_parse_status hg_frontend_parse(hg_frontend *fe, const char *path, const char *const *args,
                                  int nargs, const char *working_dir, hg_model **out, FILE *errs);

#endif /* HG_CHECKER_FRONTEND_H */
