/*
 * tidyconfig.c - finding, parsing (libyaml) and merging .clang-tidy files.
 * See tidyconfig.h for the lookup and merge rules; rules/options.c maps the
 * CheckOptions entries onto hg_config.
 */
#define _POSIX_C_SOURCE 200809L

#include "tidyconfig.h"

#include <errno.h>
#include <regex.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "options.h"

/* ---- small helpers ------------------------------------------------------- */

static void *tc_xrealloc(void *p, size_t n) {
  p = realloc(p, n ? n : 1);
  if (!p) abort();
  return p;
}

static char *tc_strndup(const char *s, size_t n) {
  char *p = tc_xrealloc(NULL, n + 1);
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

static char *tc_strdup(const char *s) { return tc_strndup(s, strlen(s)); }

static char *tc_format(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
static char *tc_format(const char *fmt, ...) {
  va_list ap, ap2;
  va_start(ap, fmt);
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  char *p = tc_xrealloc(NULL, (size_t)(n < 0 ? 0 : n) + 1);
  vsnprintf(p, (size_t)(n < 0 ? 0 : n) + 1, fmt, ap);
  va_end(ap);
  return p;
}

/* clang-tidy's mergeCommaSeparatedLists: "a" + "b" -> "a,b". */
static char *tc_join_globs(const char *a, const char *b) {
  if (!a || !*a) return tc_strdup(b ? b : "");
  if (!b) return tc_strdup(a);
  return tc_format("%s,%s", a, b);
}

/* Whole file into memory; NULL with errno set on failure. */
static char *tc_read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 4096, n = 0;
  char *buf = tc_xrealloc(NULL, cap);
  for (;;) {
    size_t got = fread(buf + n, 1, cap - n, f);
    n += got;
    if (n < cap) break;
    cap *= 2;
    buf = tc_xrealloc(buf, cap);
  }
  int failed = ferror(f);
  int saved = errno;
  fclose(f);
  if (failed) {
    free(buf);
    errno = saved ? saved : EIO;
    return NULL;
  }
  buf = tc_xrealloc(buf, n + 1);
  buf[n] = '\0';
  *len = n;
  return buf;
}

/* Optimal-string-alignment distance for "did you mean". */
static size_t tc_distance(const char *a, const char *b) {
  enum { MAX = 64 };
  size_t n = strlen(a), m = strlen(b);
  if (n >= MAX || m >= MAX) return SIZE_MAX;
  size_t d[MAX + 1][MAX + 1];
  for (size_t i = 0; i <= n; i++) d[i][0] = i;
  for (size_t j = 0; j <= m; j++) d[0][j] = j;
  for (size_t i = 1; i <= n; i++)
    for (size_t j = 1; j <= m; j++) {
      size_t best = d[i - 1][j] + 1;
      if (d[i][j - 1] + 1 < best) best = d[i][j - 1] + 1;
      size_t sub = d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      if (sub < best) best = sub;
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < best)
        best = d[i - 2][j - 2] + 1;
      d[i][j] = best;
    }
  return d[n][m];
}

/* ---- one parsed configuration source ------------------------------------- */

typedef struct tc_opt {
  char *key, *value;
} tc_opt;

typedef struct tc_src {
  char *path;   /* for messages: the file, or "--config" */
  char *dir;    /* directory it was found in (lookup), or NULL */
  bool ok;      /* parsed without errors */
  char *checks, *warnings_as_errors, *header_filter, *exclude_header_filter; /* NULL: unset */
  int system_headers; /* -1 unset */
  bool inherit;
  tc_opt *opts;       /* handleguard CheckOptions, later keys override earlier */
  size_t nopts, capopts;
} tc_src;

static tc_src *tc_src_new(const char *path, const char *dir) {
  tc_src *s = tc_xrealloc(NULL, sizeof *s);
  memset(s, 0, sizeof *s);
  s->path = tc_strdup(path);
  s->dir = dir ? tc_strdup(dir) : NULL;
  s->system_headers = -1;
  return s;
}

static void tc_src_free(tc_src *s) {
  if (!s) return;
  free(s->path);
  free(s->dir);
  free(s->checks);
  free(s->warnings_as_errors);
  free(s->header_filter);
  free(s->exclude_header_filter);
  for (size_t i = 0; i < s->nopts; i++) {
    free(s->opts[i].key);
    free(s->opts[i].value);
  }
  free(s->opts);
  free(s);
}

