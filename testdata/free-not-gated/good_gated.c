/* free-not-gated must stay quiet: every inner access and drop of a _free
 * function is on the HG_DRAINED path (early return on `!= HG_DRAINED`,
 * `== HG_DRAINED` block, switch, saved result, macro, reversed operands,
 * goto), or inside an entered op before begin-free; non-inner uses (the
 * guard, the handle pointer itself) are fine anywhere. */
// expect-no-diagnostics
#define _DEFAULT_SOURCE
#include <handleguard.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct mq_inner {
    char **msgs;
    size_t n;
    bool closing;
};

typedef struct mqueue {
    hg_guard guard;
    struct mq_inner *inner;
    unsigned long posted; /* inline inner field */
} mqueue;

#define MQ_DRAINED(q) (hg_begin_free(&(q)->guard, HG_FREE_DEADLINE_MS) == HG_DRAINED)

static void mq_drop_inner(mqueue *q)
{
    for (size_t i = 0; i < q->inner->n; i++)
        free(q->inner->msgs[i]);
    free(q->inner->msgs);
    free(q->inner);
    q->inner = NULL;
}

/* Case 1: early return unless drained. */
void mq_free(mqueue *q)
{
    if (!q)
        return;
    if (hg_begin_free(&q->guard, HG_FREE_DEADLINE_MS) != HG_DRAINED)
        return;
    mq_drop_inner(q);
}

/* Case 2: drops inside the `== HG_DRAINED` block. */
void mq_free_v2(mqueue *q)
{
    if (hg_begin_free(&q->guard, HG_FREE_DEADLINE_MS) == HG_DRAINED) {
        for (size_t i = 0; i < q->inner->n; i++)
            free(q->inner->msgs[i]);
        free(q->inner->msgs);
        free(q->inner);
        q->inner = NULL;
        q->posted = 0;
    }
}

/* Case 3: switch; the other cases only report, without touching inner
 * state. */
int mq_free_v3(mqueue *q)
{
    switch (hg_begin_free(&q->guard, HG_FREE_DEADLINE_MS)) {
    case HG_DRAINED:
        mq_drop_inner(q);
        return 0;
    case HG_TIMED_OUT:
        fprintf(stderr, "mqueue %p: ops still running, inner state leaked\n", (void *)q);
        return -1;
    case HG_ALREADY_FREEING:
        return -2;
    }
    return -3;
}

/* Case 4: a saved result, tested before any access. */
hg_free_result mq_free_v4(mqueue *q)
{
    hg_free_result r = hg_begin_free(&q->guard, HG_FREE_DEADLINE_MS);
    if (r != HG_DRAINED)
        return r;
    mq_drop_inner(q);
    return r;
}

/* Case 5: a macro wrapping the call and the comparison. */
void mq_free_v5(mqueue *q)
{
    if (MQ_DRAINED(q))
        mq_drop_inner(q);
}

/* Case 6: pre-shutdown work done under an entered op, before begin-free. */
void mq_free_v6(mqueue *q)
{
    hg_op op;
    if (hg_try_enter(&q->guard, &op)) {
        q->inner->closing = true;
        hg_leave(&op);
    }
    if (hg_begin_free(&q->guard, HG_FREE_DEADLINE_MS) != HG_DRAINED)
        return;
    mq_drop_inner(q);
}

/* Case 7: operands reversed. */
void mq_free_v7(mqueue *q)
{
    if (HG_DRAINED == hg_begin_free(&q->guard, HG_FREE_DEADLINE_MS))
        mq_drop_inner(q);
}

/* Case 8: goto past the drops unless drained. */
int mq_free_v8(mqueue *q)
{
    int rc = 0;
    if (hg_begin_free(&q->guard, HG_FREE_DEADLINE_MS) != HG_DRAINED) {
        rc = -1;
        goto out;
    }
    free(q->inner->msgs);
    free(q->inner);
    q->inner = NULL;
out:
    fprintf(stderr, "mqueue %p freed (%d)\n", (void *)q, rc);
    return rc;
}
