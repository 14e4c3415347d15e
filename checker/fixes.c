/*
 * fixes.c - the fix-its of a run: collected from every translation unit,
 * resolved as clang-tidy resolves them (repeats merged, overlapping fixes
 * rejected whole), applied to the files atomically, exported as the
 * replacements YAML clang-apply-replacements reads (written with libyaml's
 * emitter), and rendered as clang 19's fix-it hint lines under a snippet.
 */
#define _XOPEN_SOURCE 700   /* POSIX 2008 with realpath() */

#include "fixes.h"
#include "textcols.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

/* Test hook: when non-zero, hg_fixes_apply fails each file right before the
 * rename, as a full disk or a vanished directory would (tests only). */
int hg__fixes_test_fail_before_rename = 0;

/* ---- small utilities -------------------------------------------------------------- */

static void *hg__xrealloc(void *p, size_t n) {
  p = realloc(p, n ? n : 1);
  if (!p) abort();
  return p;
}

static char *hg__xstrndup(const char *s, size_t n) {
  char *p = hg__xrealloc(NULL, n + 1);
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

static char *hg__xstrdup(const char *s) { return hg__xstrndup(s, strlen(s)); }

#define HG__GROW(v, n, cap)                                  \
  do {                                                       \
    if ((n) == (cap)) {                                      \
      (cap) = (cap) ? (cap) * 2 : 8;                         \
      (v) = hg__xrealloc((v), (cap) * sizeof *(v));          \
    }                                                        \
  } while (0)

/* A growable byte string, always NUL-terminated once something was put. */
typedef struct hg__buf {
  char *s;
  size_t n, cap;
} hg__buf;

static void hg__buf_reserve(hg__buf *b, size_t more) {
  if (b->n + more + 1 <= b->cap) return;
  while (b->n + more + 1 > b->cap) b->cap = b->cap ? b->cap * 2 : 128;
  b->s = hg__xrealloc(b->s, b->cap);
}

static void hg__buf_put(hg__buf *b, const char *s, size_t n) {
  hg__buf_reserve(b, n);
  if (n) memcpy(b->s + b->n, s, n);
  b->n += n;
  b->s[b->n] = '\0';
}

static void hg__buf_puts(hg__buf *b, const char *s) { hg__buf_put(b, s, strlen(s)); }

/* Makes the string exactly n bytes long, padding with `c`. */
static void hg__buf_resize(hg__buf *b, size_t n, char c) {
  if (n > b->n) {
    hg__buf_reserve(b, n - b->n);
    memset(b->s + b->n, c, n - b->n);
  } else {
    hg__buf_reserve(b, 0);
  }
  b->n = n;
  b->s[n] = '\0';
}

static char *hg__fmt_errno(const char *what, const char *path, int err) {
  hg__buf b = {0};
  hg__buf_puts(&b, what);
  if (path) {
    hg__buf_puts(&b, " ");
    hg__buf_puts(&b, path);
  }
  hg__buf_puts(&b, ": ");
  hg__buf_puts(&b, strerror(err));
  return b.s;
}

/* ---- paths ------------------------------------------------------------------------- */

static char *hg__getcwd(void) {
  for (size_t cap = 256;; cap *= 2) {
    char *p = hg__xrealloc(NULL, cap);
    if (getcwd(p, cap)) return p;
    free(p);
    if (errno != ERANGE) return hg__xstrdup("/");
  }
}

/* Drops empty and "." components (".." stays: it may cross a symbolic link). */
static void hg__normalize(char *p) {
  char *out = p, *in = p;
  bool abs = *in == '/';
  if (abs) *out++ = '/';
  while (*in) {
    while (*in == '/') in++;
    char *start = in;
    while (*in && *in != '/') in++;
    size_t n = (size_t)(in - start);
    if (n == 0 || (n == 1 && start[0] == '.')) continue;
    if (out > p && out[-1] != '/') *out++ = '/';
    memmove(out, start, n);
    out += n;
  }
  if (out == p) *out++ = abs ? '/' : '.';
  *out = '\0';
}

/* `path` made absolute against `base` (itself against the current directory). */
static char *hg__absolute(const char *path, const char *base) {
  hg__buf b = {0};
  if (path[0] != '/') {
    if (base && base[0] == '/') {
      hg__buf_puts(&b, base);
    } else {
      char *cwd = hg__getcwd();
      hg__buf_puts(&b, cwd);
      free(cwd);
      if (base && *base) {
        hg__buf_puts(&b, "/");
        hg__buf_puts(&b, base);
      }
    }
    hg__buf_puts(&b, "/");
  }
  hg__buf_puts(&b, path);
  hg__normalize(b.s);
  return b.s;
}

/* ---- reading files ------------------------------------------------------------------ */

/* Reads a whole regular file.  Returns NULL, or an error message. */
static char *hg__read_file(const char *path, char **data, size_t *len, struct stat *st) {
  *data = NULL;
  *len = 0;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return hg__fmt_errno("cannot open", path, errno);
  if (fstat(fd, st) != 0) {
    char *e = hg__fmt_errno("cannot stat", path, errno);
    close(fd);
    return e;
  }
  if (!S_ISREG(st->st_mode)) {
    close(fd);
    hg__buf b = {0};
    hg__buf_puts(&b, path);
    hg__buf_puts(&b, " is not a regular file");
    return b.s;
  }
  hg__buf b = {0};
  hg__buf_reserve(&b, (size_t)st->st_size);
  for (;;) {
    hg__buf_reserve(&b, 65536);
    ssize_t r = read(fd, b.s + b.n, b.cap - b.n - 1);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) {
      char *e = hg__fmt_errno("cannot read", path, errno);
      free(b.s);
      close(fd);
      return e;
    }
    if (r == 0) break;
    b.n += (size_t)r;
  }
  b.s[b.n] = '\0';
  close(fd);
  *data = b.s;
  *len = b.n;
  return NULL;
}

/* ---- the collection ------------------------------------------------------------------- */

typedef struct hg__file {
  char *path;          /* absolute, as first named (exported) */
  char *key;           /* real path when it resolves, else `path`: the identity */
  char *data;          /* the bytes the analysis saw */
  size_t len;
  bool have;           /* data/len are valid */
  char *error;         /* why the bytes could not be captured */
  size_t *lines;       /* offsets of line starts, built on demand */
  size_t nlines;
} hg__file;

typedef struct hg__repl {
  uint32_t file;       /* index into hg_fixes.files */
  uint32_t offset, length;
  char *text;
  uint32_t line, col;  /* where the front end put `offset`; 0: not known */
  bool dup;            /* identical to a replacement accepted or written before */
  bool written;        /* hg_fixes_apply put it into the file */
} hg__repl;

typedef struct hg__msg {
  char *message;
  char *path;          /* absolute; NULL: no location */
  int32_t file;        /* index of `path` in hg_fixes.files, -1 without */
  uint32_t offset, line, col;
  hg__repl *repls;
  size_t nrepls, cap;
  char *malformed;     /* first problem with a fix-it added here */
} hg__msg;

typedef struct hg__diag {
  char *check;
  hg__msg msg;
  hg__msg *notes;
  size_t nnotes, cap;
  bool is_error;
  char *build_dir;
  size_t seq;          /* order of addition */
  size_t canon;        /* the diagnostic it was merged into (itself when first) */
  hg_fix_status status;
  int32_t selected;    /* the fix: -1 own, k note k, -2 none */
  char *problem;       /* why the fix was rejected or failed */
  hg_fix_hint *hints;
  size_t nhints;
  bool hints_built;
} hg__diag;

struct hg_fixes {
  hg__diag *diags;
  size_t ndiags, cap_diags;
  hg__file *files;
  size_t nfiles, cap_files;
  hg__diag **order;    /* first of each group of repeats, in resolution order */
  size_t norder;
  bool resolved, applied;
  size_t total, napplied;
};

hg_fixes *hg_fixes_new(void) {
  hg_fixes *fx = hg__xrealloc(NULL, sizeof *fx);
  memset(fx, 0, sizeof *fx);
  return fx;
}

static void hg__msg_free(hg__msg *m) {
  free(m->message);
  free(m->path);
  free(m->malformed);
  for (size_t i = 0; i < m->nrepls; i++) free(m->repls[i].text);
  free(m->repls);
}

void hg_fixes_free(hg_fixes *fx) {
  if (!fx) return;
  for (size_t i = 0; i < fx->ndiags; i++) {
    hg__diag *d = &fx->diags[i];
    free(d->check);
    hg__msg_free(&d->msg);
    for (size_t j = 0; j < d->nnotes; j++) hg__msg_free(&d->notes[j]);
    free(d->notes);
    free(d->build_dir);
    free(d->problem);
    free(d->hints);
  }
  free(fx->diags);
  for (size_t i = 0; i < fx->nfiles; i++) {
    free(fx->files[i].path);
    free(fx->files[i].key);
    free(fx->files[i].data);
    free(fx->files[i].error);
    free(fx->files[i].lines);
  }
  free(fx->files);
  free(fx->order);
  free(fx);
}

/* The file named by absolute `abs`, added on first use. */
static uint32_t hg__file_of(hg_fixes *fx, const char *abs) {
  for (size_t i = 0; i < fx->nfiles; i++)
    if (strcmp(fx->files[i].path, abs) == 0) return (uint32_t)i;
  char *real = realpath(abs, NULL);
  char *key = real ? real : hg__xstrdup(abs);
  for (size_t i = 0; i < fx->nfiles; i++)
    if (strcmp(fx->files[i].key, key) == 0) {
      free(key);
      return (uint32_t)i;
    }
  HG__GROW(fx->files, fx->nfiles, fx->cap_files);
  hg__file *f = &fx->files[fx->nfiles];
  memset(f, 0, sizeof *f);
  f->path = hg__xstrdup(abs);
  f->key = key;
  return (uint32_t)fx->nfiles++;
}

