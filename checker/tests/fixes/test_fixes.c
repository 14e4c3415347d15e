/*
 * test_fixes.c - checker/fixes.c: collecting, resolving, applying and
 * exporting fix-its, and clang's fix-it hint lines.
 *
 *   hg-fixes-test                      unit tests and the snippet goldens
 *   hg-fixes-test car <tool>           the exported YAML applied by
 *                                      clang-apply-replacements (exit 77, a
 *                                      skip, when <tool> is missing)
 *
 * The goldens in render/ are clang-tidy 19's own output for the same
 * diagnostics (render/tools/gen_goldens.py says how they were made).
 */
#define _XOPEN_SOURCE 700

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <yaml.h>

#include <cmocka.h>

#include "fixes.h"

#ifndef HG_FIXES_TESTDATA
#error "HG_FIXES_TESTDATA must name checker/tests/fixes"
#endif

extern int hg__fixes_test_fail_before_rename;

static const char *g_car_tool;

/* ---- helpers ------------------------------------------------------------------------ */

static char *xasprintf(const char *fmt, ...) {
  va_list ap, ap2;
  va_start(ap, fmt);
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  char *s = malloc((size_t)n + 1);
  assert_non_null(s);
  vsnprintf(s, (size_t)n + 1, fmt, ap2);
  va_end(ap2);
  return s;
}

static char *read_all(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 4096, n = 0;
  char *s = malloc(cap);
  size_t r;
  while ((r = fread(s + n, 1, cap - n - 1, f)) > 0) {
    n += r;
    if (cap - n < 2) s = realloc(s, cap *= 2);
  }
  fclose(f);
  s[n] = '\0';
  if (len) *len = n;
  return s;
}

static void write_all(const char *path, const char *data, size_t len) {
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(data, 1, len, f), len);
  assert_int_equal(fclose(f), 0);
}

static void write_str(const char *path, const char *s) { write_all(path, s, strlen(s)); }

static void assert_file_is(const char *path, const char *expected) {
  char *got = read_all(path, NULL);
  assert_non_null(got);
  assert_string_equal(got, expected);
  free(got);
}

/* A fresh directory for one test, removed (with its files) afterwards. */
static char *make_dir(const char *label) {
  const char *tmp = getenv("TMPDIR");
  char *tmpl = xasprintf("%s/hg-fixes-%s-XXXXXX", tmp && *tmp ? tmp : "/tmp", label);
  assert_non_null(mkdtemp(tmpl));
  return tmpl;
}

static void remove_tree(const char *dir) {
  DIR *d = opendir(dir);
  if (!d) return;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
    char *p = xasprintf("%s/%s", dir, e->d_name);
    struct stat st;
    if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
      chmod(p, 0700);
      remove_tree(p);
    } else {
      unlink(p);
    }
    free(p);
  }
  closedir(d);
  rmdir(dir);
}

/* Sorted names in a directory, one per line. */
static char *list_dir(const char *dir) {
  DIR *d = opendir(dir);
  assert_non_null(d);
  char *names[64];
  size_t n = 0;
  struct dirent *e;
  while ((e = readdir(d)))
    if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") && n < 64) names[n++] = strdup(e->d_name);
  closedir(d);
  for (size_t i = 1; i < n; i++)
    for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
      char *t = names[j];
      names[j] = names[j - 1];
      names[j - 1] = t;
    }
  size_t len = 1;
  for (size_t i = 0; i < n; i++) len += strlen(names[i]) + 1;
  char *s = malloc(len);
  s[0] = '\0';
  for (size_t i = 0; i < n; i++) {
    strcat(s, names[i]);
    strcat(s, "\n");
    free(names[i]);
  }
  return s;
}

/* Output captured in memory. */
typedef struct capture {
  char *text;
  size_t len;
  FILE *f;
} capture;

static void cap_open(capture *c) {
  c->text = NULL;
  c->len = 0;
  c->f = open_memstream(&c->text, &c->len);
  assert_non_null(c->f);
}

static char *cap_close(capture *c) {
  fclose(c->f);
  return c->text;
}

/* clang's 1-based line and byte column of an offset (\n, \r\n, lone \r). */
static void line_col(const char *data, size_t off, unsigned *line, unsigned *col) {
  *line = 1;
  *col = 1;
  for (size_t i = 0; i < off; i++) {
    if (data[i] == '\n' || data[i] == '\r') {
      if (data[i] == '\r' && i + 1 < off && data[i + 1] == '\n') i++;
      ++*line;
      *col = 1;
    } else {
      ++*col;
    }
  }
}

static char *replace_all(const char *s, const char *from, const char *to) {
  size_t nf = strlen(from), nt = strlen(to), n = 0;
  for (const char *p = s; (p = strstr(p, from)); p += nf) n++;
  char *out = malloc(strlen(s) + n * (nt > nf ? nt - nf : 0) + 1), *o = out;
  for (const char *p = s;;) {
    const char *q = strstr(p, from);
    if (!q) {
      strcpy(o, p);
      break;
    }
    memcpy(o, p, (size_t)(q - p));
    o += q - p;
    memcpy(o, to, nt);
    o += nt;
    p = q + nf;
  }
  return out;
}

/* Reports the first differing line of two texts before failing. */
static void assert_text_equal(const char *what, const char *got, const char *want) {
  if (strcmp(got, want) == 0) return;
  const char *g = got, *w = want;
  unsigned line = 1;
  while (*g && *w && *g == *w) {
    if (*g == '\n') line++;
    g++, w++;
  }
  print_error("%s differs at line %u\n--- expected ---\n%s--- got ---\n%s----\n", what, line, want, got);
  fail();
}

/* ---- snippet goldens ------------------------------------------------------------------ */

typedef struct spec_diag {
  size_t offset;
  char check[128];
  char message[512];
  hg_fix_hint hints[32];   /* fix-its (text != NULL) and highlighted ranges */
  size_t nhints;
} spec_diag;

static char *unescape(const char *s) {
  char *o = malloc(strlen(s) + 1), *p = o;
  for (; *s; s++) {
    if (*s != '\\' || !s[1]) {
      *p++ = *s;
      continue;
    }
    s++;
    if (*s == 'n') *p++ = '\n';
    else if (*s == 't') *p++ = '\t';
    else if (*s == 's') *p++ = ' ';
    else if (*s != 'e') *p++ = *s;
  }
  *p = '\0';
  return o;
}

/* A spec: "D <offset> [<check> <message>]", then its "F <begin> <end>
 * <text>" fix-its and "R <begin> <end>" ranges. */
