/* pthread-mutex: construction, destruction and lock-free reads of fields
 * written only while building stay quiet; so do synchronisation objects and
 * atomics, which are used without the lock by design. */
// expect-no-diagnostics
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

struct queue {
    pthread_mutex_t mu;
    pthread_cond_t nonempty;
    atomic_int waiters;
    char name[32];
    size_t cap;
    size_t head, len;
    int *slots;
};

/* Building a queue the caller allocated: every access before and after
 * pthread_mutex_init is construction. */
int queue_init(struct queue *q, const char *name, size_t cap)
{
    q->slots = calloc(cap, sizeof *q->slots);
    if (!q->slots)
        return -1;
    strncpy(q->name, name, sizeof q->name - 1);
    q->name[sizeof q->name - 1] = '\0';
    q->cap = cap;
    q->head = q->len = 0;
    atomic_init(&q->waiters, 0);
    pthread_cond_init(&q->nonempty, NULL);
    return pthread_mutex_init(&q->mu, NULL);
}

struct queue *queue_new(const char *name, size_t cap)
{
    struct queue *q = malloc(sizeof *q);
    if (!q)
        return NULL;
    if (queue_init(q, name, cap) != 0) {
        free(q);
        return NULL;
    }
    return q;
}

/* Tearing down: the destroying function has the queue to itself. */
void queue_destroy(struct queue *q)
{
    free(q->slots);
    q->slots = NULL;
    pthread_cond_destroy(&q->nonempty);
    pthread_mutex_destroy(&q->mu);
}

void queue_free(struct queue *q)
{
    pthread_mutex_destroy(&q->mu);
    free(q->slots);
    free(q);
}

int queue_push(struct queue *q, int v)
{
    int rc = 0;
    pthread_mutex_lock(&q->mu);
    if (q->len == q->cap) {
        rc = -1;
        goto out;
    }
    q->slots[(q->head + q->len) % q->cap] = v;
    q->len++;
    pthread_cond_signal(&q->nonempty);
out:
    pthread_mutex_unlock(&q->mu);
    return rc;
}

int queue_pop(struct queue *q)
{
    atomic_fetch_add(&q->waiters, 1);
    pthread_mutex_lock(&q->mu);
    while (q->len == 0)
        pthread_cond_wait(&q->nonempty, &q->mu);
    int v = q->slots[q->head];
    q->head = (q->head + 1) % q->cap;
    q->len--;
    pthread_mutex_unlock(&q->mu);
    atomic_fetch_sub(&q->waiters, 1);
    return v;
}

/* Written only while building: read without the lock. */
const char *queue_name(struct queue *q) { return q->name; }
size_t queue_capacity(struct queue *q) { return q->cap; }

/* Atomics and condition variables are used without the lock by design. */
int queue_waiters(struct queue *q) { return atomic_load(&q->waiters); }
void queue_kick(struct queue *q) { pthread_cond_broadcast(&q->nonempty); }

/* A copy taken under the lock is the caller's. */
size_t queue_len(struct queue *q)
{
    pthread_mutex_lock(&q->mu);
    size_t n = q->len;
    pthread_mutex_unlock(&q->mu);
    return n;
}

/* Helpers called with the lock held; a `_locked` helper the same. */
static void drop_all(struct queue *q)
{
    q->head = 0;
    q->len = 0;
}

void queue_clear(struct queue *q)
{
    pthread_mutex_lock(&q->mu);
    drop_all(q);
    pthread_mutex_unlock(&q->mu);
}

/* Lock functions: they return holding the lock on every path, by design;
 * their callers unlock. */
void queue_lock(struct queue *q) { pthread_mutex_lock(&q->mu); }
void queue_unlock(struct queue *q) { pthread_mutex_unlock(&q->mu); }

size_t queue_len_via_api(struct queue *q)
{
    queue_lock(q);
    size_t n = q->len;
    queue_unlock(q);
    return n;
}

/* By the naming convention, a `_locked` function runs with the caller
 * holding the lock: it is judged at its call sites, like a static helper. */
void queue_push_locked(struct queue *q, int v)
{
    q->slots[(q->head + q->len) % q->cap] = v;
    q->len++;
}

int queue_push_two(struct queue *q, int a, int b)
{
    pthread_mutex_lock(&q->mu);
    if (q->len + 2 > q->cap) {
        pthread_mutex_unlock(&q->mu);
        return -1;
    }
    queue_push_locked(q, a);
    queue_push_locked(q, b);
    pthread_mutex_unlock(&q->mu);
    return 0;
}

/* Initialised by overwriting the whole struct (the static initialiser, no
 * pthread_mutex_init call): construction too. */
struct limiter {
    pthread_mutex_t mu;
    unsigned budget;
    unsigned used;
};

void limiter_init(struct limiter *l, unsigned budget)
{
    *l = (struct limiter){.mu = PTHREAD_MUTEX_INITIALIZER};
    l->budget = budget;
    l->used = 0;
}

void limiter_init_default(struct limiter *l)
{
    memset(l, 0, sizeof *l);
    l->budget = 1;
}

int limiter_take(struct limiter *l)
{
    int ok = 0;
    pthread_mutex_lock(&l->mu);
    if (l->used < l->budget) {
        l->used++;
        ok = 1;
    }
    pthread_mutex_unlock(&l->mu);
    return ok;
}

unsigned limiter_budget(struct limiter *l) { return l->budget; }
