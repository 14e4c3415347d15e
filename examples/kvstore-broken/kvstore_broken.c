/*
 * kvstore_broken.c - DELIBERATELY WRONG. Do not use, copy or link this file.
 *
 * This is the demo target of the handleguard checker: a copy of the kvstore
 * example (../kvstore) in which every rule of the guard checklist is broken
 * at least once. Each mistake is a single root cause, and the line the
 * checker must report ends with an "expect-warning:" comment naming the
 * check; no other line may be reported. The correct version of each
 * function is in ../kvstore/kvstore.c, and docs/example.md lists the
 * mistakes. Only compiled with -fsyntax-only (ctest keeps it valid C).
 */
#define _POSIX_C_SOURCE 200809L

#include "../kvstore/kvstore.h" /* same public API as the correct copy */

#include <handleguard.h>

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Extra API of the broken copy (not in kvstore.h). */
typedef struct kv_snapshot kv_snapshot;
int kv_last_error(kv *h, const char **out_msg);
int kv_snapshot_open(kv *h, kv_snapshot **out);
int kv_snapshot_len(kv_snapshot *s);
char *kv_snapshot_key(kv_snapshot *s, size_t i);
void kv_snapshot_free(kv_snapshot *s);

#define KV_MIN_BUCKETS 16u
#define KV_MAX_KEYS 1000000u

struct kv_entry {
    struct kv_entry *next;
    uint64_t hash;
    char *key;
    char *value;
};

struct kv_inner {
    pthread_mutex_t mu;
    pthread_cond_t changed;    /* broadcast by every kv_put() */
    struct kv_entry **buckets;
    size_t nbuckets;           /* power of two */
    size_t count;
    char errmsg[96];           /* last error, for kv_last_error() */
};

struct kv {
    hg_guard guard;            /* inline: this handle gets rule 1 right */
    struct kv_inner *inner;
};

/* A second handle type: a point-in-time copy of the store's keys. */
struct kv_snapshot {
    hg_guard *guard;           // expect-warning: handleguard-guard-not-inline
    char **keys;
    size_t nkeys;
};

/* ---- helpers (these take inner state, not a handle) -------------------- */

static uint64_t hash_str(const char *s)
{
    uint64_t h = 14695981039346656037u; /* FNV-1a */
    for (; *s != '\0'; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211u;
    }
    return h;
}

static struct kv_entry **find_slot(struct kv_inner *in, const char *key,
                                   uint64_t hash)
{
    struct kv_entry **link = &in->buckets[hash & (in->nbuckets - 1)];
    while (*link != NULL &&
           ((*link)->hash != hash || strcmp((*link)->key, key) != 0))
        link = &(*link)->next;
    return link;
}

static void set_error(struct kv_inner *in, const char *what, const char *key)
{
    snprintf(in->errmsg, sizeof in->errmsg, "%s '%s'", what, key);
}

static void deadline_after(struct timespec *ts, uint32_t ms)
{
    clock_gettime(CLOCK_REALTIME, ts);
    ts->tv_sec += (time_t)(ms / 1000u);
    ts->tv_nsec += (long)(ms % 1000u) * 1000000L;
    if (ts->tv_nsec >= 1000000000L) {
        ts->tv_sec++;
        ts->tv_nsec -= 1000000000L;
    }
}

static struct kv_inner *inner_new(void)
{
    struct kv_inner *in = calloc(1, sizeof *in);
    if (in == NULL)
        return NULL;
    in->buckets = calloc(KV_MIN_BUCKETS, sizeof *in->buckets);
    if (in->buckets == NULL) {
        free(in);
        return NULL;
    }
    in->nbuckets = KV_MIN_BUCKETS;
    pthread_mutex_init(&in->mu, NULL);
    pthread_cond_init(&in->changed, NULL);
    return in;
}

static void inner_destroy(struct kv_inner *in)
{
    for (size_t i = 0; i < in->nbuckets; i++) {
        struct kv_entry *e = in->buckets[i];
        while (e != NULL) {
            struct kv_entry *next = e->next;
            free(e->key);
            free(e->value);
            free(e);
            e = next;
        }
    }
    free(in->buckets);
    pthread_cond_destroy(&in->changed);
    pthread_mutex_destroy(&in->mu);
    free(in);
}

/* ---- public API ------------------------------------------------------- */

const char *kv_strerror(int status)
{
    switch (status) {
    case KV_OK: return "ok";
    case KV_EINVAL: return "invalid argument";
    case KV_ENOMEM: return "out of memory";
    case KV_ENOENT: return "no such key";
    case KV_ETIMEDOUT: return "timed out";
    case KV_ESHUTDOWN: return "handle is shut down";
    default: return "unknown error";
    }
}

