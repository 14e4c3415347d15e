/* box-freed: the handle given to a thread that was created (or whose
 * creation was not tested) is handed out; freeing it afterwards is flagged. */
#define _POSIX_C_SOURCE 200809L
#include <handleguard.h>

#include <pthread.h>
#include <stdlib.h>

struct wk_inner {
    pthread_t thr;
};

typedef struct worker {
    hg_guard guard;
    struct wk_inner *in;
} worker;

static void *run(void *arg) {
    (void)arg;
    return NULL;
}

worker *worker_new_unchecked(void) {
    worker *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    hg_guard_init(&w->guard);
    w->in = calloc(1, sizeof *w->in);
    pthread_create(&w->in->thr, NULL, run, w);
    free(w); // expect-warning: handleguard-box-freed
    return NULL;
}

worker *worker_new_started(int keep) {
    worker *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    hg_guard_init(&w->guard);
    w->in = calloc(1, sizeof *w->in);
    int rc = pthread_create(&w->in->thr, NULL, run, w);
    if (rc == 0 && !keep) {
        free(w); // expect-warning: handleguard-box-freed
        return NULL;
    }
    return rc == 0 ? w : NULL;
}
