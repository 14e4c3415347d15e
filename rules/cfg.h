/*
 * cfg.h - control-flow graphs of function bodies, built from the model's
 * statement trees.
 *
 * A CFG is a set of basic blocks.  Each block evaluates its elements in
 * order and then leaves through its terminator:
 *   - GOTO    one successor (plain fallthrough, loop back edge, goto, ...),
 *   - BRANCH  two successors, [0] when `cond` is true, [1] when false; the
 *             condition is atomic: `&&`, `||`, `!`, `?:` and `,` in branch
 *             conditions are lowered into separate branch blocks,
 *   - SWITCH  one successor per case/default label (`labels[i]` is the CASE
 *             or DEFAULT node, NULL for the implicit "no label matched" edge),
 *   - NONE    no successor: the exit block, the end of a `return` path
 *             (which jumps to the exit), or a call that never returns.
 *
 * Elements are full expressions or declarations, evaluated as a unit, except
 * that conditional sub-expressions in value context (`a ? b : c`, `a && b`,
 * `a || b`) and GNU statement expressions are lowered into blocks of their
 * own that store the sub-expression's value in a per-path temporary (TEMP /
 * TEMP_CONST elements); whoever evaluates the enclosing full expression reads
 * the temporary instead of descending into the lowered node.
 *
 * The builder never recurses without bound: statement nesting and expression
 * nesting deeper than HG_CFG_MAX_DEPTH, or a computed goto, make it give up
 * (hg_cfg_build returns NULL and sets *why), so callers skip the function.
 */
#ifndef HG_RULES_CFG_H
#define HG_RULES_CFG_H

#include <stdbool.h>
#include <stdint.h>

#include "model.h"

#ifdef __cplusplus
extern "C" {
#endif

#define HG_CFG_MAX_DEPTH 1500

typedef enum hg_cfg_elem_kind {
  HG_CE_EVAL,        /* evaluate `node` (an expression statement) and drop its value */
  HG_CE_DECL,        /* `node` is a DECL: evaluate the initializer, bind the variable */
  HG_CE_TEMP,        /* evaluate `node`, store its value as the temporary of `target` */
  HG_CE_TEMP_CONST,  /* store the constant `value` as the temporary of `target` */
  HG_CE_RETURN,      /* `node` is a RETURN (value in children[0], opt); then to exit */
  HG_CE_IMPLICIT_RETURN, /* falling off the end of the body; loc = body_end */
} hg_cfg_elem_kind;

typedef struct hg_cfg_elem {
  hg_cfg_elem_kind kind;
  const hg_node *node;
  const hg_node *target;   /* TEMP, TEMP_CONST */
  int64_t value;           /* TEMP_CONST */
} hg_cfg_elem;

typedef enum hg_cfg_term_kind {
  HG_CT_NONE,
  HG_CT_GOTO,
  HG_CT_BRANCH,
  HG_CT_SWITCH,
} hg_cfg_term_kind;

typedef struct hg_cfg_block {
  uint32_t id;
  hg_cfg_elem *elems;
  uint32_t nelems, cap_elems;
  hg_cfg_term_kind term;
  const hg_node *cond;       /* BRANCH: atomic condition; SWITCH: controlling expression */
  uint32_t *succs;
  const hg_node **labels;    /* SWITCH: CASE/DEFAULT node per successor (NULL: no label matched) */
  uint32_t nsuccs, cap_succs;
  uint32_t npreds;
} hg_cfg_block;

typedef struct hg_cfg {
  const hg_function *fn;
  hg_cfg_block *blocks;
  uint32_t nblocks, cap_blocks;
  uint32_t entry;            /* block id of the entry */
  uint32_t exit;             /* block id of the exit (no elements, no successors) */
} hg_cfg;

/* Function names that never return (abort, exit, ...): a call to one as a
 * full expression ends its block without successor. */
bool hg_cfg_is_noreturn(const char *name);

/* Builds the CFG of f->body.  Returns NULL for a function without body or
 * when the body is beyond what the builder handles; *why (may be NULL) then
 * says why in a static string. */
hg_cfg *hg_cfg_build(const hg_function *f, const char **why);
void hg_cfg_free(hg_cfg *c);

/* Prints the CFG as text (for tests and debugging). */
void hg_cfg_dump(const hg_cfg *c, FILE *out);

#ifdef __cplusplus
}
#endif

#endif /* HG_RULES_CFG_H */
