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

/* ---- a whole compiler command after "--" ---------------------------------------------- */

static const char *hg__base_name(const char *path) {
  const char *slash = strrchr(path, '/');
  return slash ? slash + 1 : path;
}

/* "12", "19.1", ".exe"-free version suffixes. */
static bool hg__is_version(const char *s) {
  if (!*s) return false;
  for (; *s; s++)
    if (!((*s >= '0' && *s <= '9') || *s == '.')) return false;
  return true;
}

/* `name` is <prefix-><driver>[-<version>] for one of the known drivers. */
static bool hg__is_compiler_name(const char *name) {
  static const char *const drivers[] = {"cc", "c++", "gcc", "g++", "clang", "clang++", "icc", "icx", "tcc", NULL};
  size_t n = strlen(name);
  for (const char *const *d = drivers; *d; d++) {
    size_t k = strlen(*d);
    for (const char *p = name; (p = strstr(p, *d)) != NULL; p++) {
      bool starts = p == name || p[-1] == '-';
      const char *rest = p + k;
      bool ends = *rest == '\0' || (*rest == '-' && hg__is_version(rest + 1));
      if (starts && ends && (size_t)(p - name) + k <= n) return true;
    }
  }
  return false;
}

static bool hg__is_launcher(const char *name) {
  static const char *const launchers[] = {"ccache", "sccache", "distcc", "icecc", NULL};
  return hg__is_one_of(name, launchers);
}

int hg_compile_args_compiler_index(const char *const *argv, int argc) {
  int i = 0;
  while (i < argc && argv[i][0] != '-' && hg__is_launcher(hg__base_name(argv[i]))) i++;
  if (i >= argc || argv[i][0] == '-') return -1;
  return hg__is_compiler_name(hg__base_name(argv[i])) ? i : -1;
}
