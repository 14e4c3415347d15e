/*
 * config.c - configuration defaults, protocol profiles, the built-in list of
 * blocking functions, and clang-tidy style check globs.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *hg__strdup(const char *s) {
  size_t n = strlen(s) + 1;
  char *p = malloc(n);
  if (!p) abort();
  memcpy(p, s, n);
  return p;
}

void hg_strlist_push(hg_strlist *l, const char *s) {
  if (hg_strlist_has(l, s)) return;
  if (l->n == l->cap) {
    l->cap = l->cap ? l->cap * 2 : 8;
    l->v = realloc(l->v, l->cap * sizeof *l->v);
    if (!l->v) abort();
  }
  l->v[l->n++] = hg__strdup(s);
}

void hg_strlist_clear(hg_strlist *l) {
  for (size_t i = 0; i < l->n; i++) free((char *)l->v[i]);
  free(l->v);
  memset(l, 0, sizeof *l);
}

bool hg_strlist_has(const hg_strlist *l, const char *s) {
  if (!s) return false;
  for (size_t i = 0; i < l->n; i++)
    if (strcmp(l->v[i], s) == 0) return true;
  return false;
}

/* Sleeps, waits, joins and blocking I/O.  Lock/unlock, sem_post, sem_trywait,
 * pthread_create and condition-variable signals are deliberately absent. */
const char *const hg_default_blocking[] = {
    /* sleeps */
    "sleep", "usleep", "nanosleep", "clock_nanosleep", "thrd_sleep",
    /* waits and joins */
    "pthread_join", "pthread_cond_wait", "pthread_cond_timedwait", "pthread_cond_clockwait",
    "sem_wait", "sem_timedwait", "sem_clockwait", "cnd_wait", "cnd_timedwait", "thrd_join",
    "waitpid", "wait", "wait3", "wait4", "waitid", "pthread_barrier_wait",
    /* blocking I/O */
    "read", "write", "pread", "pwrite", "readv", "writev", "recv", "recvfrom", "recvmsg",
    "send", "sendto", "sendmsg", "accept", "accept4", "connect", "poll", "ppoll", "select",
    "pselect", "epoll_wait", "epoll_pwait", "fgets", "fgetc", "getc", "getchar", "fread",
    "fwrite", "getline", "getdelim", "scanf", "fscanf", "msgrcv", "msgsnd", "flock", "lockf",
    "fsync", "fdatasync", "system", "pause", "sigsuspend", "sigwait", "sigwaitinfo",
    NULL,
};

static void hg__profile_extras(hg_config *c, bool lock_token, bool mutex);

static void hg__set_runtime_names(hg_config *c) {
  c->nenter = 0;
  hg_config_add_enter(c, "hg_try_enter", HG_ENTER_TRUE);
  hg_strlist_clear(&c->leave);
  hg_strlist_push(&c->leave, "hg_leave");
  hg_strlist_clear(&c->begin_free);
  hg_strlist_push(&c->begin_free, "hg_begin_free");
  c->begin_free_returns_result = true;
  c->drained_value = "HG_DRAINED";
  hg_strlist_clear(&c->not_drained);
  hg_strlist_push(&c->not_drained, "HG_ALREADY_FREEING");
  hg_strlist_push(&c->not_drained, "HG_TIMED_OUT");
  hg_strlist_clear(&c->is_freeing);
  hg_strlist_push(&c->is_freeing, "hg_is_freeing");
  c->guard_type = "hg_guard";
}

void hg_config_init(hg_config *c) {
  memset(c, 0, sizeof *c);
  c->profile = "handleguard";
  hg__set_runtime_names(c);
  hg__profile_extras(c, false, false);
  hg_strlist_push(&c->deallocators, "free");
  hg_strlist_push(&c->deallocators, "realloc");
  hg_strlist_push(&c->allocators, "malloc");
  hg_strlist_push(&c->allocators, "calloc");
  hg_strlist_push(&c->allocators, "realloc");
  hg_strlist_push(&c->allocators, "aligned_alloc");
  for (int i = 0; i < HG_RULE__COUNT; i++) c->enabled[i] = true;
}

void hg_config_free(hg_config *c) {
  for (size_t i = 0; i < c->nenter; i++) free((char *)c->enter[i].name);
  free(c->enter);
  hg_strlist_clear(&c->leave);
  hg_strlist_clear(&c->begin_free);
  hg_strlist_clear(&c->not_drained);
  hg_strlist_clear(&c->is_freeing);
  hg_strlist_clear(&c->deallocators);
  hg_strlist_clear(&c->allocators);
  hg_strlist_clear(&c->blocking_extra);
  hg_strlist_clear(&c->non_blocking);
  hg_strlist_clear(&c->handle_types);
  memset(c, 0, sizeof *c);
}

