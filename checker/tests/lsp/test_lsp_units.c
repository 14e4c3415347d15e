/*
 * test_lsp_units.c - unit tests of checker/lsp_json.c: Content-Length
 * framing (split reads, bad headers, oversized bodies, end of input),
 * offsets <-> LSP positions in UTF-16 / UTF-8 / UTF-32 with every kind of
 * line end and invalid UTF-8, tokens, and file URIs.
 */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "lsp_json.h"

/* ---- framing ------------------------------------------------------------------------ */

typedef struct pipe_reader {
  int wfd;
  hg_lsp_reader r;
} pipe_reader;

static void pr_open(pipe_reader *p) {
  int fds[2];
  assert_int_equal(pipe(fds), 0);
  p->wfd = fds[1];
  hg_lsp_reader_init(&p->r, fds[0]);
}

static void pr_write(pipe_reader *p, const char *s, size_t n) { assert_int_equal(write(p->wfd, s, n), (ssize_t)n); }

static void pr_close(pipe_reader *p) {
  if (p->wfd >= 0) close(p->wfd);
  close(p->r.fd);
  hg_lsp_reader_free(&p->r);
}

static void expect_body(pipe_reader *p, int timeout, const char *want) {
  char *body;
  size_t len;
  assert_int_equal(hg_lsp_read(&p->r, timeout, &body, &len), HG_LSP_READ_MESSAGE);
  assert_int_equal(len, strlen(want));
  assert_string_equal(body, want);
  free(body);
}

static void expect_status(pipe_reader *p, int timeout, hg_lsp_read_status want) {
  char *body;
  size_t len;
  assert_int_equal(hg_lsp_read(&p->r, timeout, &body, &len), want);
  assert_null(body);
}

static void test_framing(void **state) {
  (void)state;
  pipe_reader p;
  pr_open(&p);
  const char *two = "Content-Length: 2\r\n\r\n{}content-length:3\r\nContent-Type: x\r\n\r\n[1]";
  pr_write(&p, two, strlen(two));
  expect_body(&p, -1, "{}");
  assert_true(hg_lsp_reader_has_message(&p.r));
  expect_body(&p, 0, "[1]");
  expect_status(&p, 0, HG_LSP_READ_TIMEOUT);
  /* split header and body */
  pr_write(&p, "Content-Len", 11);
  expect_status(&p, 10, HG_LSP_READ_TIMEOUT);
  pr_write(&p, "gth:  5 \r\n\r\nab", 14);
  assert_false(hg_lsp_reader_has_message(&p.r));
  expect_status(&p, 10, HG_LSP_READ_TIMEOUT);
  pr_write(&p, "cde", 3);
  expect_body(&p, -1, "abcde");
  /* bare LF header lines */
  pr_write(&p, "Content-Length: 1\n\nx", 20);
  expect_body(&p, -1, "x");
  /* no Content-Length, a bad number, conflicting values: skipped header blocks */
  const char *bad = "Content-Type: y\r\n\r\nContent-Length: 1x\r\n\r\n"
                    "Content-Length: 1\r\nContent-Length: 2\r\n\r\nContent-Length: 0\r\n\r\n";
  pr_write(&p, bad, strlen(bad));
  expect_status(&p, -1, HG_LSP_READ_BAD_HEADER);
  expect_status(&p, -1, HG_LSP_READ_BAD_HEADER);
  expect_status(&p, -1, HG_LSP_READ_BAD_HEADER);
  expect_body(&p, -1, "");
  /* end of input in the middle of a message */
  pr_write(&p, "Content-Length: 10\r\n\r\nabc", 25);
  close(p.wfd);
  p.wfd = -1;
  expect_status(&p, -1, HG_LSP_READ_EOF);
  expect_status(&p, -1, HG_LSP_READ_EOF);
  pr_close(&p);
}

