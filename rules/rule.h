/*
 * rule.h - what a check sees of the engine.
 *
 * The engine (engine.c) explores every function path by path and tells each
 * enabled check about events on the current path: an inner access, a call
 * of interest, a return, a store through an out-parameter.  A check reads
 * the path's state through the hg_ctx_* queries, decides, and reports with
 * hg_ctx_report().  Checks keep no state of their own between events; what
 * they must remember along a path goes into the per-path "quiet" bit each
 * check owns per handle (cleared by the engine whenever that handle is
 * entered again), or into hg_ctx_once() for "once per statement" decisions.
 *
 * Each rules/<check>.c defines exactly one `const hg_rule hg_rule_<id>`;
 * engine.c builds its table from rules.def.  No check includes clang.
 */
#ifndef HG_RULES_RULE_H
#define HG_RULES_RULE_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "diag.h"
#include "model.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct hg_ctx hg_ctx;

/* ---- events --------------------------------------------------------------- */

typedef enum hg_access_via {
  HG_VIA_DIRECT,   /* h->field, (*h).field, &h->field, h->arr[i] */
  HG_VIA_ALIAS,    /* a use of a local that points into inner state */
  HG_VIA_HELPER,   /* a call to a helper that touches the handle's inner state */
} hg_access_via;

typedef struct hg_access_event {
  hg_access_via via;
  const hg_node *node;      /* MEMBER, alias VAR, or helper CALL */
  const hg_node *stmt;      /* the full expression or declaration being evaluated */
  hg_loc loc;               /* where to report */
  int handle;               /* handle index in the current function */
  const char *field;        /* DIRECT: the inner field; HELPER: the field the helper touches */
  bool is_drop;             /* the inner state is deallocated here (free(h->inner), free(alias)) */
  /* VIA_ALIAS */
  const char *alias;        /* the alias variable */
  bool alias_taken_guarded; /* the alias was taken while the handle was entered or drained */
  /* VIA_HELPER */
  const hg_function *helper;
  hg_loc helper_loc;        /* the access inside the helper */
} hg_access_event;

typedef enum hg_call_kind {
  HG_CALL_ENTER,        /* an enter function (or an enter wrapper) */
  HG_CALL_LEAVE,        /* a leave function (or a leave wrapper) */
  HG_CALL_BEGIN_FREE,
  HG_CALL_IS_FREEING,
  HG_CALL_DEALLOC_BOX,  /* a deallocator applied to a handle box (directly or in a helper) */
  HG_CALL_BLOCKING,     /* a blocking function, or a function of this TU that blocks */
} hg_call_kind;

typedef struct hg_call_event {
  hg_call_kind kind;
  const hg_node *call;
  const hg_node *stmt;
  hg_loc loc;               /* the callee name */
  const char *callee;       /* may be NULL for calls through pointers */
  bool discarded;           /* the result is dropped (expression statement, cast to void) */
  bool always;              /* ENTER: cannot fail (a lock); BEGIN_FREE: always drains */
  int token;                /* ENTER / LEAVE: token index, -1 when not tracked */
  int handle;               /* ENTER / BEGIN_FREE / IS_FREEING / DEALLOC_BOX: handle index or -1 */
  /* DEALLOC_BOX */
  const hg_function *helper; /* the helper that frees its parameter, or NULL when direct */
  hg_loc free_loc;          /* where the deallocator is called */
  const char *deallocator;  /* its name */
  /* BLOCKING */
  const hg_function *blocking_fn;  /* the TU function called, when it blocks transitively */
  uint32_t passed_tokens;   /* bit i: token i is an argument of the call */
} hg_call_event;

typedef struct hg_return_event {
  const hg_node *ret;       /* the RETURN node, NULL when falling off the end */
  hg_loc loc;               /* the `return` keyword or the closing brace */
  const hg_node *value;     /* may be NULL */
  int inner_handle;         /* the value points into inner state of this handle, or -1 */
} hg_return_event;

typedef struct hg_store_event {
  const hg_node *assign;    /* `*out = value` */
  hg_loc loc;
  const char *param;        /* the pointer parameter stored through */
  int inner_handle;         /* the stored value points into inner state of this handle, or -1 */
} hg_store_event;

/* ---- the descriptor ------------------------------------------------------- */

typedef struct hg_rule {
  hg_rule_id id;
  /* Once per record of the model (functions not yet analysed). */
  void (*on_record)(hg_ctx *ctx, uint32_t record);
  void (*on_access)(hg_ctx *ctx, const hg_access_event *ev);
  void (*on_call)(hg_ctx *ctx, const hg_call_event *ev);
  void (*on_return)(hg_ctx *ctx, const hg_return_event *ev);
  void (*on_store)(hg_ctx *ctx, const hg_store_event *ev);
} hg_rule;

/* ---- queries -------------------------------------------------------------- */

const hg_model *hg_ctx_model(const hg_ctx *ctx);
const hg_config *hg_ctx_config(const hg_ctx *ctx);

/* Protocol names for messages (the configured ones; profiles rename them). */
const char *hg_ctx_enter_name(const hg_ctx *ctx);
const char *hg_ctx_leave_name(const hg_ctx *ctx);
const char *hg_ctx_begin_free_name(const hg_ctx *ctx);
const char *hg_ctx_drained_name(const hg_ctx *ctx);
const char *hg_ctx_guard_type(const hg_ctx *ctx);

