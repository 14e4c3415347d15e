/*
 * report_machine.h - the run's diagnostics as SARIF 2.1.0 or as a JSON array
 * (--format=sarif|json), written through checker/sarif.h.  The NOLINT
 * pairing errors, which belong to no handleguard check, are added as
 * results of "clang-tidy-nolint".
 */
#ifndef HG_CHECKER_REPORT_MACHINE_H
#define HG_CHECKER_REPORT_MACHINE_H

#include <stdio.h>

#include "report_collect.h"
#include "sarif.h"

/* Writes the document to `out`; `src_root` (may be NULL) is the directory
 * SARIF paths are made relative to.  Returns 0, or -1 on a write error. */
int hg_machine_write(FILE *out, hg_report_format fmt, const hg_out_diags *diags, const char *src_root);

#endif /* HG_CHECKER_REPORT_MACHINE_H */
