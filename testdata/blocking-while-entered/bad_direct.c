/* blocking-while-entered: a blocking call made directly by an op while it is
 * entered: a condition-variable wait, a join, a semaphore wait, blocking
 * reads, poll, sleeps. */
#define _DEFAULT_SOURCE
#include <handleguard.h>

#include <poll.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef enum { WQ_OK = 0, WQ_ECLOSED = -1, WQ_EINVAL = -2, WQ_EIO = -3, WQ_EBUSY = -4 } wq_err;

struct wq_inner {
    pthread_mutex_t mu;
    pthread_cond_t idle;
    sem_t slots;
    pthread_t worker;
    int event_fd;
    int pending;
    bool stop;
};

typedef struct workq {
    hg_guard guard;
    struct wq_inner *inner;
} workq;

/* Case 1: waiting for the queue to go idle while entered; the inner mutex is
 * not the op token, so the wait holds the op for its whole duration. */
int wq_wait_idle(workq *q)
{
    hg_op op;
    if (!hg_try_enter(&q->guard, &op))
        return WQ_ECLOSED;
    struct wq_inner *in = q->inner;
    pthread_mutex_lock(&in->mu);
    while (in->pending > 0)
        pthread_cond_wait(&in->idle, &in->mu); // expect-warning: handleguard-blocking-while-entered
    pthread_mutex_unlock(&in->mu);
    hg_leave(&op);
    return WQ_OK;
}

/* Case 2: joining the worker thread while entered. */
int wq_stop(workq *q)
{
    hg_op op;
    if (!hg_try_enter(&q->guard, &op))
        return WQ_ECLOSED;
    pthread_mutex_lock(&q->inner->mu);
    q->inner->stop = true;
    pthread_mutex_unlock(&q->inner->mu);
    pthread_join(q->inner->worker, NULL); // expect-warning: handleguard-blocking-while-entered
    hg_leave(&op);
    return WQ_OK;
}

/* Case 3: waiting for a free slot while entered. */
int wq_reserve(workq *q)
{
    hg_op op;
    if (!hg_try_enter(&q->guard, &op))
        return WQ_ECLOSED;
    sem_wait(&q->inner->slots); // expect-warning: handleguard-blocking-while-entered
    q->inner->pending++;
    hg_leave(&op);
    return WQ_OK;
}

/* Case 4: a blocking read of the event fd while entered. */
int wq_next_event(workq *q, uint64_t *ev)
{
    hg_op op;
    if (!hg_try_enter(&q->guard, &op))
        return WQ_ECLOSED;
    ssize_t n = read(q->inner->event_fd, ev, sizeof *ev); // expect-warning: handleguard-blocking-while-entered
    hg_leave(&op);
    return n == (ssize_t)sizeof *ev ? WQ_OK : WQ_EIO;
}

/* Case 5: polling with a caller-chosen timeout while entered. */
int wq_ready(workq *q, int timeout_ms)
{
    hg_op op;
    if (!hg_try_enter(&q->guard, &op))
        return WQ_ECLOSED;
    struct pollfd p = { .fd = q->inner->event_fd, .events = POLLIN };
    int r = poll(&p, 1, timeout_ms); // expect-warning: handleguard-blocking-while-entered
    hg_leave(&op);
    return r > 0 ? WQ_OK : WQ_EBUSY;
}

/* Case 6: a back-off sleep inside the entered region of a retry loop. */
int wq_submit(workq *q, int tries)
{
    hg_op op;
    if (!hg_try_enter(&q->guard, &op))
        return WQ_ECLOSED;
    int rc = WQ_EBUSY;
    for (int i = 0; i < tries; i++) {
        if (sem_trywait(&q->inner->slots) == 0) {
            q->inner->pending++;
            rc = WQ_OK;
            break;
        }
        usleep(1000); // expect-warning: handleguard-blocking-while-entered
    }
    hg_leave(&op);
    return rc;
}

/* Case 7: nanosleep while entered, to pace a drain. */
int wq_throttle(workq *q, long ns)
{
    hg_op op;
    if (ns <= 0)
        return WQ_EINVAL;
    if (!hg_try_enter(&q->guard, &op))
        return WQ_ECLOSED;
    struct timespec ts = { .tv_sec = 0, .tv_nsec = ns };
    if (q->inner->pending > 16)
        nanosleep(&ts, NULL); // expect-warning: handleguard-blocking-while-entered
    hg_leave(&op);
    return WQ_OK;
}

/* Case 8: a one-second sleep in one switch case. */
int wq_ctl(workq *q, int cmd)
{
    hg_op op;
    if (!hg_try_enter(&q->guard, &op))
        return WQ_ECLOSED;
    switch (cmd) {
    case 0:
        q->inner->pending = 0;
        break;
    case 1:
        sleep(1); // expect-warning: handleguard-blocking-while-entered
        break;
    default:
        hg_leave(&op);
        return WQ_EINVAL;
    }
    hg_leave(&op);
    return WQ_OK;
}
