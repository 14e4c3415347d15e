/*
 * fixes.h - fix-its over a whole run of handleguard-check: collected from the
 * diagnostics of every translation unit, resolved the way clang-tidy
 * resolves them, applied to the files (--fix, --fix-notes), exported as the
 * replacements YAML that clang-apply-replacements reads (--export-fixes), and
 * shown as clang's fix-it hint lines under a source snippet.
 *
 * A fix is the set of replacements of one diagnostic (or of one of its
 * notes).  A replacement is a byte range [offset, offset + length) of one file
 * and the text that takes its place; an insertion has length 0.
 *
 * Life cycle (one hg_fixes per run):
 *
 *   hg_fixes *fx = hg_fixes_new();
 *   for every diagnostic shown (every translation unit):
 *       id = hg_fixes_add_hg_diag(fx, model, diag, job_dir);   (keep id with the diagnostic)
 *   hg_fixes_resolve(fx);                     duplicates merged, overlaps rejected
 *   if (--fix...)  hg_fixes_apply(fx, mode, stderr);            files written
 *   print the diagnostics; for each one:
 *       hg_fixes_print_snippet(out, fx, id)   (else the usual snippet)
 *       hg_fixes_print_fix_notes(out, fx, id, mode)             with --fix...
 *       the diagnostic's own notes
 *       hg_fixes_print_dropped_note(out, fx, id)
 *   if (--export-fixes)  hg_fixes_export_yaml(fx, file, main_source, stderr);
 *   if (--fix...)  hg_fixes_print_summary(fx, stderr, "handleguard-check");
 *   hg_fixes_free(fx);
 *
 * Resolution (hg_fixes_resolve), as clang-tidy does it:
 *   - diagnostics are sorted by (file, offset, check, message) and exact
 *     repeats (a header diagnostic reached from two translation units) are
 *     merged; the first one stays;
 *   - each diagnostic's fix is its own replacements, or when it has none
 *     those of its first note that has some;
 *   - a message's replacements are rewritten as clang-tidy stores a check's
 *     fix-its (clang's fix-it merging): edits at one offset combine,
 *     adjacent edits join into one replacement, and a pure removal that
 *     starts a token also takes a following space when that leaves the text
 *     tidy (or becomes a space when two words would run together), so that
 *     --fix and --export-fixes give what the clang-tidy plugin gives;
 *   - identical replacements (same file, offset, length and text) are one
 *     edit, applied and exported once, whichever diagnostics propose it;
 *   - in that order, a fix that overlaps a replacement already accepted is
 *     rejected whole: it is neither applied nor exported, and the diagnostic
 *     gets clang-tidy's note "this fix will not be applied because it
 *     overlaps with another fix".  Two replacements overlap when their byte
 *     ranges intersect, when an insertion falls strictly inside a replaced
 *     range, or when two different insertions share an offset.  (clang-tidy
 *     prefers the larger of two overlapping fixes and drops both on a partial
 *     overlap; here the earlier diagnostic wins.)
 *
 * Files are identified by their real path (symbolic links resolved), paths
 * relative to a build directory are made absolute against it.  The bytes of
 * each file a replacement points into are captured when the first such
 * replacement is added (or registered before with hg_fixes_expect_file);
 * hg_fixes_apply refuses to touch a file whose bytes differ from them.
 *
 * Not thread-safe.  Allocation failure aborts, as in the rest of the checker.
 */
#ifndef HG_CHECKER_FIXES_H
#define HG_CHECKER_FIXES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "diag.h"
#include "model.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct hg_fixes hg_fixes;

/* Which fix of a diagnostic --fix applies (clang-tidy's FixBehaviour). */
typedef enum hg_fix_mode {
  HG_FIX_DIAGS = 0,   /* --fix, --fix-errors: the diagnostic's own fix-its */
  HG_FIX_NOTES = 1,   /* --fix-notes: also, when the diagnostic has none, the
                         fix-its of its note when exactly one note has some */
} hg_fix_mode;