static size_t read_spec(const char *path, spec_diag *d, size_t max) {
  char *text = read_all(path, NULL);
  assert_non_null(text);
  size_t n = 0;
  for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
    if (line[0] == 'D') {
      assert_true(n < max);
      spec_diag *x = &d[n++];
      memset(x, 0, sizeof *x);
      int used = 0;
      sscanf(line + 2, "%zu %n", &x->offset, &used);
      const char *rest = line + 2 + used;
      if (*rest) {
        sscanf(rest, "%127s %n", x->check, &used);
        snprintf(x->message, sizeof x->message, "%s", rest + used);
      } else {
        snprintf(x->check, sizeof x->check, "oracle-fixit");
        snprintf(x->message, sizeof x->message, "oracle %zu", n);
      }
    } else if (line[0] == 'F' || line[0] == 'R') {
      spec_diag *x = &d[n - 1];
      size_t b, e;
      char t[8192] = "";
      sscanf(line + 2, "%zu %zu %8191s", &b, &e, t);
      x->hints[x->nhints++] = (hg_fix_hint){b, e, line[0] == 'F' ? unescape(t) : NULL};
    }
  }
  free(text);
  return n;
}

static int by_offset(const void *a, const void *b) {
  const spec_diag *x = a, *y = b;
  if (x->offset != y->offset) return x->offset < y->offset ? -1 : 1;
  int c = strcmp(x->check, y->check);
  return c ? c : strcmp(x->message, y->message);
}

/* Runs one golden case the way handleguard-check would: collect, resolve,
 * (apply,) print each diagnostic with its snippet and notes. */
static void run_golden(const char *name, bool fix) {
  char *dir = make_dir("golden");
  char *src = xasprintf("%s/render/%s.c", HG_FIXES_TESTDATA, name);
  char *spec = xasprintf("%s/render/%s.spec", HG_FIXES_TESTDATA, name);
  char *want_path = xasprintf("%s/render/%s%s", HG_FIXES_TESTDATA, name, fix ? ".fix.expected" : ".expected");
  char *path = xasprintf("%s/%s.c", dir, name);
  size_t len;
  char *data = read_all(src, &len);
  assert_non_null(data);
  write_all(path, data, len);

  spec_diag diags[16];
  size_t n = read_spec(spec, diags, 16);
  qsort(diags, n, sizeof *diags, by_offset);

  hg_fixes *fx = hg_fixes_new();
  size_t ids[16];
  for (size_t i = 0; i < n; i++) {
    ids[i] = hg_fixes_add_diag(fx, diags[i].check, diags[i].message, path, (uint32_t)diags[i].offset,
                               false, dir);
    for (size_t h = 0; h < diags[i].nhints; h++)
      if (diags[i].hints[h].text)
        hg_fixes_add_replacement(fx, ids[i], HG_FIXES_DIAG, path, (uint32_t)diags[i].hints[h].begin,
                                 (uint32_t)(diags[i].hints[h].end - diags[i].hints[h].begin),
                                 diags[i].hints[h].text);
  }
  hg_fixes_resolve(fx);
  capture err;
  cap_open(&err);
  if (fix) hg_fixes_apply(fx, HG_FIX_DIAGS, err.f);

  capture out;
  cap_open(&out);
  for (size_t i = 0; i < n; i++) {
    unsigned line, col;
    line_col(data, diags[i].offset, &line, &col);
    fprintf(out.f, "%s:%u:%u: warning: %s [%s]\n", path, line, col, diags[i].message, diags[i].check);
    /* the diagnostic's ranges, then its fix-its as collected */
    hg_fix_hint all[64];
    size_t na = 0, nf;
    for (size_t h = 0; h < diags[i].nhints; h++)
      if (!diags[i].hints[h].text) all[na++] = diags[i].hints[h];
    const hg_fix_hint *fh = hg_fixes_hints(fx, ids[i], &nf);
    for (size_t h = 0; h < nf; h++) all[na++] = fh[h];
    hg_fix_render_snippet(out.f, data, len, line, col, all, na);
    if (fix) hg_fixes_print_fix_notes(out.f, fx, ids[i], HG_FIX_DIAGS);
    hg_fixes_print_dropped_note(out.f, fx, ids[i]);
  }
  if (fix) {
    fputs("-- stderr --\n", out.f);
    hg_fixes_print_summary(fx, out.f, "clang-tidy");
  }
  char *got = cap_close(&out);
  char *errs = cap_close(&err);
  assert_string_equal(errs, "");

  char *want_raw = read_all(want_path, NULL);
  assert_non_null(want_raw);
  char *want = replace_all(want_raw, "@FILE@", path);
  assert_text_equal(name, got, want);
  if (fix) {
    char *fixed_path = xasprintf("%s/render/%s.fixed", HG_FIXES_TESTDATA, name);
    char *fixed = read_all(fixed_path, NULL);
    assert_non_null(fixed);
    assert_file_is(path, fixed);
    free(fixed);
    free(fixed_path);
  }

  for (size_t i = 0; i < n; i++)
    for (size_t h = 0; h < diags[i].nhints; h++) free((char *)diags[i].hints[h].text);
  hg_fixes_free(fx);
  free(got);
  free(errs);
  free(want_raw);
  free(want);
  free(data);
  free(path);
  free(want_path);
  free(spec);
  free(src);
  remove_tree(dir);
  free(dir);
}

static const char *const g_show_cases[] = {
    "braces", "replace_on_line", "tab_in_hint", "crlf_range", "comment_removal", "merge_adjacent",
    "removal_join", "removal_join_tight", "removal_at_start", "out_of_range", "utf8_display",
    "many_lines", "hints_collide", "insert_at_eof", "two_edits", "crlf_at_lf", "real_checks"};
static const char *const g_fix_cases[] = {
    "braces", "replace_on_line", "comment_removal", "merge_adjacent", "removal_join",
    "removal_join_tight", "removal_at_start", "utf8_display", "insert_at_eof", "two_edits",
    "crlf_at_lf"};

static void test_golden_snippets(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof g_show_cases / sizeof *g_show_cases; i++) run_golden(g_show_cases[i], false);
}

static void test_golden_fix_notes(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof g_fix_cases / sizeof *g_fix_cases; i++) run_golden(g_fix_cases[i], true);
}

/* A plain snippet (no hints) is the usual source line and caret. */
static void test_snippet_plain(void **state) {
  (void)state;
  const char *src = "int main(void) {\n\tfree(h);\n}\n";
  capture c;
  cap_open(&c);
  hg_fix_render_snippet(c.f, src, strlen(src), 2, 2, NULL, 0);
  char *got = cap_close(&c);
  assert_string_equal(got, "    2 |         free(h);\n"
                           "      |         ^\n");
  free(got);
}

/* clang widens the line-number gutter from the 16 lines a snippet may show:
 * line 9995 gets five columns. */
static void test_snippet_gutter_width(void **state) {
  (void)state;
  size_t cap = 200000, n = 0;
  char *src = malloc(cap);
  for (int i = 1; i < 9995; i++) n += (size_t)sprintf(src + n, "int v%d;\n", i);
  size_t at = n + 8;
  n += (size_t)sprintf(src + n, "int w = 1 + 2;\n");
  hg_fix_hint h[] = {{at + 4, at + 5, "3"}, {at, at, "("}};
  capture c;
  cap_open(&c);
  hg_fix_render_snippet(c.f, src, n, 9995, 9, h, 2);
  char *got = cap_close(&c);
  assert_string_equal(got, "  9995 | int w = 1 + 2;\n"
                           "       |         ^   ~\n"
                           "       |         (   3\n");
  free(got);
  free(src);
}