static void test_oversized(void **state) {
  (void)state;
  pipe_reader p;
  pr_open(&p);
  char head[64];
  snprintf(head, sizeof head, "Content-Length: %zu\r\n\r\n", HG_LSP_MAX_BODY + 1);
  pr_write(&p, head, strlen(head));
  expect_status(&p, -1, HG_LSP_READ_BAD_HEADER);
  pr_close(&p);
}

static void test_write(void **state) {
  (void)state;
  int fds[2];
  assert_int_equal(pipe(fds), 0);
  json_t *msg = json_pack("{s:s}", "a", "\xc3\xbc");
  assert_true(hg_lsp_write(fds[1], msg));
  json_decref(msg);
  char buf[128];
  ssize_t n = read(fds[0], buf, sizeof buf - 1);
  assert_true(n > 0);
  buf[n] = '\0';
  assert_string_equal(buf, "Content-Length: 10\r\n\r\n{\"a\":\"\xc3\xbc\"}");
  close(fds[0]);
  close(fds[1]);
}

/* ---- positions ----------------------------------------------------------------------- */

static void expect_pos(const hg_lsp_lines *l, size_t off, hg_lsp_encoding enc, uint32_t line, uint32_t ch) {
  hg_lsp_pos p = hg_lsp_pos_from_offset(l, off, enc);
  assert_int_equal(p.line, line);
  assert_int_equal(p.character, ch);
}

static void test_positions(void **state) {
  (void)state;
  /* "a\u00fc\U0001F600b" then CRLF, a lone CR, LF, and a last line without end */
  const char *t = "a\xc3\xbc\xf0\x9f\x98\x80" "b\r\nx\ry\nz";
  hg_lsp_lines l;
  hg_lsp_lines_init(&l, t, strlen(t));
  assert_int_equal(l.n, 4);
  expect_pos(&l, 0, HG_LSP_UTF16, 0, 0);
  expect_pos(&l, 1, HG_LSP_UTF16, 0, 1);
  expect_pos(&l, 3, HG_LSP_UTF16, 0, 2);    /* after ü */
  expect_pos(&l, 7, HG_LSP_UTF16, 0, 4);    /* after the emoji: a surrogate pair */
  expect_pos(&l, 7, HG_LSP_UTF8, 0, 7);
  expect_pos(&l, 7, HG_LSP_UTF32, 0, 3);
  expect_pos(&l, 5, HG_LSP_UTF16, 0, 2);    /* inside the emoji: its start */
  expect_pos(&l, 8, HG_LSP_UTF16, 0, 5);    /* end of line 0 */
  expect_pos(&l, 9, HG_LSP_UTF16, 0, 5);    /* inside CRLF */
  expect_pos(&l, 10, HG_LSP_UTF16, 1, 0);
  expect_pos(&l, 12, HG_LSP_UTF16, 2, 0);
  expect_pos(&l, 14, HG_LSP_UTF16, 3, 0);
  expect_pos(&l, 15, HG_LSP_UTF16, 3, 1);
  expect_pos(&l, 99, HG_LSP_UTF16, 3, 1);   /* clamped */

  hg_lsp_pos p = {0, 4};
  assert_int_equal(hg_lsp_offset_from_pos(&l, p, HG_LSP_UTF16), 7);
  p.character = 3;   /* inside the surrogate pair */
  assert_int_equal(hg_lsp_offset_from_pos(&l, p, HG_LSP_UTF16), 3);
  p.character = 100;
  assert_int_equal(hg_lsp_offset_from_pos(&l, p, HG_LSP_UTF16), 8);
  p.character = 3;
  assert_int_equal(hg_lsp_offset_from_pos(&l, p, HG_LSP_UTF32), 7);
  p.line = 9;
  assert_int_equal(hg_lsp_offset_from_pos(&l, p, HG_LSP_UTF16), strlen(t));

  assert_int_equal(hg_lsp_offset_from_line_col(&l, 1, 4), 3);
  assert_int_equal(hg_lsp_offset_from_line_col(&l, 2, 1), 10);
  assert_int_equal(hg_lsp_offset_from_line_col(&l, 2, 50), 11);
  assert_int_equal(hg_lsp_offset_from_line_col(&l, 9, 1), strlen(t));
  hg_lsp_lines_free(&l);

  /* invalid UTF-8: one unit per byte */
  const char *bad = "\xff\xc3(z";
  hg_lsp_lines_init(&l, bad, strlen(bad));
  expect_pos(&l, 3, HG_LSP_UTF16, 0, 3);
  expect_pos(&l, 3, HG_LSP_UTF32, 0, 3);
  hg_lsp_lines_free(&l);

  /* empty text */
  hg_lsp_lines_init(&l, "", 0);
  assert_int_equal(l.n, 1);
  expect_pos(&l, 0, HG_LSP_UTF16, 0, 0);
  hg_lsp_lines_free(&l);
}

