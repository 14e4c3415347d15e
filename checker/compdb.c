/*
 * compdb.c - chooses the compiler arguments for each file: `--` arguments,
 * a compile_commands.json read through libclang's compilation-database API
 * (from -p, or found next to the first file or in its parents), or none.
 * Messages mimic clang-tidy's on stderr.
 */
#define _POSIX_C_SOURCE 200809L

#include "compdb.h"

#include <clang-c/CXCompilationDatabase.h>
#include <stdlib.h>
#include <string.h>

#include "cli_compile_args.h"
#include "cli_path.h"

static void hg__jobs_push(hg_jobs *jobs, hg_job job) {
  if (jobs->n == jobs->cap) {
    jobs->cap = jobs->cap ? jobs->cap * 2 : 16;
    jobs->v = realloc(jobs->v, jobs->cap * sizeof *jobs->v);
    if (!jobs->v) abort();
  }
  jobs->v[jobs->n++] = job;
}

void hg_job_free(hg_job *job) {
  hg_argv a = {job->args, job->nargs, job->nargs};
  hg_argv_free(&a);
  free(job->file);
  free(job->abs_file);
  free(job->dir);
  memset(job, 0, sizeof *job);
}

void hg_jobs_free(hg_jobs *jobs) {
  for (size_t i = 0; i < jobs->n; i++) hg_job_free(&jobs->v[i]);
  free(jobs->v);
  memset(jobs, 0, sizeof *jobs);
}

/* Wraps `core` with the extra arguments and the runtime include directory
 * and appends the job (taking ownership of file and dir; `file` is relative
 * to `dir` or absolute). */
static void hg__add_job(const hg_job_request *req, hg_jobs *jobs, char *file, char *dir,
                        const char *const *core, int ncore) {
  hg_argv args = {0};
  hg_argv_push_all(&args, req->extra_before, req->nextra_before);
  hg_argv_push_all(&args, core, ncore);
  hg_argv_push_all(&args, req->extra_after, req->nextra_after);
  if (req->include_dir) {
    char *inc = malloc(strlen(req->include_dir) + 3);
    if (!inc) abort();
    strcpy(inc, "-I");
    strcat(inc, req->include_dir);
    hg_argv_push(&args, inc);
    free(inc);
  }
  hg_job job = {file, hg_path_absolute(file, dir), args.v, args.n, dir};
  hg__jobs_push(jobs, job);
}

/* ---- one compile command ------------------------------------------------------ */

static char *hg__take_string(CXString s) {
  const char *c = clang_getCString(s);
  char *copy = hg_xstrdup(c ? c : "");
  clang_disposeString(s);
  return copy;
}

static void hg__add_command_job(const hg_job_request *req, hg_jobs *jobs, CXCompileCommand cmd) {
  char *dir = hg__take_string(clang_CompileCommand_getDirectory(cmd));
  char *file = hg__take_string(clang_CompileCommand_getFilename(cmd));
  unsigned n = clang_CompileCommand_getNumArgs(cmd);
  hg_argv raw = {0}, core = {0};
  for (unsigned i = 0; i < n; i++) {
    char *arg = hg__take_string(clang_CompileCommand_getArg(cmd, i));
    hg_argv_push(&raw, arg);
    free(arg);
  }
  hg_compile_args_strip((const char *const *)raw.v, raw.n, file, dir[0] ? dir : NULL, &core);
  if (!dir[0]) {
    free(dir);
    dir = NULL;
  }
  /* clang-tidy hands the parser the file as the entry names it */
  hg__add_job(req, jobs, file, dir, (const char *const *)core.v, core.n);
  hg_argv_free(&raw);
  hg_argv_free(&core);
}

