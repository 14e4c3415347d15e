/* A key-value cache handle: a rwlock inside the inner state guards the table,
 * lookups hand back owned copies through out-parameters, errors are an enum,
 * and _free handles every hg_begin_free result explicitly.  This variant
 * carries one bug per marked line. */
#define _POSIX_C_SOURCE 200809L
#include <handleguard.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef enum kvc_status {
    KVC_OK = 0,
    KVC_NOT_FOUND,
    KVC_NO_MEMORY,
    KVC_SHUTTING_DOWN,
    KVC_BUSY,
    KVC_INVALID,
} kvc_status;

#define KVC_BUCKETS 64

struct kvc_entry {
    char *key;
    void *val;
    size_t vlen;
    uint64_t hits;
    struct kvc_entry *next;
};

struct kvc_table {
    pthread_rwlock_t lock;
    pthread_mutex_t stats_mu;
    struct kvc_entry *buckets[KVC_BUCKETS];
    size_t count;
    uint64_t lookups, misses;
    char path[256];
    FILE *journal;
};

typedef struct kvc {
    hg_guard guard;
    struct kvc_table *t;
} kvc;

static unsigned bucket_of(const char *key) {
    unsigned h = 5381;
    while (*key)
        h = h * 33u + (unsigned char)*key++;
    return h % KVC_BUCKETS;
}

static struct kvc_entry *lookup(struct kvc_table *t, const char *key) {
    for (struct kvc_entry *e = t->buckets[bucket_of(key)]; e; e = e->next)
        if (strcmp(e->key, key) == 0)
            return e;
    return NULL;
}

static void journal_sync(struct kvc_table *t) {
    if (t->journal)
        fsync(fileno(t->journal));
}

static void entry_free(struct kvc_entry *e) {
    free(e->key);
    free(e->val);
    free(e);
}

kvc_status kvc_open(const char *path, kvc **out) {
    if (!out)
        return KVC_INVALID;
    *out = NULL;
    kvc *c = calloc(1, sizeof *c);
    if (!c)
        return KVC_NO_MEMORY;
    struct kvc_table *t = calloc(1, sizeof *t);
    if (!t)
        goto fail;
    pthread_rwlock_init(&t->lock, NULL);
    pthread_mutex_init(&t->stats_mu, NULL);
    snprintf(t->path, sizeof t->path, "%s", path ? path : "");
    hg_guard_init(&c->guard);
    c->t = t;
    *out = c;
    if (path) {
        t->journal = fopen(path, "a");
        if (!t->journal) {
            free(t);
            free(c); // expect-warning: handleguard-box-freed
            *out = NULL;
            return KVC_NO_MEMORY;
        }
    }
    return KVC_OK;
fail:
    free(c);
    return KVC_NO_MEMORY;
}

kvc_status kvc_put(kvc *c, const char *key, const void *val, size_t vlen) {
    hg_op op;
    kvc_status st = KVC_OK;
    struct kvc_entry *fresh = calloc(1, sizeof *fresh);
    if (!fresh)
        return KVC_NO_MEMORY;
    fresh->key = strdup(key);
    fresh->val = malloc(vlen ? vlen : 1);
    if (!fresh->key || !fresh->val) {
        entry_free(fresh);
        return KVC_NO_MEMORY;
    }
    memcpy(fresh->val, val, vlen);
    fresh->vlen = vlen;

    if (!hg_try_enter(&c->guard, &op)) {
        entry_free(fresh);
        return KVC_SHUTTING_DOWN;
    }
    struct kvc_table *t = c->t;
    pthread_rwlock_wrlock(&t->lock);
    struct kvc_entry *old = lookup(t, key);
    if (old) {
        void *tmp = old->val;
        old->val = fresh->val;
        old->vlen = fresh->vlen;
        fresh->val = tmp;
    } else {
        unsigned b = bucket_of(key);
        fresh->next = t->buckets[b];
        t->buckets[b] = fresh;
        t->count++;
        fresh = NULL;
    }
    if (t->journal)
        fwrite(key, 1, strlen(key), t->journal); // expect-warning: handleguard-blocking-while-entered
    pthread_rwlock_unlock(&t->lock);
    hg_leave(&op);
    if (fresh)
        entry_free(fresh);
    return st;
}

