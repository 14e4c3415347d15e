/*
 * model.h - the one intermediate representation of handleguard.
 *
 * Front ends (checker/frontend_libclang.c, the clang-tidy adapter) turn a
 * translation unit into an hg_model; rules only read it.  Nothing here knows
 * about clang.  The model holds:
 *   - the source files the locations refer to,
 *   - record types (structs/unions) with their fields and annotations,
 *   - functions (linkage, annotations, variables, body as a small tree),
 *   - enumerator constants seen in the translation unit.
 *
 * Function bodies are statement/expression trees; the CFG is built from them
 * by rules/cfg.c.  Node kinds are one X-macro so that the builder, the
 * validator and the dumper stay in step.
 *
 * Ownership: every string and node lives in the model's arena and dies with
 * hg_model_free().  Front ends build through the hg_model_* helpers below and
 * must call hg_model_validate() before handing the model to rules.
 */
#ifndef HG_RULES_MODEL_H
#define HG_RULES_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- locations --------------------------------------------------------- */

/* A point in a file: file index into hg_model.files, 1-based line and column
 * (column counts bytes, as clang does), 0-based byte offset.  For code that
 * comes from a macro, the location is the expansion site. */
typedef struct hg_loc {
  uint32_t file;
  uint32_t line;
  uint32_t col;
  uint32_t offset;
} hg_loc;

/* Half-open byte range [begin, end) in one file (end.offset is one past the
 * last byte of the construct). */
typedef struct hg_range {
  hg_loc begin;
  hg_loc end;
} hg_range;

typedef struct hg_file {
  const char *path;   /* as the front end resolved it (absolute when known) */
  bool is_main;       /* the translation unit's main file */
  bool is_system;     /* a system header (-isystem, /usr/include, ...) */
} hg_file;

/* ---- types -------------------------------------------------------------- */

#define HG_TYPE_KINDS(X) \
  X(UNKNOWN)             \
  X(VOID)                \
  X(BOOL)                \
  X(INT)      /* integers, chars, enums */ \
  X(FLOAT)               \
  X(POINTER)             \
  X(ARRAY)               \
  X(RECORD)   /* struct or union */ \
  X(FUNCTION)

typedef enum hg_type_kind {
#define HG__X(k) HG_TY_##k,
  HG_TYPE_KINDS(HG__X)
#undef HG__X
  HG_TY__COUNT
} hg_type_kind;

/* A canonical type, summarised for the rules.  `kind` is the outermost kind
 * after typedefs are resolved.  `base` is the kind left after stripping every
 * pointer and array level, `depth` how many such levels there were; `record`
 * is the index of the record in hg_model.records when `base` is RECORD (so
 * `struct kv **` is POINTER, depth 2, base RECORD, record = index of kv), else
 * -1. */
typedef struct hg_type {
  hg_type_kind kind;
  hg_type_kind base;
  uint8_t depth;
  bool base_is_char;      /* base is char / signed char / unsigned char */
  bool pointee_is_const;  /* the first pointee (or array element) is const */
  int32_t record;
  const char *spelling;   /* as clang prints it, for messages ("kv *") */
} hg_type;

/* ---- records ------------------------------------------------------------- */

typedef struct hg_field {
  const char *name;       /* "" for an anonymous member */
  hg_type type;
  hg_loc loc;             /* the field's name */
  hg_range range;         /* the whole declaration */
} hg_field;

typedef struct hg_record {
  const char *name;          /* tag, or the typedef name of an anonymous struct, or "" */
  const char *typedef_name;  /* a typedef that names this record, or NULL */
  bool is_union;
  bool is_complete;          /* a definition was seen (fields are valid) */
  hg_loc loc;
  const char **annotations;  /* annotate("...") strings from the record or a typedef of it */
  uint32_t nannotations;
  hg_field *fields;
  uint32_t nfields;
} hg_record;

/* ---- function bodies ---------------------------------------------------- */

