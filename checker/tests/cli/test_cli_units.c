/*
 * test_cli_units.c - cmocka unit tests of the driver's pure parts: NOLINT
 * directives (checker/nolint.c), clang's snippet layout
 * (checker/report_text.c), database command stripping
 * (checker/cli_compile_args.c), path handling (checker/cli_path.c), the
 * dependency files the cache reads (checker/cli_depfile.c), line filters and
 * git diff hunks (checker/cli_linefilter.c), the file-hash memo
 * (checker/cli_hash.c) and the ordered thread pool (checker/cli_pool.c).
 */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "cli_compile_args.h"
#include "cli_depfile.h"
#include "cli_hash.h"
#include "cli_linefilter.h"
#include "cli_path.h"
#include "cli_pool.h"
#include "nolint.h"
#include "report_collect.h"
#include "report_source.h"
#include "report_text.h"

#define BOX "handleguard-box-freed"
#define LEFT "handleguard-op-not-left"

/* Offset of the first occurrence of `needle` in `text`. */
static size_t at(const char *text, const char *needle) {
  const char *p = strstr(text, needle);
  assert_non_null(p);
  return (size_t)(p - text);
}

static bool line_suppresses(const char *text, const char *needle, const char *check) {
  return hg_nolint_line_suppresses(text, strlen(text), at(text, needle), check);
}

/* ---- NOLINT and NOLINTNEXTLINE ---------------------------------------------------- */

static void nolint_alone_suppresses_every_check(void **state) {
  (void)state;
  const char *t = "x(); y(); // NOLINT\nz();\n";
  assert_true(line_suppresses(t, "y()", BOX));
  assert_true(line_suppresses(t, "x()", LEFT));
  assert_false(line_suppresses(t, "z()", BOX));
}

static void nolint_check_list_with_globs_and_spaces(void **state) {
  (void)state;
  const char *t = "a(); // NOLINT(handleguard-box-freed, handleguard-op-*)\n"
                  "b(); // NOLINT( handleguard-access-* )\n";
  assert_true(line_suppresses(t, "a()", BOX));
  assert_true(line_suppresses(t, "a()", LEFT));
  assert_false(line_suppresses(t, "a()", "handleguard-access-before-enter"));
  assert_true(line_suppresses(t, "b()", "handleguard-access-before-enter"));
  assert_false(line_suppresses(t, "b()", BOX));
}

static void nolint_empty_list_and_negative_globs_suppress_nothing(void **state) {
  (void)state;
  const char *t = "a(); // NOLINT()\nb(); // NOLINT(-handleguard-box-freed)\n"
                  "c(); // NOLINT(-*, handleguard-box-freed)\n";
  assert_false(line_suppresses(t, "a()", BOX));
  assert_false(line_suppresses(t, "b()", BOX));
  assert_false(line_suppresses(t, "b()", LEFT));
  /* negative globs are dropped, so the positive one still applies */
  assert_true(line_suppresses(t, "c()", BOX));
  assert_false(line_suppresses(t, "c()", LEFT));
}

static void nolint_unclosed_list_suppresses_everything(void **state) {
  (void)state;
  const char *t = "a(); // NOLINT(handleguard-op-not-left\nb();\n";
  assert_true(line_suppresses(t, "a()", BOX));
}

static void nolint_spelling_must_be_exact(void **state) {
  (void)state;
  const char *t = "a(); // NOLINTFOO\nb(); // nolint\nc(); // XNOLINT_1\n";
  assert_false(line_suppresses(t, "a()", BOX));
  assert_false(line_suppresses(t, "b()", BOX));
  /* clang-tidy looks for the letters only: "XNOLINT_1" holds "NOLINT" */
  assert_true(line_suppresses(t, "c()", BOX));
}

