/*
 * diag.h - diagnostics produced by the rules: a check, a location, a message,
 * notes that explain the path, and fix-its (byte-range replacements).
 * Reporters (text, YAML fixes, SARIF, LSP) read hg_diags; rules only append.
 */
#ifndef HG_RULES_DIAG_H
#define HG_RULES_DIAG_H

#include "model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Check ids, from rules.def. */
typedef enum hg_rule_id {
#define HG_RULE(id, name, summary) HG_RULE_##id,
#include "rules.def"
#undef HG_RULE
  HG_RULE__COUNT
} hg_rule_id;

const char *hg_rule_name(hg_rule_id id);      /* "access-before-enter" */
const char *hg_rule_summary(hg_rule_id id);
int hg_rule_lookup(const char *name);         /* accepts with or without "handleguard-"; -1 if unknown */

typedef struct hg_note {
  hg_loc loc;
  const char *message;
} hg_note;

/* Replace bytes [range.begin.offset, range.end.offset) of file range.begin.file
 * with `text` (insertion: begin == end). */
typedef struct hg_fixit {
  hg_range range;
  const char *text;
} hg_fixit;

typedef struct hg_diag {
  hg_rule_id rule;
  hg_loc loc;
  const char *message;
  hg_note *notes;   uint32_t nnotes;
  hg_fixit *fixits; uint32_t nfixits;
  bool is_error;    /* set by the driver from WarningsAsErrors */
} hg_diag;

/* A growable list that owns its strings (copied in). */
typedef struct hg_diags {
  hg_diag *v;
  size_t n, cap;
} hg_diags;

void hg_diags_init(hg_diags *d);
void hg_diags_free(hg_diags *d);
/* Appends a diagnostic with a copy of `message`; returns it so the caller can add notes/fixits. */
hg_diag *hg_diags_add(hg_diags *d, hg_rule_id rule, hg_loc loc, const char *message);
/* printf-style message */
hg_diag *hg_diags_addf(hg_diags *d, hg_rule_id rule, hg_loc loc, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
void hg_diag_add_note(hg_diag *diag, hg_loc loc, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
void hg_diag_add_fixit(hg_diag *diag, hg_range range, const char *text);
/* Sorts by (file, offset, rule) and drops exact duplicates (same rule, same location). */
void hg_diags_sort_unique(hg_diags *d);

#ifdef __cplusplus
}
#endif

#endif /* HG_RULES_DIAG_H */
