/*
 * cli_check.c - runs handleguard-check over its inputs: builds the line
 * filter (--line-filter JSON, or --diff from `git diff -U0`), the jobs
 * (restricted to changed files under --diff), every job's configuration
 * (on this thread: the .clang-tidy loader is not thread-safe), opens the
 * result cache, and runs the jobs on -j threads with one libclang front end
 * per thread, consuming the results in input order.
 */
#define _POSIX_C_SOURCE 200809L

#include "cli_check.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_cache.h"
#include "cli_compile_args.h"
#include "cli_git.h"
#include "cli_linefilter.h"
#include "cli_path.h"
#include "cli_pool.h"
#include "cli_run.h"
#include "cli_tu.h"
#include "compdb.h"

#ifndef HG_SOURCE_INCLUDE_DIR
#define HG_SOURCE_INCLUDE_DIR NULL
#endif

enum { HG_EXIT_CLEAN = 0, HG_EXIT_USAGE = 2 };

/* Everything one run holds. */
typedef struct hg__check {
  const hg_cli_options *o;
  hg_line_filter filter;
  bool have_filter;
  char *git_top;               /* --diff, SARIF: the work tree's top level */
  char *tmp_dir;               /* $TMPDIR, copied before workers start */
  hg_argv inputs;              /* the files to check (command line, or --diff's) */
  hg_jobs jobs;
  hg_file_config *configs;     /* one per job */
  hg_tu_result *results;       /* one per job, freed once consumed */
  hg_frontend **fes;           /* one per worker thread */
  int threads;
  hg_tu_env env;
  hg_run run;
} hg__check;

/* ---- the line filter ---------------------------------------------------------------- */

static bool hg__diff_filter(hg__check *c) {
  c->git_top = hg_git_toplevel(".");
  if (!c->git_top) {
    fputs("error: --diff: the current directory is not in a git work tree\n", stderr);
    return false;
  }
  hg_argv paths = {0};
  for (int i = 0; i < c->o->nfiles; i++) {
    char *abs = hg_path_absolute(c->o->files[i], NULL);
    hg_argv_push(&paths, abs);
    free(abs);
  }
  char *text;
  size_t len;
  bool ok = hg_git_diff(c->git_top, c->o->diff, (const char *const *)paths.v, paths.n, &text, &len, stderr);
  hg_argv_free(&paths);
  if (!ok) return false;
  hg_line_filter_from_diff(text, len, c->git_top, &c->filter);
  free(text);
  return c->have_filter = true;
}

static bool hg__line_filter(hg__check *c) {
  if (c->o->diff) return hg__diff_filter(c);
  if (!c->o->line_filter) return true;
  char msg[256];
  if (!hg_line_filter_parse(c->o->line_filter, &c->filter, msg, sizeof msg)) {
    fprintf(stderr, "error: invalid --line-filter: %s\n", msg);
    return false;
  }
  return c->have_filter = true;
}

/* ---- inputs and jobs ------------------------------------------------------------------ */

static bool hg__is_c_source(const char *path) {
  size_t n = strlen(path);
  return n > 2 && strcmp(path + n - 2, ".c") == 0 && hg_path_is_regular_file(path);
}

/* The command line's files; under --diff without files or database, the
 * changed C files. */
static void hg__inputs(hg__check *c, bool whole_db) {
  hg_argv_push_all(&c->inputs, c->o->files, c->o->nfiles);
  if (!c->o->diff || c->o->nfiles > 0 || whole_db) return;
  for (size_t i = 0; i < hg_line_filter_count(&c->filter); i++)
    if (hg__is_c_source(hg_line_filter_name(&c->filter, i))) hg_argv_push(&c->inputs, hg_line_filter_name(&c->filter, i));
}

static int hg__cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* --diff over a whole database: only the entries whose file changed
 * (compared by canonical path: symbolic links resolved). */
