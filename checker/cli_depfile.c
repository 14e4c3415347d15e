/*
 * cli_depfile.c - reads the dependency file clang writes for -MD: skips the
 * target, splits the rest into file names with Make's escapes undone, and
 * makes them absolute.
 */
#define _POSIX_C_SOURCE 200809L

#include "cli_depfile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_path.h"

void hg_deps_free(hg_deps *d) {
  for (size_t i = 0; i < d->n; i++) free(d->v[i]);
  free(d->v);
  memset(d, 0, sizeof *d);
}

static void hg__deps_add(hg_deps *d, const char *name, const char *dir) {
  char *abs = hg_path_absolute(name, dir);   /* clang lists each file once */
  if (d->n == d->cap) {
    d->cap = d->cap ? d->cap * 2 : 32;
    d->v = realloc(d->v, d->cap * sizeof *d->v);
    if (!d->v) abort();
  }
  d->v[d->n++] = abs;
}

/* Offset just past the "target:" separator (a ':' followed by blank space or
 * the end), or `len` when there is none. */
static size_t hg__after_target(const char *t, size_t len) {
  for (size_t i = 0; i < len; i++)
    if (t[i] == ':' && (i + 1 == len || t[i + 1] == ' ' || t[i + 1] == '\t' || t[i + 1] == '\n' ||
                        t[i + 1] == '\r' || t[i + 1] == '\\'))
      return i + 1;
  return len;
}

static bool hg__is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* Reads one file name starting at t[*i] into buf (unescaped); advances *i. */
static size_t hg__read_name(const char *t, size_t len, size_t *i, char *buf) {
  size_t n = 0;
  while (*i < len && !hg__is_blank(t[*i])) {
    char c = t[*i];
    if (c == '\\') {
      size_t k = *i;
      while (k < len && t[k] == '\\') k++;
      size_t run = k - *i;
      if (k < len && t[k] == ' ') {         /* 2n+1 backslashes + space: n backslashes, space */
        for (size_t j = 0; j < run / 2; j++) buf[n++] = '\\';
        buf[n++] = ' ';
        *i = k + 1;
        continue;
      }
      if (k < len && t[k] == '#' && run == 1) {
        buf[n++] = '#';
        *i = k + 1;
        continue;
      }
      if (k >= len || t[k] == '\n' || t[k] == '\r') {   /* line continuation */
        for (size_t j = 0; j + 1 < run; j++) buf[n++] = '\\';
        *i = k;
        break;
      }
      for (size_t j = 0; j < run; j++) buf[n++] = '\\';
      *i = k;
      continue;
    }
    if (c == '$' && *i + 1 < len && t[*i + 1] == '$') (*i)++;
    buf[n++] = t[(*i)++];
  }
  buf[n] = '\0';
  return n;
}

bool hg_depfile_parse(const char *text, size_t len, const char *dir, hg_deps *out) {
  memset(out, 0, sizeof *out);
  size_t i = hg__after_target(text, len);
  if (i >= len && (len == 0 || text[len - 1] != ':')) return false;
  char *buf = malloc(len + 1);
  if (!buf) abort();
  while (i < len) {
    while (i < len && hg__is_blank(text[i])) i++;
    if (i < len && text[i] == '\\' && (i + 1 == len || text[i + 1] == '\n' || text[i + 1] == '\r')) {
      i++;
      continue;
    }
    if (i >= len) break;
    if (hg__read_name(text, len, &i, buf) > 0) hg__deps_add(out, buf, dir);
    else if (i < len && !hg__is_blank(text[i])) i++;   /* a lone continuation */
  }
  free(buf);
  return true;
}

bool hg_depfile_read(const char *path, const char *dir, hg_deps *out) {
  memset(out, 0, sizeof *out);
  FILE *f = fopen(path, "rb");
  if (!f) return false;
  char *data = NULL;
  size_t len = 0, cap = 0;
  for (;;) {
    if (len + 4096 > cap) {
      cap = cap ? cap * 2 : 8192;
      data = realloc(data, cap);
      if (!data) abort();
    }
    size_t got = fread(data + len, 1, cap - len, f);
    if (got == 0) break;
    len += got;
  }
  bool ok = !ferror(f);
  fclose(f);
  ok = ok && len > 0 && hg_depfile_parse(data, len, dir, out);
  free(data);
  return ok;
}