/* Reads the file's bytes the first time a replacement points into it. */
static void hg__file_capture(hg__file *f) {
  if (f->have || f->error) return;
  struct stat st;
  f->error = hg__read_file(f->key, &f->data, &f->len, &st);
  f->have = f->error == NULL;
}

static void hg__file_lines(hg__file *f) {
  if (f->lines || !f->have) return;
  size_t cap = 64;
  f->lines = hg__xrealloc(NULL, cap * sizeof *f->lines);
  f->lines[f->nlines++] = 0;
  for (size_t i = 0; i < f->len; i++) {
    char c = f->data[i];
    if (c != '\n' && c != '\r') continue;
    if (c == '\r' && i + 1 < f->len && f->data[i + 1] == '\n') i++;
    if (f->nlines == cap) f->lines = hg__xrealloc(f->lines, (cap *= 2) * sizeof *f->lines);
    f->lines[f->nlines++] = i + 1;
  }
}

/* 1-based line and byte column of `offset` in the captured bytes. */
static bool hg__file_line_col(hg__file *f, size_t offset, uint32_t *line, uint32_t *col) {
  if (!f->have || offset > f->len) return false;
  hg__file_lines(f);
  size_t lo = 0, hi = f->nlines;
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if (f->lines[mid] <= offset) lo = mid;
    else hi = mid;
  }
  *line = (uint32_t)(lo + 1);
  /* clang's column for the \n of a \r\n is the \r's (see hg__clang_col0) */
  if (lo + 1 < f->nlines && offset + 1 == f->lines[lo + 1] && offset > f->lines[lo] &&
      (f->data[offset - 1] == '\r' || f->data[offset - 1] == '\n'))
    offset--;
  *col = (uint32_t)(offset - f->lines[lo] + 1);
  return true;
}

bool hg_fixes_expect_file(hg_fixes *fx, const char *path, const char *build_dir, const void *data,
                          size_t len) {
  char *abs = hg__absolute(path, build_dir);
  uint32_t fi = hg__file_of(fx, abs);   /* may move fx->files */
  hg__file *f = &fx->files[fi];
  free(abs);
  if (f->have || f->error) return false;
  f->data = hg__xstrndup(data ? (const char *)data : "", data ? len : 0);
  f->len = data ? len : 0;
  f->have = true;
  return true;
}

static hg__diag *hg__diag_at(hg_fixes *fx, size_t id) {
  return id < fx->ndiags ? &fx->diags[id] : NULL;
}

static void hg__msg_init(hg_fixes *fx, hg__msg *m, const char *message, const char *path,
                         const char *build_dir, uint32_t offset) {
  memset(m, 0, sizeof *m);
  m->message = hg__xstrdup(message ? message : "");
  m->file = -1;
  m->offset = offset;
  if (path) {
    m->path = hg__absolute(path, build_dir);
    m->file = (int32_t)hg__file_of(fx, m->path);
  }
}

size_t hg_fixes_add_diag(hg_fixes *fx, const char *check, const char *message, const char *path,
                         uint32_t offset, bool is_error, const char *build_dir) {
  HG__GROW(fx->diags, fx->ndiags, fx->cap_diags);
  size_t id = fx->ndiags++;
  hg__diag *d = &fx->diags[id];
  memset(d, 0, sizeof *d);
  d->check = hg__xstrdup(check ? check : "");
  d->build_dir = build_dir && build_dir[0] == '/' ? hg__xstrdup(build_dir) : hg__absolute(".", build_dir);
  hg__normalize(d->build_dir);
  hg__msg_init(fx, &d->msg, message, path, d->build_dir, offset);
  d->is_error = is_error;
  d->seq = id;
  d->canon = id;
  d->selected = -2;
  return id;
}

size_t hg_fixes_add_note(hg_fixes *fx, size_t id, const char *message, const char *path,
                         uint32_t offset) {
  hg__diag *d = hg__diag_at(fx, id);
  if (!d) return HG_FIXES_DIAG;
  HG__GROW(d->notes, d->nnotes, d->cap);
  hg__msg_init(fx, &d->notes[d->nnotes], message, path, d->build_dir, offset);
  return d->nnotes++;
}

static void hg__msg_malformed(hg__msg *m, const char *why) {
  if (!m->malformed) m->malformed = hg__xstrdup(why);
}

static void hg__add_repl(hg_fixes *fx, hg__diag *d, hg__msg *m, const char *path, uint32_t offset,
                         uint32_t length, const char *text, uint32_t line, uint32_t col) {
  if ((uint64_t)offset + length > UINT32_MAX) {
    hg__msg_malformed(m, "a fix-it range does not fit in a file");
    return;
  }
  char *abs = hg__absolute(path, d->build_dir);
  uint32_t fi = hg__file_of(fx, abs);
  free(abs);
  hg__file_capture(&fx->files[fi]);
  HG__GROW(m->repls, m->nrepls, m->cap);
  hg__repl *r = &m->repls[m->nrepls++];
  memset(r, 0, sizeof *r);
  r->file = fi;
  r->offset = offset;
  r->length = length;
  r->text = hg__xstrdup(text ? text : "");
  r->line = line;
  r->col = col;
}

bool hg_fixes_add_replacement(hg_fixes *fx, size_t id, size_t note, const char *path,
                              uint32_t offset, uint32_t length, const char *text) {
  hg__diag *d = hg__diag_at(fx, id);
  if (!d || !path || (note != HG_FIXES_DIAG && note >= d->nnotes)) return false;
  hg__msg *m = note == HG_FIXES_DIAG ? &d->msg : &d->notes[note];
  hg__add_repl(fx, d, m, path, offset, length, text, 0, 0);
  return true;
}

static const char *hg__model_path(const hg_model *m, uint32_t file) {
  if (file < m->nfiles && m->files[file].path) return m->files[file].path;
  return m->main_file ? m->main_file : "";
}

size_t hg_fixes_add_hg_diag(hg_fixes *fx, const hg_model *m, const hg_diag *g,
                            const char *build_dir) {
  char check[160];
  snprintf(check, sizeof check, "handleguard-%s", hg_rule_name(g->rule));
  size_t id = hg_fixes_add_diag(fx, check, g->message, hg__model_path(m, g->loc.file),
                                g->loc.offset, g->is_error, build_dir);
  hg__diag *d = &fx->diags[id];
  d->msg.line = g->loc.line;
  d->msg.col = g->loc.col;
  for (uint32_t i = 0; i < g->nnotes; i++) {
    const hg_note *n = &g->notes[i];
    size_t k = hg_fixes_add_note(fx, id, n->message, hg__model_path(m, n->loc.file), n->loc.offset);
    d = &fx->diags[id];
    d->notes[k].line = n->loc.line;
    d->notes[k].col = n->loc.col;
  }
  for (uint32_t i = 0; i < g->nfixits; i++) {
    const hg_fixit *f = &g->fixits[i];
    if (f->range.begin.file != f->range.end.file)
      hg__msg_malformed(&d->msg, "a fix-it range spans two files");
    else if (f->range.begin.file >= m->nfiles || !m->files[f->range.begin.file].path)
      hg__msg_malformed(&d->msg, "a fix-it points into a file the model does not know");
    else if (f->range.end.offset < f->range.begin.offset)
      hg__msg_malformed(&d->msg, "a fix-it range ends before it begins");
    else
      hg__add_repl(fx, d, &d->msg, m->files[f->range.begin.file].path, f->range.begin.offset,
                   f->range.end.offset - f->range.begin.offset, f->text, f->range.begin.line,
                   f->range.begin.col);
  }
  return id;
}

/* ---- resolution ---------------------------------------------------------------------- */

static int hg__strcmp0(const char *a, const char *b) { return strcmp(a ? a : "", b ? b : ""); }

