/*
 * cli_tu.h - one translation unit of a handleguard-check run, from its job
 * to a self-contained result: parsed (or replayed from the result cache),
 * analysed with the file's configuration, everything the parser printed
 * captured in memory.  Results are made on worker threads and consumed on
 * the main thread in input order, so the output does not depend on -j.
 */
#ifndef HG_CHECKER_CLI_TU_H
#define HG_CHECKER_CLI_TU_H

#include <stdbool.h>
#include <stddef.h>

#include "cli_config.h"
#include "compdb.h"
#include "diag.h"
#include "frontend.h"
#include "model.h"

struct hg_cache;

typedef struct hg_tu_result {
  hg_parse_status status;  /* HG_PARSE_OK: `files` and `diags` are valid */
  char *out_text;          /* what goes to the diagnostics stream: clang's
                              errors, or the --dump-model text (may be NULL) */
  char *err_text;          /* messages for stderr ("error: no such file ...") */
  hg_model *files;         /* the file table only (paths, main / system
                              flags): what diagnostic locations index */
  hg_diags diags;          /* enabled checks only, is_error from WarningsAsErrors */
  bool cached;             /* replayed from the cache, not parsed */
  bool stored;             /* written to the cache */
} hg_tu_result;

void hg_tu_result_init(hg_tu_result *r);
void hg_tu_result_free(hg_tu_result *r);

/* What every translation unit of a run shares (read-only while workers run). */
typedef struct hg_tu_env {
  bool dump_model;          /* print the model instead of analysing it */
  struct hg_cache *cache;   /* NULL: no result cache */
  const char *tmp_dir;      /* for the cache's dependency files ($TMPDIR or /tmp,
                               read before the workers start: no getenv on them) */
} hg_tu_env;

/* Parses and analyses `job` with `fc` on the calling thread; `*fe` is that
 * thread's front end (created on first use, reused afterwards). */
void hg_tu_process(const hg_tu_env *env, hg_frontend **fe, const hg_job *job,
                   const hg_file_config *fc, hg_tu_result *out);

/* A copy of the file table of `m` (paths and flags, nothing else). */
hg_model *hg_tu_file_table(const hg_model *m);

#endif /* HG_CHECKER_CLI_TU_H */
