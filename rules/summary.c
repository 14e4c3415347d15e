/*
 * summary.c - the syntactic pre-scan of every function body (which
 * functions matter at all, who calls whom), transitive blocking with the
 * chain that explains it, and the bottom-up order in which the path
 * analysis computes per-function summaries.
 *
 * Everything here is iterative: no recursion over trees or call graphs.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cfg.h"
#include "engine_int.h"

static uint32_t hg__hash(const char *s) {
  uint32_t h = 2166136261u;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
  return h;
}

static void hg__build_fn_hash(hg_tu *tu) {
  const hg_model *m = tu->m;
  uint32_t cap = 16;
  while (cap < m->nfunctions * 2 + 1) cap *= 2;
  tu->fn_hash_cap = cap;
  tu->fn_hash = hg_xcalloc(cap, sizeof *tu->fn_hash);
  for (uint32_t i = 0; i < m->nfunctions; i++) {
    const char *name = m->functions[i].name;
    if (!name) continue;
    uint32_t h = hg__hash(name) & (cap - 1);
    for (;;) {
      uint32_t v = tu->fn_hash[h];
      if (!v) {
        tu->fn_hash[h] = i + 1;
        break;
      }
      const hg_function *o = &m->functions[v - 1];
      if (strcmp(o->name, name) == 0) {
        /* keep the definition when there are several entries */
        if (!o->has_body && m->functions[i].has_body) tu->fn_hash[h] = i + 1;
        break;
      }
      h = (h + 1) & (cap - 1);
    }
  }
}

static int32_t hg__find_fn(const hg_tu *tu, const char *name) {
  if (!name || !tu->fn_hash_cap) return -1;
  uint32_t h = hg__hash(name) & (tu->fn_hash_cap - 1);
  for (;;) {
    uint32_t v = tu->fn_hash[h];
    if (!v) return -1;
    if (strcmp(tu->m->functions[v - 1].name, name) == 0) return (int32_t)(v - 1);
    h = (h + 1) & (tu->fn_hash_cap - 1);
  }
}

int32_t hg_tu_callee(const hg_tu *tu, const hg_node *call) {
  if (call->ref >= 0 && (uint32_t)call->ref < tu->m->nfunctions) {
    const hg_function *f = &tu->m->functions[call->ref];
    if (f->has_body || !call->name) return call->ref;
    /* prefer the definition if the front end pointed at a declaration */
    int32_t d = hg__find_fn(tu, call->name);
    return d >= 0 ? d : call->ref;
  }
  return hg__find_fn(tu, call->name);
}

bool hg_tu_is_alloc(const hg_tu *tu, const char *name) {
  return hg_strlist_has(&tu->cfg->allocators, name);
}
bool hg_tu_is_dealloc(const hg_tu *tu, const char *name) {
  return hg_strlist_has(&tu->cfg->deallocators, name);
}
bool hg_tu_is_leave(const hg_tu *tu, const char *name) {
  return hg_strlist_has(&tu->cfg->leave, name);
}
bool hg_tu_is_begin_free(const hg_tu *tu, const char *name) {
  return hg_strlist_has(&tu->cfg->begin_free, name);
}
bool hg_tu_is_is_freeing(const hg_tu *tu, const char *name) {
  return hg_strlist_has(&tu->cfg->is_freeing, name);
}

/* Constant value of a flags or timeout argument: literals, enumerators and
 * `|` / `+` of them, through casts. */
static bool hg__fold(const hg_node *e, int64_t *v, int depth) {
  e = hg_node_strip_casts(e);
  if (!e || depth > 16) return false;
  if (e->kind == HG_N_INT_LIT || e->kind == HG_N_ENUM_CONST) {
    *v = e->value;
    return true;
  }
  if (e->kind == HG_N_UNARY && e->op == HG_OP_NEG && e->nchildren == 1) {
    if (!hg__fold(e->children[0], v, depth + 1)) return false;
    *v = -*v;
    return true;
  }
  if (e->kind == HG_N_BINARY && e->nchildren == 2 && (e->op == HG_OP_BITOR || e->op == HG_OP_ADD)) {
    int64_t a, b;
    if (!hg__fold(e->children[0], &a, depth + 1) || !hg__fold(e->children[1], &b, depth + 1))
      return false;
    *v = e->op == HG_OP_BITOR ? (a | b) : a + b;
    return true;
  }
  return false;
}