/* clang-tidy's order: file, offset, check, message; then order of addition. */
static int hg__diag_cmp(const void *pa, const void *pb) {
  const hg__diag *a = *(hg__diag *const *)pa, *b = *(hg__diag *const *)pb;
  int c = hg__strcmp0(a->msg.path, b->msg.path);
  if (c) return c;
  if (a->msg.offset != b->msg.offset) return a->msg.offset < b->msg.offset ? -1 : 1;
  if ((c = strcmp(a->check, b->check))) return c;
  if ((c = strcmp(a->msg.message, b->msg.message))) return c;
  return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static bool hg__same_key(const hg__diag *a, const hg__diag *b) {
  return hg__strcmp0(a->msg.path, b->msg.path) == 0 && a->msg.offset == b->msg.offset &&
         strcmp(a->check, b->check) == 0 && strcmp(a->msg.message, b->msg.message) == 0;
}

static bool hg__repl_same(const hg__repl *a, const hg__repl *b) {
  return a->file == b->file && a->offset == b->offset && a->length == b->length &&
         strcmp(a->text, b->text) == 0;
}

/* Whether two different replacements of one file cannot both be applied. */
static bool hg__repl_overlap(const hg__repl *a, const hg__repl *b) {
  uint64_t ae = (uint64_t)a->offset + a->length, be = (uint64_t)b->offset + b->length;
  if (a->file != b->file) return false;
  if (a->length == 0 && b->length == 0) return a->offset == b->offset;
  if (a->length == 0) return b->offset < a->offset && a->offset < be;
  if (b->length == 0) return a->offset < b->offset && b->offset < ae;
  return a->offset < be && b->offset < ae;
}

static hg__msg *hg__selected(hg__diag *d) {
  if (d->selected == -1) return &d->msg;
  if (d->selected >= 0) return &d->notes[d->selected];
  return NULL;
}

static void hg__set_problem(hg__diag *d, const char *why) {
  free(d->problem);
  d->problem = hg__xstrdup(why);
}

/* Checks a fix against itself: two of its replacements may share a range or
 * an offset (clang joins them), but not overlap otherwise. */
static bool hg__fix_consistent(hg__msg *fix, const char **why) {
  if (fix->malformed) return *why = fix->malformed, false;
  for (size_t i = 0; i < fix->nrepls; i++)
    for (size_t j = 0; j < i; j++) {
      hg__repl *a = &fix->repls[j], *b = &fix->repls[i];
      if (a->file != b->file || (a->offset == b->offset && a->length == b->length)) continue;
      if (a->length == 0 && b->length == 0) continue;
      if (hg__repl_overlap(a, b)) return *why = "two of its replacements overlap", false;
    }
  return true;
}

/* A fix-it after clang's merging (DiagnosticRenderer's mergeFixits). */
typedef struct hg__hint {
  size_t begin, end;
  hg__buf text;
  bool fixit;          /* false: a highlighted range only */
} hg__hint;

static size_t hg__merge_hints(const char *data, size_t len, const hg_fix_hint *in, size_t n,
                              hg__hint **out);

/* Rewrites a message's replacements as clang-tidy stores a check's fix-its:
 * through clang's fix-it merging, per file (see hg__merge_hints), so that
 * what is applied and exported is what the clang-tidy plugin would apply and
 * export.  A file whose bytes are unknown, or that a range does not fit,
 * keeps its replacements as they are (applying them reports the problem). */
static void hg__normalize_msg(hg_fixes *fx, hg__msg *m) {
  const char *why;
  if (m->nrepls == 0 || !hg__fix_consistent(m, &why)) return;
  hg__repl *out = hg__xrealloc(NULL, m->nrepls * sizeof *out);
  size_t nout = 0;
  bool *done = hg__xrealloc(NULL, m->nrepls * sizeof *done);
  memset(done, 0, m->nrepls * sizeof *done);
  hg_fix_hint *hints = hg__xrealloc(NULL, m->nrepls * sizeof *hints);
  for (size_t i = 0; i < m->nrepls; i++) {
    if (done[i]) continue;
    uint32_t fi = m->repls[i].file;
    hg__file *f = &fx->files[fi];
    size_t n = 0;
    bool fits = f->have;
    for (size_t k = i; k < m->nrepls; k++) {
      hg__repl *x = &m->repls[k];
      if (x->file != fi) continue;
      if ((uint64_t)x->offset + x->length > f->len) fits = false;
      hints[n++] = (hg_fix_hint){x->offset, (size_t)x->offset + x->length, x->text};
    }
    hg__hint *merged = NULL;
    size_t nmerged = fits ? hg__merge_hints(f->data, f->len, hints, n, &merged) : 0;
    for (size_t k = i; k < m->nrepls; k++) {
      hg__repl *x = &m->repls[k];
      if (x->file != fi) continue;
      done[k] = true;
      if (fits) free(x->text);
      else out[nout++] = *x;
    }
    for (size_t h = 0; h < nmerged; h++) {
      hg__repl r;
      memset(&r, 0, sizeof r);
      r.file = fi;
      r.offset = (uint32_t)merged[h].begin;
      r.length = (uint32_t)(merged[h].end - merged[h].begin);
      r.text = merged[h].text.s ? merged[h].text.s : hg__xstrdup("");
      for (size_t k = i; k < m->nrepls; k++)
        if (m->repls[k].file == fi && m->repls[k].offset == r.offset && m->repls[k].line) {
          r.line = m->repls[k].line;
          r.col = m->repls[k].col;
          break;
        }
      out[nout++] = r;
    }
    free(merged);
  }
  free(hints);
  free(done);
  free(m->repls);
  m->repls = out;
  m->nrepls = m->cap = nout;
}

void hg_fixes_resolve(hg_fixes *fx) {
  if (fx->resolved) return;
  fx->resolved = true;
  fx->order = hg__xrealloc(NULL, (fx->ndiags ? fx->ndiags : 1) * sizeof *fx->order);
  hg__diag **all = hg__xrealloc(NULL, (fx->ndiags ? fx->ndiags : 1) * sizeof *all);
  for (size_t i = 0; i < fx->ndiags; i++) all[i] = &fx->diags[i];
  qsort(all, fx->ndiags, sizeof *all, hg__diag_cmp);

  hg__repl **accepted = NULL;
  size_t naccepted = 0, cap_accepted = 0;
  for (size_t i = 0; i < fx->ndiags; i++) {
    hg__diag *d = all[i];
    if (fx->norder && hg__same_key(fx->order[fx->norder - 1], d)) {
      d->canon = fx->order[fx->norder - 1]->seq;
      continue;
    }
    fx->order[fx->norder++] = d;
    /* The fix: the diagnostic's own, else its first note that has one. */
    if (d->msg.nrepls || d->msg.malformed) d->selected = -1;
    for (size_t k = 0; d->selected == -2 && k < d->nnotes; k++)
      if (d->notes[k].nrepls || d->notes[k].malformed) d->selected = (int32_t)k;
    hg__msg *fix = hg__selected(d);
    const char *why;
    if (fix && !hg__fix_consistent(fix, &why)) {
      d->status = HG_FIX_STATUS_MALFORMED;
      hg__set_problem(d, why);
      continue;
    }
    hg__normalize_msg(fx, &d->msg);
    for (size_t k = 0; k < d->nnotes; k++) hg__normalize_msg(fx, &d->notes[k]);
    if (!fix) continue;
    bool overlap = false;
    for (size_t r = 0; r < fix->nrepls && !overlap; r++) {
      hg__repl *x = &fix->repls[r];
      for (size_t a = 0; a < naccepted; a++) {
        if (hg__repl_same(accepted[a], x)) {
          x->dup = true;
          break;
        }
        if (hg__repl_overlap(accepted[a], x)) {
          overlap = true;
          break;
        }
      }
    }
    if (overlap) {
      for (size_t r = 0; r < fix->nrepls; r++) fix->repls[r].dup = false;
      d->status = HG_FIX_STATUS_OVERLAP;
      hg__set_problem(d, HG_FIXES_OVERLAP_NOTE);
      continue;
    }
    d->status = HG_FIX_STATUS_PENDING;
    for (size_t r = 0; r < fix->nrepls; r++) {
      if (fix->repls[r].dup) continue;
      HG__GROW(accepted, naccepted, cap_accepted);
      accepted[naccepted++] = &fix->repls[r];
    }
  }
  free(accepted);
  free(all);
}

static hg__diag *hg__canon(hg_fixes *fx, size_t id) {
  hg__diag *d = hg__diag_at(fx, id);
  if (!d) return NULL;
  hg_fixes_resolve(fx);
  return &fx->diags[d->canon];
}

hg_fix_status hg_fixes_status(const hg_fixes *fx, size_t id) {
  if (id >= fx->ndiags || !fx->resolved) return HG_FIX_STATUS_NONE;
  return fx->diags[fx->diags[id].canon].status;
}

/* The fix --fix (or --fix-notes) applies: clang-tidy's getFixIt. */
static hg__msg *hg__chosen(hg__diag *d, hg_fix_mode mode) {
  if (d->status != HG_FIX_STATUS_PENDING && d->status != HG_FIX_STATUS_FAILED &&
      d->status != HG_FIX_STATUS_APPLIED)
    return NULL;
  if (d->msg.nrepls) return &d->msg;
  if (mode != HG_FIX_NOTES) return NULL;
  hg__msg *found = NULL;
  for (size_t k = 0; k < d->nnotes; k++)
    if (d->notes[k].nrepls) {
      if (found) return NULL;
      found = &d->notes[k];
    }
  return found;
}

/* ---- applying ------------------------------------------------------------------------------ */

static void hg__errf(FILE *err, const char *fmt, const char *a, const char *b) {
  if (!err) return;
  fputs("error: ", err);
  fprintf(err, fmt, a, b ? b : "");
  fputc('\n', err);
}

static void hg__fail(hg__diag *d, const char *why) {
  if (d->status == HG_FIX_STATUS_FAILED) return;
  d->status = HG_FIX_STATUS_FAILED;
  hg__set_problem(d, why);
}

/* One edit of one file, from a chosen fix. */
typedef struct hg__edit {
  uint32_t offset, length;
  const char *text;
  size_t rank;         /* position among all chosen replacements, for ties */
  hg__repl *repl;
  hg__diag *diag;
} hg__edit;

static int hg__edit_cmp(const void *pa, const void *pb) {
  const hg__edit *a = pa, *b = pb;
  if (a->offset != b->offset) return a->offset < b->offset ? -1 : 1;
  if ((a->length == 0) != (b->length == 0)) return a->length == 0 ? -1 : 1;
  return a->rank < b->rank ? -1 : a->rank > b->rank;
}

static bool hg__write_all(int fd, const char *p, size_t n) {
  while (n) {
    ssize_t w = write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    p += w;
    n -= (size_t)w;
  }
  return true;
}

#if defined(__APPLE__)
#define HG__MTIME(st) ((st)->st_mtimespec)
#else
#define HG__MTIME(st) ((st)->st_mtim)
#endif

static bool hg__same_stat(const struct stat *a, const struct stat *b) {
  return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
         HG__MTIME(a).tv_sec == HG__MTIME(b).tv_sec && HG__MTIME(a).tv_nsec == HG__MTIME(b).tv_nsec;
}

/* Replaces `path` by `data` through a temporary file in the same directory:
 * same permission bits (and owner when allowed), flushed, then renamed. */
static char *hg__write_atomic(const char *path, const struct stat *orig, const char *data,
                              size_t len) {
  const char *slash = strrchr(path, '/');
  hg__buf dir = {0}, tmp = {0};
  if (!slash) hg__buf_puts(&dir, ".");
  else if (slash == path) hg__buf_puts(&dir, "/");
  else hg__buf_put(&dir, path, (size_t)(slash - path));
  hg__buf_puts(&tmp, dir.s);
  if (dir.s[dir.n - 1] != '/') hg__buf_puts(&tmp, "/");
  hg__buf_puts(&tmp, ".");
  hg__buf_puts(&tmp, slash ? slash + 1 : path);
  hg__buf_puts(&tmp, ".hgfix-XXXXXX");

  char *why = NULL;
  int fd = mkstemp(tmp.s);
  if (fd < 0) {
    why = hg__fmt_errno("cannot create a temporary file in", dir.s, errno);
    goto out;
  }
  (void)fcntl(fd, F_SETFD, FD_CLOEXEC);
  if (fchmod(fd, orig->st_mode & 07777) != 0) why = hg__fmt_errno("cannot set the mode of", tmp.s, errno);
  /* Keep the owner when we may (root, or a group we belong to); else the
   * file becomes ours, as with any editor that saves by renaming. */
  if (!why && (orig->st_uid != geteuid() || orig->st_gid != getegid()))
    (void)!fchown(fd, orig->st_uid, orig->st_gid);
  if (!why && !hg__write_all(fd, data, len)) why = hg__fmt_errno("cannot write", tmp.s, errno);
  if (!why && fsync(fd) != 0) why = hg__fmt_errno("cannot flush", tmp.s, errno);
  if (close(fd) != 0 && !why) why = hg__fmt_errno("cannot close", tmp.s, errno);
  if (!why) {
    struct stat now;
    if (stat(path, &now) != 0 || !hg__same_stat(&now, orig)) {
      hg__buf b = {0};
      hg__buf_puts(&b, path);
      hg__buf_puts(&b, " changed while the fixes were being written");
      why = b.s;
    }
  }
  if (!why && hg__fixes_test_fail_before_rename) why = hg__fmt_errno("cannot rename", tmp.s, EIO);
  if (!why && rename(tmp.s, path) != 0) why = hg__fmt_errno("cannot rename", tmp.s, errno);
  if (why) {
    unlink(tmp.s);
  } else {
    int dfd = open(dir.s, O_RDONLY | O_CLOEXEC);
    if (dfd >= 0) {
      (void)fsync(dfd);
      close(dfd);
    }
  }
out:
  free(dir.s);
  free(tmp.s);
  return why;
}

/* Line and column of a message, from the front end or from the file. */
static bool hg__msg_line_col(hg_fixes *fx, const hg__msg *m, uint32_t *line, uint32_t *col) {
  if (m->line) return *line = m->line, *col = m->col, true;
  return m->file >= 0 && hg__file_line_col(&fx->files[m->file], m->offset, line, col);
}

/* "<check> at <file>:<line>:<col>" for messages about a diagnostic. */
static const char *hg__where(hg_fixes *fx, const hg__diag *d) {
  static char where[PATH_MAX + 256];
  uint32_t line = 0, col = 0;
  if (!hg__msg_line_col(fx, &d->msg, &line, &col)) line = col = 0;
  if (line)
    snprintf(where, sizeof where, "%s at %s:%u:%u", d->check, d->msg.path ? d->msg.path : "",
             (unsigned)line, (unsigned)col);
  else
    snprintf(where, sizeof where, "%s at %s", d->check, d->msg.path ? d->msg.path : "");
  return where;
}

/* Checks the static facts of a chosen fix: its files' bytes are known and
 * every range lies inside them where the front end said it would. */
static bool hg__check_fix(hg_fixes *fx, hg__diag *d, hg__msg *fix, FILE *err) {
  for (size_t r = 0; r < fix->nrepls; r++) {
    hg__repl *x = &fix->repls[r];
    hg__file *f = &fx->files[x->file];
    char buf[512];
    if (!f->have) {
      snprintf(buf, sizeof buf, "%s", f->error ? f->error : "file not read");
    } else if ((uint64_t)x->offset + x->length > f->len) {
      snprintf(buf, sizeof buf, "replacement of bytes %u-%u lies outside %s (%zu bytes)",
               (unsigned)x->offset, (unsigned)(x->offset + x->length), f->path, f->len);
    } else {
      uint32_t line, col;
      if (x->line == 0 || (hg__file_line_col(f, x->offset, &line, &col) && line == x->line &&
                           col == x->col))
        continue;
      snprintf(buf, sizeof buf, "offset %u of %s is not at line %u, column %u",
               (unsigned)x->offset, f->path, (unsigned)x->line, (unsigned)x->col);
    }
    hg__errf(err, "the fix of %s was not applied: %s", hg__where(fx, d), buf);
    hg__fail(d, buf);
    return false;
  }
  return true;
}

int hg_fixes_apply(hg_fixes *fx, hg_fix_mode mode, FILE *err) {
  hg_fixes_resolve(fx);
  if (fx->applied) return 1;
  fx->applied = true;
  int rc = 0;

  /* 1. The chosen fixes, their size, and their static checks. */
  for (size_t i = 0; i < fx->norder; i++) {
    hg__diag *d = fx->order[i];
    hg__msg *fix = hg__chosen(d, mode);
    if (!fix) continue;
    fx->total += fix->nrepls;
    if (!hg__check_fix(fx, d, fix, err)) rc = 1;
  }

  /* 2. Each file: unchanged since analysis?  Its edits, repeats dropped. */
  for (size_t fi = 0; fi < fx->nfiles; fi++) {
    hg__file *f = &fx->files[fi];
    hg__edit *edits = NULL;
    size_t nedits = 0, cap = 0, rank = 0;
    for (size_t i = 0; i < fx->norder; i++) {
      hg__diag *d = fx->order[i];
      hg__msg *fix = hg__chosen(d, mode);
      if (!fix || d->status != HG_FIX_STATUS_PENDING) {
        rank += fix ? fix->nrepls : 0;
        continue;
      }
      for (size_t r = 0; r < fix->nrepls; r++, rank++) {
        hg__repl *x = &fix->repls[r];
        if (x->file != fi) continue;
        HG__GROW(edits, nedits, cap);
        edits[nedits++] = (hg__edit){x->offset, x->length, x->text, rank, x, d};
      }
    }
    if (!nedits) {
      free(edits);
      continue;
    }
    qsort(edits, nedits, sizeof *edits, hg__edit_cmp);

    char *cur = NULL, *why = NULL;
    size_t curlen = 0;
    struct stat st;
    why = hg__read_file(f->key, &cur, &curlen, &st);
    if (!why && (curlen != f->len || memcmp(cur, f->data, curlen) != 0)) {
      hg__buf b = {0};
      hg__buf_puts(&b, f->path);
      hg__buf_puts(&b, " changed since it was analysed");
      why = b.s;
    }
    hg__buf out = {0};
    size_t pos = 0;
    for (size_t e = 0; !why && e < nedits; e++) {
      hg__edit *x = &edits[e];
      if (e > 0 && x->offset == edits[e - 1].offset && x->length == edits[e - 1].length &&
          strcmp(x->text, edits[e - 1].text) == 0)
        continue;   /* the same edit from another diagnostic */
      if (x->offset < pos || (uint64_t)x->offset + x->length > curlen) {
        hg__buf b = {0};
        hg__buf_puts(&b, "overlapping replacements in ");
        hg__buf_puts(&b, f->path);
        why = b.s;
        break;
      }
      hg__buf_put(&out, cur + pos, x->offset - pos);
      hg__buf_puts(&out, x->text);
      pos = x->offset + x->length;
    }
    if (!why) {
      hg__buf_put(&out, cur + pos, curlen - pos);
      if (out.n != curlen || memcmp(out.s, cur, curlen) != 0)
        why = hg__write_atomic(f->key, &st, out.s, out.n);
    }
    if (why) {
      hg__errf(err, "%s; no fix was applied to %s", why, f->path);
      for (size_t e = 0; e < nedits; e++) hg__fail(edits[e].diag, why);
      rc = 1;
    } else {
      for (size_t e = 0; e < nedits; e++) edits[e].repl->written = true;
    }
    free(why);
    free(out.s);
    free(cur);
    free(edits);
  }

  /* 3. What was applied.  A fix whose other file failed is half applied:
   * said once, since its files were reported above. */
  for (size_t i = 0; i < fx->norder; i++) {
    hg__diag *d = fx->order[i];
    hg__msg *fix = hg__chosen(d, mode);
    if (!fix) continue;
    size_t written = 0;
    for (size_t r = 0; r < fix->nrepls; r++) written += fix->repls[r].written;
    fx->napplied += written;
    if (d->status == HG_FIX_STATUS_PENDING) d->status = HG_FIX_STATUS_APPLIED;
    else if (written && err)
      fprintf(err, "error: the fix of %s was only partly applied (%zu of %zu replacements)\n",
              hg__where(fx, d), written, fix->nrepls);
  }
  return rc;
}

void hg_fixes_counts(const hg_fixes *fx, size_t *applied, size_t *total) {
  if (applied) *applied = fx->napplied;
  if (total) *total = fx->total;
}

void hg_fixes_print_summary(const hg_fixes *fx, FILE *err, const char *tool) {
  if (!err || fx->total == 0) return;
  fprintf(err, "%s applied %zu of %zu suggested fixes.\n", tool ? tool : "handleguard-check",
          fx->napplied, fx->total);
}

/* ---- YAML export ------------------------------------------------------------------------------ */

static bool hg__utf8_valid(const char *s) {
  const unsigned char *p = (const unsigned char *)s;
  size_t n = strlen(s);
  uint32_t cp;
  for (size_t i = 0; i < n;) {
    size_t k = hg_utf8_decode(p + i, n - i, &cp);
    if (!k) return false;
    i += k;
  }
  return true;
}

/* Invalid bytes replaced by U+FFFD (for messages, which only inform). */
static char *hg__utf8_sanitize(const char *s) {
  const unsigned char *p = (const unsigned char *)s;
  size_t n = strlen(s);
  hg__buf b = {0};
  hg__buf_put(&b, "", 0);
  uint32_t cp;
  for (size_t i = 0; i < n;) {
    size_t k = hg_utf8_decode(p + i, n - i, &cp);
    if (k) hg__buf_put(&b, s + i, k), i += k;
    else hg__buf_puts(&b, "\xEF\xBF\xBD"), i++;
  }
  return b.s;
}

/* LLVM's YAML writer's choice of quoting (llvm::yaml::needsQuotes), so the
 * file reads like clang-tidy's; libyaml falls back to a safer style by
 * itself whenever the one asked for cannot represent the text. */
static bool hg__llvm_numeric(const char *s) {
  size_t n = strlen(s);
  if (n == 0 || !strcmp(s, "+") || !strcmp(s, "-")) return false;
  if (!strcmp(s, ".nan") || !strcmp(s, ".NaN") || !strcmp(s, ".NAN")) return true;
  const char *t = (*s == '-' || *s == '+') ? s + 1 : s;
  if (!strcmp(t, ".inf") || !strcmp(t, ".Inf") || !strcmp(t, ".INF")) return true;
  if (!strncmp(s, "0o", 2)) return n > 2 && strspn(s + 2, "01234567") == n - 2;
  if (!strncmp(s, "0x", 2)) return n > 2 && strspn(s + 2, "0123456789abcdefABCDEF") == n - 2;
  if (t[0] == '.' && (t[1] == '\0' || !strchr("0123456789", t[1]))) return false;
  if (t[0] == 'e' || t[0] == 'E') return false;
  t += strspn(t, "0123456789");
  if (!*t) return true;
  if (*t == '.') {
    t++;
    t += strspn(t, "0123456789");
    if (!*t) return true;
  }
  if (*t != 'e' && *t != 'E') return false;
  t++;
  if (*t == '+' || *t == '-') t++;
  if (!*t) return false;
  return t[strspn(t, "0123456789")] == '\0';
}

static yaml_scalar_style_t hg__llvm_style(const char *s) {
  static const char *const specials[] = {"null", "Null", "NULL", "~", "true", "True", "TRUE",
                                         "false", "False", "FALSE"};
  size_t n = strlen(s);
  if (n == 0) return YAML_SINGLE_QUOTED_SCALAR_STYLE;
  yaml_scalar_style_t style = YAML_PLAIN_SCALAR_STYLE;
  const char *ws = " \t\n\v\f\r";
  if (strchr(ws, s[0]) || strchr(ws, s[n - 1])) style = YAML_SINGLE_QUOTED_SCALAR_STYLE;
  for (size_t i = 0; i < sizeof specials / sizeof *specials; i++)
    if (!strcmp(s, specials[i])) style = YAML_SINGLE_QUOTED_SCALAR_STYLE;
  if (hg__llvm_numeric(s)) style = YAML_SINGLE_QUOTED_SCALAR_STYLE;
  if (strchr("-?:\\,[]{}#&*!|>'\"%@`", s[0])) style = YAML_SINGLE_QUOTED_SCALAR_STYLE;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) continue;
    if (strchr("_-^., \t", c)) continue;
    if (c == '\n' || c == '\r' || c == 0x7F || c <= 0x1F || c >= 0x80)
      return YAML_DOUBLE_QUOTED_SCALAR_STYLE;
    style = YAML_SINGLE_QUOTED_SCALAR_STYLE;
  }
  return style;
}

