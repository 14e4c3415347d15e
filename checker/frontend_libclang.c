/*
 * frontend_libclang.c - the libclang front end: one translation unit in,
 * one validated hg_model out (see frontend.h).  Only libclang's stable C API
 * is used (libclang >= 17).
 *
 * ==========================================================================
 * MODEL CONVENTIONS - the clang-tidy adapter (checker/tidy/ModelBuilder.cpp)
 * must build the identical model (hg_model_dump output equal); "clang:"
 * notes give the clang AST equivalent of a libclang notion.
 * ==========================================================================
 *
 * Parsing: the compiler arguments plus "-w" (warnings are never shown; also
 * makes -Werror harmless).  Any error or fatal diagnostic: no model.
 *
 * Locations
 *  - hg_loc = the EXPANSION location (SM.getExpansionLoc) as (file index,
 *    1-based line, 1-based byte column, 0-based byte offset).  Lines end at
 *    "\n", "\r\n" or a lone "\r" (clang's line table).  An invalid location
 *    is {file 0, line 0, col 0, offset 0} ("no location").
 *  - Ranges are exactly libclang's clang_getCursorExtent of the clang node,
 *    mapped through the expansion location at both ends:
 *      begin = expansion of getBeginLoc();
 *      E = getEndLoc(); if E is a macro location and not a macro-argument
 *      expansion (!SM.isMacroArgExpansion(E)), E = end of
 *      SM.getExpansionRange(E); E = E.getLocWithOffset(
 *      Lexer::MeasureTokenLength(SM.getSpellingLoc(E), SM, LangOpts));
 *      end = expansion of E;
 *      if end is in another file than begin or before it: end = begin.
 *    (So code inside a macro argument gets an empty range at the macro's
 *    name.)  Most ranges are computed from children and source text rather
 *    than by asking libclang (speed); -DHG_FE_VERIFY_RANGES checks them.
 *  - HG_NF_IN_MACRO: getBeginLoc().isMacroID().
 *  - files[0] is the main file; the others are sorted by path (strcmp).
 *    path = the name the file was looked up by (clang_getFileName; clang:
 *    FileEntryRef::getName(), e.g. "./annot.h"), is_system =
 *    SM.isInSystemHeader.  Only files some recorded location lies in.
 *
 * Types (hg_type)
 *  - spelling = clang_getTypeSpelling of the type as written (clang:
 *    QualType::print with PrintingPolicy(LangOpts), default settings).
 *  - kind/base: from the canonical type, _Atomic stripped at every level:
 *    void VOID, _Bool BOOL, every integer type incl. characters and enums INT,
 *    real floating types FLOAT, pointers POINTER, every array kind ARRAY,
 *    struct/union RECORD, function types FUNCTION; else (complex, vectors,
 *    _BitInt, nullptr_t, block pointers) UNKNOWN.
 *  - depth = pointer/array levels stripped; pointee_is_const = the first
 *    pointee or element type is const (an array's qualifiers count as its
 *    elements': clang: Ctx.getAsArrayType); base_is_char = base is char,
 *    signed char or unsigned char; record = index of the base record.
 *  - An expression node's type is the type of the clang expression it was
 *    made from after the transparent wrappers (below) were stripped; a VAR
 *    of a local has exactly the local's declared type.  Statements, DECL
 *    included, have type UNKNOWN (hg_type_unknown()).
 *
 * Records
 *  - One per canonical struct/union referenced by a recorded type (fields,
 *    parameters, variables, returns, expression types), transitively through
 *    fields - system records too.  Unreferenced structs are not in the model,
 *    except that when relevant names are set (checking, not --dump-model)
 *    every record defined in a non-system file is.
 *  - name = tag; an anonymous struct named by a typedef
 *    (getTypedefNameForAnonDecl) takes the typedef's name; else "".
 *  - typedef_name = the first typedef whose underlying canonical type is the
 *    record itself (qualifiers ignored, not a pointer): file-scope typedefs in
 *    TU order first, then block-scope ones as bodies are converted.
 *  - annotations (annotate("..."), duplicates dropped) in this order: those
 *    of the definition (inherited ones included), then of every file-scope
 *    redeclaration and every typedef of it (as above) in TU order, then of
 *    block-scope ones met in bodies.
 *  - is_complete = has a definition; loc = name location of the definition,
 *    else of the first declaration (getCanonicalDecl()).
 *  - fields = the definition's fields in order.  An anonymous struct/union
 *    member (clang: the implicit unnamed FieldDecl) is a field named "" whose
 *    loc and range are those of the anonymous RecordDecl.
 *  - Sorted by (loc.file, loc.offset, name), ties in creation order.
 *
 * Functions
 *  - Every function DEFINED in a non-system file (body built) plus every
 *    function referenced from those bodies or from the initializer of a
 *    file-scope variable declared in a non-system file whose type is not
 *    arithmetic (or an array of such).  A function defined in a system
 *    header has no body in the model.  Builtins are included (clang creates
 *    their declaration at the first use: that is their location).
 *  - Where = the definition if any, else the first declaration
 *    (getCanonicalDecl()).  loc (name), range, ret, params come from Where;
 *    is_static = internal linkage; is_inline = FunctionDecl::isInlined();
 *    is_variadic = a prototype with "..." (never for `int f();`); hidden =
 *    getVisibility() == HiddenVisibility.
 *  - address_taken = some DeclRefExpr to it, in those bodies or
 *    initializers, is not a direct callee (the callee of a CallExpr after
 *    IgnoreParenImpCasts()).  Nothing inside sizeof/_Alignof/offsetof counts.
 *  - annotations: those of the definition first, then of every file-scope
 *    declaration in TU order, then of block-scope declarations in bodies.
 *  - vars = Where's parameters (unnamed: ""), then for a definition every
 *    local VarDecl of the body in source order (for-init declarations and
 *    block-scope statics included, is_static set; a block-scope `extern` is a
 *    global).  body_end = the body's closing brace.
 *  - Sorted by (loc.file, loc.offset, name).
 *
 * Globals: variables with global storage that are not locals (file scope,
 *  block-scope extern) referenced from bodies; Where = the definition
 *  (VarDecl::getDefinition()) else the first declaration; is_static =
 *  internal linkage, is_extern = external linkage.  Sorted like functions.
 *
 * Enumerators: those of enums declared in non-system files at file scope,
 *  inside file-scope records, or in declaration statements of bodies, plus
 *  every enumerator referenced from a body.  Sorted by (file, offset, name)
 *  of the enumerator's location.
 *
 * Bodies (clang AST -> nodes; model.h gives the children layouts)
 *  - Transparent (no node of their own): ParenExpr, ImplicitCastExpr,
 *    ConstantExpr, FullExpr, OpaqueValueExpr (its source), __extension__,
 *    AttributedStmt, PredefinedExpr (the node is its function-name
 *    STRING_LIT), __builtin_choose_expr (the chosen expression), _Generic
 *    (its result expression - except when several association expressions
 *    have exactly the result's QualType: then an OTHER_EXPR over all of them,
 *    in order), DesignatedInitExpr in an init list (its initializer), the
 *    implicit MemberExprs of anonymous members (see MEMBER).
 *  - NULL_PTR: GNUNullExpr; nullptr; a CStyleCastExpr to a pointer type whose
 *    operand, after stripping parens, implicit casts and further C-style
 *    casts, is an IntegerLiteral 0 (type: that cast's); an IntegerLiteral 0
 *    under a pointer-typed ImplicitCastExpr (type: the outermost such cast's,
 *    range: the literal's).  No children.
 *  - CALL: children[0] = callee, then the arguments.  When the callee after
 *    IgnoreParenImpCasts() is a DeclRefExpr to a function, it is a FUNC_REF
 *    node (not address-taken) and CALL.name/ref name the function; otherwise
 *    name NULL, ref -1, the callee an ordinary tree ((*fp)(x), (&f)(x)).
 *  - MEMBER: name/ref = the field and its index in `record`, the record
 *    declaring the field.  Reaching a field of an anonymous struct/union
 *    member, every implicit member access on the way is a MEMBER named ""
 *    with HG_NF_IMPLICIT, the same range and macro flag as the written one.
 *    HG_NF_ARROW = MemberExpr::isArrow().
 *  - VAR: a local (ref into vars) or a global (HG_NF_GLOBAL, ref into
 *    globals); DECL: name = the variable's, ref = its index, child = the
 *    initializer when there is one.
 *  - INT_LIT: integer and character literals, C23 true/false; value = the
 *    literal's value (unsigned values wrap to int64).  FLOAT_LIT: floating,
 *    imaginary, fixed-point literals (value 0).  STRING_LIT: name =
 *    StringLiteral::outputString() without the encoding prefix and the
 *    quotes (escapes kept, adjacent literals joined), first 255 bytes.
 *  - UNARY/BINARY/ASSIGN as in model.h (ASSIGN op = ASSIGN for '=', the
 *    arithmetic op for '+=' ...); __real/__imag: OTHER_EXPR(operand).
 *  - COND: a ?: b (BinaryConditionalOperator) is COND(a, NULL, b).
 *  - CAST: CStyleCastExpr, HG_NF_TO_VOID when the target is void.
 *  - SUBSCRIPT: getBase(), getIdx() (2[a] is SUBSCRIPT(a, 2)).
 *  - UNEVALUATED: UnaryExprOrTypeTraitExpr (sizeof, _Alignof), OffsetOfExpr;
 *    nothing inside is visited.
 *  - INIT_LIST: the syntactic form's initializers; COMPOUND_LIT(INIT_LIST);
 *    STMT_EXPR(COMPOUND).
 *  - OTHER_EXPR: anything else; children = its expression children in
 *    Stmt::children() order (VAArgExpr: OTHER_EXPR(ap); AddrLabelExpr,
 *    BlockExpr: no children).
 *  - Statements as in model.h; FOR always has 4 children (NULL for a
 *    missing part); CASE: value = EvaluateAsInt(LHS) with HG_NF_HAS_VALUE
 *    (GNU ranges: the LHS), child = sub-statement; LABEL/DEFAULT: child =
 *    sub-statement; GOTO: name = label (IndirectGotoStmt: name NULL, no
 *    children); asm and any other statement: OTHER_STMT(children).
 *  - DeclStmt: one DECL per local variable.  In a COMPOUND the DECLs are
 *    spliced into it (a DeclStmt declaring no local adds nothing); elsewhere
 *    (for-init, a label's or case's sub-statement) one DECL stands alone,
 *    several are wrapped in a COMPOUND with the DeclStmt's range, none gives
 *    NULL (an optional slot) or a NULL_STMT (a required one).
 *  - Every node's range and macro flag come from the clang node it was made
 *    from (for a synthesized node: as stated above).
 */
#define _POSIX_C_SOURCE 200809L /* setenv, pthreads */

#include "frontend.h"

#include <clang-c/Index.h>

#include <errno.h>
#include <pthread.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- small utilities ------------------------------------------------------ */

static void *fe_xrealloc(void *p, size_t n) {
  void *q = realloc(p, n ? n : 1);
  if (!q) {
    fputs("handleguard: out of memory\n", stderr);
    abort();
  }
  return q;
}

static void *fe_xcalloc(size_t n, size_t sz) {
  void *p = calloc(n ? n : 1, sz ? sz : 1);
  if (!p) {
    fputs("handleguard: out of memory\n", stderr);
    abort();
  }
  return p;
}

#define FE_GROW(arr, n, cap)                                           \
  do {                                                                 \
    if ((n) >= (cap)) {                                                \
      (cap) = (cap) ? (cap) * 2 : 16;                                  \
      (arr) = fe_xrealloc((arr), (size_t)(cap) * sizeof *(arr));       \
    }                                                                  \
  } while (0)

static uint64_t fe_hash_ptr(const void *p) {
  uint64_t h = (uint64_t)(uintptr_t)p;
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  return h;
}

static uint32_t fe_hash_str(const char *s) {
  uint32_t h = 2166136261u;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
  return h;
}

/* ---- maps ----------------------------------------------------------------- */

/* Cursor -> int32 (open addressing; clang_hashCursor / clang_equalCursors). */
typedef struct cmap_ent {
  CXCursor key;
  unsigned hash;
  int32_t val; /* INT32_MIN: empty */
} cmap_ent;

typedef struct cmap {
  cmap_ent *e;
  uint32_t cap, n;
} cmap;

static void cmap_init(cmap *m, uint32_t cap) {
  m->cap = cap;
  m->n = 0;
  m->e = fe_xcalloc(cap, sizeof *m->e);
  for (uint32_t i = 0; i < cap; i++) m->e[i].val = INT32_MIN;
}

static void cmap_free(cmap *m) {
  free(m->e);
  memset(m, 0, sizeof *m);
}

static void cmap_clear(cmap *m) {
  if (m->n == 0) return;
  for (uint32_t i = 0; i < m->cap; i++) m->e[i].val = INT32_MIN;
  m->n = 0;
}

static int32_t cmap_get(const cmap *m, CXCursor c) {
  unsigned h = clang_hashCursor(c);
  uint32_t mask = m->cap - 1;
  for (uint32_t i = h & mask;; i = (i + 1) & mask) {
    const cmap_ent *e = &m->e[i];
    if (e->val == INT32_MIN) return INT32_MIN;
    if (e->hash == h && clang_equalCursors(e->key, c)) return e->val;
  }
}

static void cmap_put(cmap *m, CXCursor c, int32_t v);

static void cmap_rehash(cmap *m) {
  cmap old = *m;
  cmap_init(m, old.cap * 2);
  for (uint32_t i = 0; i < old.cap; i++)
    if (old.e[i].val != INT32_MIN) cmap_put(m, old.e[i].key, old.e[i].val);
  free(old.e);
}

static void cmap_put(cmap *m, CXCursor c, int32_t v) {
  if ((m->n + 1) * 4 >= m->cap * 3) cmap_rehash(m);
  unsigned h = clang_hashCursor(c);
  uint32_t mask = m->cap - 1;
  for (uint32_t i = h & mask;; i = (i + 1) & mask) {
    cmap_ent *e = &m->e[i];
    if (e->val == INT32_MIN) {
      e->key = c;
      e->hash = h;
      e->val = v;
      m->n++;
      return;
    }
    if (e->hash == h && clang_equalCursors(e->key, c)) {
      e->val = v;
      return;
    }
  }
}

/* Pointer -> int32. */
typedef struct pmap_ent {
  const void *key;
  int32_t val;
} pmap_ent;

typedef struct pmap {
  pmap_ent *e;
  uint32_t cap, n;
} pmap;

static void pmap_init(pmap *m, uint32_t cap) {
  m->cap = cap;
  m->n = 0;
  m->e = fe_xcalloc(cap, sizeof *m->e);
}

static int32_t pmap_get(const pmap *m, const void *k) {
  uint32_t mask = m->cap - 1;
  for (uint32_t i = (uint32_t)fe_hash_ptr(k) & mask;; i = (i + 1) & mask) {
    if (!m->e[i].key) return INT32_MIN;
    if (m->e[i].key == k) return m->e[i].val;
  }
}

static void pmap_put(pmap *m, const void *k, int32_t v) {
  if ((m->n + 1) * 4 >= m->cap * 3) {
    pmap old = *m;
    pmap_init(m, old.cap * 2);
    for (uint32_t i = 0; i < old.cap; i++)
      if (old.e[i].key) pmap_put(m, old.e[i].key, old.e[i].val);
    free(old.e);
  }
  uint32_t mask = m->cap - 1;
  for (uint32_t i = (uint32_t)fe_hash_ptr(k) & mask;; i = (i + 1) & mask) {
    if (!m->e[i].key) {
      m->e[i].key = k;
      m->e[i].val = v;
      m->n++;
      return;
    }
    if (m->e[i].key == k) {
      m->e[i].val = v;
      return;
    }
  }
}

/* String (arena-owned) -> int32. */
typedef struct smap_ent {
  const char *key;
  uint32_t hash;
  int32_t val;
} smap_ent;

typedef struct smap {
  smap_ent *e;
  uint32_t cap, n;
} smap;

static void smap_init(smap *m, uint32_t cap) {
  m->cap = cap;
  m->n = 0;
  m->e = fe_xcalloc(cap, sizeof *m->e);
}

static int32_t smap_get(const smap *m, const char *k) {
  uint32_t h = fe_hash_str(k), mask = m->cap - 1;
  for (uint32_t i = h & mask;; i = (i + 1) & mask) {
    if (!m->e[i].key) return INT32_MIN;
    if (m->e[i].hash == h && strcmp(m->e[i].key, k) == 0) return m->e[i].val;
  }
}

static void smap_put(smap *m, const char *k, int32_t v) {
  if ((m->n + 1) * 4 >= m->cap * 3) {
    smap old = *m;
    smap_init(m, old.cap * 2);
    for (uint32_t i = 0; i < old.cap; i++)
      if (old.e[i].key) smap_put(m, old.e[i].key, old.e[i].val);
    free(old.e);
  }
  uint32_t h = fe_hash_str(k), mask = m->cap - 1;
  for (uint32_t i = h & mask;; i = (i + 1) & mask) {
    if (!m->e[i].key) {
      m->e[i].key = k;
      m->e[i].hash = h;
      m->e[i].val = v;
      m->n++;
      return;
    }
    if (m->e[i].hash == h && strcmp(m->e[i].key, k) == 0) {
      m->e[i].val = v;
      return;
    }
  }
}

/* ---- the builder's state ------------------------------------------------- */

typedef struct fe_file {
  CXFile cx;
  const char *buf; /* clang's buffer (NULL when unavailable) */
  size_t size;
  uint32_t *lines; /* offsets of line starts; built lazily */
  uint32_t nlines;
  uint32_t *block_line; /* line index at the start of each FE_BLOCK-byte block */
  uint32_t nblocks;
  bool lines_built;
} fe_file;

#define FE_BLOCK_SHIFT 6

/* Annotation strings collected per canonical declaration, chained. */
typedef struct fe_annot {
  const char *s; /* arena */
  int32_t next;
} fe_annot;

typedef struct fe_rec {
  CXCursor canon;
  CXCursor def; /* null cursor when incomplete */
  bool populated;
  int32_t anon_parent; /* anonymous member record: the enclosing record */
  int32_t anon_field;  /* ... and the index of the "" field there */
  uint32_t order;      /* creation order, the last sort key */
} fe_rec;

typedef struct fe_field_ref {
  int32_t rec, idx;
} fe_field_ref;

typedef struct fe_enum {
  CXCursor cur;
  hg_loc loc;
} fe_enum;

/* One node of a function body as libclang presents it. */
typedef struct rnode {
  CXCursor c;
  int32_t first, last, next; /* children (linked), -1: none */
  uint32_t n;                /* number of children */
} rnode;

typedef struct fe_ext fe_ext;

