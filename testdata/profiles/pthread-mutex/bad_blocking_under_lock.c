/* pthread-mutex: blocking while holding the lock (every other thread that
 * needs it stalls behind the sleep or the I/O), including a condition wait
 * on a different mutex and a function of this file that blocks. */
#define _DEFAULT_SOURCE
#include <pthread.h>
#include <stddef.h>
#include <time.h>
#include <unistd.h>

struct conn {
    pthread_mutex_t mu;
    pthread_cond_t ready_cv;
    int fd;
    int ready;
    char buf[256];
    size_t used;
};

static pthread_mutex_t registry_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t registry_cv = PTHREAD_COND_INITIALIZER;
static int registry_open;

/* Case 1: sleeping under the lock. */
void conn_backoff(struct conn *c)
{
    pthread_mutex_lock(&c->mu);
    c->used = 0;
    sleep(1); // expect-warning: handleguard-blocking-while-entered
    pthread_mutex_unlock(&c->mu);
}

/* Case 2: blocking I/O under the lock. */
long conn_fill(struct conn *c)
{
    pthread_mutex_lock(&c->mu);
    long n = read(c->fd, c->buf, sizeof c->buf); // expect-warning: handleguard-blocking-while-entered
    if (n > 0)
        c->used = (size_t)n;
    pthread_mutex_unlock(&c->mu);
    return n;
}

/* Case 3: a condition wait that releases another mutex, not this one. */
void conn_wait_registry(struct conn *c)
{
    pthread_mutex_lock(&c->mu);
    pthread_mutex_lock(&registry_mu);
    while (!registry_open)
        pthread_cond_wait(&registry_cv, &registry_mu); // expect-warning: handleguard-blocking-while-entered
    pthread_mutex_unlock(&registry_mu);
    c->ready = 1;
    pthread_mutex_unlock(&c->mu);
}

/* Case 4: a function of this file that blocks, called under the lock. */
static void drain(int fd)
{
    struct timespec ts = {0, 1000000};
    nanosleep(&ts, NULL);
    (void)fsync(fd);
}

void conn_flush(struct conn *c)
{
    pthread_mutex_lock(&c->mu);
    drain(c->fd); // expect-warning: handleguard-blocking-while-entered
    c->used = 0;
    pthread_mutex_unlock(&c->mu);
}

/* Case 5: a global lock held across a sleep. */
void registry_pause(void)
{
    pthread_mutex_lock(&registry_mu);
    registry_open = 0;
    usleep(100); // expect-warning: handleguard-blocking-while-entered
    pthread_mutex_unlock(&registry_mu);
}