static void nolintnextline_applies_to_the_next_line_only(void **state) {
  (void)state;
  const char *t = "// NOLINTNEXTLINE(handleguard-box-freed)\na();\nb();\n"
                  "c(); // NOLINTNEXTLINE\n";
  assert_true(line_suppresses(t, "a()", BOX));
  assert_false(line_suppresses(t, "a()", LEFT));
  assert_false(line_suppresses(t, "b()", BOX));
  /* a NOLINTNEXTLINE does not cover its own line */
  assert_false(line_suppresses(t, "c()", BOX));
  /* and NOLINT on the previous line does not cover the next */
  const char *u = "a(); // NOLINT\nb();\n";
  assert_false(line_suppresses(u, "b()", BOX));
}

static void nolint_first_line_and_crlf(void **state) {
  (void)state;
  const char *t = "a(); /* NOLINT */\r\nb();\r\n";
  assert_true(line_suppresses(t, "a()", BOX));
  assert_false(line_suppresses(t, "b()", BOX));
}

/* ---- NOLINTBEGIN / NOLINTEND -------------------------------------------------------- */

static bool block_suppresses(const hg_nolint_blocks *b, const char *text, const char *needle,
                             const char *check) {
  return hg_nolint_blocks_suppress(b, at(text, needle), check);
}

static void blocks_suppress_between_begin_and_end(void **state) {
  (void)state;
  const char *t = "a();\n// NOLINTBEGIN\nb();\n// NOLINTEND\nc();\n";
  hg_nolint_blocks b;
  hg_nolint_blocks_build(t, strlen(t), &b);
  assert_int_equal(b.nerrors, 0);
  assert_false(block_suppresses(&b, t, "a()", BOX));
  assert_true(block_suppresses(&b, t, "b()", BOX));
  assert_false(block_suppresses(&b, t, "c()", BOX));
  hg_nolint_blocks_free(&b);
}

static void blocks_with_check_lists_nest(void **state) {
  (void)state;
  const char *t = "// NOLINTBEGIN(handleguard-box-freed)\n"
                  "a();\n"
                  "// NOLINTBEGIN(handleguard-op-*)\n"
                  "b();\n"
                  "// NOLINTEND(handleguard-op-*)\n"
                  "c();\n"
                  "// NOLINTEND( handleguard-box-freed )\n";
  hg_nolint_blocks b;
  hg_nolint_blocks_build(t, strlen(t), &b);
  assert_int_equal(b.nerrors, 0);
  assert_true(block_suppresses(&b, t, "a()", BOX));
  assert_false(block_suppresses(&b, t, "a()", LEFT));
  assert_true(block_suppresses(&b, t, "b()", LEFT));
  assert_true(block_suppresses(&b, t, "b()", BOX));
  assert_false(block_suppresses(&b, t, "c()", LEFT));
  hg_nolint_blocks_free(&b);
}

static void blocks_unmatched_begin_and_end_are_errors(void **state) {
  (void)state;
  const char *t = "// NOLINTEND\n// NOLINTBEGIN(handleguard-box-freed)\na();\n";
  hg_nolint_blocks b;
  hg_nolint_blocks_build(t, strlen(t), &b);
  assert_int_equal(b.n, 0);
  assert_int_equal(b.nerrors, 2);
  assert_int_equal(b.errors[0].pos, at(t, "NOLINTEND"));
  assert_false(b.errors[0].unmatched_begin);
  assert_string_equal(hg_nolint_error_message(&b.errors[0]),
                      "unmatched 'NOLINTEND' comment without a previous 'NOLINTBEGIN' comment");
  assert_int_equal(b.errors[1].pos, at(t, "NOLINTBEGIN"));
  assert_true(b.errors[1].unmatched_begin);
  assert_string_equal(hg_nolint_error_message(&b.errors[1]),
                      "unmatched 'NOLINTBEGIN' comment without a subsequent 'NOLINTEND' comment");
  assert_false(block_suppresses(&b, t, "a()", BOX));
  hg_nolint_blocks_free(&b);
}