/* What became of a diagnostic's fix. */
typedef enum hg_fix_status {
  HG_FIX_STATUS_NONE = 0,    /* no fix-its (or no such id) */
  HG_FIX_STATUS_PENDING,     /* accepted; not applied (yet) */
  HG_FIX_STATUS_OVERLAP,     /* rejected: overlaps an earlier diagnostic's fix */
  HG_FIX_STATUS_MALFORMED,   /* rejected: its own fix-its are inconsistent (a
                                range across files or backwards, or two of its
                                replacements overlap) */
  HG_FIX_STATUS_FAILED,      /* hg_fixes_apply could not apply it (file changed
                                since analysis, unreadable, range outside the
                                file, write error); reported on the stream */
  HG_FIX_STATUS_APPLIED,     /* written to disk by hg_fixes_apply */
} hg_fix_status;

/* The note text clang-tidy attaches to a diagnostic whose fix was dropped. */
#define HG_FIXES_OVERLAP_NOTE "this fix will not be applied because it overlaps with another fix"

/* "No note": the replacement belongs to the diagnostic itself. */
#define HG_FIXES_DIAG ((size_t)-1)

hg_fixes *hg_fixes_new(void);
void hg_fixes_free(hg_fixes *fx);

/* ---- collecting ---------------------------------------------------------------- */

/* Registers the bytes the analysis saw for `path` (relative paths against
 * `build_dir`, NULL: the current directory), e.g. what the parser read.
 * Without it, a file's bytes are read when its first replacement is added.
 * Must come before that replacement; returns false (and changes nothing)
 * when the file already has registered or captured bytes. */
bool hg_fixes_expect_file(hg_fixes *fx, const char *path, const char *build_dir, const void *data,
                          size_t len);

/* Adds one diagnostic of the rule engine with its notes and fix-its; every
 * string is copied, so the model and the diagnostic may be freed right
 * after.  `build_dir` is the compile command's directory (NULL: the current
 * directory): relative file paths are resolved against it, and it is
 * exported as BuildDirectory.  The check is "handleguard-<rule>" and the
 * level Error when d->is_error.  Returns the diagnostic's id for the
 * functions below; ids stay valid until hg_fixes_free. */
size_t hg_fixes_add_hg_diag(hg_fixes *fx, const hg_model *m, const hg_diag *d,
                            const char *build_dir);

/* The same, piece by piece, for diagnostics that do not come from the rule
 * engine (and for notes with fix-its, which hg_diag cannot carry yet).
 * `path` may be NULL for a message without a location. */
size_t hg_fixes_add_diag(hg_fixes *fx, const char *check, const char *message, const char *path,
                         uint32_t offset, bool is_error, const char *build_dir);
/* Adds a note to diagnostic `id`; returns the note's index. */
size_t hg_fixes_add_note(hg_fixes *fx, size_t id, const char *message, const char *path,
                         uint32_t offset);
/* Adds a replacement to diagnostic `id` (note == HG_FIXES_DIAG) or to its
 * note `note`.  Relative paths resolve against the diagnostic's build
 * directory.  Returns false for an unknown id or note. */
bool hg_fixes_add_replacement(hg_fixes *fx, size_t id, size_t note, const char *path,
                              uint32_t offset, uint32_t length, const char *text);

/* ---- resolving and applying --------------------------------------------------------- */

/* Merges repeated diagnostics and rejects overlapping fixes (see above).
 * Call once after the last add; the functions below call it themselves when
 * it was not.  Adding after resolving is not supported. */
void hg_fixes_resolve(hg_fixes *fx);

/* Applies the accepted fixes chosen by `mode` to the files.  Each file is
 * re-read and checked against the bytes captured at analysis time, every
 * range is checked against it, and the new contents are written to a
 * temporary file in the same directory (same mode and owner), flushed to
 * disk and renamed over the original: a file is either fully updated or
 * left untouched.  A fix with a problem is not applied anywhere (none of its
 * files).  Problems are reported on `err` (may be NULL), one line each,
 * starting "error: ".  Returns 0 when every chosen fix was applied, 1 when
 * one was not.  Call at most once. */
int hg_fixes_apply(hg_fixes *fx, hg_fix_mode mode, FILE *err);

/* The fix status of diagnostic `id` (of the diagnostic it was merged into,
 * for a repeat). */
hg_fix_status hg_fixes_status(const hg_fixes *fx, size_t id);

/* Replacements applied and suggested so far, counted as clang-tidy counts
 * them: every replacement of every chosen fix, rejected fixes excluded. */
void hg_fixes_counts(const hg_fixes *fx, size_t *applied, size_t *total);