typedef struct fe_ctx {
  CXTranslationUnit tu;
  hg_model *m;
  FILE *errs;
  const smap *relevant; /* NULL: model every body; else see hg_frontend_set_relevant */
  bool is_relevant;     /* a relevant name was declared */

  fe_file *files; /* parallel to m->files */
  uint32_t cap_files;
  pmap file_map; /* CXFile -> index */
  CXFile last_cxfile;
  uint32_t last_file;

  pmap type_map; /* CXType.data[0] (hash key only) -> index into types */
  hg_type *types;
  CXType *type_keys; /* compared with clang_equalTypes */
  uint32_t ntypes, cap_types;

  cmap rec_map; /* canonical record cursor -> record index */
  fe_rec *recs;
  uint32_t cap_recs;
  cmap field_map; /* FieldDecl cursor -> index into field_refs */
  fe_field_ref *field_refs;
  uint32_t nfield_refs, cap_field_refs;

  cmap fn_map; /* canonical function cursor -> function index */
  smap fn_names;
  CXCursor *fn_canon; /* per function: the canonical cursor */
  uint32_t cap_fn_canon;

  cmap glob_map; /* canonical variable cursor -> global index */
  uint32_t cap_glob_info;

  cmap enum_map; /* EnumConstantDecl -> enumerator index */
  fe_enum *enums;
  uint32_t cap_enums;

  cmap fn_annot_map, rec_annot_map; /* canonical cursor -> head of annots chain */
  fe_annot *annots;
  uint32_t nannots, cap_annots;
  cmap rec_typedef_map; /* canonical record -> index into typedef_names */
  const char **typedef_names;
  uint32_t ntypedef_names, cap_typedef_names;

  /* definitions to build, TU order */
  CXCursor *defs;
  uint32_t ndefs, cap_defs;

  /* the function being built */
  int32_t cur_fn;
  cmap locals;

  /* raw tree of the body being built */
  rnode *rn;
  uint32_t nrn, cap_rn;
  int32_t *rstack;
  uint32_t nrstack, cap_rstack;

  /* Every name some file of the TU (or the command line) #defines: a token
   * whose expansion location shows another name cannot come from a macro. */
  smap macro_names;
  pmap scanned_files;
  char **macro_strs;
  uint32_t nmacro_strs, cap_macro_strs;

  /* Index fields inside the trees that fe_finish renumbers after sorting
   * (cheaper than walking every tree again). */
  int32_t **fix_rec, **fix_fn, **fix_glob;
  uint32_t nfix_rec, nfix_fn, nfix_glob, cap_fix_rec, cap_fix_fn, cap_fix_glob;
  bool in_body;      /* building a body */
  bool body_nonmain; /* some body location lies outside the main file */

  /* Where the clang node converted last by fe_expr/fe_stmt begins and ends
   * (parentheses included), so that its parent can derive its own range
   * (see fe_span); bok/eok say whether b/e are known. */
  struct fe_ext {
    hg_loc b, e;
    bool bok, eok, mac;
    bool efile; /* e is the end of a token written in the file (not a macro's) */
  } last;
  const hg_node *efile_node; /* the node whose range was set last, and ... */
  bool efile;                /* ... whether its end is a token written in the file */

  /* scratch cursor vector for small child collections */
  CXCursor *scratch;
  uint32_t nscratch, cap_scratch;

} fe_ctx;

/* ---- CXString helpers ------------------------------------------------------ */

static const char *fe_str(fe_ctx *x, CXString s) {
  const char *c = clang_getCString(s);
  const char *r = hg_model_strdup(x->m, c ? c : "");
  clang_disposeString(s);
  return r;
}

static const char *fe_spelling(fe_ctx *x, CXCursor c) {
  return fe_str(x, clang_getCursorSpelling(c));
}

/* ---- files and locations --------------------------------------------------- */

static uint32_t fe_file_index(fe_ctx *x, CXFile f) {
  if (f == x->last_cxfile) return x->last_file;
  int32_t i = pmap_get(&x->file_map, f);
  if (i == INT32_MIN) {
    CXString name = clang_getFileName(f);
    const char *path = clang_getCString(name);
    CXSourceLocation start = clang_getLocationForOffset(x->tu, f, 0);
    bool sys = clang_Location_isInSystemHeader(start) != 0;
    bool is_main = clang_Location_isFromMainFile(start) != 0;
    i = (int32_t)hg_model_add_file(x->m, path ? path : "", is_main, sys);
    clang_disposeString(name);
    FE_GROW(x->files, (uint32_t)i, x->cap_files);
    memset(&x->files[i], 0, sizeof x->files[i]);
    x->files[i].cx = f;
    pmap_put(&x->file_map, f, i);
  }
  x->last_cxfile = f;
  x->last_file = (uint32_t)i;
  return (uint32_t)i;
}

static void fe_build_lines(fe_ctx *x, fe_file *ff) {
  ff->lines_built = true;
  size_t size = 0;
  const char *buf = clang_getFileContents(x->tu, ff->cx, &size);
  ff->buf = buf;
  ff->size = buf ? size : 0;
  uint32_t cap = 1024, n = 0;
  uint32_t *lines = fe_xrealloc(NULL, cap * sizeof *lines);
  lines[n++] = 0;
  if (ff->size && !memchr(buf, '\r', ff->size)) {
    /* the common case: "\n" line ends only */
    const char *p = buf, *end = buf + ff->size;
    while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
      p++;
      FE_GROW(lines, n, cap);
      lines[n++] = (uint32_t)(p - buf);
    }
  } else {
    for (size_t i = 0; i < ff->size; i++) {
      char ch = buf[i];
      if (ch == '\n' || ch == '\r') {
        if (ch == '\r' && i + 1 < ff->size && buf[i + 1] == '\n') i++;
        FE_GROW(lines, n, cap);
        lines[n++] = (uint32_t)(i + 1);
      }
    }
  }
  ff->lines = lines;
  ff->nlines = n;
  /* block index: the line containing the first byte of each block */
  uint32_t nb = (uint32_t)(ff->size >> FE_BLOCK_SHIFT) + 2;
  ff->block_line = fe_xrealloc(NULL, nb * sizeof *ff->block_line);
  ff->nblocks = nb;
  uint32_t k = 0;
  for (uint32_t b = 0; b < nb; b++) {
    uint32_t off = b << FE_BLOCK_SHIFT;
    while (k + 1 < n && lines[k + 1] <= off) k++;
    ff->block_line[b] = k;
  }
}

static hg_loc fe_loc_at(fe_ctx *x, uint32_t file, uint32_t off) {
  hg_loc l = {file, 0, 0, off};
  if (file != 0 && x->in_body) x->body_nonmain = true;
  fe_file *ff = &x->files[file];
  if (!ff->lines_built) fe_build_lines(x, ff);
  uint32_t b = off >> FE_BLOCK_SHIFT;
  uint32_t k = b < ff->nblocks ? ff->block_line[b] : ff->nlines - 1;
  while (k + 1 < ff->nlines && ff->lines[k + 1] <= off) k++;
  l.line = k + 1;
  l.col = off - ff->lines[k] + 1;
  return l;
}

static hg_loc fe_loc(fe_ctx *x, CXSourceLocation cl) {
  CXFile f = NULL;
  unsigned off = 0;
  clang_getExpansionLocation(cl, &f, NULL, NULL, &off);
  if (!f) {
    hg_loc z = {0, 0, 0, 0};
    return z;
  }
  return fe_loc_at(x, fe_file_index(x, f), off);
}

static hg_loc fe_cursor_loc(fe_ctx *x, CXCursor c) {
  return fe_loc(x, clang_getCursorLocation(c));
}

/* Range of a cursor per the conventions; sets *in_macro when asked. */
static hg_range fe_range(fe_ctx *x, CXCursor c, bool *in_macro) {
  hg_range r;
  memset(&r, 0, sizeof r);
  CXSourceRange ext = clang_getCursorExtent(c);
  CXSourceLocation b = clang_getRangeStart(ext), e = clang_getRangeEnd(ext);
  CXFile bf = NULL, ef = NULL;
  unsigned boff = 0, eoff = 0;
  clang_getExpansionLocation(b, &bf, NULL, NULL, &boff);
  if (!bf) return r;
  if (in_macro) {
    CXFile sf = NULL;
    unsigned soff = 0;
    clang_getSpellingLocation(b, &sf, NULL, NULL, &soff);
    *in_macro = sf != bf || soff != boff;
  }
  uint32_t fi = fe_file_index(x, bf);
  r.begin = fe_loc_at(x, fi, boff);
  clang_getExpansionLocation(e, &ef, NULL, NULL, &eoff);
  if (ef != bf || eoff < boff) r.end = r.begin;
  else r.end = fe_loc_at(x, fi, eoff);
  return r;
}

/* Leaf constructs (one token: a name, a number) written outside macros get
 * their range without asking libclang for the extent: the token is read from
 * the file.  On success *off is the token's offset in the main buffer of
 * file *fi; false when the construct comes from a macro or has no file
 * location (the caller falls back to fe_range). */
static bool fe_ident_char(char ch);

/* Whether the identifier at buf[o] might name a macro (see macro_names). */
static bool fe_maybe_macro(fe_ctx *x, const char *buf, size_t size, uint32_t o) {
  char ch = buf[o];
  if (!fe_ident_char(ch) || (ch >= '0' && ch <= '9')) return false; /* not an identifier */
  size_t e = o;
  while (e < size && fe_ident_char(buf[e])) e++;
  size_t len = e - o;
  char name[128];
  if (len >= sizeof name || (len >= 2 && buf[o] == '_' && buf[o + 1] == '_')) return true;
  memcpy(name, buf + o, len);
  name[len] = '\0';
  return smap_get(&x->macro_names, name) != INT32_MIN;
}

static bool fe_leaf_loc(fe_ctx *x, CXCursor c, uint32_t *fi, uint32_t *off, bool *mac) {
  CXSourceLocation l = clang_getCursorLocation(c);
  CXFile f = NULL;
  unsigned o = 0;
  clang_getExpansionLocation(l, &f, NULL, NULL, &o);
  if (!f) return false;
  *fi = fe_file_index(x, f);
  *off = o;
  fe_file *ff = &x->files[*fi];
  if (!ff->lines_built) fe_build_lines(x, ff);
  if (!ff->buf || o >= ff->size) return false;
  /* A macro's expansion location is the macro's name: only then ask for the
   * spelling location to tell a macro from a plain token. */
  *mac = false;
  if (fe_maybe_macro(x, ff->buf, ff->size, o)) {
    CXFile sf = NULL;
    unsigned so = 0;
    clang_getSpellingLocation(l, &sf, NULL, NULL, &so);
    *mac = sf != f || so != o;
  }
  return !*mac;
}

/* ---- macro names ------------------------------------------------------------- */

static void fe_add_macro_name(fe_ctx *x, const char *p, size_t len) {
  if (len == 0 || len >= 128) return;
  char name[128];
  memcpy(name, p, len);
  name[len] = '\0';
  if (smap_get(&x->macro_names, name) != INT32_MIN) return;
  char *copy = fe_xcalloc(len + 1, 1);
  memcpy(copy, name, len);
  FE_GROW(x->macro_strs, x->nmacro_strs, x->cap_macro_strs);
  x->macro_strs[x->nmacro_strs++] = copy;
  smap_put(&x->macro_names, copy, 1);
}

/* Collects the names of the "#define NAME" lines of a buffer. */
static void fe_scan_defines(fe_ctx *x, const char *buf, size_t n) {
  const char *p = buf, *end = buf + n;
  while (p < end && (p = memchr(p, '#', (size_t)(end - p))) != NULL) {
    const char *q = p;
    while (q > buf && (q[-1] == ' ' || q[-1] == '\t')) q--;
    p++;
    if (q != buf && q[-1] != '\n' && q[-1] != '\r') continue;
    while (p < end && (*p == ' ' || *p == '\t')) p++;
    if (end - p < 7 || memcmp(p, "define", 6) != 0 || (p[6] != ' ' && p[6] != '\t')) continue;
    p += 6;
    while (p < end && (*p == ' ' || *p == '\t')) p++;
    const char *b = p;
    while (p < end && fe_ident_char(*p)) p++;
    fe_add_macro_name(x, b, (size_t)(p - b));
  }
}

static void fe_inclusion_cb(CXFile f, CXSourceLocation *stack, unsigned len, CXClientData d) {
  (void)stack;
  (void)len;
  fe_ctx *x = d;
  if (pmap_get(&x->scanned_files, f) != INT32_MIN) return;
  pmap_put(&x->scanned_files, f, 1);
  size_t size = 0;
  const char *buf = clang_getFileContents(x->tu, f, &size);
  if (buf) fe_scan_defines(x, buf, size);
}

static bool fe_ident_char(char ch) {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
         ch == '_' || ch == '$' || (unsigned char)ch >= 0x80;
}

/* Range of a name token `name` at c's location; false: use fe_range. */
static bool fe_name_range(fe_ctx *x, CXCursor c, const char *name, hg_range *r) {
  uint32_t fi, off;
  bool mac;
  if (!name || !fe_leaf_loc(x, c, &fi, &off, &mac)) return false;
  const fe_file *ff = &x->files[fi];
  size_t len = strlen(name);
  if (len == 0 || off + len > ff->size || memcmp(ff->buf + off, name, len) != 0 ||
      (off + len < ff->size && fe_ident_char(ff->buf[off + len])))
    return false;
  r->begin = fe_loc_at(x, fi, off);
  r->end = fe_loc_at(x, fi, off + (uint32_t)len);
  return true;
}

/* Parses a C integer literal token (decimal, octal, hex, binary, digit
 * separators, any suffix); returns its length, 0 when not understood. */
static size_t fe_parse_int(const char *p, size_t avail, uint64_t *value) {
  size_t i = 0;
  unsigned base = 10;
  uint64_t v = 0;
  if (avail >= 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) base = 16, i = 2;
  else if (avail >= 2 && p[0] == '0' && (p[1] == 'b' || p[1] == 'B')) base = 2, i = 2;
  else if (avail >= 1 && p[0] == '0') base = 8;
  size_t digits = 0;
  for (; i < avail; i++) {
    char ch = p[i];
    unsigned d;
    if (ch >= '0' && ch <= '9') d = (unsigned)(ch - '0');
    else if (ch >= 'a' && ch <= 'f' && base == 16) d = (unsigned)(ch - 'a' + 10);
    else if (ch >= 'A' && ch <= 'F' && base == 16) d = (unsigned)(ch - 'A' + 10);
    else if (ch == '\'' && digits && i + 1 < avail && fe_ident_char(p[i + 1])) continue;
    else break;
    if (d >= base) return 0;
    v = v * base + d;
    digits++;
  }
  if (!digits && base != 8) return 0;
  /* suffix: u, l, ll, z, wb in any accepted combination */
  size_t sfx = i;
  while (i < avail && (p[i] == 'u' || p[i] == 'U' || p[i] == 'l' || p[i] == 'L' || p[i] == 'z' ||
                       p[i] == 'Z' || p[i] == 'w' || p[i] == 'W' || p[i] == 'b' || p[i] == 'B'))
    i++;
  if (i - sfx > 4 || (i < avail && (fe_ident_char(p[i]) || p[i] == '.'))) return 0;
  *value = v;
  return i;
}

/* ---- types ------------------------------------------------------------------ */

static int32_t fe_record_for_decl(fe_ctx *x, CXCursor decl);

static CXType fe_unatomic(CXType t) {
  while (t.kind == CXType_Atomic) t = clang_getCanonicalType(clang_Type_getValueType(t));
  return t;
}

static hg_type_kind fe_kind(CXType canon) {
  switch (fe_unatomic(canon).kind) {
  case CXType_Void:
    return HG_TY_VOID;
  case CXType_Bool:
    return HG_TY_BOOL;
  case CXType_Char_U: case CXType_UChar: case CXType_Char16: case CXType_Char32:
  case CXType_UShort: case CXType_UInt: case CXType_ULong: case CXType_ULongLong:
  case CXType_UInt128: case CXType_Char_S: case CXType_SChar: case CXType_WChar:
  case CXType_Short: case CXType_Int: case CXType_Long: case CXType_LongLong:
  case CXType_Int128: case CXType_Enum:
    return HG_TY_INT;
  case CXType_Float: case CXType_Double: case CXType_LongDouble: case CXType_Float128:
  case CXType_Half: case CXType_Float16: case CXType_BFloat16: case CXType_Ibm128:
    return HG_TY_FLOAT;
  case CXType_Pointer:
    return HG_TY_POINTER;
  case CXType_ConstantArray: case CXType_IncompleteArray: case CXType_VariableArray:
  case CXType_DependentSizedArray:
    return HG_TY_ARRAY;
  case CXType_Record:
    return HG_TY_RECORD;
  case CXType_FunctionProto: case CXType_FunctionNoProto:
    return HG_TY_FUNCTION;
  default:
    return HG_TY_UNKNOWN;
  }
}

static hg_type fe_type_compute(fe_ctx *x, CXType t) {
  hg_type r = hg_type_unknown();
  CXType canon = fe_unatomic(clang_getCanonicalType(t));
  r.kind = fe_kind(canon);
  CXType cur = canon;
  unsigned depth = 0;
  for (;;) {
    cur = fe_unatomic(cur);
    hg_type_kind k = fe_kind(cur);
    CXType next;
    if (k == HG_TY_POINTER) next = clang_getPointeeType(cur);
    else if (k == HG_TY_ARRAY) next = clang_getArrayElementType(cur);
    else break;
    if (next.kind == CXType_Invalid) break;
    /* an array's qualifiers are its elements' (libclang keeps them on the
     * array type) */
    if (depth == 0)
      r.pointee_is_const = clang_isConstQualifiedType(next) ||
                           (k == HG_TY_ARRAY && clang_isConstQualifiedType(cur));
    cur = clang_getCanonicalType(next);
    depth++;
  }
  cur = fe_unatomic(cur);
  r.depth = depth > 255 ? 255 : (uint8_t)depth;
  r.base = fe_kind(cur);
  r.base_is_char = cur.kind == CXType_Char_S || cur.kind == CXType_Char_U ||
                   cur.kind == CXType_SChar || cur.kind == CXType_UChar;
  if (r.base == HG_TY_RECORD) r.record = fe_record_for_decl(x, clang_getTypeDeclaration(cur));
  r.spelling = fe_str(x, clang_getTypeSpelling(t));
  return r;
}

static hg_type fe_type(fe_ctx *x, CXType t) {
  if (t.kind == CXType_Invalid || !t.data[0]) return hg_type_unknown();
  int32_t i = pmap_get(&x->type_map, t.data[0]);
  if (i != INT32_MIN && clang_equalTypes(x->type_keys[i], t)) return x->types[i];
  hg_type r = fe_type_compute(x, t); /* may recurse into other types */
  if (i != INT32_MIN) return r; /* a key collision: not cached */
  uint32_t cap = x->cap_types;
  FE_GROW(x->types, x->ntypes, x->cap_types);
  if (cap != x->cap_types) x->type_keys = fe_xrealloc(x->type_keys, x->cap_types * sizeof *x->type_keys);
  x->types[x->ntypes] = r;
  x->type_keys[x->ntypes] = t;
  pmap_put(&x->type_map, t.data[0], (int32_t)x->ntypes);
  x->ntypes++;
  return r;
}

/* ---- annotations ------------------------------------------------------------ */

