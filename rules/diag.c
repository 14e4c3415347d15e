/*
 * diag.c - the diagnostic list: rules append, reporters read.  Strings are
 * copied in so rules may format into stack buffers.
 */
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const hg__rule_names[] = {
#define HG_RULE(id, name, summary) name,
#include "rules.def"
#undef HG_RULE
};

static const char *const hg__rule_summaries[] = {
#define HG_RULE(id, name, summary) summary,
#include "rules.def"
#undef HG_RULE
};

const char *hg_rule_name(hg_rule_id id) {
  return (unsigned)id < HG_RULE__COUNT ? hg__rule_names[id] : "?";
}

const char *hg_rule_summary(hg_rule_id id) {
  return (unsigned)id < HG_RULE__COUNT ? hg__rule_summaries[id] : "?";
}

int hg_rule_lookup(const char *name) {
  if (!name) return -1;
  if (strncmp(name, "handleguard-", 12) == 0) name += 12;
  for (int i = 0; i < HG_RULE__COUNT; i++)
    if (strcmp(hg__rule_names[i], name) == 0) return i;
  return -1;
}

static char *hg__strdup(const char *s) {
  size_t n = strlen(s) + 1;
  char *p = malloc(n);
  if (!p) abort();
  memcpy(p, s, n);
  return p;
}

static char *hg__vformat(const char *fmt, va_list ap) {
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  if (n < 0) n = 0;
  char *p = malloc((size_t)n + 1);
  if (!p) abort();
  vsnprintf(p, (size_t)n + 1, fmt, ap);
  return p;
}

void hg_diags_init(hg_diags *d) { memset(d, 0, sizeof *d); }

static void hg__diag_release(hg_diag *g) {
  free((char *)g->message);
  for (uint32_t j = 0; j < g->nnotes; j++) free((char *)g->notes[j].message);
  for (uint32_t j = 0; j < g->nfixits; j++) free((char *)g->fixits[j].text);
  free(g->notes);
  free(g->fixits);
}

void hg_diags_free(hg_diags *d) {
  for (size_t i = 0; i < d->n; i++) hg__diag_release(&d->v[i]);
  free(d->v);
  memset(d, 0, sizeof *d);
}

static hg_diag *hg__diags_push(hg_diags *d, hg_rule_id rule, hg_loc loc, char *message) {
  if (d->n == d->cap) {
    d->cap = d->cap ? d->cap * 2 : 16;
    d->v = realloc(d->v, d->cap * sizeof *d->v);
    if (!d->v) abort();
  }
  hg_diag *g = &d->v[d->n++];
  memset(g, 0, sizeof *g);
  g->rule = rule;
  g->loc = loc;
  g->message = message;
  return g;
}

hg_diag *hg_diags_add(hg_diags *d, hg_rule_id rule, hg_loc loc, const char *message) {
  return hg__diags_push(d, rule, loc, hg__strdup(message));
}

hg_diag *hg_diags_addf(hg_diags *d, hg_rule_id rule, hg_loc loc, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *msg = hg__vformat(fmt, ap);
  va_end(ap);
  return hg__diags_push(d, rule, loc, msg);
}

void hg_diag_add_note(hg_diag *g, hg_loc loc, const char *fmt, ...) {
  g->notes = realloc(g->notes, (g->nnotes + 1) * sizeof *g->notes);
  if (!g->notes) abort();
  va_list ap;
  va_start(ap, fmt);
  g->notes[g->nnotes].message = hg__vformat(fmt, ap);
  va_end(ap);
  g->notes[g->nnotes].loc = loc;
  g->nnotes++;
}

void hg_diag_add_fixit(hg_diag *g, hg_range range, const char *text) {
  g->fixits = realloc(g->fixits, (g->nfixits + 1) * sizeof *g->fixits);
  if (!g->fixits) abort();
  g->fixits[g->nfixits].range = range;
  g->fixits[g->nfixits].text = hg__strdup(text ? text : "");
  g->nfixits++;
}

static int hg__loc_cmp(hg_loc a, hg_loc b) {
  if (a.file != b.file) return a.file < b.file ? -1 : 1;
  if (a.line != b.line) return a.line < b.line ? -1 : 1;
  if (a.col != b.col) return a.col < b.col ? -1 : 1;
  return 0;
}

static int hg__diag_cmp(const void *pa, const void *pb) {
  const hg_diag *a = pa, *b = pb;
  int c = hg__loc_cmp(a->loc, b->loc);
  if (c) return c;
  if (a->rule != b->rule) return a->rule < b->rule ? -1 : 1;
  return strcmp(a->message, b->message);
}

void hg_diags_sort_unique(hg_diags *d) {
  if (d->n < 2) return;
  qsort(d->v, d->n, sizeof *d->v, hg__diag_cmp);
  size_t out = 1;
  for (size_t i = 1; i < d->n; i++) {
    hg_diag *prev = &d->v[out - 1], *cur = &d->v[i];
    if (prev->rule == cur->rule && hg__loc_cmp(prev->loc, cur->loc) == 0) {
      /* same check at the same place: one root cause, keep the first */
      hg__diag_release(cur);
      continue;
    }
    d->v[out++] = *cur;
  }
  d->n = out;
}