static void blocks_end_must_repeat_the_begin_list(void **state) {
  (void)state;
  const char *t = "// NOLINTBEGIN(handleguard-box-freed)\na();\n// NOLINTEND\n";
  hg_nolint_blocks b;
  hg_nolint_blocks_build(t, strlen(t), &b);
  assert_int_equal(b.n, 0);
  assert_int_equal(b.nerrors, 2);
  hg_nolint_blocks_free(&b);
}

static void globs_follow_clang_tidy(void **state) {
  (void)state;
  const char *g = " handleguard-op-* ,\nhandleguard-box-freed,-handleguard-box-freed";
  assert_true(hg_nolint_globs_match(g, strlen(g), LEFT));
  assert_true(hg_nolint_globs_match(g, strlen(g), BOX));
  assert_false(hg_nolint_globs_match(g, strlen(g), "handleguard-access-before-enter"));
  assert_true(hg_nolint_globs_match("*", 1, BOX));
  assert_false(hg_nolint_globs_match("", 0, BOX));
  assert_false(hg_nolint_globs_match("handleguard-box", 15, BOX));
}

/* ---- snippets -------------------------------------------------------------------------- */

static hg_sources g_sources;

/* A source whose bytes are `text` (written to a temporary file and read). */
static hg_source *fake_source(const char *text) {
  char path[] = "/tmp/hg-cli-unit-XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  FILE *f = fdopen(fd, "wb");
  fwrite(text, 1, strlen(text), f);
  fclose(f);
  hg_source *src = hg_sources_get(&g_sources, path);
  remove(path);
  return src;
}

static char *snippet(const char *text, uint32_t line, uint32_t col) {
  char *buf = NULL;
  size_t len = 0;
  FILE *out = open_memstream(&buf, &len);
  hg_text_snippet(out, fake_source(text), line, col);
  fclose(out);
  return buf;
}

static void snippet_plain_line(void **state) {
  (void)state;
  char *s = snippet("int a;\n  free(h);\n", 2, 3);
  assert_string_equal(s, "    2 |   free(h);\n      |   ^\n");
  free(s);
}

static void snippet_wide_line_numbers(void **state) {
  (void)state;
  char *text = malloc(30000), *p = text;
  for (int i = 0; i < 12344; i++) *p++ = 'x', *p++ = '\n';
  strcpy(p, "abc\n");
  char *s = snippet(text, 12345, 2);
  assert_string_equal(s, " 12345 | abc\n       |  ^\n");
  free(s);
  free(text);
}

static void snippet_expands_tabs(void **state) {
  (void)state;
  char *s = snippet("\tif (a = 3) x;\n", 1, 8);
  assert_string_equal(s, "    1 |         if (a = 3) x;\n      |               ^\n");
  free(s);
  s = snippet("\t \tx;\n", 1, 4);
  assert_string_equal(s, "    1 |                 x;\n      |                 ^\n");
  free(s);
}

static void snippet_shows_bad_bytes_and_controls(void **state) {
  (void)state;
  char *s = snippet("s = \"\xff\xfe\"; x\x01y; \xc3\xa9z\n", 1, 18);
  assert_string_equal(s, "    1 | s = \"<FF><FE>\"; x<U+0001>y; \xc3\xa9z\n"
                         "      |                              ^\n");
  free(s);
}

static void snippet_caret_past_the_end_and_missing_lines(void **state) {
  (void)state;
  char *s = snippet("}\n", 1, 5);
  assert_string_equal(s, "    1 | }\n      |  ^\n");
  free(s);
  s = snippet("}\n", 9, 1);
  assert_string_equal(s, "");
  free(s);
}

static void snippet_skips_very_long_lines(void **state) {
  (void)state;
  char *text = malloc(5000);
  memset(text, 'x', 4999);
  text[4998] = '\n';
  text[4999] = '\0';
  char *s = snippet(text, 1, 1);
  assert_string_equal(s, "");
  free(s);
  free(text);
}

