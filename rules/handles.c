/*
 * handles.c - which records are handles, and where their guard lives.
 *
 * The guard type is GuardType (a record tag or typedef name), or a profile's
 * second guard type (mtx_t next to pthread_mutex_t).
 *
 * A record is a handle when it has a field of the guard type (inline or by
 * pointer, or inline inside a nested struct member), when it is annotated
 * "hg_handle" (HG_HANDLE), when it is named in the HandleTypes option, or
 * when it is what exported functions take while the guard-bearing record it
 * points to is never taken by an exported function (the guard then lives in
 * inner state).
 */
#include <stdlib.h>
#include <string.h>

#include "engine_int.h"

int32_t hg_tu_canon(const hg_tu *tu, int32_t record) {
  if (record < 0 || (uint32_t)record >= tu->m->nrecords) return -1;
  return tu->canon[record];
}

/* "const struct hg_guard *" -> "hg_guard" */
static bool hg__spelling_names(const char *sp, const char *name) {
  if (!sp || !name || !*name) return false;
  char buf[256];
  size_t n = 0;
  const char *p = sp;
  while (*p && n + 1 < sizeof buf) {
    while (*p == ' ') p++;
    const char *w = p;
    while (*p && *p != ' ' && *p != '*' && *p != '[') p++;
    size_t len = (size_t)(p - w);
    if (len == 0) {
      if (*p) p++;
      continue;
    }
    if ((len == 5 && strncmp(w, "const", 5) == 0) || (len == 8 && strncmp(w, "volatile", 8) == 0) ||
        (len == 6 && strncmp(w, "struct", 6) == 0) || (len == 5 && strncmp(w, "union", 5) == 0) ||
        (len == 8 && strncmp(w, "restrict", 8) == 0) || (len == 7 && strncmp(w, "_Atomic", 7) == 0))
      continue;
    if (len >= sizeof buf - n - 1) return false;
    if (n) return false; /* two names: not a plain type name */
    memcpy(buf, w, len);
    n = len;
    buf[n] = '\0';
    break;
  }
  return n && strcmp(buf, name) == 0;
}

bool hg_tu_type_is_guard(const hg_tu *tu, const hg_type *t) {
  if (t->base != HG_TY_RECORD && t->base != HG_TY_UNKNOWN) return false;
  int32_t r = hg_tu_canon(tu, t->record);
  if (r >= 0) return tu->is_guard_record[r];
  return hg__spelling_names(t->spelling, tu->cfg->guard_type) ||
         (tu->cfg->guard_type_alt && hg_config_is_guard_type(tu->cfg, tu->cfg->guard_type_alt) &&
          hg__spelling_names(t->spelling, tu->cfg->guard_type_alt));
}

bool hg_tu_type_is_sync(const hg_tu *tu, const hg_type *t) {
  static const char *const names[] = {
      "pthread_cond_t", "pthread_rwlock_t", "pthread_spinlock_t", "pthread_barrier_t",
      "pthread_once_t", "pthread_mutex_t", "sem_t", "cnd_t", "mtx_t", "once_flag", NULL};
  (void)tu;
  if (t->depth != 0 || !t->spelling) return false;
  if (strstr(t->spelling, "_Atomic") || strstr(t->spelling, "atomic_")) return true;
  for (const char *const *p = names; *p; p++)
    if (hg__spelling_names(t->spelling, *p)) return true;
  return false;
}

int32_t hg_tu_handle_record_of(const hg_tu *tu, const hg_type *t, bool *by_value) {
  if (by_value) *by_value = false;
  if (t->base != HG_TY_RECORD) return -1;
  int32_t r = hg_tu_canon(tu, t->record);
  if (r < 0 || !tu->is_handle[r]) return -1;
  if (t->kind == HG_TY_POINTER && t->depth == 1) return r;
  if (t->kind == HG_TY_RECORD && t->depth == 0) {
    if (by_value) *by_value = true;
    return r;
  }
  return -1;
}