typedef struct hg__yaml {
  yaml_emitter_t e;
  bool ok;
  char *error;
} hg__yaml;

static int hg__yaml_write(void *data, unsigned char *buffer, size_t size) {
  hg__buf_put((hg__buf *)data, (const char *)buffer, size);
  return 1;
}

static void hg__y_emit(hg__yaml *y, yaml_event_t *ev, int initialized) {
  if (!y->ok) {
    if (initialized) yaml_event_delete(ev);
    return;
  }
  if (!initialized || !yaml_emitter_emit(&y->e, ev)) {
    y->ok = false;
    if (!y->error)
      y->error = hg__xstrdup(y->e.problem ? y->e.problem : "the YAML emitter failed");
  }
}

static void hg__y_str(hg__yaml *y, const char *s, yaml_scalar_style_t style) {
  yaml_event_t ev;
  int ok = yaml_scalar_event_initialize(&ev, NULL, NULL, (const yaml_char_t *)s, (int)strlen(s),
                                        1, 1, style);
  hg__y_emit(y, &ev, ok);
}

static void hg__y_key(hg__yaml *y, const char *k) { hg__y_str(y, k, YAML_PLAIN_SCALAR_STYLE); }

/* A string value; `what` names it when it is not valid UTF-8. */
static void hg__y_text(hg__yaml *y, const char *s, const char *what) {
  if (!y->ok) return;
  if (!hg__utf8_valid(s)) {
    y->ok = false;
    hg__buf b = {0};
    hg__buf_puts(&b, what);
    hg__buf_puts(&b, " is not valid UTF-8, which YAML cannot carry");
    y->error = b.s;
    return;
  }
  hg__y_str(y, s, hg__llvm_style(s));
}

