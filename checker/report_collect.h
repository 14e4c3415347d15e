/*
 * report_collect.h - the diagnostics that survive filtering, collected over
 * every translation unit of a run, then sorted and de-duplicated before they
 * are printed (as clang-tidy does: a header diagnostic seen from two
 * translation units is printed once).  Each entry owns copies of its strings,
 * so models can be freed as soon as their translation unit is done.
 */
#ifndef HG_CHECKER_REPORT_COLLECT_H
#define HG_CHECKER_REPORT_COLLECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct hg_source;

/* A place in a file, as printed: path, 1-based line and byte column, and the
 * byte offset (the sort key within a file); `src` is the file's contents for
 * the snippet (borrowed from the run's hg_sources, may be NULL). */
typedef struct hg_out_loc {
  char *path;
  uint32_t line;
  uint32_t col;
  size_t offset;
  const struct hg_source *src;
} hg_out_loc;

typedef struct hg_out_note {
  hg_out_loc loc;
  char *message;
} hg_out_note;

/* One replacement of a fix-it: bytes [offset, offset + length) of the file
 * at `path` (absolute) become `text`. */
typedef struct hg_out_fix {
  char *path;
  uint32_t offset, length;
  char *text;
} hg_out_fix;

typedef struct hg_out_diag {
  hg_out_loc loc;
  char *check;        /* "handleguard-box-freed", "clang-tidy-nolint" */
  int rule;           /* the hg_rule_id, or -1 (clang-tidy-nolint) */
  char *message;
  bool is_error;      /* printed as "error:" */
  bool promoted;      /* an error because of --warnings-as-errors */
  hg_out_note *notes;
  uint32_t nnotes;
  hg_out_fix *fixes;  /* the diagnostic's fix-its */
  uint32_t nfixes;
  char *build_dir;    /* the compile command's directory, or NULL (current) */
  size_t fix_id;      /* its id in the run's hg_fixes, once added */
} hg_out_diag;

typedef struct hg_out_diags {
  hg_out_diag *v;
  size_t n, cap;
} hg_out_diags;

void hg_out_diags_init(hg_out_diags *r);
void hg_out_diags_free(hg_out_diags *r);

/* Appends a diagnostic at `where` (its path copied); returns it for
 * hg_out_diag_add_note. */
hg_out_diag *hg_out_diags_add(hg_out_diags *r, hg_out_loc where, const char *check,
                              const char *message);
void hg_out_diag_add_note(hg_out_diag *d, hg_out_loc where, const char *message);
void hg_out_diag_add_fix(hg_out_diag *d, const char *path, uint32_t offset, uint32_t length,
                         const char *text);
void hg_out_diag_set_build_dir(hg_out_diag *d, const char *dir);

/* The absolute path of a location's file (its source's path when known). */
const char *hg_out_loc_abs_path(const hg_out_loc *l);

/* Sorts by path, offset, check and message, and drops exact repeats. */
void hg_out_diags_sort_unique(hg_out_diags *r);

/* How many entries are errors promoted by --warnings-as-errors. */
size_t hg_out_diags_count_promoted(const hg_out_diags *r);
/* How many entries are errors of any kind. */
size_t hg_out_diags_count_errors(const hg_out_diags *r);

#endif /* HG_CHECKER_REPORT_COLLECT_H */