static bool hg__names_enumerator(const hg_node *e, const char *name, int depth) {
  if (!e || depth > 16) return false;
  if (e->kind == HG_N_ENUM_CONST && e->name && strcmp(e->name, name) == 0) return true;
  for (uint32_t i = 0; i < e->nchildren; i++)
    if (hg__names_enumerator(e->children[i], name, depth + 1)) return true;
  return false;
}

/* WNOHANG is 1 and MSG_DONTWAIT 0x40 on Linux (0x80 on the BSDs and macOS,
 * where it is a macro; glibc spells it as an enumerator, matched by name). */
#define HG__WNOHANG 1
#if defined(__APPLE__) || defined(__FreeBSD__) || defined(__NetBSD__) || defined(__OpenBSD__)
#define HG__MSG_DONTWAIT 0x80
#else
#define HG__MSG_DONTWAIT 0x40
#endif

bool hg_call_returns_at_once(const char *name, const hg_node *call) {
  if (!name || !call || call->kind != HG_N_CALL) return false;
  uint32_t nargs = call->nchildren > 0 ? call->nchildren - 1 : 0;
  const hg_node *const *args = (const hg_node *const *)call->children + 1;
  int64_t v;
  /* a zero timeout polls */
  if (strcmp(name, "poll") == 0)
    return nargs == 3 && hg__fold(args[2], &v, 0) && v == 0;
  if (strcmp(name, "epoll_wait") == 0 || strcmp(name, "epoll_pwait") == 0)
    return nargs >= 4 && hg__fold(args[3], &v, 0) && v == 0;
  /* WNOHANG */
  int opt = -1;
  if (strcmp(name, "waitpid") == 0 || strcmp(name, "wait4") == 0) opt = 2;
  if (strcmp(name, "waitid") == 0) opt = 3;
  if (opt >= 0)
    return (uint32_t)opt < nargs && hg__fold(args[opt], &v, 0) && (v & HG__WNOHANG);
  /* MSG_DONTWAIT */
  int fl = -1;
  if (strcmp(name, "recv") == 0 || strcmp(name, "send") == 0 || strcmp(name, "recvfrom") == 0 ||
      strcmp(name, "sendto") == 0)
    fl = 3;
  if (strcmp(name, "recvmsg") == 0 || strcmp(name, "sendmsg") == 0) fl = 2;
  if (fl >= 0 && (uint32_t)fl < nargs) {
    if (hg__names_enumerator(args[fl], "MSG_DONTWAIT", 0)) return true;
    return hg__fold(args[fl], &v, 0) && (v & HG__MSG_DONTWAIT);
  }
  return false;
}

bool hg_tu_blocking_by_itself(const hg_tu *tu, const char *name, int32_t fidx) {
  if (name && hg_config_is_blocking(tu->cfg, name)) return true;
  if (name && hg_strlist_has(&tu->cfg->non_blocking, name)) return false;
  if (fidx >= 0 && hg_function_has_annotation(&tu->m->functions[fidx], "hg_blocking")) return true;
  return false;
}

static bool hg__var_is_handle(const hg_tu *tu, const hg_type *t) {
  return hg_tu_handle_record_of(tu, t, NULL) >= 0;
}

