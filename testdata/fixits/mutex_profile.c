/* The pthread-mutex profile: the fix-its lock and unlock the handle's own
 * mutex (the lock is the token), test a discarded trylock against 0, and
 * need no shutting-down value for a lock that cannot fail. */
// FIXED: handleguard-access-before-enter, handleguard-op-not-left, handleguard-enter-unchecked
// RUN-ARGS: "--config={CheckOptions: {handleguard.Profile: pthread-mutex}}"
#include <pthread.h>
#include <stddef.h>

struct counter {
    pthread_mutex_t mu;
    int n;
    int max;
};

void counter_inc(struct counter *c)
{
    pthread_mutex_lock(&c->mu);
    c->n++;
    pthread_mutex_unlock(&c->mu);
}

int counter_get(struct counter *c)
{
    if (c == NULL)
        return -1;
    return c->n; // expect-warning: handleguard-access-before-enter
}

int counter_bump(struct counter *c)
{
    pthread_mutex_lock(&c->mu);
    if (c->n >= c->max)
        return -1; // expect-warning: handleguard-op-not-left
    c->n++;
    pthread_mutex_unlock(&c->mu);
    return 0;
}

void counter_try_reset(struct counter *c)
{
    pthread_mutex_trylock(&c->mu); // expect-warning: handleguard-enter-unchecked
    c->n = 0;
    pthread_mutex_unlock(&c->mu);
}
