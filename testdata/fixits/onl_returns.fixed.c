/* op-not-left: returns reached with the op entered get a leave before them:
 * an early return in a block, the branch of an if written without braces
 * (it gets braces), a return inside a loop, a `return;` and the closing
 * brace of a void op. */
// FIXED: handleguard-op-not-left
#include <handleguard.h>

#include <stddef.h>
#include <string.h>

typedef enum { LOG_OK = 0, LOG_ECLOSED = -1, LOG_EINVAL = -2, LOG_ENOSPC = -3 } log_err;

struct log_inner {
    char buf[256];
    size_t used;
    unsigned long dropped;
    int level;
};

typedef struct logger {
    hg_guard guard;
    struct log_inner *inner;
} logger;

int log_append(logger *lg, const char *msg, size_t n)
{
    hg_op op;
    if (!hg_try_enter(&lg->guard, &op))
        return LOG_ECLOSED;
    if (sizeof lg->inner->buf - lg->inner->used < n) {
        lg->inner->dropped++;
        hg_leave(&op);
        return LOG_ENOSPC; // expect-warning: handleguard-op-not-left
    }
    if (n == 0) {
        hg_leave(&op);
        return LOG_EINVAL; // expect-warning: handleguard-op-not-left
    }
    memcpy(lg->inner->buf + lg->inner->used, msg, n);
    lg->inner->used += n;
    hg_leave(&op);
    return LOG_OK;
}

long log_find(logger *lg, char c)
{
    hg_op op;
    if (!hg_try_enter(&lg->guard, &op))
        return LOG_ECLOSED;
    for (size_t i = 0; i < lg->inner->used; i++) {
        if (lg->inner->buf[i] == c) {
            hg_leave(&op);
            return (long)i; // expect-warning: handleguard-op-not-left
        }
    }
    hg_leave(&op);
    return -1;
}

void log_set_level(logger *lg, int level)
{
    hg_op op;
    if (!hg_try_enter(&lg->guard, &op))
        return;
    if (level < 0) {
        hg_leave(&op);
        return; // expect-warning: handleguard-op-not-left
    }
    lg->inner->level = level;
    hg_leave(&op);
} // expect-warning: handleguard-op-not-left
