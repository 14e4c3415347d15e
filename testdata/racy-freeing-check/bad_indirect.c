/* racy-freeing-check where the "protected" inner use is an alias, a helper
 * call, a loop body, or comes after the op has left. */
#define _DEFAULT_SOURCE
#include <handleguard.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef enum { PL_OK = 0, PL_ECLOSED = -1, PL_EAGAIN = -2 } pl_err;

struct pl_job {
    struct pl_job *next;
    int id;
};

struct pl_inner {
    struct pl_job *queue;
    size_t depth;
    unsigned long done;
    char label[32];
};

typedef struct pipeline {
    hg_guard guard;
    struct pl_inner *inner;
} pipeline;

static size_t pl_depth(pipeline *p)
{
    return p->inner->depth;
}

/* Case 1: an alias taken behind the gate. */
int pl_peek(pipeline *p, int *id)
{
    if (hg_is_freeing(&p->guard)) // expect-warning: handleguard-racy-freeing-check
        return PL_ECLOSED;
    struct pl_inner *in = p->inner; // expect-warning: handleguard-access-before-enter
    if (!in->queue)
        return PL_EAGAIN;
    *id = in->queue->id;
    return PL_OK;
}

/* Case 2: a helper that reads inner state, behind the gate. */
size_t pl_backlog(pipeline *p)
{
    if (hg_is_freeing(&p->guard)) // expect-warning: handleguard-racy-freeing-check
        return 0;
    return pl_depth(p); // expect-warning: handleguard-access-before-enter
}

/* Case 3: a loop that runs "until freeing starts". */
unsigned long pl_spin_count(pipeline *p, unsigned long rounds)
{
    unsigned long n = 0;
    while (n < rounds && !hg_is_freeing(&p->guard)) { // expect-warning: handleguard-racy-freeing-check
        n += p->inner->done; // expect-warning: handleguard-access-before-enter
    }
    return n;
}

/* Case 4: after the op has left, the gate decides a second write. */
int pl_complete(pipeline *p)
{
    hg_op op;
    if (!hg_try_enter(&p->guard, &op))
        return PL_ECLOSED;
    p->inner->done++;
    hg_leave(&op);
    if (!hg_is_freeing(&p->guard)) // expect-warning: handleguard-racy-freeing-check
        p->inner->depth--; // expect-warning: handleguard-access-before-enter
    return PL_OK;
}

/* Case 5: the gate chooses between two inner writes. */
int pl_set_label(pipeline *p, const char *label)
{
    if (strlen(label) >= sizeof p->inner->label)
        return PL_EAGAIN;
    if (hg_is_freeing(&p->guard)) // expect-warning: handleguard-racy-freeing-check
        p->inner->label[0] = '\0'; // expect-warning: handleguard-access-before-enter
    else
        strcpy(p->inner->label, label); // expect-warning: handleguard-access-before-enter
    return PL_OK;
}