/* insert_or_assign, keeping the first position of a key. */
static void tc_opts_set(tc_opt **v, size_t *n, size_t *cap, const char *key, const char *value) {
  for (size_t i = 0; i < *n; i++)
    if (strcmp((*v)[i].key, key) == 0) {
      free((*v)[i].value);
      (*v)[i].value = tc_strdup(value);
      return;
    }
  if (*n == *cap) {
    *cap = *cap ? *cap * 2 : 8;
    *v = tc_xrealloc(*v, *cap * sizeof **v);
  }
  (*v)[*n].key = tc_strdup(key);
  (*v)[*n].value = tc_strdup(value);
  (*n)++;
}

/* ---- YAML ---------------------------------------------------------------- */

typedef struct tc_parse {
  const char *path;
  FILE *errs;
  yaml_document_t *doc;
  tc_src *out;
  int nerr;
} tc_parse;

static void tc_error_at(tc_parse *p, size_t line, size_t col, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
static void tc_error_at(tc_parse *p, size_t line, size_t col, const char *fmt, ...) {
  p->nerr++;
  if (!p->errs) return;
  fprintf(p->errs, "%s:%zu:%zu: error: ", p->path, line, col);
  va_list ap;
  va_start(ap, fmt);
  vfprintf(p->errs, fmt, ap);
  va_end(ap);
  fputc('\n', p->errs);
}

#define TC_AT(node) (node)->start_mark.line + 1, (node)->start_mark.column + 1

static bool tc_is_empty_scalar(const yaml_node_t *n);

/* What a node is, for messages; an empty plain scalar is YAML's null. */
static const char *tc_kind(const yaml_node_t *n) {
  if (tc_is_empty_scalar(n)) return "nothing";
  switch (n->type) {
    case YAML_SCALAR_NODE: return "a scalar";
    case YAML_SEQUENCE_NODE: return "a list";
    case YAML_MAPPING_NODE: return "a mapping";
    default: return "nothing";
  }
}

static yaml_node_t *tc_node(tc_parse *p, int id) { return yaml_document_get_node(p->doc, id); }

/* A scalar's text (fresh copy), or NULL after reporting.  A missing value
 * (`Key:` with nothing after it) is an error, as in clang-tidy; '' is not. */
static char *tc_scalar(tc_parse *p, yaml_node_t *n, const char *what) {
  if (n->type != YAML_SCALAR_NODE || tc_is_empty_scalar(n)) {
    tc_error_at(p, TC_AT(n), "expected a string for '%s', found %s", what, tc_kind(n));
    return NULL;
  }
  return tc_strndup((const char *)n->data.scalar.value, n->data.scalar.length);
}

static bool tc_is_empty_scalar(const yaml_node_t *n) {
  return n->type == YAML_SCALAR_NODE && n->data.scalar.length == 0 &&
         n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
}

/* llvm::yaml::parseBool, which clang-tidy uses for its boolean keys. */
static bool tc_parse_bool(const char *v, bool *out) {
  static const char *const yes[] = {"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"};
  static const char *const no[] = {"n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"};
  for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
    if (strcmp(v, yes[i]) == 0) return *out = true, true;
  for (size_t i = 0; i < sizeof no / sizeof *no; i++)
    if (strcmp(v, no[i]) == 0) return *out = false, true;
  return false;
}

static bool tc_check_globs(tc_parse *p, yaml_node_t *n, const char *key, const char *globs) {
  bool set[HG_RULE__COUNT] = {0};
  char msg[256];
  if (hg_config_apply_globs(set, globs, msg, sizeof msg)) return true;
  tc_error_at(p, TC_AT(n), "invalid %s: %s", key, msg);
  return false;
}

/* Checks: a string or a list of strings (joined with ','), as clang-tidy 19
 * reads it; WarningsAsErrors (allow_list false): a string only, since
 * clang-tidy 19 rejects a list there (later versions accept one). */
static char *tc_glob_list(tc_parse *p, yaml_node_t *n, const char *key, bool allow_list) {
  if (n->type == YAML_SEQUENCE_NODE && !allow_list) {
    tc_error_at(p, TC_AT(n), "expected a string for '%s', found a list (clang-tidy 19 accepts only a "
                "string here: join the globs with ',')", key);
    return NULL;
  }
  if (n->type == YAML_SCALAR_NODE && !tc_is_empty_scalar(n)) {
    char *s = tc_strndup((const char *)n->data.scalar.value, n->data.scalar.length);
    if (!tc_check_globs(p, n, key, s)) {
      free(s);
      return NULL;
    }
    return s;
  }
  if (n->type == YAML_SEQUENCE_NODE) {
    char *acc = tc_strdup("");
    bool ok = true;
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
      yaml_node_t *item = tc_node(p, *it);
      char *s = tc_scalar(p, item, key);
      if (!s || !tc_check_globs(p, item, key, s)) {
        ok = false;
        free(s);
        continue;
      }
      char *joined = it == n->data.sequence.items.start ? tc_strdup(s) : tc_format("%s,%s", acc, s);
      free(acc);
      free(s);
      acc = joined;
    }
    if (!ok) {
      free(acc);
      return NULL;
    }
    return acc;
  }
  tc_error_at(p, TC_AT(n), "expected a string or a list for '%s', found %s", key, tc_kind(n));
  return NULL;
}