/* Lines longer than 4096 bytes get no snippet at all. */
static void test_snippet_long_line(void **state) {
  (void)state;
  char *src = malloc(6000);
  int n = sprintf(src, "int f(void) {\n  /* ");
  memset(src + n, 'x', 5000);
  n += 5000;
  n += sprintf(src + n, " */ return 1;\n}\n");
  size_t at = (size_t)(strstr(src, "return") - src);
  hg_fix_hint h[] = {{at, at + 6, "yield"}};
  capture c;
  cap_open(&c);
  hg_fix_render_snippet(c.f, src, (size_t)n, 2, 5010, h, 1);
  char *got = cap_close(&c);
  assert_string_equal(got, "");
  free(got);
  free(src);
}

/* ---- applying ------------------------------------------------------------------------ */

typedef struct fixture {
  char *dir;
  char *a;   /* dir/a.c */
  char *b;   /* dir/b.c */
} fixture;

static int fx_setup(void **state) {
  fixture *f = calloc(1, sizeof *f);
  f->dir = make_dir("apply");
  f->a = xasprintf("%s/a.c", f->dir);
  f->b = xasprintf("%s/b.c", f->dir);
  write_str(f->a, "int alpha;\nint beta;\nint gamma;\n");
  write_str(f->b, "void f(void);\n");
  *state = f;
  return 0;
}

static int fx_teardown(void **state) {
  fixture *f = *state;
  remove_tree(f->dir);
  free(f->dir);
  free(f->a);
  free(f->b);
  free(f);
  hg__fixes_test_fail_before_rename = 0;
  return 0;
}

static size_t add1(hg_fixes *fx, const char *check, const char *path, uint32_t at, uint32_t off,
                   uint32_t len, const char *text) {
  size_t id = hg_fixes_add_diag(fx, check, "message", path, at, false, NULL);
  assert_true(hg_fixes_add_replacement(fx, id, HG_FIXES_DIAG, path, off, len, text));
  return id;
}

static void test_apply_several(void **state) {
  fixture *f = *state;
  hg_fixes *fx = hg_fixes_new();
  /* two diagnostics in one file, one of them with two replacements */
  size_t x = add1(fx, "handleguard-a", f->a, 4, 4, 5, "ALPHA");
  size_t y = hg_fixes_add_diag(fx, "handleguard-b", "m", f->a, 15, false, NULL);
  hg_fixes_add_replacement(fx, y, HG_FIXES_DIAG, f->a, 15, 4, "BETA");
  hg_fixes_add_replacement(fx, y, HG_FIXES_DIAG, f->a, 21, 0, "const ");
  size_t z = add1(fx, "handleguard-c", f->b, 0, 0, 0, "extern ");
  hg_fixes_resolve(fx);
  capture err;
  cap_open(&err);
  assert_int_equal(hg_fixes_apply(fx, HG_FIX_DIAGS, err.f), 0);
  hg_fixes_print_summary(fx, err.f, "handleguard-check");
  char *errs = cap_close(&err);
  assert_string_equal(errs, "handleguard-check applied 4 of 4 suggested fixes.\n");
  assert_file_is(f->a, "int ALPHA;\nint BETA;\nconst int gamma;\n");
  assert_file_is(f->b, "extern void f(void);\n");
  assert_int_equal(hg_fixes_status(fx, x), HG_FIX_STATUS_APPLIED);
  assert_int_equal(hg_fixes_status(fx, y), HG_FIX_STATUS_APPLIED);
  assert_int_equal(hg_fixes_status(fx, z), HG_FIX_STATUS_APPLIED);
  size_t applied, total;
  hg_fixes_counts(fx, &applied, &total);
  assert_int_equal(applied, 4);
  assert_int_equal(total, 4);
  free(errs);
  hg_fixes_free(fx);
}

/* One diagnostic reached from two translation units, and two diagnostics
 * proposing the same edit: each edit lands once. */
static void test_identical_once(void **state) {
  fixture *f = *state;
  hg_fixes *fx = hg_fixes_new();
  size_t tu1 = add1(fx, "handleguard-a", f->a, 4, 0, 0, "/* x */ ");
  size_t tu2 = add1(fx, "handleguard-a", f->a, 4, 0, 0, "/* x */ ");
  size_t other = add1(fx, "handleguard-b", f->a, 15, 0, 0, "/* x */ ");
  hg_fixes_resolve(fx);
  assert_int_equal(hg_fixes_status(fx, tu1), HG_FIX_STATUS_PENDING);
  assert_int_equal(hg_fixes_status(fx, tu2), HG_FIX_STATUS_PENDING);
  assert_int_equal(hg_fixes_status(fx, other), HG_FIX_STATUS_PENDING);
  assert_int_equal(hg_fixes_apply(fx, HG_FIX_DIAGS, stderr), 0);
  assert_file_is(f->a, "/* x */ int alpha;\nint beta;\nint gamma;\n");
  size_t applied, total;
  hg_fixes_counts(fx, &applied, &total);
  assert_int_equal(applied, 2);   /* the repeat from the second unit is merged away */
  assert_int_equal(total, 2);

  /* exported once: the second diagnostic does not repeat it */
  capture y;
  cap_open(&y);
  assert_true(hg_fixes_write_yaml(fx, y.f, f->a, stderr));
  char *yaml = cap_close(&y);
  const char *first = strstr(yaml, "ReplacementText");
  assert_non_null(first);
  assert_null(strstr(first + 1, "ReplacementText"));
  assert_non_null(strstr(yaml, "DiagnosticName: handleguard-b"));
  free(yaml);
  hg_fixes_free(fx);
}

