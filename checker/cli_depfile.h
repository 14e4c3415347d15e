/*
 * cli_depfile.h - the Make-style dependency file clang writes with
 * -MD -MF <file> ("target: dep dep \<newline> dep"), read back as the list of
 * files a parse read, made absolute against the compile command's directory.
 * Pure text processing apart from reading the file, so it is unit-tested.
 */
#ifndef HG_CHECKER_CLI_DEPFILE_H
#define HG_CHECKER_CLI_DEPFILE_H

#include <stdbool.h>
#include <stddef.h>

typedef struct hg_deps {
  char **v;   /* absolute paths, in the order clang listed them */
  size_t n, cap;
} hg_deps;

void hg_deps_free(hg_deps *d);

/* Parses the text of a dependency file.  Relative paths are made absolute
 * against `dir` (NULL: the current directory).  clang's escapes are undone:
 * "\ " is a space (backslashes before it are halved), "\#" is '#', "$$" is
 * '$', and a backslash at the end of a line continues it.  False when the
 * text has no "target:" part. */
bool hg_depfile_parse(const char *text, size_t len, const char *dir, hg_deps *out);

/* hg_depfile_parse on the contents of `path`; false when it cannot be read. */
bool hg_depfile_read(const char *path, const char *dir, hg_deps *out);

#endif /* HG_CHECKER_CLI_DEPFILE_H */
