/*
 * test_tu_model.c - the kept translation units of the language server build
 * the same model as a one-shot parse: for each C file given, the model dump
 * of hg_frontend_parse must equal that of hg_frontend_tu_open with the
 * file's text as an unsaved buffer, of a re-parse of it (the precompiled
 * preamble in use), and of a re-parse after an edit undone.  Also checks
 * that a buffer edit is seen without touching the file.
 *
 *   hg-lsp-tu-model <runtime include dir> <file.c>...
 * Exit status 0 when every file agrees, 1 otherwise.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frontend.h"
#include "model.h"

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 1 << 16, n = 0, r;
  char *buf = malloc(cap);
  while (buf && (r = fread(buf + n, 1, cap - n - 1, f)) > 0)
    if ((n += r) + 1 >= cap) buf = realloc(buf, cap *= 2);
  fclose(f);
  if (!buf) abort();
  buf[n] = '\0';
  *len = n;
  return buf;
}

/* The model's dump, or a description of the failure. */
static char *dump_of(hg_parse_status st, hg_model *m) {
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  if (!f) abort();
  if (st == HG_PARSE_OK && m) hg_model_dump(m, f);
  else fprintf(f, "<status %d>\n", (int)st);
  fclose(f);
  if (m) hg_model_free(m);
  return text;
}

static bool same(const char *file, const char *what, const char *want, const char *got) {
  if (strcmp(want, got) == 0) return true;
  size_t i = 0;
  while (want[i] && want[i] == got[i]) i++;
  size_t from = i > 200 ? i - 200 : 0;
  fprintf(stderr, "%s: %s differs from hg_frontend_parse at byte %zu:\n--- parse\n%.400s\n--- %s\n%.400s\n", file,
          what, i, want + from, what, got + from);
  return false;
}

static bool check_file(hg_frontend *fe, const char *include_arg, const char *path) {
  const char *args[] = {"-std=c11", include_arg};
  size_t len;
  char *text = slurp(path, &len);
  if (!text) {
    fprintf(stderr, "%s: cannot read\n", path);
    return false;
  }
  hg_model *m = NULL;
  hg_parse_status st = hg_frontend_parse(fe, path, args, 2, NULL, &m, stderr);
  char *want = dump_of(st, m);
  bool ok = true;

  hg_frontend_tu *tu = NULL;
  st = hg_frontend_tu_open(fe, path, args, 2, NULL, text, len, &tu, stderr);
  if (st != HG_PARSE_OK) {
    ok = same(path, "hg_frontend_tu_open", want, "<open failed>\n");
  } else {
    m = NULL;
    st = hg_frontend_tu_model(tu, &m, stderr);
    char *got = dump_of(st, m);
    ok = same(path, "the opened unit", want, got) && ok;
    free(got);

    m = NULL;
    st = hg_frontend_tu_reparse(tu, text, len, stderr);
    if (st == HG_PARSE_OK) st = hg_frontend_tu_model(tu, &m, stderr);
    got = dump_of(st, m);
    ok = same(path, "the re-parsed unit", want, got) && ok;
    free(got);

    /* an edit that breaks the file, then the original text again */
    static const char tail[] = "\nint ;;; syntax error (\n";
    char *broken = malloc(len + sizeof tail);
    if (!broken) abort();
    memcpy(broken, text, len);
    memcpy(broken + len, tail, sizeof tail);
    m = NULL;
    st = hg_frontend_tu_reparse(tu, broken, len + sizeof tail - 1, NULL);
    if (st == HG_PARSE_OK) st = hg_frontend_tu_model(tu, &m, NULL);
    if (st != HG_PARSE_ERRORS) {
      fprintf(stderr, "%s: a broken buffer gave status %d, not HG_PARSE_ERRORS\n", path, (int)st);
      ok = false;
    }
    if (m) hg_model_free(m);
    free(broken);
    m = NULL;
    st = hg_frontend_tu_reparse(tu, text, len, stderr);
    if (st == HG_PARSE_OK) st = hg_frontend_tu_model(tu, &m, stderr);
    got = dump_of(st, m);
    ok = same(path, "the unit re-parsed after an edit was undone", want, got) && ok;
    free(got);
    hg_frontend_tu_close(tu);
  }
  free(want);
  free(text);
  return ok;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s <include dir> <file.c>...\n", argv[0]);
    return 2;
  }
  char *inc = malloc(strlen(argv[1]) + 3);
  if (!inc) abort();
  sprintf(inc, "-I%s", argv[1]);
  hg_frontend *fe = hg_frontend_new();
  if (!fe) return 1;
  int bad = 0;
  for (int i = 2; i < argc; i++) bad += !check_file(fe, inc, argv[i]);
  hg_frontend_free(fe);
  free(inc);
  printf("%d passed, %d failed\n", argc - 2 - bad, bad);
  return bad ? 1 : 0;
}