/* Correct: construction of a handle nobody else has seen yet. */
int kv_open(kv **out)
{
    if (out == NULL)
        return KV_EINVAL;
    *out = NULL;
    kv *h = malloc(sizeof *h);
    if (h == NULL)
        return KV_ENOMEM;
    hg_guard_init(&h->guard);
    struct kv_inner *in = inner_new();
    if (in == NULL) {
        free(h); /* never handed out: fine */
        return KV_ENOMEM;
    }
    h->inner = in;
    *out = h;
    return KV_OK;
}

/* Broken: a "cheap" capacity check reads the inner state before entering. */
int kv_put(kv *h, const char *key, const char *value)
{
    if (h == NULL || key == NULL || value == NULL)
        return KV_EINVAL;
    if (h->inner->count >= KV_MAX_KEYS) // expect-warning: handleguard-access-before-enter
        return KV_ENOMEM;
    uint64_t hash = hash_str(key);
    char *vcopy = strdup(value);
    if (vcopy == NULL)
        return KV_ENOMEM;

    hg_op op;
    if (!hg_try_enter(&h->guard, &op)) {
        free(vcopy);
        return KV_ESHUTDOWN;
    }
    int rc = KV_OK;
    struct kv_entry *e;
    struct kv_inner *in = h->inner;
    pthread_mutex_lock(&in->mu);
    struct kv_entry **slot = find_slot(in, key, hash);
    if (*slot != NULL) {
        free((*slot)->value);
        (*slot)->value = vcopy;
        vcopy = NULL;
        goto wake;
    }
    e = malloc(sizeof *e);
    if (e == NULL || (e->key = strdup(key)) == NULL) {
        free(e);
        set_error(in, "out of memory storing", key);
        rc = KV_ENOMEM;
        goto out_unlock;
    }
    e->hash = hash;
    e->value = vcopy;
    vcopy = NULL;
    e->next = NULL;
    *slot = e;
    in->count++;
wake:
    pthread_cond_broadcast(&in->changed);
out_unlock:
    pthread_mutex_unlock(&in->mu);
    hg_leave(&op);
    free(vcopy);
    return rc;
}

/* Broken: the result of hg_try_enter is thrown away. */
char *kv_get(kv *h, const char *key)
{
    if (h == NULL || key == NULL)
        return NULL;
    uint64_t hash = hash_str(key);

    hg_op op;
    hg_try_enter(&h->guard, &op); // expect-warning: handleguard-enter-unchecked
    char *copy = NULL;
    struct kv_inner *in = h->inner;
    pthread_mutex_lock(&in->mu);
    struct kv_entry *e = *find_slot(in, key, hash);
    if (e != NULL)
        copy = strdup(e->value);
    pthread_mutex_unlock(&in->mu);
    hg_leave(&op);
    return copy;
}

/* Broken: asks "is it being freed?" instead of entering (check-then-use). */
int kv_count(kv *h)
{
    if (h == NULL)
        return KV_EINVAL;
    if (hg_is_freeing(&h->guard)) // expect-warning: handleguard-racy-freeing-check
        return KV_ESHUTDOWN;
    size_t n = h->inner->count; // expect-warning: handleguard-access-before-enter
    return n > INT_MAX ? INT_MAX : (int)n;
}

/* Broken: the "no such key" path returns with the op still entered, so
 * every later kv_free() runs into its deadline and leaks the store. */
int kv_delete(kv *h, const char *key)
{
    if (h == NULL || key == NULL)
        return KV_EINVAL;
    uint64_t hash = hash_str(key);

    hg_op op;
    if (!hg_try_enter(&h->guard, &op))
        return KV_ESHUTDOWN;
    struct kv_inner *in = h->inner;
    pthread_mutex_lock(&in->mu);
    struct kv_entry **slot = find_slot(in, key, hash);
    if (*slot == NULL) {
        set_error(in, "no such key", key);
        pthread_mutex_unlock(&in->mu);
        return KV_ENOENT; // expect-warning: handleguard-op-not-left
    }
    struct kv_entry *victim = *slot;
    *slot = victim->next;
    in->count--;
    pthread_mutex_unlock(&in->mu);
    free(victim->key);
    free(victim->value);
    free(victim);
    hg_leave(&op);
    return KV_OK;
}

/* Broken: sleeps on the store's own condition variable with the op still
 * entered, so kv_free() cannot drain until the wait ends. */