/* Pre-scan of one body: an explicit stack, no recursion. */
static void hg__scan(hg_tu *tu, uint32_t fi, uint32_t *stamp, const hg_node ***stack,
                     size_t *cap) {
  const hg_model *m = tu->m;
  const hg_function *f = &m->functions[fi];
  hg_fsum *s = &tu->sum[fi];
  s->scanned = true;
  s->in_system = f->loc.file < m->nfiles && m->files[f->loc.file].is_system;
  for (uint32_t p = 0; p < f->nparams && p < f->nvars; p++)
    if (hg__var_is_handle(tu, &f->vars[p].type)) s->handle_param = true;
  if (!f->body) return;
  size_t n = 0;
  uint32_t ncap = 0;
  const hg_node **calls = NULL;
  (*stack)[n++] = f->body;
  while (n) {
    const hg_node *x = (*stack)[--n];
    if (!x) continue;
    switch (x->kind) {
    case HG_N_CALL: {
      int32_t g = hg_tu_callee(tu, x);
      const char *name = x->name ? x->name : (g >= 0 ? m->functions[g].name : NULL);
      if (name) {
        if (hg_config_find_enter(tu->cfg, name) || hg_tu_is_leave(tu, name) ||
            hg_tu_is_is_freeing(tu, name))
          s->calls_protocol = true;
        if (hg_config_find_enter(tu->cfg, name)) s->calls_enter = true;
        if (hg_tu_is_leave(tu, name)) s->calls_leave = true;
        if (hg_tu_is_begin_free(tu, name)) {
          s->calls_protocol = true;
          s->calls_begin_free = true;
        }
        if (hg_tu_is_alloc(tu, name)) s->calls_alloc = true;
      }
      if (!s->blocks && hg_tu_blocking_by_itself(tu, name, g) &&
          !((g < 0 || !m->functions[g].has_body) && hg_call_returns_at_once(name, x))) {
        s->blocks = true;
        s->block_call = x;
        s->block_callee = name;
        s->block_next = -1;
      }
      if (g >= 0 && stamp[g] != fi + 1) {
        stamp[g] = fi + 1;
        if (s->ncallees == ncap) {
          ncap = ncap ? ncap * 2 : 8;
          s->callees = hg_xrealloc(s->callees, ncap * sizeof *s->callees);
          calls = hg_xrealloc((void *)calls, ncap * sizeof *calls);
        }
        calls[s->ncallees] = x;
        s->callees[s->ncallees++] = (uint32_t)g;
      }
      break;
    }
    case HG_N_VAR: {
      const hg_type *t = NULL;
      if (x->flags & HG_NF_GLOBAL) {
        if (x->ref >= 0 && (uint32_t)x->ref < m->nglobals) t = &m->globals[x->ref].type;
      } else if (x->ref >= 0 && (uint32_t)x->ref < f->nvars) {
        t = &f->vars[x->ref].type;
      }
      if (t && hg__var_is_handle(tu, t)) s->mentions_handle = true;
      break;
    }
    case HG_N_DECL:
      if (x->ref >= 0 && (uint32_t)x->ref < f->nvars && hg__var_is_handle(tu, &f->vars[x->ref].type))
        s->mentions_handle = true;
      break;
    case HG_N_MEMBER: {
      int32_t r = hg_tu_canon(tu, x->record);
      if (r >= 0 && tu->is_handle[r]) s->mentions_handle = true;
      break;
    }
    case HG_N_GOTO:
      if (!x->name) s->complex = true;
      break;
    default:
      break;
    }
    /* push children in reverse so that they pop in source order */
    if (n + x->nchildren >= *cap) {
      *cap = (*cap + x->nchildren) * 2;
      *stack = hg_xrealloc((void *)*stack, *cap * sizeof **stack);
    }
    for (uint32_t i = x->nchildren; i-- > 0;)
      if (x->children[i]) (*stack)[n++] = x->children[i];
  }
  tu->callee_calls[fi] = calls;
}

/* Mutex protocols: `foo_locked()` is called with the lock held, by the
 * naming convention; it is judged like a static helper, at its call sites. */
static bool hg__caller_holds_lock(const hg_tu *tu, const char *name) {
  size_t n = name ? strlen(name) : 0;
  return tu->cfg->infer_inner_fields && n > 7 && strcmp(name + n - 7, "_locked") == 0;
}

void hg_tu_prescan(hg_tu *tu) {
  const hg_model *m = tu->m;
  uint32_t nf = m->nfunctions;
  tu->sum = hg_xcalloc(nf, sizeof *tu->sum);
  tu->callee_calls = hg_xcalloc(nf, sizeof *tu->callee_calls);
  hg__build_fn_hash(tu);
  uint32_t *stamp = hg_xcalloc(nf, sizeof *stamp);
  size_t cap = 256;
  const hg_node **stack = hg_xcalloc(cap, sizeof *stack);
  for (uint32_t i = 0; i < nf; i++) {
    const hg_function *f = &m->functions[i];
    tu->sum[i].block_next = -1;
    if (f->has_body) {
      tu->sum[i].exported = !f->is_static
                                ? (!tu->have_regex || regexec(&tu->regex, f->name, 0, NULL, 0) == 0 ||
                                   f->address_taken)
                                : f->address_taken;
      if (hg__caller_holds_lock(tu, f->name) && !f->address_taken) tu->sum[i].exported = false;
    }
    if (hg_function_has_annotation(f, "hg_blocking") &&
        !hg_strlist_has(&tu->cfg->non_blocking, f->name)) {
      tu->sum[i].blocks = true; /* marked: blocks by declaration */
    }
    if (f->has_body && f->body) hg__scan(tu, i, stamp, &stack, &cap);
  }
  free(stack);
  free(stamp);

  /* Transitive blocking over reverse call edges (worklist, FIFO). */
  uint32_t *start;
  uint32_t *callers = hg_tu_callers(tu, &start);
  uint32_t *queue = hg_xcalloc(nf + 1, sizeof *queue);
  uint32_t qh = 0, qt = 0;
  for (uint32_t i = 0; i < nf; i++)
    if (tu->sum[i].blocks) queue[qt++] = i;
  while (qh < qt) {
    uint32_t g = queue[qh++];
    for (uint32_t k = start[g]; k < start[g + 1]; k++) {
      uint32_t c = callers[k];
      hg_fsum *s = &tu->sum[c];
      if (s->blocks) continue;
      s->blocks = true;
      s->block_next = (int32_t)g;
      s->block_callee = m->functions[g].name;
      for (uint32_t j = 0; j < s->ncallees; j++)
        if (s->callees[j] == g) s->block_call = tu->callee_calls[c][j];
      queue[qt++] = c;
    }
  }
  free(queue);
  free(callers);
  free(start);
}

