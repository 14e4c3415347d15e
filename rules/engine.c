/*
 * engine.c - hg_analyze(): handle classification, summaries, and the
 * path-sensitive typestate exploration that feeds the checks.
 *
 * Per function the CFG (cfg.c) is explored with a worklist of
 * (block, abstract state) pairs in the spirit of ESP (Das, Lerner, Seigle,
 * PLDI 2002): states are merged only when identical (a hash set per block),
 * and a block keeps at most HG__MAX_STATES_PER_BLOCK distinct states; further
 * states are dropped, which can only hide diagnostics, never invent one.
 *
 * The abstract state holds, per token, its enter phase (none / pending /
 * entered / failed / left) and which outcomes of its last enter are still
 * possible; per handle, which handle object a variable currently designates,
 * whether it is fresh, its begin-free phase and outcomes, the is-freeing call
 * that gated a branch, and the checks' per-path "quiet" bits; per tracked
 * local, a symbolic value (an enter / begin-free / is-freeing result, a
 * constant, or an alias into inner state); and the temporaries of lowered
 * conditional expressions.  Symbolic results map each outcome to what is
 * known of the value (== v, != v, unknown), so `!`, `== / !=` against
 * constants, bool conversion and `switch` cases refine the outcome set, and a
 * test that contradicts the path is infeasible.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfg.h"
#include "engine.h"
#include "engine_int.h"
#include "rule.h"

/* ---- the check table, from rules.def ------------------------------------- */

#define HG_RULE(id, name, summary) extern const hg_rule hg_rule_##id;
#include "rules.def"
#undef HG_RULE

static const hg_rule *const hg__rules[] = {
#define HG_RULE(id, name, summary) &hg_rule_##id,
#include "rules.def"
#undef HG_RULE
};

/* ---- limits --------------------------------------------------------------- */

#define HG__MAXH 8     /* handles tracked per function */
#define HG__MAXT 8     /* tokens tracked per function */
#define HG__MAXV 24    /* locals with a symbolic value per state */
#define HG__MAXTEMP 8  /* live temporaries of lowered expressions */
#define HG__MAX_STATES_PER_BLOCK 64
#define HG__MAX_STEPS 400000 /* block visits per function */
#define HG__EVAL_DEPTH 400
#define HG__NOSITE 0xffffu
#define HG__NOH 0xffu

/* ---- symbolic values ------------------------------------------------------ */

enum {
  SV_UNKNOWN,
  SV_CONST,   /* v[0] */
  SV_ENTER,   /* a = token, site = enter call; outcome 0 = entered, 1 = failed */
  SV_BF,      /* a = handle, site; outcome 0 = drained, 1 = not drained */
  SV_ISF,     /* a = handle, site; outcome 0 = freeing, 1 = not freeing */
  SV_HANDLE,  /* a = handle object (rep), flags = handle as written */
  SV_FRESH,   /* a fresh allocation not yet bound to a handle variable */
  SV_INNER,   /* pointer into inner state of handle a (rep); flags SF_* */
  SV_GUARD,   /* the guard of handle a (rep) */
  SV_PDERIV,  /* derived from non-handle pointer parameter a (for summaries) */
  SV_SPAWN,   /* result of a thread creation that handed out handle a (rep) at site;
                 outcome 0 = started (0), 1 = failed: the handle stays the caller's */
};
enum { VK_UNK, VK_EQ, VK_NE };
enum { O_0 = 1, O_1 = 2 };
enum { SF_GUARDED = 1 }; /* INNER: taken while the handle was entered or drained */
/* BF: compared with begin-free failure value (flags & SF_BFIDX), == when SF_BFEQ */
enum { SF_BFCMP = 0x40, SF_BFEQ = 0x20, SF_BFIDX = 0x07 };

typedef struct sval {
  uint8_t kind, a, flags, w;
  uint8_t vk[2];
  uint16_t site;
  int32_t v[2];
} sval;

/* ---- the abstract state --------------------------------------------------- */

enum { TF_UNCHECKED = 1, TF_ALWAYS = 2 }; /* ALWAYS: entered unless a test of the result says it failed */
enum { BF_NONE, BF_PENDING, BF_DRAINED, BF_NOT };

typedef struct tokst {
  uint8_t phase;   /* hg_token_phase */
  uint8_t handle;  /* handle object (rep) or HG__NOH */
  uint8_t mask;    /* outcomes of the enter at `site` still possible */
  uint8_t flags;
  uint16_t site;
  uint16_t leave_site;
} tokst;

typedef struct hst {
  uint8_t rep;      /* the handle object this variable designates */
  uint8_t fresh;
  uint8_t bf;
  uint8_t bfmask;
  uint16_t bfsite;
  uint16_t isf_site;
  uint16_t handed_site;
  uint8_t born;     /* allocated or constructed in this function: never an op's handle */
  uint8_t bfexcl;   /* begin-free failure values (tu->failure[i]) this path has excluded */
  uint32_t quiet;   /* per-check bits */
} hst;

typedef struct varent {
  int32_t var;
  sval v;
} varent;

typedef struct tempent {
  const hg_node *node;
  sval v;
} tempent;

typedef struct state {
  tokst tok[HG__MAXT];
  hst h[HG__MAXH];
  uint8_t nvars, ntemps, pad[6];
  varent vars[HG__MAXV];
  tempent temps[HG__MAXTEMP];
} state;

/* ---- per-function tables -------------------------------------------------- */

typedef struct hvar {
  const char *name;
  bool global;
  int32_t var;
  bool is_param;
  int param_no;
  bool by_value;
  bool field;     /* a handle pointer held in a field of a non-handle local (`it->d`) */
  uint16_t fkey;  /* its place, interned with hg__akey */
} hvar;

typedef struct tokdef {
  char *key;
  bool param_rooted;
  bool caller_owned;   /* rooted in a parameter that is not a handle */
  bool global_rooted;  /* rooted in a global variable (a static lock) */
  bool wrapped;        /* this function is an enter wrapper of it: its callers leave it */
} tokdef;

typedef struct once_key {
  hg_rule_id rule;
  const void *key;
} once_key;

typedef struct bstates {   /* hashes of the states seen at a block */
  uint64_t *h;
  uint32_t n, cap;
} bstates;

typedef struct work {
  uint32_t block;
  state st;
} work;

struct hg_ctx {
  hg_tu *tu;
  const hg_model *m;
  const hg_config *cfg;
  hg_diags *out;
  size_t first_diag;   /* diagnostics before this index belong to earlier calls */
  hg_rule_id cur_rule;
  /* the function */
  const hg_function *fn;
  int32_t fidx;
  hg_fsum *sum;
  bool emit;
  bool exported, is_op, has_bf;
  hvar hv[HG__MAXH];
  int nh;
  int8_t *hv_of_local;   /* per local var: handle index or -1 */
  uint32_t constructed;  /* handles whose guard the function initialises or destroys */
  bool *addr_taken;      /* per local var */
  tokdef tok[HG__MAXT];
  int ntok;
  const hg_node **sites;
  uint32_t nsites, cap_sites;
  char **akeys;
  uint32_t nakeys, cap_akeys;
  once_key *once;
  uint32_t nonce, cap_once;
  /* return statistics for the summary */
  uint32_t ret_fresh, ret_null, ret_other;
  /* wrapper detection (see hg__wrapper_returns) */
  int ew_tok, ew_guard_h, lw_tok;
  bool ew_bad, ew_pend;
  uint8_t ew_ok, ew_fail; /* 0 unseen, 1 one constant, 2 anything else */
  int32_t ew_okv;
  int32_t ew_failv[8];
  uint8_t ew_nfail;   /* constants in ew_failv; ew_fail == 2 when a non-constant was seen */
  sval ew_pend_sv;
  /* begin-free wrapper detection */
  int bw_h;
  bool bw_bad, bw_pend;
  uint8_t bw_ok, bw_fail;
  int32_t bw_okv;
  int32_t bw_failv[8];
  uint8_t bw_nfail;
  sval bw_pend_sv;
  /* the path being evaluated */
  state *st;
  const hg_node *stmt;
  const hg_node *discard;
  int quiet_depth;
  uint8_t **dropped;  /* per record, per field: some deallocator call of the TU frees it;
                         NULL: not computed yet */
  int32_t tok_rec;  /* record of the enter functions' token (hg_op), -1: none; -2: not looked up */
  bool value_copy;  /* evaluating a plain copy of a variable's value (return p; q = p;) */
  int depth;
};

/* ---- small helpers -------------------------------------------------------- */

hg_loc hg_node_loc(const hg_node *n) {
  hg_loc l;
  memset(&l, 0, sizeof l);
  return n ? n->range.begin : l;
}

static const hg_node *hg__child(const hg_node *n, uint32_t i) {
  return n && i < n->nchildren ? n->children[i] : NULL;
}

static bool hg__type_is_ptrlike(const hg_type *t) {
  return t->kind == HG_TY_POINTER || t->kind == HG_TY_ARRAY;
}

/* A pointer that can point into inner state: a function pointer read from
 * inner state is a copy of a code address, which no `_free` drops. */
static bool hg__type_is_dataptr(const hg_type *t) {
  return hg__type_is_ptrlike(t) && !(t->base == HG_TY_FUNCTION);
}

static sval sv_unknown(void) {
  sval s;
  memset(&s, 0, sizeof s);
  return s;
}

static sval sv_const(int64_t v) {
  sval s = sv_unknown();
  s.kind = SV_CONST;
  s.v[0] = (int32_t)v;
  return s;
}

static uint16_t hg__site(hg_ctx *x, const hg_node *n) {
  for (uint32_t i = 0; i < x->nsites; i++)
    if (x->sites[i] == n) return (uint16_t)i;
  if (x->nsites >= HG__NOSITE - 1) return HG__NOSITE;
  if (x->nsites == x->cap_sites) {
    x->cap_sites = x->cap_sites ? x->cap_sites * 2 : 16;
    x->sites = hg_xrealloc((void *)x->sites, x->cap_sites * sizeof *x->sites);
  }
  x->sites[x->nsites] = n;
  return (uint16_t)x->nsites++;
}

static hg_loc hg__site_loc(const hg_ctx *x, uint16_t site) {
  if (site == HG__NOSITE || site >= x->nsites) return hg_node_loc(NULL);
  return hg_node_loc(x->sites[site]);
}

/* ---- state helpers -------------------------------------------------------- */

static void st_init(hg_ctx *x, state *s) {
  memset(s, 0, sizeof *s);
  for (int i = 0; i < HG__MAXT; i++) {
    s->tok[i].handle = HG__NOH;
    s->tok[i].site = HG__NOSITE;
    s->tok[i].leave_site = HG__NOSITE;
  }
  for (int i = 0; i < HG__MAXH; i++) {
    s->h[i].rep = (uint8_t)i;
    s->h[i].bfsite = HG__NOSITE;
    s->h[i].isf_site = HG__NOSITE;
    s->h[i].handed_site = HG__NOSITE;
  }
  for (int i = 0; i < x->nh; i++)
    if ((x->hv[i].by_value || (x->constructed & (1u << i))) && !x->hv[i].global) s->h[i].fresh = s->h[i].born = 1;
}

static uint64_t st_hash(const state *s) {
  const unsigned char *p = (const unsigned char *)s;
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < sizeof *s; i++) h = (h ^ p[i]) * 1099511628211ull;
  return h;
}

static sval *st_var(state *s, int32_t var) {
  for (uint8_t i = 0; i < s->nvars; i++)
    if (s->vars[i].var == var) return &s->vars[i].v;
  return NULL;
}

static void st_var_kill(state *s, int32_t var) {
  for (uint8_t i = 0; i < s->nvars; i++)
    if (s->vars[i].var == var) {
      memmove(&s->vars[i], &s->vars[i + 1], (size_t)(s->nvars - i - 1) * sizeof s->vars[0]);
      s->nvars--;
      memset(&s->vars[s->nvars], 0, sizeof s->vars[0]);
      return;
    }
}

static void st_var_set(state *s, int32_t var, sval v) {
  sval *cur = st_var(s, var);
  if (cur) {
    *cur = v;
    return;
  }
  if (s->nvars >= HG__MAXV) return; /* untracked: unknown */
  /* keep sorted by variable so that equal states compare equal */
  uint8_t i = s->nvars;
  while (i > 0 && s->vars[i - 1].var > var) {
    s->vars[i] = s->vars[i - 1];
    i--;
  }
  s->vars[i].var = var;
  s->vars[i].v = v;
  s->nvars++;
}

static bool st_temp(const state *s, const hg_node *n, sval *out) {
  for (uint8_t i = 0; i < s->ntemps; i++)
    if (s->temps[i].node == n) {
      *out = s->temps[i].v;
      return true;
    }
  return false;
}

static void st_temp_set(state *s, const hg_node *n, sval v) {
  for (uint8_t i = 0; i < s->ntemps; i++)
    if (s->temps[i].node == n) {
      s->temps[i].v = v;
      return;
    }
  if (s->ntemps >= HG__MAXTEMP) return;
  s->temps[s->ntemps].node = n;
  s->temps[s->ntemps].v = v;
  s->ntemps++;
}

static void st_temps_clear(state *s) {
  memset(s->temps, 0, sizeof s->temps);
  s->ntemps = 0;
}

static int hg__rep(const hg_ctx *x, int h) {
  if (h < 0 || h >= HG__MAXH) return -1;
  return x->st->h[h].rep;
}

static bool hg__guarded(const hg_ctx *x, int rep) {
  if (rep < 0) return false;
  const state *s = x->st;
  if (s->h[rep].bf == BF_DRAINED) return true;
  for (int t = 0; t < x->ntok; t++)
    if (s->tok[t].handle == rep && s->tok[t].phase == HG_TOK_ENTERED) return true;
  return false;
}

/* The handle was entered: per-path memories about unguarded uses restart
 * (the checks' quiet bits; an earlier is-freeing test gates nothing now). */
static void hg__clear_quiet(state *s, int rep) {
  for (int i = 0; i < HG__MAXH; i++)
    if (s->h[i].rep == rep) {
      s->h[i].quiet = 0;
      s->h[i].isf_site = HG__NOSITE;
    }
}

/* ---- dispatch to checks --------------------------------------------------- */

static bool hg__rule_on(const hg_ctx *x, const hg_rule *r) {
  return x->emit && hg_config_runs(x->cfg, r->id);
}

static void hg__dispatch_access(hg_ctx *x, const hg_access_event *ev) {
  for (size_t i = 0; i < sizeof hg__rules / sizeof hg__rules[0]; i++) {
    const hg_rule *r = hg__rules[i];
    if (r->on_access && hg__rule_on(x, r)) {
      x->cur_rule = r->id;
      r->on_access(x, ev);
    }
  }
}

static void hg__dispatch_call(hg_ctx *x, const hg_call_event *ev) {
  for (size_t i = 0; i < sizeof hg__rules / sizeof hg__rules[0]; i++) {
    const hg_rule *r = hg__rules[i];
    if (r->on_call && hg__rule_on(x, r)) {
      x->cur_rule = r->id;
      r->on_call(x, ev);
    }
  }
}

static void hg__dispatch_return(hg_ctx *x, const hg_return_event *ev) {
  for (size_t i = 0; i < sizeof hg__rules / sizeof hg__rules[0]; i++) {
    const hg_rule *r = hg__rules[i];
    if (r->on_return && hg__rule_on(x, r)) {
      x->cur_rule = r->id;
      r->on_return(x, ev);
    }
  }
}

static void hg__dispatch_store(hg_ctx *x, const hg_store_event *ev) {
  for (size_t i = 0; i < sizeof hg__rules / sizeof hg__rules[0]; i++) {
    const hg_rule *r = hg__rules[i];
    if (r->on_store && hg__rule_on(x, r)) {
      x->cur_rule = r->id;
      r->on_store(x, ev);
    }
  }
}

/* ---- handles and tokens of the function ----------------------------------- */

static int hg__handle_of_global(hg_ctx *x, int32_t gi) {
  if (gi < 0 || (uint32_t)gi >= x->m->nglobals) return -1;
  for (int i = 0; i < x->nh; i++)
    if (x->hv[i].global && x->hv[i].var == gi) return i;
  bool by_value = false;
  if (hg_tu_handle_record_of(x->tu, &x->m->globals[gi].type, &by_value) < 0) return -1;
  if (x->nh >= HG__MAXH) return -1;
  hvar *h = &x->hv[x->nh];
  memset(h, 0, sizeof *h);
  h->name = x->m->globals[gi].name;
  h->global = true;
  h->var = gi;
  h->param_no = -1;
  h->by_value = by_value;
  return x->nh++;
}

static int hg__handle_of_var(hg_ctx *x, const hg_node *v) {
  if (v->flags & HG_NF_GLOBAL) return hg__handle_of_global(x, v->ref);
  if (v->ref < 0 || (uint32_t)v->ref >= x->fn->nvars) return -1;
  return x->hv_of_local[v->ref];
}

static int hg__token_of_key(hg_ctx *x, const char *key) {
  if (!key) return -1;
  for (int i = 0; i < x->ntok; i++)
    if (strcmp(x->tok[i].key, key) == 0) return i;
  if (x->ntok >= HG__MAXT) return -1;
  tokdef *t = &x->tok[x->ntok];
  size_t n = strlen(key) + 1;
  t->key = hg_xcalloc(n, 1);
  memcpy(t->key, key, n);
  /* rooted in a parameter? */
  const char *p = key;
  while (*p == '*' || *p == '&') p++;
  char root[128];
  size_t k = 0;
  while (p[k] && k + 1 < sizeof root &&
         ((p[k] >= 'a' && p[k] <= 'z') || (p[k] >= 'A' && p[k] <= 'Z') ||
          (p[k] >= '0' && p[k] <= '9') || p[k] == '_')) {
    root[k] = p[k];
    k++;
  }
  root[k] = '\0';
  t->param_rooted = false;
  t->caller_owned = false;
  t->global_rooted = false;
  t->wrapped = false;
  for (uint32_t i = 0; i < x->fn->nparams && i < x->fn->nvars; i++)
    if (strcmp(x->fn->vars[i].name, root) == 0) {
      t->param_rooted = true;
      t->caller_owned = x->hv_of_local[i] < 0;
    }
  if (!t->param_rooted && k > 0) {
    bool local = false;
    for (uint32_t i = 0; i < x->fn->nvars && !local; i++)
      local = strcmp(x->fn->vars[i].name, root) == 0;
    for (uint32_t i = 0; i < x->m->nglobals && !local && !t->global_rooted; i++)
      t->global_rooted = strcmp(x->m->globals[i].name, root) == 0;
  }
  return x->ntok++;
}