HG_BLOCKING int kv_wait_for_key(kv *h, const char *key, uint32_t timeout_ms,
                                char **out_value)
{
    if (h == NULL || key == NULL || out_value == NULL)
        return KV_EINVAL;
    *out_value = NULL;
    struct timespec deadline;
    deadline_after(&deadline, timeout_ms);
    uint64_t hash = hash_str(key);

    hg_op op;
    if (!hg_try_enter(&h->guard, &op))
        return KV_ESHUTDOWN;
    int rc = 0;
    char *copy = NULL;
    struct kv_inner *in = h->inner;
    pthread_mutex_lock(&in->mu);
    struct kv_entry *e;
    while ((e = *find_slot(in, key, hash)) == NULL && rc != ETIMEDOUT)
        rc = pthread_cond_timedwait(&in->changed, &in->mu, &deadline); // expect-warning: handleguard-blocking-while-entered
    int status = KV_ETIMEDOUT;
    if (e != NULL) {
        copy = strdup(e->value);
        status = copy != NULL ? KV_OK : KV_ENOMEM;
    }
    pthread_mutex_unlock(&in->mu);
    hg_leave(&op);
    *out_value = copy;
    return status;
}

/* Broken: hands back a pointer into the inner state (like sqlite3_errmsg)
 * that kv_free() will release while the caller still holds it. */
int kv_last_error(kv *h, const char **out_msg)
{
    if (h == NULL || out_msg == NULL)
        return KV_EINVAL;
    hg_op op;
    if (!hg_try_enter(&h->guard, &op))
        return KV_ESHUTDOWN;
    pthread_mutex_lock(&h->inner->mu);
    *out_msg = h->inner->errmsg; // expect-warning: handleguard-borrowed-return
    pthread_mutex_unlock(&h->inner->mu);
    hg_leave(&op);
    return KV_OK;
}

/* Broken twice: it nudges waiters through the inner state before freeing
 * has begun, and it deallocates the box that late callers still point at. */
HG_BLOCKING void kv_free(kv *h)
{
    if (h == NULL)
        return;
    pthread_cond_broadcast(&h->inner->changed); // expect-warning: handleguard-free-not-gated
    if (hg_begin_free(&h->guard, HG_FREE_DEADLINE_MS) == HG_DRAINED) {
        inner_destroy(h->inner);
        free(h); // expect-warning: handleguard-box-freed
    }
}

void kv_string_free(char *s)
{
    free(s);
}

/* ---- the snapshot handle: correct except that its guard is held by
 * pointer (see the struct above) ------------------------------------------ */

int kv_snapshot_open(kv *h, kv_snapshot **out)
{
    if (h == NULL || out == NULL)
        return KV_EINVAL;
    *out = NULL;
    kv_snapshot *s = calloc(1, sizeof *s);
    if (s == NULL)
        return KV_ENOMEM;
    s->guard = malloc(sizeof *s->guard);
    if (s->guard == NULL) {
        free(s);
        return KV_ENOMEM;
    }
    hg_guard_init(s->guard);

    hg_op op;
    if (!hg_try_enter(&h->guard, &op)) {
        free(s->guard);
        free(s);
        return KV_ESHUTDOWN;
    }
    int rc = KV_OK;
    struct kv_inner *in = h->inner;
    pthread_mutex_lock(&in->mu);
    s->keys = calloc(in->count + 1, sizeof *s->keys);
    for (size_t i = 0; s->keys != NULL && i < in->nbuckets; i++) {
        for (struct kv_entry *e = in->buckets[i]; e != NULL; e = e->next) {
            s->keys[s->nkeys] = strdup(e->key);
            if (s->keys[s->nkeys] == NULL)
                rc = KV_ENOMEM;
            else
                s->nkeys++;
        }
    }
    pthread_mutex_unlock(&in->mu);
    hg_leave(&op);
    if (s->keys == NULL || rc != KV_OK) {
        for (size_t i = 0; i < s->nkeys; i++)
            free(s->keys[i]);
        free(s->keys);
        free(s->guard);
        free(s);
        return KV_ENOMEM;
    }
    *out = s;
    return KV_OK;
}

int kv_snapshot_len(kv_snapshot *s)
{
    if (s == NULL)
        return KV_EINVAL;
    hg_op op;
    if (!hg_try_enter(s->guard, &op))
        return KV_ESHUTDOWN;
    int n = s->nkeys > INT_MAX ? INT_MAX : (int)s->nkeys;
    hg_leave(&op);
    return n;
}

/* Returns a copy of the i-th key (caller frees), or NULL. */
char *kv_snapshot_key(kv_snapshot *s, size_t i)
{
    if (s == NULL)
        return NULL;
    hg_op op;
    if (!hg_try_enter(s->guard, &op))
        return NULL;
    char *copy = NULL;
    if (i < s->nkeys)
        copy = strdup(s->keys[i]);
    hg_leave(&op);
    return copy;
}

void kv_snapshot_free(kv_snapshot *s)
{
    if (s == NULL)
        return;
    if (hg_begin_free(s->guard, HG_FREE_DEADLINE_MS) == HG_DRAINED) {
        for (size_t i = 0; i < s->nkeys; i++)
            free(s->keys[i]);
        free(s->keys);
        s->keys = NULL;
        s->nkeys = 0;
    }
}