static void hg__y_message(hg__yaml *y, const char *s) {
  char *clean = hg__utf8_sanitize(s);
  hg__y_str(y, clean, hg__llvm_style(clean));
  free(clean);
}

static void hg__y_uint(hg__yaml *y, uint64_t v) {
  char buf[32];
  snprintf(buf, sizeof buf, "%llu", (unsigned long long)v);
  hg__y_str(y, buf, YAML_PLAIN_SCALAR_STYLE);
}

static void hg__y_map(hg__yaml *y, bool start) {
  yaml_event_t ev;
  int ok = start ? yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE)
                 : yaml_mapping_end_event_initialize(&ev);
  hg__y_emit(y, &ev, ok);
}

static void hg__y_seq(hg__yaml *y, bool start, bool empty) {
  yaml_event_t ev;
  int ok = start ? yaml_sequence_start_event_initialize(
                       &ev, NULL, NULL, 1, empty ? YAML_FLOW_SEQUENCE_STYLE : YAML_BLOCK_SEQUENCE_STYLE)
                 : yaml_sequence_end_event_initialize(&ev);
  hg__y_emit(y, &ev, ok);
}

/* Message, FilePath, FileOffset, Replacements (clang's DiagnosticMessage). */
static void hg__y_msg(hg_fixes *fx, hg__yaml *y, const hg__diag *d, const hg__msg *m) {
  const hg__msg *fix = hg__selected((hg__diag *)d);
  bool dropped = m == fix && (d->status == HG_FIX_STATUS_OVERLAP || d->status == HG_FIX_STATUS_MALFORMED);
  size_t n = 0;
  for (size_t r = 0; !dropped && r < m->nrepls; r++) n += !(m == fix && m->repls[r].dup);
  hg__y_map(y, true);
  hg__y_key(y, "Message");
  hg__y_message(y, m->message);
  hg__y_key(y, "FilePath");
  hg__y_text(y, m->path ? m->path : "", "a file path");
  hg__y_key(y, "FileOffset");
  hg__y_uint(y, m->path ? m->offset : 0);
  hg__y_key(y, "Replacements");
  hg__y_seq(y, true, n == 0);
  for (size_t r = 0; n && r < m->nrepls; r++) {
    const hg__repl *x = &m->repls[r];
    if (m == fix && x->dup) continue;
    hg__y_map(y, true);
    hg__y_key(y, "FilePath");
    hg__y_text(y, fx->files[x->file].path, "a file path");
    hg__y_key(y, "Offset");
    hg__y_uint(y, x->offset);
    hg__y_key(y, "Length");
    hg__y_uint(y, x->length);
    hg__y_key(y, "ReplacementText");
    hg__y_text(y, x->text, "a replacement text");
    hg__y_map(y, false);
  }
  hg__y_seq(y, false, false);
  hg__y_map(y, false);
}

static void hg__y_dropped_note(hg__yaml *y, const hg__diag *d) {
  hg__msg note;
  memset(&note, 0, sizeof note);
  hg__buf b = {0};
  if (d->status == HG_FIX_STATUS_OVERLAP) {
    hg__buf_puts(&b, HG_FIXES_OVERLAP_NOTE);
  } else {
    hg__buf_puts(&b, "this fix will not be applied because it is malformed: ");
    hg__buf_puts(&b, d->problem ? d->problem : "");
  }
  note.message = b.s;
  hg__y_msg(NULL, y, d, &note);
  free(b.s);
}