/* Canonical text of lvalues and pointer values, for token keys. */
typedef struct sbuf {
  char b[256];
  size_t n;
  bool bad;
} sbuf;

static void sb_add(sbuf *s, const char *t) {
  size_t l = strlen(t);
  if (s->n + l + 1 > sizeof s->b) {
    s->bad = true;
    return;
  }
  memcpy(s->b + s->n, t, l + 1);
  s->n += l;
}

static bool hg__lkey(const hg_node *e, sbuf *s, int d);

static bool hg__vkey(const hg_node *e, sbuf *s, int d) {
  e = hg_node_strip_casts(e);
  if (!e || d > 16) return false;
  if (e->kind == HG_N_UNARY && e->op == HG_OP_ADDR) {
    sb_add(s, "&");
    return hg__lkey(hg__child(e, 0), s, d + 1);
  }
  return hg__lkey(e, s, d + 1);
}

static bool hg__ptr_member(const hg_node *base, const char *field, sbuf *s, int d) {
  sbuf t;
  memset(&t, 0, sizeof t);
  if (!hg__vkey(base, &t, d + 1) || t.bad) return false;
  if (t.b[0] == '&') {
    sb_add(s, t.b + 1);
    sb_add(s, ".");
  } else {
    sb_add(s, t.b);
    sb_add(s, "->");
  }
  sb_add(s, field ? field : "?");
  return true;
}

static bool hg__lkey(const hg_node *e, sbuf *s, int d) {
  e = hg_node_strip_casts(e);
  if (!e || d > 16) return false;
  switch (e->kind) {
  case HG_N_VAR:
    if (!e->name) return false;
    sb_add(s, e->name);
    return true;
  case HG_N_MEMBER: {
    const hg_node *base = hg_node_strip_casts(hg__child(e, 0));
    if (!base) return false;
    if (e->flags & HG_NF_ARROW) return hg__ptr_member(base, e->name, s, d);
    if (base->kind == HG_N_UNARY && base->op == HG_OP_DEREF)
      return hg__ptr_member(hg__child(base, 0), e->name, s, d);
    if (!hg__lkey(base, s, d + 1)) return false;
    sb_add(s, ".");
    sb_add(s, e->name ? e->name : "?");
    return true;
  }
  case HG_N_UNARY:
    if (e->op == HG_OP_DEREF) {
      sbuf t;
      memset(&t, 0, sizeof t);
      if (!hg__vkey(hg__child(e, 0), &t, d + 1) || t.bad) return false;
      if (t.b[0] == '&') {
        sb_add(s, t.b + 1);
      } else {
        sb_add(s, "*");
        sb_add(s, t.b);
      }
      return true;
    }
    return false;
  case HG_N_SUBSCRIPT: {
    /* a variable index designates "some element": ops[i] and ops[j] are one token */
    const hg_node *idx = hg_node_strip_casts(hg__child(e, 1));
    if (!hg__lkey(hg__child(e, 0), s, d + 1)) return false;
    char num[32];
    if (idx && idx->kind == HG_N_INT_LIT)
      snprintf(num, sizeof num, "[%lld]", (long long)idx->value);
    else
      snprintf(num, sizeof num, "[]");
    sb_add(s, num);
    return true;
  }
  default:
    return false;
  }
}

/* The token designated by a pointer argument: `&op` -> "op", `op` -> "*op",
 * `&h->mu` -> "h->mu". */
static int hg__token_of_arg(hg_ctx *x, const hg_node *arg) {
  sbuf s;
  memset(&s, 0, sizeof s);
  if (!hg__vkey(arg, &s, 0) || s.bad) return -1;
  sbuf k;
  memset(&k, 0, sizeof k);
  if (s.b[0] == '&') {
    sb_add(&k, s.b + 1);
  } else {
    sb_add(&k, "*");
    sb_add(&k, s.b);
  }
  if (k.bad) return -1;
  return hg__token_of_key(x, k.b);
}

/* Tokens passed to a call (bit per token). */
static uint32_t hg__passed_tokens(hg_ctx *x, const hg_node *call) {
  uint32_t bits = 0;
  for (uint32_t i = 1; i < call->nchildren; i++) {
    const hg_node *a = call->children[i];
    if (!a) continue;
    sbuf s;
    memset(&s, 0, sizeof s);
    if (!hg__vkey(a, &s, 0) || s.bad) continue;
    sbuf k;
    memset(&k, 0, sizeof k);
    if (s.b[0] == '&')
      sb_add(&k, s.b + 1);
    else {
      sb_add(&k, "*");
      sb_add(&k, s.b);
    }
    for (int t = 0; t < x->ntok; t++)
      if (strcmp(x->tok[t].key, k.b) == 0) bits |= 1u << t;
  }
  return bits;
}

/* ---- symbolic value algebra ----------------------------------------------- */

static bool sv_is_result(const sval *s) {
  return s->kind == SV_ENTER || s->kind == SV_BF || s->kind == SV_ISF || s->kind == SV_SPAWN;
}

/* Can outcome value (vk, v) be true / false? */
static bool hg__may_be(uint8_t vk, int32_t v, bool truth) {
  switch (vk) {
  case VK_EQ: return truth ? v != 0 : v == 0;
  case VK_NE: return truth ? true : v != 0;
  default: return true;
  }
}

static sval sv_not(sval s) {
  if (s.kind == SV_CONST) return sv_const(!s.v[0]);
  if (!sv_is_result(&s)) return sv_unknown();
  if (s.kind == SV_BF && (s.flags & SF_BFCMP)) s.flags ^= SF_BFEQ;
  for (int o = 0; o < 2; o++) {
    if (s.vk[o] == VK_EQ) {
      s.v[o] = s.v[o] == 0;
    } else if (s.vk[o] == VK_NE && s.v[o] == 0) {
      s.vk[o] = VK_EQ;
      s.v[o] = 0;
    } else {
      s.vk[o] = VK_UNK;
      s.v[o] = 0;
    }
  }
  return s;
}

static sval sv_bool(sval s) {
  if (s.kind == SV_CONST) return sv_const(s.v[0] != 0);
  if (!sv_is_result(&s))
    return s.kind == SV_INNER || s.kind == SV_HANDLE || s.kind == SV_PDERIV ? sv_unknown() : s;
  for (int o = 0; o < 2; o++) {
    if (s.vk[o] == VK_EQ) {
      s.v[o] = s.v[o] != 0;
    } else if (s.vk[o] == VK_NE && s.v[o] == 0) {
      s.vk[o] = VK_EQ;
      s.v[o] = 1;
    } else {
      s.vk[o] = VK_UNK;
      s.v[o] = 0;
    }
  }
  return s;
}

/* A begin-free result compared with one of its failure values records which
 * one (flags: SF_BFCMP | polarity | index), so that a branch where the
 * comparison says "not that failure" can exclude it (see hg__refine). */
static sval sv_cmp_bf(const hg_ctx *x, sval s, int64_t c, bool eq);

/* s == c (eq) or s != c */
static sval sv_cmp(sval s, int64_t c, bool eq) {
  if (s.kind == SV_CONST) return sv_const((s.v[0] == c) == eq);
  if (!sv_is_result(&s)) return sv_unknown();
  if (s.kind == SV_BF) s.flags = 0; /* a comparison of a comparison: forget */
  /* An enter that reports success with one value and failure with "any
   * other" (a trylock: 0, else EBUSY), compared with another constant: the
   * code names the failure it expects (`== EBUSY`, `== thrd_busy`), and it
   * is taken as the only one, as a switch naming it would be. */
  if (s.kind == SV_ENTER && s.vk[0] == VK_EQ && s.vk[1] == VK_NE && s.v[1] == s.v[0] &&
      c != s.v[0]) {
    s.vk[1] = VK_EQ;
    s.v[1] = (int32_t)c;
  }
  /* Likewise an enter that succeeds with "non-zero" compared with a non-zero
   * constant (`ExAcquireRundownProtection(&r) == TRUE`): that is its
   * success value. */
  if (s.kind == SV_ENTER && s.vk[0] == VK_NE && s.v[0] == 0 && s.vk[1] == VK_EQ && s.v[1] == 0 &&
      c != 0) {
    s.vk[0] = VK_EQ;
    s.v[0] = (int32_t)c;
  }
  for (int o = 0; o < 2; o++) {
    int r = -1; /* -1 unknown, 0 false, 1 true (for ==) */
    if (s.vk[o] == VK_EQ)
      r = s.v[o] == c;
    else if (s.vk[o] == VK_NE && s.v[o] == c)
      r = 0;
    if (r < 0) {
      s.vk[o] = VK_UNK;
      s.v[o] = 0;
    } else {
      s.vk[o] = VK_EQ;
      s.v[o] = eq ? r : !r;
    }
  }
  return s;
}

static sval sv_cmp_bf(const hg_ctx *x, sval s, int64_t c, bool eq) {
  bool bf = s.kind == SV_BF;
  sval r = sv_cmp(s, c, eq);
  if (!bf || r.kind != SV_BF) return r;
  for (uint32_t i = 0; i < x->tu->nfailure; i++)
    if (x->tu->failure[i] == c) {
      r.flags = (uint8_t)(SF_BFCMP | (eq ? SF_BFEQ : 0) | (i & SF_BFIDX));
      break;
    }
  return r;
}

/* ---- events --------------------------------------------------------------- */

static void hg__note_touch(hg_ctx *x, int h, hg_loc loc, const char *field) {
  /* summary: a helper touching inner state of a handle parameter unguarded */
  if (x->exported || h < 0) return;
  int rep = hg__rep(x, h);
  if (rep < 0 || !x->hv[rep].is_param || x->hv[rep].param_no >= HG_MAX_SUMMARY_PARAMS) return;
  if (hg__guarded(x, rep)) return;
  uint32_t bit = 1u << x->hv[rep].param_no;
  if (!(x->sum->touches & bit)) {
    x->sum->touches |= bit;
    x->sum->touch_loc[x->hv[rep].param_no] = loc;
    x->sum->touch_field[x->hv[rep].param_no] = field;
  }
}

static void hg__after_access(hg_ctx *x, int rep) {
  /* an access reached with the token still untested: the enter is unchecked */
  for (int t = 0; t < x->ntok; t++)
    if (x->st->tok[t].handle == rep && x->st->tok[t].phase == HG_TOK_PENDING)
      x->st->tok[t].flags |= TF_UNCHECKED;
}

static void hg__access(hg_ctx *x, hg_access_via via, const hg_node *node, int h,
                       const char *field, bool drop, const char *alias, bool alias_guarded,
                       const hg_function *helper, hg_loc helper_loc) {
  if (x->quiet_depth > 0 || h < 0) return;
  int rep = hg__rep(x, h);
  if (rep < 0 || x->st->h[rep].fresh || x->st->h[rep].born) return;
  if (!drop && (via != HG_VIA_ALIAS || alias_guarded))
    hg__note_touch(x, h, via == HG_VIA_HELPER ? helper_loc : hg_node_loc(node), field);
  hg_access_event ev;
  memset(&ev, 0, sizeof ev);
  ev.via = via;
  ev.node = node;
  ev.stmt = x->stmt;
  ev.loc = hg_node_loc(node);
  ev.handle = h;
  ev.field = field;
  ev.is_drop = drop;
  ev.alias = alias;
  ev.alias_taken_guarded = alias_guarded;
  ev.helper = helper;
  ev.helper_loc = helper_loc;
  hg__dispatch_access(x, &ev);
  if (!drop) hg__after_access(x, rep);
}

/* ---- expression evaluation ------------------------------------------------ */

typedef struct lval {
  int root;       /* handle as written, or -1 */
  bool inner;     /* designates inner state of root */
  bool guard;     /* designates (part of) the guard of root */
  int pderiv;     /* designates memory reached from pointer parameter #pderiv, or -1 */
} lval;

static sval hg__pderiv(int param) {
  sval s = sv_unknown();
  s.kind = SV_PDERIV;
  s.a = (uint8_t)param;
  return s;
}

static sval hg__eval(hg_ctx *x, const hg_node *n);
static sval hg__eval_copy(hg_ctx *x, const hg_node *n);
static sval hg__member(hg_ctx *x, const hg_node *n, lval *lv);
static sval hg__eval_lv(hg_ctx *x, const hg_node *n, lval *lv);

static const hg_field *hg__field_of(const hg_ctx *x, const hg_node *member) {
  int32_t r = member->record;
  if (r < 0 || (uint32_t)r >= x->m->nrecords) return NULL;
  const hg_record *rec = &x->m->records[r];
  if (member->ref >= 0 && (uint32_t)member->ref < rec->nfields) return &rec->fields[member->ref];
  if (member->name)
    for (uint32_t i = 0; i < rec->nfields; i++)
      if (strcmp(rec->fields[i].name, member->name) == 0) return &rec->fields[i];
  return NULL;
}

static bool hg__member_is_guard(const hg_ctx *x, const hg_node *member) {
  const hg_field *f = hg__field_of(x, member);
  if (f) return hg_tu_type_is_guard(x->tu, &f->type);
  return hg_tu_type_is_guard(x->tu, &member->type);
}

/* ---- inferred inner fields (mutual exclusion profiles) --------------------
 *
 * With infer_inner_fields a handle's lock protects the fields the code
 * treats as protected: a field is inner when some path uses it while holding
 * the handle's lock and some path (any) writes it outside construction.
 * Fields only written while constructing (configuration read lock-free
 * later), fields never used under the lock, synchronisation objects and
 * atomics are not inner.  A first pass over the translation unit
 * (`collecting`) records what it sees; the second pass analyses with it. */

/* The canonical record and field index a MEMBER designates. */
static bool hg__field_ix(const hg_ctx *x, const hg_node *member, int32_t *rec, int32_t *fi) {
  int32_t r = hg_tu_canon(x->tu, member->record);
  if (r < 0) return false;
  const hg_record *R = &x->m->records[r];
  int32_t k = -1;
  if (r == member->record && member->ref >= 0 && (uint32_t)member->ref < R->nfields)
    k = member->ref;
  else if (member->name)
    for (uint32_t i = 0; i < R->nfields && k < 0; i++)
      if (strcmp(R->fields[i].name, member->name) == 0) k = (int32_t)i;
  if (k < 0) return false;
  *rec = r;
  *fi = k;
  return true;
}

/* Is this member of a handle inner state? */
static bool hg__field_inner(const hg_ctx *x, const hg_node *member) {
  if (!x->cfg->infer_inner_fields || x->tu->collecting) return true;
  int32_t r, k;
  if (!hg__field_ix(x, member, &r, &k) || !x->tu->field_flags || !x->tu->field_flags[r]) return false;
  uint8_t f = x->tu->field_flags[r][k];
  if ((f & (HG_FF_LOCKED | HG_FF_MUTATED)) != (HG_FF_LOCKED | HG_FF_MUTATED)) return false;
  return !hg_tu_type_is_sync(x->tu, &x->m->records[r].fields[k].type);
}

static void hg__fref_add(hg_fsum *s, uint8_t param, int32_t rec, int32_t field, uint8_t flags) {
  for (uint32_t i = 0; i < s->nfref; i++)
    if (s->fref[i].param == param && s->fref[i].record == rec && s->fref[i].field == field) {
      s->fref[i].flags |= flags;
      return;
    }
  if (s->nfref == s->cap_fref) {
    s->cap_fref = s->cap_fref ? s->cap_fref * 2 : 8;
    s->fref = hg_xrealloc(s->fref, s->cap_fref * sizeof *s->fref);
  }
  s->fref[s->nfref].param = param;
  s->fref[s->nfref].flags = flags;
  s->fref[s->nfref].record = rec;
  s->fref[s->nfref].field = field;
  s->nfref++;
}

/* First pass: handle h's field (rec, field) is used (or written) here. */
static void hg__note_field(hg_ctx *x, int h, int32_t rec, int32_t field, bool write) {
  if (!x->tu->collecting || h < 0 || x->quiet_depth > 0) return;
  int rep = hg__rep(x, h);
  if (rep < 0 || x->st->h[rep].fresh) return;
  if (rec < 0 || (uint32_t)rec >= x->m->nrecords || field < 0 ||
      (uint32_t)field >= x->m->records[rec].nfields)
    return;
  bool guarded = hg__guarded(x, rep);
  if (!guarded && !x->exported && x->hv[rep].is_param && x->hv[rep].param_no < 256) {
    /* a helper's parameter: its callers decide */
    hg__fref_add(x->sum, (uint8_t)x->hv[rep].param_no, rec, field,
                 write ? HG_FR_ACCESS | HG_FR_WRITE : HG_FR_ACCESS);
    return;
  }
  uint8_t **ff = &x->tu->field_flags[rec];
  if (!*ff) *ff = hg_xcalloc(x->m->records[rec].nfields, 1);
  if (guarded) (*ff)[field] |= HG_FF_LOCKED;
  if (write) (*ff)[field] |= HG_FF_MUTATED;
}

/* The handle field that a write to lvalue `e` (or through pointer `e`)
 * changes: `h->f = `, `h->f[i] = `, `*h->f = `, `h->f->x = `, `h->s.x = `,
 * `&h->f`, `h->buf + n` -> h, f.  The guard is not a field of interest. */
