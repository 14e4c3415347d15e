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

/* Restricts what hg_frontend_parse models: a translation unit that declares
 * none of `names` (as a function, struct, union or typedef) and annotates no
 * record is modelled without function bodies, since no check can fire on it
 * (see hg_config_relevant_names).  This keeps large unrelated files (an
 * amalgamation) close to parse-only cost.  n == 0 clears it; the names are
 * copied.  Not for --dump-model. */
void hg_frontend_set_relevant(hg_frontend *fe, const char *const *names, size_t n);

/* Parses `path` with the compiler arguments `args` (no compiler name, no input
 * file; e.g. {"-std=c11", "-Iinclude"}), relative paths resolved against
 * `working_dir` (NULL: the current directory).  Prints clang's own errors
 * (clang-style "path:line:col: error: ...") to `errs`.  On HG_PARSE_OK sets
 * *out to a validated model the caller frees with hg_model_free(). */
hg_parse_status hg_frontend_parse(hg_frontend *fe, const char *path, const char *const *args,
                                  int nargs, const char *working_dir, hg_model **out, FILE *errs);

/* ---- translation units kept for re-parsing (the language server) ------------ */

/* A parsed translation unit kept between checks of one file that an editor
 * has open.  It is parsed with a precompiled preamble (the #includes at the
 * top of the main file), so that a re-parse after an edit parses only the
 * rest of the main file, as long as the preamble and the headers it reads
 * are unchanged (libclang checks them and rebuilds it when they change).
 * One unit is used by one thread at a time. */
typedef struct hg_frontend_tu hg_frontend_tu;

/* Parses `path` like hg_frontend_parse (same arguments and working
 * directory), with `text` / `len` as the main file's contents instead of
 * what is on disk (text NULL: the file is read; then it must exist).  On
 * HG_PARSE_OK sets *out to the kept unit (close it with
 * hg_frontend_tu_close); else *out is NULL and a message went to `errs`.
 * Clang's errors in the code are not reported here but by
 * hg_frontend_tu_model. */
hg_parse_status hg_frontend_tu_open(hg_frontend *fe, const char *path, const char *const *args, int nargs,
                                    const char *working_dir, const char *text, size_t len, hg_frontend_tu **out,
                                    FILE *errs);

/* Parses the unit again with the main file's new contents (text NULL: from
 * disk).  HG_PARSE_FAILED (message printed) when libclang lost the unit;
 * the next call parses afresh. */
hg_parse_status hg_frontend_tu_reparse(hg_frontend_tu *tu, const char *text, size_t len, FILE *errs);

/* The model of the unit's last parse, built and validated exactly as
 * hg_frontend_parse builds it: HG_PARSE_ERRORS after printing clang's errors
 * to `errs` (clang-style "path:line:col: error: ..."), else *out as there. */
hg_parse_status hg_frontend_tu_model(hg_frontend_tu *tu, hg_model **out, FILE *errs);

void hg_frontend_tu_close(hg_frontend_tu *tu);

#endif /* HG_CHECKER_FRONTEND_H */
