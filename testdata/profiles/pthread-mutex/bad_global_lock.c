/* pthread-mutex: a static mutex protecting globals (no handle struct): the
 * lock/unlock pairing and trylock checks apply to it all the same. */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <pthread.h>
#include <unistd.h>

static pthread_mutex_t table_mu = PTHREAD_MUTEX_INITIALIZER;
static int table[64];
static int table_len;

/* Lock helpers: they return holding the lock by design. */
static void table_lock(void) { pthread_mutex_lock(&table_mu); }
static void table_unlock(void) { pthread_mutex_unlock(&table_mu); }

/* Case 1: an early return while the global lock is held. */
int table_add(int v)
{
    pthread_mutex_lock(&table_mu);
    if (table_len == 64)
        return -ENOSPC; // expect-warning: handleguard-op-not-left
    table[table_len++] = v;
    pthread_mutex_unlock(&table_mu);
    return 0;
}

/* Case 2: the same through the lock helpers. */
int table_remove_last(void)
{
    table_lock();
    if (table_len == 0)
        return -ENOENT; // expect-warning: handleguard-op-not-left
    int v = table[--table_len];
    table_unlock();
    return v;
}

/* Case 3: trylock on the global lock, result ignored. */
void table_try_clear(void)
{
    pthread_mutex_trylock(&table_mu); // expect-warning: handleguard-enter-unchecked
    table_len = 0;
    pthread_mutex_unlock(&table_mu);
}

/* Case 4: the inverted trylock test: the path that got the lock (0) skips
 * the unlock. */
int table_try_len(void)
{
    int n = -1;
    if (pthread_mutex_trylock(&table_mu)) {
        n = table_len;
        pthread_mutex_unlock(&table_mu);
    }
    return n; // expect-warning: handleguard-op-not-left
}

/* Case 5: sleeping while a helper holds the lock. */
void table_slow_clear(void)
{
    table_lock();
    usleep(10); // expect-warning: handleguard-blocking-while-entered
    table_len = 0;
    table_unlock();
}
