/* pthread-mutex with C11 <threads.h>: results compared through the
 * enumerators (thrd_success, thrd_busy, thrd_timedout), switches on them,
 * and cnd_wait / cnd_timedwait on the held mtx. */
// expect-no-diagnostics
#include <stdbool.h>
#include <stddef.h>
#include <threads.h>
#include <time.h>

struct gate {
    mtx_t mu;
    cnd_t opened;
    bool open;
    unsigned passed;
};

int gate_init(struct gate *g)
{
    g->open = false;
    g->passed = 0;
    if (cnd_init(&g->opened) != thrd_success)
        return -1;
    return mtx_init(&g->mu, mtx_timed) == thrd_success ? 0 : -1;
}

void gate_destroy(struct gate *g)
{
    cnd_destroy(&g->opened);
    mtx_destroy(&g->mu);
    g->open = false;
}

void gate_open(struct gate *g)
{
    mtx_lock(&g->mu);
    g->open = true;
    cnd_broadcast(&g->opened);
    mtx_unlock(&g->mu);
}

int gate_checked_open(struct gate *g)
{
    if (mtx_lock(&g->mu) != thrd_success)
        return -1;
    g->open = true;
    cnd_broadcast(&g->opened);
    mtx_unlock(&g->mu);
    return 0;
}

void gate_pass(struct gate *g)
{
    mtx_lock(&g->mu);
    while (!g->open)
        cnd_wait(&g->opened, &g->mu);
    g->passed++;
    mtx_unlock(&g->mu);
}

int gate_pass_until(struct gate *g, const struct timespec *deadline)
{
    if (mtx_timedlock(&g->mu, deadline) != thrd_success)
        return -1;
    int rc = thrd_success;
    while (!g->open && rc == thrd_success)
        rc = cnd_timedwait(&g->opened, &g->mu, deadline);
    if (rc == thrd_success)
        g->passed++;
    mtx_unlock(&g->mu);
    return rc == thrd_success ? 0 : -1;
}

bool gate_try_pass(struct gate *g)
{
    if (mtx_trylock(&g->mu) == thrd_success) {
        bool ok = g->open;
        if (ok)
            g->passed++;
        mtx_unlock(&g->mu);
        return ok;
    }
    return false;
}

int gate_try_close(struct gate *g)
{
    int rc = mtx_trylock(&g->mu);
    if (rc == thrd_busy)
        return 1;
    g->open = false;
    mtx_unlock(&g->mu);
    return 0;
}

int gate_switch_count(struct gate *g)
{
    switch (mtx_trylock(&g->mu)) {
    case thrd_success: {
        int n = (int)g->passed;
        mtx_unlock(&g->mu);
        return n;
    }
    case thrd_busy:
        return -1;
    default:
        return -2;
    }
}