/* Node kinds.  Children layout (NULL children allowed where marked "opt"):
 *   COMPOUND    children: statements in order
 *   DECL        ref = variable index; children[0] = initializer (opt)
 *   IF          cond, then, else(opt)
 *   WHILE       cond, body
 *   DO          body, cond
 *   FOR         init(opt: DECL/expr/COMPOUND of DECLs), cond(opt), inc(opt), body
 *   SWITCH      cond, body
 *   CASE        value = case value (HG_NF_HAS_VALUE when constant); children[0] = sub-statement (opt)
 *   DEFAULT     children[0] = sub-statement (opt)
 *   LABEL       name = label; children[0] = sub-statement (opt)
 *   GOTO        name = label (computed goto: name NULL)
 *   BREAK, CONTINUE, NULL_STMT
 *   RETURN      children[0] = value (opt)
 *   OTHER_STMT  asm and the like; children = evaluated sub-expressions
 *   -- expressions (any may stand as a statement) --
 *   CALL        children[0] = callee expression, then the arguments;
 *               name = direct callee name or NULL; ref = function index or -1
 *   MEMBER      children[0] = base; name = field; ref = field index;
 *               record = record index of the base's struct; HG_NF_ARROW for '->'
 *   VAR         ref = variable index (function-local) or global index when
 *               HG_NF_GLOBAL; name = variable name
 *   FUNC_REF    name = function; ref = function index or -1 (a use of a
 *               function other than as a direct callee)
 *   ENUM_CONST  name = enumerator; value
 *   INT_LIT     value (char literals too)
 *   FLOAT_LIT, STRING_LIT (name = text without quotes, may be truncated)
 *   NULL_PTR    NULL / nullptr / (void*)0 recognised by the front end
 *   UNARY       op = HG_OP_*; children[0] = operand (address-of and deref are
 *               UNARY with HG_OP_ADDR / HG_OP_DEREF)
 *   BINARY      op; children[0], children[1] (&&, || and ',' included)
 *   ASSIGN      op = HG_OP_ASSIGN or a compound op (HG_OP_ADD...); lhs, rhs
 *   COND        cond, then(opt for GNU a ?: b), else
 *   CAST        children[0]; HG_NF_TO_VOID for (void)expr; implicit casts are
 *               not emitted
 *   SUBSCRIPT   base, index
 *   UNEVALUATED sizeof / _Alignof / offsetof / typeof: no children, never
 *               an access
 *   INIT_LIST   children = initializers (designators dropped)
 *   COMPOUND_LIT children[0] = INIT_LIST
 *   STMT_EXPR   children[0] = COMPOUND (GNU statement expression)
 *   OTHER_EXPR  anything else; children = evaluated sub-expressions
 */
#define HG_NODE_KINDS(X) \
  X(COMPOUND) X(DECL) X(IF) X(WHILE) X(DO) X(FOR) X(SWITCH) X(CASE)   \
  X(DEFAULT) X(LABEL) X(GOTO) X(BREAK) X(CONTINUE) X(NULL_STMT)       \
  X(RETURN) X(OTHER_STMT)                                             \
  X(CALL) X(MEMBER) X(VAR) X(FUNC_REF) X(ENUM_CONST) X(INT_LIT)       \
  X(FLOAT_LIT) X(STRING_LIT) X(NULL_PTR) X(UNARY) X(BINARY) X(ASSIGN) \
  X(COND) X(CAST) X(SUBSCRIPT) X(UNEVALUATED) X(INIT_LIST)            \
  X(COMPOUND_LIT) X(STMT_EXPR) X(OTHER_EXPR)

typedef enum hg_node_kind {
#define HG__X(k) HG_N_##k,
  HG_NODE_KINDS(HG__X)
#undef HG__X
  HG_N__COUNT
} hg_node_kind;

#define HG_OP_KINDS(X)                                               \
  X(NONE, "")                                                        \
  /* unary */                                                        \
  X(NOT, "!") X(NEG, "-") X(PLUS, "+") X(BITNOT, "~")                \
  X(ADDR, "&") X(DEREF, "*")                                         \
  X(PREINC, "++pre") X(PREDEC, "--pre") X(POSTINC, "post++") X(POSTDEC, "post--") \
  /* binary (also compound assignment: ASSIGN with op ADD is "+=") */ \
  X(ADD, "+") X(SUB, "-") X(MUL, "*") X(DIV, "/") X(REM, "%")        \
  X(SHL, "<<") X(SHR, ">>") X(BITAND, "&") X(BITOR, "|") X(BITXOR, "^") \
  X(EQ, "==") X(NE, "!=") X(LT, "<") X(GT, ">") X(LE, "<=") X(GE, ">=") \
  X(LAND, "&&") X(LOR, "||") X(COMMA, ",")                           \
  /* plain assignment */                                             \
  X(ASSIGN, "=")

typedef enum hg_op_kind {
#define HG__X(k, s) HG_OP_##k,
  HG_OP_KINDS(HG__X)
#undef HG__X
  HG_OP__COUNT
} hg_op_kind;

/* Node flags */
enum {
  HG_NF_ARROW = 1u << 0,      /* MEMBER: '->' (else '.') */
  HG_NF_GLOBAL = 1u << 1,     /* VAR: ref indexes hg_model.globals */
  HG_NF_TO_VOID = 1u << 2,    /* CAST: explicit cast to void */
  HG_NF_HAS_VALUE = 1u << 3,  /* CASE: value is a known constant */
  HG_NF_IN_MACRO = 1u << 4,   /* the node was written inside a macro expansion */
  HG_NF_IMPLICIT = 1u << 5,   /* compiler-generated (e.g. implicit return) */
};

typedef struct hg_node hg_node;
struct hg_node {
  hg_node_kind kind;
  hg_op_kind op;
  uint32_t flags;
  hg_range range;
  hg_type type;          /* expressions: the expression's type; else UNKNOWN */
  const char *name;
  int64_t value;
  int32_t ref;
  int32_t record;
  uint32_t nchildren;
  hg_node **children;
};

