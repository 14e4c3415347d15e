/* A connection pool exported to Go through cgo: handles cross the boundary
 * as uintptr_t, worker threads drain a job queue, and every blocking step
 * (connect, send, join) runs after the op has left.  This variant carries one
 * bug per marked line. */
#define _POSIX_C_SOURCE 200809L
#include <handleguard.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { CP_OK = 0, CP_ESHUTDOWN = -1, CP_ENOMEM = -2, CP_EFULL = -3, CP_EINVAL = -4 };

struct cp_conn {
    int fd;
    int busy;
    char peer[64];
};

struct cp_inner {
    pthread_mutex_t mu;
    struct cp_conn *conns;
    size_t nconns;
    size_t cap;
    char *name;
    uint64_t bytes_sent;
    pthread_t workers[4];
    int nworkers;
};

typedef struct cp_pool {
    hg_guard guard;
    struct cp_inner *in;
} cp_pool;

static int dial(const char *peer) {
    (void)peer;
    return 3;
}

static void *worker_main(void *arg) {
    (void)arg;
    return NULL;
}

uintptr_t cp_open(const char *name, size_t cap) {
    cp_pool *p = calloc(1, sizeof *p);
    if (!p)
        return 0;
    hg_guard_init(&p->guard);
    p->in = calloc(1, sizeof *p->in);
    if (!p->in) {
        free(p);
        return 0;
    }
    p->in->conns = calloc(cap, sizeof *p->in->conns);
    p->in->name = strdup(name ? name : "pool");
    if (!p->in->conns || !p->in->name) {
        free(p->in->conns);
        free(p->in->name);
        free(p->in);
        free(p);
        return 0;
    }
    p->in->cap = cap;
    pthread_mutex_init(&p->in->mu, NULL);
    for (int i = 0; i < 4; i++) {
        if (pthread_create(&p->in->workers[i], NULL, worker_main, p) == 0)
            p->in->nworkers++;
    }
    return (uintptr_t)p;
}

int cp_connect(uintptr_t handle, const char *peer) {
    cp_pool *p = (cp_pool *)handle;
    hg_op op;
    char peer_copy[64];
    if (!p || !peer)
        return CP_EINVAL;
    strncpy(peer_copy, peer, sizeof peer_copy - 1);
    peer_copy[sizeof peer_copy - 1] = '\0';

    /* dial outside the op: connect may block for seconds */
    int fd = dial(peer_copy);
    if (fd < 0)
        return fd;

    if (!hg_try_enter(&p->guard, &op)) {
        close(fd);
        return CP_ESHUTDOWN;
    }
    struct cp_inner *in = p->in;
    int rc = CP_OK;
    pthread_mutex_lock(&in->mu);
    if (in->nconns == in->cap) {
        sleep(1); // expect-warning: handleguard-blocking-while-entered
        rc = CP_EFULL;
    } else {
        struct cp_conn *c = &in->conns[in->nconns++];
        c->fd = fd;
        c->busy = 0;
        memcpy(c->peer, peer_copy, sizeof c->peer);
    }
    pthread_mutex_unlock(&in->mu);
    hg_leave(&op);
    if (rc != CP_OK)
        close(fd);
    else
        in->bytes_sent = 0; // expect-warning: handleguard-access-before-enter
    return rc;
}

int cp_send(uintptr_t handle, size_t slot, const void *buf, size_t len) {
    cp_pool *p = (cp_pool *)handle;
    hg_op op;
    if (!hg_try_enter(&p->guard, &op))
        return CP_ESHUTDOWN;
    pthread_mutex_lock(&p->in->mu);
    if (slot >= p->in->nconns || p->in->conns[slot].busy) {
        pthread_mutex_unlock(&p->in->mu);
        return CP_EINVAL; // expect-warning: handleguard-op-not-left
    }
    int fd = dup(p->in->conns[slot].fd);
    p->in->conns[slot].busy = 1;
    pthread_mutex_unlock(&p->in->mu);
    ssize_t n = fd < 0 ? -1 : write(fd, buf, len); // expect-warning: handleguard-blocking-while-entered
    hg_leave(&op);

    if (fd < 0)
        return CP_EINVAL;
    close(fd);

    if (!hg_try_enter(&p->guard, &op))
        return CP_ESHUTDOWN;
    pthread_mutex_lock(&p->in->mu);
    p->in->conns[slot].busy = 0;
    if (n > 0)
        p->in->bytes_sent += (uint64_t)n;
    pthread_mutex_unlock(&p->in->mu);
    hg_leave(&op);
    return n < 0 ? CP_EINVAL : (int)n;
}

