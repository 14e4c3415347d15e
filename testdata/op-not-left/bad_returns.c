/* op-not-left: returns reached with the op still entered: early error
 * returns, a void function falling off its end, a `return;` in a void op,
 * a switch case, a return from inside a loop, a return hidden in a macro. */
#define _DEFAULT_SOURCE
#include <handleguard.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef enum {
    LOG_OK = 0,
    LOG_ECLOSED = -1,
    LOG_EINVAL = -2,
    LOG_ENOSPC = -3,
} log_err;

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

struct log_inner {
    char *buf;
    size_t used, size;
    enum log_level level;
    unsigned long dropped;
};

typedef struct logger {
    hg_guard guard;
    struct log_inner *inner;
} logger;

#define LOG_CHECK(cond, err)  \
    do {                      \
        if (!(cond))          \
            return (err);     \
    } while (0)

/* Case 1: the validation error returns without leaving. */
int log_append(logger *lg, const char *msg, size_t n)
{
    hg_op op;
    if (!hg_try_enter(&lg->guard, &op))
        return LOG_ECLOSED;
    if (lg->inner->size - lg->inner->used < n) {
        lg->inner->dropped++;
        return LOG_ENOSPC; // expect-warning: handleguard-op-not-left
    }
    memcpy(lg->inner->buf + lg->inner->used, msg, n);
    lg->inner->used += n;
    hg_leave(&op);
    return LOG_OK;
}

/* Case 2: a void op falls off its end with the op entered. */
void log_set_level(logger *lg, enum log_level level)
{
    hg_op op;
    if (!hg_try_enter(&lg->guard, &op))
        return;
    lg->inner->level = level;
} // expect-warning: handleguard-op-not-left

/* Case 3: `return;` in a void op while entered. */
void log_clear(logger *lg)
{
    hg_op op;
    if (!hg_try_enter(&lg->guard, &op))
        return;
    if (lg->inner->used == 0)
        return; // expect-warning: handleguard-op-not-left
    lg->inner->used = 0;
    hg_leave(&op);
}

/* Case 4: one switch case returns without leaving. */
int log_level_name(logger *lg, char *dst, size_t n)
{
    hg_op op;
    const char *name;
    if (n < 6)
        return LOG_EINVAL;
    if (!hg_try_enter(&lg->guard, &op))
        return LOG_ECLOSED;
    switch (lg->inner->level) {
    case LOG_DEBUG:
        name = "debug";
        break;
    case LOG_INFO:
        name = "info";
        break;
    case LOG_WARN:
        name = "warn";
        break;
    default:
        return LOG_EINVAL; // expect-warning: handleguard-op-not-left
    }
    hg_leave(&op);
    strcpy(dst, name);
    return LOG_OK;
}

/* Case 5: returning the position found inside a loop. */
long log_find(logger *lg, char c)
{
    hg_op op;
    if (!hg_try_enter(&lg->guard, &op))
        return LOG_ECLOSED;
    for (size_t i = 0; i < lg->inner->used; i++) {
        if (lg->inner->buf[i] == c)
            return (long)i; // expect-warning: handleguard-op-not-left
    }
    hg_leave(&op);
    return -1;
}

/* Case 6: a checking macro that returns, expanded while entered. */
int log_truncate(logger *lg, size_t keep)
{
    hg_op op;
    if (!hg_try_enter(&lg->guard, &op))
        return LOG_ECLOSED;
    LOG_CHECK(keep <= lg->inner->used, LOG_EINVAL); // expect-warning: handleguard-op-not-left
    lg->inner->used = keep;
    hg_leave(&op);
    return LOG_OK;
}

/* Case 7: the work is done under `if (hg_try_enter(...))` but the block
 * never leaves. */
size_t log_used(logger *lg)
{
    hg_op op;
    size_t n = 0;
    if (hg_try_enter(&lg->guard, &op)) {
        n = lg->inner->used;
    }
    return n; // expect-warning: handleguard-op-not-left
}