static void test_overlap_rejected(void **state) {
  fixture *f = *state;
  hg_fixes *fx = hg_fixes_new();
  /* resolution order is file, offset: `first` wins over `later` */
  size_t later = add1(fx, "handleguard-b", f->a, 6, 5, 2, "XX");
  size_t first = add1(fx, "handleguard-a", f->a, 4, 4, 5, "ALPHA");
  size_t inside = add1(fx, "handleguard-c", f->a, 7, 7, 0, "!");        /* insertion inside ALPHA's range */
  size_t edge = add1(fx, "handleguard-d", f->a, 9, 9, 0, "_end");       /* at its end: fine */
  size_t twin = add1(fx, "handleguard-e", f->a, 10, 9, 0, "_other");    /* another text at the same point */
  hg_fixes_resolve(fx);
  assert_int_equal(hg_fixes_status(fx, first), HG_FIX_STATUS_PENDING);
  assert_int_equal(hg_fixes_status(fx, later), HG_FIX_STATUS_OVERLAP);
  assert_int_equal(hg_fixes_status(fx, inside), HG_FIX_STATUS_OVERLAP);
  assert_int_equal(hg_fixes_status(fx, edge), HG_FIX_STATUS_PENDING);
  assert_int_equal(hg_fixes_status(fx, twin), HG_FIX_STATUS_OVERLAP);
  assert_int_equal(hg_fixes_apply(fx, HG_FIX_DIAGS, stderr), 0);
  assert_file_is(f->a, "int ALPHA_end;\nint beta;\nint gamma;\n");

  capture c;
  cap_open(&c);
  hg_fixes_print_dropped_note(c.f, fx, later);
  hg_fixes_print_dropped_note(c.f, fx, first);
  char *notes = cap_close(&c);
  assert_string_equal(notes, "note: this fix will not be applied because it overlaps with another fix\n");
  free(notes);
  size_t n;
  hg_fixes_hints(fx, later, &n);
  assert_int_equal(n, 0);   /* no hint lines for a dropped fix */
  hg_fixes_free(fx);
}

/* A fix whose own replacements overlap is malformed: nothing of it is
 * applied, and the file is left as it was. */
static void test_malformed_untouched(void **state) {
  fixture *f = *state;
  struct stat before, after;
  assert_int_equal(stat(f->a, &before), 0);
  hg_fixes *fx = hg_fixes_new();
  size_t id = hg_fixes_add_diag(fx, "handleguard-a", "m", f->a, 4, false, NULL);
  hg_fixes_add_replacement(fx, id, HG_FIXES_DIAG, f->a, 4, 5, "X");
  hg_fixes_add_replacement(fx, id, HG_FIXES_DIAG, f->a, 6, 5, "Y");
  hg_fixes_resolve(fx);
  assert_int_equal(hg_fixes_status(fx, id), HG_FIX_STATUS_MALFORMED);
  assert_int_equal(hg_fixes_apply(fx, HG_FIX_DIAGS, stderr), 0);
  assert_file_is(f->a, "int alpha;\nint beta;\nint gamma;\n");
  assert_int_equal(stat(f->a, &after), 0);
  assert_int_equal(before.st_ino, after.st_ino);
  capture c;
  cap_open(&c);
  hg_fixes_print_dropped_note(c.f, fx, id);
  char *note = cap_close(&c);
  assert_string_equal(note, "note: this fix will not be applied because it is malformed: two of its "
                            "replacements overlap\n");
  free(note);
  hg_fixes_free(fx);
}

static void test_out_of_range(void **state) {
  fixture *f = *state;
  hg_fixes *fx = hg_fixes_new();
  /* one fix over two files; its range in a.c lies past the end: neither file changes */
  size_t id = hg_fixes_add_diag(fx, "handleguard-a", "m", f->a, 4, false, NULL);
  hg_fixes_add_replacement(fx, id, HG_FIXES_DIAG, f->b, 0, 0, "extern ");
  hg_fixes_add_replacement(fx, id, HG_FIXES_DIAG, f->a, 30, 10, "X");
  size_t ok = add1(fx, "handleguard-b", f->a, 15, 15, 4, "BETA");
  hg_fixes_resolve(fx);
  capture err;
  cap_open(&err);
  assert_int_equal(hg_fixes_apply(fx, HG_FIX_DIAGS, err.f), 1);
  char *errs = cap_close(&err);
  char *want = xasprintf("error: the fix of handleguard-a at %s:1:5 was not applied: replacement of "
                         "bytes 30-40 lies outside %s (32 bytes)\n", f->a, f->a);
  assert_string_equal(errs, want);
  assert_file_is(f->a, "int alpha;\nint BETA;\nint gamma;\n");
  assert_file_is(f->b, "void f(void);\n");
  assert_int_equal(hg_fixes_status(fx, id), HG_FIX_STATUS_FAILED);
  assert_int_equal(hg_fixes_status(fx, ok), HG_FIX_STATUS_APPLIED);

  capture c;
  cap_open(&c);
  hg_fixes_print_fix_notes(c.f, fx, id, HG_FIX_DIAGS);
  char *notes = cap_close(&c);
  char *want_notes = xasprintf("%s:1:1: note: FIX-IT detected an error\n"
                               "    1 | void f(void);\n"
                               "      | ^\n"
                               "%s:3:10: note: FIX-IT detected an error\n"
                               "    3 | int gamma;\n"
                               "      |          ^\n", f->b, f->a);
  assert_string_equal(notes, want_notes);
  free(notes);
  free(want_notes);
  free(errs);
  free(want);
  hg_fixes_free(fx);
}

static void test_changed_since_analysis(void **state) {
  fixture *f = *state;
  hg_fixes *fx = hg_fixes_new();
  size_t id = add1(fx, "handleguard-a", f->a, 4, 4, 5, "ALPHA");
  /* someone edits the file between analysis and --fix */
  write_str(f->a, "int alpha; /* edited */\nint beta;\nint gamma;\n");
  capture err;
  cap_open(&err);
  assert_int_equal(hg_fixes_apply(fx, HG_FIX_DIAGS, err.f), 1);
  hg_fixes_print_summary(fx, err.f, "handleguard-check");
  char *errs = cap_close(&err);
  char *want = xasprintf("error: %s changed since it was analysed; no fix was applied to %s\n"
                         "handleguard-check applied 0 of 1 suggested fixes.\n", f->a, f->a);
  assert_string_equal(errs, want);
  assert_file_is(f->a, "int alpha; /* edited */\nint beta;\nint gamma;\n");
  assert_int_equal(hg_fixes_status(fx, id), HG_FIX_STATUS_FAILED);
  free(errs);
  free(want);
  hg_fixes_free(fx);

  /* bytes registered by the caller (what the parser saw) count, not the disk's */
  fx = hg_fixes_new();
  const char *seen = "int alpha;\nint beta;\nint gamma;\n";
  assert_true(hg_fixes_expect_file(fx, "a.c", f->dir, seen, strlen(seen)));
  assert_false(hg_fixes_expect_file(fx, f->a, NULL, seen, strlen(seen)));
  add1(fx, "handleguard-a", f->a, 4, 4, 5, "ALPHA");
  assert_int_equal(hg_fixes_apply(fx, HG_FIX_DIAGS, NULL), 1);
  assert_file_is(f->a, "int alpha; /* edited */\nint beta;\nint gamma;\n");
  hg_fixes_free(fx);
}

static void test_file_vanished(void **state) {
  fixture *f = *state;
  hg_fixes *fx = hg_fixes_new();
  add1(fx, "handleguard-a", f->b, 0, 0, 0, "extern ");
  assert_int_equal(unlink(f->b), 0);
  capture err;
  cap_open(&err);
  assert_int_equal(hg_fixes_apply(fx, HG_FIX_DIAGS, err.f), 1);
  char *errs = cap_close(&err);
  assert_non_null(strstr(errs, "error: cannot open"));
  assert_non_null(strstr(errs, "No such file or directory"));
  assert_int_equal(access(f->b, F_OK), -1);   /* not recreated */
  free(errs);
  hg_fixes_free(fx);
}

