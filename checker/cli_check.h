/*
 * cli_check.h - a checking run of handleguard-check: the line filter
 * (--line-filter, or --diff through git), the jobs, each file's
 * configuration (resolved up front, on this thread), the result cache, the
 * parallel parse (-j) and the report.
 */
#ifndef HG_CHECKER_CLI_CHECK_H
#define HG_CHECKER_CLI_CHECK_H

#include "cli_config.h"
#include "cli_options.h"

/* Returns the exit status. */
int hg_check(const hg_cli_options *o, hg_cli_config *cc);

#endif /* HG_CHECKER_CLI_CHECK_H */
