/*
 * engine_int.h - what the engine's translation units share: the
 * translation-unit-wide facts (which records are handles, where their guard
 * is, per-function summaries) computed before any path is explored.
 * Private to rules/: checks only see rule.h.
 */
#ifndef HG_RULES_ENGINE_INT_H
#define HG_RULES_ENGINE_INT_H

#include <regex.h>
#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "model.h"

#define HG_MAX_SUMMARY_PARAMS 32

/* Inferred inner fields (hg_config.infer_inner_fields): what the first pass
 * saw of each field of a handle record. */
enum {
  HG_FF_LOCKED = 1,   /* used while the handle's lock was held */
  HG_FF_MUTATED = 2,  /* written (or passed for writing) outside construction */
};
/* A helper's use of a field of its handle parameter, made without the lock:
 * its callers decide (they may hold the lock, or pass a fresh handle). */
enum { HG_FR_ACCESS = 1, HG_FR_WRITE = 2 };
typedef struct hg_fieldref {
  uint8_t param, flags;
  int32_t record, field;
} hg_fieldref;

/* Per-function facts, some from a syntactic pre-scan, the rest computed by
 * running the path analysis on the function ("summary"). */
typedef struct hg_fsum {
  /* pre-scan */
  bool scanned;
  bool in_system;          /* defined in a system header: never reported */
  bool exported;           /* external linkage (and regex), or address taken */
  bool handle_param;       /* some parameter is a handle */
  bool mentions_handle;    /* uses a handle-typed variable or a handle record's field */
  bool calls_protocol;     /* calls an enter/leave/begin-free/is-freeing function */
  bool calls_begin_free;
  bool calls_enter, calls_leave; /* directly: one without the other makes a wrapper candidate */
  bool calls_alloc;        /* calls an allocator */
  bool complex;            /* too deep or shaped beyond the CFG builder: skipped */
  uint32_t *callees;       /* functions of the model called directly, deduplicated */
  uint32_t ncallees;
  /* blocking (transitive) */
  bool blocks;
  const hg_node *block_call;   /* the call that makes it block */
  const char *block_callee;    /* its callee name */
  int32_t block_next;          /* the callee's function index when it is a TU function that blocks */
  /* summary from the path analysis (parameter bitmasks, parameters < 32);
   * everything from here on is reset by hg_tu_reset_summaries() */
  hg_fieldref *fref;           /* first pass of infer_inner_fields only */
  uint32_t nfref, cap_fref;
  bool analyzed;
  bool returns_fresh;          /* every non-null return value is a fresh allocation */
  uint32_t touches;            /* touches inner state of handle parameter i without entering */
  uint32_t frees;              /* deallocates handle parameter i */
  uint32_t returns_inner;      /* returns a pointer into inner state of handle parameter i */
  uint32_t returns_deriv;      /* returns a pointer derived from (non-handle) pointer parameter i */
  /* enter wrapper: enters the caller's token `ew_prefix param[ew_root] ew_suffix`
   * on the guard of handle parameter ew_guard; returns ew_vk/ew_v per outcome
   * (entered, failed), or always enters */
  bool ew, ew_always;
  int8_t ew_guard, ew_root;
  char ew_prefix;
  char ew_suffix[64];
  uint8_t ew_vk[2];
  int32_t ew_v[2];
  /* leave wrapper: leaves the caller's token `lw_prefix param[lw_root] lw_suffix` */
  bool lw;
  int8_t lw_root;
  char lw_prefix;
  char lw_suffix[64];
  /* the same for a lock that is a global (`pthread_mutex_lock(&g_lock)`):
   * the token is `ewg_key` / `lwg_key` in every function; ewg_global is the
   * global variable it is rooted in when that is a handle, else -1 */
  bool ewg, ewg_always;
  int32_t ewg_global;
  uint8_t ewg_vk[2];
  int32_t ewg_v[2];
  char ewg_key[64];
  bool lwg;
  char lwg_key[64];
  /* begin-free wrapper: runs begin-free on handle parameter bw_param and
   * returns bw_vk/bw_v per outcome (drained, not), or always drains */
  bool bw, bw_always;
  int8_t bw_param;
  uint8_t bw_vk[2];
  int32_t bw_v[2];
  hg_loc touch_loc[HG_MAX_SUMMARY_PARAMS];
  const char *touch_field[HG_MAX_SUMMARY_PARAMS];
  hg_loc free_loc[HG_MAX_SUMMARY_PARAMS];
  const char *free_name[HG_MAX_SUMMARY_PARAMS];
} hg_fsum;

