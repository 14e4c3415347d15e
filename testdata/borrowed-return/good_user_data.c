/* borrowed-return and access-before-enter stay quiet on the caller's own
 * pointer kept in inner state: an opaque `void *` field that nothing in the
 * file frees (user data, a callback cookie) is handed back as it came. */
// expect-no-diagnostics
#include <handleguard.h>

#include <stdlib.h>

typedef void (*tm_cb)(void *user, int tick);

struct tm_inner {
    void *user;
    tm_cb cb;
    int ticks;
};

typedef struct timer {
    hg_guard guard;
    struct tm_inner *in;
} timer;

void timer_set_user(timer *t, void *user) {
    hg_op op;
    if (!hg_try_enter(&t->guard, &op))
        return;
    t->in->user = user;
    hg_leave(&op);
}

void *timer_user(timer *t) {
    hg_op op;
    if (!hg_try_enter(&t->guard, &op))
        return NULL;
    void *u = t->in->user;
    hg_leave(&op);
    return u;
}

int timer_user_out(timer *t, void **out) {
    hg_op op;
    if (!hg_try_enter(&t->guard, &op))
        return -1;
    *out = t->in->user;
    hg_leave(&op);
    return 0;
}

void timer_fire(timer *t) {
    hg_op op;
    if (!hg_try_enter(&t->guard, &op))
        return;
    tm_cb cb = t->in->cb;
    void *user = t->in->user;
    int tick = ++t->in->ticks;
    hg_leave(&op);
    if (cb)
        cb(user, tick);
}

void timer_free(timer *t) {
    if (hg_begin_free(&t->guard, HG_FREE_DEADLINE_MS) == HG_DRAINED) {
        free(t->in);
        t->in = NULL;
    }
}
