/*
 * cli_output.c - atomic whole-file output: mkstemp next to the
 * destination, write, fsync, rename.
 */
#define _POSIX_C_SOURCE 200809L

#include "cli_output.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_path.h"

bool hg_output_open(hg_output *o, const char *path, FILE *err) {
  memset(o, 0, sizeof *o);
  if (strcmp(path, "-") == 0) {
    o->f = stdout;
    return true;
  }
  char *abs = hg_path_absolute(path, NULL);
  char *dir = hg_path_dirname(abs);
  char *base = strrchr(abs, '/') + 1;
  size_t n = strlen(dir) + strlen(base) + 16;
  o->tmp = malloc(n);
  if (!o->tmp) abort();
  snprintf(o->tmp, n, "%s/.%s.XXXXXX", dir, base);
  free(dir);
  int fd = mkstemp(o->tmp);
  if (fd >= 0 && !(o->f = fdopen(fd, "w"))) close(fd), unlink(o->tmp);
  if (!o->f) {
    fprintf(err, "error: cannot write '%s': %s\n", path, strerror(errno));
    free(o->tmp);
    free(abs);
    memset(o, 0, sizeof *o);
    return false;
  }
  o->path = abs;
  return true;
}

/* The destination's permission bits when it exists, else what a new file
 * gets under the umask. */
static mode_t hg__mode_for(const char *path) {
  struct stat st;
  if (stat(path, &st) == 0) return st.st_mode & 07777;
  mode_t mask = umask(0);
  umask(mask);
  return 0666 & ~mask;
}

bool hg_output_close(hg_output *o, bool ok, FILE *err) {
  if (!o->tmp) {
    ok = fflush(o->f) == 0 && ok;
    memset(o, 0, sizeof *o);
    return ok;
  }
  ok = fflush(o->f) == 0 && !ferror(o->f) && ok;
  ok = fsync(fileno(o->f)) == 0 && ok;
  ok = fchmod(fileno(o->f), hg__mode_for(o->path)) == 0 && ok;
  ok = fclose(o->f) == 0 && ok;
  if (ok && rename(o->tmp, o->path) != 0) ok = false;
  if (!ok) {
    if (err) fprintf(err, "error: cannot write '%s': %s\n", o->path, strerror(errno ? errno : EIO));
    unlink(o->tmp);
  }
  free(o->tmp);
  free(o->path);
  memset(o, 0, sizeof *o);
  return ok;
}
