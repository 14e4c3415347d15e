/* box-freed must stay quiet: a constructor that passes the new handle to
 * pthread_create / thrd_create frees it on the side where the thread was
 * not created: it was never handed out. */
// expect-no-diagnostics
#define _POSIX_C_SOURCE 200809L
#include <handleguard.h>

#include <pthread.h>
#include <stdlib.h>
#include <threads.h>

struct wk_inner {
    pthread_t thr;
    thrd_t t2;
};

typedef struct worker {
    hg_guard guard;
    struct wk_inner *in;
} worker;

static void *run(void *arg) {
    (void)arg;
    return NULL;
}

static int run2(void *arg) {
    (void)arg;
    return 0;
}

worker *worker_new(void) {
    worker *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    hg_guard_init(&w->guard);
    w->in = calloc(1, sizeof *w->in);
    if (!w->in) {
        free(w);
        return NULL;
    }
    if (pthread_create(&w->in->thr, NULL, run, w) != 0) {
        free(w->in);
        free(w);
        return NULL;
    }
    return w;
}

worker *worker_new_c11(void) {
    worker *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    hg_guard_init(&w->guard);
    w->in = calloc(1, sizeof *w->in);
    int rc = w->in ? thrd_create(&w->in->t2, run2, w) : thrd_error;
    if (rc != thrd_success) {
        free(w->in);
        free(w);
        return NULL;
    }
    return w;
}
