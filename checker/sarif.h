/*
 * sarif.h - machine-readable reports: SARIF 2.1.0 (for GitHub code scanning
 * and other SARIF consumers) and a plain JSON array for scripts.  Built with
 * jansson.  Collect every translation unit's diagnostics, then write once.
 */
#ifndef HG_CHECKER_SARIF_H
#define HG_CHECKER_SARIF_H

#include <stdio.h>

#include "diag.h"
#include "model.h"

typedef struct hg_report hg_report;

typedef enum hg_report_format { HG_REPORT_SARIF, HG_REPORT_JSON } hg_report_format;

/* `docs_base` is prepended to "<check>.md" for each rule's help URI (e.g.
 * "file:///usr/share/doc/handleguard/checks/"); `src_root` (may be NULL) is the
 * directory paths are made relative to (SARIF's %SRCROOT%). */
hg_report *hg_report_new(hg_report_format fmt, const char *tool_version, const char *docs_base,
                         const char *src_root);
/* Adds the diagnostics of one translation unit; `m` resolves file indices.
 * Only diagnostics for which `keep` is NULL or returns nonzero are added. */
void hg_report_add(hg_report *r, const hg_model *m, const hg_diags *d,
                   int (*keep)(const hg_model *m, const hg_diag *g, void *ctx), void *ctx);
/* Writes the document; returns 0 on success, -1 on an I/O error. */
int hg_report_write(hg_report *r, FILE *out);
void hg_report_free(hg_report *r);

#endif /* HG_CHECKER_SARIF_H */
