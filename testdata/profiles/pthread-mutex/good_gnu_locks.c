/* pthread-mutex: glibc's pthread_mutex_clocklock locks when it returns 0,
 * like pthread_mutex_timedlock; its arguments after the mutex are a clock
 * and a time, not tokens. */
// expect-no-diagnostics
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
    j->state++;
    pthread_mutex_unlock(&j->mu);
    return 0;
}

int job_state(struct job *j)
{
    pthread_mutex_lock(&j->mu);
    int s = j->state;
    pthread_mutex_unlock(&j->mu);
    return s;
}
