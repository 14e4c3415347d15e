/*
 * report_collect.c - the run-wide list of diagnostics to print: append,
 * sort, de-duplicate, count.
 */
#include "report_collect.h"

#include <stdlib.h>
#include <string.h>

#include "report_source.h"

static char *hg__xstrdup(const char *s) {
  size_t n = strlen(s ? s : "") + 1;
  char *p = malloc(n);
  if (!p) abort();
  return memcpy(p, s ? s : "", n);
}

static hg_out_loc hg__loc_copy(hg_out_loc l) {
  l.path = hg__xstrdup(l.path);
  return l;
}

void hg_out_diags_init(hg_out_diags *r) { memset(r, 0, sizeof *r); }

static void hg__diag_release(hg_out_diag *d) {
  free(d->loc.path);
  free(d->check);
  free(d->message);
  for (uint32_t i = 0; i < d->nnotes; i++) {
    free(d->notes[i].loc.path);
    free(d->notes[i].message);
  }
  free(d->notes);
  for (uint32_t i = 0; i < d->nfixes; i++) {
    free(d->fixes[i].path);
    free(d->fixes[i].text);
  }
  free(d->fixes);
  free(d->build_dir);
}

void hg_out_diags_free(hg_out_diags *r) {
  for (size_t i = 0; i < r->n; i++) hg__diag_release(&r->v[i]);
  free(r->v);
  memset(r, 0, sizeof *r);
}

hg_out_diag *hg_out_diags_add(hg_out_diags *r, hg_out_loc where, const char *check,
                              const char *message) {
  if (r->n == r->cap) {
    r->cap = r->cap ? r->cap * 2 : 32;
    r->v = realloc(r->v, r->cap * sizeof *r->v);
    if (!r->v) abort();
  }
  hg_out_diag *d = &r->v[r->n++];
  memset(d, 0, sizeof *d);
  d->loc = hg__loc_copy(where);
  d->check = hg__xstrdup(check);
  d->message = hg__xstrdup(message);
  d->rule = -1;
  return d;
}

void hg_out_diag_add_note(hg_out_diag *d, hg_out_loc where, const char *message) {
  d->notes = realloc(d->notes, (d->nnotes + 1) * sizeof *d->notes);
  if (!d->notes) abort();
  d->notes[d->nnotes].loc = hg__loc_copy(where);
  d->notes[d->nnotes].message = hg__xstrdup(message);
  d->nnotes++;
}

void hg_out_diag_add_fix(hg_out_diag *d, const char *path, uint32_t offset, uint32_t length,
                         const char *text) {
  d->fixes = realloc(d->fixes, (d->nfixes + 1) * sizeof *d->fixes);
  if (!d->fixes) abort();
  d->fixes[d->nfixes++] = (hg_out_fix){hg__xstrdup(path), offset, length, hg__xstrdup(text)};
}

void hg_out_diag_set_build_dir(hg_out_diag *d, const char *dir) {
  free(d->build_dir);
  d->build_dir = dir ? hg__xstrdup(dir) : NULL;
}

const char *hg_out_loc_abs_path(const hg_out_loc *l) {
  return l->src && l->src->path ? l->src->path : l->path;
}

static int hg__diag_cmp(const void *pa, const void *pb) {
  const hg_out_diag *a = pa, *b = pb;
  int c = strcmp(a->loc.path, b->loc.path);
  if (c) return c;
  if (a->loc.offset != b->loc.offset) return a->loc.offset < b->loc.offset ? -1 : 1;
  if ((c = strcmp(a->check, b->check))) return c;
  return strcmp(a->message, b->message);
}

void hg_out_diags_sort_unique(hg_out_diags *r) {
  if (r->n < 2) return;
  qsort(r->v, r->n, sizeof *r->v, hg__diag_cmp);
  size_t out = 1;
  for (size_t i = 1; i < r->n; i++) {
    if (hg__diag_cmp(&r->v[out - 1], &r->v[i]) == 0) {
      hg__diag_release(&r->v[i]);
      continue;
    }
    r->v[out++] = r->v[i];
  }
  r->n = out;
}

size_t hg_out_diags_count_promoted(const hg_out_diags *r) {
  size_t n = 0;
  for (size_t i = 0; i < r->n; i++) n += r->v[i].promoted;
  return n;
}

size_t hg_out_diags_count_errors(const hg_out_diags *r) {
  size_t n = 0;
  for (size_t i = 0; i < r->n; i++) n += r->v[i].is_error;
  return n;
}
