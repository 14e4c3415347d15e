/*
 * cli_linefilter.h - which lines may report diagnostics: clang-tidy's
 * --line-filter (a JSON list of {"name": <file>, "lines": [[first, last], ...]})
 * and --diff, which builds the same filter from the hunks of
 * `git diff -U0 <rev>` (the lines a change added or modified, as
 * clang-tidy-diff.py does).
 *
 * Matching is clang-tidy's: the first entry whose name is a suffix of the
 * diagnostic's file name decides; an entry without "lines" lets the whole
 * file through; a file no entry names reports nothing.
 */
#ifndef HG_CHECKER_CLI_LINEFILTER_H
#define HG_CHECKER_CLI_LINEFILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct hg_line_range {
  uint32_t first, last;
} hg_line_range;

typedef struct hg_line_filter_entry {
  char *name;
  hg_line_range *ranges;
  size_t nranges;
  bool all_lines;   /* no "lines" given */
} hg_line_filter_entry;

typedef struct hg_line_filter {
  hg_line_filter_entry *v;
  size_t n;
} hg_line_filter;

void hg_line_filter_free(hg_line_filter *f);

/* Parses --line-filter's JSON.  False with a message in err[errlen]. */
bool hg_line_filter_parse(const char *json, hg_line_filter *out, char *err, size_t errlen);

/* Builds a filter from unified-diff text with zero context lines: for each
 * "+++ b/<path>", the new-side line ranges of its "@@ -a,b +c,d @@" hunks
 * (pure deletions add nothing).  Paths are joined to `top` (the repository's
 * top level).  A file whose diff has no added lines is still listed, with no
 * lines, so nothing in it is reported. */
void hg_line_filter_from_diff(const char *diff, size_t len, const char *top, hg_line_filter *out);

/* True when a diagnostic of `path` at `line` passes the filter. */
bool hg_line_filter_passes(const hg_line_filter *f, const char *path, uint32_t line);

/* The files the filter names (for --diff without input files), in order. */
size_t hg_line_filter_count(const hg_line_filter *f);
const char *hg_line_filter_name(const hg_line_filter *f, size_t i);

#endif /* HG_CHECKER_CLI_LINEFILTER_H */