static void fe_annot_add(fe_ctx *x, cmap *map, CXCursor canon, const char *s) {
  int32_t head = cmap_get(map, canon);
  int32_t prev = -1;
  for (int32_t i = head == INT32_MIN ? -1 : head; i >= 0; i = x->annots[i].next) {
    if (strcmp(x->annots[i].s, s) == 0) return;
    prev = i;
  }
  FE_GROW(x->annots, x->nannots, x->cap_annots);
  int32_t n = (int32_t)x->nannots++;
  x->annots[n].s = hg_model_strdup(x->m, s);
  x->annots[n].next = -1;
  if (prev < 0) cmap_put(map, canon, n);
  else x->annots[prev].next = n;
}

typedef struct fe_annot_visit {
  fe_ctx *x;
  cmap *map;
  CXCursor canon;
} fe_annot_visit;

static enum CXChildVisitResult fe_annot_cb(CXCursor c, CXCursor parent, CXClientData d) {
  (void)parent;
  if (c.kind == CXCursor_AnnotateAttr) {
    fe_annot_visit *v = d;
    CXString s = clang_getCursorSpelling(c);
    const char *str = clang_getCString(s);
    if (str) fe_annot_add(v->x, v->map, v->canon, str);
    clang_disposeString(s);
  }
  return CXChildVisit_Continue;
}

/* Collects annotate() attributes of `decl` into map[canon]. */
static void fe_collect_annots(fe_ctx *x, cmap *map, CXCursor decl, CXCursor canon) {
  if (!clang_Cursor_hasAttrs(decl)) return;
  fe_annot_visit v = {x, map, canon};
  clang_visitChildren(decl, fe_annot_cb, &v);
}

/* ---- records ---------------------------------------------------------------- */

/* fe_record_for_decl, fe_populate, fe_function, fe_global, fe_enumerator and
 * fe_local_add are wrapped so that the locations of declarations they
 * compute while a body is built do not count as body locations (see
 * body_nonmain). */
static int32_t fe_record_for_decl_raw(fe_ctx *x, CXCursor decl) {
  if (clang_Cursor_isNull(decl)) return -1;
  if (decl.kind != CXCursor_StructDecl && decl.kind != CXCursor_UnionDecl) return -1;
  CXCursor canon = clang_getCanonicalCursor(decl);
  int32_t i = cmap_get(&x->rec_map, canon);
  if (i != INT32_MIN) return i;
  const char *name = clang_Cursor_isAnonymous(canon) ? "" : NULL;
  CXCursor def = clang_getCursorDefinition(canon);
  CXCursor where = clang_Cursor_isNull(def) ? canon : def;
  if (!name) name = fe_spelling(x, where);
  i = (int32_t)hg_model_add_record(x->m, name);
  cmap_put(&x->rec_map, canon, i);
  FE_GROW(x->recs, (uint32_t)i, x->cap_recs);
  fe_rec *fr = &x->recs[i];
  fr->canon = canon;
  fr->def = def;
  fr->populated = false;
  fr->anon_parent = -1;
  fr->anon_field = -1;
  fr->order = (uint32_t)i;
  hg_loc loc = fe_cursor_loc(x, where);
  hg_record *r = &x->m->records[i];
  r->is_union = canon.kind == CXCursor_UnionDecl;
  r->is_complete = !clang_Cursor_isNull(def);
  r->loc = loc;
  return i;
}

static int32_t fe_record_for_decl(fe_ctx *x, CXCursor decl) {
  bool in_body = x->in_body;
  x->in_body = false;
  int32_t r = fe_record_for_decl_raw(x, decl);
  x->in_body = in_body;
  return r;
}

static enum CXChildVisitResult fe_collect_cb(CXCursor c, CXCursor parent, CXClientData d) {
  (void)parent;
  fe_ctx *x = d;
  FE_GROW(x->scratch, x->nscratch, x->cap_scratch);
  x->scratch[x->nscratch++] = c;
  return CXChildVisit_Continue;
}

/* Pushes the children of `c` onto the scratch stack; returns the base index. */
static uint32_t fe_collect(fe_ctx *x, CXCursor c) {
  uint32_t base = x->nscratch;
  clang_visitChildren(c, fe_collect_cb, x);
  return base;
}

static void fe_populate_raw(fe_ctx *x, int32_t ri) {
  if (x->recs[ri].populated) return;
  x->recs[ri].populated = true;
  CXCursor def = x->recs[ri].def;
  if (clang_Cursor_isNull(def)) return;
  uint32_t base = fe_collect(x, def);
  uint32_t end = x->nscratch;
  for (uint32_t k = base; k < end; k++) {
    CXCursor c = x->scratch[k];
    if (c.kind == CXCursor_AnnotateAttr) {
      CXString s = clang_getCursorSpelling(c);
      const char *str = clang_getCString(s);
      if (str) hg_record_add_annotation(x->m, &x->m->records[ri], str);
      clang_disposeString(s);
    } else if (c.kind == CXCursor_FieldDecl) {
      hg_field f;
      memset(&f, 0, sizeof f);
      f.name = fe_spelling(x, c);
      f.type = fe_type(x, clang_getCursorType(c));
      f.loc = fe_cursor_loc(x, c);
      f.range = fe_range(x, c, NULL);
      hg_record *r = &x->m->records[ri];
      int32_t idx = (int32_t)r->nfields;
      hg_record_add_field(x->m, r, &f);
      FE_GROW(x->field_refs, x->nfield_refs, x->cap_field_refs);
      x->field_refs[x->nfield_refs].rec = ri;
      x->field_refs[x->nfield_refs].idx = idx;
      cmap_put(&x->field_map, c, (int32_t)x->nfield_refs);
      x->nfield_refs++;
    } else if ((c.kind == CXCursor_StructDecl || c.kind == CXCursor_UnionDecl) &&
               clang_Cursor_isAnonymousRecordDecl(c)) {
      /* An anonymous member: clang's implicit unnamed field. */
      hg_field f;
      memset(&f, 0, sizeof f);
      f.name = "";
      f.type = fe_type(x, clang_getCursorType(c));
      f.loc = fe_cursor_loc(x, c);
      f.range = fe_range(x, c, NULL);
      int32_t sub = fe_record_for_decl(x, c);
      hg_record *r = &x->m->records[ri];
      int32_t idx = (int32_t)r->nfields;
      hg_record_add_field(x->m, r, &f);
      if (sub >= 0) {
        x->recs[sub].anon_parent = ri;
        x->recs[sub].anon_field = idx;
      }
    }
  }
  x->nscratch = base;
}

static void fe_populate(fe_ctx *x, int32_t ri) {
  bool in_body = x->in_body;
  x->in_body = false;
  fe_populate_raw(x, ri);
  x->in_body = in_body;
}

/* ---- functions, globals, enumerators ------------------------------------------ */

static int32_t fe_function_raw(fe_ctx *x, CXCursor decl) {
  CXCursor canon = clang_getCanonicalCursor(decl);
  int32_t i = cmap_get(&x->fn_map, canon);
  if (i != INT32_MIN) return i;
  const char *name = fe_spelling(x, canon);
  i = smap_get(&x->fn_names, name);
  if (i != INT32_MIN) {
    cmap_put(&x->fn_map, canon, i);
    return i;
  }
  i = (int32_t)hg_model_add_function(x->m, name);
  name = x->m->functions[i].name;
  smap_put(&x->fn_names, name, i);
  cmap_put(&x->fn_map, canon, i);
  FE_GROW(x->fn_canon, (uint32_t)i, x->cap_fn_canon);
  x->fn_canon[i] = canon;

  CXCursor def = clang_getCursorDefinition(canon);
  CXCursor where = clang_Cursor_isNull(def) ? canon : def;
  CXType ft = clang_getCursorType(where);
  hg_loc loc = fe_cursor_loc(x, where);
  hg_range range = fe_range(x, where, NULL);
  hg_type ret = fe_type(x, clang_getResultType(ft));
  hg_function *f = &x->m->functions[i];
  f->loc = loc;
  f->range = range;
  f->ret = ret;
  f->is_static = clang_getCursorLinkage(where) == CXLinkage_Internal;
  f->is_inline = clang_Cursor_isFunctionInlined(where) != 0;
  /* libclang calls a function without prototype variadic; the model does not */
  f->is_variadic = clang_getCanonicalType(ft).kind == CXType_FunctionProto &&
                   clang_isFunctionTypeVariadic(ft) == 1;
  f->hidden = clang_getCursorVisibility(where) == CXVisibility_Hidden;
  int nargs = clang_Cursor_getNumArguments(where);
  for (int k = 0; k < nargs; k++) {
    CXCursor p = clang_Cursor_getArgument(where, (unsigned)k);
    hg_var v;
    memset(&v, 0, sizeof v);
    v.name = fe_spelling(x, p);
    v.type = fe_type(x, clang_getCursorType(p));
    v.loc = fe_cursor_loc(x, p);
    v.is_param = true;
    f = &x->m->functions[i];
    hg_function_add_var(x->m, f, &v);
  }
  f = &x->m->functions[i];
  f->nparams = f->nvars;
  return i;
}

static int32_t fe_function(fe_ctx *x, CXCursor decl) {
  bool in_body = x->in_body;
  x->in_body = false;
  int32_t r = fe_function_raw(x, decl);
  x->in_body = in_body;
  return r;
}

static int32_t fe_global_raw(fe_ctx *x, CXCursor decl) {
  CXCursor canon = clang_getCanonicalCursor(decl);
  int32_t i = cmap_get(&x->glob_map, canon);
  if (i != INT32_MIN) return i;
  CXCursor def = clang_getCursorDefinition(canon);
  CXCursor where = clang_Cursor_isNull(def) ? canon : def;
  const char *name = fe_spelling(x, where);
  i = (int32_t)hg_model_add_global(x->m, name);
  cmap_put(&x->glob_map, canon, i);
  hg_type t = fe_type(x, clang_getCursorType(where));
  hg_loc loc = fe_cursor_loc(x, where);
  enum CXLinkageKind lk = clang_getCursorLinkage(where);
  hg_var *g = &x->m->globals[i];
  g->type = t;
  g->loc = loc;
  g->is_static = lk == CXLinkage_Internal;
  g->is_extern = lk == CXLinkage_External;
  return i;
}

static int32_t fe_global(fe_ctx *x, CXCursor decl) {
  bool in_body = x->in_body;
  x->in_body = false;
  int32_t r = fe_global_raw(x, decl);
  x->in_body = in_body;
  return r;
}

static int32_t fe_enumerator_raw(fe_ctx *x, CXCursor ec) {
  int32_t i = cmap_get(&x->enum_map, ec);
  if (i != INT32_MIN) return i;
  CXString s = clang_getCursorSpelling(ec);
  const char *name = clang_getCString(s);
  i = (int32_t)hg_model_add_enumerator(x->m, name ? name : "",
                                       (int64_t)clang_getEnumConstantDeclValue(ec));
  clang_disposeString(s);
  cmap_put(&x->enum_map, ec, i);
  FE_GROW(x->enums, (uint32_t)i, x->cap_enums);
  x->enums[i].cur = ec;
  x->enums[i].loc = fe_cursor_loc(x, ec);
  return i;
}

static int32_t fe_enumerator(fe_ctx *x, CXCursor ec) {
  bool in_body = x->in_body;
  x->in_body = false;
  int32_t r = fe_enumerator_raw(x, ec);
  x->in_body = in_body;
  return r;
}

static void fe_scan_enum(fe_ctx *x, CXCursor ed) {
  uint32_t base = fe_collect(x, ed);
  for (uint32_t k = base; k < x->nscratch; k++)
    if (x->scratch[k].kind == CXCursor_EnumConstantDecl) fe_enumerator(x, x->scratch[k]);
  x->nscratch = base;
}

/* A typedef naming a record: typedef name and annotations go to the record. */
static void fe_scan_typedef(fe_ctx *x, CXCursor td) {
  CXType ut = clang_getCanonicalType(clang_getTypedefDeclUnderlyingType(td));
  if (ut.kind != CXType_Record) return;
  CXCursor rd = clang_getTypeDeclaration(ut);
  if (clang_Cursor_isNull(rd)) return;
  CXCursor canon = clang_getCanonicalCursor(rd);
  if (cmap_get(&x->rec_typedef_map, canon) == INT32_MIN) {
    FE_GROW(x->typedef_names, x->ntypedef_names, x->cap_typedef_names);
    x->typedef_names[x->ntypedef_names] = fe_spelling(x, td);
    cmap_put(&x->rec_typedef_map, canon, (int32_t)x->ntypedef_names);
    x->ntypedef_names++;
  }
  fe_collect_annots(x, &x->rec_annot_map, td, canon);
}

static void fe_scan_record(fe_ctx *x, CXCursor rd, bool user) {
  CXCursor canon = clang_getCanonicalCursor(rd);
  if (!user) {
    fe_collect_annots(x, &x->rec_annot_map, rd, canon);
    return;
  }
  /* When checking (not dumping), every struct the user defines is in the
   * model, referenced or not: a handle declared in a header or used only by
   * other files is still judged by guard-not-inline. */
  if (x->relevant && clang_isCursorDefinition(rd)) (void)fe_record_for_decl(x, rd);
  uint32_t base = fe_collect(x, rd);
  for (uint32_t k = base; k < x->nscratch; k++) {
    CXCursor c = x->scratch[k];
    if (c.kind == CXCursor_AnnotateAttr) {
      CXString s = clang_getCursorSpelling(c);
      const char *str = clang_getCString(s);
      if (str) fe_annot_add(x, &x->rec_annot_map, canon, str);
      clang_disposeString(s);
    } else if (c.kind == CXCursor_StructDecl || c.kind == CXCursor_UnionDecl) {
      fe_scan_record(x, c, true);
    } else if (c.kind == CXCursor_EnumDecl) {
      fe_scan_enum(x, c);
    }
  }
  x->nscratch = base;
}

/* ---- raw body trees -------------------------------------------------------- */

static int32_t rn_add(fe_ctx *x, CXCursor c, int32_t parent) {
  FE_GROW(x->rn, x->nrn, x->cap_rn);
  int32_t i = (int32_t)x->nrn++;
  rnode *r = &x->rn[i];
  r->c = c;
  r->first = r->last = r->next = -1;
  r->n = 0;
  if (parent >= 0) {
    rnode *p = &x->rn[parent];
    if (p->last >= 0) x->rn[p->last].next = i;
    else p->first = i;
    p->last = i;
    p->n++;
  }
  return i;
}

static enum CXChildVisitResult rn_cb(CXCursor c, CXCursor parent, CXClientData d) {
  fe_ctx *x = d;
  while (x->nrstack > 1) {
    const CXCursor *top = &x->rn[x->rstack[x->nrstack - 1]].c;
    /* libclang hands back the very cursor it recursed into: compare the bits
     * first, ask libclang only when they differ */
    if (top->kind == parent.kind && top->data[0] == parent.data[0] &&
        top->data[1] == parent.data[1] && top->data[2] == parent.data[2])
      break;
    if (clang_equalCursors(*top, parent)) break;
    x->nrstack--;
  }
  int32_t i = rn_add(x, c, x->rstack[x->nrstack - 1]);
  switch (c.kind) {
  case CXCursor_UnaryExpr:   /* sizeof / _Alignof: never visited */
  case CXCursor_BlockExpr:
  case CXCursor_FunctionDecl:
  case CXCursor_StructDecl:
  case CXCursor_UnionDecl:
  case CXCursor_EnumDecl:
  case CXCursor_TypedefDecl:
  case CXCursor_ParmDecl:
  case CXCursor_FieldDecl:
  case CXCursor_TypeRef:
  case CXCursor_MemberRef:
  case CXCursor_LabelRef:
    return CXChildVisit_Continue;
  default:
    if (clang_isAttribute(c.kind)) return CXChildVisit_Continue;
    break;
  }
  FE_GROW(x->rstack, x->nrstack, x->cap_rstack);
  x->rstack[x->nrstack++] = i;
  return CXChildVisit_Recurse;
}

static int32_t rn_build(fe_ctx *x, CXCursor root) {
  x->nrn = 0;
  x->nrstack = 0;
  int32_t r = rn_add(x, root, -1);
  FE_GROW(x->rstack, x->nrstack, x->cap_rstack);
  x->rstack[x->nrstack++] = r;
  clang_visitChildren(root, rn_cb, x);
  return r;
}

#define RN(i) (x->rn[(i)])
#define RK(i) (x->rn[(i)].c.kind)

static bool fe_is_expr_kind(enum CXCursorKind k) { return clang_isExpression(k) != 0; }

/* The n-th expression child (0-based) of raw node i, or -1. */
static int32_t rn_expr_child(fe_ctx *x, int32_t i, uint32_t n) {
  for (int32_t c = RN(i).first; c >= 0; c = RN(c).next)
    if (fe_is_expr_kind(RK(c)) && n-- == 0) return c;
  return -1;
}

static uint32_t rn_expr_count(fe_ctx *x, int32_t i) {
  uint32_t n = 0;
  for (int32_t c = RN(i).first; c >= 0; c = RN(c).next)
    if (fe_is_expr_kind(RK(c))) n++;
  return n;
}

static int32_t rn_last_expr(fe_ctx *x, int32_t i) {
  int32_t last = -1;
  for (int32_t c = RN(i).first; c >= 0; c = RN(c).next)
    if (fe_is_expr_kind(RK(c))) last = c;
  return last;
}

static bool rn_has_kind(fe_ctx *x, int32_t i, enum CXCursorKind k) {
  for (int32_t c = RN(i).first; c >= 0; c = RN(c).next)
    if (RK(c) == k) return true;
  return false;
}

/* The statement-or-expression children (no refs, types, attributes). */
static bool fe_is_code_kind(enum CXCursorKind k) {
  return clang_isExpression(k) || clang_isStatement(k);
}

static int32_t rn_code_child(fe_ctx *x, int32_t i, uint32_t n) {
  for (int32_t c = RN(i).first; c >= 0; c = RN(c).next)
    if (fe_is_code_kind(RK(c)) && n-- == 0) return c;
  return -1;
}

static uint32_t rn_code_count(fe_ctx *x, int32_t i) {
  uint32_t n = 0;
  for (int32_t c = RN(i).first; c >= 0; c = RN(c).next)
    if (fe_is_code_kind(RK(c))) n++;
  return n;
}

/* ---- expression helpers ---------------------------------------------------- */

static bool fe_same_loc(CXCursor a, CXCursor b) {
  return clang_equalLocations(clang_getCursorLocation(a), clang_getCursorLocation(b)) != 0;
}

/* An UnexposedExpr that is an implicit cast: one expression child, located
 * where the child is (libclang reports an implicit cast at its operand). */
static bool fe_transparent_unexposed(fe_ctx *x, int32_t i) {
  if (RK(i) != CXCursor_UnexposedExpr || RN(i).n != 1) return false;
  int32_t c = RN(i).first;
  if (!fe_is_expr_kind(RK(c))) return false;
  return fe_same_loc(RN(i).c, RN(c).c);
}

/* Strips parens, implicit casts and __extension__; counts the parentheses
 * (*paren) and notes an __extension__ (*paren |= 0x10000). */
