/* access-before-enter in loops, switch and goto paths, and on a path that
 * joins an already-reported path (each path is reported at its own first
 * unguarded access only). */
#define _DEFAULT_SOURCE
#include <handleguard.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef enum {
    Q_OK = 0,
    Q_ECLOSED = -1,
    Q_EINVAL = -2,
    Q_ENOMEM = -3,
} q_err;

enum q_ctl { Q_CTL_RESERVE, Q_CTL_LIMIT, Q_CTL_STATS };

struct q_inner {
    int *items;
    size_t len, cap;
    size_t limit;
};

typedef struct queue {
    hg_guard guard;
    struct q_inner *inner;
    unsigned long errors; /* inline inner field */
} queue;

/* Case 1: inside a loop, the exit test reads inner state after leaving. */
int q_pop_many(queue *q, int *out, size_t n, size_t *got)
{
    size_t i = 0;
    for (;;) {
        hg_op op;
        if (!hg_try_enter(&q->guard, &op))
            return Q_ECLOSED;
        if (q->inner->len > 0)
            out[i++] = q->inner->items[--q->inner->len];
        hg_leave(&op);
        if (i == n || q->inner->len == 0) // expect-warning: handleguard-access-before-enter
            break;
    }
    *got = i;
    return Q_OK;
}

/* Case 2: one switch case forgets to enter. */
int q_ctl(queue *q, enum q_ctl cmd, size_t arg)
{
    hg_op op;
    switch (cmd) {
    case Q_CTL_RESERVE:
        if (!hg_try_enter(&q->guard, &op))
            return Q_ECLOSED;
        if (arg > q->inner->cap) {
            int *p = realloc(q->inner->items, arg * sizeof *p);
            if (!p) {
                hg_leave(&op);
                return Q_ENOMEM;
            }
            q->inner->items = p;
            q->inner->cap = arg;
        }
        hg_leave(&op);
        return Q_OK;
    case Q_CTL_LIMIT:
        q->inner->limit = arg; // expect-warning: handleguard-access-before-enter
        return Q_OK;
    case Q_CTL_STATS:
        if (!hg_try_enter(&q->guard, &op))
            return Q_ECLOSED;
        arg = q->inner->len;
        hg_leave(&op);
        return (int)arg;
    }
    return Q_EINVAL;
}

/* Case 3: the error label runs after the op has left. */
int q_push(queue *q, int v)
{
    hg_op op;
    int rc = Q_OK;
    if (!hg_try_enter(&q->guard, &op))
        return Q_ECLOSED;
    if (q->inner->len == q->inner->limit) {
        rc = Q_EINVAL;
        goto fail;
    }
    if (q->inner->len == q->inner->cap) {
        rc = Q_ENOMEM;
        goto fail;
    }
    q->inner->items[q->inner->len++] = v;
    hg_leave(&op);
    return Q_OK;
fail:
    hg_leave(&op);
    q->errors++; // expect-warning: handleguard-access-before-enter
    return rc;
}

/* Case 4: two paths, each reported at its own first unguarded access: the
 * `verbose` path at the first read, the other path at the second one.  On
 * the `verbose` path the second read is quiet (already reported). */
int q_peek(queue *q, bool verbose, int *out)
{
    hg_op op;
    size_t cap = 0;
    if (verbose)
        cap = q->inner->cap; // expect-warning: handleguard-access-before-enter
    size_t len = q->inner->len; // expect-warning: handleguard-access-before-enter
    if (len == 0 || cap > SIZE_MAX / 2)
        return Q_EINVAL;
    if (!hg_try_enter(&q->guard, &op))
        return Q_ECLOSED;
    *out = q->inner->items[q->inner->len - 1];
    hg_leave(&op);
    return Q_OK;
}

/* Case 5: a while loop that re-enters each round but tests inner state in
 * its condition, outside the entered region. */
int q_wait_drain(queue *q, int *sink, size_t cap)
{
    size_t n = 0;
    while (q->inner->len > 0 && n < cap) { // expect-warning: handleguard-access-before-enter
        hg_op op;
        if (!hg_try_enter(&q->guard, &op))
            return Q_ECLOSED;
        if (q->inner->len > 0)
            sink[n++] = q->inner->items[--q->inner->len];
        hg_leave(&op);
    }
    return (int)n;
}