bool hg_fixes_write_yaml(hg_fixes *fx, FILE *out, const char *main_source_file, FILE *err) {
  hg_fixes_resolve(fx);
  hg__buf text = {0};
  hg__yaml y;
  memset(&y, 0, sizeof y);
  y.ok = yaml_emitter_initialize(&y.e) != 0;
  if (!y.ok) {
    if (err) fputs("error: cannot export fixes: the YAML emitter could not start\n", err);
    return false;
  }
  yaml_emitter_set_output(&y.e, hg__yaml_write, &text);
  yaml_emitter_set_unicode(&y.e, 1);
  yaml_emitter_set_width(&y.e, -1);   /* never fold a long scalar across lines */
  yaml_emitter_set_indent(&y.e, 2);
  yaml_emitter_set_break(&y.e, YAML_LN_BREAK);

  yaml_event_t ev;
  hg__y_emit(&y, &ev, yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING));
  hg__y_emit(&y, &ev, yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 0));
  hg__y_map(&y, true);
  hg__y_key(&y, "MainSourceFile");
  hg__y_text(&y, main_source_file ? main_source_file : "", "the main source file path");
  hg__y_key(&y, "Diagnostics");
  hg__y_seq(&y, true, fx->norder == 0);
  for (size_t i = 0; i < fx->norder; i++) {
    const hg__diag *d = fx->order[i];
    bool dropped = d->status == HG_FIX_STATUS_OVERLAP || d->status == HG_FIX_STATUS_MALFORMED;
    hg__y_map(&y, true);
    hg__y_key(&y, "DiagnosticName");
    hg__y_message(&y, d->check);
    hg__y_key(&y, "DiagnosticMessage");
    hg__y_msg(fx, &y, d, &d->msg);
    if (d->nnotes || dropped) {
      hg__y_key(&y, "Notes");
      hg__y_seq(&y, true, false);
      for (size_t k = 0; k < d->nnotes; k++) hg__y_msg(fx, &y, d, &d->notes[k]);
      if (dropped) hg__y_dropped_note(&y, d);
      hg__y_seq(&y, false, false);
    }
    hg__y_key(&y, "Level");
    hg__y_str(&y, d->is_error ? "Error" : "Warning", YAML_PLAIN_SCALAR_STYLE);
    hg__y_key(&y, "BuildDirectory");
    hg__y_text(&y, d->build_dir, "a build directory");
    hg__y_map(&y, false);
  }
  hg__y_seq(&y, false, false);
  hg__y_map(&y, false);
  hg__y_emit(&y, &ev, yaml_document_end_event_initialize(&ev, 0));
  hg__y_emit(&y, &ev, yaml_stream_end_event_initialize(&ev));
  if (y.ok && !yaml_emitter_flush(&y.e)) y.ok = false;
  yaml_emitter_delete(&y.e);

  bool ok = y.ok;
  if (!ok) {
    if (err) fprintf(err, "error: cannot export fixes: %s\n", y.error ? y.error : "YAML error");
  } else if (fwrite(text.s, 1, text.n, out) != text.n || fflush(out) != 0) {
    if (err) fprintf(err, "error: cannot export fixes: %s\n", strerror(errno));
    ok = false;
  }
  free(y.error);
  free(text.s);
  return ok;
}

bool hg_fixes_export_yaml(hg_fixes *fx, const char *path, const char *main_source_file,
                          FILE *err) {
  hg_fixes_resolve(fx);
  if (fx->norder == 0) return true;
  /* Produced in memory first: a representation error leaves the file alone. */
  char *text = NULL;
  size_t len = 0;
  FILE *mem = open_memstream(&text, &len);
  if (!mem) abort();
  bool ok = hg_fixes_write_yaml(fx, mem, main_source_file, err);
  fclose(mem);
  if (ok) {
    bool to_stdout = strcmp(path, "-") == 0;
    FILE *out = to_stdout ? stdout : fopen(path, "w");
    if (!out) {
      if (err) fprintf(err, "Error opening output file: %s\n", strerror(errno));
      ok = false;
    } else {
      ok = fwrite(text, 1, len, out) == len;
      ok = (to_stdout ? fflush(out) : fclose(out)) == 0 && ok;
      if (!ok && err) fprintf(err, "error: cannot write %s: %s\n", path, strerror(errno));
    }
  }
  free(text);
  return ok;
}

/* ---- snippets with fix-it hints (clang 19's TextDiagnostic) ---------------------------------- */

#define HG__TAB_STOP 8
#define HG__MAX_LINE 4096
#define HG__MAX_LINES 16


/* llvm::sys::locale::columnWidth: -1 for a non-printable character, -2 for
 * invalid UTF-8. */
static int hg__column_width(const char *s, size_t n) {
  int w = 0;
  uint32_t cp;
  for (size_t i = 0; i < n;) {
    size_t k = hg_utf8_decode((const unsigned char *)s + i, n - i, &cp);
    if (!k) return -2;
    if (hg_cp_is_unprintable(cp)) return -1;
    w += hg_cp_width(cp);
    i += k;
  }
  return w;
}

/* The display form of the character at line[*i] (clang's
 * printableTextForNextCharacter); advances *i, returns its columns.  A tab
 * goes to the next stop counted in bytes since the previous tab, as clang
 * counts. */
static int hg__printable(hg__buf *t, const char *line, size_t len, size_t *i) {
  const unsigned char *s = (const unsigned char *)line + *i;
  char buf[16];
  uint32_t cp;
  if (*s == '\t') {
    size_t bytes = 0, j = *i;
    while (j > 0 && line[--j] != '\t') bytes++;
    int w = HG__TAB_STOP - (int)(bytes % HG__TAB_STOP);
    hg__buf_put(t, "        ", (size_t)w);
    (*i)++;
    return w;
  }
  size_t n = hg_utf8_decode(s, len - *i, &cp);
  if (n == 0) {
    snprintf(buf, sizeof buf, "<%02X>", *s);
    hg__buf_put(t, buf, 4);
    (*i)++;
    return 4;
  }
  *i += n;
  if (hg_cp_is_unprintable(cp)) {
    int w = snprintf(buf, sizeof buf, "<U+%04X>", (unsigned)cp);
    hg__buf_put(t, buf, (size_t)w);
    return w;
  }
  hg__buf_put(t, (const char *)s, n);
  return hg_cp_width(cp);
}

/* A source line as displayed, with clang's byte -> column map. */
typedef struct hg__colmap {
  const char *line;
  size_t len;
  int *col;            /* [len + 1]: column of the character starting at each byte, -1 inside one */
  hg__buf shown;
} hg__colmap;

static void hg__colmap_init(hg__colmap *m, const char *line, size_t len) {
  memset(m, 0, sizeof *m);
  m->line = line;
  m->len = len;
  m->col = hg__xrealloc(NULL, (len + 1) * sizeof *m->col);
  for (size_t i = 0; i <= len; i++) m->col[i] = -1;
  hg__buf_put(&m->shown, "", 0);
  int c = 0;
  for (size_t i = 0; i < len;) {
    m->col[i] = c;
    c += hg__printable(&m->shown, line, len, &i);
  }
  m->col[len] = c;
}

static void hg__colmap_free(hg__colmap *m) {
  free(m->col);
  free(m->shown.s);
}

static int hg__containing_col(const hg__colmap *m, size_t b) {
  if (b > m->len) b = m->len;
  while (m->col[b] < 0) b--;
  return m->col[b];
}

static size_t hg__next_start(const hg__colmap *m, size_t b) {
  b++;
  while (b < m->len && m->col[b] < 0) b++;
  return b;
}

static size_t hg__prev_start(const hg__colmap *m, size_t b) {
  b--;
  while (b > 0 && m->col[b] < 0) b--;
  return b;
}

/* Lines of a buffer, clang's way (\n, \r\n and a lone \r end a line). */
typedef struct hg__lines {
  const char *data;
  size_t len;
  size_t *start;
  size_t n;
} hg__lines;

static void hg__lines_init(hg__lines *l, const char *data, size_t len) {
  size_t cap = 64;
  l->data = data;
  l->len = len;
  l->n = 0;
  l->start = hg__xrealloc(NULL, cap * sizeof *l->start);
  l->start[l->n++] = 0;
  for (size_t i = 0; i < len; i++) {
    if (data[i] != '\n' && data[i] != '\r') continue;
    if (data[i] == '\r' && i + 1 < len && data[i + 1] == '\n') i++;
    if (l->n == cap) l->start = hg__xrealloc(l->start, (cap *= 2) * sizeof *l->start);
    l->start[l->n++] = i + 1;
  }
}

/* 1-based line of a byte offset. */
static uint32_t hg__line_of(const hg__lines *l, size_t off) {
  size_t lo = 0, hi = l->n;
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if (l->start[mid] <= off) lo = mid;
    else hi = mid;
  }
  return (uint32_t)(lo + 1);
}

/* clang's SourceManager::getColumnNumber, 0-based, for `off` on line `ln`
 * while its line cache holds line `cached`: with the cache on the same line,
 * the \n of a \r\n counts as the \r's column; otherwise clang scans back to
 * the previous \n or \r, so that \n is at column 0. */