static void test_mode_and_link_preserved(void **state) {
  fixture *f = *state;
  assert_int_equal(chmod(f->a, 0741), 0);
  char *link = xasprintf("%s/link.c", f->dir);
  assert_int_equal(symlink("b.c", link), 0);
  hg_fixes *fx = hg_fixes_new();
  add1(fx, "handleguard-a", f->a, 4, 4, 5, "ALPHA");
  add1(fx, "handleguard-b", link, 0, 0, 0, "extern ");   /* through the link */
  assert_int_equal(hg_fixes_apply(fx, HG_FIX_DIAGS, stderr), 0);
  struct stat st;
  assert_int_equal(stat(f->a, &st), 0);
  assert_int_equal(st.st_mode & 07777, 0741);
  assert_int_equal(st.st_uid, geteuid());
  assert_int_equal(lstat(link, &st), 0);
  assert_true(S_ISLNK(st.st_mode));
  assert_file_is(f->b, "extern void f(void);\n");
  free(link);
  hg_fixes_free(fx);
}

static void test_no_temporary_files(void **state) {
  fixture *f = *state;
  hg_fixes *fx = hg_fixes_new();
  add1(fx, "handleguard-a", f->a, 4, 4, 5, "ALPHA");
  assert_int_equal(hg_fixes_apply(fx, HG_FIX_DIAGS, stderr), 0);
  char *names = list_dir(f->dir);
  assert_string_equal(names, "a.c\nb.c\n");
  free(names);
  hg_fixes_free(fx);

  /* a failure right before the rename: original intact, temporary gone */
  hg__fixes_test_fail_before_rename = 1;
  fx = hg_fixes_new();
  add1(fx, "handleguard-a", f->b, 0, 0, 0, "extern ");
  capture err;
  cap_open(&err);
  assert_int_equal(hg_fixes_apply(fx, HG_FIX_DIAGS, err.f), 1);
  char *errs = cap_close(&err);
  assert_non_null(strstr(errs, "error: cannot rename"));
  assert_non_null(strstr(errs, "no fix was applied to"));
  assert_file_is(f->b, "void f(void);\n");
  names = list_dir(f->dir);
  assert_string_equal(names, "a.c\nb.c\n");
  free(names);
  free(errs);
  hg_fixes_free(fx);

  /* an unwritable directory (skipped as root, who may write anyway) */
  hg__fixes_test_fail_before_rename = 0;
  if (geteuid() != 0) {
    char *sub = xasprintf("%s/ro", f->dir), *file = xasprintf("%s/ro/c.c", f->dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    write_str(file, "int c;\n");
    assert_int_equal(chmod(sub, 0500), 0);
    fx = hg_fixes_new();
    add1(fx, "handleguard-a", file, 0, 0, 0, "static ");
    assert_int_equal(hg_fixes_apply(fx, HG_FIX_DIAGS, NULL), 1);
    assert_file_is(file, "int c;\n");
    names = list_dir(sub);
    assert_string_equal(names, "c.c\n");
    free(names);
    chmod(sub, 0700);
    hg_fixes_free(fx);
    free(sub);
    free(file);
  }
}

/* --fix-notes: a note's fix is applied when the diagnostic has none and it
 * is the only note with one. */
static void test_fix_notes(void **state) {
  fixture *f = *state;
  for (int mode = 0; mode < 2; mode++) {
    write_str(f->a, "int alpha;\nint beta;\nint gamma;\n");
    hg_fixes *fx = hg_fixes_new();
    size_t one = hg_fixes_add_diag(fx, "handleguard-a", "m", f->a, 4, false, NULL);
    size_t n0 = hg_fixes_add_note(fx, one, "plain note", f->a, 0);
    size_t n1 = hg_fixes_add_note(fx, one, "use ALPHA", f->a, 4);
    assert_int_equal(n0, 0);
    assert_int_equal(n1, 1);
    assert_true(hg_fixes_add_replacement(fx, one, n1, f->a, 4, 5, "ALPHA"));
    assert_false(hg_fixes_add_replacement(fx, one, 7, f->a, 4, 5, "ALPHA"));
    size_t two = hg_fixes_add_diag(fx, "handleguard-b", "m", f->a, 15, false, NULL);
    hg_fixes_add_note(fx, two, "either", f->a, 15);
    hg_fixes_add_note(fx, two, "or", f->a, 15);
    hg_fixes_add_replacement(fx, two, 0, f->a, 15, 4, "BETA");
    hg_fixes_add_replacement(fx, two, 1, f->a, 15, 4, "B");
    /* the first note's fix still takes part in the overlap check */
    size_t three = add1(fx, "handleguard-c", f->a, 16, 16, 1, "E");
    assert_int_equal(hg_fixes_apply(fx, mode ? HG_FIX_NOTES : HG_FIX_DIAGS, stderr), 0);
    assert_int_equal(hg_fixes_status(fx, three), HG_FIX_STATUS_OVERLAP);
    assert_file_is(f->a, mode ? "int ALPHA;\nint beta;\nint gamma;\n" : "int alpha;\nint beta;\nint gamma;\n");
    size_t applied, total;
    hg_fixes_counts(fx, &applied, &total);
    assert_int_equal(applied, mode ? 1 : 0);
    assert_int_equal(total, mode ? 1 : 0);
    hg_fixes_free(fx);
  }
}

/* The rule engine's diagnostics: check name, paths relative to the build
 * directory, line and column checked against the offset. */
static void test_from_rule_engine(void **state) {
  fixture *f = *state;
  hg_model *m = hg_model_new("a.c");
  uint32_t fa = hg_model_add_file(m, "a.c", true, false);
  uint32_t fb = hg_model_add_file(m, "b.c", false, false);
  hg_diags ds;
  hg_diags_init(&ds);
  hg_loc at = {fa, 1, 5, 4};
  hg_diag *d = hg_diags_add(&ds, HG_RULE_box_freed, at, "a handle box is freed");
  hg_diag_add_note(d, (hg_loc){fb, 1, 1, 0}, "declared here");
  hg_diag_add_fixit(d, (hg_range){{fa, 1, 5, 4}, {fa, 1, 10, 9}}, "ALPHA");
  d = hg_diags_add(&ds, HG_RULE_box_freed, (hg_loc){fa, 2, 5, 15}, "line and column disagree");
  hg_diag_add_fixit(d, (hg_range){{fa, 3, 5, 15}, {fa, 3, 9, 19}}, "BETA");
  d = hg_diags_add(&ds, HG_RULE_enter_unchecked, (hg_loc){fa, 3, 5, 26}, "across files");
  hg_diag_add_fixit(d, (hg_range){{fa, 3, 5, 26}, {fb, 1, 1, 0}}, "x");
  d = hg_diags_add(&ds, HG_RULE_enter_unchecked, (hg_loc){fa, 3, 1, 22}, "backwards");
  hg_diag_add_fixit(d, (hg_range){{fa, 3, 5, 26}, {fa, 3, 1, 22}}, "x");

  hg_fixes *fx = hg_fixes_new();
  size_t ids[4];
  for (size_t i = 0; i < ds.n; i++) ids[i] = hg_fixes_add_hg_diag(fx, m, &ds.v[i], f->dir);
  hg_model_free(m);
  hg_diags_free(&ds);

  capture err;
  cap_open(&err);
  assert_int_equal(hg_fixes_apply(fx, HG_FIX_DIAGS, err.f), 1);
  char *errs = cap_close(&err);
  char *want = xasprintf("error: the fix of handleguard-box-freed at %s:2:5 was not applied: offset "
                         "15 of %s is not at line 3, column 5\n", f->a, f->a);
  assert_string_equal(errs, want);
  assert_file_is(f->a, "int ALPHA;\nint beta;\nint gamma;\n");
  assert_int_equal(hg_fixes_status(fx, ids[0]), HG_FIX_STATUS_APPLIED);
  assert_int_equal(hg_fixes_status(fx, ids[1]), HG_FIX_STATUS_FAILED);
  assert_int_equal(hg_fixes_status(fx, ids[2]), HG_FIX_STATUS_MALFORMED);
  assert_int_equal(hg_fixes_status(fx, ids[3]), HG_FIX_STATUS_MALFORMED);

  capture y;
  cap_open(&y);
  assert_true(hg_fixes_write_yaml(fx, y.f, f->a, stderr));
  char *yaml = cap_close(&y);
  char *want_yaml = xasprintf(
      "---\n"
      "MainSourceFile: '%1$s'\n"
      "Diagnostics:\n"
      "- DiagnosticName: handleguard-box-freed\n"
      "  DiagnosticMessage:\n"
      "    Message: a handle box is freed\n"
      "    FilePath: '%1$s'\n"
      "    FileOffset: 4\n"
      "    Replacements:\n"
      "    - FilePath: '%1$s'\n"
      "      Offset: 4\n"
      "      Length: 5\n"
      "      ReplacementText: ALPHA\n"
      "  Notes:\n"
      "  - Message: declared here\n"
      "    FilePath: '%2$s'\n"
      "    FileOffset: 0\n"
      "    Replacements: []\n"
      "  Level: Warning\n"
      "  BuildDirectory: '%3$s'\n"
      "- DiagnosticName: handleguard-box-freed\n"
      "  DiagnosticMessage:\n"
      "    Message: line and column disagree\n"
      "    FilePath: '%1$s'\n"
      "    FileOffset: 15\n"
      "    Replacements:\n"
      "    - FilePath: '%1$s'\n"
      "      Offset: 15\n"
      "      Length: 4\n"
      "      ReplacementText: BETA\n"
      "  Level: Warning\n"
      "  BuildDirectory: '%3$s'\n"
      "- DiagnosticName: handleguard-enter-unchecked\n"
      "  DiagnosticMessage:\n"
      "    Message: backwards\n"
      "    FilePath: '%1$s'\n"
      "    FileOffset: 22\n"
      "    Replacements: []\n"
      "  Notes:\n"
      "  - Message: 'this fix will not be applied because it is malformed: a fix-it range ends before "
      "it begins'\n"
      "    FilePath: ''\n"
      "    FileOffset: 0\n"
      "    Replacements: []\n"
      "  Level: Warning\n"
      "  BuildDirectory: '%3$s'\n"
      "- DiagnosticName: handleguard-enter-unchecked\n"
      "  DiagnosticMessage:\n"
      "    Message: across files\n"
      "    FilePath: '%1$s'\n"
      "    FileOffset: 26\n"
      "    Replacements: []\n"
      "  Notes:\n"
      "  - Message: 'this fix will not be applied because it is malformed: a fix-it range spans two "
      "files'\n"
      "    FilePath: ''\n"
      "    FileOffset: 0\n"
      "    Replacements: []\n"
      "  Level: Warning\n"
      "  BuildDirectory: '%3$s'\n"
      "...\n",
      f->a, f->b, f->dir);
  assert_text_equal("export", yaml, want_yaml);
  free(yaml);
  free(want_yaml);
  free(errs);
  free(want);
  hg_fixes_free(fx);
}

/* ---- export ---------------------------------------------------------------------------- */

/* The value of every `key: value` pair named `key`, in document order
 * (read back with libyaml's parser). */
static size_t yaml_values(const char *text, const char *key, char **out, size_t max) {
  yaml_parser_t p;
  yaml_event_t ev;
  assert_true(yaml_parser_initialize(&p));
  yaml_parser_set_input_string(&p, (const unsigned char *)text, strlen(text));
  size_t n = 0;
  bool want_next = false;
  for (;;) {
    assert_true(yaml_parser_parse(&p, &ev));
    if (ev.type == YAML_STREAM_END_EVENT) {
      yaml_event_delete(&ev);
      break;
    }
    if (ev.type == YAML_SCALAR_EVENT) {
      const char *v = (const char *)ev.data.scalar.value;
      if (want_next) {
        if (n < max) out[n++] = strndup(v, ev.data.scalar.length);
        want_next = false;
      } else {
        want_next = strcmp(v, key) == 0;
      }
    } else {
      want_next = false;
    }
    yaml_event_delete(&ev);
  }
  yaml_parser_delete(&p);
  return n;
}

static const char *const g_awkward[] = {
    "it's", "say \"hi\"", "back\\slash", "line1\nline2", "tab\there", "cr\r\nlf", " lead",
    "trail ", "", "true", "null", "123", "0x1F", "1e5", "- dash", ": colon", "#hash", "a: b",
    "a #b", "[x]", "{y}", "&anchor", "*alias", "!tag", "%pct", "@at", "`bt`", "|pipe", ">gt",
    "?q", "~", "multi\n\nblank\n", "   ", "\t", "\xc3\xa9\xe6\x97\xa5\xe6\x9c\xac\xf0\x9f\x98\x80",
    "\x01ctl", "del\x7f", "nbsp\xc2\xa0x", "bom\xef\xbb\xbf", "ls\xe2\x80\xa8x", "...", "---",
    "#include <stdio.h>\n", "hg_op op;\n  if (!hg_try_enter(&h->g, &op)) return NULL;\n"};
#define N_AWKWARD (sizeof g_awkward / sizeof *g_awkward)

static void test_yaml_escaping(void **state) {
  fixture *f = *state;
  hg_fixes *fx = hg_fixes_new();
  size_t id = hg_fixes_add_diag(fx, "handleguard-a", "m", f->a, 0, false, NULL);
  for (size_t i = 0; i < N_AWKWARD; i++) {
    hg_fixes_add_replacement(fx, id, HG_FIXES_DIAG, f->a, (uint32_t)i, 0, g_awkward[i]);
    hg_fixes_add_diag(fx, "handleguard-b", g_awkward[i], f->a, (uint32_t)(100 + i), false, NULL);
  }
  capture y;
  cap_open(&y);
  assert_true(hg_fixes_write_yaml(fx, y.f, f->a, stderr));
  char *yaml = cap_close(&y);
  char *vals[128];
  size_t n = yaml_values(yaml, "ReplacementText", vals, 128);
  assert_int_equal(n, N_AWKWARD);
  for (size_t i = 0; i < n; i++) {
    assert_string_equal(vals[i], g_awkward[i]);
    free(vals[i]);
  }
  n = yaml_values(yaml, "Message", vals, 128);
  assert_int_equal(n, N_AWKWARD + 1);
  for (size_t i = 1; i < n; i++) {
    assert_string_equal(vals[i], g_awkward[i - 1]);
    free(vals[i]);
  }
  free(vals[0]);
  /* the quoting clang-tidy's writer would pick where libyaml can */
  assert_non_null(strstr(yaml, "ReplacementText: 'it''s'\n"));
  assert_non_null(strstr(yaml, "ReplacementText: \"line1\\nline2\"\n"));
  assert_non_null(strstr(yaml, "ReplacementText: ''\n"));
  assert_non_null(strstr(yaml, "ReplacementText: 'true'\n"));
  assert_non_null(strstr(yaml, "ReplacementText: '123'\n"));
  assert_non_null(strstr(yaml, "ReplacementText: \"tab\\there\"\n"));
  /* UTF-8 as is, except outside the BMP, which libyaml escapes (LLVM reads it) */
  assert_non_null(strstr(yaml, "ReplacementText: \"\xc3\xa9\xe6\x97\xa5\xe6\x9c\xac\\U0001F600\"\n"));
  free(yaml);
  hg_fixes_free(fx);
}

static void test_yaml_invalid_utf8(void **state) {
  fixture *f = *state;
  char *out = xasprintf("%s/out.yaml", f->dir);
  hg_fixes *fx = hg_fixes_new();
  size_t id = hg_fixes_add_diag(fx, "handleguard-a", "bad \xff message", f->a, 0, false, NULL);
  hg_fixes_add_replacement(fx, id, HG_FIXES_DIAG, f->a, 0, 0, "bad \xff text");
  capture err;
  cap_open(&err);
  assert_false(hg_fixes_export_yaml(fx, out, f->a, err.f));
  char *errs = cap_close(&err);
  assert_string_equal(errs, "error: cannot export fixes: a replacement text is not valid UTF-8, "
                            "which YAML cannot carry\n");
  assert_int_equal(access(out, F_OK), -1);
  free(errs);
  hg_fixes_free(fx);

  /* a message is only informative: its bad bytes become U+FFFD */
  fx = hg_fixes_new();
  hg_fixes_add_diag(fx, "handleguard-a", "bad \xff message", f->a, 0, false, NULL);
  assert_true(hg_fixes_export_yaml(fx, out, f->a, stderr));
  char *yaml = read_all(out, NULL);
  assert_non_null(strstr(yaml, "Message: \"bad \xef\xbf\xbd message\"\n"));
  free(yaml);
  hg_fixes_free(fx);

  /* nothing to export: like clang-tidy, no file */
  unlink(out);
  fx = hg_fixes_new();
  assert_true(hg_fixes_export_yaml(fx, out, f->a, stderr));
  assert_int_equal(access(out, F_OK), -1);
  hg_fixes_free(fx);

  /* an unopenable path is reported as clang-tidy reports it */
  fx = hg_fixes_new();
  hg_fixes_add_diag(fx, "handleguard-a", "m", f->a, 0, false, NULL);
  char *bad = xasprintf("%s/missing/out.yaml", f->dir);
  cap_open(&err);
  assert_false(hg_fixes_export_yaml(fx, bad, f->a, err.f));
  errs = cap_close(&err);
  assert_string_equal(errs, "Error opening output file: No such file or directory\n");
  free(errs);
  free(bad);
  hg_fixes_free(fx);
  free(out);
}

/* Level, relative paths, build directory, rejected fixes in the YAML. */
static void test_yaml_layout(void **state) {
  fixture *f = *state;
  hg_fixes *fx = hg_fixes_new();
  size_t a = hg_fixes_add_diag(fx, "handleguard-x", "first", "a.c", 4, true, f->dir);
  hg_fixes_add_replacement(fx, a, HG_FIXES_DIAG, "a.c", 4, 5, "ALPHA");
  size_t b = hg_fixes_add_diag(fx, "handleguard-y", "second", "./a.c", 5, false, f->dir);
  hg_fixes_add_replacement(fx, b, HG_FIXES_DIAG, "a.c", 5, 1, "L");
  capture y;
  cap_open(&y);
  assert_true(hg_fixes_write_yaml(fx, y.f, NULL, stderr));
  char *yaml = cap_close(&y);
  char *want = xasprintf("---\n"
                         "MainSourceFile: ''\n"
                         "Diagnostics:\n"
                         "- DiagnosticName: handleguard-x\n"
                         "  DiagnosticMessage:\n"
                         "    Message: first\n"
                         "    FilePath: '%1$s'\n"
                         "    FileOffset: 4\n"
                         "    Replacements:\n"
                         "    - FilePath: '%1$s'\n"
                         "      Offset: 4\n"
                         "      Length: 5\n"
                         "      ReplacementText: ALPHA\n"
                         "  Level: Error\n"
                         "  BuildDirectory: '%2$s'\n"
                         "- DiagnosticName: handleguard-y\n"
                         "  DiagnosticMessage:\n"
                         "    Message: second\n"
                         "    FilePath: '%1$s'\n"
                         "    FileOffset: 5\n"
                         "    Replacements: []\n"
                         "  Notes:\n"
                         "  - Message: this fix will not be applied because it overlaps with another fix\n"
                         "    FilePath: ''\n"
                         "    FileOffset: 0\n"
                         "    Replacements: []\n"
                         "  Level: Warning\n"
                         "  BuildDirectory: '%2$s'\n"
                         "...\n",
                         f->a, f->dir);
  assert_text_equal("layout", yaml, want);
  free(yaml);
  free(want);
  hg_fixes_free(fx);
}

/* ---- clang-apply-replacements ------------------------------------------------------------ */

static int run_tool(const char *tool, const char *dir, char **output) {
  char *out_path = xasprintf("%s.out", dir);
  pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    int fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fd, 1);
    dup2(fd, 2);
    execl(tool, tool, dir, (char *)NULL);
    _exit(127);
  }
  int st;
  assert_int_equal(waitpid(pid, &st, 0), pid);
  *output = read_all(out_path, NULL);
  unlink(out_path);
  free(out_path);
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Builds the same fixes twice: --fix applies one copy, the exported YAML goes
 * through clang-apply-replacements onto the other; both must agree. */
