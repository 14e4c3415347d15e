/*
 * nolint.c - finds NOLINT-family directives in a file's text and decides
 * whether they suppress a diagnostic, following clang-tidy's rules (see
 * nolint.h).  The buffer may hold any bytes, NULs included.
 */
#include "nolint.h"

#include <stdlib.h>
#include <string.h>

typedef enum hg__nolint_kind {
  HG__NL_UNKNOWN,
  HG__NL_LINE,       /* NOLINT */
  HG__NL_NEXTLINE,   /* NOLINTNEXTLINE */
  HG__NL_BEGIN,      /* NOLINTBEGIN */
  HG__NL_END,        /* NOLINTEND */
} hg__nolint_kind;

/* One directive as written: kind, where its 'N' is, and its check list (a
 * slice of the buffer) when it has one. */
typedef struct hg__directive {
  hg__nolint_kind kind;
  size_t pos;
  bool has_list;
  const char *list;
  size_t list_len;
} hg__directive;

struct hg_nolint_block {
  size_t begin_pos;
  size_t end_pos;
  bool has_list;
  const char *list;
  size_t list_len;
};

static bool hg__is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

static bool hg__is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

/* Offset of the first "NOLINT" at or after `from`, or `len` when none. */
static size_t hg__find_nolint(const char *buf, size_t len, size_t from) {
  static const char word[] = "NOLINT";
  const size_t wlen = sizeof word - 1;
  for (size_t i = from; i + wlen <= len; i++)
    if (buf[i] == 'N' && memcmp(buf + i, word, wlen) == 0) return i;
  return len;
}

static hg__nolint_kind hg__kind_of(const char *word, size_t n) {
  if (n == 6 && memcmp(word, "NOLINT", 6) == 0) return HG__NL_LINE;
  if (n == 14 && memcmp(word, "NOLINTNEXTLINE", 14) == 0) return HG__NL_NEXTLINE;
  if (n == 11 && memcmp(word, "NOLINTBEGIN", 11) == 0) return HG__NL_BEGIN;
  if (n == 9 && memcmp(word, "NOLINTEND", 9) == 0) return HG__NL_END;
  return HG__NL_UNKNOWN;
}

/* Reads the "(checks)" that may follow a directive at `*cursor`; advances the
 * cursor past the ')' when the list is closed on the same line. */
static void hg__read_check_list(const char *buf, size_t len, size_t *cursor, hg__directive *d) {
  size_t p = *cursor;
  if (p >= len || buf[p] != '(') return;
  p++;
  size_t q = p;
  while (q < len && buf[q] != '\n' && buf[q] != ')') q++;
  *cursor = p;
  if (q < len && buf[q] == ')') {
    d->has_list = true;
    d->list = buf + p;
    d->list_len = q - p;
    *cursor = q + 1;
  }
}

/* Finds the next recognised directive in buf[*cursor, len). */
static bool hg__next_directive(const char *buf, size_t len, size_t *cursor, hg__directive *d) {
  for (;;) {
    size_t at = hg__find_nolint(buf, len, *cursor);
    if (at >= len) return false;
    size_t p = at + 6;
    while (p < len && hg__is_alpha(buf[p])) p++;
    *cursor = p;
    hg__nolint_kind kind = hg__kind_of(buf + at, p - at);
    if (kind == HG__NL_UNKNOWN) continue;
    memset(d, 0, sizeof *d);
    d->kind = kind;
    d->pos = at;
    hg__read_check_list(buf, len, cursor, d);
    return true;
  }
}

/* ---- globs ---------------------------------------------------------------- */

static bool hg__glob_match(const char *g, size_t glen, const char *s) {
  if (glen == 0) return *s == '\0';
  if (*g == '*') {
    for (const char *t = s;; t++) {
      if (hg__glob_match(g + 1, glen - 1, t)) return true;
      if (!*t) return false;
    }
  }
  return *s && *g == *s && hg__glob_match(g + 1, glen - 1, s + 1);
}

static void hg__trim(const char **s, size_t *n) {
  while (*n && hg__is_space(**s)) (*s)++, (*n)--;
  while (*n && hg__is_space((*s)[*n - 1])) (*n)--;
}

bool hg_nolint_globs_match(const char *globs, size_t len, const char *check) {
  size_t i = 0;
  while (i < len) {
    size_t j = i;
    while (j < len && globs[j] != ',' && globs[j] != '\n') j++;
    const char *g = globs + i;
    size_t n = j - i;
    hg__trim(&g, &n);
    bool negative = n > 0 && *g == '-';
    if (negative) g++, n--;
    hg__trim(&g, &n);
    if (!negative && hg__glob_match(g, n, check)) return true;
    i = j + 1;
  }
  return false;
}

static bool hg__directive_covers(const hg__directive *d, const char *check) {
  if (!d->has_list) return true;
  return hg_nolint_globs_match(d->list, d->list_len, check);
}

/* ---- NOLINT and NOLINTNEXTLINE ---------------------------------------------- */

/* Start of the line holding `pos`: one past the last '\n' strictly before it. */
static size_t hg__line_start(const char *buf, size_t pos) {
  while (pos > 0 && buf[pos - 1] != '\n') pos--;
  return pos;
}

/* End of the line holding `pos`: the first '\n' at or after it, or len. */
static size_t hg__line_end(const char *buf, size_t len, size_t pos) {
  while (pos < len && buf[pos] != '\n') pos++;
  return pos;
}

