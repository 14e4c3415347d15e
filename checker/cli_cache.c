/*
 * cli_cache.c - the result cache of handleguard-check: the key of a
 * translation unit (SHA-256 of the tool's identity, the configuration and
 * the compile command), entries as JSON (jansson) holding the files the
 * parse read with their hashes, the file table and the diagnostics, and
 * their validation, replay and atomic storage.
 */
#define _POSIX_C_SOURCE 200809L

#include "cli_cache.h"

#include <clang-c/Index.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_hash.h"
#include "cli_path.h"

#ifndef HG_VERSION
#define HG_VERSION "unknown"
#endif

/* Bump when the entry layout or the meaning of a key part changes. */
#define HG__CACHE_FORMAT 1

/* Entries not used for this long are deleted, at most once a day. */
#define HG__CACHE_MAX_AGE (30L * 24 * 3600)
#define HG__CACHE_TRIM_EVERY (24L * 3600)
#define HG__CACHE_TMP_MAX_AGE 3600L

struct hg_cache {
  char *dir;
  char identity[HG_HASH_HEX_LEN + 1];   /* this build of the tool and of libclang, and the
                                           include-path environment (read once, on the
                                           opening thread: getenv is not safe next to a
                                           setenv on another thread) */
  hg_hash_memo *memo;
  pthread_mutex_t lock;                 /* guards stats */
  hg_cache_stats stats;
};

char *hg_cache_default_dir(void) {
  const char *xdg = getenv("XDG_CACHE_HOME");
  if (xdg && xdg[0] == '/') return hg_path_join(xdg, "handleguard");
  const char *home = getenv("HOME");
  if (!home || !*home) return NULL;
  char *base = hg_path_join(home, ".cache");
  char *dir = hg_path_join(base, "handleguard");
  free(base);
  return dir;
}

/* mkdir -p; true when `dir` is a directory afterwards. */
static bool hg__mkdirs(const char *dir) {
  if (hg_path_is_directory(dir)) return true;
  char *parent = hg_path_dirname(dir);
  bool ok = strcmp(parent, dir) == 0 || hg__mkdirs(parent);
  free(parent);
  if (ok && mkdir(dir, 0777) != 0 && errno != EEXIST) return false;
  return hg_path_is_directory(dir);
}

/* The tool's version, libclang's, the executable file itself (so that a
 * rebuilt checker never replays what an older build found), and the
 * environment variables that add include directories. */
static void hg__identity(char *hex) {
  hg_hasher *h = hg_hasher_new();
  char fmt[32];
  snprintf(fmt, sizeof fmt, "handleguard-cache %d", HG__CACHE_FORMAT);
  hg_hasher_field(h, fmt);
  hg_hasher_field(h, HG_VERSION);
  CXString v = clang_getClangVersion();
  hg_hasher_field(h, clang_getCString(v));
  clang_disposeString(v);
  struct stat st;
  if (stat("/proc/self/exe", &st) == 0) {
    long long parts[] = {(long long)st.st_dev, (long long)st.st_ino, (long long)st.st_size,
                         (long long)st.st_mtim.tv_sec, (long long)st.st_mtim.tv_nsec};
    hg_hasher_bytes(h, parts, sizeof parts);
  }
  static const char *const env[] = {"CPATH", "C_INCLUDE_PATH", "CPLUS_INCLUDE_PATH",
                                    "OBJC_INCLUDE_PATH", "SDKROOT"};
  for (size_t i = 0; i < sizeof env / sizeof env[0]; i++) hg_hasher_field(h, getenv(env[i]));
  hg_hasher_finish(h, hex);
}

/* ---- trimming -------------------------------------------------------------------------- */

static bool hg__older_than(const char *path, time_t now, long age) {
  struct stat st;
  return stat(path, &st) == 0 && now - st.st_mtime > age;
}

/* Deletes old entries (and temporaries a killed run left) of one shard. */
static void hg__trim_shard(const char *shard, time_t now) {
  DIR *d = opendir(shard);
  if (!d) return;
  for (struct dirent *e; (e = readdir(d)) != NULL;) {
    bool entry = strstr(e->d_name, ".json") != NULL, tmp = strncmp(e->d_name, ".tmp-", 5) == 0;
    if (!entry && !tmp) continue;
    char *p = hg_path_join(shard, e->d_name);
    if (hg__older_than(p, now, entry ? HG__CACHE_MAX_AGE : HG__CACHE_TMP_MAX_AGE)) unlink(p);
    free(p);
  }
  closedir(d);
}

