/*
 * report_source.c - reads the files diagnostics point into, once per run,
 * and answers line/column and NOLINT-block questions about them.
 */
#define _POSIX_C_SOURCE 200809L

#include "report_source.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli_path.h"

static void *hg__xrealloc(void *p, size_t n) {
  p = realloc(p, n ? n : 1);
  if (!p) abort();
  return p;
}

void hg_sources_init(hg_sources *s) { memset(s, 0, sizeof *s); }

static void hg__source_free(hg_source *src) {
  free(src->path);
  free(src->data);
  free(src->line_starts);
  if (src->blocks_built) hg_nolint_blocks_free(&src->blocks);
  free(src);
}

void hg_sources_free(hg_sources *s) {
  for (size_t i = 0; i < s->n; i++) hg__source_free(s->v[i]);
  free(s->v);
  memset(s, 0, sizeof *s);
}

/* Reads a regular file whole; false for directories, devices and errors. */
static bool hg__read_file(const char *path, char **data, size_t *len) {
  struct stat st;
  if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) return false;
  FILE *f = fopen(path, "rb");
  if (!f) return false;
  size_t cap = (size_t)st.st_size + 1, n = 0;
  char *buf = hg__xrealloc(NULL, cap);
  for (;;) {
    if (n + 1 >= cap) buf = hg__xrealloc(buf, cap *= 2);
    size_t got = fread(buf + n, 1, cap - n - 1, f);
    if (got == 0) break;
    n += got;
  }
  bool ok = !ferror(f);
  fclose(f);
  if (!ok) {
    free(buf);
    return false;
  }
  buf[n] = '\0';
  *data = buf;
  *len = n;
  return true;
}

static void hg__index_lines(hg_source *src) {
  size_t cap = 64;
  src->line_starts = hg__xrealloc(NULL, cap * sizeof *src->line_starts);
  src->line_starts[src->nlines++] = 0;
  for (size_t i = 0; i < src->len; i++) {
    if (src->data[i] != '\n') continue;
    if (src->nlines == cap) src->line_starts = hg__xrealloc(src->line_starts, (cap *= 2) * sizeof *src->line_starts);
    src->line_starts[src->nlines++] = i + 1;
  }
}

static hg_source *hg__source_load(const char *path) {
  hg_source *src = hg__xrealloc(NULL, sizeof *src);
  memset(src, 0, sizeof *src);
  src->path = hg_xstrdup(path);
  if (hg__read_file(path, &src->data, &src->len)) hg__index_lines(src);
  return src;
}

hg_source *hg_sources_get(hg_sources *s, const char *path) {
  for (size_t i = 0; i < s->n; i++)
    if (strcmp(s->v[i]->path, path) == 0) return s->v[i];
  if (s->n == s->cap) {
    s->cap = s->cap ? s->cap * 2 : 16;
    s->v = hg__xrealloc(s->v, s->cap * sizeof *s->v);
  }
  return s->v[s->n++] = hg__source_load(path);
}

bool hg_source_line(const hg_source *src, uint32_t line, const char **text, size_t *len) {
  if (!src->data || line == 0 || line > src->nlines) return false;
  size_t start = src->line_starts[line - 1];
  size_t end = line < src->nlines ? src->line_starts[line] - 1 : src->len;
  if (end > start && src->data[end - 1] == '\r') end--;
  *text = src->data + start;
  *len = end - start;
  return true;
}

bool hg_source_line_col(const hg_source *src, size_t offset, uint32_t *line, uint32_t *col) {
  if (!src->data || offset > src->len) return false;
  size_t lo = 0, hi = src->nlines; /* last line start <= offset */
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if (src->line_starts[mid] <= offset) lo = mid;
    else hi = mid;
  }
  *line = (uint32_t)(lo + 1);
  *col = (uint32_t)(offset - src->line_starts[lo] + 1);
  return true;
}

const hg_nolint_blocks *hg_source_blocks(hg_source *src, bool *fresh) {
  *fresh = false;
  if (!src->blocks_built) {
    hg_nolint_blocks_build(src->data, src->len, &src->blocks);
    src->blocks_built = true;
    *fresh = true;
  }
  return &src->blocks;
}