/* ---- variables and functions -------------------------------------------- */

typedef struct hg_var {
  const char *name;
  hg_type type;
  hg_loc loc;
  bool is_param;
  bool is_static;        /* static local or file-scope static global */
  bool is_extern;        /* global with external linkage */
} hg_var;

typedef struct hg_function {
  const char *name;
  hg_loc loc;                /* the name in the definition (or first declaration) */
  hg_range range;            /* the whole definition */
  bool has_body;
  bool is_static;            /* internal linkage */
  bool is_inline;
  bool is_variadic;
  bool address_taken;        /* referenced other than as a direct callee anywhere in the TU */
  bool hidden;               /* __attribute__((visibility("hidden"))) */
  const char **annotations;  /* annotate("...") strings from every redeclaration */
  uint32_t nannotations;
  hg_type ret;
  uint32_t nparams;          /* vars[0 .. nparams-1] are the parameters */
  hg_var *vars;              /* parameters, then every local in declaration order */
  uint32_t nvars;
  hg_node *body;             /* COMPOUND, or NULL for a declaration */
  hg_loc body_end;           /* the closing brace of the body */
} hg_function;

typedef struct hg_enumerator {
  const char *name;
  int64_t value;
} hg_enumerator;

/* ---- the model ----------------------------------------------------------- */

typedef struct hg_arena hg_arena;

typedef struct hg_model {
  hg_arena *arena;
  const char *main_file;     /* path of the translation unit */
  hg_file *files;        uint32_t nfiles;
  hg_record *records;    uint32_t nrecords;
  hg_function *functions; uint32_t nfunctions;
  hg_var *globals;       uint32_t nglobals;
  hg_enumerator *enumerators; uint32_t nenumerators;
  /* growable-array capacities, managed by the builders */
  uint32_t cap_files, cap_records, cap_functions, cap_globals, cap_enumerators;
} hg_model;

/* ---- building (front ends) ------------------------------------------------ */

hg_model *hg_model_new(const char *main_file);
void hg_model_free(hg_model *m);

/* Arena allocation; memory is zeroed, never NULL (aborts on OOM). */
void *hg_arena_alloc(hg_arena *a, size_t size);

/* malloc-family calls that abort when out of memory (a zero size allocates
 * one byte), shared by the rules library. */
void *hg_xcalloc(size_t n, size_t size);
void *hg_xrealloc(void *p, size_t size);
const char *hg_model_strdup(hg_model *m, const char *s);   /* NULL stays NULL */

/* Each returns the new element's index; pointers into the arrays are
 * invalidated by the next add of the same kind. */
uint32_t hg_model_add_file(hg_model *m, const char *path, bool is_main, bool is_system);
uint32_t hg_model_add_record(hg_model *m, const char *name);
uint32_t hg_model_add_function(hg_model *m, const char *name);
uint32_t hg_model_add_global(hg_model *m, const char *name);
uint32_t hg_model_add_enumerator(hg_model *m, const char *name, int64_t value);
void hg_record_add_field(hg_model *m, hg_record *r, const hg_field *f);
void hg_record_add_annotation(hg_model *m, hg_record *r, const char *a);
void hg_function_add_annotation(hg_model *m, hg_function *f, const char *a);
uint32_t hg_function_add_var(hg_model *m, hg_function *f, const hg_var *v);

hg_node *hg_node_new(hg_model *m, hg_node_kind kind);
void hg_node_add_child(hg_model *m, hg_node *parent, hg_node *child /* may be NULL */);

hg_type hg_type_unknown(void);

/* Lookups (linear or hashed; NULL / -1 when absent). */
int32_t hg_model_find_record(const hg_model *m, const char *name);   /* tag or typedef name */
int32_t hg_model_find_function(const hg_model *m, const char *name);
bool hg_model_find_enumerator(const hg_model *m, const char *name, int64_t *value);
bool hg_function_has_annotation(const hg_function *f, const char *a);
bool hg_record_has_annotation(const hg_record *r, const char *a);

/* The expression under any implicit or explicit casts (a cast without an
 * operand is kept). */
const hg_node *hg_node_strip_casts(const hg_node *e);

/* `name` is one of a NULL-terminated list of names (false for a NULL name). */
bool hg_name_in_list(const char *const *names, const char *name);

/* Names for kinds, for dumps and messages. */
const char *hg_node_kind_name(hg_node_kind k);
const char *hg_op_kind_name(hg_op_kind k);
const char *hg_type_kind_name(hg_type_kind k);

/* Checks the model's invariants (indices in range, children layout per kind,
 * locations inside known files).  Returns true when valid; otherwise writes one
 * line per problem to `err` (may be NULL) and returns false. */
bool hg_model_validate(const hg_model *m, FILE *err);

/* Prints the model as stable text (records, functions, trees) for debugging
 * and golden tests of the front ends. */
void hg_model_dump(const hg_model *m, FILE *out);

#ifdef __cplusplus
}
#endif

#endif /* HG_RULES_MODEL_H */
