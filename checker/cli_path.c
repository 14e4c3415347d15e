/*
 * cli_path.c - absolute paths, directory names and file-kind tests for the
 * driver (POSIX).
 */
#define _XOPEN_SOURCE 700

#include "cli_path.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *hg_xstrdup(const char *s) {
  size_t n = strlen(s) + 1;
  char *p = malloc(n);
  if (!p) abort();
  return memcpy(p, s, n);
}

static char *hg__current_dir(void) {
  for (size_t cap = 256;; cap *= 2) {
    char *buf = malloc(cap);
    if (!buf) abort();
    if (getcwd(buf, cap)) return buf;
    free(buf);
    if (cap > (1u << 20)) return hg_xstrdup("/");
  }
}

char *hg_path_join(const char *dir, const char *name) {
  size_t a = strlen(dir), b = strlen(name);
  char *p = malloc(a + b + 2);
  if (!p) abort();
  memcpy(p, dir, a);
  size_t n = a;
  if (n == 0 || p[n - 1] != '/') p[n++] = '/';
  memcpy(p + n, name, b + 1);
  return p;
}

/* Drops "." components and empty components (repeated slashes) in place. */
static void hg__remove_dots(char *p) {
  char *out = p, *in = p;
  if (*in == '/') *out++ = *in++;
  while (*in) {
    char *end = strchr(in, '/');
    size_t n = end ? (size_t)(end - in) : strlen(in);
    bool skip = n == 0 || (n == 1 && in[0] == '.');
    if (!skip) {
      if (out > p && out[-1] != '/') *out++ = '/';
      memmove(out, in, n);
      out += n;
    }
    in += n;
    if (*in == '/') in++;
  }
  if (out == p) *out++ = '.';
  *out = '\0';
}

char *hg_path_absolute(const char *path, const char *base) {
  char *joined;
  if (path[0] == '/') {
    joined = hg_xstrdup(path);
  } else {
    char *dir = base ? hg_path_absolute(base, NULL) : hg__current_dir();
    joined = hg_path_join(dir, path);
    free(dir);
  }
  hg__remove_dots(joined);
  return joined;
}

char *hg_path_canonical(const char *path, const char *base) {
  char *abs = hg_path_absolute(path, base);
  char *real = realpath(abs, NULL);
  if (!real) return abs;
  free(abs);
  char *copy = hg_xstrdup(real);
  free(real);
  return copy;
}

char *hg_path_dirname(const char *path) {
  const char *slash = strrchr(path, '/');
  if (!slash) return hg_xstrdup(".");
  if (slash == path) return hg_xstrdup("/");
  size_t n = (size_t)(slash - path);
  char *d = malloc(n + 1);
  if (!d) abort();
  memcpy(d, path, n);
  d[n] = '\0';
  return d;
}

bool hg_path_is_regular_file(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

bool hg_path_is_directory(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}