static bool hg__record_named(const hg_record *r, const char *name) {
  if (!name || !*name) return false;
  return (r->name && strcmp(r->name, name) == 0) ||
         (r->typedef_name && strcmp(r->typedef_name, name) == 0);
}

/* A guard inline somewhere inside record r (through inline record members). */
static bool hg__has_inline_guard(const hg_tu *tu, int32_t r, int depth) {
  if (r < 0 || depth > 4) return false;
  const hg_record *rec = &tu->m->records[r];
  for (uint32_t i = 0; i < rec->nfields; i++) {
    const hg_type *t = &rec->fields[i].type;
    if (t->depth == 0 && hg_tu_type_is_guard(tu, t)) return true;
    if (t->depth == 0 && t->base == HG_TY_RECORD &&
        hg__has_inline_guard(tu, hg_tu_canon(tu, t->record), depth + 1))
      return true;
  }
  return false;
}

static bool hg__exported_fn(const hg_tu *tu, const hg_function *f) {
  if (!f->has_body) return false;
  if (f->is_static) return f->address_taken;
  if (tu->have_regex && regexec(&tu->regex, f->name, 0, NULL, 0) != 0) return f->address_taken;
  return true;
}

void hg_tu_classify_records(hg_tu *tu) {
  const hg_model *m = tu->m;
  uint32_t n = m->nrecords;
  tu->canon = hg_xcalloc(n, sizeof *tu->canon);
  tu->is_guard_record = hg_xcalloc(n, sizeof *tu->is_guard_record);
  tu->is_handle = hg_xcalloc(n, sizeof *tu->is_handle);
  tu->guard_field = hg_xcalloc(n, sizeof *tu->guard_field);
  tu->guard_by_ptr = hg_xcalloc(n, sizeof *tu->guard_by_ptr);
  tu->inner_guard_field = hg_xcalloc(n, sizeof *tu->inner_guard_field);

  /* Canonical record per tag: an incomplete declaration maps onto the
   * complete definition of the same name. */
  for (uint32_t i = 0; i < n; i++) {
    tu->canon[i] = (int32_t)i;
    const hg_record *r = &m->records[i];
    if (r->is_complete || !r->name || !*r->name) continue;
    for (uint32_t k = 0; k < n; k++)
      if (k != i && m->records[k].is_complete && m->records[k].name &&
          strcmp(m->records[k].name, r->name) == 0 &&
          m->records[k].is_union == r->is_union) {
        tu->canon[i] = (int32_t)k;
        break;
      }
  }
  for (uint32_t i = 0; i < n; i++) {
    tu->guard_field[i] = -1;
    tu->inner_guard_field[i] = -1;
    const hg_record *r = &m->records[i];
    if (hg_config_is_guard_type(tu->cfg, r->name) || hg_config_is_guard_type(tu->cfg, r->typedef_name))
      tu->is_guard_record[i] = true;
  }
  for (uint32_t i = 0; i < n; i++)
    if (tu->is_guard_record[i]) tu->is_guard_record[tu->canon[i]] = true;

  /* Token records (hg_op: what enter takes as argument 1 and leave as
   * argument 0) point at the guard but are not handles. */
  bool *token_rec = hg_xcalloc(n, sizeof *token_rec);
  for (uint32_t fi = 0; fi < m->nfunctions; fi++) {
    const hg_function *f = &m->functions[fi];
    int tp = -1;
    if (hg_strlist_has(&tu->cfg->leave, f->name)) tp = 0;
    if (hg_config_find_enter(tu->cfg, f->name) && f->nparams >= 2 && !tu->cfg->token_is_guard) tp = 1;
    if (tp < 0 || (uint32_t)tp >= f->nparams || (uint32_t)tp >= f->nvars) continue;
    const hg_type *t = &f->vars[tp].type;
    int32_t r = t->base == HG_TY_RECORD ? hg_tu_canon(tu, t->record) : -1;
    if (r >= 0 && !tu->is_guard_record[r]) token_rec[r] = true;
  }

  for (uint32_t i = 0; i < n; i++) {
    if (tu->canon[i] != (int32_t)i || tu->is_guard_record[i]) continue;
    const hg_record *r = &m->records[i];
    bool explicit_handle = hg_record_has_annotation(r, "hg_handle");
    for (size_t k = 0; k < tu->cfg->handle_types.n; k++)
      if (hg__record_named(r, tu->cfg->handle_types.v[k])) explicit_handle = true;
    if (explicit_handle) tu->is_handle[i] = true;
    if (!explicit_handle && token_rec[i]) continue;
    /* a record made only of guards (or pointers to guards) has no inner
     * state: a token or a wrapper of the guard, not a handle */
    bool only_guards = r->nfields > 0;
    for (uint32_t f = 0; f < r->nfields; f++)
      if (!hg_tu_type_is_guard(tu, &r->fields[f].type)) only_guards = false;
    if (only_guards && !explicit_handle) continue;
    for (uint32_t f = 0; f < r->nfields; f++) {
      if (hg_tu_type_is_guard(tu, &r->fields[f].type)) {
        tu->is_handle[i] = true;
        tu->guard_field[i] = (int32_t)f;
        tu->guard_by_ptr[i] = r->fields[f].type.depth > 0 && r->fields[f].type.kind == HG_TY_POINTER;
        break;
      }
    }
    if (!tu->is_handle[i] && hg__has_inline_guard(tu, (int32_t)i, 0)) tu->is_handle[i] = true;
  }
  free(token_rec);

  /* The guard living in inner state: records exported functions take. */
  bool *taken = hg_xcalloc(n, sizeof *taken);
  for (uint32_t fi = 0; fi < m->nfunctions; fi++) {
    const hg_function *f = &m->functions[fi];
    if (!hg__exported_fn(tu, f)) continue;
    for (uint32_t p = 0; p < f->nparams && p < f->nvars; p++) {
      const hg_type *t = &f->vars[p].type;
      if (t->kind == HG_TY_POINTER && t->depth == 1 && t->base == HG_TY_RECORD) {
        int32_t r = hg_tu_canon(tu, t->record);
        if (r >= 0) taken[r] = true;
      }
    }
  }
  for (uint32_t i = 0; i < n; i++) {
    if (tu->canon[i] != (int32_t)i || (!tu->is_handle[i] && !taken[i])) continue;
    if (tu->is_guard_record[i] || tu->guard_field[i] >= 0 || hg__has_inline_guard(tu, (int32_t)i, 0))
      continue; /* it has a guard of its own */
    const hg_record *r = &m->records[i];
    for (uint32_t f = 0; f < r->nfields; f++) {
      const hg_type *t = &r->fields[f].type;
      if (t->kind != HG_TY_POINTER || t->depth != 1 || t->base != HG_TY_RECORD) continue;
      int32_t b = hg_tu_canon(tu, t->record);
      if (b < 0 || b == (int32_t)i || taken[b]) continue;
      if (tu->guard_field[b] >= 0 && !tu->guard_by_ptr[b]) {
        tu->is_handle[i] = true;
        tu->inner_guard_field[i] = (int32_t)f;
        break;
      }
    }
  }
  free(taken);
  for (uint32_t i = 0; i < n; i++) {
    if (tu->canon[i] != (int32_t)i) {
      int32_t c = tu->canon[i];
      tu->is_handle[i] = tu->is_handle[c];
      tu->guard_field[i] = tu->guard_field[c];
      tu->guard_by_ptr[i] = tu->guard_by_ptr[c];
      tu->inner_guard_field[i] = tu->inner_guard_field[c];
    }
    if (tu->is_handle[i]) tu->any_handle = true;
  }
}