static int32_t fe_strip2(fe_ctx *x, int32_t i, CXType *ptr_cast, int *paren) {
  for (;;) {
    enum CXCursorKind k = RK(i);
    if (k == CXCursor_ParenExpr && RN(i).n == 1 && fe_is_expr_kind(RK(RN(i).first))) {
      if (paren) *paren += 1;
      i = RN(i).first;
    } else if (fe_transparent_unexposed(x, i)) {
      if (ptr_cast && ptr_cast->kind == CXType_Invalid) {
        CXType t = clang_getCursorType(RN(i).c);
        if (fe_kind(clang_getCanonicalType(t)) == HG_TY_POINTER) *ptr_cast = t;
      }
      i = RN(i).first;
    } else if (k == CXCursor_UnaryOperator &&
               clang_getCursorUnaryOperatorKind(RN(i).c) == CXUnaryOperator_Extension &&
               rn_expr_child(x, i, 0) >= 0) {
      if (paren) *paren |= 0x10000;
      i = rn_expr_child(x, i, 0);
    } else {
      return i;
    }
  }
}

static int32_t fe_strip(fe_ctx *x, int32_t i, CXType *ptr_cast) {
  return fe_strip2(x, i, ptr_cast, NULL);
}

static bool fe_eval_int(CXCursor c, int64_t *out) {
  CXEvalResult er = clang_Cursor_Evaluate(c);
  if (!er) return false;
  bool ok = false;
  if (clang_EvalResult_getKind(er) == CXEval_Int) {
    if (clang_EvalResult_isUnsignedInt(er))
      *out = (int64_t)clang_EvalResult_getAsUnsigned(er);
    else
      *out = (int64_t)clang_EvalResult_getAsLongLong(er);
    ok = true;
  }
  clang_EvalResult_dispose(er);
  return ok;
}

static bool fe_is_zero_literal(fe_ctx *x, int32_t i) {
  int64_t v;
  return RK(i) == CXCursor_IntegerLiteral && fe_eval_int(RN(i).c, &v) && v == 0;
}

/* The first token at the spelling location of `c`'s location equals `s`. */
static bool fe_first_token_is(fe_ctx *x, CXCursor c, const char *s) {
  CXFile f = NULL;
  unsigned off = 0;
  clang_getSpellingLocation(clang_getCursorLocation(c), &f, NULL, NULL, &off);
  if (!f) return false;
  CXToken *tok = clang_getToken(x->tu, clang_getLocationForOffset(x->tu, f, off));
  if (!tok) return false;
  CXString sp = clang_getTokenSpelling(x->tu, *tok);
  const char *str = clang_getCString(sp);
  bool eq = str && strcmp(str, s) == 0;
  clang_disposeString(sp);
  clang_disposeTokens(x->tu, tok, 1);
  return eq;
}

/* ---- body conversion ---------------------------------------------------------- */

static hg_node *fe_expr(fe_ctx *x, int32_t i);
static hg_node *fe_stmt(fe_ctx *x, int32_t i);
static void fe_stmt_into(fe_ctx *x, int32_t i, hg_node *compound);

static hg_node *fe_node(fe_ctx *x, hg_node_kind k, CXCursor c) {
  hg_node *n = hg_node_new(x->m, k);
  bool mac = false;
  n->range = fe_range(x, c, &mac);
  if (mac) n->flags |= HG_NF_IN_MACRO;
  return n;
}

static void fe_node_type(fe_ctx *x, hg_node *n, hg_type t);

static hg_node *fe_enode(fe_ctx *x, hg_node_kind k, CXCursor c) {
  hg_node *n = fe_node(x, k, c);
  fe_node_type(x, n, fe_type(x, clang_getCursorType(c)));
  return n;
}

/* Children arrays are reserved right after their node when the number of
 * children is known, so that a node and its children array share cache lines
 * (walking the model - validation, the rules - is dominated by cache misses).
 * Reserved slots hold FE_HOLE until fe_add fills them in order. */
static hg_node fe_hole_node;
#define FE_HOLE (&fe_hole_node)

static void fe_reserve(fe_ctx *x, hg_node *n, uint32_t k) {
  for (uint32_t j = 0; j < k; j++) hg_node_add_child(x->m, n, FE_HOLE);
}

static void fe_add(fe_ctx *x, hg_node *p, hg_node *c) {
  uint32_t j = p->nchildren;
  if (j == 0 || p->children[j - 1] != FE_HOLE) {
    hg_node_add_child(x->m, p, c);
    return;
  }
  while (j > 0 && p->children[j - 1] == FE_HOLE) j--; /* holes are a suffix */
  p->children[j] = c;
}

/* Drops reserved slots left unfilled (none, when the counts were right). */
static void fe_trim_holes(hg_node *n) {
  while (n->nchildren && n->children[n->nchildren - 1] == FE_HOLE) n->nchildren--;
}

#define FE_FIX(x, kind, ptr)                                                  \
  do {                                                                        \
    FE_GROW((x)->fix_##kind, (x)->nfix_##kind, (x)->cap_fix_##kind);          \
    (x)->fix_##kind[(x)->nfix_##kind++] = (ptr);                              \
  } while (0)

/* Sets a node's type, remembering its record index for renumbering. */
static void fe_node_type(fe_ctx *x, hg_node *n, hg_type t) {
  n->type = t;
  if (t.record >= 0) FE_FIX(x, rec, &n->type.record);
}

/* ---- ranges without libclang extents --------------------------------------
 * clang_getCursorExtent and the location queries are the bulk of the cost of
 * a model.  Most ranges follow from the children's ranges (a BINARY spans its
 * operands) and from the source text at one location (a keyword, a '{', a
 * ')' after the last argument); fe_range is the fallback whenever a piece
 * comes from a macro, parentheses were stripped, or the text does not read as
 * expected.  Built with -DHG_FE_VERIFY_RANGES every derived range is checked
 * against libclang's extent. */

static void fe_set_range(fe_ctx *x, hg_node *n, CXCursor c) {
  bool mac = false;
  n->range = fe_range(x, c, &mac);
  if (mac) n->flags |= HG_NF_IN_MACRO;
}

#ifdef HG_FE_VERIFY_RANGES
static void fe_verify(fe_ctx *x, const hg_node *n, CXCursor c, const char *how) {
  bool mac = false;
  hg_range r = fe_range(x, c, &mac);
  bool nm = (n->flags & HG_NF_IN_MACRO) != 0;
  if (memcmp(&r, &n->range, sizeof r) != 0 || mac != nm)
    fprintf(stderr, "range mismatch (%s) %s: derived %u:%u-%u:%u%s, libclang %u:%u-%u:%u%s\n", how,
            hg_node_kind_name(n->kind), n->range.begin.line, n->range.begin.col, n->range.end.line,
            n->range.end.col, nm ? " macro" : "", r.begin.line, r.begin.col, r.end.line, r.end.col,
            mac ? " macro" : "");
}
#define FE_VERIFY(x, n, c, how) fe_verify(x, n, c, how)
#else
#define FE_VERIFY(x, n, c, how) ((void)0)
#endif

static void fe_note_end(fe_ctx *x, const hg_node *n, bool in_file) {
  x->efile_node = n;
  x->efile = in_file;
}

static void fe_clamp(hg_range *r) {
  if (r->end.file != r->begin.file || r->end.offset < r->begin.offset) r->end = r->begin;
}

/* n spans from where `from` begins to where `to` ends, when both are known;
 * else libclang decides. */
static void fe_span(fe_ctx *x, hg_node *n, CXCursor c, const fe_ext *from, const fe_ext *to) {
  if (from->bok && to->eok) {
    n->range.begin = from->b;
    n->range.end = to->e;
    if (from->mac) n->flags |= HG_NF_IN_MACRO;
    fe_clamp(&n->range);
    fe_note_end(x, n, to->efile);
    FE_VERIFY(x, n, c, "span");
    return;
  }
  fe_set_range(x, n, c);
}

/* c's location (its begin for the kinds this is used on) holds the token
 * `tok`, written outside any macro: *b and *e (one past it) are set. */
static bool fe_tok_at(fe_ctx *x, CXCursor c, const char *tok, hg_loc *b, hg_loc *e) {
  uint32_t fi, off;
  bool mac;
  if (!fe_leaf_loc(x, c, &fi, &off, &mac)) return false;
  const fe_file *ff = &x->files[fi];
  size_t len = strlen(tok);
  if (off + len > ff->size || memcmp(ff->buf + off, tok, len) != 0) return false;
  if (fe_ident_char(tok[len - 1]) && off + len < ff->size && fe_ident_char(ff->buf[off + len]))
    return false;
  *b = fe_loc_at(x, fi, off);
  *e = fe_loc_at(x, fi, off + (uint32_t)len);
  return true;
}

/* The offset of the first character at or after `off` that is not blank or
 * part of a comment; UINT32_MAX at the end of the buffer or at anything that
 * might be a preprocessor directive or a line splice. */
static uint32_t fe_skip_blanks(const fe_file *ff, uint32_t off) {
  const char *b = ff->buf;
  size_t n = ff->size;
  while (off < n) {
    char ch = b[off];
    if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v') {
      off++;
    } else if (ch == '/' && off + 1 < n && b[off + 1] == '*') {
      const char *end = NULL;
      for (size_t k = off + 2; k + 1 < n; k++)
        if (b[k] == '*' && b[k + 1] == '/') {
          end = b + k + 2;
          break;
        }
      if (!end) return UINT32_MAX;
      off = (uint32_t)(end - b);
    } else if (ch == '/' && off + 1 < n && b[off + 1] == '/') {
      const char *nl = memchr(b + off, '\n', n - off);
      if (!nl || (nl > b && nl[-1] == '\\')) return UINT32_MAX;
      off = (uint32_t)(nl - b);
    } else {
      return (ch == '#' || ch == '\\') ? UINT32_MAX : off;
    }
  }
  return UINT32_MAX;
}

/* From the end of `after` (exact, outside macros), the next token is the
 * single character `want`: *at is set to one past it. */
static bool fe_next_char(fe_ctx *x, const hg_loc *after, char want, hg_loc *at) {
  if (after->line == 0) return false;
  const fe_file *ff = &x->files[after->file];
  if (!ff->buf) return false;
  uint32_t off = fe_skip_blanks(ff, after->offset);
  if (off == UINT32_MAX || ff->buf[off] != want) return false;
  *at = fe_loc_at(x, after->file, off + 1);
  return true;
}

/* n begins at the token `tok` at c's location and ends where `to` ends. */
static void fe_span_tok(fe_ctx *x, hg_node *n, CXCursor c, const char *tok, const fe_ext *to) {
  hg_loc b, e;
  if (to && to->eok && fe_tok_at(x, c, tok, &b, &e)) {
    n->range.begin = b;
    n->range.end = to->e;
    fe_note_end(x, n, to->efile);
    fe_clamp(&n->range);
    FE_VERIFY(x, n, c, tok);
    return;
  }
  fe_set_range(x, n, c);
}

/* n is exactly the token `tok` at c's location. */
static void fe_span_word(fe_ctx *x, hg_node *n, CXCursor c, const char *tok) {
  hg_loc b, e;
  if (fe_tok_at(x, c, tok, &b, &e)) {
    n->range.begin = b;
    n->range.end = e;
    fe_note_end(x, n, true);
    FE_VERIFY(x, n, c, tok);
    return;
  }
  fe_set_range(x, n, c);
}

/* x->last for node n made exactly (or not) from its clang node. */
static void fe_set_last(fe_ctx *x, const hg_node *n, bool exact) {
  fe_ext *l = &x->last;
  l->b = n->range.begin;
  l->e = n->range.end;
  l->mac = (n->flags & HG_NF_IN_MACRO) != 0;
  bool empty = n->range.begin.file == n->range.end.file &&
               n->range.begin.offset == n->range.end.offset; /* maybe clamped */
  l->bok = exact && n->range.begin.line != 0;
  l->eok = exact && !empty && n->range.end.line != 0;
  l->efile = l->eok && x->efile_node == n && x->efile;
}

/* Widens x->last over `levels` pairs of parentheses written around it. */
static void fe_widen_parens(fe_ctx *x, int levels) {
  fe_ext *l = &x->last;
  for (int k = 0; k < levels; k++) {
    if (l->bok && !l->mac) {
      const fe_file *ff = &x->files[l->b.file];
      uint32_t o = l->b.offset;
      while (o > 0 && ff->buf && (ff->buf[o - 1] == ' ' || ff->buf[o - 1] == '\t' ||
                                  ff->buf[o - 1] == '\n' || ff->buf[o - 1] == '\r'))
        o--;
      if (ff->buf && o > 0 && ff->buf[o - 1] == '(') l->b = fe_loc_at(x, l->b.file, o - 1);
      else l->bok = false;
    } else {
      l->bok = false;
    }
    hg_loc at;
    if (l->eok && l->efile && fe_next_char(x, &l->e, ')', &at)) l->e = at;
    else l->eok = l->efile = false;
  }
  if (levels > 0) l->mac = false; /* the '(' was found in the file */
}

/* OTHER_EXPR over the expression children of i. */
static hg_node *fe_other_expr(fe_ctx *x, int32_t i) {
  hg_node *n = fe_enode(x, HG_N_OTHER_EXPR, RN(i).c);
  for (int32_t c = RN(i).first; c >= 0; c = RN(c).next)
    if (fe_is_expr_kind(RK(c))) fe_add(x, n, fe_expr(x, c));
  return n;
}

static int32_t fe_local_lookup(fe_ctx *x, CXCursor decl) { return cmap_get(&x->locals, decl); }

static int32_t fe_local_add_raw(fe_ctx *x, CXCursor decl) {
  hg_var v;
  memset(&v, 0, sizeof v);
  v.name = fe_spelling(x, decl);
  v.type = fe_type(x, clang_getCursorType(decl));
  v.loc = fe_cursor_loc(x, decl);
  v.is_static = clang_Cursor_getStorageClass(decl) == CX_SC_Static;
  int32_t idx = (int32_t)hg_function_add_var(x->m, &x->m->functions[x->cur_fn], &v);
  cmap_put(&x->locals, decl, idx);
  return idx;
}

static int32_t fe_local_add(fe_ctx *x, CXCursor decl) {
  bool in_body = x->in_body;
  x->in_body = false;
  int32_t r = fe_local_add_raw(x, decl);
  x->in_body = in_body;
  return r;
}

/* An expression node whose range is set later (fe_finish_leaf). */
static hg_node *fe_tnode(fe_ctx *x, hg_node_kind k, CXCursor c) {
  hg_node *n = hg_node_new(x->m, k);
  fe_node_type(x, n, fe_type(x, clang_getCursorType(c)));
  return n;
}

static hg_node *fe_finish_leaf(fe_ctx *x, hg_node *n, CXCursor c) {
  if (fe_name_range(x, c, n->name, &n->range)) {
    fe_note_end(x, n, true);
    FE_VERIFY(x, n, c, "name");
  } else {
    bool mac = false;
    n->range = fe_range(x, c, &mac);
    if (mac) n->flags |= HG_NF_IN_MACRO;
  }
  return n;
}

static hg_node *fe_declref(fe_ctx *x, int32_t i) {
  CXCursor c = RN(i).c;
  CXCursor ref = clang_getCursorReferenced(c);
  switch (ref.kind) {
  case CXCursor_VarDecl:
  case CXCursor_ParmDecl: {
    hg_node *n = hg_node_new(x->m, HG_N_VAR);
    int32_t li = fe_local_lookup(x, ref);
    if (li == INT32_MIN && ref.kind == CXCursor_VarDecl &&
        clang_Cursor_getStorageClass(ref) != CX_SC_Extern &&
        clang_getCursorSemanticParent(ref).kind != CXCursor_TranslationUnit &&
        !clang_Cursor_hasVarDeclExternalStorage(ref)) {
      li = fe_local_add(x, ref); /* a local met before its declaration (rare) */
    }
    if (li != INT32_MIN) {
      /* a local's DeclRefExpr has the local's declared type */
      n->ref = li;
      n->name = x->m->functions[x->cur_fn].vars[li].name;
      fe_node_type(x, n, x->m->functions[x->cur_fn].vars[li].type);
    } else if (ref.kind == CXCursor_VarDecl) {
      n->ref = fe_global(x, ref);
      n->name = x->m->globals[n->ref].name;
      n->flags |= HG_NF_GLOBAL;
      FE_FIX(x, glob, &n->ref);
      fe_node_type(x, n, fe_type(x, clang_getCursorType(c)));
    } else {
      n->kind = HG_N_OTHER_EXPR;
      fe_node_type(x, n, fe_type(x, clang_getCursorType(c)));
    }
    return fe_finish_leaf(x, n, c);
  }
  case CXCursor_FunctionDecl: {
    hg_node *n = fe_tnode(x, HG_N_FUNC_REF, c);
    n->ref = fe_function(x, ref);
    n->name = x->m->functions[n->ref].name;
    x->m->functions[n->ref].address_taken = true;
    FE_FIX(x, fn, &n->ref);
    return fe_finish_leaf(x, n, c);
  }
  case CXCursor_EnumConstantDecl: {
    hg_node *n = fe_tnode(x, HG_N_ENUM_CONST, c);
    int32_t e = fe_enumerator(x, ref);
    n->name = x->m->enumerators[e].name;
    n->value = x->m->enumerators[e].value;
    return fe_finish_leaf(x, n, c);
  }
  default:
    return fe_enode(x, HG_N_OTHER_EXPR, c);
  }
}

/* For an anonymous member record, makes sure the enclosing record's fields
 * are known, which links the two (anon_parent / anon_field). */
static void fe_anon_link(fe_ctx *x, int32_t rec) {
  if (rec < 0 || x->recs[rec].anon_parent >= 0) return;
  CXCursor d = x->recs[rec].canon;
  if (!clang_Cursor_isAnonymousRecordDecl(d)) return;
  int32_t parent = fe_record_for_decl(x, clang_getCursorSemanticParent(d));
  if (parent >= 0) fe_populate(x, parent);
}