static size_t hg__clang_col0(const hg__lines *l, size_t off, uint32_t ln, uint32_t cached) {
  const char *data = l->data;
  if (cached == ln && ln < l->n) {
    size_t start = l->start[ln - 1], next = l->start[ln];
    if (off + 1 == next && off > start && (data[off - 1] == '\r' || data[off - 1] == '\n')) off--;
    return off - start;
  }
  size_t ls = off;
  while (ls > 0 && data[ls - 1] != '\n' && data[ls - 1] != '\r') ls--;
  return off - ls;
}


static bool hg__ident_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '$';
}

static bool hg__space_char(char c) {
  return c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == '\n' || c == '\r';
}

/* Whether two characters may touch without forming one token (clang's
 * canBeJoined). */
static bool hg__can_join(char left, char right) {
  return !(hg__ident_char(left) && hg__ident_char(right));
}

/* Whether the newline at data[i] is escaped by a backslash (clang's
 * Lexer::isNewLineEscaped). */
static bool hg__newline_escaped(const char *data, size_t i) {
  if (i == 0) return false;
  if ((data[i] == '\n' && data[i - 1] == '\r') || (data[i] == '\r' && data[i - 1] == '\n')) {
    if (i < 2) return false;
    i--;
  }
  i--;
  while (i > 0 && (data[i] == ' ' || data[i] == '\t' || data[i] == '\f' || data[i] == '\v')) i--;
  return data[i] == '\\';
}

/* Length of the C token at data[i] as clang's raw lexer (comments kept)
 * sees it: comments, string and character literals, identifiers, numbers
 * (pp-numbers) and the longest punctuator. */
static size_t hg__token_length(const char *data, size_t len, size_t i) {
  static const char *const punct[] = {"%:%:", "...", "<<=", ">>=", "->", "++", "--", "<<", ">>",
                                      "<=", ">=", "==", "!=", "&&", "||", "*=", "/=", "%=", "+=",
                                      "-=", "&=", "^=", "|=", "##", "::", "<:", ":>", "<%", "%>",
                                      "%:"};
  size_t j = i;
  char c = data[i];
  if (c == '/' && i + 1 < len && data[i + 1] == '/') {
    while (j < len && !((data[j] == '\n' || data[j] == '\r') && !hg__newline_escaped(data, j))) j++;
    return j - i;
  }
  if (c == '/' && i + 1 < len && data[i + 1] == '*') {
    for (j = i + 2; j + 1 < len && !(data[j] == '*' && data[j + 1] == '/'); j++) {}
    return (j + 1 < len ? j + 2 : len) - i;
  }
  if (c == '"' || c == '\'') {
    for (j = i + 1; j < len && data[j] != c && data[j] != '\n' && data[j] != '\r'; j++)
      if (data[j] == '\\' && j + 1 < len) j++;
    return (j < len && data[j] == c ? j + 1 : j) - i;
  }
  if (hg__ident_char(c) && !(c >= '0' && c <= '9')) {
    while (j < len && hg__ident_char(data[j])) j++;
    return j - i;
  }
  if ((c >= '0' && c <= '9') || (c == '.' && i + 1 < len && data[i + 1] >= '0' && data[i + 1] <= '9')) {
    for (j = i + 1; j < len; j++) {
      char d = data[j];
      if ((d == '+' || d == '-') && strchr("eEpP", data[j - 1])) continue;
      if (!hg__ident_char(d) && d != '.') break;
    }
    return j - i;
  }
  for (size_t k = 0; k < sizeof punct / sizeof *punct; k++) {
    size_t n = strlen(punct[k]);
    if (i + n <= len && memcmp(data + i, punct[k], n) == 0) return n;
  }
  return 1;
}

/* Whether a token starts at `pos`, the way clang's Lexer::GetBeginningOfToken
 * decides it: relex from the beginning of the (logical) line and find the
 * token that covers `pos`; a position in whitespace counts as a start. */
static bool hg__token_starts_at(const char *data, size_t len, size_t pos) {
  if (pos >= len) return true;
  size_t start = pos;
  for (; start > 0; start--)
    if ((data[start] == '\n' || data[start] == '\r') && !hg__newline_escaped(data, start)) {
      start++;
      break;
    }
  if (start == pos) return true;
  for (size_t i = start; i < len;) {
    char c = data[i];
    if (c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == '\n' || c == '\r' ||
        (c == '\\' && i + 1 < len && (data[i + 1] == '\n' || data[i + 1] == '\r'))) {
      i++;
      if (i > pos) return true;
      continue;
    }
    size_t n = hg__token_length(data, len, i);
    if (i + n > pos) return i == pos || i > pos;
    i += n;
  }
  return true;
}

/* clang's adjustRemoval: a removal that starts a token takes the space after
 * it when that leaves the text tidy, or becomes a space when the tokens on
 * either side would otherwise run together. */
static void hg__adjust_removal(const char *data, size_t len, hg__hint *h) {
  size_t begin = h->begin, end = h->end;
  if (!hg__token_starts_at(data, len, begin)) return;
  if (end >= len) return;
  if (begin == 0) {
    if (data[end] == ' ') h->end++;
    return;
  }
  if (data[end] == ' ') {
    char left = data[begin - 1], before = data[end - 1], right = end + 1 < len ? data[end + 1] : '\0';
    bool can = hg__can_join(left, right) &&
               (hg__space_char(left) || hg__space_char(right) || !hg__can_join(before, right));
    if (can) h->end++;
    return;
  }
  if (!hg__can_join(data[begin - 1], data[end])) hg__buf_puts(&h->text, " ");
}

typedef struct hg__edit_entry {
  size_t offset, remove;
  hg__buf text;
} hg__edit_entry;

static int hg__entry_cmp(const void *pa, const void *pb) {
  const hg__edit_entry *a = pa, *b = pb;
  return a->offset < b->offset ? -1 : a->offset > b->offset;
}

/* Merges a diagnostic's fix-its as clang does before it shows them
 * (DiagnosticRenderer's mergeFixits through edit::EditedSource): edits at one
 * offset combine (insertions first, in order), and an edit that starts where
 * the first edit of a run ends joins the run (clang never moves the run's
 * end further).  Pure removals then go through adjustRemoval. */
static size_t hg__merge_hints(const char *data, size_t len, const hg_fix_hint *in, size_t n,
                              hg__hint **out) {
  hg__edit_entry *e = NULL;
  size_t ne = 0, cap = 0;
  *out = NULL;
  /* clang drops every hint of a diagnostic when one cannot be placed */
  for (size_t i = 0; i < n; i++)
    if (in[i].text && (in[i].begin > in[i].end || in[i].end > len)) return 0;
  for (size_t i = 0; i < n; i++) {
    if (!in[i].text) continue;
    hg__edit_entry *x = NULL;
    for (size_t k = 0; k < ne && !x; k++)
      if (e[k].offset == in[i].begin) x = &e[k];
    if (!x) {
      HG__GROW(e, ne, cap);
      x = &e[ne++];
      memset(x, 0, sizeof *x);
      x->offset = in[i].begin;
      hg__buf_put(&x->text, "", 0);
    }
    size_t rm = in[i].end - in[i].begin;
    if (rm > x->remove) x->remove = rm;
    hg__buf_puts(&x->text, in[i].text);
  }
  if (ne) qsort(e, ne, sizeof *e, hg__entry_cmp);
  hg__hint *h = hg__xrealloc(NULL, (ne ? ne : 1) * sizeof *h);
  size_t nh = 0, run_end = 0;
  for (size_t k = 0; k < ne; k++) {
    if (nh && e[k].offset == run_end) {
      hg__buf_put(&h[nh - 1].text, e[k].text.s, e[k].text.n);
      h[nh - 1].end += e[k].remove;
      free(e[k].text.s);
      continue;
    }
    h[nh].begin = e[k].offset;
    h[nh].end = e[k].offset + e[k].remove;
    h[nh].text = e[k].text;
    h[nh].fixit = true;
    run_end = h[nh].end;
    nh++;
  }
  free(e);
  for (size_t k = 0; k < nh; k++)
    if (h[k].text.n == 0 && h[k].end > h[k].begin) hg__adjust_removal(data, len, &h[k]);
  *out = h;
  return nh;
}

static unsigned hg__digits(unsigned long v) {
  unsigned d = 1;
  while (v >= 10) v /= 10, d++;
  return d;
}

/* clang's maybeAddRange: grows the inclusive line range [*a1, *a2] towards
 * [b1, b2] without passing `max` lines. */
static void hg__add_lines(uint32_t *a1, uint32_t *a2, uint32_t b1, uint32_t b2, uint32_t max) {
  uint32_t slack = max - (*a2 - *a1 + 1);
  if (slack == 0) return;
  uint32_t lo = *a1 < b1 ? *a1 : b1, hi = *a2 > b2 ? *a2 : b2;
  if (hi - lo + 1 <= max) {
    *a1 = lo, *a2 = hi;
    return;
  }
  if ((b1 > *a1 && b1 - *a1 + 1 > max) || (b2 < *a2 && *a2 - b2 + 1 > max)) return;
  *a2 = *a2 + (slack + 1) / 2 < hi ? *a2 + (slack + 1) / 2 : hi;
  slack = max - (*a2 - *a1 + 1);
  *a1 = (lo + slack > *a1 ? lo + slack : *a1) - slack;
  *a2 = *a1 + max - 1 < hi ? *a1 + max - 1 : hi;
}

/* clang's highlightRange: ~ under bytes [sb, eb) of the line, leading and
 * trailing blanks of the range left out. */