static void hg__keep_changed_jobs(hg__check *c) {
  size_t n = hg_line_filter_count(&c->filter);
  char **changed = calloc(n ? n : 1, sizeof *changed);
  if (!changed) abort();
  for (size_t i = 0; i < n; i++) changed[i] = hg_path_canonical(hg_line_filter_name(&c->filter, i), NULL);
  qsort(changed, n, sizeof *changed, hg__cmp_str);
  size_t kept = 0;
  for (size_t i = 0; i < c->jobs.n; i++) {
    char *canon = hg_path_canonical(c->jobs.v[i].abs_file, NULL);
    bool in_diff = n && bsearch(&canon, changed, n, sizeof *changed, hg__cmp_str) != NULL;
    free(canon);
    if (in_diff) c->jobs.v[kept++] = c->jobs.v[i];
    else hg_job_free(&c->jobs.v[i]);
  }
  c->jobs.n = kept;
  for (size_t i = 0; i < n; i++) free(changed[i]);
  free(changed);
}

static bool hg__build_jobs(hg__check *c, bool whole_db) {
  const hg_cli_options *o = c->o;
  hg_job_request req = {
      .files = (const char *const *)c->inputs.v, .nfiles = c->inputs.n,
      .build_dir = o->dashdash ? NULL : o->build_dir,
      .fixed = o->dashdash, .fixed_args = o->compiler_args, .nfixed = o->ncompiler_args,
      .extra_before = o->extra_args_before, .nextra_before = o->nextra_args_before,
      .extra_after = o->extra_args, .nextra_after = o->nextra_args,
      .include_dir = HG_SOURCE_INCLUDE_DIR,
  };
  if (!hg_jobs_build(&req, &c->jobs, stderr)) return false;
  if (o->diff && whole_db && o->nfiles == 0) hg__keep_changed_jobs(c);
  return true;
}

/* ---- configurations ---------------------------------------------------------------------- */

static bool hg__resolve_configs(hg__check *c, hg_cli_config *cc, bool *any_enabled) {
  c->configs = calloc(c->jobs.n ? c->jobs.n : 1, sizeof *c->configs);
  if (!c->configs) abort();
  *any_enabled = false;
  bool ok = true;   /* every file is resolved, so every broken .clang-tidy is reported */
  for (size_t i = 0; i < c->jobs.n; i++) {
    if (!hg_cli_config_for(cc, c->jobs.v[i].abs_file, &c->configs[i], stderr)) ok = false;
    for (int k = 0; k < HG_RULE__COUNT; k++) *any_enabled |= c->configs[i].tc.cfg.enabled[k];
  }
  return ok;
}

/* ---- running ------------------------------------------------------------------------------ */

static void hg__work(void *ctx, int worker, size_t i) {
  hg__check *c = ctx;
  hg_tu_process(&c->env, &c->fes[worker], &c->jobs.v[i], &c->configs[i], &c->results[i]);
}

static void hg__done(void *ctx, size_t i) {
  hg__check *c = ctx;
  hg_run_consume(&c->run, i, c->jobs.n, &c->jobs.v[i], &c->configs[i], &c->results[i]);
  hg_tu_result_free(&c->results[i]);
}

static int hg__thread_count(const hg_cli_options *o) {
  long n = o->jobs ? strtol(o->jobs, NULL, 10) : 0;
  return n > 0 ? (int)n : hg_pool_cpu_count();
}

static hg_out_format hg__format(const char *f) {
  if (f && strcmp(f, "sarif") == 0) return HG_FORMAT_SARIF;
  if (f && strcmp(f, "json") == 0) return HG_FORMAT_JSON;
  return HG_FORMAT_TEXT;
}

static void hg__settings(hg__check *c, hg_run_settings *s, char **main_source, char **src_root) {
  const hg_cli_options *o = c->o;
  memset(s, 0, sizeof *s);
  s->dump_model = o->dump_model;
  s->quiet = o->quiet;
  s->progress = isatty(STDERR_FILENO) && c->jobs.n > 1;
  s->format = hg__format(o->format);
  s->output = o->output;
  s->line_filter = c->have_filter ? &c->filter : NULL;
  s->fix = o->fix;
  s->fix_errors = o->fix_errors;
  s->fix_notes = o->fix_notes;
  s->export_fixes = o->export_fixes;
  *main_source = hg_path_absolute(c->inputs.n ? c->inputs.v[0] : c->jobs.v[0].abs_file, NULL);
  s->main_source = *main_source;
  *src_root = NULL;
  if (s->format == HG_FORMAT_SARIF) {
    *src_root = c->git_top ? hg_xstrdup(c->git_top) : hg_git_toplevel(".");
    if (!*src_root) *src_root = hg_path_absolute(".", NULL);
  }
  s->src_root = *src_root;
}

