/* enter-unchecked must stay quiet: the result is tested before any inner
 * access, leave or return, in every form the analysis follows: `!call`,
 * `if (call)`, a saved bool/int (initialised or assigned), `&&`, a macro
 * that returns, `goto` on failure, per-round tests in a loop. */
// expect-no-diagnostics
#define _DEFAULT_SOURCE
#include <handleguard.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef enum { SK_OK = 0, SK_ECLOSED = -1, SK_EINVAL = -2, SK_EAGAIN = -3 } sk_err;

struct sk_inner {
    unsigned char rx[256];
    size_t rx_len;
    unsigned long rx_total;
    int peer_port;
};

typedef struct sock {
    hg_guard guard;
    struct sk_inner *inner;
} sock;

#define SK_ENTER_OR_RETURN(s, op)               \
    do {                                        \
        if (!hg_try_enter(&(s)->guard, (op)))   \
            return SK_ECLOSED;                  \
    } while (0)

/* Case 1: `if (!call) return`. */
int sk_port(sock *s, int *port)
{
    hg_op op;
    if (!hg_try_enter(&s->guard, &op))
        return SK_ECLOSED;
    *port = s->inner->peer_port;
    hg_leave(&op);
    return SK_OK;
}

/* Case 2: `if (call) { ... }`. */
void sk_reset(sock *s)
{
    hg_op op;
    if (hg_try_enter(&s->guard, &op)) {
        s->inner->rx_len = 0;
        hg_leave(&op);
    }
}

/* Case 3: saved in a bool at its declaration, tested at once. */
int sk_pending(sock *s, size_t *n)
{
    hg_op op;
    bool ok = hg_try_enter(&s->guard, &op);
    if (!ok)
        return SK_ECLOSED;
    *n = s->inner->rx_len;
    hg_leave(&op);
    return SK_OK;
}

/* Case 4: saved in an int by a later assignment; non-inner work between the
 * call and the test is fine. */
int sk_feed(sock *s, const void *data, size_t n)
{
    hg_op op;
    int entered;
    size_t chunk = n > 256 ? 256 : n;
    entered = hg_try_enter(&s->guard, &op);
    chunk = chunk ? chunk : 1;
    if (!entered)
        return SK_ECLOSED;
    if (s->inner->rx_len + chunk > sizeof s->inner->rx) {
        hg_leave(&op);
        return SK_EAGAIN;
    }
    memcpy(s->inner->rx + s->inner->rx_len, data, chunk);
    s->inner->rx_len += chunk;
    s->inner->rx_total += chunk;
    hg_leave(&op);
    return (int)chunk;
}

/* Case 5: `&&` with a null check in front. */
unsigned long sk_total(sock *s)
{
    hg_op op;
    unsigned long t = 0;
    if (s && hg_try_enter(&s->guard, &op)) {
        t = s->inner->rx_total;
        hg_leave(&op);
    }
    return t;
}

/* Case 6: a macro that tests and returns. */
int sk_set_port(sock *s, int port)
{
    hg_op op;
    if (port <= 0 || port > 65535)
        return SK_EINVAL;
    SK_ENTER_OR_RETURN(s, &op);
    s->inner->peer_port = port;
    hg_leave(&op);
    return SK_OK;
}

/* Case 7: `goto` to an error label on failure. */
int sk_drain(sock *s, void *dst, size_t cap, size_t *got)
{
    hg_op op;
    if (!hg_try_enter(&s->guard, &op))
        goto closed;
    size_t n = s->inner->rx_len < cap ? s->inner->rx_len : cap;
    memcpy(dst, s->inner->rx, n);
    memmove(s->inner->rx, s->inner->rx + n, s->inner->rx_len - n);
    s->inner->rx_len -= n;
    hg_leave(&op);
    *got = n;
    return SK_OK;
closed:
    *got = 0;
    return SK_ECLOSED;
}

/* Case 8: a loop that tests the enter each round. */
int sk_feed_all(sock *s, const unsigned char *data, size_t n)
{
    size_t off = 0;
    while (off < n) {
        hg_op op;
        if (!hg_try_enter(&s->guard, &op))
            return SK_ECLOSED;
        size_t room = sizeof s->inner->rx - s->inner->rx_len;
        size_t take = n - off < room ? n - off : room;
        memcpy(s->inner->rx + s->inner->rx_len, data + off, take);
        s->inner->rx_len += take;
        hg_leave(&op);
        if (take == 0)
            return SK_EAGAIN;
        off += take;
    }
    return SK_OK;
}

/* Case 9: the result decides, via `?:`, what the op returns; no inner state
 * is touched and the leave is gated on the same result. */
int sk_alive(sock *s)
{
    hg_op op;
    bool ok = hg_try_enter(&s->guard, &op);
    if (ok)
        hg_leave(&op);
    return ok ? SK_OK : SK_ECLOSED;
}
