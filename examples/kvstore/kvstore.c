/*
 * kvstore.c - thread-safe string key-value store whose handles are protected
 * by libhandleguard, so kv_free() may race with every other call.
 *
 * Layout: the handle ("box") holds the guard inline and one pointer to the
 * inner state. Every exported call enters the guard before touching the
 * inner pointer and leaves it on every path out; kv_free() drops the inner
 * state only once the guard reports that all calls have drained, and never
 * frees the box. Data consistency between concurrent calls is a separate
 * concern handled by a mutex inside the inner state.
 */
#define _POSIX_C_SOURCE 200809L

#include "kvstore.h"

#include <handleguard.h>

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define KV_MIN_BUCKETS 16u

struct kv_entry {
    struct kv_entry *next;
    uint64_t hash;
    char *key;
    char *value;
};

enum waiter_state {
    WAITER_PENDING,  /* still waiting */
    WAITER_FOUND,    /* value delivered */
    WAITER_NOMEM,    /* key appeared but copying the value failed */
    WAITER_SHUTDOWN, /* kv_free() ran */
};

/*
 * One blocked kv_wait_for_key() call. It is shared by the waiting thread and
 * the store's waiter list, and reference counted, so the waiting thread can
 * sleep on it after leaving the guard: kv_free() may then destroy the inner
 * state (dropping the list's reference) while the waiter stays valid.
 */
struct kv_waiter {
    atomic_int refs;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    enum waiter_state state; /* protected by mu */
    char *value;             /* protected by mu; owned copy once FOUND */
    char *key;               /* immutable */
    uint64_t hash;           /* immutable */
    struct kv_waiter *next;  /* protected by kv_inner.mu */
    bool listed;             /* protected by kv_inner.mu */
};

/* Everything kv_free() releases. */
struct kv_inner {
    pthread_mutex_t mu;
    struct kv_entry **buckets;
    size_t nbuckets;           /* power of two */
    size_t count;
    struct kv_waiter *waiters; /* pending kv_wait_for_key() calls */
};

struct kv {
    hg_guard guard;          /* inline and first: the box outlives kv_free() */
    struct kv_inner *inner;  /* dropped by kv_free() once drained */
};

/* ---- helpers (called only with the guard entered, or on private data) -- */

static uint64_t hash_str(const char *s)
{
    uint64_t h = 14695981039346656037u; /* FNV-1a */
    for (; *s != '\0'; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211u;
    }
    return h;
}

/* Returns the link that points at key's entry, or at the chain's NULL end. */
static struct kv_entry **find_slot(struct kv_inner *in, const char *key,
                                   uint64_t hash)
{
    struct kv_entry **link = &in->buckets[hash & (in->nbuckets - 1)];
    while (*link != NULL &&
           ((*link)->hash != hash || strcmp((*link)->key, key) != 0))
        link = &(*link)->next;
    return link;
}

/* Doubles the table once the load factor passes 1. Failure is harmless. */
static void maybe_grow(struct kv_inner *in)
{
    if (in->count <= in->nbuckets)
        return;
    size_t n = in->nbuckets * 2;
    struct kv_entry **b = calloc(n, sizeof *b);
    if (b == NULL)
        return;
    for (size_t i = 0; i < in->nbuckets; i++) {
        struct kv_entry *e = in->buckets[i];
        while (e != NULL) {
            struct kv_entry *next = e->next;
            e->next = b[e->hash & (n - 1)];
            b[e->hash & (n - 1)] = e;
            e = next;
        }
    }
    free(in->buckets);
    in->buckets = b;
    in->nbuckets = n;
}

static struct kv_waiter *waiter_new(const char *key, uint64_t hash)
{
    struct kv_waiter *w = calloc(1, sizeof *w);
    if (w == NULL)
        return NULL;
    w->key = strdup(key);
    if (w->key == NULL) {
        free(w);
        return NULL;
    }
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&w->cv, &ca);
    pthread_condattr_destroy(&ca);
    pthread_mutex_init(&w->mu, NULL);
    atomic_init(&w->refs, 2); /* one for the caller, one for the list */
    w->hash = hash;
    w->state = WAITER_PENDING;
    return w;
}

static void waiter_unref(struct kv_waiter *w)
{
    if (atomic_fetch_sub(&w->refs, 1) != 1)
        return;
    pthread_cond_destroy(&w->cv);
    pthread_mutex_destroy(&w->mu);
    free(w->value);
    free(w->key);
    free(w);
}

