/*
 * report_source.h - the source files diagnostics point into, read once per
 * run: their bytes (for source snippets and NOLINT comments), a line table,
 * and the file's NOLINTBEGIN/NOLINTEND blocks once someone asks for them.
 */
#ifndef HG_CHECKER_REPORT_SOURCE_H
#define HG_CHECKER_REPORT_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nolint.h"

typedef struct hg_source {
  char *path;
  char *data;            /* the file's bytes (NUL-terminated copy), NULL when unreadable */
  size_t len;
  size_t *line_starts;   /* offset of the first byte of each line */
  size_t nlines;
  bool blocks_built;     /* `blocks` is valid */
  hg_nolint_blocks blocks;
} hg_source;

typedef struct hg_sources {
  hg_source **v;
  size_t n, cap;
} hg_sources;

void hg_sources_init(hg_sources *s);
void hg_sources_free(hg_sources *s);

/* The file at `path`, read on first use; never NULL (data is NULL when the
 * file cannot be read as a regular file). */
hg_source *hg_sources_get(hg_sources *s, const char *path);

/* The bytes of 1-based line `line` without its line terminator.  False when
 * the file is unreadable or has no such line. */
bool hg_source_line(const hg_source *src, uint32_t line, const char **text, size_t *len);

/* 1-based line and byte column of `offset`.  False when out of range. */
bool hg_source_line_col(const hg_source *src, size_t offset, uint32_t *line, uint32_t *col);

/* The file's NOLINTBEGIN/NOLINTEND blocks, built on first call; *fresh is set
 * to true on that first call only, so the caller reports unmatched directives
 * once per file, as clang-tidy does. */
const hg_nolint_blocks *hg_source_blocks(hg_source *src, bool *fresh);

#endif /* HG_CHECKER_REPORT_SOURCE_H */
