/*
 * nolint.h - NOLINT, NOLINTNEXTLINE and NOLINTBEGIN/NOLINTEND suppression
 * comments, read the way clang-tidy reads them so that one source file
 * behaves the same under handleguard-check and under the clang-tidy plugin.
 *
 * Pure text processing over a file's bytes; no clang, no model.
 *
 * The rules (clang-tidy's NoLintDirectiveHandler):
 *   - A directive is the text "NOLINT" followed by letters that spell one of
 *     NOLINT, NOLINTNEXTLINE, NOLINTBEGIN, NOLINTEND.  It is found anywhere in
 *     the text, not only inside comments.
 *   - An optional check list follows immediately in parentheses; it ends at
 *     the first ')' on the same line (no ')' before the end of the line: no
 *     list, so every check is suppressed).  The list is comma separated glob
 *     patterns ('*' matches anything); negative globs ("-x") are ignored;
 *     "NOLINT()" suppresses nothing.
 *   - NOLINT suppresses diagnostics on its own line, NOLINTNEXTLINE those on
 *     the following line, a NOLINTBEGIN/NOLINTEND pair those strictly between
 *     the two directives.  Pairs nest like brackets and an END closes the
 *     innermost open BEGIN only when both carry the same check list
 *     (whitespace around the globs ignored); anything unmatched is an error.
 *   - Only warnings are suppressed, never errors.
 */
#ifndef HG_CHECKER_NOLINT_H
#define HG_CHECKER_NOLINT_H

#include <stdbool.h>
#include <stddef.h>

/* True when a NOLINT on the line holding byte `pos`, or a NOLINTNEXTLINE on
 * the line before it, suppresses `check` (e.g. "handleguard-box-freed"). */
bool hg_nolint_line_suppresses(const char *buf, size_t len, size_t pos, const char *check);

typedef struct hg_nolint_block hg_nolint_block;   /* one matched BEGIN/END pair */

/* A NOLINTBEGIN without its END, or an END without its BEGIN. */
typedef struct hg_nolint_error {
  size_t pos;            /* offset of the 'N' of the directive */
  bool unmatched_begin;  /* true: NOLINTBEGIN; false: NOLINTEND */
} hg_nolint_error;

/* Every NOLINTBEGIN/NOLINTEND block of one file, and the directives that did
 * not pair up. */
typedef struct hg_nolint_blocks {
  hg_nolint_block *v;
  size_t n;
  hg_nolint_error *errors;
  size_t nerrors;
} hg_nolint_blocks;

/* Scans the whole buffer and pairs BEGINs with ENDs.  The blocks point into
 * `buf`, which must outlive them. */
void hg_nolint_blocks_build(const char *buf, size_t len, hg_nolint_blocks *out);
void hg_nolint_blocks_free(hg_nolint_blocks *b);
/* True when byte `pos` lies inside a block whose check list covers `check`. */
bool hg_nolint_blocks_suppress(const hg_nolint_blocks *b, size_t pos, const char *check);
/* clang-tidy's wording for an unmatched directive. */
const char *hg_nolint_error_message(const hg_nolint_error *e);

/* True when the comma-separated glob list `globs` (length `len`) holds a
 * positive glob matching `check`.  Exposed for tests. */
bool hg_nolint_globs_match(const char *globs, size_t len, const char *check);

#endif /* HG_CHECKER_NOLINT_H */
