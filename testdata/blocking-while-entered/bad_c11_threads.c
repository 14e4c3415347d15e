/* blocking-while-entered with C11 <threads.h> waits, joins and sleeps, and a
 * sleep made while the enter result is still untested (the token is
 * pending: it may be entered). */
#define _DEFAULT_SOURCE
#include <handleguard.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <threads.h>
#include <time.h>
#include <unistd.h>

typedef enum { JOB_OK = 0, JOB_ECLOSED = -1, JOB_EFAIL = -2 } job_err;

struct job_inner {
    mtx_t mu;
    cnd_t done_cv;
    thrd_t thread;
    bool done;
    int result;
};

typedef struct job {
    hg_guard guard;
    struct job_inner *inner;
} job;

/* Case 1: cnd_wait while entered. */
int job_wait(job *j, int *result)
{
    hg_op op;
    if (!hg_try_enter(&j->guard, &op))
        return JOB_ECLOSED;
    mtx_lock(&j->inner->mu);
    while (!j->inner->done)
        cnd_wait(&j->inner->done_cv, &j->inner->mu); // expect-warning: handleguard-blocking-while-entered
    *result = j->inner->result;
    mtx_unlock(&j->inner->mu);
    hg_leave(&op);
    return JOB_OK;
}

/* Case 2: thrd_join while entered. */
int job_join(job *j)
{
    hg_op op;
    int res = 0;
    if (!hg_try_enter(&j->guard, &op))
        return JOB_ECLOSED;
    int rc = thrd_join(j->inner->thread, &res); // expect-warning: handleguard-blocking-while-entered
    hg_leave(&op);
    return rc == thrd_success ? res : JOB_EFAIL;
}

/* Case 3: thrd_sleep while entered. */
int job_poll_done(job *j, int rounds)
{
    hg_op op;
    if (!hg_try_enter(&j->guard, &op))
        return JOB_ECLOSED;
    struct timespec ts = { .tv_sec = 0, .tv_nsec = 1000000 };
    bool done = false;
    for (int i = 0; i < rounds && !done; i++) {
        mtx_lock(&j->inner->mu);
        done = j->inner->done;
        mtx_unlock(&j->inner->mu);
        if (!done)
            thrd_sleep(&ts, NULL); // expect-warning: handleguard-blocking-while-entered
    }
    hg_leave(&op);
    return done ? JOB_OK : JOB_EFAIL;
}

/* Case 4: a sleep between the enter and the test of its result: the token
 * is pending (it may be entered), which holds the op just the same. */
int job_settle(job *j)
{
    hg_op op;
    bool ok = hg_try_enter(&j->guard, &op);
    usleep(500); // expect-warning: handleguard-blocking-while-entered
    if (!ok)
        return JOB_ECLOSED;
    int r = j->inner->result;
    hg_leave(&op);
    return r;
}