static char *tc_regex(tc_parse *p, yaml_node_t *n, const char *key) {
  char *s = tc_scalar(p, n, key);
  if (!s) return NULL;
  regex_t re;
  int rc = regcomp(&re, s, REG_EXTENDED | REG_NOSUB);
  if (rc != 0) {
    char msg[160];
    regerror(rc, &re, msg, sizeof msg);
    tc_error_at(p, TC_AT(n), "invalid regular expression '%s' for '%s': %s", s, key, msg);
    free(s);
    return NULL;
  }
  regfree(&re);
  return s;
}

/* One CheckOptions entry: validated here, applied when the sources merge. */
static void tc_option(tc_parse *p, yaml_node_t *knode, yaml_node_t *vnode) {
  char *key = tc_scalar(p, knode, "CheckOptions");
  if (!key) return;
  char *value = tc_scalar(p, vnode, key);
  if (!value) {
    free(key);
    return;
  }
  char msg[512];
  switch (hg_config_apply_option(NULL, key, value, msg, sizeof msg)) {
    case HG_OPTION_IGNORED: break;
    case HG_OPTION_APPLIED:
      tc_opts_set(&p->out->opts, &p->out->nopts, &p->out->capopts, key, value);
      break;
    case HG_OPTION_BAD_NAME: tc_error_at(p, TC_AT(knode), "%s", msg); break;
    case HG_OPTION_BAD_VALUE: tc_error_at(p, TC_AT(vnode), "%s", msg); break;
  }
  free(key);
  free(value);
}

static bool tc_key_is(const yaml_node_t *n, const char *s) {
  return n->type == YAML_SCALAR_NODE && n->data.scalar.length == strlen(s) &&
         memcmp(n->data.scalar.value, s, n->data.scalar.length) == 0;
}

/* Reports a key seen earlier in the same mapping. */
static bool tc_duplicate(tc_parse *p, yaml_node_t *map, yaml_node_pair_t *pair, yaml_node_t *key) {
  for (yaml_node_pair_t *q = map->data.mapping.pairs.start; q < pair; q++) {
    yaml_node_t *k = tc_node(p, q->key);
    if (k->type == YAML_SCALAR_NODE && key->type == YAML_SCALAR_NODE &&
        k->data.scalar.length == key->data.scalar.length &&
        memcmp(k->data.scalar.value, key->data.scalar.value, k->data.scalar.length) == 0) {
      tc_error_at(p, TC_AT(key), "duplicate key '%.*s'", (int)key->data.scalar.length,
                  (const char *)key->data.scalar.value);
      return true;
    }
  }
  return false;
}

static void tc_check_options(tc_parse *p, yaml_node_t *n) {
  if (n->type == YAML_SEQUENCE_NODE) {
    /* The older form: a list of {key: ..., value: ...}; a later key wins. */
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
      yaml_node_t *entry = tc_node(p, *it);
      if (entry->type != YAML_MAPPING_NODE) {
        tc_error_at(p, TC_AT(entry), "expected a CheckOptions entry {key: ..., value: ...}, found %s",
                    tc_kind(entry));
        continue;
      }
      yaml_node_t *k = NULL, *v = NULL;
      bool bad = false;
      for (yaml_node_pair_t *pair = entry->data.mapping.pairs.start; pair < entry->data.mapping.pairs.top;
           pair++) {
        yaml_node_t *pk = tc_node(p, pair->key);
        if (tc_duplicate(p, entry, pair, pk)) {
          bad = true;
        } else if (tc_key_is(pk, "key")) {
          k = tc_node(p, pair->value);
        } else if (tc_key_is(pk, "value")) {
          v = tc_node(p, pair->value);
        } else {
          if (pk->type == YAML_SCALAR_NODE)
            tc_error_at(p, TC_AT(pk), "unknown key '%.*s' in a CheckOptions entry (expected 'key' and 'value')",
                        (int)pk->data.scalar.length, (const char *)pk->data.scalar.value);
          else
            tc_error_at(p, TC_AT(pk), "expected 'key' or 'value', found %s", tc_kind(pk));
          bad = true;
        }
      }
      if (bad) continue;
      if (!k || !v) {
        tc_error_at(p, TC_AT(entry), "missing required key '%s' in a CheckOptions entry", k ? "value" : "key");
        continue;
      }
      tc_option(p, k, v);
    }
    return;
  }
  if (n->type == YAML_MAPPING_NODE) {
    for (yaml_node_pair_t *pair = n->data.mapping.pairs.start; pair < n->data.mapping.pairs.top; pair++) {
      yaml_node_t *k = tc_node(p, pair->key);
      if (tc_duplicate(p, n, pair, k)) continue;
      tc_option(p, k, tc_node(p, pair->value));
    }
    return;
  }
  tc_error_at(p, TC_AT(n), "expected a mapping or a list of {key, value} entries for 'CheckOptions', found %s",
              tc_kind(n));
}