static void diag_line_with_promotion_and_notes(void **state) {
  (void)state;
  hg_source *src = fake_source("a;\nb;\n");
  hg_out_diags list;
  hg_out_diags_init(&list);
  hg_out_loc w = {"/x/f.c", 2, 1, 3, src};
  hg_out_diag *d = hg_out_diags_add(&list, w, BOX, "message");
  d->is_error = d->promoted = true;
  hg_out_loc n = {"/x/f.c", 1, 2, 1, src};
  hg_out_diag_add_note(d, n, "because");
  char *buf = NULL;
  size_t len = 0;
  FILE *out = open_memstream(&buf, &len);
  hg_text_print(out, &list);
  fclose(out);
  assert_string_equal(buf, "/x/f.c:2:1: error: message [handleguard-box-freed,-warnings-as-errors]\n"
                           "    2 | b;\n      | ^\n"
                           "/x/f.c:1:2: note: because\n"
                           "    1 | a;\n      |  ^\n");
  free(buf);
  hg_out_diags_free(&list);
}

/* clang prints a source line once for consecutive messages at one place. */
static void repeated_place_gets_no_second_snippet(void **state) {
  (void)state;
  hg_source *src = fake_source("a;\nb;\n");
  hg_out_diags list;
  hg_out_diags_init(&list);
  hg_out_loc w = {"/x/f.c", 2, 1, 3, src};
  hg_out_diag *d = hg_out_diags_add(&list, w, BOX, "first");
  hg_out_diag_add_note(d, w, "same place");
  hg_out_diag_add_note(d, w, "again");
  hg_out_diags_add(&list, w, LEFT, "after a note");
  hg_out_diags_add(&list, w, LEFT, "after a warning");
  char *buf = NULL;
  size_t len = 0;
  FILE *out = open_memstream(&buf, &len);
  hg_text_print(out, &list);
  fclose(out);
  assert_string_equal(buf, "/x/f.c:2:1: warning: first [handleguard-box-freed]\n"
                           "    2 | b;\n      | ^\n"
                           "/x/f.c:2:1: note: same place\n"
                           "/x/f.c:2:1: note: again\n"
                           "/x/f.c:2:1: warning: after a note [handleguard-op-not-left]\n"
                           "    2 | b;\n      | ^\n"
                           "/x/f.c:2:1: warning: after a warning [handleguard-op-not-left]\n");
  free(buf);
  hg_out_diags_free(&list);
}

static void diags_sort_by_path_then_offset_and_dedupe(void **state) {
  (void)state;
  hg_out_diags list;
  hg_out_diags_init(&list);
  hg_out_loc b = {"/b.c", 1, 1, 0, NULL}, a2 = {"/a.c", 3, 1, 20, NULL}, a1 = {"/a.c", 1, 5, 4, NULL};
  hg_out_diags_add(&list, b, BOX, "m");
  hg_out_diags_add(&list, a2, BOX, "m");
  hg_out_diags_add(&list, a1, BOX, "m");
  hg_out_diags_add(&list, a2, BOX, "m");
  hg_out_diags_sort_unique(&list);
  assert_int_equal(list.n, 3);
  assert_string_equal(list.v[0].loc.path, "/a.c");
  assert_int_equal(list.v[0].loc.offset, 4);
  assert_int_equal(list.v[1].loc.offset, 20);
  assert_string_equal(list.v[2].loc.path, "/b.c");
  hg_out_diags_free(&list);
}

/* ---- database commands ------------------------------------------------------------------- */

static void strip_removes_what_a_syntax_check_must_not_see(void **state) {
  (void)state;
  const char *argv[] = {"/usr/bin/cc", "-DX=1", "-I../inc", "-o", "x.o", "-c", "../src/x.c",
                        "-MD", "-MF", "x.d", "-MTx.o", "-std=c11", "--", "-ofoo.o", "-fsyntax-only"};
  hg_argv out = {0};
  hg_compile_args_strip(argv, (int)(sizeof argv / sizeof *argv), "../src/x.c", "/p/build", &out);
  assert_int_equal(out.n, 3);
  assert_string_equal(out.v[0], "-DX=1");
  assert_string_equal(out.v[1], "-I../inc");
  assert_string_equal(out.v[2], "-std=c11");
  hg_argv_free(&out);
}

