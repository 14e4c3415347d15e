/* op-not-left must stay quiet: _open and _free (no op token), returns before
 * the enter, leaves in both arms of an if/else, a value computed by a helper
 * and returned after the leave, an op that never enters. */
// expect-no-diagnostics
#define _DEFAULT_SOURCE
#include <handleguard.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define TW_SLOTS 64

typedef enum { TW_OK = 0, TW_ECLOSED = -1, TW_EINVAL = -2, TW_ENOMEM = -3 } tw_err;

struct tw_timer {
    uint64_t deadline;
    int id;
    struct tw_timer *next;
};

struct tw_inner {
    struct tw_timer *slots[TW_SLOTS];
    uint64_t now;
    int next_id;
};

typedef struct timer_wheel {
    hg_guard guard;
    struct tw_inner *inner;
} timer_wheel;

static size_t tw_count(const struct tw_inner *in)
{
    size_t n = 0;
    for (size_t s = 0; s < TW_SLOTS; s++)
        for (const struct tw_timer *t = in->slots[s]; t; t = t->next)
            n++;
    return n;
}

/* Case 1: _open constructs without any token. */
timer_wheel *tw_open(uint64_t now)
{
    timer_wheel *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    hg_guard_init(&w->guard);
    w->inner = calloc(1, sizeof *w->inner);
    if (!w->inner) {
        free(w);
        return NULL;
    }
    w->inner->now = now;
    return w;
}

/* Case 2: _free gates on begin-free; there is nothing to leave. */
void tw_free(timer_wheel *w)
{
    if (!w)
        return;
    if (hg_begin_free(&w->guard, HG_FREE_DEADLINE_MS) != HG_DRAINED)
        return;
    for (size_t s = 0; s < TW_SLOTS; s++) {
        struct tw_timer *t = w->inner->slots[s];
        while (t) {
            struct tw_timer *next = t->next;
            free(t);
            t = next;
        }
    }
    free(w->inner);
    w->inner = NULL;
}

/* Case 3: argument checks return before the enter. */
int tw_add(timer_wheel *w, uint64_t delay, int *id)
{
    hg_op op;
    if (delay == 0 || !id)
        return TW_EINVAL;
    struct tw_timer *t = malloc(sizeof *t);
    if (!t)
        return TW_ENOMEM;
    if (!hg_try_enter(&w->guard, &op)) {
        free(t);
        return TW_ECLOSED;
    }
    t->deadline = w->inner->now + delay;
    t->id = ++w->inner->next_id;
    size_t slot = (size_t)(t->deadline % TW_SLOTS);
    t->next = w->inner->slots[slot];
    w->inner->slots[slot] = t;
    *id = t->id;
    hg_leave(&op);
    return TW_OK;
}

/* Case 4: both arms of an if/else leave. */
int tw_advance(timer_wheel *w, uint64_t now)
{
    hg_op op;
    if (!hg_try_enter(&w->guard, &op))
        return TW_ECLOSED;
    if (now < w->inner->now) {
        hg_leave(&op);
        return TW_EINVAL;
    } else {
        w->inner->now = now;
        hg_leave(&op);
    }
    return TW_OK;
}

/* Case 5: a helper computes the value, the op leaves, then returns it. */
long tw_pending(timer_wheel *w)
{
    hg_op op;
    if (!hg_try_enter(&w->guard, &op))
        return TW_ECLOSED;
    long n = (long)tw_count(w->inner);
    hg_leave(&op);
    return n;
}

/* Case 6: an op that never enters (it touches only the guard). */
bool tw_closing(timer_wheel *w)
{
    return hg_is_freeing(&w->guard);
}