/* Completes a pending waiter. Signalling does not block. */
static void waiter_settle(struct kv_waiter *w, enum waiter_state state,
                          const char *value)
{
    pthread_mutex_lock(&w->mu);
    if (w->state == WAITER_PENDING) {
        if (state == WAITER_FOUND) {
            w->value = strdup(value);
            if (w->value == NULL)
                state = WAITER_NOMEM;
        }
        w->state = state;
        pthread_cond_signal(&w->cv);
    }
    pthread_mutex_unlock(&w->mu);
}

/* Hands every waiter for key its value and drops the list's references. */
static void wake_waiters(struct kv_inner *in, const char *key, uint64_t hash,
                         const char *value)
{
    struct kv_waiter **link = &in->waiters;
    while (*link != NULL) {
        struct kv_waiter *w = *link;
        if (w->hash != hash || strcmp(w->key, key) != 0) {
            link = &w->next;
            continue;
        }
        *link = w->next;
        w->listed = false;
        waiter_settle(w, WAITER_FOUND, value);
        waiter_unref(w);
    }
}

static void unlink_waiter(struct kv_inner *in, struct kv_waiter *w)
{
    for (struct kv_waiter **link = &in->waiters; *link != NULL;
         link = &(*link)->next) {
        if (*link == w) {
            *link = w->next;
            w->listed = false;
            waiter_unref(w);
            return;
        }
    }
}

/*
 * Sleeps on the waiter (which the caller holds a reference to) until it is
 * settled or the deadline passes. Returns the state; on WAITER_FOUND moves
 * the value copy to *value.
 */
HG_BLOCKING static enum waiter_state waiter_wait(struct kv_waiter *w,
                                                 const struct timespec *deadline,
                                                 char **value)
{
    hg_assert_may_block(); /* debug runtimes abort if an op is held here */
    pthread_mutex_lock(&w->mu);
    int rc = 0;
    while (w->state == WAITER_PENDING && rc != ETIMEDOUT)
        rc = pthread_cond_timedwait(&w->cv, &w->mu, deadline);
    enum waiter_state state = w->state;
    if (state == WAITER_FOUND) {
        *value = w->value;
        w->value = NULL;
    }
    pthread_mutex_unlock(&w->mu);
    return state;
}

static void deadline_after(struct timespec *ts, uint32_t ms)
{
    clock_gettime(CLOCK_MONOTONIC, ts);
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
    return in;
}

/* Only called by kv_free() after the guard drained: nobody else is inside. */
static void inner_destroy(struct kv_inner *in)
{
    while (in->waiters != NULL) {
        struct kv_waiter *w = in->waiters;
        in->waiters = w->next;
        w->listed = false;
        waiter_settle(w, WAITER_SHUTDOWN, NULL);
        waiter_unref(w);
    }
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
        free(h); /* never handed out, so no other thread can hold it */
        return KV_ENOMEM;
    }
    h->inner = in;
    *out = h;
    return KV_OK;
}

int kv_put(kv *h, const char *key, const char *value)
{
    if (h == NULL || key == NULL || value == NULL)
        return KV_EINVAL;
    uint64_t hash = hash_str(key);
    char *vcopy = strdup(value); /* allocate before entering */
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
    if (e == NULL) {
        rc = KV_ENOMEM;
        goto out_unlock;
    }
    e->key = strdup(key);
    if (e->key == NULL) {
        free(e);
        rc = KV_ENOMEM;
        goto out_unlock;
    }
    e->hash = hash;
    e->value = vcopy;
    vcopy = NULL;
    e->next = NULL;
    *slot = e;
    in->count++;
    maybe_grow(in);
wake:
    wake_waiters(in, key, hash, value);
out_unlock:
    pthread_mutex_unlock(&in->mu);
    hg_leave(&op);
    free(vcopy); /* still ours only if the insert failed */
    return rc;
}

char *kv_get(kv *h, const char *key)
{
    if (h == NULL || key == NULL)
        return NULL;
    uint64_t hash = hash_str(key);

    hg_op op;
    if (!hg_try_enter(&h->guard, &op))
        return NULL;
    char *copy = NULL;
    struct kv_inner *in = h->inner;
    pthread_mutex_lock(&in->mu);
    struct kv_entry *e = *find_slot(in, key, hash);
    if (e != NULL)
        copy = strdup(e->value); /* an owned copy, never e->value itself */
    pthread_mutex_unlock(&in->mu);
    hg_leave(&op);
    return copy;
}

int kv_count(kv *h)
{
    if (h == NULL)
        return KV_EINVAL;
    hg_op op;
    if (!hg_try_enter(&h->guard, &op))
        return KV_ESHUTDOWN;
    struct kv_inner *in = h->inner;
    pthread_mutex_lock(&in->mu);
    int n = in->count > INT_MAX ? INT_MAX : (int)in->count;
    pthread_mutex_unlock(&in->mu);
    hg_leave(&op);
    return n;
}