static bool hg__written_field(hg_ctx *x, const hg_node *e, int *h, int32_t *rec, int32_t *fi) {
  for (int d = 0; e && d < 32; d++) {
    e = hg_node_strip_casts(e);
    if (!e) return false;
    if (e->kind == HG_N_SUBSCRIPT ||
        (e->kind == HG_N_UNARY && (e->op == HG_OP_DEREF || e->op == HG_OP_ADDR))) {
      e = hg__child(e, 0);
      continue;
    }
    if (e->kind == HG_N_BINARY && (e->op == HG_OP_ADD || e->op == HG_OP_SUB) &&
        hg__type_is_ptrlike(&e->type)) {
      const hg_node *a = hg_node_strip_casts(hg__child(e, 0));
      e = a && hg__type_is_ptrlike(&a->type) ? a : hg__child(e, 1);
      continue;
    }
    if (e->kind != HG_N_MEMBER) return false;
    const hg_node *b = hg_node_strip_casts(hg__child(e, 0));
    bool arrow = (e->flags & HG_NF_ARROW) != 0;
    if (!arrow && b && b->kind == HG_N_UNARY && b->op == HG_OP_DEREF) {
      b = hg_node_strip_casts(hg__child(b, 0));
      arrow = true;
    }
    if (b && b->kind == HG_N_VAR) {
      int hv = hg__handle_of_var(x, b);
      if (hv >= 0 && arrow != x->hv[hv].by_value) {
        if (hg__member_is_guard(x, e) || !hg__field_ix(x, e, rec, fi)) return false;
        *h = hv;
        return true;
      }
    }
    e = hg__child(e, 0);
  }
  return false;
}

static void hg__note_write(hg_ctx *x, const hg_node *lvalue) {
  if (!x->tu->collecting) return;
  int h;
  int32_t r, k;
  if (hg__written_field(x, lvalue, &h, &r, &k)) hg__note_field(x, h, r, k, true);
}

static sval hg__inner_of(hg_ctx *x, int h, int rep) {
  sval s = sv_unknown();
  s.kind = SV_INNER;
  s.a = (uint8_t)rep;
  s.w = (uint8_t)h;
  s.flags = hg__guarded(x, rep) ? SF_GUARDED : 0;
  s.site = HG__NOSITE; /* not loaded from a known place */
  return s;
}

/* Interned canonical text of the places aliases were loaded from. */
static uint16_t hg__akey(hg_ctx *x, const char *key, bool add) {
  for (uint32_t i = 0; i < x->nakeys; i++)
    if (strcmp(x->akeys[i], key) == 0) return (uint16_t)i;
  if (!add || x->nakeys >= 1024) return HG__NOSITE;
  if (x->nakeys == x->cap_akeys) {
    x->cap_akeys = x->cap_akeys ? x->cap_akeys * 2 : 16;
    x->akeys = hg_xrealloc(x->akeys, x->cap_akeys * sizeof *x->akeys);
  }
  size_t n = strlen(key) + 1;
  x->akeys[x->nakeys] = hg_xcalloc(n, 1);
  memcpy(x->akeys[x->nakeys], key, n);
  return (uint16_t)x->nakeys++;
}

/* An alias loaded from a place (`c = in->idle`, `v = *slot`) remembers the
 * place: when the op then overwrites that place (`in->idle = c->next`), the
 * object was unlinked from inner state and is the op's own. */
static sval hg__alias_source(hg_ctx *x, sval rv, const hg_node *rhs) {
  if (rv.kind != SV_INNER) return rv;
  const hg_node *r = hg_node_strip_casts(rhs);
  if (!r || !(r->kind == HG_N_MEMBER || r->kind == HG_N_SUBSCRIPT ||
              (r->kind == HG_N_UNARY && r->op == HG_OP_DEREF)))
    return rv;
  if (r->type.kind != HG_TY_POINTER) return rv; /* arrays decay: a pointer into the object */
  sbuf k;
  memset(&k, 0, sizeof k);
  if (!hg__lkey(r, &k, 0) || k.bad) return rv;
  rv.site = hg__akey(x, k.b, true);
  return rv;
}

static void hg__unlink_aliases(hg_ctx *x, const hg_node *lhs) {
  if (!x->nakeys) return;
  sbuf k;
  memset(&k, 0, sizeof k);
  if (!hg__lkey(lhs, &k, 0) || k.bad) return;
  uint16_t id = hg__akey(x, k.b, false);
  if (id == HG__NOSITE) return;
  state *s = x->st;
  for (uint8_t i = s->nvars; i-- > 0;)
    if (s->vars[i].v.kind == SV_INNER && s->vars[i].v.site == id) st_var_kill(s, s->vars[i].var);
}

/* Evaluates the value of a pointer `base` for `base->field` (or the object
 * of `(*base).field`), filling lv with what it designates. */
static void hg__member_base(hg_ctx *x, const hg_node *base, bool arrow, lval *lv,
                            const hg_node *member, bool is_guard) {
  lv->root = -1;
  lv->inner = lv->guard = false;
  lv->pderiv = -1;
  if (!base) return;
  const hg_node *b = hg_node_strip_casts(base);
  if (!arrow && b && b->kind == HG_N_UNARY && b->op == HG_OP_DEREF) {
    arrow = true;
    base = hg__child(b, 0);
    b = hg_node_strip_casts(base);
  }
  if (!b) return;
  if (arrow) {
    if (is_guard) x->quiet_depth++;
    sval bs = hg__eval(x, base);
    if (is_guard) x->quiet_depth--;
    if (bs.kind == SV_HANDLE) {
      lv->root = bs.w;
      if (is_guard) {
        lv->guard = true;
      } else if (hg__field_inner(x, member)) {
        lv->inner = true;
        const hg_field *f = hg__field_of(x, member);
        int32_t r, k;
        if (x->tu->collecting && hg__field_ix(x, member, &r, &k)) hg__note_field(x, bs.w, r, k, false);
        hg__access(x, HG_VIA_DIRECT, member, bs.w, f ? f->name : member->name, false, NULL,
                   false, NULL, hg_node_loc(NULL));
      }
    } else if (bs.kind == SV_INNER) {
      lv->root = bs.w;
      if (is_guard)
        lv->guard = true;
      else
        lv->inner = true;
    } else if (bs.kind == SV_GUARD) {
      lv->root = bs.w;
      lv->guard = true;
    } else if (bs.kind == SV_PDERIV) {
      lv->pderiv = bs.a;
    }
    return;
  }
  /* '.' on an lvalue */
  if (b->kind == HG_N_MEMBER) {
    lval bl;
    if (is_guard) x->quiet_depth++;
    (void)hg__member(x, b, &bl);
    if (is_guard) x->quiet_depth--;
    lv->root = bl.root;
    lv->pderiv = bl.pderiv;
    if (bl.root >= 0) {
      if (is_guard || bl.guard)
        lv->guard = true;
      else
        lv->inner = bl.inner;
    }
    return;
  }
  if (b->kind == HG_N_VAR) {
    int h = hg__handle_of_var(x, b);
    if (h >= 0 && x->hv[h].by_value) {
      lv->root = h;
      if (is_guard) {
        lv->guard = true;
      } else if (hg__field_inner(x, member)) {
        lv->inner = true;
        const hg_field *f = hg__field_of(x, member);
        int32_t r, k;
        if (x->tu->collecting && hg__field_ix(x, member, &r, &k)) hg__note_field(x, h, r, k, false);
        hg__access(x, HG_VIA_DIRECT, member, h, f ? f->name : member->name, false, NULL, false,
                   NULL, hg_node_loc(NULL));
      }
      return;
    }
    (void)hg__eval(x, b);
    return;
  }
  lval bl;
  if (is_guard) x->quiet_depth++;
  (void)hg__eval_lv(x, b, &bl);
  if (is_guard) x->quiet_depth--;
  lv->root = bl.root;
  lv->pderiv = bl.pderiv;
  if (bl.root >= 0) {
    lv->inner = bl.inner && !is_guard;
    lv->guard = bl.guard || is_guard;
  }
}

/* An lvalue: what it designates (lv) and its value. */
static sval hg__eval_lv(hg_ctx *x, const hg_node *n, lval *lv) {
  lv->root = -1;
  lv->inner = lv->guard = false;
  lv->pderiv = -1;
  if (!n) return sv_unknown();
  if (n->kind == HG_N_MEMBER) return hg__member(x, n, lv);
  if (n->kind == HG_N_SUBSCRIPT || (n->kind == HG_N_UNARY && n->op == HG_OP_DEREF)) {
    sval b = hg__eval(x, hg__child(n, 0));
    if (n->kind == HG_N_SUBSCRIPT) (void)hg__eval(x, hg__child(n, 1));
    if (b.kind == SV_INNER) {
      lv->root = b.w;
      lv->inner = true;
      if (hg__type_is_ptrlike(&n->type)) return b;
    } else if (b.kind == SV_GUARD) {
      lv->root = b.w;
      lv->guard = true;
    } else if (b.kind == SV_PDERIV) {
      lv->pderiv = b.a;
      if (hg__type_is_ptrlike(&n->type)) return b;
    }
    return sv_unknown();
  }
  return hg__eval(x, n);
}

/* Whether record `rec` holds an op token by value (a field of the type the
 * enter functions take their token as: `struct call { sess *s; hg_op op; }`):
 * an op on such a context may have been entered by the caller, who leaves it
 * later (see op-not-left), so the handles it holds are the caller's business. */
static bool hg__record_holds_token(hg_ctx *x, int32_t rec) {
  if (x->cfg->token_is_guard || rec < 0 || (uint32_t)rec >= x->m->nrecords) return false;
  if (x->tok_rec == -2) {
    x->tok_rec = -1;
    for (uint32_t i = 0; i < x->m->nfunctions && x->tok_rec < 0; i++) {
      const hg_function *f = &x->m->functions[i];
      if (!f->name || f->nparams < 2 || f->nvars < 2 || !hg_config_find_enter(x->cfg, f->name))
        continue;
      const hg_type *tt = &f->vars[1].type;
      if (tt->kind == HG_TY_POINTER && tt->depth == 1 && tt->base == HG_TY_RECORD)
        x->tok_rec = tt->record;
    }
  }
  if (x->tok_rec < 0) return false;
  const hg_record *r = &x->m->records[rec];
  for (uint32_t k = 0; k < r->nfields; k++)
    if (r->fields[k].type.base == HG_TY_RECORD && r->fields[k].type.record == x->tok_rec &&
        r->fields[k].type.kind != HG_TY_POINTER)
      return true;
  return false;
}

/* A handle reached through a field of a non-handle variable (an iterator's
 * or a context's `it->d`) is a handle of its own, named by that place, as
 * long as the variable does not itself point into inner state. */
static int hg__handle_of_place(hg_ctx *x, const char *key) {
  for (int i = 0; i < x->nh; i++)
    if (x->hv[i].field && strcmp(x->akeys[x->hv[i].fkey], key) == 0) return i;
  if (x->nh >= HG__MAXH) return -1;
  uint16_t k = hg__akey(x, key, true);
  if (k == HG__NOSITE) return -1;
  hvar *h = &x->hv[x->nh];
  memset(h, 0, sizeof *h);
  h->name = x->akeys[k];
  h->var = -1;
  h->param_no = -1;
  h->field = true;
  h->fkey = k;
  return x->nh++;
}

/* An element of an array of handle pointers (`g_tab[id]`, `slots[3]`) indexed
 * by a constant or by a variable is a handle of its own, named by the place. */
static int hg__handle_of_element(hg_ctx *x, const hg_node *n) {
  if (!n || n->kind != HG_N_SUBSCRIPT || n->nchildren != 2) return -1;
  bool by_value = false;
  if (hg_tu_handle_record_of(x->tu, &n->type, &by_value) < 0 || by_value) return -1;
  if (n->type.kind != HG_TY_POINTER || n->type.depth != 1) return -1;
  const hg_node *b = hg_node_strip_casts(hg__child(n, 0)), *i = hg_node_strip_casts(hg__child(n, 1));
  if (!b || !i || b->kind != HG_N_VAR || !b->name) return -1;
  if (!(b->flags & HG_NF_GLOBAL) && (b->ref < 0 || (uint32_t)b->ref >= x->fn->nvars)) return -1;
  char key[256];
  int kn;
  if (i->kind == HG_N_INT_LIT) {
    kn = snprintf(key, sizeof key, "%s[%lld]", b->name, (long long)i->value);
  } else if (i->kind == HG_N_VAR && !(i->flags & HG_NF_GLOBAL) && i->name && i->ref >= 0 &&
             (uint32_t)i->ref < x->fn->nvars && !x->addr_taken[i->ref]) {
    kn = snprintf(key, sizeof key, "%s[%s]", b->name, i->name);
  } else {
    return -1;
  }
  if (kn < 0 || (size_t)kn >= sizeof key) return -1;
  return hg__handle_of_place(x, key);
}

static int hg__handle_of_field(hg_ctx *x, const hg_node *n) {
  if (n && n->kind == HG_N_SUBSCRIPT) return hg__handle_of_element(x, n);
  if (!n || n->kind != HG_N_MEMBER || !n->name) return -1;
  bool by_value = false;
  if (hg_tu_handle_record_of(x->tu, &n->type, &by_value) < 0 || by_value) return -1;
  bool arrow = (n->flags & HG_NF_ARROW) != 0;
  const hg_node *b = hg_node_strip_casts(hg__child(n, 0));
  if (!arrow && b && b->kind == HG_N_UNARY && b->op == HG_OP_DEREF) {
    arrow = true;
    b = hg_node_strip_casts(hg__child(b, 0));
  }
  if (!b || b->kind != HG_N_VAR || (b->flags & HG_NF_GLOBAL)) return -1;
  if (b->ref < 0 || (uint32_t)b->ref >= x->fn->nvars || x->hv_of_local[b->ref] >= 0) return -1;
  const hg_var *v = &x->fn->vars[b->ref];
  if (arrow ? !(v->type.kind == HG_TY_POINTER && v->type.depth == 1 && v->type.base == HG_TY_RECORD)
            : v->type.kind != HG_TY_RECORD)
    return -1;
  if (hg__record_holds_token(x, v->type.record)) return -1;
  const sval *cur = st_var(x->st, b->ref);
  if (cur && cur->kind == SV_INNER) return -1;
  char key[256];
  int kn = snprintf(key, sizeof key, "%s%s%s", v->name ? v->name : "?", arrow ? "->" : ".", n->name);
  if (kn < 0 || (size_t)kn >= sizeof key) return -1;
  return hg__handle_of_place(x, key);
}

/* A pointer to a handle is never a borrow: a handle's box is never freed,
 * so handing out a child handle kept in inner state (`d->in->stmts[i]`)
 * hands out something that stays valid, whose own guard rules its use. */
static bool hg__is_handle_ptr(hg_ctx *x, const hg_node *e) {
  if (!e) return false;
  bool by_value = false;
  return e->type.kind == HG_TY_POINTER && e->type.depth == 1 &&
         hg_tu_handle_record_of(x->tu, &e->type, &by_value) >= 0 && !by_value;
}

/* Fields some deallocator call of this translation unit frees directly
 * (`free(in->buf)`), computed once. */
static void hg__find_dropped(hg_ctx *x) {
  const hg_model *m = x->m;
  x->dropped = hg_xcalloc(m->nrecords + 1, sizeof *x->dropped);
  size_t cap = 64, n = 0;
  const hg_node **stack = hg_xcalloc(cap, sizeof *stack);
  for (uint32_t fi = 0; fi < m->nfunctions; fi++) {
    if (!m->functions[fi].body) continue;
    stack[n++] = m->functions[fi].body;
    while (n) {
      const hg_node *e = stack[--n];
      if (!e) continue;
      if (e->kind == HG_N_CALL && e->nchildren >= 2 && e->name && hg_tu_is_dealloc(x->tu, e->name)) {
        const hg_node *a = hg_node_strip_casts(e->children[1]);
        if (a && a->kind == HG_N_MEMBER && a->record >= 0 && (uint32_t)a->record < m->nrecords &&
            a->ref >= 0 && (uint32_t)a->ref < m->records[a->record].nfields) {
          if (!x->dropped[a->record])
            x->dropped[a->record] = hg_xcalloc(m->records[a->record].nfields, 1);
          x->dropped[a->record][a->ref] = 1;
        }
      }
      for (uint32_t i = 0; i < e->nchildren; i++) {
        if (n == cap) {
          cap *= 2;
          stack = hg_xrealloc(stack, cap * sizeof *stack);
        }
        stack[n++] = e->children[i];
      }
    }
  }
  free(stack);
}

/* An opaque `void *` inner field that no deallocator of this translation
 * unit frees is the caller's pointer kept for it (user data, a callback
 * cookie), not inner state the handle owns. */
static bool hg__caller_pointer_field(hg_ctx *x, const hg_node *member) {
  const hg_type *t = &member->type;
  if (t->kind != HG_TY_POINTER || t->depth != 1 || t->base != HG_TY_VOID) return false;
  if (member->record < 0 || (uint32_t)member->record >= x->m->nrecords || member->ref < 0) return false;
  if (!x->dropped) hg__find_dropped(x);
  const uint8_t *d = x->dropped[member->record];
  return !d || !d[member->ref];
}

static sval hg__member(hg_ctx *x, const hg_node *n, lval *lv) {
  int fh = hg__handle_of_field(x, n);
  if (fh >= 0) {
    lv->root = -1;
    lv->inner = lv->guard = false;
    lv->pderiv = -1;
    sval s = sv_unknown();
    s.kind = SV_HANDLE;
    s.a = (uint8_t)hg__rep(x, fh);
    s.w = (uint8_t)fh;
    return s;
  }
  bool is_guard = hg__member_is_guard(x, n);
  hg__member_base(x, hg__child(n, 0), (n->flags & HG_NF_ARROW) != 0, lv, n, is_guard);
  if (lv->root < 0)
    return lv->pderiv >= 0 && hg__type_is_ptrlike(&n->type) ? hg__pderiv(lv->pderiv) : sv_unknown();
  int rep = hg__rep(x, lv->root);
  if (rep < 0) return sv_unknown();
  if (lv->guard) {
    sval s = sv_unknown();
    s.kind = SV_GUARD;
    s.a = (uint8_t)rep;
    s.w = (uint8_t)lv->root;
    return s;
  }
  if (lv->inner && hg__type_is_dataptr(&n->type) && !hg__caller_pointer_field(x, n))
    return hg__inner_of(x, lv->root, rep);
  return sv_unknown();
}

