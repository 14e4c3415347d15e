/*
 * options.h - clang-tidy CheckOptions -> hg_config.
 *
 * One key/value pair at a time, as clang-tidy hands them over: the clang-tidy
 * plugin feeds the CheckOptions clang-tidy already merged, the command-line
 * checker feeds what checker/tidyconfig.c read from .clang-tidy files.  Both
 * therefore accept exactly the same keys and values.  Plain C; no YAML here.
 *
 * Key forms (case-sensitive, like clang-tidy):
 *   handleguard.<Option>           module-wide
 *   handleguard-<check>.<Option>   per check (clang-tidy's own form)
 * The configuration is engine-wide, so both forms set the same field:
 * `handleguard-box-freed.Deallocators` changes the deallocators of every check.
 * Keys outside the handleguard namespace (other tools' checks, clang-tidy's
 * unprefixed globals) are ignored.  An unknown option or check inside the
 * namespace, or a malformed value, is an error.
 *
 * Values: lists are `;`-separated, each item trimmed of whitespace; an empty
 * value is an empty list; a single trailing `;` is tolerated; an empty item
 * elsewhere is an error.  Booleans are YAML's (true/false, yes/no, on/off,
 * y/n in the usual capitalisations) or integers (0 is false).
 *
 * Precedence: `Profile` is applied before every other option, whatever their
 * order; module-wide keys before per-check keys (the more specific one wins,
 * as clang-tidy's getLocalOrGlobal does).  hg_config_set_options() implements
 * that order; hg_config_set_option() applies one key at once (a Profile set
 * through it overwrites the protocol names set before it).
 *
 * Option strings kept in hg_config (guard type, drained value, regex,
 * sentinel) are interned for the life of the process: hg_config_free() does
 * not own them, and interning keeps repeated loads from growing memory.
 */
#ifndef HG_RULES_OPTIONS_H
#define HG_RULES_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "config.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum hg_option_result {
  HG_OPTION_IGNORED = 0, /* not a handleguard key: nothing changed */
  HG_OPTION_APPLIED,     /* the configuration was changed */
  HG_OPTION_BAD_NAME,    /* handleguard namespace, unknown check or option; err explains */
  HG_OPTION_BAD_VALUE,   /* known option, malformed value; err explains; nothing changed */
} hg_option_result;

/* Applies one CheckOptions entry.  On HG_OPTION_BAD_* writes a one-line
 * message (no position, no "error:" prefix) to err[errlen] and leaves `c`
 * unchanged.  With c == NULL the entry is only validated. */
hg_option_result hg_config_apply_option(hg_config *c, const char *name, const char *value,
                                        char *err, size_t errlen);

/* Same, as a yes/no: true when applied or ignored, false on an error. */
bool hg_config_set_option(hg_config *c, const char *name, const char *value, char *err,
                          size_t errlen);

typedef struct hg_option {
  const char *name;
  const char *value;
} hg_option;

/* Applies a whole option map in precedence order (Profile keys first, then
 * module-wide keys, then per-check keys in check-name order; among equals the
 * given order).  Every key is validated first: on an error nothing is applied,
 * *bad_index (when non-NULL) is the offending entry, the message is in err. */
bool hg_config_set_options(hg_config *c, const hg_option *opts, size_t n, size_t *bad_index,
                           char *err, size_t errlen);

/* True when `name` is a handleguard key (`handleguard.*` or `handleguard-*`),
 * known or not. */
bool hg_option_in_namespace(const char *name);

/* The options this module understands, for help texts and dumps. */
typedef struct hg_option_info {
  const char *name;          /* "GuardType" (without a prefix) */
  const char *default_value; /* as it would be written in .clang-tidy */
  const char *summary;
} hg_option_info;
const hg_option_info *hg_option_table(size_t *n);

/* Writes `c` as the value of each option, one `  handleguard.<Option>: '<value>'`
 * line per option (a CheckOptions map body, for --dump-config). */
void hg_config_dump_options(const hg_config *c, FILE *out);

/* Writes `s` as a single-quoted YAML scalar ('' for each quote), as
 * clang-tidy's --dump-config does. */
void hg_put_yaml_quoted(FILE *out, const char *s);

#ifdef __cplusplus
}
#endif

#endif /* HG_RULES_OPTIONS_H */
