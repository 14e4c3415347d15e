/*
 * cli_git.c - runs git with posix_spawnp and a pipe: rev-parse
 * --show-toplevel and diff -U0.
 */
#define _POSIX_C_SOURCE 200809L

#include "cli_git.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static char *hg__read_all(int fd, size_t *len) {
  size_t cap = 65536, n = 0;
  char *buf = malloc(cap);
  if (!buf) abort();
  for (;;) {
    if (n + 1 >= cap) {
      buf = realloc(buf, cap *= 2);
      if (!buf) abort();
    }
    ssize_t got = read(fd, buf + n, cap - n - 1);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    n += (size_t)got;
  }
  buf[n] = '\0';
  *len = n;
  return buf;
}

bool hg_run_capture(const char *const *argv, bool quiet, char **out, size_t *len, int *status) {
  int fds[2];
  *out = NULL;
  *len = 0;
  *status = -1;
  if (pipe(fds) != 0) return false;
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, fds[1], STDOUT_FILENO);
  if (quiet) posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addclose(&fa, fds[0]);
  posix_spawn_file_actions_addclose(&fa, fds[1]);
  pid_t pid;
  int rc = posix_spawnp(&pid, argv[0], &fa, NULL, (char *const *)argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  close(fds[1]);
  if (rc != 0) {
    close(fds[0]);
    return false;
  }
  *out = hg__read_all(fds[0], len);
  close(fds[0]);
  int ws;
  while (waitpid(pid, &ws, 0) < 0 && errno == EINTR) {}
  *status = WIFEXITED(ws) ? WEXITSTATUS(ws) : -1;
  return true;
}

char *hg_git_toplevel(const char *dir) {
  const char *argv[] = {"git", "-C", dir, "rev-parse", "--show-toplevel", NULL};
  char *out;
  size_t len;
  int status;
  if (!hg_run_capture(argv, true, &out, &len, &status)) return NULL;
  while (len && (out[len - 1] == '\n' || out[len - 1] == '\r')) out[--len] = '\0';
  if (status != 0 || len == 0) {
    free(out);
    return NULL;
  }
  return out;
}

bool hg_git_diff(const char *top, const char *rev, const char *const *paths, int npaths, char **out,
                 size_t *len, FILE *err) {
  if (!rev[0] || rev[0] == '-') {
    fprintf(err, "error: invalid --diff revision '%s'\n", rev);
    return false;
  }
  const char *fixed[] = {"git", "-C", top, "-c", "core.quotePath=false", "diff", "-U0", "--no-color",
                         "--no-ext-diff", "--no-renames", "--src-prefix=a/", "--dst-prefix=b/", rev, "--"};
  size_t nfixed = sizeof fixed / sizeof fixed[0];
  const char **argv = malloc((nfixed + (size_t)npaths + 1) * sizeof *argv);
  if (!argv) abort();
  memcpy(argv, fixed, sizeof fixed);
  for (int i = 0; i < npaths; i++) argv[nfixed + (size_t)i] = paths[i];
  argv[nfixed + (size_t)npaths] = NULL;
  int status;
  bool ran = hg_run_capture(argv, false, out, len, &status);
  free(argv);
  if (!ran) fprintf(err, "error: --diff: cannot run git: %s\n", strerror(errno));
  else if (status != 0) fprintf(err, "error: --diff: 'git diff %s' failed (exit status %d)\n", rev, status);
  if (ran && status == 0) return true;
  free(*out);
  *out = NULL;
  return false;
}