static sval hg__var(hg_ctx *x, const hg_node *n) {
  int h = hg__handle_of_var(x, n);
  if (h >= 0) {
    sval s = sv_unknown();
    s.kind = SV_HANDLE;
    s.a = (uint8_t)hg__rep(x, h);
    s.w = (uint8_t)h;
    return s;
  }
  if (n->flags & HG_NF_GLOBAL) return sv_unknown();
  if (n->ref < 0 || (uint32_t)n->ref >= x->fn->nvars) return sv_unknown();
  sval *v = st_var(x->st, n->ref);
  if (!v) {
    if ((uint32_t)n->ref < x->fn->nparams && n->ref < HG_MAX_SUMMARY_PARAMS &&
        x->fn->vars[n->ref].type.kind == HG_TY_POINTER)
      return hg__pderiv(n->ref);
    return sv_unknown();
  }
  sval r = *v;
  /* Copying or returning an alias's value does not touch inner state; only
   * dereferencing it (or handing it to a callee) does.  A return or an
   * out-parameter store of it is borrowed-return's business. */
  if (r.kind == SV_INNER && !x->value_copy) {
    hg__access(x, HG_VIA_ALIAS, n, r.w, NULL, false, x->fn->vars[n->ref].name,
               (r.flags & SF_GUARDED) != 0, NULL, hg_node_loc(NULL));
  }
  return r;
}

/* A local variable may hold a symbolic value when its address is never taken. */
static bool hg__trackable_local(const hg_ctx *x, int32_t var) {
  return var >= 0 && (uint32_t)var < x->fn->nvars && !x->addr_taken[var];
}

static void hg__hand_out(hg_ctx *x, sval v, const hg_node *where) {
  if (v.kind != SV_HANDLE) return;
  hst *h = &x->st->h[v.a];
  if (h->fresh && !x->hv[v.a].by_value) {
    h->fresh = 0;
    h->handed_site = hg__site(x, where);
  }
}

static void hg__bind_handle_var(hg_ctx *x, int h, sval rv) {
  state *s = x->st;
  if (rv.kind == SV_HANDLE && rv.a < HG__MAXH) {
    if (rv.a == h) return;
    s->h[h].rep = rv.a;
    return;
  }
  /* the variable now designates an object of its own */
  for (int i = 0; i < HG__MAXH; i++)
    if (i != h && s->h[i].rep == h) s->h[i].rep = (uint8_t)i; /* others keep their object */
  hst *e = &s->h[h];
  e->rep = (uint8_t)h;
  e->fresh = rv.kind == SV_FRESH || (x->constructed & (1u << h)) ? 1 : 0;
  e->born = e->fresh;
  e->bf = BF_NONE;
  e->bfmask = 0;
  e->bfexcl = 0;
  e->bfsite = HG__NOSITE;
  e->isf_site = HG__NOSITE;
  e->handed_site = HG__NOSITE;
  e->quiet = 0;
  for (int t = 0; t < HG__MAXT; t++)
    if (s->tok[t].handle == h) s->tok[t].handle = HG__NOH;
}

/* A local that indexes a handle element (`hs[i]`), or that holds the place
 * (`it` of `it->d`), changed: the place now designates another object. */
static void hg__index_changed(hg_ctx *x, int32_t var) {
  const char *name = x->fn->vars[var].name;
  if (!name) return;
  size_t nl = strlen(name);
  for (int h = 0; h < x->nh; h++) {
    if (!x->hv[h].field) continue;
    const char *k = x->akeys[x->hv[h].fkey];
    size_t kl = strlen(k);
    bool index = kl > nl + 2 && k[kl - 1] == ']' && k[kl - nl - 2] == '[' &&
                 strncmp(k + kl - nl - 1, name, nl) == 0;
    bool base = kl > nl && strncmp(k, name, nl) == 0 &&
                (k[nl] == '.' || k[nl] == '[' || (k[nl] == '-' && k[nl + 1] == '>'));
    if (index || base) hg__bind_handle_var(x, h, sv_unknown());
  }
}

static void hg__assign_local(hg_ctx *x, int32_t var, sval rv) {
  const hg_var *v = &x->fn->vars[var];
  hg__index_changed(x, var);
  int h = x->hv_of_local[var];
  if (h >= 0) {
    hg__bind_handle_var(x, h, rv);
    return;
  }
  if (!hg__trackable_local(x, var)) return;
  bool keep = false;
  switch (rv.kind) {
  case SV_CONST:
    keep = v->type.kind == HG_TY_INT || v->type.kind == HG_TY_BOOL || v->type.kind == HG_TY_POINTER;
    if (keep && v->type.kind == HG_TY_BOOL) rv = sv_bool(rv);
    break;
  case SV_ENTER:
  case SV_BF:
  case SV_ISF:
  case SV_SPAWN:
    keep = v->type.kind == HG_TY_INT || v->type.kind == HG_TY_BOOL;
    if (keep && v->type.kind == HG_TY_BOOL) rv = sv_bool(rv);
    break;
  case SV_INNER:
  case SV_FRESH:
  case SV_GUARD:
  case SV_HANDLE:
  case SV_PDERIV:
    keep = v->type.kind == HG_TY_POINTER;
    break;
  default:
    break;
  }
  if (keep) {
    st_var_set(x->st, var, rv);
  } else if ((uint32_t)var < x->fn->nparams && v->type.kind == HG_TY_POINTER) {
    st_var_set(x->st, var, sv_unknown()); /* no longer the parameter's value */
  } else {
    st_var_kill(x->st, var);
  }
}

static bool hg__is_pointer_param(const hg_ctx *x, const hg_node *e, const char **name) {
  e = hg_node_strip_casts(e);
  if (!e || e->kind != HG_N_VAR || (e->flags & HG_NF_GLOBAL)) return false;
  if (e->ref < 0 || (uint32_t)e->ref >= x->fn->nparams || (uint32_t)e->ref >= x->fn->nvars)
    return false;
  const hg_var *v = &x->fn->vars[e->ref];
  if (v->type.kind != HG_TY_POINTER) return false;
  if (x->hv_of_local[e->ref] >= 0) return false; /* stores into a handle are not hand-backs */
  *name = v->name;
  return true;
}

static sval hg__assign(hg_ctx *x, const hg_node *n) {
  const hg_node *lhs = hg__child(n, 0), *rhs = hg__child(n, 1);
  const hg_node *l = hg_node_strip_casts(lhs);
  if (n->op != HG_OP_ASSIGN) {
    (void)hg__eval(x, rhs);
    if (l && l->kind == HG_N_VAR && !(l->flags & HG_NF_GLOBAL)) {
      if (l->ref >= 0 && (uint32_t)l->ref < x->fn->nvars) {
        hg__index_changed(x, l->ref);
        if (x->hv_of_local[l->ref] < 0)
          st_var_kill(x->st, l->ref);
        else
          (void)hg__var(x, l);
      }
    } else {
      (void)hg__eval(x, lhs);
      hg__note_write(x, lhs);
    }
    return sv_unknown();
  }
  sval rv = hg__eval_copy(x, rhs);
  if (!l) return rv;
  if (l->kind == HG_N_VAR && !(l->flags & HG_NF_GLOBAL)) {
    if (l->ref >= 0 && (uint32_t)l->ref < x->fn->nvars)
      hg__assign_local(x, l->ref, hg__alias_source(x, rv, rhs));
    return rv;
  }
  if (l->kind == HG_N_VAR) { /* a global */
    int h = hg__handle_of_var(x, l);
    hg__hand_out(x, rv, n);
    if (h >= 0 && !x->hv[h].by_value) hg__bind_handle_var(x, h, rv.kind == SV_HANDLE ? rv : sv_unknown());
    return rv;
  }
  /* a store into a field that holds a handle (`it->d = d`): that place now
   * designates the stored object */
  int fh = hg__handle_of_field(x, l);
  if (fh >= 0) {
    hg__hand_out(x, rv, n);
    hg__bind_handle_var(x, fh, rv.kind == SV_HANDLE || rv.kind == SV_FRESH ? rv : sv_unknown());
    return rv;
  }
  /* a store through a pointer, into a field or an array element */
  (void)hg__eval(x, lhs);
  hg__note_write(x, lhs);
  hg__unlink_aliases(x, l);
  const char *param = NULL;
  const hg_node *target = NULL;
  if (l->kind == HG_N_UNARY && l->op == HG_OP_DEREF)
    target = hg__child(l, 0);
  else if (l->kind == HG_N_SUBSCRIPT)
    target = hg__child(l, 0);
  else if (l->kind == HG_N_MEMBER && (l->flags & HG_NF_ARROW))
    target = hg__child(l, 0);
  if (target && hg__is_pointer_param(x, target, &param) && rv.kind == SV_INNER &&
      !hg__is_handle_ptr(x, rhs)) {
    hg_store_event ev;
    memset(&ev, 0, sizeof ev);
    ev.assign = n;
    ev.loc = hg_node_loc(n);
    ev.param = param;
    ev.inner_handle = rv.w;
    hg__dispatch_store(x, &ev);
  }
  hg__hand_out(x, rv, n);
  return rv;
}

static const char *const hg__non_escaping[] = {
    "memset", "memcpy", "memmove", "memcmp", "bzero", "explicit_bzero", "memset_s",
    "strlen", "strcmp", "strncmp", "strcpy", "strncpy", "strcat", "strncat", "strnlen",
    "printf", "fprintf", "snprintf", "sprintf", "dprintf", "puts", "fputs",
    "pthread_mutex_init", "pthread_mutex_destroy", "pthread_cond_init", "pthread_cond_destroy",
    "pthread_rwlock_init", "pthread_rwlock_destroy", "mtx_init", "mtx_destroy", "cnd_init",
    "cnd_destroy", "atomic_init", NULL,
};

static bool hg__escapes_into(const hg_ctx *x, const char *name, int32_t fidx) {
  if (fidx >= 0 && x->m->functions[fidx].has_body) return false;
  if (!name) return true;
  if (strncmp(name, "hg_", 3) == 0 || strncmp(name, "__builtin_", 10) == 0) return false;
  if (hg_config_find_enter(x->cfg, name) || hg_tu_is_leave(x->tu, name) ||
      hg_tu_is_begin_free(x->tu, name) || hg_tu_is_is_freeing(x->tu, name) ||
      hg_tu_is_dealloc(x->tu, name))
    return false;
  return !hg_name_in_list(hg__non_escaping, name);
}

#define HG__MAXARGS 16

/* Functions that initialise or destroy a guard: the handle whose guard they
 * get is being constructed or torn down by its only user. */
static bool hg__is_guard_init(const char *name) {
  static const char *const names[] = {"hg_guard_init", "pthread_mutex_init", "mtx_init",
                                      "ExInitializeRundownProtection", "percpu_ref_init",
                                      "pthread_mutex_destroy", "mtx_destroy", "percpu_ref_exit",
                                      NULL};
  return hg_name_in_list(names, name);
}

/* An enter (or an enter wrapper) of token t on the guard of handle guard_h;
 * `mode` carries the value the call returns for each outcome. */
static sval hg__do_enter(hg_ctx *x, const hg_node *n, hg_call_event *ev, int t, int guard_h,
                         bool always, sval mode) {
  state *s = x->st;
  uint16_t site = hg__site(x, n);
  int rep = guard_h >= 0 ? hg__rep(x, guard_h) : -1;
  sval r = sv_unknown();
  if (t >= 0) {
    tokst *tk = &s->tok[t];
    tk->site = site;
    tk->handle = rep >= 0 ? (uint8_t)rep : HG__NOH;
    tk->flags = 0;
    tk->leave_site = HG__NOSITE;
    if (always) {
      /* A lock that cannot fail unless misused: entered.  When its result
       * is known per outcome and the code tests it
       * (`if (pthread_mutex_lock(&m) != 0) return -1;`), the failed side
       * does not hold it. */
      tk->phase = HG_TOK_ENTERED;
      tk->mask = mode.vk[1] != VK_UNK ? O_0 | O_1 : O_0;
      tk->flags = TF_ALWAYS;
      if (rep >= 0) hg__clear_quiet(s, rep);
    } else {
      tk->phase = HG_TOK_PENDING;
      tk->mask = O_0 | O_1;
    }
    r = mode;
    r.kind = SV_ENTER;
    r.a = (uint8_t)t;
    r.site = site;
  }
  ev->kind = HG_CALL_ENTER;
  ev->token = t;
  ev->handle = guard_h;
  ev->always = always;
  hg__dispatch_call(x, ev);
  if (t >= 0 && ev->discarded && !always) s->tok[t].flags |= TF_UNCHECKED;
  return r;
}

/* begin-free (or a begin-free wrapper) on handle guard_h. */
static sval hg__do_begin_free(hg_ctx *x, const hg_node *n, hg_call_event *ev, int guard_h,
                              bool always, sval mode) {
  int rep = guard_h >= 0 ? hg__rep(x, guard_h) : -1;
  sval r = sv_unknown();
  uint16_t site = hg__site(x, n);
  if (rep >= 0) {
    hst *h = &x->st->h[rep];
    h->bfsite = site;
    h->bfexcl = 0;
    if (!always) {
      h->bf = BF_PENDING;
      h->bfmask = O_0 | O_1;
      r = mode;
      r.kind = SV_BF;
      r.a = (uint8_t)rep;
      r.site = site;
    } else {
      h->bf = BF_DRAINED;
      h->bfmask = O_0;
    }
  }
  ev->kind = HG_CALL_BEGIN_FREE;
  ev->handle = guard_h;
  ev->always = always;
  hg__dispatch_call(x, ev);
  return r;
}

static void hg__do_leave(hg_ctx *x, const hg_node *n, hg_call_event *ev, int t) {
  state *s = x->st;
  ev->kind = HG_CALL_LEAVE;
  ev->token = t;
  if (t >= 0 && s->tok[t].handle != HG__NOH) ev->handle = s->tok[t].handle;
  hg__dispatch_call(x, ev);
  if (t >= 0) {
    tokst *tk = &s->tok[t];
    if (tk->phase == HG_TOK_PENDING) tk->flags |= TF_UNCHECKED;
    tk->phase = HG_TOK_LEFT;
    tk->leave_site = hg__site(x, n);
  }
}

/* The caller's token for a wrapper whose token is `prefix root suffix`
 * relative to its parameter `root`. */
static int hg__wrapper_token(hg_ctx *x, const hg_node *arg, char prefix, const char *suffix) {
  sbuf v;
  memset(&v, 0, sizeof v);
  if (!arg || !hg__vkey(arg, &v, 0) || v.bad) return -1;
  sbuf k;
  memset(&k, 0, sizeof k);
  if (prefix == '*') {
    if (v.b[0] == '&')
      sb_add(&k, v.b + 1);
    else {
      sb_add(&k, "*");
      sb_add(&k, v.b);
    }
    sb_add(&k, suffix);
  } else if (suffix[0] == '-' && suffix[1] == '>') {
    if (v.b[0] == '&') {
      sb_add(&k, v.b + 1);
      sb_add(&k, ".");
      sb_add(&k, suffix + 2);
    } else {
      sb_add(&k, v.b);
      sb_add(&k, suffix);
    }
  } else {
    return -1;
  }
  if (k.bad) return -1;
  return hg__token_of_key(x, k.b);
}

