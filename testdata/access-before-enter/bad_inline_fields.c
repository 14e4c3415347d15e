/* access-before-enter on handles whose inner state is inline in the box (no
 * inner pointer): a mutex field whose address is taken, an array field, a
 * nested struct field; the struct is also marked HG_HANDLE. */
#define _DEFAULT_SOURCE
#include <handleguard.h>

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct conn_stats {
    uint64_t tx_bytes;
    uint64_t rx_bytes;
};

struct HG_HANDLE conn {
    hg_guard guard;
    pthread_mutex_t lock;
    int fd;
    char peer[64];
    struct conn_stats stats;
};

typedef struct conn conn_t;

enum { CONN_OK = 0, CONN_ECLOSED = -1, CONN_EINVAL = -2 };

/* Case 1: the inner mutex is locked before the op enters. */
int conn_set_peer(conn_t *c, const char *peer)
{
    hg_op op;
    if (strlen(peer) >= sizeof c->peer)
        return CONN_EINVAL;
    pthread_mutex_lock(&c->lock); // expect-warning: handleguard-access-before-enter
    if (!hg_try_enter(&c->guard, &op)) {
        pthread_mutex_unlock(&c->lock);
        return CONN_ECLOSED;
    }
    strcpy(c->peer, peer);
    pthread_mutex_unlock(&c->lock);
    hg_leave(&op);
    return CONN_OK;
}

/* Case 2: an inline array field formatted before entering. */
int conn_describe(conn_t *c, char *buf, size_t n)
{
    hg_op op;
    int len = snprintf(buf, n, "%s", c->peer); // expect-warning: handleguard-access-before-enter
    if (!hg_try_enter(&c->guard, &op))
        return CONN_ECLOSED;
    len += snprintf(buf + len, n - (size_t)len, " fd=%d", c->fd);
    hg_leave(&op);
    return len;
}

/* Case 3: a nested inline struct updated after leaving. */
int conn_account(conn_t *c, uint64_t tx, uint64_t rx)
{
    hg_op op;
    if (!hg_try_enter(&c->guard, &op))
        return CONN_ECLOSED;
    pthread_mutex_lock(&c->lock);
    c->stats.rx_bytes += rx;
    pthread_mutex_unlock(&c->lock);
    hg_leave(&op);
    c->stats.tx_bytes += tx; // expect-warning: handleguard-access-before-enter
    return CONN_OK;
}

/* Case 4: a local copy of the handle is still the handle. */
int conn_fd(conn_t *c)
{
    conn_t *self = c;
    int fd = self->fd; // expect-warning: handleguard-access-before-enter
    return fd;
}