/* At most once a day (a stamp file records the last time), removes entries
 * that were neither stored nor replayed for HG__CACHE_MAX_AGE. */
static void hg__trim(const char *dir) {
  char *stamp = hg_path_join(dir, ".last-trim");
  time_t now = time(NULL);
  if (access(stamp, F_OK) == 0 && !hg__older_than(stamp, now, HG__CACHE_TRIM_EVERY)) {
    free(stamp);
    return;
  }
  int fd = open(stamp, O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
  if (fd >= 0) {
    futimens(fd, NULL);
    close(fd);
  }
  free(stamp);
  for (int i = 0; i < 256; i++) {
    char sub[3];
    snprintf(sub, sizeof sub, "%02x", i);
    char *shard = hg_path_join(dir, sub);
    hg__trim_shard(shard, now);
    free(shard);
  }
}

hg_cache *hg_cache_open(const char *dir, FILE *err) {
  char *abs = dir ? hg_path_absolute(dir, NULL) : hg_cache_default_dir();
  if (!abs) {
    fputs("warning: no cache directory ($XDG_CACHE_HOME and $HOME are unset); running without the cache\n", err);
    return NULL;
  }
  if (!hg__mkdirs(abs) || access(abs, W_OK | X_OK) != 0) {
    fprintf(err, "warning: cannot use the cache directory '%s': %s; running without the cache\n", abs,
            strerror(errno ? errno : EACCES));
    free(abs);
    return NULL;
  }
  hg_cache *c = calloc(1, sizeof *c);
  if (!c) abort();
  c->dir = abs;
  hg__identity(c->identity);
  c->memo = hg_hash_memo_new();
  pthread_mutex_init(&c->lock, NULL);
  hg__trim(c->dir);
  return c;
}

void hg_cache_free(hg_cache *c) {
  if (!c) return;
  hg_hash_memo_free(c->memo);
  pthread_mutex_destroy(&c->lock);
  free(c->dir);
  free(c);
}

const char *hg_cache_dir(const hg_cache *c) { return c->dir; }

void hg_cache_get_stats(hg_cache *c, hg_cache_stats *out) {
  pthread_mutex_lock(&c->lock);
  *out = c->stats;
  pthread_mutex_unlock(&c->lock);
}

static void hg__count(hg_cache *c, size_t *counter) {
  pthread_mutex_lock(&c->lock);
  (*counter)++;
  pthread_mutex_unlock(&c->lock);
}

/* ---- the key ---------------------------------------------------------------------- */

/* Everything in the configuration that can change a diagnostic. */
static void hg__hash_config(hg_hasher *h, const hg_tidy_config *tc) {
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  if (!f) abort();
  hg_tidy_config_dump(tc, f);
  fclose(f);
  hg_hasher_field(h, text);
  free(text);
  hg_hasher_bytes(h, tc->cfg.enabled, sizeof tc->cfg.enabled);
  hg_hasher_bytes(h, tc->cfg.as_error, sizeof tc->cfg.as_error);
}

void hg_cache_key(hg_cache *c, const hg_job *job, const hg_tidy_config *tc, char *key) {
  hg_hasher *h = hg_hasher_new();
  hg_hasher_field(h, c->identity);
  hg__hash_config(h, tc);
  char *dir = hg_path_absolute(job->dir ? job->dir : ".", NULL);
  hg_hasher_field(h, dir);
  free(dir);
  hg_hasher_field(h, job->file);
  char n[32];
  snprintf(n, sizeof n, "%d", job->nargs);
  hg_hasher_field(h, n);
  for (int i = 0; i < job->nargs; i++) hg_hasher_field(h, job->args[i]);
  hg_hasher_finish(h, key);
}

/* <dir>/<first two digits>/<the rest>.json, malloc'd; the shard directory
 * in *shard when non-NULL. */
static char *hg__entry_path(const hg_cache *c, const char *key, char **shard) {
  char sub[3] = {key[0], key[1], '\0'};
  char *d = hg_path_join(c->dir, sub);
  char name[HG_CACHE_KEY_LEN + 8];
  snprintf(name, sizeof name, "%s.json", key + 2);
  char *p = hg_path_join(d, name);
  if (shard) *shard = d;
  else free(d);
  return p;
}

/* ---- entries: JSON <-> result ----------------------------------------------------------- */

static json_t *hg__loc_to_json(hg_loc l) {
  return json_pack("[I,I,I,I]", (json_int_t)l.file, (json_int_t)l.line, (json_int_t)l.col,
                   (json_int_t)l.offset);
}

static bool hg__loc_from_json(const json_t *j, uint32_t nfiles, hg_loc *l) {
  json_int_t v[4];
  if (!json_is_array(j) || json_array_size(j) != 4) return false;
  for (size_t i = 0; i < 4; i++) {
    const json_t *x = json_array_get(j, i);
    if (!json_is_integer(x) || json_integer_value(x) < 0 || json_integer_value(x) > UINT32_MAX) return false;
    v[i] = json_integer_value(x);
  }
  *l = (hg_loc){(uint32_t)v[0], (uint32_t)v[1], (uint32_t)v[2], (uint32_t)v[3]};
  return l->file < nfiles;
}

static json_t *hg__diag_to_json(const hg_diag *g) {
  json_t *notes = json_array(), *fixits = json_array();
  for (uint32_t i = 0; i < g->nnotes; i++)
    json_array_append_new(notes, json_pack("[o,s]", hg__loc_to_json(g->notes[i].loc), g->notes[i].message));
  for (uint32_t i = 0; i < g->nfixits; i++)
    json_array_append_new(fixits, json_pack("[o,o,s]", hg__loc_to_json(g->fixits[i].range.begin),
                                            hg__loc_to_json(g->fixits[i].range.end), g->fixits[i].text));
  return json_pack("{s:s, s:o, s:s, s:b, s:o, s:o}", "rule", hg_rule_name(g->rule), "loc",
                   hg__loc_to_json(g->loc), "message", g->message, "error", g->is_error, "notes", notes,
                   "fixits", fixits);
}

static json_t *hg__files_to_json(const hg_model *m) {
  json_t *files = json_array();
  for (uint32_t i = 0; i < m->nfiles; i++)
    json_array_append_new(files, json_pack("[s,b,b]", m->files[i].path ? m->files[i].path : "",
                                           m->files[i].is_main, m->files[i].is_system));
  return files;
}

static bool hg__note_from_json(hg_diag *g, const json_t *j, uint32_t nfiles) {
  hg_loc l;
  const json_t *msg = json_array_get(j, 1);
  if (!hg__loc_from_json(json_array_get(j, 0), nfiles, &l) || !json_is_string(msg)) return false;
  hg_diag_add_note(g, l, "%s", json_string_value(msg));
  return true;
}

static bool hg__fixit_from_json(hg_diag *g, const json_t *j, uint32_t nfiles) {
  hg_range r;
  const json_t *text = json_array_get(j, 2);
  if (!hg__loc_from_json(json_array_get(j, 0), nfiles, &r.begin) ||
      !hg__loc_from_json(json_array_get(j, 1), nfiles, &r.end) || !json_is_string(text))
    return false;
  hg_diag_add_fixit(g, r, json_string_value(text));
  return true;
}

static bool hg__diag_from_json(hg_diags *d, const json_t *j, uint32_t nfiles) {
  const char *rule = NULL, *message = NULL;
  json_t *loc = NULL, *notes = NULL, *fixits = NULL;
  int is_error = 0;
  if (json_unpack((json_t *)j, "{s:s, s:o, s:s, s:b, s:o, s:o}", "rule", &rule, "loc", &loc, "message", &message,
                  "error", &is_error, "notes", &notes, "fixits", &fixits) != 0)
    return false;
  int id = hg_rule_lookup(rule);
  hg_loc l;
  if (id < 0 || !hg__loc_from_json(loc, nfiles, &l) || !json_is_array(notes) || !json_is_array(fixits))
    return false;
  hg_diag *g = hg_diags_add(d, (hg_rule_id)id, l, message);
  g->is_error = is_error != 0;
  size_t i;
  json_t *x;
  json_array_foreach(notes, i, x) if (!hg__note_from_json(g, x, nfiles)) return false;
  json_array_foreach(fixits, i, x) if (!hg__fixit_from_json(g, x, nfiles)) return false;
  return true;
}

static hg_model *hg__files_from_json(const char *main_file, const json_t *files) {
  if (!json_is_array(files)) return NULL;
  hg_model *m = hg_model_new(main_file);
  size_t i;
  json_t *f;
  json_array_foreach(files, i, f) {
    const char *path;
    int is_main, is_system;
    if (json_unpack(f, "[s,b,b]", &path, &is_main, &is_system) != 0) {
      hg_model_free(m);
      return NULL;
    }
    hg_model_add_file(m, path, is_main != 0, is_system != 0);
  }
  return m;
}

/* The result stored in an entry; false when the entry is malformed. */
static bool hg__result_from_json(const json_t *e, hg_tu_result *out) {
  const char *main_file;
  json_t *files, *diags;
  if (json_unpack((json_t *)e, "{s:s, s:o, s:o}", "main", &main_file, "files", &files, "diags", &diags) != 0 ||
      !json_is_array(diags))
    return false;
  hg_model *m = hg__files_from_json(main_file, files);
  if (!m) return false;
  hg_diags d;
  hg_diags_init(&d);
  size_t i;
  json_t *x;
  bool ok = true;
  json_array_foreach(diags, i, x) if (ok && !hg__diag_from_json(&d, x, m->nfiles)) ok = false;
  if (!ok) {
    hg_diags_free(&d);
    hg_model_free(m);
    return false;
  }
  out->status = HG_PARSE_OK;
  out->files = m;
  out->diags = d;
  out->cached = true;
  return true;
}

/* ---- lookup ------------------------------------------------------------------------------ */

/* True when every file the stored parse read still has the stored hash. */
static bool hg__deps_unchanged(hg_cache *c, const json_t *deps) {
  if (!json_is_array(deps)) return false;
  size_t i;
  json_t *d;
  json_array_foreach(deps, i, d) {
    const char *path, *hex;
    json_int_t size;
    if (json_unpack((json_t *)d, "[s,s,I]", &path, &hex, &size) != 0) return false;
    struct stat st;
    if (stat(path, &st) != 0 || (json_int_t)st.st_size != size) return false;
    char now[HG_HASH_HEX_LEN + 1];
    if (!hg_hash_memo_file(c->memo, path, now, NULL) || strcmp(now, hex) != 0) return false;
  }
  return true;
}

/* Reads an entry; NULL when there is none or it is unusable (counted). */
static json_t *hg__load_entry(hg_cache *c, const char *key) {
  char *path = hg__entry_path(c, key, NULL);
  json_error_t jerr;
  json_t *e = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
  bool exists = e || access(path, F_OK) == 0;
  free(path);
  json_int_t format = 0;
  const char *stored_key = NULL;
  if (e && (json_unpack(e, "{s:I, s:s}", "format", &format, "key", &stored_key) != 0 ||
            format != HG__CACHE_FORMAT || strcmp(stored_key, key) != 0)) {
    json_decref(e);
    e = NULL;
  }
  if (!e && exists) hg__count(c, &c->stats.invalid);
  return e;
}

/* A replayed entry counts as recently used, so trimming keeps it. */
static void hg__touch(hg_cache *c, const char *key) {
  char *path = hg__entry_path(c, key, NULL);
  utimensat(AT_FDCWD, path, NULL, 0);
  free(path);
}

bool hg_cache_lookup(hg_cache *c, const char *key, hg_tu_result *out) {
  json_t *e = hg__load_entry(c, key);
  bool hit = e && hg__deps_unchanged(c, json_object_get(e, "deps"));
  if (hit) hg__touch(c, key);
  if (hit) {
    hg_tu_result r;
    hg_tu_result_init(&r);
    hit = hg__result_from_json(e, &r);
    if (hit) {
      out->status = r.status;
      out->files = r.files;
      out->diags = r.diags;
      out->cached = true;
    } else {
      hg__count(c, &c->stats.invalid);
    }
  }
  json_decref(e);
  hg__count(c, hit ? &c->stats.hits : &c->stats.misses);
  return hit;
}

/* ---- store ------------------------------------------------------------------------------- */

static bool hg__newer_than(const struct stat *st, const struct timespec *t) {
  return st->st_mtim.tv_sec > t->tv_sec ||
         (st->st_mtim.tv_sec == t->tv_sec && st->st_mtim.tv_nsec >= t->tv_nsec);
}

/* [[path, sha256, size], ...]; NULL when a file changed since the parse
 * began or cannot be hashed. */
static json_t *hg__deps_to_json(hg_cache *c, const hg_deps *deps, const struct timespec *started) {
  json_t *a = json_array();
  for (size_t i = 0; i < deps->n; i++) {
    struct stat st;
    char hex[HG_HASH_HEX_LEN + 1];
    uint64_t size = 0;
    if (stat(deps->v[i], &st) != 0 || hg__newer_than(&st, started) ||
        !hg_hash_memo_file(c->memo, deps->v[i], hex, &size)) {
      json_decref(a);
      return NULL;
    }
    json_array_append_new(a, json_pack("[s,s,I]", deps->v[i], hex, (json_int_t)size));
  }
  return a;
}

static json_t *hg__entry_json(const char *key, json_t *deps, const hg_tu_result *res) {
  json_t *diags = json_array();
  for (size_t i = 0; i < res->diags.n; i++) json_array_append_new(diags, hg__diag_to_json(&res->diags.v[i]));
  return json_pack("{s:i, s:s, s:o, s:s, s:o, s:o}", "format", HG__CACHE_FORMAT, "key", key, "deps", deps,
                   "main", res->files->main_file ? res->files->main_file : "", "files",
                   hg__files_to_json(res->files), "diags", diags);
}

/* Writes `e` to a temporary file next to `path` and renames it over `path`. */
static bool hg__write_atomically(const json_t *e, const char *shard, const char *path) {
  if (!hg__mkdirs(shard)) return false;
  char *tmp = hg_path_join(shard, ".tmp-XXXXXX");
  int fd = mkstemp(tmp);
  bool ok = fd >= 0;
  FILE *f = ok ? fdopen(fd, "w") : NULL;
  if (ok && !f) close(fd);
  ok = f && json_dumpf(e, f, JSON_COMPACT) == 0;
  if (f) ok = (fclose(f) == 0) && ok;
  if (ok) ok = rename(tmp, path) == 0;
  if (!ok && fd >= 0) unlink(tmp);
  free(tmp);
  return ok;
}

/* JSON strings must be UTF-8: a result holding other bytes (a path, a
 * fix-it's text) is not stored. */
static bool hg__utf8(const char *s) {
  json_t *j = json_string(s ? s : "");
  json_decref(j);
  return j != NULL;
}

static bool hg__storable(const hg_deps *deps, const hg_tu_result *res) {
  bool ok = hg__utf8(res->files->main_file);
  for (size_t i = 0; ok && i < deps->n; i++) ok = hg__utf8(deps->v[i]);
  for (uint32_t i = 0; ok && i < res->files->nfiles; i++) ok = hg__utf8(res->files->files[i].path);
  for (size_t i = 0; ok && i < res->diags.n; i++) {
    const hg_diag *g = &res->diags.v[i];
    ok = hg__utf8(g->message);
    for (uint32_t k = 0; ok && k < g->nnotes; k++) ok = hg__utf8(g->notes[k].message);
    for (uint32_t k = 0; ok && k < g->nfixits; k++) ok = hg__utf8(g->fixits[k].text);
  }
  return ok;
}

bool hg_cache_store(hg_cache *c, const char *key, const hg_deps *deps,
                    const struct timespec *parse_started, const hg_tu_result *res) {
  if (res->status != HG_PARSE_OK || !res->files || deps->n == 0 || !hg__storable(deps, res)) return false;
  json_t *dj = hg__deps_to_json(c, deps, parse_started);
  if (!dj) return false;
  json_t *e = hg__entry_json(key, dj, res);
  if (!e) return false;
  char *shard;
  char *path = hg__entry_path(c, key, &shard);
  bool ok = hg__write_atomically(e, shard, path);
  free(path);
  free(shard);
  json_decref(e);
  if (ok) hg__count(c, &c->stats.stored);
  return ok;
}