static void strip_recognises_the_file_by_its_absolute_path(void **state) {
  (void)state;
  const char *argv[] = {"cc", "-c", "/p/src/./x.c", "-Wall"};
  hg_argv out = {0};
  hg_compile_args_strip(argv, 4, "src/x.c", "/p", &out);
  assert_int_equal(out.n, 1);
  assert_string_equal(out.v[0], "-Wall");
  hg_argv_free(&out);
}

/* ---- paths --------------------------------------------------------------------------------- */

static void paths_are_made_absolute_like_clang_tidy(void **state) {
  (void)state;
  char *p = hg_path_absolute("./a/../b//c.c", "/w");
  assert_string_equal(p, "/w/a/../b/c.c");
  free(p);
  p = hg_path_absolute("/x/./y.c", NULL);
  assert_string_equal(p, "/x/y.c");
  free(p);
  p = hg_path_dirname("/x/y.c");
  assert_string_equal(p, "/x");
  free(p);
  p = hg_path_dirname("/y.c");
  assert_string_equal(p, "/");
  free(p);
}

/* ---- CMake's compiler command after "--" ------------------------------------------------ */

static void compiler_command_is_recognised(void **state) {
  (void)state;
  const char *cmake[] = {"/usr/bin/cc", "-DFOO=1", "-c", "a.c"};
  assert_int_equal(hg_compile_args_compiler_index(cmake, 4), 0);
  const char *launched[] = {"ccache", "/opt/x/arm-none-eabi-gcc-12", "-c", "a.c"};
  assert_int_equal(hg_compile_args_compiler_index(launched, 4), 1);
  const char *versioned[] = {"clang-19", "-std=c11"};
  assert_int_equal(hg_compile_args_compiler_index(versioned, 2), 0);
  const char *plain[] = {"-std=c11", "-Iinclude"};
  assert_int_equal(hg_compile_args_compiler_index(plain, 2), -1);
  const char *source[] = {"gcc.c", "-std=c11"};
  assert_int_equal(hg_compile_args_compiler_index(source, 2), -1);
  const char *other[] = {"gccx", "-c"};
  assert_int_equal(hg_compile_args_compiler_index(other, 2), -1);
  assert_int_equal(hg_compile_args_compiler_index(cmake, 0), -1);
}

/* ---- dependency files ------------------------------------------------------------------------ */

static void depfile_lists_every_file_with_make_escapes_undone(void **state) {
  (void)state;
  const char *text = "hg: src/a.c /usr/include/stdio.h \\\n"
                     "  inc/with\\ space.h inc/hash\\#.h inc/dollar$$.h \\\n"
                     "  /abs/back\\\\\\ slash.h\n";
  hg_deps d;
  assert_true(hg_depfile_parse(text, strlen(text), "/p", &d));
  assert_int_equal(d.n, 6);
  assert_string_equal(d.v[0], "/p/src/a.c");
  assert_string_equal(d.v[1], "/usr/include/stdio.h");
  assert_string_equal(d.v[2], "/p/inc/with space.h");
  assert_string_equal(d.v[3], "/p/inc/hash#.h");
  assert_string_equal(d.v[4], "/p/inc/dollar$.h");
  assert_string_equal(d.v[5], "/abs/back\\ slash.h");
  hg_deps_free(&d);
  assert_false(hg_depfile_parse("no target here", 14, "/p", &d));
  assert_true(hg_depfile_parse("hg:", 3, "/p", &d));
  assert_int_equal(d.n, 0);
  hg_deps_free(&d);
}

/* ---- line filters and diffs --------------------------------------------------------------------- */