static sval hg__call(hg_ctx *x, const hg_node *n) {
  const hg_tu *tu = x->tu;
  int32_t fidx = hg_tu_callee(tu, n);
  const char *name = n->name ? n->name : (fidx >= 0 ? x->m->functions[fidx].name : NULL);
  const hg_enter_fn *enter = name ? hg_config_find_enter(x->cfg, name) : NULL;
  bool is_leave = hg_tu_is_leave(tu, name);
  bool is_bf = hg_tu_is_begin_free(tu, name);
  bool is_isf = hg_tu_is_is_freeing(tu, name);
  bool is_dealloc = hg_tu_is_dealloc(tu, name);
  bool is_alloc = hg_tu_is_alloc(tu, name);
  bool discarded = x->discard == n;

  /* the callee expression (calls through pointers read it) */
  const hg_node *callee = hg__child(n, 0);
  if (callee && !(callee->kind == HG_N_FUNC_REF) && !(n->name && callee->kind == HG_N_VAR))
    (void)hg__eval(x, callee);

  const hg_node *callee_s = hg_node_strip_casts(callee);
  bool indirect = fidx < 0 && callee_s && callee_s->kind != HG_N_FUNC_REF;
  sval args[HG__MAXARGS];
  uint32_t nargs = n->nchildren > 0 ? n->nchildren - 1 : 0;
  for (uint32_t i = 0; i < nargs; i++) {
    const hg_node *a = n->children[i + 1];
    bool guard_arg = i == 0 && (enter || is_bf || is_isf);
    if (guard_arg) x->quiet_depth++;
    /* A call through a function pointer that passes an opaque `void *`
     * variable hands a caller's cookie back to caller code (`cb(user, ...)`):
     * a copy of the value, like a return, not a use of what it points to. */
    const hg_node *sa = hg_node_strip_casts(a);
    bool cookie = indirect && sa && sa->kind == HG_N_VAR && sa->type.kind == HG_TY_POINTER &&
                  sa->type.depth == 1 && sa->type.base == HG_TY_VOID;
    sval v = cookie ? hg__eval_copy(x, a) : hg__eval(x, a);
    if (guard_arg) x->quiet_depth--;
    if (i < HG__MAXARGS) args[i] = v;
  }
  /* First pass of inferred inner fields: a field (or what it points to)
   * passed where the callee may write through it. */
  if (x->tu->collecting && fidx >= 0) {
    const hg_function *g = &x->m->functions[fidx];
    for (uint32_t i = 0; i < nargs && i < g->nparams && i < g->nvars; i++) {
      const hg_type *pt = &g->vars[i].type;
      const hg_node *a = hg_node_strip_casts(n->children[i + 1]);
      if (pt->kind != HG_TY_POINTER || pt->pointee_is_const || !a) continue;
      if ((a->kind == HG_N_UNARY && a->op == HG_OP_ADDR) || hg__type_is_ptrlike(&a->type))
        hg__note_write(x, a);
    }
  }
  /* Initialising or destroying a handle's guard means the handle is being
   * constructed or torn down here (an init function for a caller-allocated
   * box, a destroy function): not an op.  See also hg__constructed(). */
  if (name && nargs > 0 && args[0].kind == SV_GUARD && hg__is_guard_init(name)) {
    hst *h = &x->st->h[args[0].a];
    h->fresh = 1;
    h->born = 1;
    h->handed_site = HG__NOSITE;
  }
  /* likely()/unlikely(): the value of the expression they wrap */
  if (name && nargs > 0 &&
      (strcmp(name, "__builtin_expect") == 0 || strcmp(name, "__builtin_expect_with_probability") == 0))
    return args[0];
  int guard_h = -1; /* handle as written */
  if ((enter || is_bf || is_isf) && nargs > 0 &&
      (args[0].kind == SV_GUARD || args[0].kind == SV_HANDLE))
    guard_h = args[0].w;
  state *s = x->st;

  hg_call_event ev;
  memset(&ev, 0, sizeof ev);
  ev.call = n;
  ev.stmt = x->stmt;
  ev.loc = hg_node_loc(n);
  ev.callee = name;
  ev.discarded = discarded;
  ev.token = -1;
  ev.handle = -1;

  if (enter && nargs > 0) {
    int t = hg__token_of_arg(x, n->children[nargs >= 2 && !x->cfg->token_is_guard ? 2 : 1]);
    sval mode = sv_unknown();
    if (enter->success == HG_ENTER_TRUE) {
      mode.vk[0] = n->type.kind == HG_TY_BOOL ? VK_EQ : VK_NE;
      mode.v[0] = n->type.kind == HG_TY_BOOL ? 1 : 0;
      mode.vk[1] = VK_EQ;
      mode.v[1] = 0;
    } else {
      /* :zero, and :always (pthread_mutex_lock, mtx_lock) when tested */
      int32_t ok = (int32_t)x->tu->enter_success[enter - x->cfg->enter];
      mode.vk[0] = VK_EQ;
      mode.v[0] = ok;
      mode.vk[1] = VK_NE;
      mode.v[1] = ok;
    }
    return hg__do_enter(x, n, &ev, t, guard_h, enter->success == HG_ENTER_ALWAYS, mode);
  }
  if (is_leave && nargs > 0) {
    hg__do_leave(x, n, &ev, hg__token_of_arg(x, n->children[1]));
    return sv_unknown();
  }
  /* enter and leave wrappers, from their summaries */
  {
    const hg_fsum *ws = fidx >= 0 && fidx != x->fidx ? &tu->sum[fidx] : NULL;
    if (ws && ws->analyzed && ws->ew && (uint32_t)ws->ew_root < nargs &&
        (uint32_t)ws->ew_guard < nargs) {
      int t = hg__wrapper_token(x, n->children[1 + ws->ew_root], ws->ew_prefix, ws->ew_suffix);
      sval a = args[ws->ew_guard < HG__MAXARGS ? ws->ew_guard : 0];
      int gh = a.kind == SV_HANDLE || a.kind == SV_GUARD ? a.w : -1;
      sval mode = sv_unknown();
      mode.vk[0] = ws->ew_vk[0];
      mode.vk[1] = ws->ew_vk[1];
      mode.v[0] = ws->ew_v[0];
      mode.v[1] = ws->ew_v[1];
      if (t >= 0) return hg__do_enter(x, n, &ev, t, gh, ws->ew_always, mode);
    }
    if (ws && ws->analyzed && ws->bw && (uint32_t)ws->bw_param < nargs &&
        ws->bw_param < HG__MAXARGS && args[ws->bw_param].kind == SV_HANDLE) {
      sval mode = sv_unknown();
      mode.vk[0] = ws->bw_vk[0];
      mode.vk[1] = ws->bw_vk[1];
      mode.v[0] = ws->bw_v[0];
      mode.v[1] = ws->bw_v[1];
      return hg__do_begin_free(x, n, &ev, args[ws->bw_param].w, ws->bw_always, mode);
    }
    if (ws && ws->analyzed && ws->ewg) {
      int t = hg__token_of_key(x, ws->ewg_key);
      int gh = hg__handle_of_global(x, ws->ewg_global);
      sval mode = sv_unknown();
      mode.vk[0] = ws->ewg_vk[0];
      mode.vk[1] = ws->ewg_vk[1];
      mode.v[0] = ws->ewg_v[0];
      mode.v[1] = ws->ewg_v[1];
      if (t >= 0) return hg__do_enter(x, n, &ev, t, gh, ws->ewg_always, mode);
    }
    if (ws && ws->analyzed && ws->lwg) {
      int t = hg__token_of_key(x, ws->lwg_key);
      if (t >= 0) {
        hg__do_leave(x, n, &ev, t);
        return sv_unknown();
      }
    }
    if (ws && ws->analyzed && ws->lw && (uint32_t)ws->lw_root < nargs) {
      int t = hg__wrapper_token(x, n->children[1 + ws->lw_root], ws->lw_prefix, ws->lw_suffix);
      if (t >= 0) {
        hg__do_leave(x, n, &ev, t);
        return sv_unknown();
      }
    }
  }
  if (is_bf) {
    sval mode = sv_unknown();
    if (x->tu->drained_known) {
      mode.vk[0] = VK_EQ;
      mode.v[0] = (int32_t)x->tu->drained;
      mode.vk[1] = VK_NE;
      mode.v[1] = (int32_t)x->tu->drained;
    }
    return hg__do_begin_free(x, n, &ev, guard_h, !x->cfg->begin_free_returns_result, mode);
  }
  if (is_isf) {
    int rep = guard_h >= 0 ? hg__rep(x, guard_h) : -1;
    sval r = sv_unknown();
    if (rep >= 0) {
      r.kind = SV_ISF;
      r.a = (uint8_t)rep;
      r.site = hg__site(x, n);
      r.vk[0] = VK_NE;
      r.v[0] = 0;
      r.vk[1] = VK_EQ;
      r.v[1] = 0;
    }
    ev.kind = HG_CALL_IS_FREEING;
    ev.handle = guard_h;
    hg__dispatch_call(x, &ev);
    return r;
  }

  /* blocking */
  const hg_fsum *cs = fidx >= 0 ? &tu->sum[fidx] : NULL;
  bool blocking = hg_tu_blocking_by_itself(tu, name, fidx) &&
                  !((fidx < 0 || !x->m->functions[fidx].has_body) && hg_call_returns_at_once(name, n));
  const hg_function *blocking_fn = NULL;
  if (!blocking && cs && cs->blocks && fidx != x->fidx) {
    blocking = true;
    blocking_fn = &x->m->functions[fidx];
  }
  if (blocking) {
    ev.kind = HG_CALL_BLOCKING;
    ev.blocking_fn = blocking_fn;
    ev.passed_tokens = hg__passed_tokens(x, n);
    hg__dispatch_call(x, &ev);
  }

  if (is_dealloc && nargs > 0) {
    sval a = args[0];
    if (a.kind == SV_HANDLE && !x->hv[a.w].by_value && !s->h[a.a].fresh) {
      int rep = a.a;
      if (!x->exported && x->hv[rep].is_param && x->hv[rep].param_no < HG_MAX_SUMMARY_PARAMS) {
        uint32_t bit = 1u << x->hv[rep].param_no;
        if (!(x->sum->frees & bit)) {
          x->sum->frees |= bit;
          x->sum->free_loc[x->hv[rep].param_no] = hg_node_loc(n);
          x->sum->free_name[x->hv[rep].param_no] = name;
        }
      }
      ev.kind = HG_CALL_DEALLOC_BOX;
      ev.handle = a.w;
      ev.free_loc = hg_node_loc(n);
      ev.deallocator = name;
      hg__dispatch_call(x, &ev);
    } else if (a.kind == SV_INNER) {
      hg__access(x, a.flags & SF_GUARDED ? HG_VIA_ALIAS : HG_VIA_DIRECT, n, a.w, NULL, true, NULL,
                 (a.flags & SF_GUARDED) != 0, NULL, hg_node_loc(NULL));
    }
  }

  /* effects of TU functions, from their summaries */
  sval result = sv_unknown();
  if (cs && cs->analyzed && fidx != x->fidx) {
    const hg_function *g = &x->m->functions[fidx];
    for (uint32_t k = 0; x->tu->collecting && k < cs->nfref; k++) {
      const hg_fieldref *fr = &cs->fref[k];
      if (fr->param < nargs && fr->param < HG__MAXARGS && args[fr->param].kind == SV_HANDLE)
        hg__note_field(x, args[fr->param].w, fr->record, fr->field, (fr->flags & HG_FR_WRITE) != 0);
    }
    for (uint32_t i = 0; i < nargs && i < HG__MAXARGS && i < HG_MAX_SUMMARY_PARAMS; i++) {
      sval a = args[i];
      if (a.kind != SV_HANDLE || s->h[a.a].fresh) continue;
      uint32_t bit = 1u << i;
      if (cs->touches & bit)
        hg__access(x, HG_VIA_HELPER, n, a.w, cs->touch_field[i], false, NULL, false, g,
                   cs->touch_loc[i]);
      if ((cs->frees & bit) && !x->hv[a.w].by_value) {
        int rep = a.a;
        if (!x->exported && x->hv[rep].is_param && x->hv[rep].param_no < HG_MAX_SUMMARY_PARAMS) {
          uint32_t pbit = 1u << x->hv[rep].param_no;
          if (!(x->sum->frees & pbit)) {
            x->sum->frees |= pbit;
            x->sum->free_loc[x->hv[rep].param_no] = cs->free_loc[i];
            x->sum->free_name[x->hv[rep].param_no] = cs->free_name[i];
          }
        }
        memset(&ev, 0, sizeof ev);
        ev.call = n;
        ev.stmt = x->stmt;
        ev.loc = hg_node_loc(n);
        ev.callee = name;
        ev.kind = HG_CALL_DEALLOC_BOX;
        ev.token = -1;
        ev.handle = a.w;
        ev.helper = g;
        ev.free_loc = cs->free_loc[i];
        ev.deallocator = cs->free_name[i];
        hg__dispatch_call(x, &ev);
      }
    }
    for (uint32_t i = 0; i < nargs && i < HG__MAXARGS && i < HG_MAX_SUMMARY_PARAMS; i++) {
      if ((cs->returns_inner & (1u << i)) && args[i].kind == SV_HANDLE)
        result = hg__inner_of(x, args[i].w, args[i].a);
      if ((cs->returns_deriv & (1u << i)) && args[i].kind == SV_INNER)
        result = hg__inner_of(x, args[i].w, args[i].a);
      if ((cs->returns_deriv & (1u << i)) && args[i].kind == SV_PDERIV && result.kind == SV_UNKNOWN)
        result = args[i];
    }
    if (result.kind == SV_UNKNOWN && cs->returns_fresh) result.kind = SV_FRESH;
  }
  if (is_alloc) result.kind = SV_FRESH;

  /* fresh handles passed to code outside this translation unit escape */
  if (hg__escapes_into(x, name, fidx)) {
    /* a thread creation hands its argument out only when the thread starts
     * (pthread_create, thrd_create return 0 then): the failure side of a
     * test of its result still owns the handle */
    int spawn_arg = !name || (fidx >= 0 && x->m->functions[fidx].has_body) ? -1
                    : strcmp(name, "pthread_create") == 0 ? 3
                    : strcmp(name, "thrd_create") == 0 ? 2 : -1;
    for (uint32_t i = 0; i < nargs && i < HG__MAXARGS; i++) {
      bool was_fresh = args[i].kind == SV_HANDLE && x->st->h[args[i].a].fresh;
      hg__hand_out(x, args[i], n);
      if ((int)i == spawn_arg && was_fresh && !discarded && result.kind == SV_UNKNOWN) {
        result.kind = SV_SPAWN;
        result.a = args[i].a;
        result.site = x->st->h[args[i].a].handed_site;
        result.vk[0] = VK_EQ;
        result.v[0] = 0;
        result.vk[1] = VK_NE;
        result.v[1] = 0;
      }
    }
  }
  return result;
}

/* Evaluates `n` as a value to copy: when it is a plain variable (casts aside),
 * reading it is not an access through an alias. */
static sval hg__eval_copy(hg_ctx *x, const hg_node *n) {
  const hg_node *s = hg_node_strip_casts(n);
  if (!s || s->kind != HG_N_VAR) return hg__eval(x, n);
  bool saved = x->value_copy;
  x->value_copy = true;
  sval r = hg__eval(x, n);
  x->value_copy = saved;
  return r;
}

static sval hg__eval(hg_ctx *x, const hg_node *n) {
  if (!n) return sv_unknown();
  if (x->depth > HG__EVAL_DEPTH) return sv_unknown();
  x->depth++;
  sval r = sv_unknown();
  switch (n->kind) {
  case HG_N_INT_LIT:
  case HG_N_ENUM_CONST:
    r = sv_const(n->value);
    break;
  case HG_N_NULL_PTR:
    r = sv_const(0);
    break;
  case HG_N_VAR:
    r = hg__var(x, n);
    break;
  case HG_N_MEMBER: {
    lval lv;
    r = hg__member(x, n, &lv);
    break;
  }
  case HG_N_UNARY: {
    const hg_node *c = hg__child(n, 0);
    switch (n->op) {
    case HG_OP_ADDR: {
      const hg_node *sc = hg_node_strip_casts(c);
      if (sc && (sc->kind == HG_N_MEMBER || sc->kind == HG_N_SUBSCRIPT)) {
        lval lv;
        (void)hg__eval_lv(x, sc, &lv);
        int rep = hg__rep(x, lv.root);
        if (rep >= 0 && lv.guard) {
          r.kind = SV_GUARD;
          r.a = (uint8_t)rep;
          r.w = (uint8_t)lv.root;
        } else if (rep >= 0 && lv.inner) {
          r = hg__inner_of(x, lv.root, rep);
        } else if (lv.pderiv >= 0) {
          r = hg__pderiv(lv.pderiv);
        }
      } else if (sc && sc->kind == HG_N_VAR) {
        int h = hg__handle_of_var(x, sc);
        if (h >= 0 && x->hv[h].by_value) {
          r.kind = SV_HANDLE;
          r.a = (uint8_t)hg__rep(x, h);
          r.w = (uint8_t)h;
        }
      } else if (sc && sc->kind == HG_N_UNARY && sc->op == HG_OP_DEREF) {
        r = hg__eval(x, hg__child(sc, 0));
      } else {
        sval v = hg__eval(x, c);
        if (v.kind == SV_INNER || v.kind == SV_PDERIV) r = v;
      }
      break;
    }
    case HG_OP_DEREF: {
      sval v = hg__eval(x, c);
      if ((v.kind == SV_INNER || v.kind == SV_PDERIV) && hg__type_is_ptrlike(&n->type)) r = v;
      break;
    }
    case HG_OP_NOT: /* testing a pointer (`!p`) reads no inner state */
      r = sv_not(hg__eval_copy(x, c));
      break;
    case HG_OP_NEG: {
      sval v = hg__eval(x, c);
      if (v.kind == SV_CONST) r = sv_const(-(int64_t)v.v[0]);
      break;
    }
    case HG_OP_PREINC:
    case HG_OP_PREDEC:
    case HG_OP_POSTINC:
    case HG_OP_POSTDEC: {
      const hg_node *l = hg_node_strip_casts(c);
      if (l && l->kind == HG_N_VAR && !(l->flags & HG_NF_GLOBAL) && l->ref >= 0 &&
          (uint32_t)l->ref < x->fn->nvars) {
        sval v = hg__var(x, l);
        if (x->hv_of_local[l->ref] < 0) {
          if (v.kind == SV_INNER || v.kind == SV_PDERIV)
            st_var_set(x->st, l->ref, v); /* p++ stays inside the same object */
          else
            st_var_kill(x->st, l->ref);
          hg__index_changed(x, l->ref);
        }
      } else {
        (void)hg__eval(x, c);
        hg__note_write(x, c);
      }
      break;
    }
    default:
      (void)hg__eval(x, c);
      break;
    }
    break;
  }
  case HG_N_BINARY: {
    const hg_node *a = hg__child(n, 0), *b = hg__child(n, 1);
    if (n->op == HG_OP_LAND || n->op == HG_OP_LOR) {
      if (st_temp(x->st, n, &r)) break;
      (void)hg__eval_copy(x, a);
      (void)hg__eval_copy(x, b);
      r = sv_unknown();
      break;
    }
    if (n->op == HG_OP_COMMA) {
      (void)hg__eval(x, a);
      r = hg__eval(x, b);
      break;
    }
    const hg_node *sa = hg_node_strip_casts(a), *sb = hg_node_strip_casts(b);
    /* comparing a pointer (p == NULL, p < end) reads no inner state */
    bool cmp = n->op >= HG_OP_EQ && n->op <= HG_OP_GE;
    sval va = cmp ? hg__eval_copy(x, a) : hg__eval(x, a);
    sval vb = cmp ? hg__eval_copy(x, b) : hg__eval(x, b);
    /* learn the drained value from the enumerator the code compares with */
    if (!x->tu->drained_known && x->cfg->drained_value) {
      const hg_node *en = sa && sa->kind == HG_N_ENUM_CONST ? sa : sb && sb->kind == HG_N_ENUM_CONST ? sb : NULL;
      if (en && en->name && strcmp(en->name, x->cfg->drained_value) == 0) {
        x->tu->drained_known = true;
        x->tu->drained = en->value;
        for (int k = 0; k < 2; k++) {
          sval *bfv = k == 0 ? &va : &vb;
          if (bfv->kind == SV_BF) {
            bfv->vk[0] = VK_EQ;
            bfv->v[0] = (int32_t)en->value;
            bfv->vk[1] = VK_NE;
            bfv->v[1] = (int32_t)en->value;
          }
        }
      }
    }
    switch (n->op) {
    case HG_OP_EQ:
    case HG_OP_NE: {
      bool eq = n->op == HG_OP_EQ;
      if (vb.kind == SV_CONST && va.kind != SV_CONST)
        r = sv_cmp_bf(x, va, vb.v[0], eq);
      else if (va.kind == SV_CONST)
        r = sv_cmp_bf(x, vb, va.v[0], eq);
      break;
    }
    case HG_OP_ADD:
    case HG_OP_SUB:
      if (hg__type_is_ptrlike(&n->type)) {
        if (va.kind == SV_INNER || va.kind == SV_PDERIV)
          r = va;
        else if ((vb.kind == SV_INNER || vb.kind == SV_PDERIV) && n->op == HG_OP_ADD)
          r = vb;
      } else if (va.kind == SV_CONST && vb.kind == SV_CONST) {
        r = sv_const(n->op == HG_OP_ADD ? (int64_t)va.v[0] + vb.v[0] : (int64_t)va.v[0] - vb.v[0]);
      }
      break;
    default:
      break;
    }
    break;
  }
  case HG_N_ASSIGN:
    r = hg__assign(x, n);
    break;
  case HG_N_COND:
    if (st_temp(x->st, n, &r)) break;
    for (uint32_t i = 0; i < n->nchildren; i++) (void)hg__eval(x, n->children[i]);
    r = sv_unknown();
    break;
  case HG_N_STMT_EXPR:
    if (!st_temp(x->st, n, &r)) r = sv_unknown();
    break;
  case HG_N_CAST: {
    sval v = hg__eval(x, hg__child(n, 0));
    if (n->flags & HG_NF_TO_VOID) break;
    if (n->type.kind == HG_TY_BOOL)
      r = sv_bool(v);
    else if (v.kind == SV_INNER || v.kind == SV_FRESH || v.kind == SV_HANDLE || v.kind == SV_GUARD ||
             v.kind == SV_PDERIV)
      r = (hg__type_is_ptrlike(&n->type) || n->type.kind == HG_TY_UNKNOWN) ? v : sv_unknown();
    else
      r = v;
    break;
  }
  case HG_N_SUBSCRIPT: {
    int fh = hg__handle_of_element(x, n);
    if (fh >= 0) {
      (void)hg__eval(x, hg__child(n, 1));
      r.kind = SV_HANDLE;
      r.a = (uint8_t)hg__rep(x, fh);
      r.w = (uint8_t)fh;
      break;
    }
    lval lv;
    r = hg__eval_lv(x, n, &lv);
    break;
  }
  case HG_N_CALL:
    r = hg__call(x, n);
    break;
  case HG_N_UNEVALUATED:
  case HG_N_FUNC_REF:
  case HG_N_FLOAT_LIT:
  case HG_N_STRING_LIT:
    break;
  default:
    for (uint32_t i = 0; i < n->nchildren; i++) (void)hg__eval(x, n->children[i]);
    break;
  }
  x->depth--;
  return r;
}

