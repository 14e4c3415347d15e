/*
 * test_cli_units.c - cmocka unit tests of the driver's pure parts: NOLINT
 * directives (checker/nolint.c), clang's snippet layout
 * (checker/report_text.c), database command stripping
 * (checker/cli_compile_args.c) and path handling (checker/cli_path.c).
 */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cli_compile_args.h"
#include "cli_path.h"
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
      cmocka_unit_test(diags_sort_by_path_then_offset_and_dedupe),
      cmocka_unit_test(strip_removes_what_a_syntax_check_must_not_see),
      cmocka_unit_test(strip_recognises_the_file_by_its_absolute_path),
      cmocka_unit_test(paths_are_made_absolute_like_clang_tidy),
  };
  int failed = cmocka_run_group_tests(tests, NULL, NULL);
  hg_sources_free(&g_sources);
  return failed;
}
