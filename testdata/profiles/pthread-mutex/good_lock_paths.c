/* pthread-mutex: every way of taking, testing and releasing the lock that
 * must stay quiet: trylock tested against 0 or EBUSY, a failed trylock
 * that returns (it does not hold the lock), timedlock, spinning on
 * trylock, locking per loop iteration, goto cleanup, and unlocking before
 * a blocking call. */
// expect-no-diagnostics
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stddef.h>
#include <time.h>
#include <unistd.h>

struct stats {
    pthread_mutex_t mu;
    long hits, misses;
    int fd;
};

void stats_hit(struct stats *s)
{
    pthread_mutex_lock(&s->mu);
    s->hits++;
    pthread_mutex_unlock(&s->mu);
}

int stats_try_hit(struct stats *s)
{
    if (pthread_mutex_trylock(&s->mu) != 0)
        return -EBUSY;
    s->hits++;
    pthread_mutex_unlock(&s->mu);
    return 0;
}

int stats_try_miss(struct stats *s)
{
    if (pthread_mutex_trylock(&s->mu))
        return -EBUSY;
    s->misses++;
    pthread_mutex_unlock(&s->mu);
    return 0;
}

int stats_try_reset(struct stats *s)
{
    int rc = pthread_mutex_trylock(&s->mu);
    if (rc == EBUSY)
        return -EBUSY;
    s->hits = s->misses = 0;
    pthread_mutex_unlock(&s->mu);
    return 0;
}

int stats_maybe_hit(struct stats *s)
{
    if (pthread_mutex_trylock(&s->mu) == 0) {
        s->hits++;
        pthread_mutex_unlock(&s->mu);
        return 1;
    }
    return 0;
}

int stats_switch_hit(struct stats *s)
{
    switch (pthread_mutex_trylock(&s->mu)) {
    case 0:
        s->hits++;
        pthread_mutex_unlock(&s->mu);
        return 0;
    case EBUSY:
        return -EBUSY;
    }
    return -EINVAL;
}

int stats_timed_hit(struct stats *s, const struct timespec *deadline)
{
    int rc = pthread_mutex_timedlock(&s->mu, deadline);
    if (rc == ETIMEDOUT)
        return -ETIMEDOUT;
    s->hits++;
    pthread_mutex_unlock(&s->mu);
    return 0;
}

void stats_spin_hit(struct stats *s)
{
    while (pthread_mutex_trylock(&s->mu) != 0)
        sched_yield();
    s->hits++;
    pthread_mutex_unlock(&s->mu);
}

void stats_add(struct stats *s, const int *outcomes, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        pthread_mutex_lock(&s->mu);
        if (outcomes[i])
            s->hits++;
        else
            s->misses++;
        pthread_mutex_unlock(&s->mu);
    }
}

int stats_checked_add(struct stats *s, long hits)
{
    int rc = 0;
    pthread_mutex_lock(&s->mu);
    if (hits < 0) {
        rc = -EINVAL;
        goto out;
    }
    s->hits += hits;
out:
    pthread_mutex_unlock(&s->mu);
    return rc;
}

/* Copy under the lock, unlock, then block. */
int stats_flush(struct stats *s)
{
    char line[64];
    pthread_mutex_lock(&s->mu);
    long h = s->hits, m = s->misses;
    int fd = s->fd;
    pthread_mutex_unlock(&s->mu);
    int len = 0;
    for (long v = h + m; v > 0 && len < 20; v /= 10)
        line[len++] = (char)('0' + v % 10);
    return write(fd, line, (size_t)len) < 0 ? -1 : 0;
}

/* pthread_mutex_lock always locks, but code that tests its result (an
 * error-checking mutex) does not hold the lock on the failed side. */
int stats_checked_hit(struct stats *s)
{
    if (pthread_mutex_lock(&s->mu) != 0)
        return -1;
    s->hits++;
    pthread_mutex_unlock(&s->mu);
    return 0;
}

int stats_checked_miss(struct stats *s)
{
    int rc = pthread_mutex_lock(&s->mu);
    if (rc)
        return -rc;
    s->misses++;
    pthread_mutex_unlock(&s->mu);
    return 0;
}