/* The value of `a[i]` when `a` is an inner array: the subscript node's own
 * evaluation already handles it; `&a[i]` goes through ADDR -> eval. */

/* ---- refinement ----------------------------------------------------------- */

static uint8_t hg__outcomes_for_truth(const sval *s, bool truth) {
  uint8_t m = 0;
  for (int o = 0; o < 2; o++)
    if (hg__may_be(s->vk[o], s->v[o], truth)) m |= (uint8_t)(1u << o);
  return m;
}

static bool hg__narrow(hg_ctx *x, state *st, const sval *s, uint8_t allowed) {
  switch (s->kind) {
  case SV_ENTER: {
    tokst *tk = &st->tok[s->a];
    if (tk->site != s->site) return true;
    uint8_t m = tk->mask & allowed;
    if (!m) return false;
    tk->mask = m;
    if (tk->phase == HG_TOK_PENDING || tk->phase == HG_TOK_ENTERED || tk->phase == HG_TOK_FAILED) {
      uint8_t np = m == O_0 ? HG_TOK_ENTERED : m == O_1 ? HG_TOK_FAILED : HG_TOK_PENDING;
      if (np == HG_TOK_PENDING && (tk->flags & TF_ALWAYS)) np = HG_TOK_ENTERED;
      if (np == HG_TOK_ENTERED && tk->phase != HG_TOK_ENTERED) {
        tk->flags &= (uint8_t)~TF_UNCHECKED;
        if (tk->handle != HG__NOH) hg__clear_quiet(st, tk->handle);
      }
      tk->phase = np;
    }
    return true;
  }
  case SV_BF: {
    hst *h = &st->h[s->a];
    if (h->bfsite != s->site) return true;
    uint8_t m = h->bfmask & allowed;
    if (!m) return false;
    h->bfmask = m;
    if (h->bf == BF_PENDING || h->bf == BF_DRAINED || h->bf == BF_NOT)
      h->bf = m == O_0 ? BF_DRAINED : m == O_1 ? BF_NOT : BF_PENDING;
    return true;
  }
  case SV_ISF:
    st->h[s->a].isf_site = s->site;
    (void)x;
    return true;
  case SV_SPAWN: {
    /* the thread was not created: the handle it was to receive was not handed out */
    hst *h = &st->h[s->a];
    if (allowed == O_1 && h->handed_site == s->site && h->born) {
      h->fresh = 1;
      h->handed_site = HG__NOSITE;
    }
    return allowed != 0;
  }
  default:
    return true;
  }
}

/* On a branch where a begin-free result is known not to be failure value i,
 * remember it; once every failure value is excluded the path has drained
 * (`if (r == HG_ALREADY_FREEING) return; if (r == HG_TIMED_OUT) return;`). */
static uint8_t hg__exclude_failure(hg_ctx *x, state *st, const sval *s, unsigned idx,
                                   uint8_t allowed) {
  hst *h = &st->h[s->a];
  if (h->bfsite != s->site || idx >= x->tu->nfailure) return allowed;
  h->bfexcl |= (uint8_t)(1u << idx);
  if (x->tu->all_failures_known && h->bfexcl == (uint8_t)((1u << x->tu->nfailure) - 1))
    allowed &= O_0;
  return allowed;
}

static bool hg__refine(hg_ctx *x, state *st, const sval *s, bool truth) {
  if (s->kind == SV_CONST) return (s->v[0] != 0) == truth;
  if (!sv_is_result(s)) return true;
  uint8_t allowed = hg__outcomes_for_truth(s, truth);
  if (s->kind == SV_BF && (s->flags & SF_BFCMP) && truth != ((s->flags & SF_BFEQ) != 0))
    allowed = hg__exclude_failure(x, st, s, s->flags & SF_BFIDX, allowed);
  return hg__narrow(x, st, s, allowed);
}

/* `if (p)`, `if (!p)`, `if (p == NULL)`: on the side where the local
 * pointer p is null, it no longer points anywhere. */
static bool hg__is_null(const hg_node *n) {
  n = hg_node_strip_casts(n);
  return n && (n->kind == HG_N_NULL_PTR || (n->kind == HG_N_INT_LIT && n->value == 0));
}

static void hg__refine_null(hg_ctx *x, state *st, const hg_node *c, bool truth) {
  bool neg = false;
  c = hg_node_strip_casts(c);
  while (c && c->kind == HG_N_UNARY && c->op == HG_OP_NOT) {
    neg = !neg;
    c = hg_node_strip_casts(hg__child(c, 0));
  }
  if (!c) return;
  const hg_node *v = NULL;
  if (c->kind == HG_N_VAR) {
    v = c;
  } else if (c->kind == HG_N_BINARY && (c->op == HG_OP_EQ || c->op == HG_OP_NE)) {
    const hg_node *a = hg_node_strip_casts(hg__child(c, 0)), *b = hg_node_strip_casts(hg__child(c, 1));
    if (a && a->kind == HG_N_VAR && hg__is_null(b))
      v = a;
    else if (b && b->kind == HG_N_VAR && hg__is_null(a))
      v = b;
    if (c->op == HG_OP_EQ) neg = !neg;
  }
  if (!v || (v->flags & HG_NF_GLOBAL) || v->ref < 0 || (uint32_t)v->ref >= x->fn->nvars) return;
  if (truth != neg) return; /* the non-null side: nothing learnt */
  sval *e = st_var(st, v->ref);
  if (e && (e->kind == SV_INNER || e->kind == SV_PDERIV || e->kind == SV_FRESH))
    *e = sv_const(0);
}

/* Outcomes of `s` compatible with `s == c`. */
static uint8_t hg__outcomes_eq(const sval *s, int64_t c) {
  uint8_t m = 0;
  for (int o = 0; o < 2; o++) {
    bool may = s->vk[o] == VK_EQ ? s->v[o] == c : s->vk[o] == VK_NE ? s->v[o] != c : true;
    if (may) m |= (uint8_t)(1u << o);
  }
  return m;
}

static bool hg__refine_case(hg_ctx *x, state *st, const sval *s, const hg_cfg_block *blk,
                            uint32_t k) {
  const hg_node *label = blk->labels[k];
  if (label && label->kind == HG_N_CASE) {
    if (!(label->flags & HG_NF_HAS_VALUE)) return true;
    if (s->kind == SV_CONST) return s->v[0] == label->value;
    if (!sv_is_result(s)) return true;
    return hg__narrow(x, st, s, hg__outcomes_eq(s, label->value));
  }
  /* default, or no label matched: every known case value is excluded */
  if (s->kind != SV_CONST && !sv_is_result(s)) return true;
  if (!label && sv_is_result(s) && s->vk[0] == VK_EQ) {
    /* A switch without default that names the success value and others is
     * taken as covering the result's enumeration (as -Wswitch assumes):
     * falling out of it is not a path of its own. */
    bool success = false, other = false;
    for (uint32_t j = 0; j < blk->nsuccs; j++) {
      const hg_node *l = blk->labels[j];
      if (!l || l->kind != HG_N_CASE || !(l->flags & HG_NF_HAS_VALUE)) continue;
      if (l->value == s->v[0])
        success = true;
      else
        other = true;
    }
    if (success && other) return false;
  }
  uint8_t m = O_0 | O_1;
  for (uint32_t j = 0; j < blk->nsuccs; j++) {
    const hg_node *l = blk->labels[j];
    if (!l || l->kind != HG_N_CASE) continue;
    if (!(l->flags & HG_NF_HAS_VALUE)) return true;
    if (s->kind == SV_CONST) {
      if (s->v[0] == l->value) return false;
      continue;
    }
    for (int o = 0; o < 2; o++)
      if (s->vk[o] == VK_EQ && s->v[o] == l->value) m &= (uint8_t)~(1u << o);
    if (s->kind == SV_BF)
      for (uint32_t i = 0; i < x->tu->nfailure; i++)
        if (x->tu->failure[i] == l->value) m = hg__exclude_failure(x, st, s, i, m);
  }
  if (s->kind == SV_CONST) return true;
  return hg__narrow(x, st, s, m);
}

/* ---- elements ------------------------------------------------------------- */

static void hg__acc_value(uint8_t *kind, int32_t *val, const hg_node *ret, sval v) {
  bool is_const = ret && hg__child(ret, 0) && v.kind == SV_CONST;
  if (*kind == 0 && is_const) {
    *kind = 1;
    *val = v.v[0];
  } else if (!(*kind == 1 && is_const && *val == v.v[0])) {
    *kind = 2;
  }
}

/* Per return: is this function an enter wrapper (returns with a token of
 * its caller entered on the guard of a handle parameter, telling success by
 * its result) or a leave wrapper (leaves a token of its caller)? */
static void hg__wrapper_returns(hg_ctx *x, const hg_node *ret, sval v) {
  const state *s = x->st;
  int cand = -1;
  for (int t = 0; t < x->ntok && cand < 0; t++) {
    const tokst *tk = &s->tok[t];
    bool global = x->tok[t].global_rooted;
    if (!x->tok[t].param_rooted && !global) continue;
    if (tk->site != HG__NOSITE &&
        (global || (tk->handle != HG__NOH && x->hv[tk->handle].is_param)) &&
        (tk->phase == HG_TOK_ENTERED || tk->phase == HG_TOK_PENDING || tk->phase == HG_TOK_FAILED))
      cand = t;
    if (tk->site == HG__NOSITE && tk->phase == HG_TOK_LEFT) {
      if (x->lw_tok < 0) x->lw_tok = t;
    }
  }
  if (cand >= 0) {
    if (x->ew_tok < 0) {
      x->ew_tok = cand;
      x->ew_guard_h = s->tok[cand].handle;
    } else if (x->ew_tok != cand) {
      x->ew_bad = true;
    }
  }
  uint8_t phase = cand >= 0 ? s->tok[cand].phase : HG_TOK_NONE;
  if (phase == HG_TOK_ENTERED) {
    hg__acc_value(&x->ew_ok, &x->ew_okv, ret, v);
  } else if (phase == HG_TOK_PENDING) {
    if (v.kind == SV_ENTER && v.a == cand) {
      x->ew_pend = true;
      x->ew_pend_sv = v;
    } else {
      x->ew_bad = true;
    }
  } else {
    bool is_const = ret && hg__child(ret, 0) && v.kind == SV_CONST;
    if (!is_const || x->ew_nfail >= 8) {
      x->ew_fail = 2;
    } else {
      if (x->ew_fail == 0) x->ew_fail = 1;
      bool have = false;
      for (uint8_t i = 0; i < x->ew_nfail; i++)
        if (x->ew_failv[i] == v.v[0]) have = true;
      if (!have) x->ew_failv[x->ew_nfail++] = v.v[0];
    }
  }
}

/* "*op" -> '*', "op", ""; "p->mu" -> 0, "p", "->mu" */
static bool hg__split_key(const hg_ctx *x, const char *key, char *prefix, int8_t *param,
                          char *suffix, size_t suffix_cap) {
  *prefix = 0;
  if (*key == '*') {
    *prefix = '*';
    key++;
  }
  size_t k = 0;
  while ((key[k] >= 'a' && key[k] <= 'z') || (key[k] >= 'A' && key[k] <= 'Z') ||
         (key[k] >= '0' && key[k] <= '9') || key[k] == '_')
    k++;
  if (!k) return false;
  const char *rest = key + k;
  if (*prefix == '*' ? *rest != '\0' : strncmp(rest, "->", 2) != 0) return false;
  if (strlen(rest) + 1 > suffix_cap) return false;
  for (uint32_t i = 0; i < x->fn->nparams && i < x->fn->nvars && i < 127; i++)
    if (strlen(x->fn->vars[i].name) == k && strncmp(x->fn->vars[i].name, key, k) == 0) {
      *param = (int8_t)i;
      memcpy(suffix, rest, strlen(rest) + 1);
      return true;
    }
  return false;
}

/* How the enter wrapper tells its caller that it entered: always, or by
 * values per outcome.  False when its returns do not say.  An exported
 * function counts only when it returns entered on every path, or returns
 * the enter's own result: one that returns a constant with the lock held
 * and another after unlocking is more likely an early return that forgot to
 * unlock than a conditional lock function. */
static bool hg__wrapper_mode(const hg_ctx *x, bool *always, uint8_t vk[2], int32_t v[2]) {
  *always = false;
  if (x->ew_ok && !x->ew_fail && !x->ew_pend) {
    *always = true;
    return true;
  }
  if (x->ew_pend && x->ew_ok == 0) {
    for (int o = 0; o < 2; o++) {
      vk[o] = x->ew_pend_sv.vk[o];
      v[o] = x->ew_pend_sv.v[o];
    }
    return true;
  }
  if (!x->ew_pend && x->ew_ok == 1 && x->ew_fail == 1 && !x->exported) {
    /* success returns one constant, failures others: EQ ok / NE ok (or EQ fail) */
    for (uint8_t i = 0; i < x->ew_nfail; i++)
      if (x->ew_failv[i] == x->ew_okv) return false;
    vk[0] = VK_EQ;
    v[0] = x->ew_okv;
    vk[1] = x->ew_nfail == 1 ? VK_EQ : VK_NE;
    v[1] = x->ew_nfail == 1 ? x->ew_failv[0] : x->ew_okv;
    return true;
  }
  return false;
}

/* The global variable a token key is rooted in ("g_lock", "g_state.mu"). */
static int32_t hg__key_global(const hg_ctx *x, const char *key) {
  size_t k = 0;
  while ((key[k] >= 'a' && key[k] <= 'z') || (key[k] >= 'A' && key[k] <= 'Z') ||
         (key[k] >= '0' && key[k] <= '9') || key[k] == '_')
    k++;
  for (uint32_t i = 0; k && i < x->m->nglobals; i++)
    if (strlen(x->m->globals[i].name) == k && strncmp(x->m->globals[i].name, key, k) == 0)
      return (int32_t)i;
  return -1;
}

static void hg__wrapper_finish(hg_ctx *x) {
  hg_fsum *sum = x->sum;
  sum->ewg = sum->ewg_always = sum->lwg = false;
  if (x->ew_tok >= 0 && !x->ew_bad && x->tok[x->ew_tok].global_rooted &&
      strlen(x->tok[x->ew_tok].key) < sizeof sum->ewg_key) {
    if (hg__wrapper_mode(x, &sum->ewg_always, sum->ewg_vk, sum->ewg_v)) {
      sum->ewg = true;
      strcpy(sum->ewg_key, x->tok[x->ew_tok].key);
      sum->ewg_global = hg__key_global(x, sum->ewg_key);
    }
  } else if (x->ew_tok >= 0 && !x->ew_bad && x->ew_guard_h >= 0 && x->ew_guard_h < x->nh &&
             x->hv[x->ew_guard_h].is_param &&
             hg__split_key(x, x->tok[x->ew_tok].key, &sum->ew_prefix, &sum->ew_root,
                           sum->ew_suffix, sizeof sum->ew_suffix)) {
    sum->ew_guard = (int8_t)x->hv[x->ew_guard_h].param_no;
    if (hg__wrapper_mode(x, &sum->ew_always, sum->ew_vk, sum->ew_v)) sum->ew = true;
  }
  if (!sum->ew && !sum->ewg && x->lw_tok >= 0) {
    if (x->tok[x->lw_tok].global_rooted) {
      if (strlen(x->tok[x->lw_tok].key) < sizeof sum->lwg_key) {
        sum->lwg = true;
        strcpy(sum->lwg_key, x->tok[x->lw_tok].key);
      }
    } else if (hg__split_key(x, x->tok[x->lw_tok].key, &sum->lw_prefix, &sum->lw_root,
                             sum->lw_suffix, sizeof sum->lw_suffix)) {
      sum->lw = true;
    }
  }
}

