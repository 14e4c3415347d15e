/* blocking-while-entered must stay quiet: the op takes copies of what it
 * needs, leaves, blocks, and re-enters only to write back; blocking before
 * the enter; blocking helpers and HG_BLOCKING functions called outside the
 * entered region; a blocking utility never called while entered. */
// expect-no-diagnostics
#define _DEFAULT_SOURCE
#include <handleguard.h>

#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

typedef enum { RPC_OK = 0, RPC_ECLOSED = -1, RPC_EIO = -2, RPC_ETIMEDOUT = -3 } rpc_err;

struct rpc_inner {
    int fd;
    uint32_t next_id;
    uint64_t bytes_in;
    pthread_t reader;
    bool reader_started;
    bool stopping;
};

typedef struct rpc {
    hg_guard guard;
    struct rpc_inner *inner;
} rpc;

/* Defined elsewhere: blocks until the server answers. */
HG_BLOCKING int rpc_transport_call(int fd, uint32_t id, const void *req, size_t n,
                                   void *resp, size_t cap);

static int send_all(int fd, const void *buf, size_t n)
{
    const char *p = buf;
    while (n > 0) {
        ssize_t w = send(fd, p, n, 0);
        if (w <= 0)
            return RPC_EIO;
        p += w;
        n -= (size_t)w;
    }
    return RPC_OK;
}

static int send_frame(int fd, uint32_t id, const void *buf, size_t n)
{
    uint32_t hdr[2] = { id, (uint32_t)n };
    int r = send_all(fd, hdr, sizeof hdr);
    return r == RPC_OK ? send_all(fd, buf, n) : r;
}

/* Case 1: copy the fd and an id, leave, do the blocking call, re-enter to
 * write back the statistics. */
int rpc_call(rpc *c, const void *req, size_t n, void *resp, size_t cap)
{
    hg_op op;
    if (!hg_try_enter(&c->guard, &op))
        return RPC_ECLOSED;
    int fd = c->inner->fd;
    uint32_t id = c->inner->next_id++;
    hg_leave(&op);

    int r = rpc_transport_call(fd, id, req, n, resp, cap);

    if (!hg_try_enter(&c->guard, &op))
        return RPC_ECLOSED;
    if (r > 0)
        c->inner->bytes_in += (uint64_t)r;
    hg_leave(&op);
    return r;
}

/* Case 2: a chain of blocking helpers called after leaving. */
int rpc_notify(rpc *c, const void *msg, size_t n)
{
    hg_op op;
    if (!hg_try_enter(&c->guard, &op))
        return RPC_ECLOSED;
    int fd = c->inner->fd;
    uint32_t id = c->inner->next_id++;
    hg_leave(&op);
    return send_frame(fd, id, msg, n);
}

/* Case 3: poll before entering; read after leaving. */
int rpc_read_some(rpc *c, void *buf, size_t cap, int timeout_ms)
{
    hg_op op;
    if (!hg_try_enter(&c->guard, &op))
        return RPC_ECLOSED;
    int fd = c->inner->fd;
    hg_leave(&op);

    struct pollfd p = { .fd = fd, .events = POLLIN };
    if (poll(&p, 1, timeout_ms) <= 0)
        return RPC_ETIMEDOUT;
    ssize_t n = read(fd, buf, cap);
    if (n <= 0)
        return RPC_EIO;

    if (!hg_try_enter(&c->guard, &op))
        return RPC_ECLOSED;
    c->inner->bytes_in += (uint64_t)n;
    hg_leave(&op);
    return (int)n;
}

/* Case 4: stop the reader under the op, join it after leaving. */
int rpc_stop_reader(rpc *c)
{
    hg_op op;
    pthread_t t;
    bool started;
    if (!hg_try_enter(&c->guard, &op))
        return RPC_ECLOSED;
    c->inner->stopping = true;
    started = c->inner->reader_started;
    t = c->inner->reader;
    c->inner->reader_started = false;
    hg_leave(&op);
    if (started)
        pthread_join(t, NULL);
    return RPC_OK;
}

/* Case 5: a back-off sleep between rounds, outside the entered region. */
int rpc_wait_stopping(rpc *c, int rounds)
{
    for (int i = 0; i < rounds; i++) {
        hg_op op;
        if (!hg_try_enter(&c->guard, &op))
            return RPC_ECLOSED;
        bool stopping = c->inner->stopping;
        hg_leave(&op);
        if (stopping)
            return RPC_OK;
        usleep(1000);
    }
    return RPC_ETIMEDOUT;
}

/* Case 6: a blocking utility (exported, no handle) called before entering. */
void rpc_settle(unsigned ms)
{
    usleep(ms * 1000u);
}

int rpc_reset_stats(rpc *c, unsigned settle_ms)
{
    hg_op op;
    rpc_settle(settle_ms);
    if (!hg_try_enter(&c->guard, &op))
        return RPC_ECLOSED;
    c->inner->bytes_in = 0;
    hg_leave(&op);
    return RPC_OK;
}