static hg_node *fe_member(fe_ctx *x, int32_t i) {
  CXCursor c = RN(i).c;
  CXCursor field = clang_getCursorReferenced(c);
  int32_t base = rn_expr_child(x, i, 0);
  if (field.kind != CXCursor_FieldDecl || base < 0) return fe_other_expr(x, i);
  int32_t rec = fe_record_for_decl(x, clang_getCursorSemanticParent(field));
  if (rec < 0) return fe_other_expr(x, i);
  fe_populate(x, rec);
  int32_t fr = cmap_get(&x->field_map, field);
  if (fr == INT32_MIN || x->field_refs[fr].rec != rec) return fe_other_expr(x, i);
  /* libclang shows some of the implicit accesses to anonymous members (as
   * MemberRefExprs of the unnamed field) and hides others: skip them all,
   * the chain is rebuilt below from the records. */
  for (int guard = 0; guard < 64; guard++) {
    int32_t sb = fe_strip(x, base, NULL);
    if (RK(sb) != CXCursor_MemberRefExpr) break;
    CXCursor f2 = clang_getCursorReferenced(RN(sb).c);
    if (f2.kind != CXCursor_FieldDecl || cmap_get(&x->field_map, f2) != INT32_MIN ||
        !clang_Cursor_isAnonymousRecordDecl(clang_getTypeDeclaration(clang_getCursorType(f2))))
      break; /* named fields are in field_map once their record is populated */
    int32_t nb = rn_expr_child(x, sb, 0);
    if (nb < 0) break;
    base = nb;
  }

  hg_node *n = fe_tnode(x, HG_N_MEMBER, c);
  fe_reserve(x, n, 1);
  n->record = rec;
  FE_FIX(x, rec, &n->record);
  n->ref = x->field_refs[fr].idx;
  n->name = x->m->records[rec].fields[n->ref].name;
  /* '->' or '.': read before the member name, else from the base's type */
  hg_loc mb, me;
  bool tok = n->name[0] && fe_tok_at(x, c, n->name, &mb, &me);
  int arrow = -1;
  if (tok) {
    const fe_file *ff = &x->files[mb.file];
    uint32_t o = mb.offset;
    while (o > 0 && (ff->buf[o - 1] == ' ' || ff->buf[o - 1] == '\t' || ff->buf[o - 1] == '\n' ||
                     ff->buf[o - 1] == '\r'))
      o--;
    if (o >= 2 && ff->buf[o - 1] == '>' && ff->buf[o - 2] == '-') arrow = 1;
    else if (o >= 1 && ff->buf[o - 1] == '.') arrow = 0;
  }
  if (arrow < 0) {
    hg_type_kind bk = fe_kind(clang_getCanonicalType(clang_getCursorType(RN(base).c)));
    arrow = bk == HG_TY_POINTER || bk == HG_TY_ARRAY;
  }
  hg_node *b = fe_expr(x, base);
  {
    /* from the base to the member name */
    if (x->last.bok && tok) {
      n->range.begin = x->last.b;
      n->range.end = me;
      if (x->last.mac) n->flags |= HG_NF_IN_MACRO;
      fe_note_end(x, n, true);
      fe_clamp(&n->range);
      FE_VERIFY(x, n, c, "member");
    } else {
      fe_set_range(x, n, c);
    }
  }

  /* The implicit accesses to anonymous struct/union members on the way. */
  fe_anon_link(x, rec);
  if (x->recs[rec].anon_parent >= 0) {
    int32_t want = b->type.base == HG_TY_RECORD ? b->type.record : -1;
    int32_t chain[64];
    int nchain = 0;
    int32_t r = rec;
    while (r != want && r >= 0 && x->recs[r].anon_parent >= 0 && nchain < 64) {
      chain[nchain++] = r;
      r = x->recs[r].anon_parent;
      fe_anon_link(x, r);
    }
    if (r == want && nchain > 0) {
      for (int k = nchain - 1; k >= 0; k--) {
        int32_t sub = chain[k], parent = x->recs[sub].anon_parent;
        hg_node *im = hg_node_new(x->m, HG_N_MEMBER);
        fe_reserve(x, im, 1);
        im->range = n->range;
        im->flags = HG_NF_IMPLICIT | (n->flags & HG_NF_IN_MACRO) | (arrow ? HG_NF_ARROW : 0);
        im->record = parent;
        FE_FIX(x, rec, &im->record);
        im->ref = x->recs[sub].anon_field;
        im->name = x->m->records[parent].fields[im->ref].name;
        fe_node_type(x, im, x->m->records[parent].fields[im->ref].type);
        fe_add(x, im, b);
        b = im;
        arrow = false;
      }
    }
  }
  if (arrow) n->flags |= HG_NF_ARROW;
  fe_add(x, n, b);
  return n;
}

static hg_node *fe_call(fe_ctx *x, int32_t i) {
  hg_node *n = fe_tnode(x, HG_N_CALL, RN(i).c);
  uint32_t nargs = rn_expr_count(x, i);
  if (nargs <= 16) fe_reserve(x, n, nargs);
  hg_node *callee = NULL, *last = NULL;
  fe_ext ce, le;
  memset(&ce, 0, sizeof ce);
  memset(&le, 0, sizeof le);
  for (int32_t c = RN(i).first; c >= 0; c = RN(c).next) {
    if (!fe_is_expr_kind(RK(c))) continue;
    hg_node *sub = NULL;
    if (!callee) {
      int paren = 0;
      int32_t s = fe_strip2(x, c, NULL, &paren);
      if (RK(s) == CXCursor_DeclRefExpr) {
        CXCursor ref = clang_getCursorReferenced(RN(s).c);
        if (ref.kind == CXCursor_FunctionDecl) {
          hg_node *fr = fe_tnode(x, HG_N_FUNC_REF, RN(s).c);
          fr->ref = fe_function(x, ref);
          fr->name = x->m->functions[fr->ref].name;
          fe_finish_leaf(x, fr, RN(s).c);
          n->ref = fr->ref;
          FE_FIX(x, fn, &fr->ref);
          FE_FIX(x, fn, &n->ref);
          n->name = fr->name;
          sub = fr;
          fe_set_last(x, fr, true);
          if (paren & 0x10000) x->last.bok = false;
          if (paren & 0xffff) fe_widen_parens(x, paren & 0xffff);
        }
      }
      if (!sub) sub = fe_expr(x, c);
      callee = sub;
      ce = x->last;
    } else {
      sub = fe_expr(x, c);
    }
    last = sub;
    le = x->last;
    fe_add(x, n, sub);
  }
  if (!callee) {
    n->kind = HG_N_OTHER_EXPR; /* no callee: cannot happen in C */
    fe_set_range(x, n, RN(i).c);
    return n;
  }
  /* from the callee to the ')' after the last argument (or after '(') */
  hg_loc open, close;
  bool ok = ce.bok && le.eok && le.efile;
  if (ok && last == callee) ok = fe_next_char(x, &le.e, '(', &open) &&
                                 fe_next_char(x, &open, ')', &close);
  else if (ok) ok = fe_next_char(x, &le.e, ')', &close);
  if (ok) {
    n->range.begin = ce.b;
    n->range.end = close;
    if (ce.mac) n->flags |= HG_NF_IN_MACRO;
    fe_note_end(x, n, true);
    fe_clamp(&n->range);
    FE_VERIFY(x, n, RN(i).c, "call");
  } else {
    fe_set_range(x, n, RN(i).c);
  }
  return n;
}

static hg_op_kind fe_unop(enum CXUnaryOperatorKind k) {
  switch (k) {
  case CXUnaryOperator_PostInc: return HG_OP_POSTINC;
  case CXUnaryOperator_PostDec: return HG_OP_POSTDEC;
  case CXUnaryOperator_PreInc: return HG_OP_PREINC;
  case CXUnaryOperator_PreDec: return HG_OP_PREDEC;
  case CXUnaryOperator_AddrOf: return HG_OP_ADDR;
  case CXUnaryOperator_Deref: return HG_OP_DEREF;
  case CXUnaryOperator_Plus: return HG_OP_PLUS;
  case CXUnaryOperator_Minus: return HG_OP_NEG;
  case CXUnaryOperator_Not: return HG_OP_BITNOT;
  case CXUnaryOperator_LNot: return HG_OP_NOT;
  default: return HG_OP_NONE;
  }
}

static hg_op_kind fe_binop(enum CXBinaryOperatorKind k, bool *assign) {
  *assign = false;
  switch (k) {
  case CXBinaryOperator_MulAssign: *assign = true; /* fall through */
  case CXBinaryOperator_Mul: return HG_OP_MUL;
  case CXBinaryOperator_DivAssign: *assign = true; /* fall through */
  case CXBinaryOperator_Div: return HG_OP_DIV;
  case CXBinaryOperator_RemAssign: *assign = true; /* fall through */
  case CXBinaryOperator_Rem: return HG_OP_REM;
  case CXBinaryOperator_AddAssign: *assign = true; /* fall through */
  case CXBinaryOperator_Add: return HG_OP_ADD;
  case CXBinaryOperator_SubAssign: *assign = true; /* fall through */
  case CXBinaryOperator_Sub: return HG_OP_SUB;
  case CXBinaryOperator_ShlAssign: *assign = true; /* fall through */
  case CXBinaryOperator_Shl: return HG_OP_SHL;
  case CXBinaryOperator_ShrAssign: *assign = true; /* fall through */
  case CXBinaryOperator_Shr: return HG_OP_SHR;
  case CXBinaryOperator_AndAssign: *assign = true; /* fall through */
  case CXBinaryOperator_And: return HG_OP_BITAND;
  case CXBinaryOperator_OrAssign: *assign = true; /* fall through */
  case CXBinaryOperator_Or: return HG_OP_BITOR;
  case CXBinaryOperator_XorAssign: *assign = true; /* fall through */
  case CXBinaryOperator_Xor: return HG_OP_BITXOR;
  case CXBinaryOperator_LT: return HG_OP_LT;
  case CXBinaryOperator_GT: return HG_OP_GT;
  case CXBinaryOperator_LE: return HG_OP_LE;
  case CXBinaryOperator_GE: return HG_OP_GE;
  case CXBinaryOperator_EQ: return HG_OP_EQ;
  case CXBinaryOperator_NE: return HG_OP_NE;
  case CXBinaryOperator_LAnd: return HG_OP_LAND;
  case CXBinaryOperator_LOr: return HG_OP_LOR;
  case CXBinaryOperator_Comma: return HG_OP_COMMA;
  case CXBinaryOperator_Assign: *assign = true; return HG_OP_ASSIGN;
  default: return HG_OP_NONE;
  }
}

/* A designated initializer inside an init list (libclang: UnexposedExpr
 * whose children are the designators, then the initializer). */
static bool fe_is_designated(fe_ctx *x, int32_t i) {
  if (RK(i) != CXCursor_UnexposedExpr || RN(i).n == 0) return false;
  if (rn_has_kind(x, i, CXCursor_MemberRef)) return true;
  if (rn_expr_count(x, i) < 2) return false;
  return fe_first_token_is(x, RN(i).c, "[");
}

static hg_node *fe_init_list(fe_ctx *x, int32_t i) {
  hg_node *n = fe_enode(x, HG_N_INIT_LIST, RN(i).c);
  for (int32_t c = RN(i).first; c >= 0; c = RN(c).next) {
    if (!fe_is_expr_kind(RK(c))) continue;
    if (fe_is_designated(x, c)) {
      int32_t init = rn_last_expr(x, c);
      if (init >= 0) fe_add(x, n, fe_expr(x, init));
      continue;
    }
    fe_add(x, n, fe_expr(x, c));
  }
  return n;
}

/* The operand chain of a C-style cast reaches an integer literal 0. */
static bool fe_cast_of_zero(fe_ctx *x, int32_t i) {
  for (int guard = 0; guard < 64; guard++) {
    int32_t op = rn_last_expr(x, i);
    if (op < 0) return false;
    op = fe_strip(x, op, NULL);
    if (RK(op) == CXCursor_CStyleCastExpr) {
      i = op;
      continue;
    }
    return fe_is_zero_literal(x, op);
  }
  return false;
}

static hg_node *fe_unexposed(fe_ctx *x, int32_t i) {
  CXCursor c = RN(i).c;
  uint32_t ne = rn_expr_count(x, i);
  /* a ?: b  (children: common, cond, true = common again, false) */
  if (ne == 4) {
    int32_t c0 = rn_expr_child(x, i, 0), c1 = rn_expr_child(x, i, 1);
    int32_t c2 = rn_expr_child(x, i, 2), c3 = rn_expr_child(x, i, 3);
    if (fe_same_loc(RN(c0).c, RN(c1).c) && fe_same_loc(RN(c0).c, RN(c2).c) &&
        !fe_same_loc(RN(c0).c, RN(c3).c) && fe_same_loc(c, RN(c0).c)) {
      hg_node *n = fe_enode(x, HG_N_COND, c);
      fe_add(x, n, fe_expr(x, c0));
      fe_add(x, n, NULL);
      fe_add(x, n, fe_expr(x, c3));
      return n;
    }
  }
  if (rn_has_kind(x, i, CXCursor_MemberRef) || fe_first_token_is(x, c, "__builtin_offsetof"))
    return fe_enode(x, HG_N_UNEVALUATED, c); /* offsetof */
  if (ne == 3 && fe_first_token_is(x, c, "__builtin_choose_expr")) {
    int64_t v = 0;
    if (fe_eval_int(RN(rn_expr_child(x, i, 0)).c, &v))
      return fe_expr(x, rn_expr_child(x, i, v ? 1 : 2));
  }
  if (ne == 1 && RN(i).n == 1) {
    /* PredefinedExpr (__func__): its function-name string literal */
    int32_t s = RN(i).first;
    if (RK(s) == CXCursor_StringLiteral) return fe_expr(x, s);
  }
  return fe_other_expr(x, i);
}

static hg_node *fe_generic(fe_ctx *x, int32_t i) {
  CXType t = clang_getCursorType(RN(i).c);
  int32_t match[16];
  int nmatch = 0;
  uint32_t k = 0;
  for (int32_t c = RN(i).first; c >= 0; c = RN(c).next) {
    if (!fe_is_expr_kind(RK(c))) continue;
    if (k++ == 0) continue; /* the controlling expression is not evaluated */
    if (clang_equalTypes(clang_getCursorType(RN(c).c), t) && nmatch < 16) match[nmatch++] = c;
  }
  if (nmatch == 1) return fe_expr(x, match[0]);
  hg_node *n = fe_enode(x, HG_N_OTHER_EXPR, RN(i).c);
  for (int k2 = 0; k2 < nmatch; k2++) fe_add(x, n, fe_expr(x, match[k2]));
  return n;
}

static hg_node *fe_expr_in(fe_ctx *x, int32_t i0, int32_t i, bool *inexact);

static hg_node *fe_expr(fe_ctx *x, int32_t i0) {
  int paren = 0;
  bool inexact = false;
  int32_t i = fe_strip2(x, i0, NULL, &paren);
  hg_node *n = fe_expr_in(x, i0, i, &inexact);
  fe_trim_holes(n);
  fe_set_last(x, n, !inexact);
  if (paren & 0x10000) x->last.bok = false; /* __extension__ */
  if (paren & 0xffff) fe_widen_parens(x, paren & 0xffff);
  return n;
}