/* Adds one job per command the database has for `file`; false when none. */
static bool hg__add_file_jobs(const hg_job_request *req, hg_jobs *jobs, CXCompilationDatabase db,
                              const char *abs_file) {
  CXCompileCommands cmds = clang_CompilationDatabase_getCompileCommands(db, abs_file);
  unsigned n = cmds ? clang_CompileCommands_getSize(cmds) : 0;
  for (unsigned i = 0; i < n; i++) hg__add_command_job(req, jobs, clang_CompileCommands_getCommand(cmds, i));
  if (cmds) clang_CompileCommands_dispose(cmds);
  return n > 0;
}

static void hg__add_all_jobs(const hg_job_request *req, hg_jobs *jobs, CXCompilationDatabase db) {
  CXCompileCommands cmds = clang_CompilationDatabase_getAllCompileCommands(db);
  unsigned n = cmds ? clang_CompileCommands_getSize(cmds) : 0;
  for (unsigned i = 0; i < n; i++) hg__add_command_job(req, jobs, clang_CompileCommands_getCommand(cmds, i));
  if (cmds) clang_CompileCommands_dispose(cmds);
}

/* ---- choosing the source of arguments ------------------------------------------ */

static void hg__add_default_job(const hg_job_request *req, hg_jobs *jobs, const char *file) {
  hg__add_job(req, jobs, hg_path_absolute(file, NULL), NULL, NULL, 0);
}

/* `-- <args>` for every file; when the arguments are a whole compiler
 * command (CMake's clang-tidy hook), it is cleaned up like a database
 * command for each file. */
static void hg__add_fixed_jobs(const hg_job_request *req, hg_jobs *jobs) {
  int cc = hg_compile_args_compiler_index(req->fixed_args, req->nfixed);
  for (int i = 0; i < req->nfiles; i++) {
    char *file = hg_path_absolute(req->files[i], NULL);
    if (cc < 0) {
      hg__add_job(req, jobs, file, NULL, req->fixed_args, req->nfixed);
      continue;
    }
    hg_argv core = {0};
    hg_compile_args_strip(req->fixed_args + cc, req->nfixed - cc, file, NULL, &core);
    hg__add_job(req, jobs, file, NULL, (const char *const *)core.v, core.n);
    hg_argv_free(&core);
  }
}

/* The canonical path of every file the database has an entry for. */
static void hg__db_files(CXCompilationDatabase db, hg_argv *out) {
  CXCompileCommands cmds = clang_CompilationDatabase_getAllCompileCommands(db);
  unsigned n = cmds ? clang_CompileCommands_getSize(cmds) : 0;
  for (unsigned i = 0; i < n; i++) {
    CXCompileCommand cmd = clang_CompileCommands_getCommand(cmds, i);
    char *dir = hg__take_string(clang_CompileCommand_getDirectory(cmd));
    char *file = hg__take_string(clang_CompileCommand_getFilename(cmd));
    char *canon = hg_path_canonical(file, dir[0] ? dir : NULL);
    hg_argv_push(out, canon);
    free(canon);
    free(file);
    free(dir);
  }
  if (cmds) clang_CompileCommands_dispose(cmds);
}

static bool hg__argv_has(const hg_argv *a, const char *s) {
  for (int i = 0; i < a->n; i++)
    if (strcmp(a->v[i], s) == 0) return true;
  return false;
}

/* Jobs for the given files from `db`.  A file without an entry gets the
 * command libclang infers from the most similar entry (as clang-tidy does),
 * or no arguments when there is none; either way with a warning. */
static void hg__add_db_jobs(const hg_job_request *req, hg_jobs *jobs, CXCompilationDatabase db,
                            const char *db_dir, FILE *err) {
  hg_argv known = {0};
  hg__db_files(db, &known);
  for (int i = 0; i < req->nfiles; i++) {
    char *abs_file = hg_path_absolute(req->files[i], NULL);
    char *canon = hg_path_canonical(req->files[i], NULL);
    bool listed = hg__argv_has(&known, canon);
    if (!listed)
      fprintf(err, "warning: '%s' has no entry in %s/compile_commands.json; ", abs_file, db_dir);
    if (hg__add_file_jobs(req, jobs, db, abs_file)) {
      if (!listed) fputs("using the command inferred from a similar entry\n", err);
    } else {
      if (listed) fprintf(err, "warning: no usable compile command for '%s'; ", abs_file);
      fputs("running without flags\n", err);
      hg__add_default_job(req, jobs, req->files[i]);
    }
    free(canon);
    free(abs_file);
  }
  hg_argv_free(&known);
}