kvc_status kvc_get(kvc *c, const char *key, void **val_out, size_t *len_out) {
    hg_op op;
    if (!val_out || !len_out)
        return KVC_INVALID;
    if (!hg_try_enter(&c->guard, &op))
        return KVC_SHUTTING_DOWN;
    kvc_status st = KVC_NOT_FOUND;
    pthread_rwlock_rdlock(&c->t->lock);
    struct kvc_entry *e = lookup(c->t, key);
    if (e) {
        *val_out = e->val; // expect-warning: handleguard-borrowed-return
        *len_out = e->vlen;
        st = KVC_OK;
    }
    pthread_rwlock_unlock(&c->t->lock);
    if (st == KVC_NOT_FOUND)
        return st; // expect-warning: handleguard-op-not-left
    pthread_mutex_lock(&c->t->stats_mu);
    c->t->lookups++;
    if (st == KVC_NOT_FOUND)
        c->t->misses++;
    pthread_mutex_unlock(&c->t->stats_mu);
    hg_leave(&op);
    return st;
}

kvc_status kvc_delete(kvc *c, const char *key) {
    hg_op op;
    if (!hg_try_enter(&c->guard, &op))
        return KVC_SHUTTING_DOWN;
    struct kvc_entry *victim = NULL;
    pthread_rwlock_wrlock(&c->t->lock);
    struct kvc_entry **pp = &c->t->buckets[bucket_of(key)];
    while (*pp) {
        if (strcmp((*pp)->key, key) == 0) {
            victim = *pp;
            *pp = victim->next;
            c->t->count--;
            break;
        }
        pp = &(*pp)->next;
    }
    pthread_rwlock_unlock(&c->t->lock);
    hg_leave(&op);
    if (!victim && c->t->count == 0) // expect-warning: handleguard-access-before-enter
        return KVC_INVALID;
    if (!victim)
        return KVC_NOT_FOUND;
    entry_free(victim);
    return KVC_OK;
}

kvc_status kvc_path(kvc *c, char **path_out) {
    hg_op op;
    if (!hg_try_enter(&c->guard, &op))
        return KVC_SHUTTING_DOWN;
    *path_out = c->t->path; // expect-warning: handleguard-borrowed-return
    journal_sync(c->t); // expect-warning: handleguard-blocking-while-entered
    hg_leave(&op);
    return KVC_OK;
}

kvc_status kvc_stats(const kvc *c, size_t *count, uint64_t *lookups, uint64_t *misses) {
    hg_op op;
    (void)hg_try_enter((hg_guard *)&c->guard, &op); // expect-warning: handleguard-enter-unchecked
    pthread_rwlock_rdlock(&c->t->lock);
    *count = c->t->count;
    pthread_rwlock_unlock(&c->t->lock);
    pthread_mutex_lock(&c->t->stats_mu);
    *lookups = c->t->lookups;
    *misses = c->t->misses;
    pthread_mutex_unlock(&c->t->stats_mu);
    hg_leave(&op);
    return KVC_OK;
}

size_t kvc_size(kvc *c) {
    if (!hg_is_freeing(&c->guard)) // expect-warning: handleguard-racy-freeing-check
        return c->t->count; // expect-warning: handleguard-access-before-enter
    return 0;
}

kvc_status kvc_free(kvc *c) {
    if (!c)
        return KVC_INVALID;
    hg_free_result r = hg_begin_free(&c->guard, HG_FREE_DEADLINE_MS);
    switch (r) {
    case HG_DRAINED:
        break;
    case HG_ALREADY_FREEING:
        pthread_rwlock_destroy(&c->t->lock); // expect-warning: handleguard-free-not-gated
        return KVC_BUSY;
    case HG_TIMED_OUT:
        /* ops still running: leak the table rather than pull it from under them */
        return KVC_SHUTTING_DOWN;
    }
    struct kvc_table *t = c->t;
    for (unsigned b = 0; b < KVC_BUCKETS; b++) {
        struct kvc_entry *e = t->buckets[b];
        while (e) {
            struct kvc_entry *next = e->next;
            entry_free(e);
            e = next;
        }
    }
    if (t->journal)
        fclose(t->journal);
    pthread_mutex_destroy(&t->stats_mu);
    pthread_rwlock_destroy(&t->lock);
    free(t);
    c->t = NULL;
    free(c); // expect-warning: handleguard-box-freed
    return KVC_OK;
}