static const char *const tc_known_keys[] = {
    "Checks", "WarningsAsErrors", "HeaderFileExtensions", "ImplementationFileExtensions",
    "HeaderFilterRegex", "ExcludeHeaderFilterRegex", "FormatStyle", "User", "CheckOptions",
    "ExtraArgs", "ExtraArgsBefore", "InheritParentConfig", "UseColor", "SystemHeaders",
};

static void tc_top_key(tc_parse *p, yaml_node_t *k, yaml_node_t *v) {
  tc_src *o = p->out;
  char *s;
  if (tc_key_is(k, "Checks")) {
    if ((s = tc_glob_list(p, v, "Checks", true))) free(o->checks), o->checks = s;
  } else if (tc_key_is(k, "WarningsAsErrors")) {
    if ((s = tc_glob_list(p, v, "WarningsAsErrors", false))) free(o->warnings_as_errors), o->warnings_as_errors = s;
  } else if (tc_key_is(k, "HeaderFilterRegex")) {
    if ((s = tc_regex(p, v, "HeaderFilterRegex"))) free(o->header_filter), o->header_filter = s;
  } else if (tc_key_is(k, "ExcludeHeaderFilterRegex")) {
    if ((s = tc_regex(p, v, "ExcludeHeaderFilterRegex")))
      free(o->exclude_header_filter), o->exclude_header_filter = s;
  } else if (tc_key_is(k, "CheckOptions")) {
    tc_check_options(p, v);
  } else if (tc_key_is(k, "InheritParentConfig") || tc_key_is(k, "SystemHeaders") || tc_key_is(k, "UseColor")) {
    char name[32];
    snprintf(name, sizeof name, "%.*s", (int)k->data.scalar.length, (const char *)k->data.scalar.value);
    if (!(s = tc_scalar(p, v, name))) return;
    bool b;
    if (!tc_parse_bool(s, &b))
      tc_error_at(p, TC_AT(v), "invalid boolean '%s' for '%s' (expected true or false)", s, name);
    else if (name[0] == 'I')
      o->inherit = b;
    else if (name[0] == 'S')
      o->system_headers = b;
    free(s);
  } else if (tc_key_is(k, "FormatStyle") || tc_key_is(k, "User")) {
    free(tc_scalar(p, v, (const char *)k->data.scalar.value));
  } else if (tc_key_is(k, "ExtraArgs") || tc_key_is(k, "ExtraArgsBefore") ||
             tc_key_is(k, "HeaderFileExtensions") || tc_key_is(k, "ImplementationFileExtensions")) {
    if (v->type != YAML_SEQUENCE_NODE && !tc_is_empty_scalar(v))
      tc_error_at(p, TC_AT(v), "expected a list for '%s', found %s", (const char *)k->data.scalar.value,
                  tc_kind(v));
  } else if (k->type == YAML_SCALAR_NODE) {
    const char *key = (const char *)k->data.scalar.value;
    const char *best = NULL;
    size_t best_d = SIZE_MAX;
    for (size_t i = 0; i < sizeof tc_known_keys / sizeof *tc_known_keys; i++) {
      size_t d = tc_distance(key, tc_known_keys[i]);
      if (d <= (strlen(tc_known_keys[i]) + 2) / 3 && d < best_d) best = tc_known_keys[i], best_d = d;
    }
    if (best)
      tc_error_at(p, TC_AT(k), "unknown key '%s' (did you mean '%s'?)", key, best);
    else
      tc_error_at(p, TC_AT(k), "unknown key '%s'", key);
  } else {
    tc_error_at(p, TC_AT(k), "expected a configuration key, found %s", tc_kind(k));
  }
}

/* 1-based line and column of a byte offset. */
static void tc_offset_pos(const char *text, size_t len, size_t off, size_t *line, size_t *col) {
  *line = 1;
  *col = 1;
  for (size_t i = 0; i < off && i < len; i++) {
    if (text[i] == '\n') {
      (*line)++;
      *col = 1;
    } else {
      (*col)++;
    }
  }
}