static void hg__highlight(hg__buf *caret, const hg__colmap *m, size_t sb, size_t eb) {
  while (sb < m->len && (m->line[sb] == ' ' || m->line[sb] == '\t')) sb = hg__next_start(m, sb);
  if (eb > m->len) eb = m->len;
  while (eb != 0 && (m->line[eb - 1] == ' ' || m->line[eb - 1] == '\t')) eb = hg__prev_start(m, eb);
  if (sb > eb) return;
  size_t sc = (size_t)hg__containing_col(m, sb), ec = (size_t)hg__containing_col(m, eb);
  if (caret->n < ec) hg__buf_resize(caret, ec, ' ');
  if (ec > sc) memset(caret->s + sc, '~', ec - sc);
}

/* clang's expandTabs on the fix-it line. */
static void hg__expand_tabs(hg__buf *b) {
  for (size_t i = b->n; i > 0;) {
    i--;
    if (b->s[i] != '\t') continue;
    hg__buf sp = {0};
    size_t j = i;
    hg__printable(&sp, b->s, b->n, &j);
    hg__buf rest = {0};
    hg__buf_put(&rest, b->s + i + 1, b->n - i - 1);
    b->n = i;
    hg__buf_put(b, sp.s, sp.n);
    hg__buf_put(b, rest.s ? rest.s : "", rest.n);
    free(sp.s);
    free(rest.s);
  }
}

void hg_fix_render_snippet(FILE *out, const char *data, size_t len, uint32_t line, uint32_t col,
                           const hg_fix_hint *hints, size_t nhints) {
  if (!data || line == 0 || col > HG__MAX_LINE) return;
  if (col == 0) col = 1;
  hg__lines L;
  hg__lines_init(&L, data, len);

  /* The diagnostic's highlighted ranges, then its merged fix-its. */
  hg__hint *merged = NULL;
  size_t nmerged = hg__merge_hints(data, len, hints, nhints, &merged);
  size_t nranges = 0;
  hg__hint *ranges = hg__xrealloc(NULL, (nhints + nmerged + 1) * sizeof *ranges);
  for (size_t i = 0; i < nhints; i++)
    if (!hints[i].text && hints[i].begin <= hints[i].end && hints[i].end <= len)
      ranges[nranges++] = (hg__hint){hints[i].begin, hints[i].end, {0}, false};
  for (size_t i = 0; i < nmerged; i++) ranges[nranges++] = merged[i];

  uint32_t first = line, last = line, display = line;
  for (size_t i = 0; i < nranges; i++) {
    uint32_t lb = hg__line_of(&L, ranges[i].begin), le = hg__line_of(&L, ranges[i].end);
    hg__add_lines(&first, &last, lb, le, HG__MAX_LINES);
    if (lb < display) display = lb;
  }
  unsigned width = hg__digits((unsigned long)display + HG__MAX_LINES);
  if (width < 4) width = 4;

  for (uint32_t ln = first; ln <= last; ln++, display++) {
    if (ln > L.n || L.start[ln - 1] == len) break;
    size_t ls = L.start[ln - 1], le = ls;
    while (le < len && data[le] != '\n' && data[le] != '\r') le++;
    if (le - ls > HG__MAX_LINE) break;
    size_t sl = le - ls;
    while (sl > 0 && data[ls + sl - 1] == '\0' && (ln != line || sl > col)) sl--;
    hg__colmap map;
    hg__colmap_init(&map, data + ls, sl);

    hg__buf caret = {0};
    hg__buf_put(&caret, "", 0);
    for (size_t i = 0; i < nranges; i++) {
      uint32_t lb = hg__line_of(&L, ranges[i].begin), lend = hg__line_of(&L, ranges[i].end);
      if (lb > last || lend < first) continue;
      /* clang asks for both columns with its line cache on the end's line */
      size_t sb = hg__clang_col0(&L, ranges[i].begin, lb, lend);
      size_t eb = hg__clang_col0(&L, ranges[i].end, lend, lend);
      if (lb == lend) {
        if (ln == lb) hg__highlight(&caret, &map, sb, eb);
      } else if (ln == lb) {
        hg__highlight(&caret, &map, sb, SIZE_MAX);
      } else if (ln == lend) {
        hg__highlight(&caret, &map, 0, eb);
      } else if (ln > lb && ln < lend) {
        hg__highlight(&caret, &map, 0, SIZE_MAX);
      }
    }
    if (ln == line) {
      size_t c = (size_t)hg__containing_col(&map, col - 1);
      if (caret.n < c + 1) hg__buf_resize(&caret, c + 1, ' ');
      caret.s[c] = '^';
    }

    /* The fix-it line: each insertion on this line, at its column. */
    hg__buf fix = {0};
    hg__buf_put(&fix, "", 0);
    /* clang 19 computes this in unsigned: a hint whose text has a tab (width
     * -1) wraps around, and so does what follows it. */
    unsigned prev_end = 0;
    for (size_t i = 0; i < nmerged; i++) {
      const hg__hint *h = &merged[i];
      if (h->text.n == 0 || hg__line_of(&L, h->begin) != ln || strpbrk(h->text.s, "\n\r")) continue;
      unsigned hc = (unsigned)hg__containing_col(&map, hg__clang_col0(&L, h->begin, ln, ln));
      if (hc < prev_end) hc = prev_end + 1;
      unsigned size = (unsigned)fix.n + (hc - prev_end) + (unsigned)h->text.n;
      if (size > fix.n) hg__buf_resize(&fix, size, ' ');
      if (fix.n >= h->text.n) memcpy(fix.s + fix.n - h->text.n, h->text.s, h->text.n);
      prev_end = hc + (unsigned)hg__column_width(h->text.s, h->text.n);
    }
    hg__expand_tabs(&fix);

    fprintf(out, "%*s%u | %s\n", (int)(width - hg__digits(display) + 1), "", (unsigned)display,
            map.shown.s);
    if (caret.n) fprintf(out, "%*s| %s\n", (int)(width + 2), "", caret.s);
    if (fix.n) fprintf(out, "%*s| %s\n", (int)(width + 2), "", fix.s);
    free(caret.s);
    free(fix.s);
    hg__colmap_free(&map);
  }
  for (size_t i = 0; i < nmerged; i++) free(merged[i].text.s);
  free(merged);
  free(ranges);
  free(L.start);
}

/* ---- what the CLI prints around a diagnostic ------------------------------------------- */

const hg_fix_hint *hg_fixes_hints(hg_fixes *fx, size_t id, size_t *n) {
  hg__diag *d = hg__canon(fx, id);
  *n = 0;
  if (!d) return NULL;
  if (!d->hints_built) {
    d->hints_built = true;
    bool dropped = d->status == HG_FIX_STATUS_OVERLAP || d->status == HG_FIX_STATUS_MALFORMED;
    if (!dropped && d->msg.file >= 0 && d->msg.nrepls) {
      d->hints = hg__xrealloc(NULL, d->msg.nrepls * sizeof *d->hints);
      for (size_t r = 0; r < d->msg.nrepls; r++) {
        const hg__repl *x = &d->msg.repls[r];
        if (x->file != (uint32_t)d->msg.file) continue;
        d->hints[d->nhints++] = (hg_fix_hint){x->offset, (size_t)x->offset + x->length, x->text};
      }
    }
  }
  *n = d->nhints;
  return d->hints;
}

bool hg_fixes_print_snippet(FILE *out, hg_fixes *fx, size_t id) {
  size_t n;
  const hg_fix_hint *hints = hg_fixes_hints(fx, id, &n);
  hg__diag *d = hg__canon(fx, id);
  if (!n || !d || d->msg.file < 0) return false;
  hg__file *f = &fx->files[d->msg.file];
  uint32_t line, col;
  if (!f->have || !hg__msg_line_col(fx, &d->msg, &line, &col)) return false;
  hg_fix_render_snippet(out, f->data, f->len, line, col, hints, n);
  return true;
}

void hg_fixes_print_fix_notes(FILE *out, hg_fixes *fx, size_t id, hg_fix_mode mode) {
  hg__diag *d = hg__canon(fx, id);
  hg__msg *fix = d ? hg__chosen(d, mode) : NULL;
  if (!fix) return;
  int32_t last_file = d->msg.file;
  uint32_t last_offset = d->msg.offset;
  for (size_t r = 0; r < fix->nrepls; r++) {
    const hg__repl *x = &fix->repls[r];
    hg__file *f = &fx->files[x->file];
    const char *what = x->written ? "FIX-IT applied suggested code changes" : "FIX-IT detected an error";
    uint32_t line, col;
    bool known = hg__file_line_col(f, x->offset, &line, &col);
    if (known) fprintf(out, "%s:%u:%u: note: %s\n", f->path, (unsigned)line, (unsigned)col, what);
    else fprintf(out, "%s: note: %s\n", f->path, what);
    /* clang shows no snippet for a note where the previous line pointed */
    if (known && !((int32_t)x->file == last_file && x->offset == last_offset))
      hg_fix_render_snippet(out, f->data, f->len, line, col, NULL, 0);
    last_file = (int32_t)x->file;
    last_offset = x->offset;
  }
}

void hg_fixes_print_dropped_note(FILE *out, hg_fixes *fx, size_t id) {
  hg__diag *d = hg__canon(fx, id);
  if (!d) return;
  if (d->status == HG_FIX_STATUS_OVERLAP)
    fprintf(out, "note: %s\n", HG_FIXES_OVERLAP_NOTE);
  else if (d->status == HG_FIX_STATUS_MALFORMED)
    fprintf(out, "note: this fix will not be applied because it is malformed: %s\n",
            d->problem ? d->problem : "");
}
