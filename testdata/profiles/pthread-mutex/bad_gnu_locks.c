/* pthread-mutex: pthread_mutex_clocklock tested, then an early return
 * while the lock is held. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <time.h>

struct job {
    pthread_mutex_t mu;
    int state;
};

int job_advance(struct job *j, const struct timespec *deadline)
{
    if (pthread_mutex_clocklock(&j->mu, CLOCK_MONOTONIC, deadline) != 0)
        return -ETIMEDOUT;
    if (j->state < 0)
        return -EINVAL; // expect-warning: handleguard-op-not-left
    j->state++;
    pthread_mutex_unlock(&j->mu);
    return 0;
}