static void car_case(const char *label, void (*build)(hg_fixes *, const char *), const char *original) {
  char *root = make_dir("car");
  /* awkward directory names: spaces, quotes, non-ASCII */
  char *src = xasprintf("%s/src 'q' \xc3\xa9", root);
  char *ours = xasprintf("%s/ours", root), *yamls = xasprintf("%s/yaml", root);
  assert_int_equal(mkdir(src, 0700), 0);
  assert_int_equal(mkdir(ours, 0700), 0);
  assert_int_equal(mkdir(yamls, 0700), 0);
  char *theirs_file = xasprintf("%s/t.c", src), *ours_file = xasprintf("%s/t.c", ours);
  write_str(theirs_file, original);
  write_str(ours_file, original);

  hg_fixes *fx = hg_fixes_new();
  build(fx, theirs_file);
  char *yaml_path = xasprintf("%s/fixes.yaml", yamls);
  assert_true(hg_fixes_export_yaml(fx, yaml_path, theirs_file, stderr));
  hg_fixes_free(fx);

  fx = hg_fixes_new();
  build(fx, ours_file);
  assert_int_equal(hg_fixes_apply(fx, HG_FIX_DIAGS, stderr), 0);
  hg_fixes_free(fx);

  char *output;
  int rc = run_tool(g_car_tool, yamls, &output);
  if (rc != 0) print_error("%s: %s exited %d:\n%s", label, g_car_tool, rc, output);
  assert_int_equal(rc, 0);
  char *want = read_all(ours_file, NULL);
  char *got = read_all(theirs_file, NULL);
  assert_text_equal(label, got, want);
  assert_string_not_equal(got, original);
  free(want);
  free(got);
  free(output);
  free(yaml_path);
  free(theirs_file);
  free(ours_file);
  free(src);
  free(ours);
  free(yamls);
  remove_tree(root);
  free(root);
}

