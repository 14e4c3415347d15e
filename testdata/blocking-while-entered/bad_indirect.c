/* blocking-while-entered through callees: a user function declared
 * HG_BLOCKING (external, and static with a body), a chain of static helpers
 * that ends in a blocking call (the note shows the chain), an exported
 * function of this file that sleeps, a blocking call hidden in a macro. */
#define _DEFAULT_SOURCE
#include <handleguard.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

typedef enum { CL_OK = 0, CL_ECLOSED = -1, CL_EIO = -2, CL_EINVAL = -3 } cl_err;

struct cl_inner {
    int fd;
    int listen_fd;
    char outq[512];
    size_t outq_len;
    unsigned retries;
};

typedef struct client {
    hg_guard guard;
    struct cl_inner *inner;
} client;

/* Defined elsewhere; does a request/response round trip on fd. */
HG_BLOCKING int net_roundtrip(int fd, const void *req, size_t n, void *resp, size_t cap);

/* Spins until the peer has acknowledged; marked blocking by its author. */
static HG_BLOCKING int cl_wait_ack(int fd)
{
    char ack = 0;
    while (ack != 'A')
        if (recv(fd, &ack, 1, MSG_DONTWAIT) < 0)
            return CL_EIO;
    return CL_OK;
}

/* helpers: flush_all -> flush_queue -> write */
static int flush_queue(struct cl_inner *in)
{
    size_t off = 0;
    while (off < in->outq_len) {
        ssize_t n = write(in->fd, in->outq + off, in->outq_len - off);
        if (n <= 0)
            return CL_EIO;
        off += (size_t)n;
    }
    in->outq_len = 0;
    return CL_OK;
}

static int flush_all(client *c)
{
    return flush_queue(c->inner);
}

/* Exported, takes no handle: a plain utility of this library. */
void cl_pause_ms(unsigned ms)
{
    usleep(ms * 1000u);
}

#define CL_SEND(c, buf, n) send((c)->inner->fd, (buf), (n), 0)

/* Case 1: an external HG_BLOCKING function called while entered. */
int cl_call(client *c, const void *req, size_t n, void *resp, size_t cap)
{
    hg_op op;
    if (!hg_try_enter(&c->guard, &op))
        return CL_ECLOSED;
    int r = net_roundtrip(c->inner->fd, req, n, resp, cap); // expect-warning: handleguard-blocking-while-entered
    hg_leave(&op);
    return r;
}

/* Case 2: a chain of static helpers that ends in write(). */
int cl_flush(client *c)
{
    hg_op op;
    if (!hg_try_enter(&c->guard, &op))
        return CL_ECLOSED;
    int r = flush_all(c); // expect-warning: handleguard-blocking-while-entered
    hg_leave(&op);
    return r;
}

/* Case 3: a static HG_BLOCKING function called while entered. */
int cl_sync(client *c)
{
    hg_op op;
    if (!hg_try_enter(&c->guard, &op))
        return CL_ECLOSED;
    int r = cl_wait_ack(c->inner->fd); // expect-warning: handleguard-blocking-while-entered
    hg_leave(&op);
    return r;
}

/* Case 4: an exported function of this file that sleeps. */
int cl_retry_later(client *c)
{
    hg_op op;
    if (!hg_try_enter(&c->guard, &op))
        return CL_ECLOSED;
    c->inner->retries++;
    cl_pause_ms(10u * c->inner->retries); // expect-warning: handleguard-blocking-while-entered
    hg_leave(&op);
    return CL_OK;
}

/* Case 5: a macro that expands to send(). */
int cl_send(client *c, const void *buf, size_t n)
{
    hg_op op;
    if (!hg_try_enter(&c->guard, &op))
        return CL_ECLOSED;
    ssize_t r = CL_SEND(c, buf, n); // expect-warning: handleguard-blocking-while-entered
    hg_leave(&op);
    return r < 0 ? CL_EIO : CL_OK;
}

/* Case 6: accepting a connection while entered. */
int cl_accept(client *c)
{
    hg_op op;
    if (!hg_try_enter(&c->guard, &op))
        return CL_ECLOSED;
    int fd = accept(c->inner->listen_fd, NULL, NULL); // expect-warning: handleguard-blocking-while-entered
    if (fd >= 0)
        c->inner->fd = fd;
    hg_leave(&op);
    return fd >= 0 ? CL_OK : CL_EIO;
}