/* Parses one configuration text into `out`; errors go to errs. */
static bool tc_parse_text(const char *text, size_t len, tc_src *out, FILE *errs) {
  tc_parse p = {.path = out->path, .errs = errs, .out = out};
  yaml_parser_t parser;
  if (!yaml_parser_initialize(&parser)) abort();
  yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
  yaml_document_t doc;
  if (!yaml_parser_load(&parser, &doc)) {
    size_t line, col;
    if (parser.error == YAML_READER_ERROR) {
      tc_offset_pos(text, len, parser.problem_offset, &line, &col);
    } else {
      line = parser.problem_mark.line + 1;
      col = parser.problem_mark.column + 1;
    }
    const char *problem = parser.problem ? parser.problem : "cannot be parsed";
    /* libyaml's complaint about a tab says nothing of tabs. */
    size_t at = 0;
    for (size_t l = 1; at < len && l < line; at++)
      if (text[at] == '\n') l++;
    at += col - 1;
    char tabbed[256];
    if (parser.error == YAML_SCANNER_ERROR && at < len && text[at] == '\t') {
      snprintf(tabbed, sizeof tabbed, "%s: a tab (YAML indents with spaces only)", problem);
      problem = tabbed;
    }
    if (parser.context && parser.error != YAML_READER_ERROR)
      tc_error_at(&p, line, col, "malformed YAML: %s (%s at %zu:%zu)", problem, parser.context,
                  (size_t)parser.context_mark.line + 1, (size_t)parser.context_mark.column + 1);
    else
      tc_error_at(&p, line, col, "malformed YAML: %s", problem);
    yaml_parser_delete(&parser);
    out->ok = false;
    return false;
  }
  p.doc = &doc;
  yaml_node_t *root = yaml_document_get_root_node(&doc);
  if (root && !tc_is_empty_scalar(root)) {
    if (root->type != YAML_MAPPING_NODE) {
      tc_error_at(&p, TC_AT(root), "expected a mapping of configuration keys, found %s", tc_kind(root));
    } else {
      for (yaml_node_pair_t *pair = root->data.mapping.pairs.start; pair < root->data.mapping.pairs.top;
           pair++) {
        yaml_node_t *k = tc_node(&p, pair->key);
        if (tc_duplicate(&p, root, pair, k)) continue;
        tc_top_key(&p, k, tc_node(&p, pair->value));
      }
    }
  }
  yaml_document_delete(&doc);
  yaml_parser_delete(&parser);
  out->ok = p.nerr == 0;
  return out->ok;
}

/* ---- building an hg_tidy_config from sources ----------------------------- */

void hg_tidy_config_init(hg_tidy_config *tc) {
  memset(tc, 0, sizeof *tc);
  hg_config_init(&tc->cfg);
  tc->checks = tc_strdup("");
  tc->warnings_as_errors = tc_strdup("");
  tc->system_headers = -1;
  tc->source_path = tc_strdup("");
}

void hg_tidy_config_free(hg_tidy_config *tc) {
  hg_config_free(&tc->cfg);
  free(tc->checks);
  free(tc->warnings_as_errors);
  free(tc->header_filter);
  free(tc->exclude_header_filter);
  free(tc->source_path);
  memset(tc, 0, sizeof *tc);
  tc->system_headers = -1;
}

/* Merges sources (outermost first) and command-line globs into *out, which
 * must hold defaults (hg_tidy_config_init).  The sources are valid. */
static bool tc_build(tc_src *const *srcs, size_t n, hg_tidy_config *out, FILE *errs) {
  tc_opt *opts = NULL;
  size_t nopts = 0, capopts = 0;
  for (size_t i = 0; i < n; i++) {
    const tc_src *s = srcs[i];
    if (s->checks) {
      char *j = tc_join_globs(out->checks, s->checks);
      free(out->checks);
      out->checks = j;
    }
    if (s->warnings_as_errors) {
      char *j = tc_join_globs(out->warnings_as_errors, s->warnings_as_errors);
      free(out->warnings_as_errors);
      out->warnings_as_errors = j;
    }
    if (s->header_filter) free(out->header_filter), out->header_filter = tc_strdup(s->header_filter);
    if (s->exclude_header_filter)
      free(out->exclude_header_filter), out->exclude_header_filter = tc_strdup(s->exclude_header_filter);
    if (s->system_headers >= 0) out->system_headers = s->system_headers;
    for (size_t k = 0; k < s->nopts; k++) tc_opts_set(&opts, &nopts, &capopts, s->opts[k].key, s->opts[k].value);
    char *sp = *out->source_path ? tc_format("%s, %s", out->source_path, s->path) : tc_strdup(s->path);
    free(out->source_path);
    out->source_path = sp;
  }
  hg_option *list = tc_xrealloc(NULL, (nopts ? nopts : 1) * sizeof *list);
  for (size_t k = 0; k < nopts; k++) list[k] = (hg_option){opts[k].key, opts[k].value};
  char msg[512];
  size_t bad = 0;
  bool ok = hg_config_set_options(&out->cfg, list, nopts, &bad, msg, sizeof msg);
  if (!ok && errs) fprintf(errs, "%s: error: %s\n", out->source_path, msg);
  free(list);
  for (size_t k = 0; k < nopts; k++) free(opts[k].key), free(opts[k].value);
  free(opts);
  if (ok && !hg_config_apply_globs(out->cfg.enabled, out->checks, msg, sizeof msg)) {
    if (errs) fprintf(errs, "%s: error: invalid Checks: %s\n", out->source_path, msg);
    ok = false;
  }
  if (ok && !hg_config_apply_globs(out->cfg.as_error, out->warnings_as_errors, msg, sizeof msg)) {
    if (errs) fprintf(errs, "%s: error: invalid WarningsAsErrors: %s\n", out->source_path, msg);
    ok = false;
  }
  return ok;
}