static hg_node *fe_expr_in(fe_ctx *x, int32_t i0, int32_t i, bool *inexact) {
  CXCursor c = RN(i).c;
  switch (c.kind) {
  case CXCursor_IntegerLiteral: {
    int64_t v = 0;
    bool ok = false;
    hg_range lr;
    uint32_t fi, off;
    bool mac = false, fast = false;
    if (fe_leaf_loc(x, c, &fi, &off, &mac)) {
      uint64_t u = 0;
      size_t len = fe_parse_int(x->files[fi].buf + off, x->files[fi].size - off, &u);
      if (len) {
        v = (int64_t)u;
        ok = fast = true;
        lr.begin = fe_loc_at(x, fi, off);
        lr.end = fe_loc_at(x, fi, off + (uint32_t)len);
      }
    }
    if (!ok) ok = fe_eval_int(c, &v);
    CXType ptr_cast;
    ptr_cast.kind = CXType_Invalid;
    if (ok && v == 0 && i != i0) fe_strip(x, i0, &ptr_cast);
    hg_node *n;
    if (ok && v == 0 && ptr_cast.kind != CXType_Invalid) {
      n = hg_node_new(x->m, HG_N_NULL_PTR);
      fe_node_type(x, n, fe_type(x, ptr_cast));
    } else {
      n = fe_tnode(x, HG_N_INT_LIT, c);
      n->value = v;
    }
    if (fast) {
      n->range = lr;
      fe_note_end(x, n, true);
      FE_VERIFY(x, n, c, "literal");
    } else {
      n->range = fe_range(x, c, &mac);
      if (mac) n->flags |= HG_NF_IN_MACRO;
    }
    return n;
  }
  case CXCursor_CharacterLiteral:
  case CXCursor_CXXBoolLiteralExpr: {
    hg_node *n = fe_enode(x, HG_N_INT_LIT, c);
    int64_t v = 0;
    if (fe_eval_int(c, &v)) n->value = v;
    return n;
  }
  case CXCursor_FloatingLiteral:
  case CXCursor_ImaginaryLiteral:
  case CXCursor_FixedPointLiteral:
    return fe_enode(x, HG_N_FLOAT_LIT, c);
  case CXCursor_StringLiteral: {
    hg_node *n = fe_enode(x, HG_N_STRING_LIT, c);
    CXString s = clang_getCursorSpelling(c);
    const char *str = clang_getCString(s);
    const char *q = str ? strchr(str, '"') : NULL;
    if (q) {
      q++;
      size_t len = strlen(q);
      if (len && q[len - 1] == '"') len--;
      if (len > 255) len = 255;
      char buf[256];
      memcpy(buf, q, len);
      buf[len] = '\0';
      n->name = hg_model_strdup(x->m, buf);
    } else {
      n->name = "";
    }
    clang_disposeString(s);
    return n;
  }
  case CXCursor_GNUNullExpr:
  case CXCursor_CXXNullPtrLiteralExpr:
    return fe_enode(x, HG_N_NULL_PTR, c);
  case CXCursor_DeclRefExpr:
    return fe_declref(x, i);
  case CXCursor_MemberRefExpr:
    return fe_member(x, i);
  case CXCursor_CallExpr:
    return fe_call(x, i);
  case CXCursor_UnaryOperator: {
    int32_t op = rn_expr_child(x, i, 0);
    hg_op_kind k = fe_unop(clang_getCursorUnaryOperatorKind(c));
    if (op < 0 || k == HG_OP_NONE) return fe_other_expr(x, i);
    hg_node *n = fe_tnode(x, HG_N_UNARY, c);
    fe_reserve(x, n, 1);
    n->op = k;
    hg_node *o = fe_expr(x, op);
    fe_add(x, n, o);
    fe_ext oe = x->last;
    if (k == HG_OP_POSTINC || k == HG_OP_POSTDEC) {
      hg_loc at;
      if (oe.bok && oe.eok && oe.efile &&
          fe_next_char(x, &oe.e, k == HG_OP_POSTINC ? '+' : '-', &at) &&
          x->files[at.file].buf[at.offset] == (k == HG_OP_POSTINC ? '+' : '-')) {
        n->range.begin = oe.b;
        n->range.end = fe_loc_at(x, at.file, at.offset + 1);
        if (oe.mac) n->flags |= HG_NF_IN_MACRO;
        fe_note_end(x, n, true);
        FE_VERIFY(x, n, c, "postfix");
      } else {
        fe_set_range(x, n, c);
      }
    } else {
      static const char *const ops[] = {[HG_OP_NOT] = "!", [HG_OP_NEG] = "-", [HG_OP_PLUS] = "+",
                                        [HG_OP_BITNOT] = "~", [HG_OP_ADDR] = "&",
                                        [HG_OP_DEREF] = "*", [HG_OP_PREINC] = "++",
                                        [HG_OP_PREDEC] = "--"};
      fe_span_tok(x, n, c, ops[k], &oe);
    }
    return n;
  }
  case CXCursor_BinaryOperator:
  case CXCursor_CompoundAssignOperator: {
    bool assign = false;
    hg_op_kind k = fe_binop(clang_getCursorBinaryOperatorKind(c), &assign);
    int32_t l = rn_expr_child(x, i, 0), r = rn_expr_child(x, i, 1);
    if (k == HG_OP_NONE || l < 0 || r < 0) return fe_other_expr(x, i);
    hg_node *n = fe_tnode(x, assign ? HG_N_ASSIGN : HG_N_BINARY, c);
    fe_reserve(x, n, 2);
    n->op = k;
    hg_node *ln = fe_expr(x, l);
    fe_ext lx = x->last;
    hg_node *rn = fe_expr(x, r);
    fe_add(x, n, ln);
    fe_add(x, n, rn);
    fe_span(x, n, c, &lx, &x->last);
    return n;
  }
  case CXCursor_ConditionalOperator: {
    if (rn_expr_count(x, i) != 3) return fe_other_expr(x, i);
    hg_node *n = fe_tnode(x, HG_N_COND, c);
    fe_reserve(x, n, 3);
    hg_node *cn = fe_expr(x, rn_expr_child(x, i, 0));
    fe_ext cx = x->last;
    fe_add(x, n, cn);
    fe_add(x, n, fe_expr(x, rn_expr_child(x, i, 1)));
    hg_node *en = fe_expr(x, rn_expr_child(x, i, 2));
    fe_add(x, n, en);
    fe_span(x, n, c, &cx, &x->last);
    return n;
  }
  case CXCursor_CStyleCastExpr: {
    int32_t op = rn_last_expr(x, i);
    if (op < 0) return fe_other_expr(x, i);
    CXType t = clang_getCursorType(c);
    hg_type_kind tk = fe_kind(clang_getCanonicalType(t));
    if (tk == HG_TY_POINTER && fe_cast_of_zero(x, i)) return fe_enode(x, HG_N_NULL_PTR, c);
    hg_node *n = fe_tnode(x, HG_N_CAST, c);
    fe_reserve(x, n, 1);
    if (tk == HG_TY_VOID) n->flags |= HG_NF_TO_VOID;
    hg_node *o = fe_expr(x, op);
    fe_add(x, n, o);
    fe_span_tok(x, n, c, "(", &x->last);
    return n;
  }
  case CXCursor_ArraySubscriptExpr: {
    int32_t a = rn_expr_child(x, i, 0), b = rn_expr_child(x, i, 1);
    if (a < 0 || b < 0) return fe_other_expr(x, i);
    bool swapped = false;
    hg_type_kind ak = fe_kind(clang_getCanonicalType(clang_getCursorType(RN(a).c)));
    if (ak != HG_TY_POINTER && ak != HG_TY_ARRAY) {
      hg_type_kind bk = fe_kind(clang_getCanonicalType(clang_getCursorType(RN(b).c)));
      if (bk == HG_TY_POINTER || bk == HG_TY_ARRAY) {
        int32_t t = a;
        a = b;
        b = t;
        swapped = true;
      }
    }
    hg_node *n = fe_tnode(x, HG_N_SUBSCRIPT, c);
    fe_reserve(x, n, 2);
    hg_node *an = fe_expr(x, a);
    fe_ext ax = x->last;
    hg_node *bn = fe_expr(x, b);
    fe_ext bx = x->last;
    fe_add(x, n, an);
    fe_add(x, n, bn);
    /* as written: first[second] */
    const fe_ext *first = swapped ? &bx : &ax, *second = swapped ? &ax : &bx;
    hg_loc at;
    if (first->bok && second->eok && second->efile && fe_next_char(x, &second->e, ']', &at)) {
      n->range.begin = first->b;
      n->range.end = at;
      if (first->mac) n->flags |= HG_NF_IN_MACRO;
      fe_note_end(x, n, true);
      fe_clamp(&n->range);
      FE_VERIFY(x, n, c, "subscript");
    } else {
      fe_set_range(x, n, c);
    }
    return n;
  }
  case CXCursor_UnaryExpr:
    return fe_enode(x, HG_N_UNEVALUATED, c);
  case CXCursor_InitListExpr:
    return fe_init_list(x, i);
  case CXCursor_CompoundLiteralExpr: {
    int32_t il = rn_last_expr(x, i);
    if (il < 0 || RK(il) != CXCursor_InitListExpr) return fe_other_expr(x, i);
    hg_node *n = fe_enode(x, HG_N_COMPOUND_LIT, c);
    fe_reserve(x, n, 1);
    fe_add(x, n, fe_init_list(x, il));
    return n;
  }
  case CXCursor_StmtExpr: {
    int32_t cs = rn_code_child(x, i, 0);
    if (cs < 0 || RK(cs) != CXCursor_CompoundStmt) return fe_other_expr(x, i);
    hg_node *n = fe_enode(x, HG_N_STMT_EXPR, c);
    fe_reserve(x, n, 1);
    fe_add(x, n, fe_stmt(x, cs));
    return n;
  }
  case CXCursor_GenericSelectionExpr:
    *inexact = true;
    return fe_generic(x, i);
  case CXCursor_UnexposedExpr:
    *inexact = true;
    return fe_unexposed(x, i);
  case CXCursor_AddrLabelExpr:
  case CXCursor_BlockExpr:
    return fe_enode(x, HG_N_OTHER_EXPR, c);
  default:
    if (!fe_is_expr_kind(c.kind)) {
      *inexact = true;
      return fe_stmt(x, i);
    }
    return fe_other_expr(x, i);
  }
}

/* ---- statements ------------------------------------------------------------- */

/* DECL nodes of a DeclStmt appended to `out` (a COMPOUND); returns how many. */
static uint32_t fe_decls_into(fe_ctx *x, int32_t i, hg_node *out) {
  uint32_t n = 0;
  for (int32_t c = RN(i).first; c >= 0; c = RN(c).next) {
    CXCursor d = RN(c).c;
    switch (d.kind) {
    case CXCursor_VarDecl: {
      if (clang_Cursor_getStorageClass(d) == CX_SC_Extern || clang_Cursor_hasVarDeclExternalStorage(d))
        break; /* block-scope extern: a global */
      hg_node *dn = fe_node(x, HG_N_DECL, d);
      int32_t vi = fe_local_lookup(x, d);
      if (vi == INT32_MIN) vi = fe_local_add(x, d);
      dn->ref = vi;
      dn->name = x->m->functions[x->cur_fn].vars[vi].name;
      CXCursor init = clang_Cursor_getVarDeclInitializer(d);
      if (!clang_Cursor_isNull(init)) {
        int32_t e = rn_last_expr(x, c);
        if (e >= 0) {
          fe_reserve(x, dn, 1);
          fe_add(x, dn, fe_expr(x, e));
        }
      }
      fe_add(x, out, dn);
      n++;
      break;
    }
    case CXCursor_FunctionDecl:
      fe_collect_annots(x, &x->fn_annot_map, d, clang_getCanonicalCursor(d));
      break;
    case CXCursor_EnumDecl:
      if (!clang_Location_isInSystemHeader(clang_getCursorLocation(d))) fe_scan_enum(x, d);
      break;
    case CXCursor_TypedefDecl:
      fe_scan_typedef(x, d);
      break;
    case CXCursor_StructDecl:
    case CXCursor_UnionDecl:
      fe_scan_record(x, d, !clang_Location_isInSystemHeader(clang_getCursorLocation(d)));
      break;
    default:
      break;
    }
  }
  return n;
}

/* A DeclStmt where one statement is expected: DECL, COMPOUND of DECLs, or NULL. */
static hg_node *fe_declstmt(fe_ctx *x, int32_t i) {
  hg_node *tmp = fe_node(x, HG_N_COMPOUND, RN(i).c);
  uint32_t n = fe_decls_into(x, i, tmp);
  if (n == 0) return NULL;
  if (n == 1) return tmp->children[0];
  return tmp;
}

static hg_node *fe_stmt_req(fe_ctx *x, int32_t i) {
  hg_node *n = i >= 0 ? fe_stmt(x, i) : NULL;
  if (!n) n = fe_node(x, HG_N_NULL_STMT, i >= 0 ? RN(i).c : clang_getNullCursor());
  return n;
}

static void fe_stmt_into(fe_ctx *x, int32_t i, hg_node *compound) {
  if (RK(i) == CXCursor_DeclStmt) {
    uint32_t n = fe_decls_into(x, i, compound);
    /* the last DECL ends where its declarator does: the ';' follows */
    if (n > 0) fe_set_last(x, compound->children[compound->nchildren - 1], true);
    else x->last.bok = x->last.eok = false;
    return;
  }
  hg_node *n = fe_stmt(x, i);
  if (n) fe_add(x, compound, n);
}

/* Classifies the present parts of a for header (init/cond/inc) from the
 * spelled tokens of the header.  kids[] are the k header children in order;
 * out[0..2] receive raw indexes or -1. */
static void fe_for_slots(fe_ctx *x, int32_t fi, const int32_t *kids, int k, int32_t out[3]) {
  out[0] = out[1] = out[2] = -1;
  if (k == 0) return;
  if (k == 3) {
    out[0] = kids[0], out[1] = kids[1], out[2] = kids[2];
    return;
  }
  if (k == 1 && RK(kids[0]) == CXCursor_DeclStmt) {
    out[0] = kids[0];
    return;
  }
  bool present[3] = {false, false, false};
  bool ok = false;
  CXSourceRange ext = clang_getCursorExtent(RN(fi).c);
  CXFile f = NULL;
  unsigned off = 0;
  clang_getSpellingLocation(clang_getRangeStart(ext), &f, NULL, NULL, &off);
  if (f) {
    size_t size = 0;
    const char *buf = clang_getFileContents(x->tu, f, &size);
    if (buf && off < size) {
      size_t endoff = off + 4096 < size ? off + 4096 : size;
      CXSourceRange r = clang_getRange(clang_getLocationForOffset(x->tu, f, off),
                                       clang_getLocationForOffset(x->tu, f, (unsigned)endoff));
      CXToken *toks = NULL;
      unsigned nt = 0;
      clang_tokenize(x->tu, r, &toks, &nt);
      int depth = 0, slot = 0;
      unsigned t = 0;
      if (nt >= 2) {
        CXString s0 = clang_getTokenSpelling(x->tu, toks[0]);
        CXString s1 = clang_getTokenSpelling(x->tu, toks[1]);
        bool start = strcmp(clang_getCString(s0), "for") == 0 && strcmp(clang_getCString(s1), "(") == 0;
        clang_disposeString(s0);
        clang_disposeString(s1);
        if (start) {
          depth = 1;
          for (t = 2; t < nt; t++) {
            bool punct = clang_getTokenKind(toks[t]) == CXToken_Punctuation;
            if (punct) {
              CXString s = clang_getTokenSpelling(x->tu, toks[t]);
              const char *p = clang_getCString(s);
              char ch = p && p[0] && !p[1] ? p[0] : 0;
              clang_disposeString(s);
              if (ch == '(' || ch == '[' || ch == '{') depth++;
              else if (ch == ')' || ch == ']' || ch == '}') {
                if (--depth == 0) {
                  ok = slot == 2;
                  break;
                }
              } else if (ch == ';' && depth == 1) {
                if (++slot > 2) break;
                continue;
              }
            }
            if (slot <= 2) present[slot] = true;
          }
        }
      }
      if (toks) clang_disposeTokens(x->tu, toks, nt);
    }
  }
  int npresent = present[0] + present[1] + present[2];
  if (ok && npresent == k) {
    int j = 0;
    for (int s = 0; s < 3; s++)
      if (present[s]) out[s] = kids[j++];
    return;
  }
  /* Fallback (header not readable from the source): a declaration is the
   * init; the remaining parts fill cond, then inc. */
  int j = 0, s = 0;
  if (RK(kids[0]) == CXCursor_DeclStmt) out[0] = kids[j++];
  s = 1;
  if (k - j == 3) s = 0;
  for (; j < k && s < 3; j++, s++) out[s] = kids[j];
}

static hg_node *fe_for_init(fe_ctx *x, int32_t i) {
  if (i < 0) return NULL;
  if (RK(i) == CXCursor_DeclStmt) return fe_declstmt(x, i);
  return fe_stmt(x, i);
}

static hg_node *fe_stmt_in(fe_ctx *x, int32_t i, bool *inexact);

/* A statement (or an expression standing as one); NULL for a declaration
 * that declares no local variable. */
static hg_node *fe_stmt(fe_ctx *x, int32_t i) {
  if (fe_is_expr_kind(RK(i))) return fe_expr(x, i);
  bool inexact = false;
  hg_node *n = fe_stmt_in(x, i, &inexact);
  if (n) fe_trim_holes(n);
  if (n) fe_set_last(x, n, !inexact);
  else x->last.bok = x->last.eok = false;
  return n;
}

static hg_node *fe_new(fe_ctx *x, hg_node_kind k) { return hg_node_new(x->m, k); }

static hg_node *fe_stmt_in(fe_ctx *x, int32_t i, bool *inexact) {
  CXCursor c = RN(i).c;
  uint32_t nc = rn_code_count(x, i);
  switch (c.kind) {
  case CXCursor_CompoundStmt: {
    hg_node *n = fe_new(x, HG_N_COMPOUND);
    bool any = false, last_e = true;
    hg_loc last_end;
    memset(&last_end, 0, sizeof last_end);
    for (int32_t k = RN(i).first; k >= 0; k = RN(k).next) {
      if (!fe_is_code_kind(RK(k))) continue;
      uint32_t before = n->nchildren;
      fe_stmt_into(x, k, n);
      any = true;
      if (n->nchildren > before) {
        last_end = x->last.e;
        last_e = x->last.eok && x->last.efile;
      } else {
        last_e = false; /* a declaration without variables: text unknown */
      }
    }
    /* from '{' to the '}' after the last statement (and its ';') */
    hg_loc b, e, close;
    bool ok = last_e && fe_tok_at(x, c, "{", &b, &e);
    bool last = any;
    if (ok) {
      hg_loc from = any ? last_end : e;
      ok = fe_next_char(x, &from, '}', &close);
      if (!ok && last && fe_next_char(x, &from, ';', &e)) ok = fe_next_char(x, &e, '}', &close);
    }
    if (ok) {
      n->range.begin = b;
      n->range.end = close;
      fe_note_end(x, n, true);
      FE_VERIFY(x, n, c, "compound");
    } else {
      fe_set_range(x, n, c);
    }
    return n;
  }
  case CXCursor_DeclStmt:
    *inexact = true;
    return fe_declstmt(x, i);
  case CXCursor_IfStmt: {
    if (nc < 2 || nc > 3) break;
    hg_node *n = fe_new(x, HG_N_IF);
    fe_reserve(x, n, nc);
    fe_add(x, n, fe_expr(x, rn_code_child(x, i, 0)));
    fe_add(x, n, fe_stmt_req(x, rn_code_child(x, i, 1)));
    if (nc == 3) fe_add(x, n, fe_stmt_req(x, rn_code_child(x, i, 2)));
    fe_span_tok(x, n, c, "if", &x->last);
    return n;
  }
  case CXCursor_WhileStmt:
  case CXCursor_SwitchStmt: {
    if (nc != 2) break;
    bool w = c.kind == CXCursor_WhileStmt;
    hg_node *n = fe_new(x, w ? HG_N_WHILE : HG_N_SWITCH);
    fe_reserve(x, n, 2);
    fe_add(x, n, fe_expr(x, rn_code_child(x, i, 0)));
    fe_add(x, n, fe_stmt_req(x, rn_code_child(x, i, 1)));
    fe_span_tok(x, n, c, w ? "while" : "switch", &x->last);
    return n;
  }
  case CXCursor_DoStmt: {
    if (nc != 2) break;
    hg_node *n = fe_new(x, HG_N_DO);
    fe_reserve(x, n, 2);
    fe_add(x, n, fe_stmt_req(x, rn_code_child(x, i, 0)));
    hg_node *cond = fe_expr(x, rn_code_child(x, i, 1));
    fe_add(x, n, cond);
    /* from 'do' to the ')' after the condition */
    hg_loc b, e, close;
    if (x->last.eok && x->last.efile && fe_next_char(x, &x->last.e, ')', &close) &&
        fe_tok_at(x, c, "do", &b, &e)) {
      n->range.begin = b;
      n->range.end = close;
      fe_note_end(x, n, true);
      fe_clamp(&n->range);
      FE_VERIFY(x, n, c, "do");
    } else {
      fe_set_range(x, n, c);
    }
    return n;
  }
  case CXCursor_ForStmt: {
    if (nc < 1 || nc > 4) break;
    int32_t kids[3];
    int k = 0;
    for (uint32_t j = 0; j + 1 < nc; j++) kids[k++] = rn_code_child(x, i, j);
    int32_t slots[3];
    fe_for_slots(x, i, kids, k, slots);
    hg_node *n = fe_new(x, HG_N_FOR);
    fe_reserve(x, n, 4);
    fe_add(x, n, fe_for_init(x, slots[0]));
    fe_add(x, n, slots[1] >= 0 ? fe_expr(x, slots[1]) : NULL);
    fe_add(x, n, slots[2] >= 0 ? fe_expr(x, slots[2]) : NULL);
    fe_add(x, n, fe_stmt_req(x, rn_code_child(x, i, nc - 1)));
    fe_span_tok(x, n, c, "for", &x->last);
    return n;
  }
  case CXCursor_CaseStmt: {
    if (nc < 1) break;
    hg_node *n = fe_new(x, HG_N_CASE);
    fe_reserve(x, n, 1);
    int32_t lhs = rn_code_child(x, i, 0);
    int64_t v = 0;
    if (lhs >= 0 && fe_eval_int(RN(lhs).c, &v)) {
      n->value = v;
      n->flags |= HG_NF_HAS_VALUE;
    }
    hg_node *sub = nc >= 2 ? fe_stmt(x, rn_code_child(x, i, nc - 1)) : NULL;
    fe_add(x, n, sub);
    fe_span_tok(x, n, c, "case", sub ? &x->last : NULL);
    return n;
  }
  case CXCursor_DefaultStmt:
  case CXCursor_LabelStmt: {
    bool d = c.kind == CXCursor_DefaultStmt;
    hg_node *n = fe_new(x, d ? HG_N_DEFAULT : HG_N_LABEL);
    fe_reserve(x, n, 1);
    if (!d) n->name = fe_spelling(x, c);
    hg_node *sub = nc >= 1 ? fe_stmt(x, rn_code_child(x, i, nc - 1)) : NULL;
    fe_add(x, n, sub);
    fe_span_tok(x, n, c, d ? "default" : n->name[0] ? n->name : "?", sub ? &x->last : NULL);
    return n;
  }
  case CXCursor_GotoStmt: {
    hg_node *n = fe_new(x, HG_N_GOTO);
    fe_set_range(x, n, c);
    for (int32_t k = RN(i).first; k >= 0; k = RN(k).next)
      if (RK(k) == CXCursor_LabelRef) n->name = fe_spelling(x, RN(k).c);
    if (!n->name) n->name = fe_spelling(x, clang_getCursorReferenced(c));
    return n;
  }
  case CXCursor_IndirectGotoStmt: {
    hg_node *n = fe_new(x, HG_N_GOTO);
    fe_set_range(x, n, c);
    return n;
  }
  case CXCursor_BreakStmt:
  case CXCursor_ContinueStmt:
  case CXCursor_NullStmt: {
    hg_node *n = fe_new(x, c.kind == CXCursor_BreakStmt      ? HG_N_BREAK
                           : c.kind == CXCursor_ContinueStmt ? HG_N_CONTINUE
                                                             : HG_N_NULL_STMT);
    fe_span_word(x, n, c, c.kind == CXCursor_BreakStmt      ? "break"
                          : c.kind == CXCursor_ContinueStmt ? "continue"
                                                            : ";");
    return n;
  }
  case CXCursor_ReturnStmt: {
    hg_node *n = fe_new(x, HG_N_RETURN);
    int32_t v = rn_code_child(x, i, 0);
    if (v >= 0) {
      fe_reserve(x, n, 1);
      hg_node *val = fe_expr(x, v);
      fe_add(x, n, val);
      fe_span_tok(x, n, c, "return", &x->last);
    } else {
      fe_span_word(x, n, c, "return");
    }
    return n;
  }
  case CXCursor_UnexposedStmt:
    /* AttributedStmt: its sub-statement */
    if (nc == 1 && clang_isStatement(RK(rn_code_child(x, i, 0)))) {
      *inexact = true;
      return fe_stmt(x, rn_code_child(x, i, 0));
    }
    break;
  default:
    break;
  }
  hg_node *n = fe_new(x, HG_N_OTHER_STMT);
  fe_set_range(x, n, c);
  for (int32_t k = RN(i).first; k >= 0; k = RN(k).next) {
    if (!fe_is_code_kind(RK(k))) continue;
    hg_node *sub = fe_stmt(x, k);
    if (sub) fe_add(x, n, sub);
  }
  return n;
}

