/* pthread-mutex covers C11 <threads.h> too: mtx_t is a guard type,
 * mtx_lock always locks, mtx_trylock and mtx_timedlock lock when they return
 * thrd_success (its value is read from <threads.h>). */
#include <stdbool.h>
#include <stddef.h>
#include <threads.h>
#include <time.h>

struct pool {
    mtx_t mu;
    cnd_t freed;
    size_t free_slots;
    bool closed;
};

/* Case 1: an early return with the mtx held. */
int pool_take(struct pool *p)
{
    mtx_lock(&p->mu);
    if (p->closed)
        return -1; // expect-warning: handleguard-op-not-left
    while (p->free_slots == 0)
        cnd_wait(&p->freed, &p->mu);
    p->free_slots--;
    mtx_unlock(&p->mu);
    return 0;
}

void pool_give(struct pool *p)
{
    mtx_lock(&p->mu);
    p->free_slots++;
    cnd_signal(&p->freed);
    mtx_unlock(&p->mu);
}

/* Case 2: the state read without the lock. */
bool pool_is_closed(struct pool *p)
{
    return p->closed; // expect-warning: handleguard-access-before-enter
}

/* Case 3: trylock tested the wrong way round: != thrd_success means it
 * did not lock. */
int pool_try_close(struct pool *p)
{
    if (mtx_trylock(&p->mu) != thrd_success) {
        p->closed = true; // expect-warning: handleguard-access-before-enter
        mtx_unlock(&p->mu);
        return 0;
    }
    return -1; // expect-warning: handleguard-op-not-left
}

/* Case 4: sleeping with the mtx held. */
void pool_slow_give(struct pool *p)
{
    struct timespec ts = {0, 1000};
    mtx_lock(&p->mu);
    thrd_sleep(&ts, NULL); // expect-warning: handleguard-blocking-while-entered
    p->free_slots++;
    mtx_unlock(&p->mu);
}

/* Case 5: the result of mtx_trylock ignored. */
void pool_try_give(struct pool *p)
{
    mtx_trylock(&p->mu); // expect-warning: handleguard-enter-unchecked
    p->free_slots++;
    mtx_unlock(&p->mu);
}
