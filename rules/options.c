/*
 * options.c - clang-tidy CheckOptions keys and values mapped onto hg_config.
 * See options.h for the key forms, value syntax and precedence.
 */
#include "options.h"

#include <ctype.h>
#include <regex.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- the options --------------------------------------------------------- */

typedef enum hg__opt {
  OPT_PROFILE,
  OPT_GUARD_TYPE,
  OPT_ENTER,
  OPT_LEAVE,
  OPT_BEGIN_FREE,
  OPT_BEGIN_FREE_RESULT,
  OPT_DRAINED,
  OPT_IS_FREEING,
  OPT_DEALLOCATORS,
  OPT_ALLOCATORS,
  OPT_BLOCKING,
  OPT_NON_BLOCKING,
  OPT_HANDLE_TYPES,
  OPT_EXPORTED_REGEX,
  OPT_SHUTTING_DOWN,
  OPT__COUNT
} hg__opt;

static const hg_option_info hg__options[OPT__COUNT] = {
    [OPT_PROFILE] = {"Profile", "handleguard",
                     "protocol preset: handleguard, pthread-mutex, rundown or percpu-ref"},
    [OPT_GUARD_TYPE] = {"GuardType", "hg_guard", "record or typedef name of the guard field's type"},
    [OPT_ENTER] = {"EnterFunctions", "hg_try_enter",
                   "functions that enter an op; each `name[:true|zero|always]`"},
    [OPT_LEAVE] = {"LeaveFunctions", "hg_leave", "functions that leave an op"},
    [OPT_BEGIN_FREE] = {"BeginFreeFunctions", "hg_begin_free",
                        "functions that start freeing and drain the ops"},
    [OPT_BEGIN_FREE_RESULT] = {"BeginFreeReturnsResult", "true",
                               "whether begin-free returns a result to test against DrainedValue"},
    [OPT_DRAINED] = {"DrainedValue", "HG_DRAINED",
                     "begin-free result that means drained (enumerator, macro or integer)"},
    [OPT_IS_FREEING] = {"IsFreeingFunctions", "hg_is_freeing",
                        "functions that ask whether freeing has begun"},
    [OPT_DEALLOCATORS] = {"Deallocators", "free;realloc", "functions that deallocate their argument 0"},
    [OPT_ALLOCATORS] = {"AllocatorFunctions", "malloc;calloc;realloc;aligned_alloc",
                        "functions whose result is a fresh allocation"},
    [OPT_BLOCKING] = {"BlockingFunctions", "", "added to the built-in list of blocking functions"},
    [OPT_NON_BLOCKING] = {"NonBlockingFunctions", "",
                          "removed from the built-in list of blocking functions"},
    [OPT_HANDLE_TYPES] = {"HandleTypes", "",
                          "records treated as handles even without a guard field or HG_HANDLE"},
    [OPT_EXPORTED_REGEX] = {"ExportedFunctionRegex", "",
                            "POSIX extended regex of exported function names; empty: external linkage"},
    [OPT_SHUTTING_DOWN] = {"ShuttingDownValue", "",
                           "sentinel returned by int-returning ops when enter fails (for fix-its)"},
};

const hg_option_info *hg_option_table(size_t *n) {
  if (n) *n = OPT__COUNT;
  return hg__options;
}

/* ---- interned strings ---------------------------------------------------- */

typedef struct hg__interned {
  struct hg__interned *next;
  char s[];
} hg__interned;

static hg__interned *hg__intern_head;
static atomic_flag hg__intern_lock = ATOMIC_FLAG_INIT;

static const char *hg__intern(const char *s) {
  while (atomic_flag_test_and_set_explicit(&hg__intern_lock, memory_order_acquire)) {
  }
  const char *found = NULL;
  for (hg__interned *p = hg__intern_head; p && !found; p = p->next)
    if (strcmp(p->s, s) == 0) found = p->s;
  if (!found) {
    size_t n = strlen(s) + 1;
    hg__interned *p = malloc(sizeof *p + n);
    if (!p) abort();
    memcpy(p->s, s, n);
    p->next = hg__intern_head;
    hg__intern_head = p;
    found = p->s;
  }
  atomic_flag_clear_explicit(&hg__intern_lock, memory_order_release);
  return found;
}