static void line_filter_follows_clang_tidy(void **state) {
  (void)state;
  hg_line_filter f;
  char err[256];
  assert_true(hg_line_filter_parse("[{\"name\":\"src/a.c\",\"lines\":[[1,3],[5,5]]},"
                                   "{\"name\":\"b.c\"},{\"name\":\"a.c\",\"lines\":[[9,9]]}]",
                                   &f, err, sizeof err));
  assert_true(hg_line_filter_passes(&f, "/w/src/a.c", 2));
  assert_true(hg_line_filter_passes(&f, "/w/src/a.c", 5));
  assert_false(hg_line_filter_passes(&f, "/w/src/a.c", 4));
  assert_false(hg_line_filter_passes(&f, "/w/src/a.c", 9));   /* the first match decides */
  assert_true(hg_line_filter_passes(&f, "/w/lib/a.c", 9));
  assert_true(hg_line_filter_passes(&f, "/w/b.c", 1000));    /* no lines: the whole file */
  assert_false(hg_line_filter_passes(&f, "/w/c.c", 1));      /* not named: nothing */
  hg_line_filter_free(&f);
  assert_false(hg_line_filter_parse("[{\"name\":1}]", &f, err, sizeof err));
  assert_false(hg_line_filter_parse("[{\"name\":\"a\",\"lines\":[[1]]}]", &f, err, sizeof err));
  assert_false(hg_line_filter_parse("{\"name\":\"a\"}", &f, err, sizeof err));
  assert_false(hg_line_filter_parse("[", &f, err, sizeof err));
}

static void diff_hunks_become_line_ranges(void **state) {
  (void)state;
  const char *diff =
      "diff --git a/src/a.c b/src/a.c\n"
      "index 1..2 100644\n"
      "--- a/src/a.c\n"
      "+++ b/src/a.c\n"
      "@@ -3,0 +4,2 @@ int f(void) {\n"
      "+x\n+y\n"
      "@@ -10 +12 @@\n"
      "-old\n+new\n"
      "@@ -20,3 +21,0 @@\n"
      "-gone\n"
      "diff --git a/\"sp ace\\tx.c\" b/\"sp ace\\tx.c\"\n"
      "+++ \"b/sp ace\\tx.c\"\n"
      "@@ -1 +1 @@\n"
      "diff --git a/del.c b/del.c\n"
      "+++ /dev/null\n"
      "@@ -1,2 +0,0 @@\n";
  hg_line_filter f;
  hg_line_filter_from_diff(diff, strlen(diff), "/repo", &f);
  assert_int_equal(hg_line_filter_count(&f), 2);
  assert_string_equal(hg_line_filter_name(&f, 0), "/repo/src/a.c");
  assert_string_equal(hg_line_filter_name(&f, 1), "/repo/sp ace\tx.c");
  assert_false(hg_line_filter_passes(&f, "/repo/src/a.c", 3));
  assert_true(hg_line_filter_passes(&f, "/repo/src/a.c", 4));
  assert_true(hg_line_filter_passes(&f, "/repo/src/a.c", 5));
  assert_false(hg_line_filter_passes(&f, "/repo/src/a.c", 6));
  assert_true(hg_line_filter_passes(&f, "/repo/src/a.c", 12));
  assert_false(hg_line_filter_passes(&f, "/repo/src/a.c", 21));   /* a pure deletion */
  assert_true(hg_line_filter_passes(&f, "/repo/sp ace\tx.c", 1));
  hg_line_filter_free(&f);
}

/* ---- file hashes -------------------------------------------------------------------------------- */

static void file_hashes_are_sha256_and_memoised(void **state) {
  (void)state;
  char path[] = "/tmp/hg-cli-units-XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  assert_int_equal(write(fd, "abc", 3), 3);
  close(fd);
  char hex[HG_HASH_HEX_LEN + 1];
  uint64_t size = 0;
  assert_true(hg_hash_file(path, hex, &size));
  assert_int_equal(size, 3);
  assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  hg_hash_memo *m = hg_hash_memo_new();
  assert_true(hg_hash_memo_file(m, path, hex, NULL));
  unlink(path);   /* the memo answers without reading again */
  assert_true(hg_hash_memo_file(m, path, hex, NULL));
  assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  assert_false(hg_hash_memo_file(m, "/nonexistent/hg-cli-units", hex, NULL));
  hg_hash_memo_free(m);
  hg_hasher *h = hg_hasher_new();
  hg_hasher_field(h, "ab");
  hg_hasher_field(h, "c");
  char a[HG_HASH_HEX_LEN + 1], b[HG_HASH_HEX_LEN + 1];
  hg_hasher_finish(h, a);
  h = hg_hasher_new();
  hg_hasher_field(h, "a");
  hg_hasher_field(h, "bc");
  hg_hasher_finish(h, b);
  assert_string_not_equal(a, b);
}

