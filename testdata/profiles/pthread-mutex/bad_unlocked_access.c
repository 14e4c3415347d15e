/* pthread-mutex: fields the lock protects, used without holding it.  A
 * field is protected when the code uses it under the lock somewhere and
 * writes it after construction somewhere (n, items); `name` and `cap` are
 * written only while the counter is built and may be read lock-free. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

struct counter {
    pthread_mutex_t mu;
    pthread_cond_t nonempty;
    const char *name;
    size_t cap;
    size_t n;
    int *items;
};

struct counter *counter_new(const char *name, size_t cap)
{
    struct counter *c = malloc(sizeof *c);
    if (!c)
        return NULL;
    c->items = calloc(cap, sizeof *c->items);
    if (!c->items) {
        free(c);
        return NULL;
    }
    pthread_mutex_init(&c->mu, NULL);
    pthread_cond_init(&c->nonempty, NULL);
    c->name = name;
    c->cap = cap;
    c->n = 0;
    return c;
}

int counter_push(struct counter *c, int v)
{
    pthread_mutex_lock(&c->mu);
    if (c->n == c->cap) {
        pthread_mutex_unlock(&c->mu);
        return -1;
    }
    c->items[c->n++] = v;
    pthread_cond_signal(&c->nonempty);
    pthread_mutex_unlock(&c->mu);
    return 0;
}

/* Case 1: a getter that forgets the lock. */
size_t counter_size(struct counter *c)
{
    return c->n; // expect-warning: handleguard-access-before-enter
}

/* Case 2: protected state read after unlocking. */
int counter_last(struct counter *c)
{
    pthread_mutex_lock(&c->mu);
    size_t n = c->n;
    pthread_mutex_unlock(&c->mu);
    if (n == 0)
        return -1;
    return c->items[n - 1]; // expect-warning: handleguard-access-before-enter
}

/* Case 3: a write before taking the lock (reported once per path). */
void counter_clear(struct counter *c)
{
    c->n = 0; // expect-warning: handleguard-access-before-enter
    pthread_mutex_lock(&c->mu);
    memset(c->items, 0, c->cap * sizeof *c->items);
    pthread_mutex_unlock(&c->mu);
}

/* Case 4: a static helper that reads protected state, called without the
 * lock (reported at the call, with a note in the helper). */
static long sum_items(const struct counter *c)
{
    long s = 0;
    for (size_t i = 0; i < c->n; i++)
        s += c->items[i];
    return s;
}

long counter_sum_unlocked(struct counter *c)
{
    return sum_items(c); // expect-warning: handleguard-access-before-enter
}

long counter_sum(struct counter *c)
{
    pthread_mutex_lock(&c->mu);
    long s = sum_items(c);
    pthread_mutex_unlock(&c->mu);
    return s;
}

/* Case 5: a pointer into protected state used after unlocking. */
int counter_first(struct counter *c)
{
    pthread_mutex_lock(&c->mu);
    int *p = c->items;
    pthread_mutex_unlock(&c->mu);
    return p[0]; // expect-warning: handleguard-access-before-enter
}

/* Case 6: a trylock whose failure branch uses the state (inverted test:
 * trylock returns 0 when it locked).  The path where it did lock returns
 * with the lock held. */
int counter_bump_if_free(struct counter *c)
{
    if (pthread_mutex_trylock(&c->mu)) {
        c->n++; // expect-warning: handleguard-access-before-enter
        pthread_mutex_unlock(&c->mu);
    }
    return 0; // expect-warning: handleguard-op-not-left
}

/* Case 7: a `_locked` function (the caller holds the lock, by convention)
 * called without the lock. */
void counter_push_locked(struct counter *c, int v)
{
    c->items[c->n++] = v;
}

void counter_push_fast(struct counter *c, int v)
{
    counter_push_locked(c, v); // expect-warning: handleguard-access-before-enter
}
