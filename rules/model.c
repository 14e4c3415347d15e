/*
 * model.c - the model's arena, builders, lookups and kind names.
 * Front ends build a model only through these functions; rules only read it.
 */
#include "model.h"

#include <stdlib.h>
#include <string.h>

/* A bump allocator: blocks of at least 64 KiB, freed all at once. */
typedef struct hg__block {
  struct hg__block *next;
  size_t used, size;
  max_align_t data[];
} hg__block;

struct hg_arena {
  hg__block *head;
};

void *hg_xcalloc(size_t n, size_t size) {
  void *p = calloc(n ? n : 1, size ? size : 1);
  if (!p) {
    fputs("handleguard: out of memory\n", stderr);
    abort();
  }
  return p;
}

void *hg_xrealloc(void *p, size_t size) {
  void *q = realloc(p, size ? size : 1);
  if (!q) {
    fputs("handleguard: out of memory\n", stderr);
    abort();
  }
  return q;
}

void *hg_arena_alloc(hg_arena *a, size_t size) {
  const size_t align = sizeof(max_align_t);
  size = (size + align - 1) / align * align;
  if (!a->head || a->head->size - a->head->used < size) {
    size_t bsize = size > 65536 ? size : 65536;
    hg__block *b = hg_xcalloc(1, sizeof(hg__block) + bsize);
    b->size = bsize;
    b->next = a->head;
    a->head = b;
  }
  void *p = (char *)a->head->data + a->head->used;
  a->head->used += size;
  memset(p, 0, size);
  return p;
}

static void hg__arena_free(hg_arena *a) {
  hg__block *b = a->head;
  while (b) {
    hg__block *next = b->next;
    free(b);
    b = next;
  }
  free(a);
}

hg_model *hg_model_new(const char *main_file) {
  hg_model *m = hg_xcalloc(1, sizeof *m);
  m->arena = hg_xcalloc(1, sizeof *m->arena);
  m->main_file = hg_model_strdup(m, main_file);
  return m;
}

void hg_model_free(hg_model *m) {
  if (!m) return;
  free(m->files);
  free(m->records);
  free(m->functions);
  free(m->globals);
  free(m->enumerators);
  hg__arena_free(m->arena);
  free(m);
}

const char *hg_model_strdup(hg_model *m, const char *s) {
  if (!s) return NULL;
  size_t n = strlen(s) + 1;
  char *p = hg_arena_alloc(m->arena, n);
  memcpy(p, s, n);
  return p;
}

/* Grows *arr (elements of `size` bytes) so that index *n fits; zeroes the new slot. */
static uint32_t hg__push(void **arr, uint32_t *n, uint32_t *cap, size_t size) {
  if (*n == *cap) {
    uint32_t ncap = *cap ? *cap * 2 : 16;
    *arr = hg_xrealloc(*arr, (size_t)ncap * size);
    *cap = ncap;
  }
  memset((char *)*arr + (size_t)*n * size, 0, size);
  return (*n)++;
}

hg_type hg_type_unknown(void) {
  hg_type t;
  memset(&t, 0, sizeof t);
  t.kind = HG_TY_UNKNOWN;
  t.base = HG_TY_UNKNOWN;
  t.record = -1;
  return t;
}

uint32_t hg_model_add_file(hg_model *m, const char *path, bool is_main, bool is_system) {
  uint32_t i = hg__push((void **)&m->files, &m->nfiles, &m->cap_files, sizeof *m->files);
  m->files[i].path = hg_model_strdup(m, path);
  m->files[i].is_main = is_main;
  m->files[i].is_system = is_system;
  return i;
}

uint32_t hg_model_add_record(hg_model *m, const char *name) {
  uint32_t i = hg__push((void **)&m->records, &m->nrecords, &m->cap_records, sizeof *m->records);
  m->records[i].name = hg_model_strdup(m, name ? name : "");
  return i;
}

uint32_t hg_model_add_function(hg_model *m, const char *name) {
  uint32_t i = hg__push((void **)&m->functions, &m->nfunctions, &m->cap_functions,
                        sizeof *m->functions);
  m->functions[i].name = hg_model_strdup(m, name);
  m->functions[i].ret = hg_type_unknown();
  return i;
}

uint32_t hg_model_add_global(hg_model *m, const char *name) {
  uint32_t i = hg__push((void **)&m->globals, &m->nglobals, &m->cap_globals, sizeof *m->globals);
  m->globals[i].name = hg_model_strdup(m, name);
  m->globals[i].type = hg_type_unknown();
  return i;
}

uint32_t hg_model_add_enumerator(hg_model *m, const char *name, int64_t value) {
  uint32_t i = hg__push((void **)&m->enumerators, &m->nenumerators, &m->cap_enumerators,
                        sizeof *m->enumerators);
  m->enumerators[i].name = hg_model_strdup(m, name);
  m->enumerators[i].value = value;
  return i;
}

/* Arena arrays grow by copying: records and functions have few fields,
 * annotations and variables, so doubling copies stay cheap. */
