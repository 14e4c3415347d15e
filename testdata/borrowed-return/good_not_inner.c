/* borrowed-return must stay quiet: pointers that do not point into a
 * handle's inner state: a static buffer, a field of a plain (non-handle)
 * struct, the handle itself through an out-parameter, and a static helper
 * that passes a borrow to its entered caller through an out-parameter. */
// expect-no-diagnostics
#define _DEFAULT_SOURCE
#include <handleguard.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct req_inner {
    char *body;
    size_t len;
};

typedef struct request_queue {
    hg_guard guard;
    struct req_inner *inner;
} request_queue;

/* A plain request description owned by the caller: not a handle. */
struct request {
    const char *title;
    int priority;
};

static const char rq_version_string[] = "rq 1.4";

static void rq_body_ref(const struct req_inner *in, const char **out, size_t *len)
{
    *out = in->body;
    *len = in->len;
}

/* Case 10: a pointer to a static buffer. */
const char *rq_version(void)
{
    return rq_version_string;
}

/* Case 11: a field of a caller-owned plain struct. */
const char *rq_request_title(const struct request *r)
{
    return r->title;
}

/* Case 12: the handle itself handed out through an out-parameter. */
int rq_retain(request_queue *q, request_queue **out)
{
    hg_op op;
    if (!hg_try_enter(&q->guard, &op))
        return -1;
    hg_leave(&op);
    *out = q;
    return 0;
}

/* Case 13: a static helper stores a borrow for its entered caller, which
 * copies it before leaving. */
char *rq_body_copy(request_queue *q)
{
    hg_op op;
    const char *body;
    size_t len;
    if (!hg_try_enter(&q->guard, &op))
        return NULL;
    rq_body_ref(q->inner, &body, &len);
    char *copy = malloc(len + 1);
    if (copy) {
        memcpy(copy, body, len);
        copy[len] = '\0';
    }
    hg_leave(&op);
    return copy;
}
