/*
 * cli_git.h - the little handleguard-check asks git: the top level of the
 * work tree (SARIF's source root, --diff's base for paths) and the
 * zero-context diff against a revision (--diff).  git runs as a child
 * process (posix_spawnp, no shell); its stderr goes to ours.
 */
#ifndef HG_CHECKER_CLI_GIT_H
#define HG_CHECKER_CLI_GIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Runs argv (argv[0] looked up in PATH) and collects its stdout (its stderr
 * goes to ours, or nowhere with `quiet`); *status is its exit status (-1
 * when it could not run or was killed).  The output is NUL-terminated,
 * malloc'd; false when the program could not be started. */
bool hg_run_capture(const char *const *argv, bool quiet, char **out, size_t *len, int *status);

/* The top level of the git work tree holding `dir`, malloc'd; NULL outside
 * one or when git is missing. */
char *hg_git_toplevel(const char *dir);

/* `git diff -U0 <rev> -- <paths>` run in `top` (every change of the tree
 * when npaths is 0).  False after an error message on `err`. */
bool hg_git_diff(const char *top, const char *rev, const char *const *paths, int npaths, char **out,
                 size_t *len, FILE *err);

#endif /* HG_CHECKER_CLI_GIT_H */