static void *hg__arena_grow(hg_model *m, void *old, uint32_t n, size_t size) {
  /* capacity is the next power of two >= n+1; grow when n is a power of two */
  if (n != 0 && (n & (n - 1)) != 0) return old;
  size_t ncap = n ? (size_t)n * 2 : 4;
  void *p = hg_arena_alloc(m->arena, ncap * size);
  if (old) memcpy(p, old, (size_t)n * size);
  return p;
}

void hg_record_add_field(hg_model *m, hg_record *r, const hg_field *f) {
  r->fields = hg__arena_grow(m, r->fields, r->nfields, sizeof *r->fields);
  r->fields[r->nfields] = *f;
  r->fields[r->nfields].name = hg_model_strdup(m, f->name ? f->name : "");
  r->nfields++;
}

static const char **hg__add_string(hg_model *m, const char **arr, uint32_t *n, const char *s) {
  for (uint32_t i = 0; i < *n; i++)
    if (strcmp(arr[i], s) == 0) return arr;
  arr = hg__arena_grow(m, (void *)arr, *n, sizeof *arr);
  arr[(*n)++] = hg_model_strdup(m, s);
  return arr;
}

void hg_record_add_annotation(hg_model *m, hg_record *r, const char *a) {
  r->annotations = hg__add_string(m, r->annotations, &r->nannotations, a);
}

void hg_function_add_annotation(hg_model *m, hg_function *f, const char *a) {
  f->annotations = hg__add_string(m, f->annotations, &f->nannotations, a);
}

uint32_t hg_function_add_var(hg_model *m, hg_function *f, const hg_var *v) {
  f->vars = hg__arena_grow(m, f->vars, f->nvars, sizeof *f->vars);
  f->vars[f->nvars] = *v;
  f->vars[f->nvars].name = hg_model_strdup(m, v->name ? v->name : "");
  return f->nvars++;
}

hg_node *hg_node_new(hg_model *m, hg_node_kind kind) {
  hg_node *n = hg_arena_alloc(m->arena, sizeof *n);
  n->kind = kind;
  n->op = HG_OP_NONE;
  n->type = hg_type_unknown();
  n->ref = -1;
  n->record = -1;
  return n;
}

void hg_node_add_child(hg_model *m, hg_node *parent, hg_node *child) {
  parent->children = hg__arena_grow(m, parent->children, parent->nchildren, sizeof(hg_node *));
  parent->children[parent->nchildren++] = child;
}

int32_t hg_model_find_record(const hg_model *m, const char *name) {
  if (!name) return -1;
  for (uint32_t i = 0; i < m->nrecords; i++) {
    const hg_record *r = &m->records[i];
    if (strcmp(r->name, name) == 0 || (r->typedef_name && strcmp(r->typedef_name, name) == 0))
      return (int32_t)i;
  }
  return -1;
}

int32_t hg_model_find_function(const hg_model *m, const char *name) {
  if (!name) return -1;
  for (uint32_t i = 0; i < m->nfunctions; i++)
    if (strcmp(m->functions[i].name, name) == 0) return (int32_t)i;
  return -1;
}

bool hg_model_find_enumerator(const hg_model *m, const char *name, int64_t *value) {
  if (!name) return false;
  for (uint32_t i = 0; i < m->nenumerators; i++)
    if (strcmp(m->enumerators[i].name, name) == 0) {
      if (value) *value = m->enumerators[i].value;
      return true;
    }
  return false;
}

static bool hg__has_string(const char *const *arr, uint32_t n, const char *s) {
  for (uint32_t i = 0; i < n; i++)
    if (strcmp(arr[i], s) == 0) return true;
  return false;
}

bool hg_function_has_annotation(const hg_function *f, const char *a) {
  return hg__has_string(f->annotations, f->nannotations, a);
}

bool hg_record_has_annotation(const hg_record *r, const char *a) {
  return hg__has_string(r->annotations, r->nannotations, a);
}

bool hg_name_in_list(const char *const *names, const char *name) {
  if (!name) return false;
  for (const char *const *p = names; *p; p++)
    if (strcmp(*p, name) == 0) return true;
  return false;
}

const hg_node *hg_node_strip_casts(const hg_node *e) {
  while (e && e->kind == HG_N_CAST && e->nchildren > 0 && e->children[0]) e = e->children[0];
  return e;
}

const char *hg_node_kind_name(hg_node_kind k) {
  static const char *const names[] = {
#define HG__X(k) #k,
      HG_NODE_KINDS(HG__X)
#undef HG__X
  };
  return (unsigned)k < HG_N__COUNT ? names[k] : "?";
}

const char *hg_op_kind_name(hg_op_kind k) {
  static const char *const names[] = {
#define HG__X(k, s) s,
      HG_OP_KINDS(HG__X)
#undef HG__X
  };
  return (unsigned)k < HG_OP__COUNT ? names[k] : "?";
}

const char *hg_type_kind_name(hg_type_kind k) {
  static const char *const names[] = {
#define HG__X(k) #k,
      HG_TYPE_KINDS(HG__X)
#undef HG__X
  };
  return (unsigned)k < HG_TY__COUNT ? names[k] : "?";
}