typedef struct hg_tu {
  const hg_model *m;
  const hg_config *cfg;
  /* records */
  int32_t *canon;             /* per record: the complete record with the same tag, or itself */
  bool *is_guard_record;      /* the record is the guard type */
  bool *is_handle;
  int32_t *guard_field;       /* the handle's own guard field, -1 */
  bool *guard_by_ptr;
  int32_t *inner_guard_field; /* field reaching a guard in inner state, -1 */
  bool any_handle;
  /* functions */
  hg_fsum *sum;
  const hg_node ***callee_calls; /* per function: the first call node per callee */
  uint32_t *fn_hash;          /* name -> function index + 1, open addressing */
  uint32_t fn_hash_cap;
  bool have_regex;
  regex_t regex;
  /* begin-free's success value */
  bool drained_known;
  int64_t drained;
  /* begin-free's other results (cfg->not_drained), resolved; all_failures_known
   * when every one of them resolved, so excluding them all means drained */
  int64_t failure[8];
  uint32_t nfailure;
  bool all_failures_known;
  /* per cfg->enter[i]: the value that means success for HG_ENTER_ZERO
   * (0, or the enumerator named by success_value) */
  int64_t *enter_success;
  /* infer_inner_fields: per canonical record, HG_FF_* per field (NULL until
   * a field of the record is seen); `collecting` during the first pass */
  uint8_t **field_flags;
  bool collecting;
} hg_tu;

/* handles.c */
void hg_tu_classify_records(hg_tu *tu);
int32_t hg_tu_canon(const hg_tu *tu, int32_t record);
/* The record a type designates as a handle: `T *` (depth 1) or `T` (depth 0)
 * where T is a handle record; -1 otherwise.  *by_value tells which. */
int32_t hg_tu_handle_record_of(const hg_tu *tu, const hg_type *t, bool *by_value);
/* The type is, or points to, the guard type (any depth). */
bool hg_tu_type_is_guard(const hg_tu *tu, const hg_type *t);
/* A synchronisation object or an atomic (pthread_cond_t, sem_t, atomic_int,
 * _Atomic ...): used without the lock by design, never inferred inner. */
bool hg_tu_type_is_sync(const hg_tu *tu, const hg_type *t);

/* summary.c */
void hg_tu_prescan(hg_tu *tu);
void hg_tu_free(hg_tu *tu);
/* Forgets what the path analysis computed (keeps the pre-scan), for a
 * second pass under new facts. */
void hg_tu_reset_summaries(hg_tu *tu);
/* Bottom-up order of the functions with bodies (callees first); *cycles is
 * set when the call graph has recursion.  Caller frees the array. */
uint32_t *hg_tu_bottom_up(const hg_tu *tu, uint32_t *n, bool *cycles);
/* Reverse call edges: the callers of function g are
 * callers[(*start)[g] .. (*start)[g + 1]).  Caller frees both arrays. */
uint32_t *hg_tu_callers(const hg_tu *tu, uint32_t **start);
bool hg_tu_is_alloc(const hg_tu *tu, const char *name);
bool hg_tu_is_dealloc(const hg_tu *tu, const char *name);
bool hg_tu_is_leave(const hg_tu *tu, const char *name);
bool hg_tu_is_begin_free(const hg_tu *tu, const char *name);
bool hg_tu_is_is_freeing(const hg_tu *tu, const char *name);
/* The callee of a CALL node: its function index in the model, or -1. */
int32_t hg_tu_callee(const hg_tu *tu, const hg_node *call);
/* A direct call to `name` (function index fidx, or -1) blocks by itself:
 * the configured list or an HG_BLOCKING annotation. */
bool hg_tu_blocking_by_itself(const hg_tu *tu, const char *name, int32_t fidx);
/* A call of a C library function that blocks by default whose arguments make
 * it return at once: a zero timeout (poll, epoll_wait), WNOHANG (waitpid,
 * wait4, waitid), MSG_DONTWAIT (recv, send and their variants). */
bool hg_call_returns_at_once(const char *name, const hg_node *call);

#endif /* HG_RULES_ENGINE_INT_H */