bool hg_tidy_config_append_globs(hg_tidy_config *tc, const char *checks,
                                 const char *warnings_as_errors, FILE *errs) {
  bool enabled[HG_RULE__COUNT], as_error[HG_RULE__COUNT];
  memcpy(enabled, tc->cfg.enabled, sizeof enabled);
  memcpy(as_error, tc->cfg.as_error, sizeof as_error);
  char msg[256];
  if (checks && !hg_config_apply_globs(enabled, checks, msg, sizeof msg)) {
    if (errs) fprintf(errs, "error: --checks: %s\n", msg);
    return false;
  }
  if (warnings_as_errors && !hg_config_apply_globs(as_error, warnings_as_errors, msg, sizeof msg)) {
    if (errs) fprintf(errs, "error: --warnings-as-errors: %s\n", msg);
    return false;
  }
  memcpy(tc->cfg.enabled, enabled, sizeof enabled);
  memcpy(tc->cfg.as_error, as_error, sizeof as_error);
  if (checks) {
    char *j = tc_join_globs(tc->checks, checks);
    free(tc->checks);
    tc->checks = j;
  }
  if (warnings_as_errors) {
    char *j = tc_join_globs(tc->warnings_as_errors, warnings_as_errors);
    free(tc->warnings_as_errors);
    tc->warnings_as_errors = j;
  }
  return true;
}

bool hg_tidy_config_from_string(const char *yaml, const char *name, hg_tidy_config *out,
                                FILE *errs) {
  hg_tidy_config_init(out);
  tc_src *s = tc_src_new(name ? name : "--config", NULL);
  bool ok = tc_parse_text(yaml, strlen(yaml), s, errs) && tc_build(&s, 1, out, errs);
  tc_src_free(s);
  return ok;
}

static tc_src *tc_load_file(const char *path, const char *dir, FILE *errs) {
  tc_src *s = tc_src_new(path, dir);
  size_t len = 0;
  char *text = tc_read_file(path, &len);
  if (!text) {
    if (errs) fprintf(errs, "%s: error: cannot read configuration file: %s\n", path, strerror(errno));
    s->ok = false;
    return s;
  }
  tc_parse_text(text, len, s, errs);
  free(text);
  return s;
}

bool hg_tidy_config_from_file(const char *path, hg_tidy_config *out, FILE *errs) {
  hg_tidy_config_init(out);
  tc_src *s = tc_load_file(path, NULL, errs);
  bool ok = s->ok && tc_build(&s, 1, out, errs);
  tc_src_free(s);
  return ok;
}

/* ---- dump ---------------------------------------------------------------- */


void hg_tidy_config_dump(const hg_tidy_config *tc, FILE *out) {
  fputs("---\nChecks: ", out);
  hg_put_yaml_quoted(out, tc->checks ? tc->checks : "");
  fputs("\nWarningsAsErrors: ", out);
  hg_put_yaml_quoted(out, tc->warnings_as_errors ? tc->warnings_as_errors : "");
  fputc('\n', out);
  if (tc->header_filter) {
    fputs("HeaderFilterRegex: ", out);
    hg_put_yaml_quoted(out, tc->header_filter);
    fputc('\n', out);
  }
  if (tc->exclude_header_filter) {
    fputs("ExcludeHeaderFilterRegex: ", out);
    hg_put_yaml_quoted(out, tc->exclude_header_filter);
    fputc('\n', out);
  }
  if (tc->system_headers >= 0) fprintf(out, "SystemHeaders: %s\n", tc->system_headers ? "true" : "false");
  fputs("CheckOptions:\n", out);
  hg_config_dump_options(&tc->cfg, out);
  fputs("...\n", out);
}

/* ---- lookup -------------------------------------------------------------- */

