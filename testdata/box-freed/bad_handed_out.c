/* box-freed outside _free functions: realloc of a handle parameter, a global
 * handle, a lookup result, and a fresh handle freed after it was handed out
 * (passed to an external function, stored in a global, stored in a field,
 * stored through an out-parameter). */
#define _DEFAULT_SOURCE
#include <handleguard.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef enum { SRV_OK = 0, SRV_ECLOSED = -1, SRV_ENOMEM = -2, SRV_EEXIST = -3 } srv_err;

struct conn_inner {
    int fd;
    char *peer;
};

typedef struct conn {
    hg_guard guard;
    struct conn_inner *inner;
    size_t nattrs;
    uint32_t attrs[]; /* flexible array, part of the box */
} conn;

struct server_inner {
    conn *conns[64];
    size_t nconns;
};

typedef struct server {
    hg_guard guard;
    struct server_inner *inner;
} server;

/* Defined elsewhere: a process-wide registry of connections. */
int conn_registry_add(conn *c);
conn *conn_registry_find(int fd);
int fd_watch(int fd);

static conn *g_last_conn;

static conn *conn_new(int fd)
{
    conn *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    hg_guard_init(&c->guard);
    c->inner = calloc(1, sizeof *c->inner);
    if (!c->inner) {
        free(c);
        return NULL;
    }
    c->inner->fd = fd;
    return c;
}

/* Case 1: growing the box with realloc moves it under concurrent callers. */
conn *conn_grow_attrs(conn *c, size_t n)
{
    conn *bigger = realloc(c, sizeof *c + n * sizeof(uint32_t)); // expect-warning: handleguard-box-freed
    return bigger;
}

/* Case 2: the global default connection, freed at library shutdown. */
void conn_lib_shutdown(void)
{
    if (g_last_conn && hg_begin_free(&g_last_conn->guard, HG_FREE_DEADLINE_MS) == HG_DRAINED) {
        free(g_last_conn->inner->peer);
        free(g_last_conn->inner);
        free(g_last_conn); // expect-warning: handleguard-box-freed
    }
}

/* Case 3: a handle found by lookup is not this function's to free. */
int conn_drop_fd(int fd)
{
    conn *c = conn_registry_find(fd);
    if (!c)
        return SRV_ECLOSED;
    if (hg_begin_free(&c->guard, HG_FREE_DEADLINE_MS) == HG_DRAINED) {
        free(c->inner->peer);
        free(c->inner);
        free(c); // expect-warning: handleguard-box-freed
    }
    return SRV_OK;
}

/* Case 4: registered (handed to an external function), then freed on a
 * later error path: the registry may already have published it. */
conn *conn_open(int fd, const char *peer)
{
    conn *c = conn_new(fd);
    if (!c)
        return NULL;
    if (conn_registry_add(c) != 0) {
        free(c->inner);
        free(c); // expect-warning: handleguard-box-freed
        return NULL;
    }
    c->inner->peer = strdup(peer);
    return c;
}

/* Case 5: stored in a global, then freed on a later error path. */
conn *conn_open_remember(int fd, const char *peer)
{
    conn *c = conn_new(fd);
    if (!c)
        return NULL;
    g_last_conn = c;
    char *p = strdup(peer);
    if (!p) {
        g_last_conn = NULL;
        free(c->inner);
        free(c); // expect-warning: handleguard-box-freed
        return NULL;
    }
    c->inner->peer = p;
    return c;
}

/* Case 6: stored into a field of another handle's inner state (the server
 * op is entered), then freed when the table turns out to be full. */
int srv_accept(server *s, int fd)
{
    hg_op op;
    conn *c = conn_new(fd);
    if (!c)
        return SRV_ENOMEM;
    if (!hg_try_enter(&s->guard, &op)) {
        free(c->inner);
        free(c);
        return SRV_ECLOSED;
    }
    s->inner->conns[s->inner->nconns++] = c;
    bool full = s->inner->nconns == 64;
    if (full)
        s->inner->conns[--s->inner->nconns] = NULL;
    hg_leave(&op);
    if (full) {
        free(c); // expect-warning: handleguard-box-freed
        return SRV_ENOMEM;
    }
    return SRV_OK;
}

/* Case 7: stored through an out-parameter, then freed when a later step
 * fails. */
int conn_create(int fd, const char *peer, conn **out)
{
    conn *c = conn_new(fd);
    if (!c)
        return SRV_ENOMEM;
    c->inner->peer = strdup(peer);
    *out = c;
    if (fd_watch(fd) != 0) {
        *out = NULL;
        free(c); // expect-warning: handleguard-box-freed
        return SRV_EEXIST;
    }
    return SRV_OK;
}