/* ---- helpers ------------------------------------------------------------- */

static bool hg__is_space(char ch) { return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r'; }

/* Copies [b, e) trimmed into a fresh string. */
static char *hg__trimmed(const char *b, const char *e) {
  while (b < e && hg__is_space(*b)) b++;
  while (e > b && hg__is_space(e[-1])) e--;
  size_t n = (size_t)(e - b);
  char *p = malloc(n + 1);
  if (!p) abort();
  memcpy(p, b, n);
  p[n] = '\0';
  return p;
}

static bool hg__is_identifier(const char *s) {
  if (!(*s == '_' || isalpha((unsigned char)*s))) return false;
  for (s++; *s; s++)
    if (!(*s == '_' || isalnum((unsigned char)*s))) return false;
  return true;
}

static void hg__errf(char *err, size_t errlen, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void hg__errf(char *err, size_t errlen, const char *fmt, ...) {
  if (!err || errlen == 0) return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err, errlen, fmt, ap);
  va_end(ap);
}

/* Optimal-string-alignment distance, case-insensitive; large when too long. */
static size_t hg__distance(const char *a, const char *b) {
  enum { MAX = 64 };
  size_t n = strlen(a), m = strlen(b);
  if (n >= MAX || m >= MAX) return SIZE_MAX;
  size_t d[MAX + 1][MAX + 1];
  for (size_t i = 0; i <= n; i++) d[i][0] = i;
  for (size_t j = 0; j <= m; j++) d[0][j] = j;
  for (size_t i = 1; i <= n; i++)
    for (size_t j = 1; j <= m; j++) {
      int ca = tolower((unsigned char)a[i - 1]), cb = tolower((unsigned char)b[j - 1]);
      size_t cost = ca == cb ? 0 : 1;
      size_t best = d[i - 1][j] + 1;
      if (d[i][j - 1] + 1 < best) best = d[i][j - 1] + 1;
      if (d[i - 1][j - 1] + cost < best) best = d[i - 1][j - 1] + cost;
      if (i > 1 && j > 1 && ca == tolower((unsigned char)b[j - 2]) &&
          tolower((unsigned char)a[i - 2]) == cb && d[i - 2][j - 2] + 1 < best)
        best = d[i - 2][j - 2] + 1;
      d[i][j] = best;
    }
  return d[n][m];
}

/* The closest of `cands` to `s`, or NULL when none is close enough. */
static const char *hg__suggest(const char *s, const char *const *cands, size_t ncands) {
  const char *best = NULL;
  size_t best_d = SIZE_MAX;
  for (size_t i = 0; i < ncands; i++) {
    size_t d = hg__distance(s, cands[i]);
    size_t len = strlen(cands[i]);
    size_t limit = (len + 2) / 3;
    if (limit < 1) limit = 1;
    if (d <= limit && d < best_d) {
      best = cands[i];
      best_d = d;
    }
  }
  return best;
}

/* ---- keys ---------------------------------------------------------------- */

typedef enum { SCOPE_NONE, SCOPE_MODULE, SCOPE_CHECK } hg__scope;

typedef struct hg__key {
  hg__scope scope;
  int rule;   /* SCOPE_CHECK: the check */
  hg__opt opt;
} hg__key;

bool hg_option_in_namespace(const char *name) {
  return name && strncmp(name, "handleguard", 11) == 0 &&
         (name[11] == '\0' || name[11] == '.' || name[11] == '-');
}

static hg_option_result hg__parse_key(const char *name, hg__key *k, char *err, size_t errlen) {
  memset(k, 0, sizeof *k);
  k->rule = -1;
  if (!hg_option_in_namespace(name)) return HG_OPTION_IGNORED;
  const char *opt;
  char prefix[128];
  if (name[11] == '.') {
    k->scope = SCOPE_MODULE;
    opt = name + 12;
    snprintf(prefix, sizeof prefix, "handleguard.");
  } else if (name[11] == '-') {
    k->scope = SCOPE_CHECK;
    const char *check = name + 12;
    const char *dot = strchr(check, '.');
    if (!dot) {
      hg__errf(err, errlen,
               "option name '%s' has no option part (expected 'handleguard.<Option>' or "
               "'handleguard-<check>.<Option>')",
               name);
      return HG_OPTION_BAD_NAME;
    }
    size_t clen = (size_t)(dot - check);
    char cname[96];
    if (clen >= sizeof cname) clen = sizeof cname - 1;
    memcpy(cname, check, clen);
    cname[clen] = '\0';
    k->rule = hg_rule_lookup(cname);
    if (k->rule < 0 || strncmp(cname, "handleguard-", 12) == 0) {
      const char *cands[HG_RULE__COUNT];
      for (int i = 0; i < HG_RULE__COUNT; i++) cands[i] = hg_rule_name((hg_rule_id)i);
      const char *s = hg__suggest(cname, cands, HG_RULE__COUNT);
      if (s)
        hg__errf(err, errlen, "unknown check 'handleguard-%s' in option '%s' (did you mean 'handleguard-%s%s'?)",
                 cname, name, s, dot);
      else
        hg__errf(err, errlen, "unknown check 'handleguard-%s' in option '%s'", cname, name);
      return HG_OPTION_BAD_NAME;
    }
    opt = dot + 1;
    snprintf(prefix, sizeof prefix, "handleguard-%s.", cname);
  } else {
    hg__errf(err, errlen,
             "unknown option '%s' (expected 'handleguard.<Option>' or 'handleguard-<check>.<Option>')",
             name);
    return HG_OPTION_BAD_NAME;
  }
  for (int i = 0; i < OPT__COUNT; i++)
    if (strcmp(hg__options[i].name, opt) == 0) {
      k->opt = (hg__opt)i;
      return HG_OPTION_APPLIED;
    }
  const char *cands[OPT__COUNT];
  for (int i = 0; i < OPT__COUNT; i++) cands[i] = hg__options[i].name;
  const char *s = *opt ? hg__suggest(opt, cands, OPT__COUNT) : NULL;
  if (s)
    hg__errf(err, errlen, "unknown option '%s' (did you mean '%s%s'?)", name, prefix, s);
  else
    hg__errf(err, errlen, "unknown option '%s'", name);
  return HG_OPTION_BAD_NAME;
}

/* ---- values -------------------------------------------------------------- */

typedef struct hg__items {
  char **v;
  hg_enter_success *succ;   /* EnterFunctions only */
  size_t n, cap;
} hg__items;

static void hg__items_free(hg__items *it) {
  for (size_t i = 0; i < it->n; i++) free(it->v[i]);
  free(it->v);
  free(it->succ);
  memset(it, 0, sizeof *it);
}

static void hg__items_push(hg__items *it, char *s, hg_enter_success succ) {
  if (it->n == it->cap) {
    it->cap = it->cap ? it->cap * 2 : 8;
    it->v = realloc(it->v, it->cap * sizeof *it->v);
    it->succ = realloc(it->succ, it->cap * sizeof *it->succ);
    if (!it->v || !it->succ) abort();
  }
  it->v[it->n] = s;
  it->succ[it->n] = succ;
  it->n++;
}

/* Splits a `;` list of identifiers (with `:success` suffixes when `enter`). */
static bool hg__parse_list(const char *name, const char *value, bool enter, const char *what,
                           hg__items *out, char *err, size_t errlen) {
  memset(out, 0, sizeof *out);
  const char *p = value;
  for (;;) {
    const char *semi = strchr(p, ';');
    const char *end = semi ? semi : p + strlen(p);
    char *item = hg__trimmed(p, end);
    if (!*item) {
      /* "" is the empty list; one trailing ';' after an item is tolerated. */
      bool whole_empty = out->n == 0 && !semi;
      bool trailing = out->n > 0 && !semi;
      free(item);
      if (!whole_empty && !trailing) {
        hg__errf(err, errlen, "empty %s in the list '%s' of option '%s'", what, value, name);
        hg__items_free(out);
        return false;
      }
    } else {
      hg_enter_success succ = HG_ENTER_TRUE;
      char *colon = enter ? strchr(item, ':') : NULL;
      if (colon) {
        char *sem = hg__trimmed(colon + 1, colon + strlen(colon));
        char *base = hg__trimmed(item, colon);
        if (strcmp(sem, "true") == 0) {
          succ = HG_ENTER_TRUE;
        } else if (strcmp(sem, "zero") == 0) {
          succ = HG_ENTER_ZERO;
        } else if (strcmp(sem, "always") == 0) {
          succ = HG_ENTER_ALWAYS;
        } else {
          hg__errf(err, errlen,
                   "unknown success semantics '%s' for '%s' in option '%s' (expected true, zero or always)",
                   sem, base, name);
          free(sem);
          free(base);
          free(item);
          hg__items_free(out);
          return false;
        }
        free(sem);
        free(item);
        item = base;
      }
      if (!hg__is_identifier(item)) {
        if (!*item)
          hg__errf(err, errlen, "empty %s in the list '%s' of option '%s'", what, value, name);
        else if (strchr(item, ','))
          hg__errf(err, errlen, "invalid %s '%s' in option '%s' (list items are separated by ';')",
                   what, item, name);
        else
          hg__errf(err, errlen, "invalid %s '%s' in option '%s' (expected a C identifier)", what,
                   item, name);
        free(item);
        hg__items_free(out);
        return false;
      }
      hg__items_push(out, item, succ);
    }
    if (!semi) break;
    p = semi + 1;
  }
  return true;
}

/* clang-tidy's reading of a boolean option: YAML booleans, else an integer. */
static bool hg__parse_bool(const char *v, bool *out) {
  static const char *const yes[] = {"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"};
  static const char *const no[] = {"n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"};
  for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
    if (strcmp(v, yes[i]) == 0) return *out = true, true;
  for (size_t i = 0; i < sizeof no / sizeof *no; i++)
    if (strcmp(v, no[i]) == 0) return *out = false, true;
  if (!*v) return false;
  char *end;
  long long n = strtoll(v, &end, 10);
  if (*end) return false;
  *out = n != 0;
  return true;
}

static void hg__list_assign(hg_strlist *l, const hg__items *it) {
  hg_strlist_clear(l);
  for (size_t i = 0; i < it->n; i++) hg_strlist_push(l, it->v[i]);
}

/* Validates `value` for option `o` and, when c is non-NULL, applies it. */
static bool hg__apply_value(hg_config *c, hg__opt o, const char *name, const char *value, char *err,
                            size_t errlen) {
  char *v = hg__trimmed(value, value + strlen(value));
  bool ok = true;
  switch (o) {
    case OPT_PROFILE: {
      static const char *const profiles[] = {"handleguard", "pthread-mutex", "rundown", "percpu-ref"};
      bool known = false;
      for (size_t i = 0; i < 4; i++) known = known || strcmp(v, profiles[i]) == 0;
      if (!known) {
        const char *s = hg__suggest(v, profiles, 4);
        if (s)
          hg__errf(err, errlen, "unknown profile '%s' for option '%s' (did you mean '%s'?)", v, name, s);
        else
          hg__errf(err, errlen,
                   "unknown profile '%s' for option '%s' (expected handleguard, pthread-mutex, "
                   "rundown or percpu-ref)",
                   v, name);
        ok = false;
      } else if (c) {
        hg_config_apply_profile(c, v);
      }
      break;
    }
    case OPT_GUARD_TYPE:
      if (!hg__is_identifier(v)) {
        hg__errf(err, errlen, "invalid guard type '%s' for option '%s' (expected a type name)", v, name);
        ok = false;
      } else if (c) {
        c->guard_type = hg__intern(v);
      }
      break;
    case OPT_DRAINED: {
      bool valid = hg__is_identifier(v);
      if (!valid && *v) {
        const char *d = v;
        if (*d == '-' || *d == '+') d++;
        char *end;
        if (*d && isdigit((unsigned char)*d)) {
          (void)strtoull(d, &end, 0);
          valid = *end == '\0';
        }
      }
      if (!valid) {
        hg__errf(err, errlen,
                 "invalid value '%s' for option '%s' (expected an enumerator, a macro name or an integer)",
                 v, name);
        ok = false;
      } else if (c) {
        c->drained_value = hg__intern(v);
      }
      break;
    }
    case OPT_BEGIN_FREE_RESULT: {
      bool b;
      if (!hg__parse_bool(v, &b)) {
        hg__errf(err, errlen, "invalid value '%s' for option '%s' (expected true or false)", v, name);
        ok = false;
      } else if (c) {
        c->begin_free_returns_result = b;
      }
      break;
    }
    case OPT_EXPORTED_REGEX:
      if (*v) {
        regex_t re;
        int rc = regcomp(&re, v, REG_EXTENDED | REG_NOSUB);
        if (rc != 0) {
          char msg[160];
          regerror(rc, &re, msg, sizeof msg);
          hg__errf(err, errlen, "invalid regular expression '%s' for option '%s': %s", v, name, msg);
          ok = false;
        } else {
          regfree(&re);
        }
      }
      if (ok && c) c->exported_regex = *v ? hg__intern(v) : NULL;
      break;
    case OPT_SHUTTING_DOWN:
      if (strchr(v, '\n')) {
        hg__errf(err, errlen, "invalid value for option '%s' (expected a single-line expression)", name);
        ok = false;
      } else if (c) {
        c->shutting_down_value = *v ? hg__intern(v) : NULL;
      }
      break;
    case OPT_ENTER:
    case OPT_LEAVE:
    case OPT_BEGIN_FREE:
    case OPT_IS_FREEING:
    case OPT_DEALLOCATORS:
    case OPT_ALLOCATORS:
    case OPT_BLOCKING:
    case OPT_NON_BLOCKING:
    case OPT_HANDLE_TYPES: {
      hg__items it;
      const char *what = o == OPT_HANDLE_TYPES ? "type name" : "function name";
      if (!hg__parse_list(name, v, o == OPT_ENTER, what, &it, err, errlen)) {
        ok = false;
        break;
      }
      if (c) {
        switch (o) {
          case OPT_ENTER:
            for (size_t i = 0; i < c->nenter; i++) free((char *)c->enter[i].name);
            c->nenter = 0;
            for (size_t i = 0; i < it.n; i++) hg_config_add_enter(c, it.v[i], it.succ[i]);
            break;
          case OPT_LEAVE: hg__list_assign(&c->leave, &it); break;
          case OPT_BEGIN_FREE: hg__list_assign(&c->begin_free, &it); break;
          case OPT_IS_FREEING: hg__list_assign(&c->is_freeing, &it); break;
          case OPT_DEALLOCATORS: hg__list_assign(&c->deallocators, &it); break;
          case OPT_ALLOCATORS: hg__list_assign(&c->allocators, &it); break;
          case OPT_BLOCKING: hg__list_assign(&c->blocking_extra, &it); break;
          case OPT_NON_BLOCKING: hg__list_assign(&c->non_blocking, &it); break;
          case OPT_HANDLE_TYPES: hg__list_assign(&c->handle_types, &it); break;
          default: break;
        }
      }
      hg__items_free(&it);
      break;
    }
    case OPT__COUNT:
      break;
  }
  free(v);
  return ok;
}

/* ---- public entry points ------------------------------------------------- */

hg_option_result hg_config_apply_option(hg_config *c, const char *name, const char *value,
                                        char *err, size_t errlen) {
  hg__key k;
  hg_option_result r = hg__parse_key(name, &k, err, errlen);
  if (r != HG_OPTION_APPLIED) return r;
  if (!value) value = "";
  return hg__apply_value(c, k.opt, name, value, err, errlen) ? HG_OPTION_APPLIED
                                                             : HG_OPTION_BAD_VALUE;
}

bool hg_config_set_option(hg_config *c, const char *name, const char *value, char *err,
                          size_t errlen) {
  hg_option_result r = hg_config_apply_option(c, name, value, err, errlen);
  return r == HG_OPTION_APPLIED || r == HG_OPTION_IGNORED;
}

typedef struct hg__ranked {
  size_t index;
  int rank;   /* 0/1: Profile module/check; 2/3: others module/check */
  int rule;
} hg__ranked;

static int hg__rank_cmp(const void *a, const void *b) {
  const hg__ranked *x = a, *y = b;
  if (x->rank != y->rank) return x->rank < y->rank ? -1 : 1;
  if (x->rule != y->rule) return x->rule < y->rule ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

bool hg_config_set_options(hg_config *c, const hg_option *opts, size_t n, size_t *bad_index,
                           char *err, size_t errlen) {
  hg__ranked *order = malloc((n ? n : 1) * sizeof *order);
  if (!order) abort();
  size_t m = 0;
  for (size_t i = 0; i < n; i++) {
    hg__key k;
    hg_option_result r = hg__parse_key(opts[i].name, &k, err, errlen);
    if (r == HG_OPTION_IGNORED) continue;
    if (r != HG_OPTION_APPLIED ||
        !hg__apply_value(NULL, k.opt, opts[i].name, opts[i].value ? opts[i].value : "", err, errlen)) {
      if (bad_index) *bad_index = i;
      free(order);
      return false;
    }
    order[m].index = i;
    order[m].rank = (k.opt == OPT_PROFILE ? 0 : 2) + (k.scope == SCOPE_CHECK ? 1 : 0);
    order[m].rule = k.rule;
    m++;
  }
  qsort(order, m, sizeof *order, hg__rank_cmp);
  for (size_t j = 0; j < m; j++) {
    const hg_option *o = &opts[order[j].index];
    hg_config_apply_option(c, o->name, o->value, err, errlen);
  }
  free(order);
  return true;
}

/* ---- dump ---------------------------------------------------------------- */

void hg_put_yaml_quoted(FILE *out, const char *s) {
  fputc('\'', out);
  for (; *s; s++) {
    if (*s == '\'') fputc('\'', out);
    fputc(*s, out);
  }
  fputc('\'', out);
}

static void hg__put_list(FILE *out, const hg_strlist *l) {
  size_t len = 1;
  for (size_t i = 0; i < l->n; i++) len += strlen(l->v[i]) + 1;
  char *buf = malloc(len);
  if (!buf) abort();
  buf[0] = '\0';
  for (size_t i = 0; i < l->n; i++) {
    if (i) strcat(buf, ";");
    strcat(buf, l->v[i]);
  }
  hg_put_yaml_quoted(out, buf);
  free(buf);
}

void hg_config_dump_options(const hg_config *c, FILE *out) {
  for (int o = 0; o < OPT__COUNT; o++) {
    fprintf(out, "  handleguard.%s: ", hg__options[o].name);
    switch ((hg__opt)o) {
      case OPT_PROFILE: hg_put_yaml_quoted(out, c->profile ? c->profile : ""); break;
      case OPT_GUARD_TYPE: hg_put_yaml_quoted(out, c->guard_type ? c->guard_type : ""); break;
      case OPT_ENTER: {
        size_t len = 1;
        for (size_t i = 0; i < c->nenter; i++) len += strlen(c->enter[i].name) + 9;
        char *buf = malloc(len);
        if (!buf) abort();
        buf[0] = '\0';
        for (size_t i = 0; i < c->nenter; i++) {
          if (i) strcat(buf, ";");
          strcat(buf, c->enter[i].name);
          if (c->enter[i].success == HG_ENTER_ZERO) strcat(buf, ":zero");
          if (c->enter[i].success == HG_ENTER_ALWAYS) strcat(buf, ":always");
        }
        hg_put_yaml_quoted(out, buf);
        free(buf);
        break;
      }
      case OPT_LEAVE: hg__put_list(out, &c->leave); break;
      case OPT_BEGIN_FREE: hg__put_list(out, &c->begin_free); break;
      case OPT_BEGIN_FREE_RESULT: hg_put_yaml_quoted(out, c->begin_free_returns_result ? "true" : "false"); break;
      case OPT_DRAINED: hg_put_yaml_quoted(out, c->drained_value ? c->drained_value : ""); break;
      case OPT_IS_FREEING: hg__put_list(out, &c->is_freeing); break;
      case OPT_DEALLOCATORS: hg__put_list(out, &c->deallocators); break;
      case OPT_ALLOCATORS: hg__put_list(out, &c->allocators); break;
      case OPT_BLOCKING: hg__put_list(out, &c->blocking_extra); break;
      case OPT_NON_BLOCKING: hg__put_list(out, &c->non_blocking); break;
      case OPT_HANDLE_TYPES: hg__put_list(out, &c->handle_types); break;
      case OPT_EXPORTED_REGEX: hg_put_yaml_quoted(out, c->exported_regex ? c->exported_regex : ""); break;
      case OPT_SHUTTING_DOWN:
        hg_put_yaml_quoted(out, c->shutting_down_value ? c->shutting_down_value : "");
        break;
      case OPT__COUNT: break;
    }
    fputc('\n', out);
  }
}
