/* guard-not-inline: handles whose guard lives inside the inner object they
 * point to.  The exported functions take the outer struct, and the
 * guard-bearing inner struct is never taken by an exported function, so the
 * outer struct is the handle and its guard lives in inner state (which
 * _free wants to drop).  Reported at the handle's field through which the
 * guard is reached; using that guard (`&h->inner->guard`) is not an inner
 * access. */
#define _DEFAULT_SOURCE
#include <handleguard.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- Case 1: the guard is the first member of the inner object. */
struct store_inner {
    hg_guard guard;
    char **items;
    size_t n;
};

struct store {
    struct store_inner *inner; // expect-warning: handleguard-guard-not-inline
};

int store_count(struct store *s, size_t *n)
{
    hg_op op;
    if (!hg_try_enter(&s->inner->guard, &op))
        return -1;
    *n = s->inner->n;
    hg_leave(&op);
    return 0;
}

void store_free(struct store *s)
{
    if (hg_begin_free(&s->inner->guard, HG_FREE_DEADLINE_MS) != HG_DRAINED)
        return;
    for (size_t i = 0; i < s->inner->n; i++)
        free(s->inner->items[i]);
    free(s->inner->items);
    s->inner->items = NULL;
    s->inner->n = 0;
}

/* ---- Case 2: a typedef'd opaque handle; the guard is not first, and the
 * handle also has inline fields of its own. */
struct player_state {
    double position;
    hg_guard guard;
    bool playing;
};

typedef struct player {
    int id;
    struct player_state *state; // expect-warning: handleguard-guard-not-inline
} *player_t;

int player_play(player_t p)
{
    hg_op op;
    if (!hg_try_enter(&p->state->guard, &op))
        return -1;
    p->state->playing = true;
    hg_leave(&op);
    return 0;
}

double player_position(player_t p)
{
    hg_op op;
    double pos = 0.0;
    if (hg_try_enter(&p->state->guard, &op)) {
        pos = p->state->position;
        hg_leave(&op);
    }
    return pos;
}

/* ---- Case 3: the inner object is reached through the second field. */
struct sub_core {
    hg_guard guard;
    unsigned long delivered;
    int topic;
};

struct subscription {
    const char *topic_name;
    struct sub_core *core; // expect-warning: handleguard-guard-not-inline
};

int sub_delivered(struct subscription *s, unsigned long *out)
{
    hg_op op;
    if (!hg_try_enter(&s->core->guard, &op))
        return -1;
    *out = s->core->delivered;
    hg_leave(&op);
    return 0;
}

/* ---- Case 4: the handle is marked HG_HANDLE, its guard still lives in the
 * inner object. */
struct eng_core {
    hg_guard guard;
    double rpm;
};

typedef struct engine {
    struct eng_core *core; // expect-warning: handleguard-guard-not-inline
    int cylinders;
} engine_t HG_HANDLE;

double engine_rpm(engine_t *e)
{
    hg_op op;
    double rpm = 0.0;
    if (hg_try_enter(&e->core->guard, &op)) {
        rpm = e->core->rpm;
        hg_leave(&op);
    }
    return rpm;
}