static void hg__acc_fail(uint8_t *kind, int32_t *vals, uint8_t *n, const hg_node *ret, sval v) {
  bool is_const = ret && hg__child(ret, 0) && v.kind == SV_CONST;
  if (!is_const || *n >= 8) {
    *kind = 2;
    return;
  }
  if (*kind == 0) *kind = 1;
  for (uint8_t i = 0; i < *n; i++)
    if (vals[i] == v.v[0]) return;
  vals[(*n)++] = v.v[0];
}

/* Is this function a begin-free wrapper: it runs begin-free on a handle
 * parameter and tells by its result whether it drained? */
static void hg__bf_wrapper_returns(hg_ctx *x, const hg_node *ret, sval v) {
  const state *s = x->st;
  int cand = -1;
  for (int h = 0; h < x->nh && cand < 0; h++)
    if (x->hv[h].is_param && s->h[h].rep == h && s->h[h].bf != BF_NONE) cand = h;
  if (cand >= 0) {
    if (x->bw_h < 0)
      x->bw_h = cand;
    else if (x->bw_h != cand)
      x->bw_bad = true;
  }
  uint8_t bf = cand >= 0 ? s->h[cand].bf : BF_NONE;
  if (bf == BF_DRAINED) {
    hg__acc_value(&x->bw_ok, &x->bw_okv, ret, v);
  } else if (bf == BF_PENDING) {
    if (v.kind == SV_BF && v.a == cand) {
      x->bw_pend = true;
      x->bw_pend_sv = v;
    } else {
      x->bw_bad = true;
    }
  } else {
    hg__acc_fail(&x->bw_fail, x->bw_failv, &x->bw_nfail, ret, v);
  }
}

static void hg__bf_wrapper_finish(hg_ctx *x) {
  hg_fsum *sum = x->sum;
  if (x->bw_h < 0 || x->bw_bad || x->exported || x->hv[x->bw_h].param_no < 0) return;
  sum->bw_param = (int8_t)x->hv[x->bw_h].param_no;
  if (x->bw_ok && !x->bw_fail && !x->bw_pend) {
    sum->bw = sum->bw_always = true;
  } else if (x->bw_pend && x->bw_ok == 0) {
    sum->bw = true;
    for (int o = 0; o < 2; o++) {
      sum->bw_vk[o] = x->bw_pend_sv.vk[o];
      sum->bw_v[o] = x->bw_pend_sv.v[o];
    }
  } else if (!x->bw_pend && x->bw_ok == 1 && x->bw_fail == 1) {
    bool clash = false;
    for (uint8_t i = 0; i < x->bw_nfail; i++)
      if (x->bw_failv[i] == x->bw_okv) clash = true;
    if (!clash) {
      sum->bw = true;
      sum->bw_vk[0] = VK_EQ;
      sum->bw_v[0] = x->bw_okv;
      sum->bw_vk[1] = x->bw_nfail == 1 ? VK_EQ : VK_NE;
      sum->bw_v[1] = x->bw_nfail == 1 ? x->bw_failv[0] : x->bw_okv;
    }
  }
}

static void hg__return(hg_ctx *x, const hg_node *ret, sval v) {
  hg_return_event ev;
  memset(&ev, 0, sizeof ev);
  ev.ret = ret;
  ev.loc = ret ? hg_node_loc(ret) : x->fn->body_end;
  ev.value = ret ? hg__child(ret, 0) : NULL;
  ev.inner_handle = v.kind == SV_INNER && !hg__is_handle_ptr(x, ev.value) ? v.w : -1;
  hg__dispatch_return(x, &ev);
  /* summary */
  if (v.kind == SV_FRESH || (v.kind == SV_HANDLE && x->st->h[v.a].fresh && !x->hv[v.w].by_value))
    x->ret_fresh++;
  else if (v.kind == SV_CONST && v.v[0] == 0)
    x->ret_null++;
  else if (ret && hg__child(ret, 0))
    x->ret_other++;
  if (v.kind == SV_PDERIV && v.a < HG_MAX_SUMMARY_PARAMS) x->sum->returns_deriv |= 1u << v.a;
  if (v.kind == SV_INNER) {
    int rep = v.a;
    if (rep < HG__MAXH && x->hv[rep].is_param && x->hv[rep].param_no < HG_MAX_SUMMARY_PARAMS &&
        !x->st->h[rep].fresh)
      x->sum->returns_inner |= 1u << x->hv[rep].param_no;
  }
  hg__wrapper_returns(x, ret, v);
  hg__bf_wrapper_returns(x, ret, v);
  for (int t = 0; t < x->ntok; t++)
    if (x->st->tok[t].phase == HG_TOK_PENDING) x->st->tok[t].flags |= TF_UNCHECKED;
}

static void hg__exec(hg_ctx *x, const hg_cfg_elem *e) {
  x->stmt = e->node;
  x->discard = NULL;
  x->depth = 0;
  switch (e->kind) {
  case HG_CE_EVAL: {
    const hg_node *s = hg_node_strip_casts(e->node);
    if (s && s->kind == HG_N_CALL) x->discard = s;
    (void)hg__eval(x, e->node);
    st_temps_clear(x->st);
    break;
  }
  case HG_CE_DECL: {
    const hg_node *d = e->node;
    const hg_node *init = hg__child(d, 0);
    int32_t var = d->ref;
    if (var < 0 || (uint32_t)var >= x->fn->nvars) {
      (void)hg__eval(x, init);
    } else if (init) {
      sval v = hg__eval_copy(x, init);
      hg__assign_local(x, var, init->kind == HG_N_INIT_LIST ? sv_unknown() : hg__alias_source(x, v, init));
    } else {
      int h = x->hv_of_local[var];
      if (h >= 0) {
        if (!x->hv[h].by_value) hg__bind_handle_var(x, h, sv_unknown());
      } else {
        st_var_kill(x->st, var);
      }
    }
    st_temps_clear(x->st);
    break;
  }
  case HG_CE_TEMP:
    st_temp_set(x->st, e->target, hg__eval(x, e->node));
    break;
  case HG_CE_TEMP_CONST:
    st_temp_set(x->st, e->target, sv_const(e->value));
    break;
  case HG_CE_RETURN: {
    sval v = hg__eval_copy(x, hg__child(e->node, 0));
    hg__return(x, e->node, v);
    st_temps_clear(x->st);
    break;
  }
  case HG_CE_IMPLICIT_RETURN:
    hg__return(x, NULL, sv_unknown());
    break;
  }
}

/* ---- the exploration ------------------------------------------------------ */

static bool hg__seen(bstates *b, uint64_t h, bool *full) {
  for (uint32_t i = 0; i < b->n; i++)
    if (b->h[i] == h) return true;
  if (b->n >= HG__MAX_STATES_PER_BLOCK) {
    *full = true;
    return true;
  }
  if (b->n == b->cap) {
    b->cap = b->cap ? b->cap * 2 : 4;
    b->h = hg_xrealloc(b->h, b->cap * sizeof *b->h);
  }
  b->h[b->n++] = h;
  return false;
}

typedef struct wstack {
  work *v;
  size_t n, cap;
} wstack;

static void hg__push(wstack *w, uint32_t block, const state *s) {
  if (w->n == w->cap) {
    w->cap = w->cap ? w->cap * 2 : 32;
    w->v = hg_xrealloc(w->v, w->cap * sizeof *w->v);
  }
  w->v[w->n].block = block;
  memcpy(&w->v[w->n].st, s, sizeof *s);
  w->n++;
}

static void hg__explore(hg_ctx *x, const hg_cfg *g) {
  bstates *seen = hg_xcalloc(g->nblocks, sizeof *seen);
  wstack w = {0};
  state s0;
  st_init(x, &s0);
  hg__push(&w, g->entry, &s0);
  state *cur = malloc(sizeof *cur);
  state *tmp = malloc(sizeof *tmp);
  if (!cur || !tmp) abort();
  uint32_t steps = 0;
  while (w.n) {
    w.n--;
    uint32_t b = w.v[w.n].block;
    memcpy(cur, &w.v[w.n].st, sizeof *cur);
    bool full = false;
    if (hg__seen(&seen[b], st_hash(cur), &full)) continue;
    if (++steps > HG__MAX_STEPS) break;
    x->st = cur;
    const hg_cfg_block *blk = &g->blocks[b];
    for (uint32_t i = 0; i < blk->nelems; i++) hg__exec(x, &blk->elems[i]);
    switch (blk->term) {
    case HG_CT_NONE:
      break;
    case HG_CT_GOTO:
      hg__push(&w, blk->succs[0], cur);
      break;
    case HG_CT_BRANCH: {
      x->stmt = blk->cond;
      x->discard = NULL;
      x->depth = 0;
      sval c = hg__eval_copy(x, blk->cond); /* `if (p)` tests, never dereferences */
      st_temps_clear(cur);
      /* push false first so that the true side is explored first */
      for (int side = 1; side >= 0; side--) {
        memcpy(tmp, cur, sizeof *tmp);
        x->st = tmp;
        if (hg__refine(x, tmp, &c, side == 0)) {
          hg__refine_null(x, tmp, blk->cond, side == 0);
          hg__push(&w, blk->succs[side], tmp);
        }
      }
      x->st = cur;
      break;
    }
    case HG_CT_SWITCH: {
      x->stmt = blk->cond;
      x->discard = NULL;
      x->depth = 0;
      sval c = hg__eval(x, blk->cond);
      st_temps_clear(cur);
      for (uint32_t k = blk->nsuccs; k-- > 0;) {
        memcpy(tmp, cur, sizeof *tmp);
        x->st = tmp;
        if (hg__refine_case(x, tmp, &c, blk, k)) hg__push(&w, blk->succs[k], tmp);
      }
      x->st = cur;
      break;
    }
    }
  }
  for (uint32_t i = 0; i < g->nblocks; i++) free(seen[i].h);
  free(seen);
  free(w.v);
  free(cur);
  free(tmp);
  x->st = NULL;
}

static void hg__mark_addr_taken(hg_ctx *x) {
  /* locals whose address is taken are never tracked (they may change
   * behind the analysis' back) */
  const hg_function *f = x->fn;
  size_t cap = 256, n = 0;
  const hg_node **stack = hg_xcalloc(cap, sizeof *stack);
  stack[n++] = f->body;
  while (n) {
    const hg_node *e = stack[--n];
    if (!e) continue;
    if (e->kind == HG_N_UNARY && e->op == HG_OP_ADDR) {
      const hg_node *v = hg_node_strip_casts(hg__child(e, 0));
      while (v && (v->kind == HG_N_MEMBER && !(v->flags & HG_NF_ARROW)))
        v = hg_node_strip_casts(hg__child(v, 0));
      while (v && v->kind == HG_N_SUBSCRIPT) v = hg_node_strip_casts(hg__child(v, 0));
      if (v && v->kind == HG_N_VAR && !(v->flags & HG_NF_GLOBAL) && v->ref >= 0 &&
          (uint32_t)v->ref < f->nvars)
        x->addr_taken[v->ref] = true;
    }
    if (n + e->nchildren >= cap) {
      cap = (cap + e->nchildren) * 2;
      stack = hg_xrealloc((void *)stack, cap * sizeof *stack);
    }
    for (uint32_t i = 0; i < e->nchildren; i++)
      if (e->children[i]) stack[n++] = e->children[i];
  }
  free((void *)stack);
}

/* Handles whose guard the function initialises or destroys
 * (`pthread_mutex_init(&c->mu, NULL)`, `pthread_mutex_destroy(&c->mu)`,
 * `hg_guard_init(&h->guard)`), or that it overwrites whole (`*c = (struct
 * counter){...}`, `memset(c, 0, sizeof *c)`): an init or destroy function
 * has the object to itself, before and after the call, so its accesses are
 * construction. */
static void hg__find_constructed(hg_ctx *x) {
  const hg_function *f = x->fn;
  x->constructed = 0;
  size_t cap = 256, n = 0;
  const hg_node **stack = hg_xcalloc(cap, sizeof *stack);
  stack[n++] = f->body;
  while (n) {
    const hg_node *e = stack[--n];
    if (!e) continue;
    /* the whole object overwritten: `*h = (struct s){...}`, `memset(h, 0, sizeof *h)` */
    const hg_node *whole = NULL;
    if (e->kind == HG_N_ASSIGN && e->op == HG_OP_ASSIGN) {
      const hg_node *l = hg_node_strip_casts(hg__child(e, 0));
      if (l && l->kind == HG_N_UNARY && l->op == HG_OP_DEREF) whole = hg_node_strip_casts(hg__child(l, 0));
    } else if (e->kind == HG_N_CALL && e->nchildren >= 2 && e->name &&
               (strcmp(e->name, "memset") == 0 || strcmp(e->name, "memcpy") == 0 ||
                strcmp(e->name, "bzero") == 0 || strcmp(e->name, "explicit_bzero") == 0)) {
      whole = hg_node_strip_casts(e->children[1]);
    }
    if (whole && whole->kind == HG_N_VAR && !(whole->flags & HG_NF_GLOBAL) && whole->ref >= 0 &&
        (uint32_t)whole->ref < f->nvars && x->hv_of_local[whole->ref] >= 0 &&
        !x->hv[x->hv_of_local[whole->ref]].by_value)
      x->constructed |= 1u << x->hv_of_local[whole->ref];
    if (e->kind == HG_N_CALL && e->nchildren >= 2 && hg__is_guard_init(e->name)) {
      const hg_node *a = hg_node_strip_casts(e->children[1]);
      if (a && a->kind == HG_N_UNARY && a->op == HG_OP_ADDR) a = hg_node_strip_casts(hg__child(a, 0));
      if (a && a->kind == HG_N_MEMBER && hg__member_is_guard(x, a)) {
        const hg_node *b = hg_node_strip_casts(hg__child(a, 0));
        if (b && b->kind == HG_N_VAR && !(b->flags & HG_NF_GLOBAL) && b->ref >= 0 &&
            (uint32_t)b->ref < f->nvars && x->hv_of_local[b->ref] >= 0)
          x->constructed |= 1u << x->hv_of_local[b->ref];
      }
    }
    if (n + e->nchildren >= cap) {
      cap = (cap + e->nchildren) * 2;
      stack = hg_xrealloc((void *)stack, cap * sizeof *stack);
    }
    for (uint32_t i = 0; i < e->nchildren; i++)
      if (e->children[i]) stack[n++] = e->children[i];
  }
  free((void *)stack);
}

/* Forgets what one exploration learnt about returns and wrappers. */
static void hg__wrapper_reset(hg_ctx *x) {
  hg_fsum *sum = x->sum;
  x->ret_fresh = x->ret_null = x->ret_other = 0;
  x->ew_tok = x->ew_guard_h = x->lw_tok = -1;
  x->ew_bad = x->ew_pend = false;
  x->ew_ok = x->ew_fail = 0;
  x->ew_nfail = 0;
  x->bw_h = -1;
  x->bw_bad = x->bw_pend = false;
  x->bw_ok = x->bw_fail = 0;
  x->bw_nfail = 0;
  sum->bw = sum->bw_always = false;
  sum->ew = sum->ew_always = sum->lw = false;
  sum->ewg = sum->ewg_always = sum->lwg = false;
}

static void hg__analyze_function(hg_ctx *x, uint32_t fi, bool emit) {
  const hg_function *f = &x->m->functions[fi];
  hg_fsum *sum = &x->tu->sum[fi];
  const char *why = NULL;
  hg_cfg *g = hg_cfg_build(f, &why);
  if (!g) {
    sum->complex = true;
    return;
  }
  x->fn = f;
  x->fidx = (int32_t)fi;
  x->sum = sum;
  x->emit = emit && !sum->in_system;
  x->exported = sum->exported;
  /* Every exported function is judged as an op: its handles may come from
   * parameters, lookups (id tables, globals) or a void * the caller passed.
   * Handles it allocated or constructed itself are exempt (born).  A static
   * function is an op only when it takes a handle: a callback that digs its
   * handle out of a context pointer (thread start routine, release callback)
   * runs under whatever lifetime rule its registrar gives it. */
  x->is_op = sum->exported && (!x->fn->is_static || sum->handle_param);
  x->has_bf = sum->calls_begin_free;
  bool enters = sum->calls_enter;
  for (uint32_t k = 0; k < sum->ncallees; k++) {
    const hg_fsum *cs = &x->tu->sum[sum->callees[k]];
    if (cs->analyzed && cs->bw) x->has_bf = true;
    if (cs->analyzed && (cs->ew || cs->ewg)) enters = true;
  }
  x->nh = 0;
  x->ntok = 0;
  x->nsites = 0;
  x->nonce = 0;
  hg__wrapper_reset(x);
  x->hv_of_local = hg_xcalloc(f->nvars, sizeof *x->hv_of_local);
  x->addr_taken = hg_xcalloc(f->nvars, sizeof *x->addr_taken);
  for (uint32_t v = 0; v < f->nvars; v++) {
    x->hv_of_local[v] = -1;
    bool by_value = false;
    if (hg_tu_handle_record_of(x->tu, &f->vars[v].type, &by_value) < 0) continue;
    if (x->nh >= HG__MAXH) continue;
    hvar *h = &x->hv[x->nh];
    memset(h, 0, sizeof *h);
    h->name = f->vars[v].name;
    h->var = (int32_t)v;
    h->is_param = v < f->nparams;
    h->param_no = h->is_param ? (int)v : -1;
    h->by_value = by_value;
    x->hv_of_local[v] = (int8_t)x->nh++;
  }
  hg__mark_addr_taken(x);
  hg__find_constructed(x);

  /* A function that may hand an entered lock to its callers (a lock
   * wrapper: static, or any function when the lock itself is the token) is
   * explored once quietly first: its callers, not it, leave that token. */
  if (x->emit && enters && (!x->exported || x->cfg->token_is_guard)) {
    x->emit = false;
    hg__explore(x, g);
    hg__wrapper_finish(x);
    for (int t = 0; t < x->ntok; t++)
      x->tok[t].wrapped = t == x->ew_tok && (sum->ew || sum->ewg);
    hg__wrapper_reset(x);
    x->emit = true;
  }
  /* summaries are recomputed from this run (monotone: union with before) */
  hg__explore(x, g);
  if (x->ret_fresh > 0 && x->ret_other == 0) sum->returns_fresh = true;
  hg__wrapper_finish(x);
  hg__bf_wrapper_finish(x);
  sum->analyzed = true;

  for (int t = 0; t < x->ntok; t++) free(x->tok[t].key);
  x->ntok = 0;
  for (uint32_t i = 0; i < x->nakeys; i++) free(x->akeys[i]);
  x->nakeys = 0;
  free(x->hv_of_local);
  free(x->addr_taken);
  x->hv_of_local = NULL;
  x->addr_taken = NULL;
  x->fn = NULL;
  hg_cfg_free(g);
}