typedef struct tc_memo {
  char *dir;   /* NULL: free slot */
  tc_src *nearest;  /* the nearest .clang-tidy at or above dir, or NULL */
} tc_memo;

struct hg_tidy_loader {
  tc_src **srcs;   /* every file read, owned */
  size_t nsrcs, capsrcs;
  tc_memo *memo;   /* open addressing on dir */
  size_t memo_cap, memo_n;
  tc_src *config;  /* --config / --config-file, or NULL */
  char *ov_checks, *ov_wae;
};

hg_tidy_loader *hg_tidy_loader_new(void) {
  hg_tidy_loader *l = tc_xrealloc(NULL, sizeof *l);
  memset(l, 0, sizeof *l);
  return l;
}

void hg_tidy_loader_free(hg_tidy_loader *l) {
  if (!l) return;
  for (size_t i = 0; i < l->nsrcs; i++) tc_src_free(l->srcs[i]);
  free(l->srcs);
  for (size_t i = 0; i < l->memo_cap; i++) free(l->memo[i].dir);
  free(l->memo);
  tc_src_free(l->config);
  free(l->ov_checks);
  free(l->ov_wae);
  free(l);
}

static uint64_t tc_hash(const char *s) {
  uint64_t h = 1469598103934665603ull;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
  return h;
}

static tc_memo *tc_memo_find(hg_tidy_loader *l, const char *dir) {
  if (!l->memo_cap) return NULL;
  for (size_t i = tc_hash(dir) & (l->memo_cap - 1);; i = (i + 1) & (l->memo_cap - 1)) {
    if (!l->memo[i].dir) return NULL;
    if (strcmp(l->memo[i].dir, dir) == 0) return &l->memo[i];
  }
}

static void tc_memo_put(hg_tidy_loader *l, char *dir, tc_src *nearest) {
  if ((l->memo_n + 1) * 10 >= l->memo_cap * 7) {
    size_t oldcap = l->memo_cap;
    tc_memo *old = l->memo;
    l->memo_cap = oldcap ? oldcap * 2 : 64;
    l->memo = tc_xrealloc(NULL, l->memo_cap * sizeof *l->memo);
    memset(l->memo, 0, l->memo_cap * sizeof *l->memo);
    l->memo_n = 0;
    for (size_t i = 0; i < oldcap; i++)
      if (old[i].dir) tc_memo_put(l, old[i].dir, old[i].nearest);
    free(old);
  }
  size_t i = tc_hash(dir) & (l->memo_cap - 1);
  while (l->memo[i].dir) i = (i + 1) & (l->memo_cap - 1);
  l->memo[i].dir = dir;
  l->memo[i].nearest = nearest;
  l->memo_n++;
}

/* dir/.clang-tidy when it is a non-empty regular file (parsed, maybe with
 * errors, and kept), else NULL. */
static tc_src *tc_try_dir(hg_tidy_loader *l, const char *dir, FILE *errs) {
  char *path = strcmp(dir, "/") == 0 ? tc_strdup("/.clang-tidy") : tc_format("%s/.clang-tidy", dir);
  struct stat st;
  tc_src *s = NULL;
  if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
    s = tc_load_file(path, dir, errs);
    if (l->nsrcs == l->capsrcs) {
      l->capsrcs = l->capsrcs ? l->capsrcs * 2 : 8;
      l->srcs = tc_xrealloc(l->srcs, l->capsrcs * sizeof *l->srcs);
    }
    l->srcs[l->nsrcs++] = s;
  }
  free(path);
  return s;
}

/* "/a/b" -> "/a", "/a" -> "/" */
static char *tc_parent(const char *dir) {
  const char *slash = strrchr(dir, '/');
  if (!slash || slash == dir) return tc_strdup("/");
  return tc_strndup(dir, (size_t)(slash - dir));
}

/* The nearest .clang-tidy at or above the absolute directory `dir`. */
static tc_src *tc_nearest(hg_tidy_loader *l, const char *dir, FILE *errs) {
  char **pending = NULL;
  size_t np = 0;
  char *cur = tc_strdup(dir);
  tc_src *found = NULL;
  for (;;) {
    tc_memo *m = tc_memo_find(l, cur);
    if (m) {
      found = m->nearest;
      free(cur);
      break;
    }
    pending = tc_xrealloc(pending, (np + 1) * sizeof *pending);
    pending[np++] = cur;
    if ((found = tc_try_dir(l, cur, errs))) break;
    if (strcmp(cur, "/") == 0) break;
    cur = tc_parent(cur);
  }
  for (size_t i = 0; i < np; i++) tc_memo_put(l, pending[i], found);
  free(pending);
  return found;
}