uint32_t *hg_tu_callers(const hg_tu *tu, uint32_t **start) {
  uint32_t nf = tu->m->nfunctions;
  uint32_t *st = hg_xcalloc(nf + 1, sizeof *st);
  for (uint32_t i = 0; i < nf; i++)
    for (uint32_t k = 0; k < tu->sum[i].ncallees; k++) st[tu->sum[i].callees[k] + 1]++;
  for (uint32_t i = 0; i < nf; i++) st[i + 1] += st[i];
  uint32_t *callers = hg_xcalloc(st[nf] + 1, sizeof *callers);
  uint32_t *fill = hg_xcalloc(nf + 1, sizeof *fill);
  for (uint32_t i = 0; i < nf; i++)
    for (uint32_t k = 0; k < tu->sum[i].ncallees; k++) {
      uint32_t g = tu->sum[i].callees[k];
      callers[st[g] + fill[g]++] = i;
    }
  free(fill);
  *start = st;
  return callers;
}

uint32_t *hg_tu_bottom_up(const hg_tu *tu, uint32_t *n_out, bool *cycles) {
  const hg_model *m = tu->m;
  uint32_t nf = m->nfunctions;
  uint32_t *order = hg_xcalloc(nf + 1, sizeof *order);
  uint8_t *color = hg_xcalloc(nf, 1); /* 0 white, 1 on stack, 2 done */
  uint32_t *st_fn = hg_xcalloc(nf + 1, sizeof *st_fn);
  uint32_t *st_next = hg_xcalloc(nf + 1, sizeof *st_next);
  uint32_t n = 0;
  *cycles = false;
  for (uint32_t root = 0; root < nf; root++) {
    if (color[root] || !m->functions[root].has_body) continue;
    uint32_t sp = 0;
    st_fn[sp] = root;
    st_next[sp] = 0;
    sp++;
    color[root] = 1;
    while (sp) {
      uint32_t f = st_fn[sp - 1];
      const hg_fsum *s = &tu->sum[f];
      if (st_next[sp - 1] < s->ncallees) {
        uint32_t g = s->callees[st_next[sp - 1]++];
        if (!m->functions[g].has_body) continue;
        if (color[g] == 1) {
          *cycles = true;
          continue;
        }
        if (color[g] == 2) continue;
        color[g] = 1;
        st_fn[sp] = g;
        st_next[sp] = 0;
        sp++;
      } else {
        color[f] = 2;
        order[n++] = f;
        sp--;
      }
    }
  }
  free(color);
  free(st_fn);
  free(st_next);
  *n_out = n;
  return order;
}

void hg_tu_reset_summaries(hg_tu *tu) {
  if (!tu->sum) return;
  size_t from = offsetof(hg_fsum, fref);
  for (uint32_t i = 0; i < tu->m->nfunctions; i++) {
    free(tu->sum[i].fref);
    memset((char *)&tu->sum[i] + from, 0, sizeof tu->sum[i] - from);
  }
}

void hg_tu_free(hg_tu *tu) {
  if (tu->sum && tu->callee_calls)
    for (uint32_t i = 0; i < tu->m->nfunctions; i++) {
      free(tu->sum[i].callees);
      free(tu->sum[i].fref);
      free((void *)tu->callee_calls[i]);
    }
  if (tu->field_flags) {
    for (uint32_t i = 0; i < tu->m->nrecords; i++) free(tu->field_flags[i]);
    free(tu->field_flags);
  }
  free(tu->sum);
  free(tu->callee_calls);
  free(tu->fn_hash);
  free(tu->canon);
  free(tu->is_guard_record);
  free(tu->is_handle);
  free(tu->guard_field);
  free(tu->guard_by_ptr);
  free(tu->inner_guard_field);
  free(tu->enter_success);
  if (tu->have_regex) regfree(&tu->regex);
}
