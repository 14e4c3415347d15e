/*
 * cli_tu.c - processes one translation unit for handleguard-check: checks
 * the input exists, asks the result cache, otherwise parses it with the
 * libclang front end (capturing what the parser prints), runs the rule
 * engine with the file's configuration, and stores the result in the cache
 * together with the files the parse read (from a dependency file libclang
 * writes on request).
 */
#define _POSIX_C_SOURCE 200809L

#include "cli_tu.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli_cache.h"
#include "cli_compile_args.h"
#include "cli_depfile.h"
#include "cli_path.h"
#include "engine.h"

void hg_tu_result_init(hg_tu_result *r) {
  memset(r, 0, sizeof *r);
  r->status = HG_PARSE_FAILED;
  hg_diags_init(&r->diags);
}

void hg_tu_result_free(hg_tu_result *r) {
  free(r->out_text);
  free(r->err_text);
  if (r->files) hg_model_free(r->files);
  hg_diags_free(&r->diags);
  memset(r, 0, sizeof *r);
}

hg_model *hg_tu_file_table(const hg_model *m) {
  hg_model *t = hg_model_new(m->main_file);
  for (uint32_t i = 0; i < m->nfiles; i++)
    hg_model_add_file(t, m->files[i].path ? m->files[i].path : "", m->files[i].is_main,
                      m->files[i].is_system);
  return t;
}

/* A stream into memory, or a message on stderr when that fails. */
typedef struct hg__membuf {
  FILE *f;
  char *data;
  size_t len;
} hg__membuf;

static void hg__membuf_open(hg__membuf *b) {
  b->data = NULL;
  b->len = 0;
  b->f = open_memstream(&b->data, &b->len);
  if (!b->f) abort();
}

/* Closes the stream; returns its text (NULL when empty). */
static char *hg__membuf_take(hg__membuf *b) {
  fclose(b->f);
  if (b->len == 0) {
    free(b->data);
    return NULL;
  }
  return b->data;
}

static bool hg__input_readable(const char *path, FILE *err) {
  if (hg_path_is_regular_file(path)) return true;
  if (hg_path_is_directory(path)) fprintf(err, "error: '%s' is a directory, not a source file\n", path);
  else fprintf(err, "error: no such file or directory: '%s'\n", path);
  return false;
}

/* Frees what one diagnostic owns (hg_diags has no single-entry release). */
static void hg__diag_release(hg_diag *g) {
  free((char *)g->message);
  for (uint32_t k = 0; k < g->nnotes; k++) free((char *)g->notes[k].message);
  for (uint32_t k = 0; k < g->nfixits; k++) free((char *)g->fixits[k].text);
  free(g->notes);
  free(g->fixits);
}

/* Keeps the diagnostics of enabled checks and marks WarningsAsErrors. */
static void hg__analyze(const hg_model *m, const hg_config *cfg, hg_diags *out) {
  hg_analyze(m, cfg, out);
  size_t n = 0;
  for (size_t i = 0; i < out->n; i++) {
    hg_diag *g = &out->v[i];
    if (!hg_cli_keeps_diag(cfg, g)) {
      hg__diag_release(g);
      continue;
    }
    out->v[n++] = *g;
  }
  out->n = n;
}

/* ---- the dependency file libclang writes for the cache ------------------------------ */

/* A fresh temporary path for the dependency file; NULL when none can be made. */
static char *hg__depfile_path(const hg_tu_env *env) {
  char *tpl = hg_path_join(env->tmp_dir ? env->tmp_dir : "/tmp", "handleguard-deps-XXXXXX");
  int fd = mkstemp(tpl);
  if (fd < 0) {
    free(tpl);
    return NULL;
  }
  close(fd);
  return tpl;
}

static hg_argv hg__args_with_depfile(const hg_job *job, const char *depfile) {
  hg_argv a = {0};
  hg_argv_push_all(&a, (const char *const *)job->args, job->nargs);
  if (depfile) {
    const char *dep[] = {"-MD", "-MF", depfile, "-MT", "hg"};
    hg_argv_push_all(&a, dep, 5);
  }
  return a;
}

/* Stores a successful result with the files its parse read. */
static void hg__store(const hg_tu_env *env, const char *key, const hg_job *job, const char *depfile,
                      const struct timespec *started, hg_tu_result *res) {
  hg_deps deps;
  if (!hg_depfile_read(depfile, job->dir, &deps)) return;
  res->stored = hg_cache_store(env->cache, key, &deps, started, res);
  hg_deps_free(&deps);
}

static void hg__parse_and_check(const hg_tu_env *env, hg_frontend **fe, const hg_job *job,
                                const hg_file_config *fc, const char *key, hg_tu_result *out,
                                FILE *text, FILE *err) {
  if (!*fe && !(*fe = hg_frontend_new())) {
    fputs("error: cannot initialise libclang\n", err);
    return;
  }
  char *depfile = key ? hg__depfile_path(env) : NULL;
  hg_argv args = hg__args_with_depfile(job, depfile);
  struct timespec started;
  clock_gettime(CLOCK_REALTIME, &started);
  hg_model *m = NULL;
  /* Units that declare nothing the checks look for are modelled without
   * bodies (near parse-only cost); --dump-model shows everything. */
  const char *names[64];
  size_t nnames = env->dump_model ? 0 : hg_config_relevant_names(&fc->tc.cfg, names, 64);
  hg_frontend_set_relevant(*fe, names, nnames);
  out->status = hg_frontend_parse(*fe, job->file, (const char *const *)args.v, args.n, job->dir, &m, text);
  hg_argv_free(&args);
  if (out->status == HG_PARSE_OK && m) {
    out->files = hg_tu_file_table(m);
    if (env->dump_model) hg_model_dump(m, text);
    else hg__analyze(m, &fc->tc.cfg, &out->diags);
    if (key && depfile) hg__store(env, key, job, depfile, &started, out);
  } else if (out->status == HG_PARSE_OK) {
    out->status = HG_PARSE_FAILED;
  }
  if (m) hg_model_free(m);
  if (depfile) unlink(depfile);
  free(depfile);
}

void hg_tu_process(const hg_tu_env *env, hg_frontend **fe, const hg_job *job,
                   const hg_file_config *fc, hg_tu_result *out) {
  hg_tu_result_init(out);
  hg__membuf text, err;
  hg__membuf_open(&text);
  hg__membuf_open(&err);
  if (hg__input_readable(job->abs_file, err.f)) {
    char key[HG_CACHE_KEY_LEN + 1];
    bool use_cache = env->cache && !env->dump_model;
    if (use_cache) hg_cache_key(env->cache, job, &fc->tc, key);
    if (!use_cache || !hg_cache_lookup(env->cache, key, out))
      hg__parse_and_check(env, fe, job, fc, use_cache ? key : NULL, out, text.f, err.f);
  }
  out->out_text = hg__membuf_take(&text);
  out->err_text = hg__membuf_take(&err);
}