/* Functions that matter: those that use handles or the protocol, and the
 * pointer-returning functions they reach (whose summaries say whether they
 * return fresh allocations or pointers derived from their arguments).
 * Everything else (all of a handle-free program) is skipped. */
static bool *hg__needed(const hg_tu *tu) {
  uint32_t nf = tu->m->nfunctions;
  bool *need = hg_xcalloc(nf, sizeof *need);
  uint32_t *queue = hg_xcalloc(nf + 1, sizeof *queue);
  uint32_t qh = 0, qt = 0;
  for (uint32_t i = 0; i < nf; i++) {
    const hg_fsum *s = &tu->sum[i];
    if (s->mentions_handle || s->calls_protocol || s->handle_param) {
      need[i] = true;
      queue[qt++] = i;
    }
  }
  /* Callers (transitively) of functions that enter without leaving or leave
   * without entering: lock helpers whose callers hold the lock
   * (`table_lock(); ...; table_unlock();` with no handle in sight). */
  bool *wcand = hg_xcalloc(nf, sizeof *wcand);
  uint32_t *wq = hg_xcalloc(nf + 1, sizeof *wq);
  uint32_t wh = 0, wt = 0;
  for (uint32_t i = 0; i < nf; i++)
    if (tu->sum[i].calls_enter != tu->sum[i].calls_leave) {
      wcand[i] = true;
      wq[wt++] = i;
    }
  if (wt) {
    uint32_t *ncallers;
    uint32_t *callers = hg_tu_callers(tu, &ncallers);
    while (wh < wt) {
      uint32_t g = wq[wh++];
      for (uint32_t k = ncallers[g]; k < ncallers[g + 1]; k++) {
        uint32_t c = callers[k];
        if (wcand[c]) continue;
        wcand[c] = true;
        wq[wt++] = c;
        if (!need[c]) {
          need[c] = true;
          queue[qt++] = c;
        }
      }
    }
    free(callers);
    free(ncallers);
  }
  free(wq);
  free(wcand);
  while (qh < qt) {
    const hg_fsum *s = &tu->sum[queue[qh++]];
    for (uint32_t k = 0; k < s->ncallees; k++) {
      uint32_t g = s->callees[k];
      if (need[g] || tu->m->functions[g].ret.kind != HG_TY_POINTER) continue;
      need[g] = true;
      queue[qt++] = g;
    }
  }
  free(queue);
  return need;
}

static bool hg__worth_analysing(const hg_tu *tu, const bool *need, uint32_t fi) {
  const hg_function *f = &tu->m->functions[fi];
  const hg_fsum *s = &tu->sum[fi];
  return need[fi] && f->has_body && f->body && !s->complex;
}

/* ---- hg_analyze ----------------------------------------------------------- */

void hg_analyze(const hg_model *m, const hg_config *cfg, hg_diags *out) {
  if (!m || !cfg || !out) return;
  hg_tu tu;
  memset(&tu, 0, sizeof tu);
  tu.m = m;
  tu.cfg = cfg;
  if (cfg->exported_regex && *cfg->exported_regex &&
      regcomp(&tu.regex, cfg->exported_regex, REG_EXTENDED | REG_NOSUB) == 0)
    tu.have_regex = true;
  if (cfg->drained_value) {
    int64_t v;
    char *end = NULL;
    if (hg_model_find_enumerator(m, cfg->drained_value, &v)) {
      tu.drained_known = true;
      tu.drained = v;
    } else {
      long long ll = strtoll(cfg->drained_value, &end, 0);
      if (end && end != cfg->drained_value && *end == '\0') {
        tu.drained_known = true;
        tu.drained = ll;
      }
    }
  }
  tu.all_failures_known = cfg->not_drained.n > 0 && cfg->not_drained.n <= 8;
  for (size_t i = 0; i < cfg->not_drained.n && i < 8; i++) {
    int64_t v;
    if (hg_model_find_enumerator(m, cfg->not_drained.v[i], &v))
      tu.failure[tu.nfailure++] = v;
    else
      tu.all_failures_known = false;
  }
  tu.enter_success = hg_xcalloc(cfg->nenter, sizeof *tu.enter_success);
  for (size_t i = 0; i < cfg->nenter; i++) {
    int64_t v;
    if (cfg->enter[i].success_value && hg_model_find_enumerator(m, cfg->enter[i].success_value, &v))
      tu.enter_success[i] = v;
  }
  hg_tu_classify_records(&tu);
  /* Fast path: no handle record and no protocol function declared means no
   * function can hold a token or touch a handle: only records are checked. */
  bool protocol_declared = false;
  for (uint32_t i = 0; i < m->nfunctions && !protocol_declared; i++) {
    const char *name = m->functions[i].name;
    if (hg_config_find_enter(cfg, name) || hg_tu_is_leave(&tu, name) ||
        hg_tu_is_begin_free(&tu, name) || hg_tu_is_is_freeing(&tu, name))
      protocol_declared = true;
  }
  bool analyse_functions = tu.any_handle || protocol_declared;
  if (analyse_functions) hg_tu_prescan(&tu);

  hg_ctx x;
  memset(&x, 0, sizeof x);
  x.tu = &tu;
  x.m = m;
  x.cfg = cfg;
  x.out = out;
  x.first_diag = out->n;
  x.tok_rec = -2;

  /* records */
  x.emit = true;
  for (uint32_t r = 0; r < m->nrecords; r++)
    for (size_t i = 0; i < sizeof hg__rules / sizeof hg__rules[0]; i++) {
      const hg_rule *rule = hg__rules[i];
      if (rule->on_record && hg_config_runs(cfg, rule->id)) {
        x.cur_rule = rule->id;
        rule->on_record(&x, r);
      }
    }

  bool any_protocol = false;
  for (uint32_t i = 0; analyse_functions && i < m->nfunctions; i++)
    if (tu.sum[i].calls_protocol) any_protocol = true;
  if (analyse_functions && (tu.any_handle || any_protocol)) {
    uint32_t n = 0;
    bool cycles = false;
    uint32_t *order = hg_tu_bottom_up(&tu, &n, &cycles);
    bool *need = hg__needed(&tu);
    if (cfg->infer_inner_fields && tu.any_handle) {
      /* first pass: which fields the lock protects (see hg__field_inner) */
      tu.field_flags = hg_xcalloc(m->nrecords, sizeof *tu.field_flags);
      tu.collecting = true;
      for (int round = 0; round < (cycles ? 4 : 1); round++)
        for (uint32_t k = 0; k < n; k++)
          if (hg__worth_analysing(&tu, need, order[k])) hg__analyze_function(&x, order[k], false);
      tu.collecting = false;
      hg_tu_reset_summaries(&tu);
    }
    if (cycles) {
      /* summaries to a fixpoint first (they only grow), then report */
      for (int round = 0; round < 4; round++) {
        bool changed = false;
        for (uint32_t k = 0; k < n; k++) {
          uint32_t fi = order[k];
          if (!hg__worth_analysing(&tu, need, fi)) continue;
          hg_fsum before = tu.sum[fi];
          hg__analyze_function(&x, fi, false);
          const hg_fsum *after = &tu.sum[fi];
          if (before.touches != after->touches || before.frees != after->frees ||
              before.returns_inner != after->returns_inner ||
              before.returns_deriv != after->returns_deriv ||
              before.returns_fresh != after->returns_fresh || before.analyzed != after->analyzed ||
              before.ew != after->ew || before.lw != after->lw || before.bw != after->bw)
            changed = true;
        }
        if (!changed) break;
      }
    }
    for (uint32_t k = 0; k < n; k++) {
      uint32_t fi = order[k];
      if (hg__worth_analysing(&tu, need, fi)) hg__analyze_function(&x, fi, true);
    }
    free(order);
    free(need);
  }
  free(x.once);
  free((void *)x.sites);
  free(x.akeys);
  if (x.dropped) {
    for (uint32_t i = 0; i < m->nrecords; i++) free(x.dropped[i]);
    free(x.dropped);
  }
  hg_tu_free(&tu);
  /* sort and deduplicate only what this call added: file indices of an
   * earlier model in the same list mean other files */
  hg_diags mine;
  mine.v = out->v + x.first_diag;
  mine.n = out->n - x.first_diag;
  mine.cap = mine.n;
  hg_diags_sort_unique(&mine);
  out->n = x.first_diag + mine.n;
}

/* ---- the query API -------------------------------------------------------- */

const hg_model *hg_ctx_model(const hg_ctx *ctx) { return ctx->m; }
const hg_config *hg_ctx_config(const hg_ctx *ctx) { return ctx->cfg; }

const char *hg_ctx_enter_name(const hg_ctx *ctx) {
  return ctx->cfg->nenter ? ctx->cfg->enter[0].name : "hg_try_enter";
}
const char *hg_ctx_leave_name(const hg_ctx *ctx) {
  return ctx->cfg->leave.n ? ctx->cfg->leave.v[0] : "hg_leave";
}
const char *hg_ctx_begin_free_name(const hg_ctx *ctx) {
  return ctx->cfg->begin_free.n ? ctx->cfg->begin_free.v[0] : "hg_begin_free";
}
const char *hg_ctx_drained_name(const hg_ctx *ctx) {
  return ctx->cfg->drained_value ? ctx->cfg->drained_value : "HG_DRAINED";
}
const char *hg_ctx_guard_type(const hg_ctx *ctx) {
  return ctx->cfg->guard_type ? ctx->cfg->guard_type : "hg_guard";
}

bool hg_ctx_record_is_handle(const hg_ctx *ctx, uint32_t record) {
  return record < ctx->m->nrecords && ctx->tu->is_handle[record];
}

bool hg_ctx_record_guard_field(const hg_ctx *ctx, uint32_t record, uint32_t *field, bool *by_pointer) {
  if (record >= ctx->m->nrecords || ctx->tu->guard_field[record] < 0) return false;
  if (field) *field = (uint32_t)ctx->tu->guard_field[record];
  if (by_pointer) *by_pointer = ctx->tu->guard_by_ptr[record];
  return true;
}

bool hg_ctx_record_inner_guard_field(const hg_ctx *ctx, uint32_t record, uint32_t *field) {
  if (record >= ctx->m->nrecords || ctx->tu->inner_guard_field[record] < 0) return false;
  if (field) *field = (uint32_t)ctx->tu->inner_guard_field[record];
  return true;
}

const hg_function *hg_ctx_function(const hg_ctx *ctx) { return ctx->fn; }
bool hg_ctx_is_exported(const hg_ctx *ctx) { return ctx->fn && ctx->exported; }
bool hg_ctx_is_op(const hg_ctx *ctx) { return ctx->fn && ctx->is_op; }
bool hg_ctx_calls_begin_free(const hg_ctx *ctx) { return ctx->fn && ctx->has_bf; }

const char *hg_ctx_handle_name(const hg_ctx *ctx, int handle) {
  if (handle < 0 || handle >= ctx->nh) return "?";
  return ctx->hv[handle].name;
}

bool hg_ctx_handle_is_param(const hg_ctx *ctx, int handle) {
  int rep = ctx->st ? hg__rep(ctx, handle) : handle;
  return rep >= 0 && rep < ctx->nh && ctx->hv[rep].is_param;
}

bool hg_ctx_handle_fresh(const hg_ctx *ctx, int handle) {
  int rep = ctx->st ? hg__rep(ctx, handle) : -1;
  return rep >= 0 && ctx->st->h[rep].fresh;
}

bool hg_ctx_handle_handed_out(const hg_ctx *ctx, int handle, hg_loc *where) {
  int rep = ctx->st ? hg__rep(ctx, handle) : -1;
  if (rep < 0 || ctx->st->h[rep].handed_site == HG__NOSITE) return false;
  if (where) *where = hg__site_loc(ctx, ctx->st->h[rep].handed_site);
  return true;
}

unsigned hg_ctx_guard_state(const hg_ctx *ctx, int handle) {
  int rep = ctx->st ? hg__rep(ctx, handle) : -1;
  if (rep < 0) return 0;
  const state *s = ctx->st;
  unsigned g = 0;
  for (int t = 0; t < ctx->ntok; t++) {
    const tokst *tk = &s->tok[t];
    if (tk->handle != rep) continue;
    if (tk->phase == HG_TOK_ENTERED) g |= HG_GS_ENTERED;
    if (tk->phase == HG_TOK_PENDING) g |= HG_GS_PENDING;
    if (tk->phase == HG_TOK_FAILED) g |= HG_GS_FAILED;
    if (tk->phase == HG_TOK_LEFT) g |= HG_GS_LEFT;
    if (tk->flags & TF_UNCHECKED) g |= HG_GS_UNCHECKED;
  }
  if (s->h[rep].bf == BF_DRAINED) g |= HG_GS_DRAINED;
  if (s->h[rep].bf != BF_NONE) g |= HG_GS_FREE_BEGUN;
  return g;
}

int hg_ctx_ntokens(const hg_ctx *ctx) { return ctx->fn ? ctx->ntok : 0; }

bool hg_ctx_token_on_handle(const hg_ctx *ctx, int token, int handle) {
  int rep = ctx->st ? hg__rep(ctx, handle) : -1;
  return rep >= 0 && token >= 0 && token < ctx->ntok && ctx->st->tok[token].handle == rep;
}

bool hg_ctx_token(const hg_ctx *ctx, int token, hg_token_info *out) {
  if (!ctx->st || token < 0 || token >= ctx->ntok) return false;
  const tokst *tk = &ctx->st->tok[token];
  memset(out, 0, sizeof *out);
  out->key = ctx->tok[token].key;
  out->phase = (hg_token_phase)tk->phase;
  out->handle = tk->handle == HG__NOH ? -1 : tk->handle;
  out->enter_loc = hg__site_loc(ctx, tk->site);
  out->leave_loc = hg__site_loc(ctx, tk->leave_site);
  out->param_rooted = ctx->tok[token].param_rooted;
  out->caller_owned = ctx->tok[token].caller_owned;
  out->wrapped = ctx->tok[token].wrapped;
  out->unchecked = (tk->flags & TF_UNCHECKED) != 0;
  return true;
}

bool hg_ctx_freeing_gate(const hg_ctx *ctx, int handle, hg_loc *call_loc) {
  int rep = ctx->st ? hg__rep(ctx, handle) : -1;
  if (rep < 0 || ctx->st->h[rep].isf_site == HG__NOSITE) return false;
  if (call_loc) *call_loc = hg__site_loc(ctx, ctx->st->h[rep].isf_site);
  return true;
}

bool hg_ctx_quiet(const hg_ctx *ctx, int handle) {
  int rep = ctx->st ? hg__rep(ctx, handle) : -1;
  return rep >= 0 && (ctx->st->h[rep].quiet & (1u << ctx->cur_rule));
}

void hg_ctx_set_quiet(hg_ctx *ctx, int handle) {
  int rep = ctx->st ? hg__rep(ctx, handle) : -1;
  if (rep >= 0) ctx->st->h[rep].quiet |= 1u << ctx->cur_rule;
}

bool hg_ctx_once(hg_ctx *ctx, const void *key) {
  for (uint32_t i = 0; i < ctx->nonce; i++)
    if (ctx->once[i].rule == ctx->cur_rule && ctx->once[i].key == key) return false;
  if (ctx->nonce == ctx->cap_once) {
    ctx->cap_once = ctx->cap_once ? ctx->cap_once * 2 : 16;
    ctx->once = hg_xrealloc(ctx->once, ctx->cap_once * sizeof *ctx->once);
  }
  ctx->once[ctx->nonce].rule = ctx->cur_rule;
  ctx->once[ctx->nonce].key = key;
  ctx->nonce++;
  return true;
}

hg_diag *hg_ctx_report(hg_ctx *ctx, hg_loc loc, const char *fmt, ...) {
  if (!ctx->emit) return NULL;
  hg_diags *d = ctx->out;
  for (size_t i = ctx->first_diag; i < d->n; i++)
    if (d->v[i].rule == ctx->cur_rule && d->v[i].loc.file == loc.file &&
        d->v[i].loc.line == loc.line && d->v[i].loc.col == loc.col)
      return NULL;
  char buf[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  return hg_diags_add(d, ctx->cur_rule, loc, buf);
}

void hg_ctx_note_blocking_chain(const hg_ctx *ctx, hg_diag *diag, const hg_function *fn) {
  if (!diag || !fn) return;
  int32_t fi = (int32_t)(fn - ctx->m->functions);
  for (int depth = 0; depth < 8 && fi >= 0 && (uint32_t)fi < ctx->m->nfunctions; depth++) {
    const hg_fsum *s = &ctx->tu->sum[fi];
    const hg_function *f = &ctx->m->functions[fi];
    if (!s->block_call) {
      if (hg_function_has_annotation(f, "hg_blocking"))
        hg_diag_add_note(diag, f->loc, "'%s' is marked HG_BLOCKING", f->name);
      break;
    }
    hg_diag_add_note(diag, hg_node_loc(s->block_call), "'%s' calls '%s' here", f->name,
                     s->block_callee ? s->block_callee : "?");
    fi = s->block_next;
  }
}