/* ---- the ordered pool ------------------------------------------------------------------------------ */

typedef struct pool_probe {
  size_t next_done;
  bool in_order;
  int worked[64];
} pool_probe;

static void pool_work(void *ctx, int worker, size_t i) {
  pool_probe *p = ctx;
  (void)worker;
  if (i % 7 == 0) nanosleep(&(struct timespec){0, 2000000}, NULL);   /* finish out of order */
  p->worked[i] = 1;
}

static void pool_done(void *ctx, size_t i) {
  pool_probe *p = ctx;
  if (i != p->next_done++ || !p->worked[i]) p->in_order = false;
}

static void pool_hands_results_over_in_order(void **state) {
  (void)state;
  for (int threads = 1; threads <= 4; threads++) {
    pool_probe p = {0, true, {0}};
    hg_pool_run(64, threads, pool_work, pool_done, &p);
    assert_true(p.in_order);
    assert_int_equal(p.next_done, 64);
  }
  assert_true(hg_pool_cpu_count() >= 1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(nolint_alone_suppresses_every_check),
      cmocka_unit_test(nolint_check_list_with_globs_and_spaces),
      cmocka_unit_test(nolint_empty_list_and_negative_globs_suppress_nothing),
      cmocka_unit_test(nolint_unclosed_list_suppresses_everything),
      cmocka_unit_test(nolint_spelling_must_be_exact),
      cmocka_unit_test(nolintnextline_applies_to_the_next_line_only),
      cmocka_unit_test(nolint_first_line_and_crlf),
      cmocka_unit_test(blocks_suppress_between_begin_and_end),
      cmocka_unit_test(blocks_with_check_lists_nest),
      cmocka_unit_test(blocks_unmatched_begin_and_end_are_errors),
      cmocka_unit_test(blocks_end_must_repeat_the_begin_list),
      cmocka_unit_test(globs_follow_clang_tidy),
      cmocka_unit_test(snippet_plain_line),
      cmocka_unit_test(snippet_wide_line_numbers),
      cmocka_unit_test(snippet_expands_tabs),
      cmocka_unit_test(snippet_shows_bad_bytes_and_controls),
      cmocka_unit_test(snippet_caret_past_the_end_and_missing_lines),
      cmocka_unit_test(snippet_skips_very_long_lines),
      cmocka_unit_test(diag_line_with_promotion_and_notes),
      cmocka_unit_test(repeated_place_gets_no_second_snippet),
      cmocka_unit_test(diags_sort_by_path_then_offset_and_dedupe),
      cmocka_unit_test(strip_removes_what_a_syntax_check_must_not_see),
      cmocka_unit_test(strip_recognises_the_file_by_its_absolute_path),
      cmocka_unit_test(paths_are_made_absolute_like_clang_tidy),
      cmocka_unit_test(compiler_command_is_recognised),
      cmocka_unit_test(depfile_lists_every_file_with_make_escapes_undone),
      cmocka_unit_test(line_filter_follows_clang_tidy),
      cmocka_unit_test(diff_hunks_become_line_ranges),
      cmocka_unit_test(file_hashes_are_sha256_and_memoised),
      cmocka_unit_test(pool_hands_results_over_in_order),
  };
  int failed = cmocka_run_group_tests(tests, NULL, NULL);
  hg_sources_free(&g_sources);
  return failed;
}
