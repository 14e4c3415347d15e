/*
 * report_text.c - prints diagnostics in clang-tidy's text layout: the
 * "path:line:col: warning: message [check]" line, then a source snippet
 * (the line as clang displays it, and a caret line), for the diagnostic and
 * for each of its notes.
 */
#include "report_text.h"
#include "textcols.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* clang prints no snippet for longer lines. */
#define HG_MAX_SNIPPET_LINE 4096
#define HG_TAB_STOP 8

/* A growable output line. */
typedef struct hg__text {
  char *s;
  size_t n, cap;
} hg__text;

static void hg__text_put(hg__text *t, const char *s, size_t n) {
  if (t->n + n + 1 > t->cap) {
    while (t->n + n + 1 > t->cap) t->cap = t->cap ? t->cap * 2 : 256;
    t->s = realloc(t->s, t->cap);
    if (!t->s) abort();
  }
  memcpy(t->s + t->n, s, n);
  t->n += n;
  t->s[t->n] = '\0';
}

/* Appends the display form of the character at line[*i] and advances *i;
 * returns the display columns it took.  A tab goes to the next stop counted
 * in bytes since the previous tab, as clang counts (and as checker/fixes.c's
 * snippets with fix-it hints do). */
static unsigned hg__put_char(hg__text *t, const char *line, size_t len, size_t *i) {
  const unsigned char *s = (const unsigned char *)line + *i;
  char buf[16];
  uint32_t cp;
  if (*s == '\t') {
    size_t bytes = 0, j = *i;
    while (j > 0 && line[--j] != '\t') bytes++;
    unsigned w = HG_TAB_STOP - (unsigned)(bytes % HG_TAB_STOP);
    hg__text_put(t, "        ", w);
    return (*i)++, w;
  }
  size_t n = hg_utf8_decode(s, len - *i, &cp);
  if (n == 0) {
    snprintf(buf, sizeof buf, "<%02X>", *s);
    hg__text_put(t, buf, 4);
    return (*i)++, 4;
  }
  *i += n;
  if (hg_cp_is_unprintable(cp)) {
    int w = snprintf(buf, sizeof buf, "<U+%04X>", (unsigned)cp);
    hg__text_put(t, buf, (size_t)w);
    return (unsigned)w;
  }
  hg__text_put(t, (const char *)s, n);
  return hg_cp_width(cp);
}

/* Expands the line for display; *caret receives the display column of byte
 * `byte` (the end of the line when past it). */
static void hg__expand_line(hg__text *t, const char *line, size_t len, size_t byte, unsigned *caret) {
  unsigned col = 0;
  size_t i = 0;
  *caret = 0;
  bool caret_set = false;
  hg__text_put(t, "", 0);
  while (i < len) {
    if (!caret_set && i >= byte) *caret = col, caret_set = true;
    col += hg__put_char(t, line, len, &i);
  }
  if (!caret_set) *caret = col;
}

static unsigned hg__digits(uint32_t v) {
  unsigned d = 1;
  while (v >= 10) v /= 10, d++;
  return d;
}

void hg_text_snippet(FILE *out, const hg_source *src, uint32_t line, uint32_t col) {
  const char *text;
  size_t len;
  if (!src || !hg_source_line(src, line, &text, &len) || len > HG_MAX_SNIPPET_LINE) return;
  hg__text shown = {0};
  unsigned caret;
  hg__expand_line(&shown, text, len, col > 0 ? col - 1 : 0, &caret);
  unsigned width = hg__digits(line) > 4 ? hg__digits(line) : 4;
  fprintf(out, "%*s%u | %s\n", (int)(width - hg__digits(line) + 1), "", (unsigned)line, shown.s);
  fprintf(out, "%*s| %*s^\n", (int)(width + 2), "", (int)caret, "");
  free(shown.s);
}

static void hg__print_loc(FILE *out, const hg_out_loc *l) {
  fprintf(out, "%s:%u:%u: ", l->path, (unsigned)l->line, (unsigned)l->col);
}

/* Where the previous diagnostic or note pointed.  clang prints no source
 * line for a diagnostic at the place the previous one pointed, unless it
 * has fix-it hints, or it is not a note and the previous one was. */
typedef struct hg__last {
  const hg_out_loc *loc;   /* NULL: none, or a message without a location */
  bool note;
} hg__last;

static bool hg__repeats(const hg__last *last, const hg_out_loc *loc, bool note) {
  return last->loc && last->loc->line == loc->line && last->loc->col == loc->col &&
         strcmp(last->loc->path, loc->path) == 0 && (!last->note || note);
}

static void hg__plain_snippet(FILE *out, hg__last *last, const hg_out_loc *loc, bool note) {
  if (!hg__repeats(last, loc, note)) hg_text_snippet(out, loc->src, loc->line, loc->col);
  *last = (hg__last){loc, note};
}

static void hg__print_diag(FILE *out, const hg_out_diag *d, const hg_text_hooks *h, hg__last *last) {
  hg__print_loc(out, &d->loc);
  fprintf(out, "%s: %s [%s%s]\n", d->is_error ? "error" : "warning", d->message, d->check,
          d->promoted ? ",-warnings-as-errors" : "");
  if (h && h->snippet && h->snippet(h->ctx, out, d)) *last = (hg__last){&d->loc, false};
  else hg__plain_snippet(out, last, &d->loc, false);
  if (h && h->after_snippet && h->after_snippet(h->ctx, out, d)) *last = (hg__last){NULL, true};
  for (uint32_t i = 0; i < d->nnotes; i++) {
    const hg_out_note *n = &d->notes[i];
    hg__print_loc(out, &n->loc);
    fprintf(out, "note: %s\n", n->message);
    hg__plain_snippet(out, last, &n->loc, true);
  }
  if (h && h->after_notes && h->after_notes(h->ctx, out, d)) *last = (hg__last){NULL, true};
}

void hg_text_print_diag(FILE *out, const hg_out_diag *d) {
  hg__last last = {NULL, false};
  hg__print_diag(out, d, NULL, &last);
}

void hg_text_print(FILE *out, const hg_out_diags *r) { hg_text_print_hooked(out, r, NULL); }

void hg_text_print_hooked(FILE *out, const hg_out_diags *r, const hg_text_hooks *h) {
  hg__last last = {NULL, false};
  for (size_t i = 0; i < r->n; i++) hg__print_diag(out, &r->v[i], h, &last);
}