/* Records (any time). */
bool hg_ctx_record_is_handle(const hg_ctx *ctx, uint32_t record);
/* The guard field of a handle record and whether it is held by pointer;
 * false when the record has no guard field of its own. */
bool hg_ctx_record_guard_field(const hg_ctx *ctx, uint32_t record, uint32_t *field, bool *by_pointer);
/* The field through which a handle reaches a guard that lives in inner state. */
bool hg_ctx_record_inner_guard_field(const hg_ctx *ctx, uint32_t record, uint32_t *field);

/* The function being analysed (NULL during on_record). */
const hg_function *hg_ctx_function(const hg_ctx *ctx);
bool hg_ctx_is_exported(const hg_ctx *ctx);   /* external linkage (regex) or address taken */
bool hg_ctx_is_op(const hg_ctx *ctx);         /* exported and takes a handle parameter */
bool hg_ctx_calls_begin_free(const hg_ctx *ctx);

/* Handles of the current function (parameters, locals, globals of a handle type). */
const char *hg_ctx_handle_name(const hg_ctx *ctx, int handle);
bool hg_ctx_handle_is_param(const hg_ctx *ctx, int handle);
/* Fresh on this path: a local allocation not yet handed out. */
bool hg_ctx_handle_fresh(const hg_ctx *ctx, int handle);
/* Where a fresh handle was handed out on this path (false when it never was). */
bool hg_ctx_handle_handed_out(const hg_ctx *ctx, int handle, hg_loc *where);

/* The guard state of a handle on this path. */
enum {
  HG_GS_ENTERED = 1u << 0,    /* some token of the handle is entered */
  HG_GS_PENDING = 1u << 1,    /* some token of the handle is entered but its result untested */
  HG_GS_UNCHECKED = 1u << 2,  /* an enter of the handle had its result ignored on this path */
  HG_GS_FAILED = 1u << 3,     /* the last enter failed */
  HG_GS_LEFT = 1u << 4,       /* a token of the handle was left */
  HG_GS_DRAINED = 1u << 5,    /* begin-free returned the drained value */
  HG_GS_FREE_BEGUN = 1u << 6, /* begin-free was called (any result) */
};
unsigned hg_ctx_guard_state(const hg_ctx *ctx, int handle);

/* Tokens of the current function. */
typedef enum hg_token_phase {
  HG_TOK_NONE, HG_TOK_PENDING, HG_TOK_ENTERED, HG_TOK_FAILED, HG_TOK_LEFT,
} hg_token_phase;

typedef struct hg_token_info {
  const char *key;          /* canonical text of the token ("op", "h->mu") */
  hg_token_phase phase;     /* on this path */
  int handle;               /* the handle it was entered on, -1 when unknown */
  hg_loc enter_loc;         /* the enter call that set the phase */
  hg_loc leave_loc;         /* the leave call (LEFT) */
  bool param_rooted;        /* reached through a parameter (`*op`, `it->op`, `h->mu`) */
  bool caller_owned;        /* ... through a parameter that is not a handle: the caller's token */
  bool unchecked;           /* the enter's result was ignored or reached a use untested */
  bool wrapped;             /* the function is an enter wrapper of it (`lock(h)`, `lock_table()`):
                               it returns entered by design and its callers leave it */
} hg_token_info;

int hg_ctx_ntokens(const hg_ctx *ctx);
/* The token was entered on the same handle object as `handle` (copies of a
 * handle variable designate the same object). */
bool hg_ctx_token_on_handle(const hg_ctx *ctx, int token, int handle);
bool hg_ctx_token(const hg_ctx *ctx, int token, hg_token_info *out);

/* The hg_is_freeing() call whose result gated a branch on this path for the
 * handle, if any. */
bool hg_ctx_freeing_gate(const hg_ctx *ctx, int handle, hg_loc *call_loc);

/* Per-path, per-check, per-handle memory: set after reporting so that the
 * same root cause is not reported again on this path; the engine clears it
 * when the handle is entered again. */
bool hg_ctx_quiet(const hg_ctx *ctx, int handle);
void hg_ctx_set_quiet(hg_ctx *ctx, int handle);

/* True the first time it is asked for `key` by the current check in the
 * current function (e.g. one diagnostic per statement). */
bool hg_ctx_once(hg_ctx *ctx, const void *key);

/* Reports a diagnostic of the current check.  Returns NULL when this check
 * already reported at `loc` (one diagnostic per place), else the diagnostic
 * so that notes can be added with hg_diag_add_note(). */
hg_diag *hg_ctx_report(hg_ctx *ctx, hg_loc loc, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Adds "'f' calls 'g' here" notes for the chain through which `fn` blocks. */
void hg_ctx_note_blocking_chain(const hg_ctx *ctx, hg_diag *diag, const hg_function *fn);

/* Start of a node's range (the location rules report at). */
hg_loc hg_node_loc(const hg_node *n);

#ifdef __cplusplus
}
#endif

#endif /* HG_RULES_RULE_H */