/* ---- top level -------------------------------------------------------------- */

static enum CXChildVisitResult fe_init_cb(CXCursor c, CXCursor parent, CXClientData d) {
  (void)parent;
  fe_ctx *x = d;
  if (c.kind == CXCursor_UnaryExpr || c.kind == CXCursor_BlockExpr) return CXChildVisit_Continue;
  if (c.kind == CXCursor_DeclRefExpr) {
    CXCursor ref = clang_getCursorReferenced(c);
    if (ref.kind == CXCursor_FunctionDecl) {
      int32_t fi = fe_function(x, ref);
      x->m->functions[fi].address_taken = true;
    }
    return CXChildVisit_Continue;
  }
  return CXChildVisit_Recurse;
}

static void fe_scan_top(fe_ctx *x, CXCursor c);

/* Whether a variable's initializer can name a function: not when the
 * variable (or its array elements) is of arithmetic type, which saves
 * walking large numeric tables. */
static bool fe_may_hold_functions(CXCursor var) {
  CXType t = clang_getCanonicalType(clang_getCursorType(var));
  while (fe_kind(t) == HG_TY_ARRAY) t = clang_getCanonicalType(clang_getArrayElementType(t));
  hg_type_kind k = fe_kind(t);
  return k != HG_TY_INT && k != HG_TY_FLOAT && k != HG_TY_BOOL;
}

static enum CXChildVisitResult fe_top_cb(CXCursor c, CXCursor parent, CXClientData d) {
  (void)parent;
  fe_scan_top((fe_ctx *)d, c);
  return CXChildVisit_Continue;
}

/* Whether a top-level declaration names one of the relevant names. */
static void fe_note_relevance(fe_ctx *x, CXCursor c) {
  if (!x->relevant || x->is_relevant) return;
  CXString sp = clang_getCursorSpelling(c);
  const char *name = clang_getCString(sp);
  if (name && *name && smap_get(x->relevant, name) != INT32_MIN) x->is_relevant = true;
  clang_disposeString(sp);
}

static void fe_scan_top(fe_ctx *x, CXCursor c) {
  switch (c.kind) {
  case CXCursor_FunctionDecl:
  case CXCursor_StructDecl:
  case CXCursor_UnionDecl:
  case CXCursor_TypedefDecl:
    fe_note_relevance(x, c);
    break;
  default:
    break;
  }
  switch (c.kind) {
  case CXCursor_FunctionDecl: {
    bool sys = clang_Location_isInSystemHeader(clang_getCursorLocation(c)) != 0;
    fe_collect_annots(x, &x->fn_annot_map, c, clang_getCanonicalCursor(c));
    if (!sys && clang_isCursorDefinition(c)) {
      FE_GROW(x->defs, x->ndefs, x->cap_defs);
      x->defs[x->ndefs++] = c;
    }
    break;
  }
  case CXCursor_VarDecl:
    if (!clang_Location_isInSystemHeader(clang_getCursorLocation(c)) &&
        !clang_Cursor_isNull(clang_Cursor_getVarDeclInitializer(c)) && fe_may_hold_functions(c))
      clang_visitChildren(c, fe_init_cb, x);
    break;
  case CXCursor_StructDecl:
  case CXCursor_UnionDecl:
    fe_scan_record(x, c, !clang_Location_isInSystemHeader(clang_getCursorLocation(c)));
    break;
  case CXCursor_TypedefDecl:
    fe_scan_typedef(x, c);
    break;
  case CXCursor_EnumDecl:
    if (!clang_Location_isInSystemHeader(clang_getCursorLocation(c))) fe_scan_enum(x, c);
    break;
  case CXCursor_LinkageSpec:
  case CXCursor_UnexposedDecl:
    clang_visitChildren(c, fe_top_cb, x);
    break;
  default:
    break;
  }
}

static CXCursor fe_body_of(fe_ctx *x, CXCursor def) {
  CXCursor body = clang_getNullCursor();
  uint32_t base = fe_collect(x, def);
  for (uint32_t k = base; k < x->nscratch; k++)
    if (x->scratch[k].kind == CXCursor_CompoundStmt) body = x->scratch[k];
  x->nscratch = base;
  return body;
}

static void fe_build_function(fe_ctx *x, CXCursor def) {
  int32_t fi = fe_function(x, def);
  if (x->m->functions[fi].has_body) return; /* already built (duplicate) */
  CXCursor body = fe_body_of(x, def);
  if (clang_Cursor_isNull(body)) return;
  x->cur_fn = fi;
  cmap_clear(&x->locals);
  int nargs = clang_Cursor_getNumArguments(def);
  for (int k = 0; k < nargs && (uint32_t)k < x->m->functions[fi].nparams; k++)
    cmap_put(&x->locals, clang_Cursor_getArgument(def, (unsigned)k), k);
  int32_t root = rn_build(x, body);
  x->in_body = true;
  hg_node *b = fe_stmt(x, root);
  x->in_body = false;
  hg_function *f = &x->m->functions[fi];
  f->has_body = true;
  f->body = b;
  if (b->range.end.offset > 0) f->body_end = fe_loc_at(x, b->range.end.file, b->range.end.offset - 1);
  else f->body_end = b->range.end;
  x->cur_fn = -1;
}

/* ---- finishing: annotations, sorting, index remapping ------------------------ */

static int fe_cmp_loc(const hg_loc *a, const hg_loc *b) {
  if (a->file != b->file) return a->file < b->file ? -1 : 1;
  if (a->offset != b->offset) return a->offset < b->offset ? -1 : 1;
  return 0;
}

typedef struct fe_sortkey {
  hg_loc loc;
  const char *name;
  uint32_t order;
  uint32_t old;
} fe_sortkey;

static int fe_cmp_key(const void *pa, const void *pb) {
  const fe_sortkey *a = pa, *b = pb;
  int c = fe_cmp_loc(&a->loc, &b->loc);
  if (c) return c;
  c = strcmp(a->name, b->name);
  if (c) return c;
  return a->order < b->order ? -1 : a->order > b->order;
}

/* qsort has no context argument: the paths being sorted, per thread (the CLI
 * builds models on several threads at once). */
static _Thread_local const char *const *fe_sort_paths;
static int fe_cmp_file(const void *pa, const void *pb) {
  uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
  if (a == 0 || b == 0) return a == b ? 0 : (a == 0 ? -1 : 1);
  int c = strcmp(fe_sort_paths[a], fe_sort_paths[b]);
  return c ? c : (a < b ? -1 : a > b);
}

typedef struct fe_remap {
  uint32_t *file, *rec, *fn, *glob;
} fe_remap;

static void fe_remap_loc(const fe_remap *rm, hg_loc *l) { l->file = rm->file[l->file]; }

static void fe_remap_range(const fe_remap *rm, hg_range *r) {
  fe_remap_loc(rm, &r->begin);
  fe_remap_loc(rm, &r->end);
}

static void fe_remap_type(const fe_remap *rm, hg_type *t) {
  if (t->record >= 0) t->record = (int32_t)rm->rec[t->record];
}

static void fe_remap_tree_files(const fe_remap *rm, hg_node *root) {
  /* iterative: bodies can be deep */
  size_t cap = 256, n = 0;
  hg_node **stack = fe_xrealloc(NULL, cap * sizeof *stack);
  stack[n++] = root;
  while (n) {
    hg_node *nd = stack[--n];
    fe_remap_range(rm, &nd->range);
    for (uint32_t k = 0; k < nd->nchildren; k++) {
      if (!nd->children[k]) continue;
      if (n == cap) {
        cap *= 2;
        stack = fe_xrealloc(stack, cap * sizeof *stack);
      }
      stack[n++] = nd->children[k];
    }
  }
  free(stack);
}

static uint32_t *fe_sort_perm(fe_sortkey *keys, uint32_t n) {
  qsort(keys, n, sizeof *keys, fe_cmp_key);
  uint32_t *perm = fe_xcalloc(n, sizeof *perm); /* old -> new */
  for (uint32_t k = 0; k < n; k++) perm[keys[k].old] = k;
  return perm;
}

static void fe_finish(fe_ctx *x) {
  hg_model *m = x->m;
  /* fields of every record (populating may create more records) */
  for (uint32_t r = 0; r < m->nrecords; r++) fe_populate(x, (int32_t)r);

  /* annotations and typedef names collected from declarations */
  for (uint32_t r = 0; r < m->nrecords; r++) {
    int32_t h = cmap_get(&x->rec_annot_map, x->recs[r].canon);
    for (int32_t a = h == INT32_MIN ? -1 : h; a >= 0; a = x->annots[a].next)
      hg_record_add_annotation(m, &m->records[r], x->annots[a].s);
    int32_t td = cmap_get(&x->rec_typedef_map, x->recs[r].canon);
    if (td != INT32_MIN) m->records[r].typedef_name = x->typedef_names[td];
  }
  for (uint32_t f = 0; f < m->nfunctions; f++) {
    CXCursor canon = x->fn_canon[f];
    CXCursor def = clang_getCursorDefinition(canon);
    /* the definition's own annotations first, then the collected ones */
    int32_t h = cmap_get(&x->fn_annot_map, canon);
    if (!clang_Cursor_isNull(def) && clang_Cursor_hasAttrs(def)) {
      uint32_t base = fe_collect(x, def);
      for (uint32_t k = base; k < x->nscratch; k++)
        if (x->scratch[k].kind == CXCursor_AnnotateAttr) {
          CXString s = clang_getCursorSpelling(x->scratch[k]);
          const char *str = clang_getCString(s);
          if (str) hg_function_add_annotation(m, &m->functions[f], str);
          clang_disposeString(s);
        }
      x->nscratch = base;
    }
    for (int32_t a = h == INT32_MIN ? -1 : h; a >= 0; a = x->annots[a].next)
      hg_function_add_annotation(m, &m->functions[f], x->annots[a].s);
  }

  fe_remap rm;
  memset(&rm, 0, sizeof rm);

  /* files: main first, then by path */
  uint32_t nf = m->nfiles;
  uint32_t *order = fe_xcalloc(nf, sizeof *order);
  const char **paths = fe_xcalloc(nf, sizeof *paths);
  for (uint32_t k = 0; k < nf; k++) {
    order[k] = k;
    paths[k] = m->files[k].path;
  }
  fe_sort_paths = paths;
  if (nf > 1) qsort(order, nf, sizeof *order, fe_cmp_file);
  rm.file = fe_xcalloc(nf, sizeof *rm.file);
  hg_file *nfiles = fe_xcalloc(nf, sizeof *nfiles);
  for (uint32_t k = 0; k < nf; k++) {
    rm.file[order[k]] = k;
    nfiles[k] = m->files[order[k]];
  }
  memcpy(m->files, nfiles, nf * sizeof *nfiles);
  free(nfiles);
  free(order);
  free(paths);

  /* locations first (sort keys use file indexes) */
  for (uint32_t r = 0; r < m->nrecords; r++) {
    fe_remap_loc(&rm, &m->records[r].loc);
    for (uint32_t k = 0; k < m->records[r].nfields; k++) {
      fe_remap_loc(&rm, &m->records[r].fields[k].loc);
      fe_remap_range(&rm, &m->records[r].fields[k].range);
    }
  }
  for (uint32_t f = 0; f < m->nfunctions; f++) {
    hg_function *fn = &m->functions[f];
    fe_remap_loc(&rm, &fn->loc);
    fe_remap_range(&rm, &fn->range);
    fe_remap_loc(&rm, &fn->body_end);
    for (uint32_t k = 0; k < fn->nvars; k++) fe_remap_loc(&rm, &fn->vars[k].loc);
  }
  for (uint32_t g = 0; g < m->nglobals; g++) fe_remap_loc(&rm, &m->globals[g].loc);
  for (uint32_t e = 0; e < m->nenumerators; e++) fe_remap_loc(&rm, &x->enums[e].loc);

  /* records, functions, globals, enumerators by location */
  uint32_t nmax = m->nrecords;
  if (m->nfunctions > nmax) nmax = m->nfunctions;
  if (m->nglobals > nmax) nmax = m->nglobals;
  if (m->nenumerators > nmax) nmax = m->nenumerators;
  fe_sortkey *keys = fe_xcalloc(nmax, sizeof *keys);

  for (uint32_t k = 0; k < m->nrecords; k++)
    keys[k] = (fe_sortkey){m->records[k].loc, m->records[k].name, x->recs[k].order, k};
  rm.rec = fe_sort_perm(keys, m->nrecords);
  {
    hg_record *tmp = fe_xcalloc(m->nrecords, sizeof *tmp);
    for (uint32_t k = 0; k < m->nrecords; k++) tmp[rm.rec[k]] = m->records[k];
    if (m->nrecords) memcpy(m->records, tmp, m->nrecords * sizeof *tmp);
    free(tmp);
  }
  for (uint32_t k = 0; k < m->nfunctions; k++)
    keys[k] = (fe_sortkey){m->functions[k].loc, m->functions[k].name, k, k};
  rm.fn = fe_sort_perm(keys, m->nfunctions);
  {
    hg_function *tmp = fe_xcalloc(m->nfunctions, sizeof *tmp);
    for (uint32_t k = 0; k < m->nfunctions; k++) tmp[rm.fn[k]] = m->functions[k];
    if (m->nfunctions) memcpy(m->functions, tmp, m->nfunctions * sizeof *tmp);
    free(tmp);
  }
  for (uint32_t k = 0; k < m->nglobals; k++)
    keys[k] = (fe_sortkey){m->globals[k].loc, m->globals[k].name, k, k};
  rm.glob = fe_sort_perm(keys, m->nglobals);
  {
    hg_var *tmp = fe_xcalloc(m->nglobals, sizeof *tmp);
    for (uint32_t k = 0; k < m->nglobals; k++) tmp[rm.glob[k]] = m->globals[k];
    if (m->nglobals) memcpy(m->globals, tmp, m->nglobals * sizeof *tmp);
    free(tmp);
  }
  for (uint32_t k = 0; k < m->nenumerators; k++)
    keys[k] = (fe_sortkey){x->enums[k].loc, m->enumerators[k].name, k, k};
  {
    uint32_t *perm = fe_sort_perm(keys, m->nenumerators);
    hg_enumerator *tmp = fe_xcalloc(m->nenumerators, sizeof *tmp);
    for (uint32_t k = 0; k < m->nenumerators; k++) tmp[perm[k]] = m->enumerators[k];
    if (m->nenumerators) memcpy(m->enumerators, tmp, m->nenumerators * sizeof *tmp);
    free(tmp);
    free(perm);
  }
  free(keys);

  /* every type's record index, every node's references */
  for (uint32_t r = 0; r < m->nrecords; r++)
    for (uint32_t k = 0; k < m->records[r].nfields; k++) fe_remap_type(&rm, &m->records[r].fields[k].type);
  for (uint32_t g = 0; g < m->nglobals; g++) fe_remap_type(&rm, &m->globals[g].type);
  bool files_moved = false;
  for (uint32_t k = 0; k < nf; k++) files_moved |= rm.file[k] != k;
  for (uint32_t f = 0; f < m->nfunctions; f++) {
    hg_function *fn = &m->functions[f];
    fe_remap_type(&rm, &fn->ret);
    for (uint32_t k = 0; k < fn->nvars; k++) fe_remap_type(&rm, &fn->vars[k].type);
    /* node locations outside the main file: rare, walk the trees then */
    if (fn->body && files_moved && x->body_nonmain) fe_remap_tree_files(&rm, fn->body);
  }
  for (uint32_t k = 0; k < x->nfix_rec; k++) *x->fix_rec[k] = (int32_t)rm.rec[*x->fix_rec[k]];
  for (uint32_t k = 0; k < x->nfix_fn; k++) *x->fix_fn[k] = (int32_t)rm.fn[*x->fix_fn[k]];
  for (uint32_t k = 0; k < x->nfix_glob; k++) *x->fix_glob[k] = (int32_t)rm.glob[*x->fix_glob[k]];
  free(rm.file);
  free(rm.rec);
  free(rm.fn);
  free(rm.glob);
}

/* ---- the front end object and the entry point ---------------------------------- */

struct hg_frontend {
  CXIndex index;
  smap relevant;      /* names that make a unit worth modelling whole; */
  bool have_relevant; /* see hg_frontend_set_relevant */
  char **relevant_names;
  size_t nrelevant;
};

/* libclang parses on a thread of its own with an 8 MiB stack, which deeply
 * nested code (thousands of `else if`) overflows; with LIBCLANG_NOTHREADS it
 * parses on the calling thread, which hg_frontend_parse gives a large stack.
 * Set once, before any front end exists (the CLI creates one per worker
 * thread); a value the user set is kept. */
static pthread_once_t fe_env_once = PTHREAD_ONCE_INIT;
static void fe_env_init(void) { setenv("LIBCLANG_NOTHREADS", "1", 0); }
#if defined(__GNUC__)
/* Set it before main() too, so no worker thread's getenv can race the setenv. */
__attribute__((constructor)) static void fe_env_at_start(void) { pthread_once(&fe_env_once, fe_env_init); }
#endif

hg_frontend *hg_frontend_new(void) {
  pthread_once(&fe_env_once, fe_env_init);
  hg_frontend *fe = fe_xcalloc(1, sizeof *fe);
  fe->index = clang_createIndex(0, 0);
  if (!fe->index) {
    free(fe);
    return NULL;
  }
  return fe;
}