/* "<tool> applied N of M suggested fixes." on `err`, when there were any. */
void hg_fixes_print_summary(const hg_fixes *fx, FILE *err, const char *tool);

/* ---- export --------------------------------------------------------------------------- */

/* Writes every diagnostic (repeats merged, in resolution order) in the YAML
 * clang-tidy writes for --export-fixes: MainSourceFile, then Diagnostics
 * with DiagnosticName, DiagnosticMessage {Message, FilePath, FileOffset,
 * Replacements}, Notes, Level and BuildDirectory.  Rejected fixes are
 * written as `Replacements: []` with the overlap note, and a replacement
 * already written for an earlier diagnostic is not repeated (so that
 * clang-apply-replacements produces exactly what --fix produces).
 * `main_source_file` is the first input file (absolute); NULL writes ''.
 * Returns false after an "error: ..." line on `err` when the text cannot be
 * represented (a path or a replacement that is not valid UTF-8) or written. */
bool hg_fixes_write_yaml(hg_fixes *fx, FILE *out, const char *main_source_file, FILE *err);

/* hg_fixes_write_yaml into `path` ("-": standard output).  Like clang-tidy,
 * writes nothing when there are no diagnostics at all; the file is produced
 * in memory first, so a failure leaves no partial file behind (only an open
 * error, reported as clang-tidy reports it: "Error opening output file: ..."). */
bool hg_fixes_export_yaml(hg_fixes *fx, const char *path, const char *main_source_file,
                          FILE *err);

/* ---- text output ----------------------------------------------------------------------- */

/* One fix-it hint for the snippet renderer: replace bytes [begin, end) of the
 * snippet's file with `text` (begin == end: insert).  With text == NULL the
 * range is only highlighted (a diagnostic's source range, not a fix-it). */
typedef struct hg_fix_hint {
  size_t begin, end;
  const char *text;
} hg_fix_hint;

/* Prints the source snippet of a diagnostic at 1-based `line` and byte
 * column `col` of the file `data` / `len`, with its fix-its, byte for byte
 * as clang 19 prints it: the lines the caret and the hints cover (at most
 * 16), each as "  NN | source", then the caret line (^ at the location, ~
 * under replaced or highlighted bytes) and, under it, the text of each
 * insertion or replacement that fits on the line (no line break in it),
 * aligned to its column.  Hints on one diagnostic are merged as clang merges
 * them (adjacent edits join, a removal may take a neighbouring space).
 * Tabs expand to 8 columns; bytes that are not UTF-8 show as <XX>, control
 * characters as <U+XXXX>.  With no hints this is the plain snippet.  Prints
 * nothing when the line does not exist or is longer than 4096 bytes. */
void hg_fix_render_snippet(FILE *out, const char *data, size_t len, uint32_t line, uint32_t col,
                           const hg_fix_hint *hints, size_t nhints);

/* The hints of diagnostic `id`: its own replacements in its own file (none
 * when its fix was rejected).  The array belongs to `fx`. */
const hg_fix_hint *hg_fixes_hints(hg_fixes *fx, size_t id, size_t *n);

/* hg_fix_render_snippet for diagnostic `id` with its hints, on the file's
 * bytes as analysed.  Returns false (printing nothing) when the diagnostic
 * has no hints or the file's bytes are not known: print the plain snippet. */
bool hg_fixes_print_snippet(FILE *out, hg_fixes *fx, size_t id);

/* After a diagnostic printed with --fix (so after hg_fixes_apply, whose
 * outcome it reports): one note per replacement of its
 * chosen fix, "<file>:<line>:<col>: note: FIX-IT applied suggested code
 * changes" (or "FIX-IT detected an error" when it was not applied), each
 * with a snippet unless it points where the previous line did (clang's
 * rule).  Prints nothing for a diagnostic without a chosen fix. */
void hg_fixes_print_fix_notes(FILE *out, hg_fixes *fx, size_t id, hg_fix_mode mode);

/* When the fix of `id` was rejected: "note: this fix will not be applied
 * because it overlaps with another fix", as clang-tidy prints it (no
 * location, after the diagnostic's own notes), or for a malformed fix
 * "note: this fix will not be applied because it is malformed: <why>". */
void hg_fixes_print_dropped_note(FILE *out, hg_fixes *fx, size_t id);

#ifdef __cplusplus
}
#endif

#endif /* HG_CHECKER_FIXES_H */