static const char g_car_source[] =
    "#include <stdlib.h>\n"
    "struct kv { int g; char *inner; };\n"
    "char *kv_get(struct kv *h) {\n"
    "  return h->inner;\n"
    "}\n"
    "void kv_free(struct kv *h) {\n"
    "  free(h->inner);\n"
    "  free(h);\n"
    "}\n";

static uint32_t at(const char *needle) { return (uint32_t)(strstr(g_car_source, needle) - g_car_source); }

static void build_handleguard_like(hg_fixes *fx, const char *path) {
  /* access-before-enter: an enter block at the top of the body */
  size_t a = hg_fixes_add_diag(fx, "handleguard-access-before-enter", "inner field 'inner' read before hg_try_enter",
                               path, at("h->inner;"), false, NULL);
  hg_fixes_add_replacement(fx, a, HG_FIXES_DIAG, path, at("  return h->inner"), 0,
                           "  hg_op op;\n  if (!hg_try_enter(&h->g, &op)) return NULL;\n");
  hg_fixes_add_replacement(fx, a, HG_FIXES_DIAG, path, at("  return h->inner"), 9, "  char *r = strdup(");
  hg_fixes_add_replacement(fx, a, HG_FIXES_DIAG, path, at(";\n}\nvoid"), 0, ");\n  hg_leave(&op);\n  return r");
  /* box-freed: drop free(h) */
  size_t b = hg_fixes_add_diag(fx, "handleguard-box-freed", "handle box 'h' is freed", path, at("free(h);"), false, NULL);
  hg_fixes_add_replacement(fx, b, HG_FIXES_DIAG, path, at("  free(h);\n"), 11,
                           "  /* the box stays: late callers land on valid memory */\n");
  /* the same edit proposed by two diagnostics, and by a repeat from another unit */
  for (int i = 0; i < 3; i++) {
    size_t c = hg_fixes_add_diag(fx, i == 2 ? "handleguard-enter-unchecked" : "handleguard-free-not-gated",
                                 "drop of inner state not gated", path, at("free(h->inner)"), false, NULL);
    hg_fixes_add_replacement(fx, c, HG_FIXES_DIAG, path, at("  free(h->inner)"), 0,
                             "  if (hg_begin_free(&h->g, HG_FREE_DEADLINE_MS) != HG_DRAINED) return;\n");
  }
  /* an overlapping, rejected fix */
  size_t d = hg_fixes_add_diag(fx, "handleguard-x", "late", path, at("free(h);") + 1, false, NULL);
  hg_fixes_add_replacement(fx, d, HG_FIXES_DIAG, path, at("free(h);") + 2, 3, "ZZZ");
}