/* Returned to Go, which frees it with C.free. */
char *cp_name(uintptr_t handle) {
    cp_pool *p = (cp_pool *)handle;
    hg_op op;
    if (!hg_try_enter(&p->guard, &op))
        return NULL;
    char *name = p->in->name;
    hg_leave(&op);
    return name; // expect-warning: handleguard-borrowed-return
}

int cp_peer(void *handle, size_t slot, char *out, size_t outlen) {
    cp_pool *p = handle;
    hg_op op;
    if (!out || outlen == 0 || slot >= p->in->cap) // expect-warning: handleguard-access-before-enter
        return CP_EINVAL;
    if (!hg_try_enter(&p->guard, &op))
        return CP_ESHUTDOWN;
    int rc = CP_EINVAL;
    pthread_mutex_lock(&p->in->mu);
    if (slot < p->in->nconns) {
        strncpy(out, p->in->conns[slot].peer, outlen - 1);
        out[outlen - 1] = '\0';
        rc = CP_OK;
    }
    pthread_mutex_unlock(&p->in->mu);
    hg_leave(&op);
    return rc;
}

int cp_stats(uintptr_t handle, uint64_t *bytes_out, size_t *conns_out) {
    cp_pool *p = (cp_pool *)handle;
    hg_op op;
    hg_try_enter(&p->guard, &op); // expect-warning: handleguard-enter-unchecked
    pthread_mutex_lock(&p->in->mu);
    if (bytes_out)
        *bytes_out = p->in->bytes_sent;
    if (conns_out)
        *conns_out = p->in->nconns;
    pthread_mutex_unlock(&p->in->mu);
    hg_leave(&op);
    return CP_OK;
}

/* The fd of a slot, for Go's netpoller. */
int cp_conn(uintptr_t handle, size_t slot, struct cp_conn **out) {
    cp_pool *p = (cp_pool *)handle;
    hg_op op;
    if (!hg_try_enter(&p->guard, &op))
        return CP_ESHUTDOWN;
    int rc = CP_EINVAL;
    if (slot < p->in->nconns) {
        *out = &p->in->conns[slot]; // expect-warning: handleguard-borrowed-return
        rc = CP_OK;
    }
    hg_leave(&op);
    return rc;
}

int cp_idle(uintptr_t handle) {
    cp_pool *p = (cp_pool *)handle;
    if (hg_is_freeing(&p->guard)) // expect-warning: handleguard-racy-freeing-check
        return 0;
    return p->in->nconns == 0; // expect-warning: handleguard-access-before-enter
}

int cp_free(uintptr_t handle) {
    cp_pool *p = (cp_pool *)handle;
    if (!p)
        return CP_EINVAL;
    pthread_mutex_lock(&p->in->mu); // expect-warning: handleguard-free-not-gated
    pthread_mutex_unlock(&p->in->mu); // expect-warning: handleguard-free-not-gated
    if (hg_begin_free(&p->guard, HG_FREE_DEADLINE_MS) != HG_DRAINED)
        return CP_ESHUTDOWN;
    struct cp_inner *in = p->in;
    for (int i = 0; i < in->nworkers; i++)
        pthread_join(in->workers[i], NULL);
    for (size_t i = 0; i < in->nconns; i++)
        close(in->conns[i].fd);
    pthread_mutex_destroy(&in->mu);
    free(in->conns);
    free(in->name);
    free(in);
    p->in = NULL;
    free(p); // expect-warning: handleguard-box-freed
    return CP_OK;
}
