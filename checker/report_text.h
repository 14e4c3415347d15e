/*
 * report_text.h - clang-tidy's text output: the diagnostic line, then the
 * source line and a caret line, the way clang 19 lays them out:
 *
 *   /abs/path/file.c:12:5: warning: message [handleguard-check]
 *      12 |     free(h);
 *         |     ^
 *
 * The line number is right-aligned in max(4, digits) columns after one
 * space; tabs expand to 8-column stops; bytes that are not valid UTF-8 show
 * as <XX> and control characters as <U+XXXX>; lines longer than 4096 bytes
 * get no snippet.
 */
#ifndef HG_CHECKER_REPORT_TEXT_H
#define HG_CHECKER_REPORT_TEXT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "report_collect.h"
#include "report_source.h"

/* Prints the source line `line` of `src` and a caret under byte column
 * `col`.  Prints nothing when the line is unavailable or too long. */
void hg_text_snippet(FILE *out, const hg_source *src, uint32_t line, uint32_t col);

/* Prints one diagnostic with its snippet, then each note with its own. */
void hg_text_print_diag(FILE *out, const hg_out_diag *d);

/* Prints every diagnostic of the list, in its current order.  As clang
 * does, a diagnostic or note at the place the previous one pointed gets no
 * source line (unless it has fix-it hints, or it is a diagnostic after a
 * note). */
void hg_text_print(FILE *out, const hg_out_diags *r);

/* Where fix-its join the layout (any member may be NULL). */
typedef struct hg_text_hooks {
  /* Prints the diagnostic's snippet with its fix-it hints; false: the plain
   * snippet is printed instead. */
  bool (*snippet)(void *ctx, FILE *out, const hg_out_diag *d);
  /* After the diagnostic's snippet, before its notes ("FIX-IT applied");
   * true when it printed something. */
  bool (*after_snippet)(void *ctx, FILE *out, const hg_out_diag *d);
  /* After its notes (the "fix will not be applied" note); true when it
   * printed something. */
  bool (*after_notes)(void *ctx, FILE *out, const hg_out_diag *d);
  void *ctx;
} hg_text_hooks;

/* hg_text_print with the hooks called for each diagnostic. */
void hg_text_print_hooked(FILE *out, const hg_out_diags *r, const hg_text_hooks *h);

#endif /* HG_CHECKER_REPORT_TEXT_H */
