/* pthread-mutex: a path that returns with the lock still held (the next
 * locker blocks forever), and trylock results that are not tested. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <pthread.h>
#include <stddef.h>

struct account {
    pthread_mutex_t mu;
    long balance;
    int frozen;
};

void account_deposit(struct account *a, long amount)
{
    pthread_mutex_lock(&a->mu);
    a->balance += amount;
    pthread_mutex_unlock(&a->mu);
}

void account_freeze(struct account *a)
{
    pthread_mutex_lock(&a->mu);
    a->frozen = 1;
    pthread_mutex_unlock(&a->mu);
}

/* Case 1: an early error return that forgets to unlock. */
int account_withdraw(struct account *a, long amount)
{
    pthread_mutex_lock(&a->mu);
    if (a->frozen)
        return -EPERM; // expect-warning: handleguard-op-not-left
    if (a->balance < amount) {
        pthread_mutex_unlock(&a->mu);
        return -EAGAIN;
    }
    a->balance -= amount;
    pthread_mutex_unlock(&a->mu);
    return 0;
}

/* Case 2: goto cleanup, but one path jumps past the unlock. */
int account_transfer_in(struct account *a, long amount)
{
    int rc = 0;
    pthread_mutex_lock(&a->mu);
    if (a->frozen) {
        rc = -EPERM;
        goto out;
    }
    if (amount < 0) {
        rc = -EINVAL;
        goto unlocked;
    }
    a->balance += amount;
out:
    pthread_mutex_unlock(&a->mu);
unlocked:
    return rc; // expect-warning: handleguard-op-not-left
}

/* Case 3: a `break` out of a loop that locks per iteration leaves the lock
 * held. */
void account_apply(struct account *a, const long *deltas, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        pthread_mutex_lock(&a->mu);
        if (a->frozen)
            break;
        a->balance += deltas[i];
        pthread_mutex_unlock(&a->mu);
    }
} // expect-warning: handleguard-op-not-left

/* Case 4: a successful trylock that is not unlocked on one path. */
int account_try_peek(struct account *a, long *out)
{
    if (pthread_mutex_trylock(&a->mu) != 0)
        return -EBUSY;
    if (a->frozen)
        return -EPERM; // expect-warning: handleguard-op-not-left
    *out = a->balance;
    pthread_mutex_unlock(&a->mu);
    return 0;
}

/* Case 5: the result of trylock ignored: the code runs whether or not it
 * got the lock (and then unlocks a mutex it may not hold). */
void account_try_freeze(struct account *a)
{
    pthread_mutex_trylock(&a->mu); // expect-warning: handleguard-enter-unchecked
    a->frozen = 1;
    pthread_mutex_unlock(&a->mu);
}

/* Case 6: the result stored but not tested before the state is used. */
long account_try_balance(struct account *a)
{
    int rc = pthread_mutex_trylock(&a->mu); // expect-warning: handleguard-enter-unchecked
    long b = a->balance;
    if (rc == 0)
        pthread_mutex_unlock(&a->mu);
    return b;
}

/* Case 7: timedlock tested, then an early return while held. */
int account_timed_close(struct account *a, const struct timespec *deadline)
{
    if (pthread_mutex_timedlock(&a->mu, deadline) != 0)
        return -ETIMEDOUT;
    if (a->balance != 0)
        return -EBUSY; // expect-warning: handleguard-op-not-left
    a->frozen = 1;
    pthread_mutex_unlock(&a->mu);
    return 0;
}