static void hg__print_cache_stats(const hg__check *c) {
  if (!c->env.cache) {
    fputs("cache: not used\n", stderr);
    return;
  }
  hg_cache_stats st;
  hg_cache_get_stats(c->env.cache, &st);
  fprintf(stderr, "cache: %zu hit%s, %zu miss%s, %zu stored, %zu unreadable (%s)\n", st.hits,
          st.hits == 1 ? "" : "s", st.misses, st.misses == 1 ? "" : "es", st.stored, st.invalid,
          hg_cache_dir(c->env.cache));
}

static int hg__run(hg__check *c) {
  const hg_cli_options *o = c->o;
  if (!o->no_cache && !o->dump_model) c->env.cache = hg_cache_open(o->cache_dir, stderr);
  c->env.dump_model = o->dump_model;
  const char *tmp = getenv("TMPDIR");
  c->tmp_dir = hg_xstrdup(tmp && *tmp ? tmp : "/tmp");
  c->env.tmp_dir = c->tmp_dir;
  c->threads = hg__thread_count(o);
  if (c->threads > (int)c->jobs.n) c->threads = (int)c->jobs.n;
  c->fes = calloc((size_t)(c->threads > 0 ? c->threads : 1), sizeof *c->fes);
  c->results = calloc(c->jobs.n, sizeof *c->results);
  if (!c->fes || !c->results) abort();
  hg_run_settings s;
  char *main_source, *src_root;
  hg__settings(c, &s, &main_source, &src_root);
  hg_run_init(&c->run, &s, stdout, stderr);
  hg_pool_run(c->jobs.n, c->threads, hg__work, hg__done, c);
  int rc = hg_run_finish(&c->run);
  if (o->cache_stats) hg__print_cache_stats(c);
  hg_run_free(&c->run);
  free(main_source);
  free(src_root);
  return rc;
}

static void hg__check_free(hg__check *c) {
  for (int i = 0; c->fes && i < c->threads; i++)
    if (c->fes[i]) hg_frontend_free(c->fes[i]);
  free(c->fes);
  free(c->results);
  for (size_t i = 0; c->configs && i < c->jobs.n; i++) hg_file_config_free(&c->configs[i]);
  free(c->configs);
  hg_jobs_free(&c->jobs);
  hg_argv_free(&c->inputs);
  if (c->have_filter) hg_line_filter_free(&c->filter);
  free(c->git_top);
  free(c->tmp_dir);
  if (c->env.cache) hg_cache_free(c->env.cache);
}

static int hg__check_jobs(hg__check *c, hg_cli_config *cc, bool whole_db) {
  if (!hg__build_jobs(c, whole_db)) return HG_EXIT_USAGE;
  if (c->jobs.n == 0) {
    if (c->o->diff) return HG_EXIT_CLEAN;   /* nothing changed */
    fputs(whole_db ? "Error: no input files: the compilation database has no entries.\n"
                   : "Error: no input files specified.\n", stderr);
    hg_cli_print_try_help(stderr);
    return HG_EXIT_USAGE;
  }
  bool any_enabled;
  if (!hg__resolve_configs(c, cc, &any_enabled)) return HG_EXIT_USAGE;
  if (!any_enabled && !c->o->dump_model) {
    fputs("Error: no checks enabled.\n", stderr);
    hg_cli_print_try_help(stderr);
    return HG_EXIT_USAGE;
  }
  return hg__run(c);
}

int hg_check(const hg_cli_options *o, hg_cli_config *cc) {
  hg__check c;
  memset(&c, 0, sizeof c);
  c.o = o;
  bool whole_db = o->build_dir && !o->dashdash && o->nfiles == 0;
  int rc = HG_EXIT_USAGE;
  if (hg__line_filter(&c)) {
    hg__inputs(&c, whole_db);
    rc = c.inputs.n == 0 && !whole_db ? HG_EXIT_CLEAN : hg__check_jobs(&c, cc, whole_db);
  }
  hg__check_free(&c);
  return rc;
}