static bool hg__line_has(const char *line, size_t n, hg__nolint_kind kind, const char *check) {
  size_t cursor = 0;
  hg__directive d;
  while (hg__next_directive(line, n, &cursor, &d))
    if (d.kind == kind && hg__directive_covers(&d, check)) return true;
  return false;
}

bool hg_nolint_line_suppresses(const char *buf, size_t len, size_t pos, const char *check) {
  if (!buf || !check) return false;
  if (pos > len) pos = len;
  size_t start = hg__line_start(buf, pos);
  size_t end = hg__line_end(buf, len, pos);
  if (end > start && hg__line_has(buf + start, end - start, HG__NL_LINE, check)) return true;
  if (start == 0) return false;
  size_t prev_end = start - 1; /* the '\n' that ends the previous line */
  size_t prev_start = hg__line_start(buf, prev_end);
  return hg__line_has(buf + prev_start, prev_end - prev_start, HG__NL_NEXTLINE, check);
}

/* ---- NOLINTBEGIN / NOLINTEND ------------------------------------------------ */

/* Writes the check list with the whitespace around each glob removed, as the
 * key BEGIN and END are paired by.  Returns a malloc'd string; NULL when the
 * directive has no list. */
static char *hg__normalized_list(const hg__directive *d) {
  if (!d->has_list) return NULL;
  char *out = malloc(d->list_len + 1);
  if (!out) abort();
  size_t o = 0, i = 0;
  for (;;) {
    size_t j = i;
    while (j < d->list_len && d->list[j] != ',') j++;
    const char *g = d->list + i;
    size_t n = j - i;
    hg__trim(&g, &n);
    memcpy(out + o, g, n);
    o += n;
    if (j >= d->list_len) break;
    out[o++] = ',';
    i = j + 1;
  }
  out[o] = '\0';
  return out;
}

static bool hg__same_list(const hg__directive *a, const hg__directive *b) {
  if (a->has_list != b->has_list) return false;
  if (!a->has_list) return true;
  char *x = hg__normalized_list(a), *y = hg__normalized_list(b);
  bool same = strcmp(x, y) == 0;
  free(x);
  free(y);
  return same;
}

static void hg__push_error(hg_nolint_blocks *b, size_t pos, bool unmatched_begin) {
  b->errors = realloc(b->errors, (b->nerrors + 1) * sizeof *b->errors);
  if (!b->errors) abort();
  b->errors[b->nerrors].pos = pos;
  b->errors[b->nerrors].unmatched_begin = unmatched_begin;
  b->nerrors++;
}

static void hg__push_block(hg_nolint_blocks *b, const hg__directive *begin, size_t end_pos) {
  b->v = realloc(b->v, (b->n + 1) * sizeof *b->v);
  if (!b->v) abort();
  hg_nolint_block *k = &b->v[b->n++];
  k->begin_pos = begin->pos;
  k->end_pos = end_pos;
  k->has_list = begin->has_list;
  k->list = begin->list;
  k->list_len = begin->list_len;
}

/* The stack of BEGINs still open while scanning. */
typedef struct hg__begin_stack {
  hg__directive *v;
  size_t n, cap;
} hg__begin_stack;

static void hg__stack_push(hg__begin_stack *s, const hg__directive *d) {
  if (s->n == s->cap) {
    s->cap = s->cap ? s->cap * 2 : 8;
    s->v = realloc(s->v, s->cap * sizeof *s->v);
    if (!s->v) abort();
  }
  s->v[s->n++] = *d;
}

static void hg__close_block(hg_nolint_blocks *out, hg__begin_stack *open, const hg__directive *end) {
  if (open->n > 0 && hg__same_list(&open->v[open->n - 1], end)) {
    hg__push_block(out, &open->v[open->n - 1], end->pos);
    open->n--;
  } else {
    hg__push_error(out, end->pos, false);
  }
}

void hg_nolint_blocks_build(const char *buf, size_t len, hg_nolint_blocks *out) {
  memset(out, 0, sizeof *out);
  if (!buf) return;
  hg__begin_stack open = {0};
  size_t cursor = 0;
  hg__directive d;
  while (hg__next_directive(buf, len, &cursor, &d)) {
    if (d.kind == HG__NL_BEGIN)
      hg__stack_push(&open, &d);
    else if (d.kind == HG__NL_END)
      hg__close_block(out, &open, &d);
  }
  for (size_t i = 0; i < open.n; i++) hg__push_error(out, open.v[i].pos, true);
  free(open.v);
}

void hg_nolint_blocks_free(hg_nolint_blocks *b) {
  free(b->v);
  free(b->errors);
  memset(b, 0, sizeof *b);
}

bool hg_nolint_blocks_suppress(const hg_nolint_blocks *b, size_t pos, const char *check) {
  for (size_t i = 0; i < b->n; i++) {
    const hg_nolint_block *k = &b->v[i];
    if (k->begin_pos < pos && pos < k->end_pos &&
        (!k->has_list || hg_nolint_globs_match(k->list, k->list_len, check)))
      return true;
  }
  return false;
}

const char *hg_nolint_error_message(const hg_nolint_error *e) {
  return e->unmatched_begin
             ? "unmatched 'NOLINTBEGIN' comment without a subsequent 'NOLINTEND' comment"
             : "unmatched 'NOLINTEND' comment without a previous 'NOLINTBEGIN' comment";
}