/* C11's lock functions report success as thrd_success, whose value comes
 * from <threads.h>: however they are configured, compare with it. */
static const char *hg__known_success_value(const char *name) {
  return strncmp(name, "mtx_", 4) == 0 ? "thrd_success" : NULL;
}

void hg_config_add_enter(hg_config *c, const char *name, hg_enter_success s) {
  for (size_t i = 0; i < c->nenter; i++)
    if (strcmp(c->enter[i].name, name) == 0) {
      c->enter[i].success = s;
      c->enter[i].success_value = hg__known_success_value(name);
      return;
    }
  if (c->nenter == c->cap_enter) {
    c->cap_enter = c->cap_enter ? c->cap_enter * 2 : 8;
    c->enter = realloc(c->enter, c->cap_enter * sizeof *c->enter);
    if (!c->enter) abort();
  }
  c->enter[c->nenter].name = hg__strdup(name);
  c->enter[c->nenter].success = s;
  c->enter[c->nenter].success_value = hg__known_success_value(name);
  c->nenter++;
}

const hg_enter_fn *hg_config_find_enter(const hg_config *c, const char *name) {
  if (!name) return NULL;
  for (size_t i = 0; i < c->nenter; i++)
    if (strcmp(c->enter[i].name, name) == 0) return &c->enter[i];
  return NULL;
}

static void hg__clear_enters(hg_config *c) {
  for (size_t i = 0; i < c->nenter; i++) free((char *)c->enter[i].name);
  c->nenter = 0;
}


/* What a profile says beyond the option names. */
static void hg__profile_extras(hg_config *c, bool lock_token, bool mutex) {
  c->guard_type_alt = NULL;
  c->profile_guard_type = c->guard_type;
  c->token_is_guard = lock_token;
  c->infer_inner_fields = mutex;
  for (int i = 0; i < HG_RULE__COUNT; i++) c->profile_skips[i] = false;
  if (mutex) {
    /* A mutex protects data from concurrent use; nothing frees the data
     * while a thread holds the lock, and the lock may be shared by pointer:
     * the box, drop and guard-placement rules have no premise here. */
    c->profile_skips[HG_RULE_box_freed] = true;
    c->profile_skips[HG_RULE_borrowed_return] = true;
    c->profile_skips[HG_RULE_guard_not_inline] = true;
    c->profile_skips[HG_RULE_free_not_gated] = true;
    c->profile_skips[HG_RULE_racy_freeing_check] = true;
  }
}

bool hg_config_apply_profile(hg_config *c, const char *profile) {
  if (strcmp(profile, "handleguard") == 0) {
    hg__clear_enters(c);
    hg__set_runtime_names(c);
    c->profile = "handleguard";
    hg__profile_extras(c, false, false);
    return true;
  }
  if (strcmp(profile, "pthread-mutex") == 0) {
    hg__clear_enters(c);
    hg_config_add_enter(c, "pthread_mutex_lock", HG_ENTER_ALWAYS);
    hg_config_add_enter(c, "pthread_mutex_trylock", HG_ENTER_ZERO);
    hg_config_add_enter(c, "pthread_mutex_timedlock", HG_ENTER_ZERO);
    hg_config_add_enter(c, "pthread_mutex_clocklock", HG_ENTER_ZERO);
    hg_config_add_enter(c, "mtx_lock", HG_ENTER_ALWAYS);      /* thrd_success: see */
    hg_config_add_enter(c, "mtx_trylock", HG_ENTER_ZERO);     /* hg__known_success_value */
    hg_config_add_enter(c, "mtx_timedlock", HG_ENTER_ZERO);
    hg_strlist_clear(&c->leave);
    hg_strlist_push(&c->leave, "pthread_mutex_unlock");
    hg_strlist_push(&c->leave, "mtx_unlock");
    hg_strlist_clear(&c->begin_free);
    hg_strlist_clear(&c->is_freeing);
    c->guard_type = "pthread_mutex_t";
    c->profile = "pthread-mutex";
    hg__profile_extras(c, true, true);
    c->guard_type_alt = "mtx_t";
    return true;
  }
  if (strcmp(profile, "rundown") == 0) {
    hg__clear_enters(c);
    hg_config_add_enter(c, "ExAcquireRundownProtection", HG_ENTER_TRUE);
    hg_config_add_enter(c, "ExAcquireRundownProtectionEx", HG_ENTER_TRUE);
    hg_strlist_clear(&c->leave);
    hg_strlist_push(&c->leave, "ExReleaseRundownProtection");
    hg_strlist_push(&c->leave, "ExReleaseRundownProtectionEx");
    hg_strlist_clear(&c->begin_free);
    hg_strlist_push(&c->begin_free, "ExWaitForRundownProtectionRelease");
    c->begin_free_returns_result = false;
    hg_strlist_clear(&c->is_freeing);
    c->guard_type = "EX_RUNDOWN_REF";
    c->profile = "rundown";
    hg__profile_extras(c, true, false);
    return true;
  }
  if (strcmp(profile, "percpu-ref") == 0) {
    hg__clear_enters(c);
    hg_config_add_enter(c, "percpu_ref_tryget_live", HG_ENTER_TRUE);
    hg_strlist_clear(&c->leave);
    hg_strlist_push(&c->leave, "percpu_ref_put");
    hg_strlist_push(&c->leave, "percpu_ref_put_many");
    hg_strlist_clear(&c->begin_free);
    hg_strlist_push(&c->begin_free, "percpu_ref_kill");
    c->begin_free_returns_result = false;
    hg_strlist_clear(&c->is_freeing);
    hg_strlist_push(&c->is_freeing, "percpu_ref_is_dying");
    c->guard_type = "percpu_ref";
    c->profile = "percpu-ref";
    hg__profile_extras(c, true, false);
    return true;
  }
  return false;
}

