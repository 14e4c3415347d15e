/* pthread-mutex: a condition wait on the held mutex releases it while it
 * waits; unlock-block-relock is fine; signalling is not blocking. */
// expect-no-diagnostics
#define _DEFAULT_SOURCE
#include <pthread.h>
#include <stddef.h>
#include <time.h>
#include <unistd.h>

struct latch {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int count;
};

void latch_wait(struct latch *l)
{
    pthread_mutex_lock(&l->mu);
    while (l->count > 0)
        pthread_cond_wait(&l->cv, &l->mu);
    pthread_mutex_unlock(&l->mu);
}

int latch_wait_until(struct latch *l, const struct timespec *deadline)
{
    int rc = 0;
    pthread_mutex_lock(&l->mu);
    while (l->count > 0 && rc == 0)
        rc = pthread_cond_timedwait(&l->cv, &l->mu, deadline);
    pthread_mutex_unlock(&l->mu);
    return rc;
}

void latch_count_down(struct latch *l)
{
    pthread_mutex_lock(&l->mu);
    if (--l->count == 0)
        pthread_cond_broadcast(&l->cv);
    pthread_mutex_unlock(&l->mu);
}

/* Unlock, sleep, lock again. */
void latch_poll(struct latch *l)
{
    pthread_mutex_lock(&l->mu);
    while (l->count > 0) {
        pthread_mutex_unlock(&l->mu);
        usleep(1000);
        pthread_mutex_lock(&l->mu);
    }
    pthread_mutex_unlock(&l->mu);
}

static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_cv = PTHREAD_COND_INITIALIZER;
static int g_ready;

void global_wait_ready(void)
{
    pthread_mutex_lock(&g_mu);
    while (!g_ready)
        pthread_cond_wait(&g_cv, &g_mu);
    pthread_mutex_unlock(&g_mu);
}

void global_set_ready(void)
{
    pthread_mutex_lock(&g_mu);
    g_ready = 1;
    pthread_cond_signal(&g_cv);
    pthread_mutex_unlock(&g_mu);
}
