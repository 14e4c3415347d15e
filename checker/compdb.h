/*
 * compdb.h - turns the command line's files, `-p <build-dir>` and
 * `-- <compiler args>` into jobs: one parse per (file, compiler arguments,
 * working directory), the way clang-tidy chooses a compile command:
 *
 *   - `-- args`: those arguments for every file (no database is read);
 *   - `-p dir`: dir/compile_commands.json (it must exist); with no files,
 *     every entry of the database;
 *   - neither: compile_commands.json in the first file's directory or its
 *     parents, else no arguments at all.
 * A file the database does not know is parsed with no arguments (after a
 * warning on stderr).  --extra-arg-before / --extra-arg wrap the arguments
 * and -I<runtime include dir> always comes last.
 */
#ifndef HG_CHECKER_COMPDB_H
#define HG_CHECKER_COMPDB_H

#include <stdbool.h>
#include <stdio.h>

typedef struct hg_job {
  char *file;      /* the main file as the parser is given it: absolute, or
                      as a database entry names it (relative to `dir`) */
  char *abs_file;  /* the main file's absolute path */
  char **args;     /* compiler arguments: no compiler, no input, no -o/-c */
  int nargs;
  char *dir;       /* working directory of the command, or NULL (current) */
} hg_job;

typedef struct hg_jobs {
  hg_job *v;
  size_t n, cap;
} hg_jobs;

typedef struct hg_job_request {
  const char *const *files;
  int nfiles;
  const char *build_dir;                 /* -p, or NULL */
  bool fixed;                            /* `--` was given */
  const char *const *fixed_args;
  int nfixed;
  const char *const *extra_before;
  int nextra_before;
  const char *const *extra_after;
  int nextra_after;
  const char *include_dir;               /* appended as -I<dir>, or NULL */
} hg_job_request;

/* Builds the jobs.  Returns false (after a message on `err`) when a given
 * build directory has no usable compilation database. */
bool hg_jobs_build(const hg_job_request *req, hg_jobs *out, FILE *err);
void hg_jobs_free(hg_jobs *jobs);
void hg_job_free(hg_job *job);   /* one job's strings (for callers that drop jobs) */

#endif /* HG_CHECKER_COMPDB_H */
