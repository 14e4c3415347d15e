/*
 * config.h - what the rules are configured with: the protocol's function
 * names (so the same checks enforce a mutex, run-down protection or
 * percpu_ref protocol), blocking and deallocating functions, which checks run.
 *
 * Defaults are the libhandleguard runtime.  Front ends fill this from
 * .clang-tidy files / CheckOptions (option names are documented in docs/).
 */
#ifndef HG_RULES_CONFIG_H
#define HG_RULES_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct hg_strlist {
  const char **v;   /* each string heap-owned by the list */
  size_t n, cap;
} hg_strlist;

/* How an enter function reports success. */
typedef enum hg_enter_success {
  HG_ENTER_TRUE,    /* nonzero / true means entered (hg_try_enter) */
  HG_ENTER_ZERO,    /* 0 means entered (pthread_mutex_trylock, mtx_trylock) */
  HG_ENTER_ALWAYS,  /* always enters (pthread_mutex_lock) */
} hg_enter_success;

/* An enter function.  The guard is argument 0; the token is argument 1 when
 * the function takes two or more arguments, else argument 0 (the lock itself). */
typedef struct hg_enter_fn {
  const char *name;
  hg_enter_success success;
  /* HG_ENTER_ZERO (and HG_ENTER_ALWAYS when its result is tested): an
   * enumerator whose value means success (`thrd_success` for the C11 mtx_*
   * functions, set for every `mtx_*` name), resolved in each translation
   * unit; NULL or not declared there: 0.  A static string. */
  const char *success_value;
} hg_enter_fn;

typedef struct hg_config {
  const char *profile;              /* "handleguard", "pthread-mutex", "rundown", "percpu-ref" */
  const char *guard_type;           /* record/typedef name of the guard: "hg_guard" */
  hg_enter_fn *enter; size_t nenter; size_t cap_enter;
  hg_strlist leave;                 /* token is argument 0 */
  hg_strlist begin_free;            /* guard is argument 0 */
  bool begin_free_returns_result;   /* false: the call always drains (percpu_ref_kill) */
  const char *drained_value;        /* "HG_DRAINED" (an enumerator/macro name or an integer) */
  hg_strlist not_drained;           /* begin-free's other results ("HG_ALREADY_FREEING", "HG_TIMED_OUT"):
                                       a path that excluded them all has drained */
  hg_strlist is_freeing;
  hg_strlist deallocators;          /* "free", "realloc" */
  hg_strlist allocators;            /* "malloc", "calloc", "realloc", "aligned_alloc" */
  hg_strlist blocking_extra;        /* added to the built-in list */
  hg_strlist non_blocking;          /* removed from the built-in list */
  hg_strlist handle_types;          /* extra handle records by name */
  const char *exported_regex;       /* NULL: every function with external linkage */
  const char *shutting_down_value;  /* sentinel for fix-its of int-returning ops, or NULL */
  bool enabled[HG_RULE__COUNT];
  bool as_error[HG_RULE__COUNT];
  /* Set by the profile (not options of their own): */
  const char *guard_type_alt;       /* a second guard type of the profile (mtx_t), honoured
                                       while guard_type is still the profile's; or NULL */
  const char *profile_guard_type;   /* the guard type the profile set */
  bool token_is_guard;              /* the lock itself is the token: enter's argument 0
                                       whatever the arity (pthread_mutex_timedlock(&m, &ts)) */
  bool infer_inner_fields;          /* mutual exclusion: inner fields are those the lock is
                                       seen protecting (see docs/semantics.md) */
  bool profile_skips[HG_RULE__COUNT]; /* checks whose premise the protocol lacks: not run */
} hg_config;

void hg_strlist_push(hg_strlist *l, const char *s);
void hg_strlist_clear(hg_strlist *l);
bool hg_strlist_has(const hg_strlist *l, const char *s); /* false for NULL */

/* Defaults: the libhandleguard runtime, every check enabled, none an error. */
void hg_config_init(hg_config *c);
void hg_config_free(hg_config *c);
void hg_config_add_enter(hg_config *c, const char *name, hg_enter_success s);
/* Applies a profile preset over the names (enter/leave/begin-free/is-freeing/
 * guard type).  Returns false for an unknown profile name. */
bool hg_config_apply_profile(hg_config *c, const char *profile);
const hg_enter_fn *hg_config_find_enter(const hg_config *c, const char *name);
/* True when `name` (a record tag or typedef name) is the guard type: GuardType,
 * or the profile's second guard type while GuardType is the profile's. */
bool hg_config_is_guard_type(const hg_config *c, const char *name);

/* The names whose presence in a translation unit makes any check possible:
 * guard types, handle types, enter/leave/begin-free/is-freeing functions.
 * A unit that declares none of them (and annotates no record) cannot get a
 * diagnostic, so front ends may skip its function bodies.  Returns the count
 * written to out (at most max); the strings belong to the configuration. */
size_t hg_config_relevant_names(const hg_config *c, const char **out, size_t max);
/* True when check `id` is enabled and the profile applies it. */
bool hg_config_runs(const hg_config *c, hg_rule_id id);

/* The built-in blocking list (sleeps, waits, joins, blocking I/O). */
extern const char *const hg_default_blocking[];
/* True when `name` is blocking under this configuration (built-in + extra - non_blocking). */
bool hg_config_is_blocking(const hg_config *c, const char *name);

/* clang-tidy style check globs: "-*,handleguard-box-freed,handleguard-op-*".
 * Applies to `set` (enabled[] or as_error[]) left to right.  Globs that match
 * no handleguard check are accepted (they name other tools' checks).
 * Returns false on a malformed list and writes a message to err (size errlen). */
bool hg_config_apply_globs(bool set[HG_RULE__COUNT], const char *globs, char *err, size_t errlen);

#ifdef __cplusplus
}
#endif

#endif /* HG_RULES_CONFIG_H */
