/*
 * cli_linefilter.c - --line-filter JSON (jansson), unified-diff hunks into
 * the same filter for --diff, and clang-tidy's suffix matching.
 */
#define _POSIX_C_SOURCE 200809L

#include "cli_linefilter.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_path.h"

void hg_line_filter_free(hg_line_filter *f) {
  for (size_t i = 0; i < f->n; i++) {
    free(f->v[i].name);
    free(f->v[i].ranges);
  }
  free(f->v);
  memset(f, 0, sizeof *f);
}

static hg_line_filter_entry *hg__add_entry(hg_line_filter *f, const char *name, bool all_lines) {
  f->v = realloc(f->v, (f->n + 1) * sizeof *f->v);
  if (!f->v) abort();
  hg_line_filter_entry *e = &f->v[f->n++];
  memset(e, 0, sizeof *e);
  e->name = hg_xstrdup(name);
  e->all_lines = all_lines;
  return e;
}

static void hg__add_range(hg_line_filter_entry *e, uint32_t first, uint32_t last) {
  e->ranges = realloc(e->ranges, (e->nranges + 1) * sizeof *e->ranges);
  if (!e->ranges) abort();
  e->ranges[e->nranges++] = (hg_line_range){first, last};
}

/* ---- --line-filter ---------------------------------------------------------------- */

static bool hg__line_no(const json_t *j, uint32_t *out) {
  if (!json_is_integer(j) || json_integer_value(j) < 0 || json_integer_value(j) > UINT32_MAX) return false;
  *out = (uint32_t)json_integer_value(j);
  return true;
}

static bool hg__parse_ranges(const json_t *lines, hg_line_filter_entry *e, char *err, size_t errlen) {
  size_t i;
  json_t *r;
  json_array_foreach(lines, i, r) {
    uint32_t a, b;
    if (!json_is_array(r) || json_array_size(r) != 2 || !hg__line_no(json_array_get(r, 0), &a) ||
        !hg__line_no(json_array_get(r, 1), &b)) {
      snprintf(err, errlen, "\"lines\" of '%s' must hold [first, last] pairs of line numbers", e->name);
      return false;
    }
    hg__add_range(e, a, b);
  }
  return true;
}

static bool hg__parse_entry(const json_t *j, hg_line_filter *out, char *err, size_t errlen) {
  const json_t *name = json_object_get(j, "name"), *lines = json_object_get(j, "lines");
  if (!json_is_object(j) || !json_is_string(name)) {
    snprintf(err, errlen, "each entry must be an object with a \"name\" string");
    return false;
  }
  if (lines && !json_is_array(lines)) {
    snprintf(err, errlen, "\"lines\" of '%s' must be a list", json_string_value(name));
    return false;
  }
  /* clang-tidy: no ranges (absent or empty) means every line */
  hg_line_filter_entry *e = hg__add_entry(out, json_string_value(name), !lines || json_array_size(lines) == 0);
  return !lines || hg__parse_ranges(lines, e, err, errlen);
}

bool hg_line_filter_parse(const char *text, hg_line_filter *out, char *err, size_t errlen) {
  memset(out, 0, sizeof *out);
  json_error_t jerr;
  json_t *j = json_loads(text, JSON_DECODE_ANY, &jerr);
  if (!j) {
    snprintf(err, errlen, "%s (line %d, column %d)", jerr.text, jerr.line, jerr.column);
    return false;
  }
  bool ok = json_is_array(j);
  if (!ok) snprintf(err, errlen, "expected a JSON list of {\"name\": ..., \"lines\": ...} objects");
  size_t i;
  json_t *e;
  json_array_foreach(j, i, e) if (ok) ok = hg__parse_entry(e, out, err, errlen);
  json_decref(j);
  if (!ok) hg_line_filter_free(out);
  return ok;
}

/* ---- git diff -U0 ----------------------------------------------------------------- */