static CXCompilationDatabase hg__load_db(const char *dir) {
  CXCompilationDatabase_Error e = CXCompilationDatabase_NoError;
  CXCompilationDatabase db = clang_CompilationDatabase_fromDirectory(dir, &e);
  if (e != CXCompilationDatabase_NoError) {
    if (db) clang_CompilationDatabase_dispose(db);
    return NULL;
  }
  return db;
}

static bool hg__has_db_file(const char *dir) {
  char *p = hg_path_join(dir, "compile_commands.json");
  bool ok = hg_path_is_regular_file(p);
  free(p);
  return ok;
}

static bool hg__jobs_from_build_dir(const hg_job_request *req, hg_jobs *jobs, FILE *err) {
  char *dir = hg_path_absolute(req->build_dir, NULL);
  if (!hg__has_db_file(dir)) {
    fprintf(err, "error: no compilation database: '%s/compile_commands.json' does not exist\n", dir);
    free(dir);
    return false;
  }
  CXCompilationDatabase db = hg__load_db(dir);
  if (!db) {
    fprintf(err, "error: cannot load the compilation database '%s/compile_commands.json'\n", dir);
    free(dir);
    return false;
  }
  if (req->nfiles == 0) hg__add_all_jobs(req, jobs, db);
  else hg__add_db_jobs(req, jobs, db, dir, err);
  clang_CompilationDatabase_dispose(db);
  free(dir);
  return true;
}

/* The nearest directory from `start` upwards holding compile_commands.json,
 * malloc'd, or NULL. */
static char *hg__find_db_dir(const char *start) {
  char *dir = hg_xstrdup(start);
  for (;;) {
    if (hg__has_db_file(dir)) return dir;
    if (strcmp(dir, "/") == 0) break;
    char *up = hg_path_dirname(dir);
    free(dir);
    dir = up;
  }
  free(dir);
  return NULL;
}

static void hg__print_no_db(const hg_job_request *req, const char *start, FILE *err) {
  fprintf(err,
          "Error while trying to load a compilation database:\n"
          "Could not auto-detect compilation database for file \"%s\"\n"
          "No compilation database found in %s or any parent directory\n"
          "Running without flags.\n",
          req->files[0], start);
}

static void hg__jobs_autodetected(const hg_job_request *req, hg_jobs *jobs, FILE *err) {
  char *abs_first = hg_path_absolute(req->files[0], NULL);
  char *start = hg_path_dirname(abs_first);
  char *db_dir = hg__find_db_dir(start);
  CXCompilationDatabase db = db_dir ? hg__load_db(db_dir) : NULL;
  if (db) {
    hg__add_db_jobs(req, jobs, db, db_dir, err);
    clang_CompilationDatabase_dispose(db);
  } else {
    if (db_dir)
      fprintf(err, "Error while trying to load a compilation database:\n"
                   "cannot load '%s/compile_commands.json'\nRunning without flags.\n", db_dir);
    else
      hg__print_no_db(req, start, err);
    for (int i = 0; i < req->nfiles; i++) hg__add_default_job(req, jobs, req->files[i]);
  }
  free(db_dir);
  free(start);
  free(abs_first);
}

bool hg_jobs_build(const hg_job_request *req, hg_jobs *out, FILE *err) {
  memset(out, 0, sizeof *out);
  if (req->fixed) {
    hg__add_fixed_jobs(req, out);
    return true;
  }
  if (req->build_dir) return hg__jobs_from_build_dir(req, out, err);
  if (req->nfiles > 0) hg__jobs_autodetected(req, out, err);
  return true;
}