static void test_tokens(void **state) {
  (void)state;
  const char *t = "  return x_1;}\n\xc3\xbc";
  hg_lsp_lines l;
  hg_lsp_lines_init(&l, t, strlen(t));
  assert_int_equal(hg_lsp_token_end(&l, 2), 8);
  assert_int_equal(hg_lsp_token_end(&l, 9), 12);
  assert_int_equal(hg_lsp_token_end(&l, 12), 13);
  assert_int_equal(hg_lsp_token_end(&l, 14), 14);   /* the line end */
  assert_int_equal(hg_lsp_token_end(&l, 15), 17);   /* a whole UTF-8 character */
  assert_int_equal(hg_lsp_token_end(&l, 17), 17);
  hg_lsp_lines_free(&l);
}

static void test_string(void **state) {
  (void)state;
  json_t *j = hg_lsp_string("a\xff" "b\xc3\xbc");
  assert_non_null(j);
  assert_string_equal(json_string_value(j), "a\xef\xbf\xbd" "b\xc3\xbc");
  json_decref(j);
  j = hg_lsp_string(NULL);
  assert_string_equal(json_string_value(j), "");
  json_decref(j);
}

/* ---- URIs ------------------------------------------------------------------------------ */

static void test_uris(void **state) {
  (void)state;
  char *u = hg_lsp_uri_from_path("/a b/c%d/\xc3\xbc-_.~x.c");
  assert_string_equal(u, "file:///a%20b/c%25d/%C3%BC-_.~x.c");
  char *p = hg_lsp_path_from_uri(u);
  assert_string_equal(p, "/a b/c%d/\xc3\xbc-_.~x.c");
  free(u);
  free(p);
  p = hg_lsp_path_from_uri("file://localhost/x/y.c");
  assert_string_equal(p, "/x/y.c");
  free(p);
  p = hg_lsp_path_from_uri("FILE:///x/%3a.c?query#frag");
  assert_string_equal(p, "/x/:.c");
  free(p);
  assert_null(hg_lsp_path_from_uri("untitled:Untitled-1"));
  assert_null(hg_lsp_path_from_uri("file://host/x.c"));
  assert_null(hg_lsp_path_from_uri("file:///x/%zz"));
  assert_null(hg_lsp_path_from_uri("file:///x/%00"));
  assert_null(hg_lsp_path_from_uri("file:///x/%4"));
  assert_null(hg_lsp_path_from_uri(NULL));
}

static void test_encodings(void **state) {
  (void)state;
  hg_lsp_encoding e;
  assert_true(hg_lsp_encoding_from_name("utf-8", &e) && e == HG_LSP_UTF8);
  assert_true(hg_lsp_encoding_from_name("utf-32", &e) && e == HG_LSP_UTF32);
  assert_true(hg_lsp_encoding_from_name("utf-16", &e) && e == HG_LSP_UTF16);
  assert_false(hg_lsp_encoding_from_name("latin-1", &e));
  assert_string_equal(hg_lsp_encoding_name(HG_LSP_UTF8), "utf-8");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_framing),   cmocka_unit_test(test_oversized), cmocka_unit_test(test_write),
      cmocka_unit_test(test_positions), cmocka_unit_test(test_tokens),    cmocka_unit_test(test_string),
      cmocka_unit_test(test_uris),      cmocka_unit_test(test_encodings),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
