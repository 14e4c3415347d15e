/* blocking-while-entered must stay quiet: calls that do not block, made
 * while entered: mutex lock/unlock (pthread and C11), sem_post, sem_trywait,
 * pthread_create, condition-variable signals, a helper that only locks,
 * plain memory and string functions. */
// expect-no-diagnostics
#define _DEFAULT_SOURCE
#include <handleguard.h>

#include <pthread.h>
#include <semaphore.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>

typedef enum { EV_OK = 0, EV_ECLOSED = -1, EV_EAGAIN = -2, EV_EFAIL = -3 } ev_err;

struct ev_inner {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    sem_t tokens;
    mtx_t stats_mu;
    cnd_t stats_cv;
    unsigned long fired;
    char last[32];
    pthread_t helper;
    bool helper_running;
};

typedef struct events {
    hg_guard guard;
    struct ev_inner *inner;
} events;

struct ev_task {
    unsigned long seq;
};

static void *ev_task_main(void *arg)
{
    free(arg);
    return NULL;
}

static void ev_bump_locked(struct ev_inner *in)
{
    pthread_mutex_lock(&in->mu);
    in->fired++;
    pthread_mutex_unlock(&in->mu);
}

/* Case 1: pthread mutex lock/unlock and a broadcast while entered. */
int ev_fire(events *e, const char *name)
{
    hg_op op;
    if (!hg_try_enter(&e->guard, &op))
        return EV_ECLOSED;
    pthread_mutex_lock(&e->inner->mu);
    e->inner->fired++;
    snprintf(e->inner->last, sizeof e->inner->last, "%s", name);
    pthread_cond_broadcast(&e->inner->cv);
    pthread_mutex_unlock(&e->inner->mu);
    hg_leave(&op);
    return EV_OK;
}

/* Case 2: sem_post while entered. */
int ev_release(events *e)
{
    hg_op op;
    if (!hg_try_enter(&e->guard, &op))
        return EV_ECLOSED;
    int r = sem_post(&e->inner->tokens);
    hg_leave(&op);
    return r == 0 ? EV_OK : EV_EFAIL;
}

/* Case 3: sem_trywait (never waits) while entered. */
int ev_try_take(events *e)
{
    hg_op op;
    if (!hg_try_enter(&e->guard, &op))
        return EV_ECLOSED;
    int r = sem_trywait(&e->inner->tokens);
    hg_leave(&op);
    return r == 0 ? EV_OK : EV_EAGAIN;
}

/* Case 4: pthread_create while entered; the new thread gets its own copy. */
int ev_spawn(events *e)
{
    hg_op op;
    struct ev_task *t = malloc(sizeof *t);
    if (!t)
        return EV_EFAIL;
    if (!hg_try_enter(&e->guard, &op)) {
        free(t);
        return EV_ECLOSED;
    }
    t->seq = e->inner->fired;
    int r = pthread_create(&e->inner->helper, NULL, ev_task_main, t);
    if (r == 0)
        e->inner->helper_running = true;
    else
        free(t);
    hg_leave(&op);
    return r == 0 ? EV_OK : EV_EFAIL;
}

/* Case 5: a signal (not a wait) on a condition variable. */
int ev_kick(events *e)
{
    hg_op op;
    if (!hg_try_enter(&e->guard, &op))
        return EV_ECLOSED;
    pthread_mutex_lock(&e->inner->mu);
    pthread_cond_signal(&e->inner->cv);
    pthread_mutex_unlock(&e->inner->mu);
    hg_leave(&op);
    return EV_OK;
}

/* Case 6: C11 mutex and condition-variable signal while entered. */
int ev_count(events *e, unsigned long *out)
{
    hg_op op;
    if (!hg_try_enter(&e->guard, &op))
        return EV_ECLOSED;
    mtx_lock(&e->inner->stats_mu);
    *out = e->inner->fired;
    cnd_signal(&e->inner->stats_cv);
    mtx_unlock(&e->inner->stats_mu);
    hg_leave(&op);
    return EV_OK;
}

/* Case 7: a static helper that only takes a mutex. */
int ev_tick(events *e)
{
    hg_op op;
    if (!hg_try_enter(&e->guard, &op))
        return EV_ECLOSED;
    ev_bump_locked(e->inner);
    hg_leave(&op);
    return EV_OK;
}

/* Case 8: pthread_mutex_trylock and memory/string functions. */
int ev_last(events *e, char *dst, size_t n)
{
    hg_op op;
    if (n == 0)
        return EV_EFAIL;
    if (!hg_try_enter(&e->guard, &op))
        return EV_ECLOSED;
    if (pthread_mutex_trylock(&e->inner->mu) != 0) {
        hg_leave(&op);
        return EV_EAGAIN;
    }
    size_t len = strnlen(e->inner->last, sizeof e->inner->last);
    if (len >= n)
        len = n - 1;
    memcpy(dst, e->inner->last, len);
    dst[len] = '\0';
    pthread_mutex_unlock(&e->inner->mu);
    hg_leave(&op);
    return EV_OK;
}