static void build_awkward(hg_fixes *fx, const char *path) {
  /* each awkward text inserted at its own place, its message awkward too */
  for (size_t i = 0; i < N_AWKWARD; i++) {
    uint32_t off = (uint32_t)(i * 3);
    size_t id = hg_fixes_add_diag(fx, "handleguard-awkward", g_awkward[i], path, off, false, NULL);
    char text[256];
    snprintf(text, sizeof text, "/*%zu*/%s", i, g_awkward[i]);
    hg_fixes_add_replacement(fx, id, HG_FIXES_DIAG, path, off, 0, text);
  }
  /* and a removal that clang widens by the following space */
  size_t r = hg_fixes_add_diag(fx, "handleguard-rm", "remove", path, at("int g"), false, NULL);
  hg_fixes_add_replacement(fx, r, HG_FIXES_DIAG, path, at("int g"), 3, "");
}

static void test_car_roundtrip(void **state) {
  (void)state;
  car_case("handleguard-like fixes", build_handleguard_like, g_car_source);
  car_case("awkward texts", build_awkward, g_car_source);
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "car") == 0) {
    g_car_tool = argc > 2 ? argv[2] : "";
    if (!*g_car_tool || access(g_car_tool, X_OK) != 0) {
      printf("SKIPPED: clang-apply-replacements not found (%s); install clang-tools-19 to run "
             "the export round trip\n",
             *g_car_tool ? g_car_tool : "not configured");
      return 77;
    }
    const struct CMUnitTest car[] = {cmocka_unit_test(test_car_roundtrip)};
    return cmocka_run_group_tests_name("fixes-clang-apply-replacements", car, NULL, NULL);
  }
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_golden_snippets),
      cmocka_unit_test(test_golden_fix_notes),
      cmocka_unit_test(test_snippet_plain),
      cmocka_unit_test(test_snippet_gutter_width),
      cmocka_unit_test(test_snippet_long_line),
      cmocka_unit_test_setup_teardown(test_apply_several, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_identical_once, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_overlap_rejected, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_malformed_untouched, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_out_of_range, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_changed_since_analysis, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_file_vanished, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_mode_and_link_preserved, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_no_temporary_files, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_fix_notes, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_from_rule_engine, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_yaml_escaping, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_yaml_invalid_utf8, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_yaml_layout, fx_setup, fx_teardown),
  };
  return cmocka_run_group_tests_name("fixes", tests, NULL, NULL);
}