bool hg_config_is_guard_type(const hg_config *c, const char *name) {
  if (!name || !*name) return false;
  if (c->guard_type && strcmp(c->guard_type, name) == 0) return true;
  return c->guard_type_alt && c->guard_type && c->profile_guard_type &&
         strcmp(c->guard_type, c->profile_guard_type) == 0 && strcmp(c->guard_type_alt, name) == 0;
}

bool hg_config_runs(const hg_config *c, hg_rule_id id) {
  return (unsigned)id < HG_RULE__COUNT && c->enabled[id] && !c->profile_skips[id];
}

bool hg_config_is_blocking(const hg_config *c, const char *name) {
  if (!name) return false;
  if (hg_strlist_has(&c->non_blocking, name)) return false;
  if (hg_strlist_has(&c->blocking_extra, name)) return true;
  return hg_name_in_list(hg_default_blocking, name);
}

/* '*' matches any run of characters, as in clang-tidy's check globs. */
static bool hg__glob_match(const char *g, size_t glen, const char *s) {
  if (glen == 0) return *s == '\0';
  if (*g == '*') {
    for (const char *t = s;; t++) {
      if (hg__glob_match(g + 1, glen - 1, t)) return true;
      if (!*t) return false;
    }
  }
  return *s && *g == *s && hg__glob_match(g + 1, glen - 1, s + 1);
}

bool hg_config_apply_globs(bool set[HG_RULE__COUNT], const char *globs, char *err, size_t errlen) {
  const char *p = globs;
  while (*p) {
    while (*p == ',' || *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
    if (!*p) break;
    const char *start = p;
    while (*p && *p != ',' && *p != '\n') p++;
    const char *end = p;
    while (end > start && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r')) end--;
    bool negative = false;
    if (*start == '-') {
      negative = true;
      start++;
    }
    while (start < end && (*start == ' ' || *start == '\t')) start++;
    size_t len = (size_t)(end - start);
    if (len == 0) {
      if (err) snprintf(err, errlen, "empty check glob in '%s'", globs);
      return false;
    }
    for (const char *q = start; q < end; q++) {
      if (!(*q == '*' || *q == '-' || *q == '_' || *q == '.' || (*q >= 'a' && *q <= 'z') ||
            (*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9'))) {
        if (err) snprintf(err, errlen, "invalid character '%c' in check glob '%.*s'", *q, (int)len, start);
        return false;
      }
    }
    for (int i = 0; i < HG_RULE__COUNT; i++) {
      char full[128];
      snprintf(full, sizeof full, "handleguard-%s", hg_rule_name((hg_rule_id)i));
      if (hg__glob_match(start, len, full)) set[i] = !negative;
    }
  }
  return true;
}

static void hg__put_name(const char **out, size_t max, size_t *n, const char *name) {
  if (name && *name && *n < max) out[(*n)++] = name;
}

static void hg__put_list(const char **out, size_t max, size_t *n, const hg_strlist *l) {
  for (size_t i = 0; i < l->n; i++) hg__put_name(out, max, n, l->v[i]);
}

size_t hg_config_relevant_names(const hg_config *c, const char **out, size_t max) {
  size_t n = 0;
  hg__put_name(out, max, &n, c->guard_type);
  hg__put_name(out, max, &n, c->guard_type_alt);
  for (size_t i = 0; i < c->nenter; i++) hg__put_name(out, max, &n, c->enter[i].name);
  hg__put_list(out, max, &n, &c->leave);
  hg__put_list(out, max, &n, &c->begin_free);
  hg__put_list(out, max, &n, &c->is_freeing);
  hg__put_list(out, max, &n, &c->handle_types);
  return n;
}