int kv_delete(kv *h, const char *key)
{
    if (h == NULL || key == NULL)
        return KV_EINVAL;
    uint64_t hash = hash_str(key);

    hg_op op;
    if (!hg_try_enter(&h->guard, &op))
        return KV_ESHUTDOWN;
    struct kv_entry *victim = NULL;
    struct kv_inner *in = h->inner;
    pthread_mutex_lock(&in->mu);
    struct kv_entry **slot = find_slot(in, key, hash);
    if (*slot != NULL) {
        victim = *slot;
        *slot = victim->next;
        in->count--;
    }
    pthread_mutex_unlock(&in->mu);
    int rc = KV_ENOENT;
    if (victim != NULL) { /* unlinked: private to this thread now */
        free(victim->key);
        free(victim->value);
        free(victim);
        rc = KV_OK;
    }
    hg_leave(&op);
    return rc;
}

/*
 * Never sleeps while entered: it registers a reference-counted waiter,
 * leaves, sleeps on the waiter, and re-enters only to unregister it after a
 * timeout. kv_free() settles registered waiters with WAITER_SHUTDOWN.
 */
HG_BLOCKING int kv_wait_for_key(kv *h, const char *key, uint32_t timeout_ms,
                                char **out_value)
{
    hg_assert_may_block();
    if (out_value == NULL)
        return KV_EINVAL;
    *out_value = NULL;
    if (h == NULL || key == NULL)
        return KV_EINVAL;
    struct timespec deadline;
    deadline_after(&deadline, timeout_ms);
    uint64_t hash = hash_str(key);
    struct kv_waiter *w = NULL;
    char *value = NULL;
    int rc = KV_OK;

    /* Phase 1, entered: take the value if it is there, else register. */
    hg_op op;
    if (!hg_try_enter(&h->guard, &op))
        return KV_ESHUTDOWN;
    {
        struct kv_inner *in = h->inner;
        pthread_mutex_lock(&in->mu);
        struct kv_entry *e = *find_slot(in, key, hash);
        if (e != NULL) {
            value = strdup(e->value);
            if (value == NULL)
                rc = KV_ENOMEM;
        } else {
            w = waiter_new(key, hash);
            if (w != NULL) {
                w->next = in->waiters;
                in->waiters = w;
                w->listed = true;
            } else {
                rc = KV_ENOMEM;
            }
        }
        pthread_mutex_unlock(&in->mu);
    }
    hg_leave(&op);
    if (w == NULL) {
        *out_value = value;
        return rc;
    }

    /* Phase 2, not entered: sleep on our own reference to the waiter. */
    enum waiter_state state = waiter_wait(w, &deadline, &value);

    /* Phase 3: on timeout, re-enter only to unregister, then re-check. */
    if (state == WAITER_PENDING) {
        if (hg_try_enter(&h->guard, &op)) {
            struct kv_inner *in = h->inner;
            pthread_mutex_lock(&in->mu);
            if (w->listed)
                unlink_waiter(in, w);
            pthread_mutex_unlock(&in->mu);
            hg_leave(&op);
        } else {
            state = WAITER_SHUTDOWN; /* kv_free() owns the list now */
        }
        /* A kv_put() may have settled it just before we unregistered. */
        pthread_mutex_lock(&w->mu);
        if (w->state == WAITER_FOUND) {
            value = w->value;
            w->value = NULL;
        }
        if (w->state != WAITER_PENDING)
            state = w->state;
        pthread_mutex_unlock(&w->mu);
    }
    waiter_unref(w);

    switch (state) {
    case WAITER_FOUND:
        *out_value = value;
        return KV_OK;
    case WAITER_NOMEM:
        return KV_ENOMEM;
    case WAITER_SHUTDOWN:
        return KV_ESHUTDOWN;
    case WAITER_PENDING:
        break;
    }
    return KV_ETIMEDOUT;
}

/*
 * The box is deliberately never freed: a thread that loaded h before this
 * call may still be about to call hg_try_enter(&h->guard, ...), which must
 * land on valid memory and fail. Only the inner state is released, and only
 * by the single caller that sees HG_DRAINED. HG_ALREADY_FREEING means another
 * kv_free() won and releases it; HG_TIMED_OUT means some call never left, so
 * the inner state is leaked rather than freed under it.
 */
HG_BLOCKING void kv_free(kv *h)
{
    if (h == NULL)
        return;
    if (hg_begin_free(&h->guard, HG_FREE_DEADLINE_MS) == HG_DRAINED) {
        struct kv_inner *in = h->inner;
        h->inner = NULL;
        inner_destroy(in);
    }
}

void kv_string_free(char *s)
{
    free(s);
}