static void fe_clear_relevant(hg_frontend *fe) {
  if (fe->have_relevant) free(fe->relevant.e);
  for (size_t i = 0; i < fe->nrelevant; i++) free(fe->relevant_names[i]);
  free(fe->relevant_names);
  fe->relevant_names = NULL;
  fe->nrelevant = 0;
  fe->have_relevant = false;
}

void hg_frontend_set_relevant(hg_frontend *fe, const char *const *names, size_t n) {
  if (!fe) return;
  fe_clear_relevant(fe);
  if (n == 0) return;
  fe->relevant_names = fe_xcalloc(n, sizeof *fe->relevant_names);
  smap_init(&fe->relevant, 64);
  for (size_t i = 0; i < n; i++) {
    fe->relevant_names[i] = strdup(names[i]);
    if (!fe->relevant_names[i]) abort();
    smap_put(&fe->relevant, fe->relevant_names[i], 1);
  }
  fe->nrelevant = n;
  fe->have_relevant = true;
}

void hg_frontend_free(hg_frontend *fe) {
  if (!fe) return;
  fe_clear_relevant(fe);
  if (fe->index) clang_disposeIndex(fe->index);
  free(fe);
}

static void fe_ctx_free(fe_ctx *x) {
  for (uint32_t k = 0; k < (x->m ? x->m->nfiles : 0); k++) {
    free(x->files[k].lines);
    free(x->files[k].block_line);
  }
  free(x->files);
  free(x->file_map.e);
  free(x->type_map.e);
  free(x->types);
  free(x->type_keys);
  cmap_free(&x->rec_map);
  free(x->recs);
  cmap_free(&x->field_map);
  free(x->field_refs);
  cmap_free(&x->fn_map);
  free(x->fn_names.e);
  free(x->fn_canon);
  cmap_free(&x->glob_map);
  cmap_free(&x->enum_map);
  free(x->enums);
  cmap_free(&x->fn_annot_map);
  cmap_free(&x->rec_annot_map);
  free(x->annots);
  cmap_free(&x->rec_typedef_map);
  free(x->typedef_names);
  free(x->defs);
  cmap_free(&x->locals);
  free(x->rn);
  free(x->rstack);
  free(x->scratch);
  for (uint32_t k = 0; k < x->nmacro_strs; k++) free(x->macro_strs[k]);
  free(x->macro_strs);
  free(x->macro_names.e);
  free(x->scanned_files.e);
  free(x->fix_rec);
  free(x->fix_fn);
  free(x->fix_glob);
}

static void fe_print_diag(FILE *errs, CXDiagnostic d) {
  CXString s = clang_formatDiagnostic(d, clang_defaultDiagnosticDisplayOptions());
  const char *str = clang_getCString(s);
  if (str) fprintf(errs, "%s\n", str);
  clang_disposeString(s);
}

/* Prints clang's errors (and their notes); returns true when there were any. */
static bool fe_report_errors(CXTranslationUnit tu, FILE *errs) {
  bool any = false;
  unsigned n = clang_getNumDiagnostics(tu);
  for (unsigned i = 0; i < n; i++) {
    CXDiagnostic d = clang_getDiagnostic(tu, i);
    enum CXDiagnosticSeverity sev = clang_getDiagnosticSeverity(d);
    if (sev >= CXDiagnostic_Error) {
      any = true;
      if (errs) {
        fe_print_diag(errs, d);
        CXDiagnosticSet kids = clang_getChildDiagnostics(d);
        unsigned nk = clang_getNumDiagnosticsInSet(kids);
        for (unsigned k = 0; k < nk; k++) {
          CXDiagnostic kd = clang_getDiagnosticInSet(kids, k);
          fe_print_diag(errs, kd);
          clang_disposeDiagnostic(kd);
        }
      }
    }
    clang_disposeDiagnostic(d);
  }
  return any;
}

static char *fe_join_path(const char *dir, const char *path) {
  size_t a = strlen(dir), b = strlen(path);
  char *p = fe_xcalloc(a + b + 2, 1);
  memcpy(p, dir, a);
  size_t k = a;
  if (a && dir[a - 1] != '/') p[k++] = '/';
  memcpy(p + k, path, b + 1);
  return p;
}

#ifdef HG_FE_TIMING
#include <time.h>
static double fe_now(void) {
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}
#define FE_T(name) double name = fe_now()
#else
#define FE_T(name) (void)0
#endif

/* Parsing and building recurse as deep as the code nests: both run on a
 * thread with a large stack (address space only; pages are touched as
 * needed).  Without threads, or when the thread cannot be made, they run on
 * the caller's thread. */
static void fe_on_big_stack(void *(*fn)(void *), void *arg) {
  static const size_t sizes[] = {(size_t)512 << 20, (size_t)64 << 20};
  for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
    pthread_attr_t attr;
    pthread_t th;
    if (pthread_attr_init(&attr) != 0) break;
    int rc = pthread_attr_setstacksize(&attr, sizes[k]);
    if (rc == 0) rc = pthread_create(&th, &attr, fn, arg);
    pthread_attr_destroy(&attr);
    if (rc == 0) {
      pthread_join(th, NULL);
      return;
    }
  }
  fn(arg);
}

/* The parser's arguments: the working directory, the caller's, and "-w".
 * *wd_arg (to free) holds the -working-directory argument. */
static const char **fe_argv(const char *working_dir, const char *const *args, int nargs, int *argc,
                            char **wd_arg) {
  int total = (nargs > 0 ? nargs : 0) + 2;
  const char **argv = fe_xcalloc((size_t)total + 1, sizeof *argv);
  int n = 0;
  *wd_arg = NULL;
  if (working_dir && working_dir[0]) {
    size_t len = strlen("-working-directory=") + strlen(working_dir) + 1;
    *wd_arg = fe_xcalloc(len, 1);
    snprintf(*wd_arg, len, "-working-directory=%s", working_dir);
    argv[n++] = *wd_arg;
  }
  for (int k = 0; k < nargs; k++)
    if (args[k]) argv[n++] = args[k];
  /* Warnings are never shown, and skipping them saves clang work (e.g. the
   * CFG-based warning analyses); -Werror in a compile command cannot turn
   * them into errors either.  Errors, including warnings that are errors by
   * default, are unaffected. */
  argv[n++] = "-w";
  *argc = n;
  return argv;
}

/* Builds the model of a parsed translation unit; `path` names its main file
 * and `args` are the arguments it was parsed with (for -D macro names).
 * Clang's errors are printed and mean no model.  The translation unit is
 * left to the caller. */
static hg_parse_status fe_model_of(CXTranslationUnit tu, const char *path, const char *const *args,
                                   int nargs, const smap *relevant, hg_model **out, FILE *errs) {
  *out = NULL;
  if (fe_report_errors(tu, errs)) return HG_PARSE_ERRORS;

  fe_ctx x;
  memset(&x, 0, sizeof x);
  x.tu = tu;
  x.errs = errs;
  x.relevant = relevant;
  x.m = hg_model_new(path);
  x.cur_fn = -1;
  x.last_file = 0;
  pmap_init(&x.file_map, 64);
  pmap_init(&x.type_map, 1024);
  cmap_init(&x.rec_map, 256);
  cmap_init(&x.field_map, 1024);
  cmap_init(&x.fn_map, 1024);
  smap_init(&x.fn_names, 1024);
  cmap_init(&x.glob_map, 256);
  cmap_init(&x.enum_map, 256);
  cmap_init(&x.fn_annot_map, 64);
  cmap_init(&x.rec_annot_map, 64);
  cmap_init(&x.rec_typedef_map, 256);
  cmap_init(&x.locals, 128);
  smap_init(&x.macro_names, 1024);
  pmap_init(&x.scanned_files, 64);
  clang_getInclusions(tu, fe_inclusion_cb, &x);
  for (int k = 0; k < nargs; k++) {
    const char *a = args[k];
    if (!a || a[0] != '-' || a[1] != 'D') continue;
    const char *name = a[2] ? a + 2 : (k + 1 < nargs ? args[k + 1] : NULL);
    if (!name) continue;
    size_t len = 0;
    while (name[len] && name[len] != '=' && name[len] != '(') len++;
    fe_add_macro_name(&x, name, len);
  }

  /* the main file is file 0 */
  CXFile mainf = clang_getFile(tu, path);
  if (mainf) {
    fe_file_index(&x, mainf);
  } else {
    hg_model_add_file(x.m, path, true, false);
    FE_GROW(x.files, 0u, x.cap_files);
    memset(&x.files[0], 0, sizeof x.files[0]);
    x.files[0].lines_built = true;
    x.files[0].lines = fe_xcalloc(1, sizeof *x.files[0].lines);
    x.files[0].nlines = 1;
  }

  FE_T(t1);
  clang_visitChildren(clang_getTranslationUnitCursor(tu), fe_top_cb, &x);
  FE_T(t2);
  /* Nothing a check looks for is declared: the bodies cannot matter. */
  bool skip_bodies = x.relevant && !x.is_relevant && x.rec_annot_map.n == 0;
  for (uint32_t k = 0; k < x.ndefs && !skip_bodies; k++) fe_build_function(&x, x.defs[k]);
  FE_T(t3);
  fe_finish(&x);
  FE_T(t4);

  hg_model *m = x.m;
  fe_ctx_free(&x);

  bool valid = hg_model_validate(m, errs);
#ifdef HG_FE_TIMING
  FE_T(t5);
  fprintf(stderr, "fe: top %.3f bodies %.3f finish %.3f validate %.3f\n", t2 - t1, t3 - t2, t4 - t3, t5 - t4);
#endif
  if (!valid) {
    if (errs) fprintf(errs, "error: internal error: the model built for '%s' is invalid\n", path);
    hg_model_free(m);
    return HG_PARSE_FAILED;
  }
  *out = m;
  return HG_PARSE_OK;
}

static hg_parse_status fe_parse(hg_frontend *fe, const char *path, const char *const *args,
                                int nargs, const char *working_dir, hg_model **out, FILE *errs);

typedef struct fe_job {
  hg_frontend *fe;
  const char *path;
  const char *const *args;
  int nargs;
  const char *working_dir;
  hg_model **out;
  FILE *errs;
  hg_parse_status status;
} fe_job;

static void *fe_job_run(void *arg) {
  fe_job *j = arg;
  j->status = fe_parse(j->fe, j->path, j->args, j->nargs, j->working_dir, j->out, j->errs);
  return NULL;
}

hg_parse_status hg_frontend_parse(hg_frontend *fe, const char *path, const char *const *args,
                                  int nargs, const char *working_dir, hg_model **out, FILE *errs) {
  fe_job j = {fe, path, args, nargs, working_dir, out, errs, HG_PARSE_FAILED};
  fe_on_big_stack(fe_job_run, &j);
  return j.status;
}

static hg_parse_status fe_parse(hg_frontend *fe, const char *path, const char *const *args,
                                int nargs, const char *working_dir, hg_model **out, FILE *errs) {
  if (out) *out = NULL;
  if (!fe || !path || !out) return HG_PARSE_FAILED;

  /* The file must be readable (relative to working_dir). */
  char *probe = (working_dir && working_dir[0] && path[0] != '/') ? fe_join_path(working_dir, path)
                                                                  : NULL;
  FILE *fp = fopen(probe ? probe : path, "rb");
  if (!fp) {
    if (errs) fprintf(errs, "error: cannot read '%s': %s\n", path, strerror(errno));
    free(probe);
    return HG_PARSE_FAILED;
  }
  fclose(fp);
  free(probe);

  int argc;
  char *wd_arg;
  const char **argv = fe_argv(working_dir, args, nargs, &argc, &wd_arg);
  FE_T(t0);
  CXTranslationUnit tu = NULL;
  enum CXErrorCode ec = clang_parseTranslationUnit2(fe->index, path, argv, argc, NULL, 0,
                                                    CXTranslationUnit_None, &tu);
  free(argv);
  free(wd_arg);
  if (ec != CXError_Success || !tu) {
    if (errs) fprintf(errs, "error: libclang could not parse '%s' (error code %d)\n", path, (int)ec);
    if (tu) clang_disposeTranslationUnit(tu);
    return HG_PARSE_FAILED;
  }
  FE_T(t1);
  hg_parse_status st =
      fe_model_of(tu, path, args, nargs, fe->have_relevant ? &fe->relevant : NULL, out, errs);
  FE_T(t2);
  clang_disposeTranslationUnit(tu);
#ifdef HG_FE_TIMING
  FE_T(t3);
  fprintf(stderr, "fe: parse %.3f model %.3f dispose %.3f\n", t1 - t0, t2 - t1, t3 - t2);
#endif
  return st;
}

/* ---- translation units kept for re-parsing (editors) --------------------------- */

struct hg_frontend_tu {
  hg_frontend *fe;
  CXTranslationUnit tu;   /* NULL after a failed parse: the next one starts afresh */
  char *path;
  char **args;
  int nargs;
  char *working_dir;
};

/* What the work on the big stack does with a kept translation unit. */
typedef enum fe_tu_op { FE_TU_PARSE, FE_TU_REPARSE, FE_TU_MODEL } fe_tu_op;

typedef struct fe_tu_job {
  fe_tu_op op;
  hg_frontend_tu *t;
  const char *text;   /* the main file's unsaved contents, or NULL (disk) */
  size_t len;
  hg_model **out;
  FILE *errs;
  hg_parse_status status;
} fe_tu_job;

/* A fresh parse that keeps a precompiled preamble (the #includes and
 * everything before the first declaration of the main file), so later
 * re-parses of the same file only parse what follows it. */
static hg_parse_status fe_tu_parse(fe_tu_job *j) {
  hg_frontend_tu *t = j->t;
  if (t->tu) clang_disposeTranslationUnit(t->tu);
  t->tu = NULL;
  if (!j->text) {
    char *probe = (t->working_dir && t->working_dir[0] && t->path[0] != '/') ? fe_join_path(t->working_dir, t->path)
                                                                             : NULL;
    FILE *fp = fopen(probe ? probe : t->path, "rb");
    free(probe);
    if (!fp) {
      if (j->errs) fprintf(j->errs, "error: cannot read '%s': %s\n", t->path, strerror(errno));
      return HG_PARSE_FAILED;
    }
    fclose(fp);
  }
  int argc;
  char *wd_arg;
  const char **argv = fe_argv(t->working_dir, (const char *const *)t->args, t->nargs, &argc, &wd_arg);
  struct CXUnsavedFile uf = {t->path, j->text ? j->text : "", (unsigned long)j->len};
  unsigned flags = CXTranslationUnit_PrecompiledPreamble | CXTranslationUnit_CreatePreambleOnFirstParse;
  enum CXErrorCode ec = clang_parseTranslationUnit2(t->fe->index, t->path, argv, argc, j->text ? &uf : NULL,
                                                    j->text ? 1 : 0, flags, &t->tu);
  free(argv);
  free(wd_arg);
  if (ec != CXError_Success || !t->tu) {
    if (j->errs) fprintf(j->errs, "error: libclang could not parse '%s' (error code %d)\n", t->path, (int)ec);
    if (t->tu) clang_disposeTranslationUnit(t->tu);
    t->tu = NULL;
    return HG_PARSE_FAILED;
  }
  return HG_PARSE_OK;
}

static hg_parse_status fe_tu_reparse(fe_tu_job *j) {
  hg_frontend_tu *t = j->t;
  if (!t->tu) return fe_tu_parse(j);
  struct CXUnsavedFile uf = {t->path, j->text ? j->text : "", (unsigned long)j->len};
  int rc = clang_reparseTranslationUnit(t->tu, j->text ? 1 : 0, j->text ? &uf : NULL,
                                        clang_defaultReparseOptions(t->tu));
  if (rc != 0) {
    /* libclang says the translation unit must be disposed of */
    if (j->errs) fprintf(j->errs, "error: libclang could not re-parse '%s' (error code %d)\n", t->path, rc);
    clang_disposeTranslationUnit(t->tu);
    t->tu = NULL;
    return HG_PARSE_FAILED;
  }
  return HG_PARSE_OK;
}

static void *fe_tu_run(void *arg) {
  fe_tu_job *j = arg;
  switch (j->op) {
  case FE_TU_PARSE: j->status = fe_tu_parse(j); break;
  case FE_TU_REPARSE: j->status = fe_tu_reparse(j); break;
  case FE_TU_MODEL:
    j->status = j->t->tu ? fe_model_of(j->t->tu, j->t->path, (const char *const *)j->t->args, j->t->nargs, NULL, j->out,
                                       j->errs)
                         : HG_PARSE_FAILED;
    break;
  }
  return NULL;
}

static char *fe_strdup(const char *s) {
  size_t n = strlen(s) + 1;
  char *p = fe_xcalloc(n, 1);
  memcpy(p, s, n);
  return p;
}

hg_parse_status hg_frontend_tu_open(hg_frontend *fe, const char *path, const char *const *args, int nargs,
                                    const char *working_dir, const char *text, size_t len, hg_frontend_tu **out,
                                    FILE *errs) {
  if (out) *out = NULL;
  if (!fe || !path || !out) return HG_PARSE_FAILED;
  hg_frontend_tu *t = fe_xcalloc(1, sizeof *t);
  t->fe = fe;
  t->path = fe_strdup(path);
  t->working_dir = working_dir && working_dir[0] ? fe_strdup(working_dir) : NULL;
  t->args = fe_xcalloc((size_t)(nargs > 0 ? nargs : 0) + 1, sizeof *t->args);
  for (int k = 0; k < nargs; k++)
    if (args[k]) t->args[t->nargs++] = fe_strdup(args[k]);
  fe_tu_job j = {FE_TU_PARSE, t, text, len, NULL, errs, HG_PARSE_FAILED};
  fe_on_big_stack(fe_tu_run, &j);
  if (j.status == HG_PARSE_OK) *out = t;
  else hg_frontend_tu_close(t);
  return j.status;
}

hg_parse_status hg_frontend_tu_reparse(hg_frontend_tu *tu, const char *text, size_t len, FILE *errs) {
  if (!tu) return HG_PARSE_FAILED;
  fe_tu_job j = {FE_TU_REPARSE, tu, text, len, NULL, errs, HG_PARSE_FAILED};
  fe_on_big_stack(fe_tu_run, &j);
  return j.status;
}

hg_parse_status hg_frontend_tu_model(hg_frontend_tu *tu, hg_model **out, FILE *errs) {
  if (out) *out = NULL;
  if (!tu || !out) return HG_PARSE_FAILED;
  if (!tu->tu) {
    if (errs) fprintf(errs, "error: '%s' has no parsed translation unit\n", tu->path);
    return HG_PARSE_FAILED;
  }
  fe_tu_job j = {FE_TU_MODEL, tu, NULL, 0, out, errs, HG_PARSE_FAILED};
  fe_on_big_stack(fe_tu_run, &j);
  return j.status;
}

void hg_frontend_tu_close(hg_frontend_tu *tu) {
  if (!tu) return;
  if (tu->tu) clang_disposeTranslationUnit(tu->tu);
  for (int k = 0; k < tu->nargs; k++) free(tu->args[k]);
  free(tu->args);
  free(tu->path);
  free(tu->working_dir);
  free(tu);
}
