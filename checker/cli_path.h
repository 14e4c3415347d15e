/*
 * cli_path.h - path helpers for the driver: making paths absolute the way
 * clang-tidy prints them (the working directory prepended, "." components
 * dropped, ".." kept), directory names, and file-kind tests.
 */
#ifndef HG_CHECKER_CLI_PATH_H
#define HG_CHECKER_CLI_PATH_H

#include <stdbool.h>

/* `path` made absolute against `base` (NULL: the current directory), with
 * "." components and repeated slashes removed.  malloc'd. */
char *hg_path_absolute(const char *path, const char *base);

/* `path` resolved against `base` (NULL: the current directory) with symbolic
 * links, "." and ".." resolved when the file exists; else hg_path_absolute.
 * For comparing files, never for printing.  malloc'd. */
char *hg_path_canonical(const char *path, const char *base);

/* `dir` + "/" + `name`, malloc'd. */
char *hg_path_join(const char *dir, const char *name);

/* The directory part of an absolute path ("/" for "/x"), malloc'd. */
char *hg_path_dirname(const char *path);

bool hg_path_is_regular_file(const char *path);
bool hg_path_is_directory(const char *path);

/* malloc'd copy; aborts on out-of-memory. */
char *hg_xstrdup(const char *s);

#endif /* HG_CHECKER_CLI_PATH_H */
