/*
 * cli_compile_args.c - owned argument vectors, and stripping a database
 * compile command down to what a syntax-only parse of its file needs.
 */
#include "cli_compile_args.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cli_path.h"

void hg_argv_push(hg_argv *a, const char *s) {
  if (a->n == a->cap) {
    a->cap = a->cap ? a->cap * 2 : 16;
    a->v = realloc(a->v, (size_t)a->cap * sizeof *a->v);
    if (!a->v) abort();
  }
  a->v[a->n++] = hg_xstrdup(s);
}

void hg_argv_push_all(hg_argv *a, const char *const *v, int n) {
  for (int i = 0; i < n; i++) hg_argv_push(a, v[i]);
}

void hg_argv_free(hg_argv *a) {
  for (int i = 0; i < a->n; i++) free(a->v[i]);
  free(a->v);
  a->v = NULL;
  a->n = a->cap = 0;
}

static bool hg__is_one_of(const char *arg, const char *const *set) {
  for (; *set; set++)
    if (strcmp(arg, *set) == 0) return true;
  return false;
}

/* Flags dropped on their own. */
static bool hg__is_dropped_flag(const char *arg) {
  static const char *const flags[] = {"-c", "-S", "-E", "-fsyntax-only", "--", "-M",
                                      "-MM", "-MD", "-MMD", "-MG", "-MP", NULL};
  return hg__is_one_of(arg, flags);
}

/* Flags dropped together with the argument that follows them. */
static bool hg__is_dropped_with_value(const char *arg) {
  static const char *const flags[] = {"-o", "-MF", "-MT", "-MQ", NULL};
  return hg__is_one_of(arg, flags);
}

/* "-ofoo", "-MFfoo", "-MTfoo", "-MQfoo": the value glued to the flag. */
static bool hg__is_dropped_joined(const char *arg) {
  return (strncmp(arg, "-o", 2) == 0 && arg[2]) ||
         ((strncmp(arg, "-MF", 3) == 0 || strncmp(arg, "-MT", 3) == 0 ||
           strncmp(arg, "-MQ", 3) == 0) && arg[3]);
}

static bool hg__is_input_file(const char *arg, const char *file, const char *dir) {
  if (!file || arg[0] == '-') return false;
  if (strcmp(arg, file) == 0) return true;
  char *a = hg_path_absolute(arg, dir), *b = hg_path_absolute(file, dir);
  bool same = strcmp(a, b) == 0;
  free(a);
  free(b);
  return same;
}

void hg_compile_args_strip(const char *const *argv, int argc, const char *file, const char *dir,
                           hg_argv *out) {
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    if (hg__is_dropped_with_value(arg)) {
      i++;
      continue;
    }
    if (hg__is_dropped_flag(arg) || hg__is_dropped_joined(arg) || hg__is_input_file(arg, file, dir))
      continue;
    hg_argv_push(out, arg);
  }
}
