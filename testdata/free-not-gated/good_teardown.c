/* free-not-gated must stay quiet: longer teardowns that stay inside the
 * drained path (stopping and joining a worker, destroying an inline mutex,
 * walking a list), a free that touches nothing but the guard, and ops of
 * the same handle that do not call begin-free at all. */
// expect-no-diagnostics
#define _DEFAULT_SOURCE
#include <handleguard.h>

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct node {
    struct node *next;
    char *payload;
};

struct srv_inner {
    pthread_t worker;
    bool worker_started;
    struct node *head;
};

typedef struct service {
    hg_guard guard;
    pthread_mutex_t lock; /* inline inner state */
    bool stop;            /* inline inner state, protected by lock */
    struct srv_inner *inner;
} service;

typedef struct flag {
    hg_guard guard;
    int value; /* inline inner state */
} flag;

/* Case 1: stop and join the worker, destroy the inline mutex, free the
 * list: all on the drained path. */
void svc_free(service *s)
{
    if (!s)
        return;
    hg_free_result r = hg_begin_free(&s->guard, HG_FREE_DEADLINE_MS);
    if (r != HG_DRAINED)
        return;
    pthread_mutex_lock(&s->lock);
    s->stop = true;
    pthread_mutex_unlock(&s->lock);
    if (s->inner->worker_started)
        pthread_join(s->inner->worker, NULL);
    struct node *n = s->inner->head;
    while (n) {
        struct node *next = n->next;
        free(n->payload);
        free(n);
        n = next;
    }
    pthread_mutex_destroy(&s->lock);
    free(s->inner);
    s->inner = NULL;
}

/* Case 2: a handle with nothing to drop: begin-free only marks it. */
void flag_free(flag *f)
{
    if (hg_begin_free(&f->guard, 0) == HG_TIMED_OUT)
        return;
}

/* Case 3: an op of the same handle (no begin-free) is judged by the other
 * checks only. */
int svc_push(service *s, const char *payload)
{
    hg_op op;
    struct node *n = malloc(sizeof *n);
    if (!n)
        return -1;
    n->payload = strdup(payload);
    if (!hg_try_enter(&s->guard, &op)) {
        free(n->payload);
        free(n);
        return -2;
    }
    pthread_mutex_lock(&s->lock);
    n->next = s->inner->head;
    s->inner->head = n;
    pthread_mutex_unlock(&s->lock);
    hg_leave(&op);
    return 0;
}

/* Case 4: the drained path returns early on a nested condition; the rest
 * of it continues the teardown. */
void flag_free_v2(flag *f)
{
    if (hg_begin_free(&f->guard, HG_FREE_DEADLINE_MS) != HG_DRAINED)
        return;
    if (f->value == 0)
        return;
    f->value = 0;
}