/* The absolute, lexically normalised directory of `file`. */
static char *tc_dir_of(const char *file) {
  char *abs;
  if (file[0] == '/') {
    abs = tc_strdup(file);
  } else {
    char cwd[4096];
    if (!getcwd(cwd, sizeof cwd)) return NULL;
    abs = tc_format("%s/%s", cwd, file);
  }
  size_t n = strlen(abs);
  char **comp = tc_xrealloc(NULL, (n / 2 + 2) * sizeof *comp);
  size_t nc = 0;
  for (char *tok = strtok(abs, "/"); tok; tok = strtok(NULL, "/")) {
    if (strcmp(tok, ".") == 0) continue;
    if (strcmp(tok, "..") == 0) {
      if (nc) nc--;
      continue;
    }
    comp[nc++] = tok;
  }
  char *dir = tc_xrealloc(NULL, n + 2);
  dir[0] = '\0';
  for (size_t i = 0; i + 1 < nc; i++) {
    strcat(dir, "/");
    strcat(dir, comp[i]);
  }
  if (!dir[0]) strcpy(dir, "/");
  free(comp);
  free(abs);
  return dir;
}

/* The file sources for `source_file`, outermost first; false if one of them is broken. */
static bool tc_chain(hg_tidy_loader *l, const char *source_file, tc_src ***chain, size_t *n, FILE *errs) {
  *chain = NULL;
  *n = 0;
  char *dir = tc_dir_of(source_file);
  if (!dir) {
    if (errs) fprintf(errs, "error: cannot resolve the directory of '%s': %s\n", source_file, strerror(errno));
    return false;
  }
  bool ok = true;
  tc_src *s = tc_nearest(l, dir, errs);
  free(dir);
  while (s) {
    *chain = tc_xrealloc(*chain, (*n + 1) * sizeof **chain);
    (*chain)[(*n)++] = s;
    if (!s->ok) {
      ok = false;
      break;
    }
    if (!s->inherit || strcmp(s->dir, "/") == 0) break;
    char *parent = tc_parent(s->dir);
    s = tc_nearest(l, parent, errs);
    free(parent);
  }
  for (size_t i = 0; i < *n / 2; i++) {
    tc_src *t = (*chain)[i];
    (*chain)[i] = (*chain)[*n - 1 - i];
    (*chain)[*n - 1 - i] = t;
  }
  return ok;
}

bool hg_tidy_loader_use_config(hg_tidy_loader *l, const char *yaml, FILE *errs) {
  tc_src *s = tc_src_new("--config", NULL);
  if (!tc_parse_text(yaml, strlen(yaml), s, errs)) {
    tc_src_free(s);
    return false;
  }
  tc_src_free(l->config);
  l->config = s;
  return true;
}

bool hg_tidy_loader_use_config_file(hg_tidy_loader *l, const char *path, FILE *errs) {
  tc_src *s = tc_load_file(path, NULL, errs);
  if (!s->ok) {
    tc_src_free(s);
    return false;
  }
  tc_src_free(l->config);
  l->config = s;
  return true;
}

bool hg_tidy_loader_set_overrides(hg_tidy_loader *l, const char *checks,
                                  const char *warnings_as_errors, FILE *errs) {
  bool set[HG_RULE__COUNT] = {0};
  char msg[256];
  if (checks && !hg_config_apply_globs(set, checks, msg, sizeof msg)) {
    if (errs) fprintf(errs, "error: --checks: %s\n", msg);
    return false;
  }
  if (warnings_as_errors && !hg_config_apply_globs(set, warnings_as_errors, msg, sizeof msg)) {
    if (errs) fprintf(errs, "error: --warnings-as-errors: %s\n", msg);
    return false;
  }
  free(l->ov_checks);
  free(l->ov_wae);
  l->ov_checks = checks ? tc_strdup(checks) : NULL;
  l->ov_wae = warnings_as_errors ? tc_strdup(warnings_as_errors) : NULL;
  return true;
}

bool hg_tidy_config_for_file(hg_tidy_loader *l, const char *source_file, hg_tidy_config *out,
                             FILE *errs) {
  hg_tidy_config_init(out);
  tc_src **chain = NULL;
  size_t n = 0;
  bool ok = true;
  if (!l->config || l->config->inherit) ok = tc_chain(l, source_file, &chain, &n, errs);
  if (ok && l->config) {
    chain = tc_xrealloc(chain, (n + 1) * sizeof *chain);
    chain[n++] = l->config;
  }
  if (ok) ok = tc_build(chain, n, out, errs);
  free(chain);
  if (ok && (l->ov_checks || l->ov_wae)) ok = hg_tidy_config_append_globs(out, l->ov_checks, l->ov_wae, errs);
  if (!ok) {
    hg_tidy_config_free(out);
    hg_tidy_config_init(out);
  }
  return ok;
}