/* Undoes git's C-style quoting of a path ("b/a\tb", octal escapes). */
static char *hg__unquote(const char *s, size_t n) {
  char *out = malloc(n + 1), *o = out;
  if (!out) abort();
  if (n < 2 || s[0] != '"') {
    memcpy(out, s, n);
    out[n] = '\0';
    return out;
  }
  for (size_t i = 1; i + 1 < n; i++) {
    if (s[i] != '\\' || i + 2 >= n) {
      *o++ = s[i];
      continue;
    }
    char c = s[++i];
    if (c >= '0' && c <= '7' && i + 2 < n) {
      *o++ = (char)(((c - '0') << 6) | ((s[i + 1] - '0') << 3) | (s[i + 2] - '0'));
      i += 2;
    } else {
      *o++ = c == 'n' ? '\n' : c == 't' ? '\t' : c == 'r' ? '\r' : c == 'a' ? '\a' : c == 'b' ? '\b' :
             c == 'f' ? '\f' : c == 'v' ? '\v' : c;
    }
  }
  *o = '\0';
  return out;
}

/* "+++ b/path": the path without its "b/" prefix, or NULL (/dev/null). */
static char *hg__new_path(const char *line, size_t n) {
  char *p = hg__unquote(line + 4, n - 4);
  char *out = strncmp(p, "b/", 2) == 0 ? hg_xstrdup(p + 2) : NULL;
  free(p);
  return out;
}

/* "@@ -a,b +c,d @@": the new side's first line and count. */
static bool hg__hunk(const char *line, uint32_t *first, uint32_t *count) {
  const char *plus = strstr(line, " +");
  if (!plus) return false;
  char *end;
  unsigned long a = strtoul(plus + 2, &end, 10), b = 1;
  if (*end == ',') b = strtoul(end + 1, &end, 10);
  *first = (uint32_t)a;
  *count = (uint32_t)b;
  return true;
}

void hg_line_filter_from_diff(const char *diff, size_t len, const char *top, hg_line_filter *out) {
  memset(out, 0, sizeof *out);
  hg_line_filter_entry *cur = NULL;
  for (size_t i = 0; i < len;) {
    const char *line = diff + i;
    const char *nl = memchr(line, '\n', len - i);
    size_t n = nl ? (size_t)(nl - line) : len - i;
    i += n + 1;
    if (n >= 4 && strncmp(line, "+++ ", 4) == 0) {
      char *rel = hg__new_path(line, n);
      char *abs = rel ? hg_path_join(top, rel) : NULL;
      cur = abs ? hg__add_entry(out, abs, false) : NULL;
      free(rel);
      free(abs);
    } else if (cur && n >= 3 && strncmp(line, "@@ ", 3) == 0) {
      char *h = hg__unquote(line, n);
      uint32_t first, count;
      if (hg__hunk(h, &first, &count) && count > 0) hg__add_range(cur, first, first + count - 1);
      free(h);
    }
  }
}

/* ---- matching ------------------------------------------------------------------------ */

static bool hg__ends_with(const char *s, const char *suffix) {
  size_t a = strlen(s), b = strlen(suffix);
  return b <= a && memcmp(s + a - b, suffix, b) == 0;
}

bool hg_line_filter_passes(const hg_line_filter *f, const char *path, uint32_t line) {
  for (size_t i = 0; i < f->n; i++) {
    const hg_line_filter_entry *e = &f->v[i];
    if (!hg__ends_with(path, e->name)) continue;
    if (e->all_lines) return true;
    for (size_t k = 0; k < e->nranges; k++)
      if (e->ranges[k].first <= line && line <= e->ranges[k].last) return true;
    return false;
  }
  return false;
}

size_t hg_line_filter_count(const hg_line_filter *f) { return f->n; }

const char *hg_line_filter_name(const hg_line_filter *f, size_t i) { return i < f->n ? f->v[i].name : NULL; }
