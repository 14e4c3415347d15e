/*
 * cli_cache.h - handleguard-check's result cache, in the manner of ccache's
 * direct mode: a translation unit's diagnostics are stored under a key made
 * of everything that decides them except the source text (tool build,
 * libclang version, the file's effective configuration, the compile
 * command, its directory, include-path environment variables), together
 * with the list of files the parse read and a SHA-256 of each.  A later run
 * with the same key re-hashes those files; when every one still matches,
 * the stored diagnostics (notes and fix-its included) are replayed without
 * parsing.  Anything else (a file changed or gone, an unreadable or corrupt
 * entry) is a miss and the file is parsed again.
 *
 * Entries live in <dir>/<2 hex>/<62 hex>.json; they are written to a
 * temporary file in the same directory and renamed, so readers never see a
 * partial entry.  Only clean parses are stored.  Entries neither stored
 * nor replayed for 30 days are deleted when the cache is opened (at most
 * once a day).  Thread-safe: workers look up and store concurrently.
 */
#ifndef HG_CHECKER_CLI_CACHE_H
#define HG_CHECKER_CLI_CACHE_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "cli_depfile.h"
#include "cli_tu.h"
#include "compdb.h"
#include "tidyconfig.h"

#define HG_CACHE_KEY_LEN 64   /* hex digits of a SHA-256 */

typedef struct hg_cache hg_cache;

typedef struct hg_cache_stats {
  size_t hits;      /* replayed */
  size_t misses;    /* parsed (no entry, or a file changed) */
  size_t stored;    /* entries written */
  size_t invalid;   /* entries that could not be read (corrupt, other format) */
} hg_cache_stats;

/* The default directory: $XDG_CACHE_HOME/handleguard, else
 * $HOME/.cache/handleguard; NULL when neither variable is set.  malloc'd. */
char *hg_cache_default_dir(void);

/* Opens (creating it when needed) the cache in `dir`.  NULL, after a
 * warning on `err`, when the directory cannot be used: the run goes on
 * without a cache. */
hg_cache *hg_cache_open(const char *dir, FILE *err);
void hg_cache_free(hg_cache *c);
const char *hg_cache_dir(const hg_cache *c);

/* The key of one translation unit; `key` receives HG_CACHE_KEY_LEN hex
 * digits and a NUL. */
void hg_cache_key(hg_cache *c, const hg_job *job, const hg_tidy_config *tc, char *key);

/* Fills `out` (status, file table, diagnostics; marked `cached`) from a
 * valid entry; false on a miss, leaving `out` untouched. */
bool hg_cache_lookup(hg_cache *c, const char *key, hg_tu_result *out);

/* Stores a clean result with the files its parse read.  Nothing is stored
 * (false) when one of them changed after `parse_started` (it may not be
 * what the parser saw) or cannot be read. */
bool hg_cache_store(hg_cache *c, const char *key, const hg_deps *deps,
                    const struct timespec *parse_started, const hg_tu_result *res);

void hg_cache_get_stats(hg_cache *c, hg_cache_stats *out);

#endif /* HG_CHECKER_CLI_CACHE_H */
