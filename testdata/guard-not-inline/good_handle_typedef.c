/* guard-not-inline must stay quiet: HG_HANDLE written on a typedef of the
 * struct, the guard inline; the inner object it points to has no guard of
 * its own; a full open/op/free life cycle. */
// expect-no-diagnostics
#define _DEFAULT_SOURCE
#include <handleguard.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct widget_inner {
    char *text;
    int x, y;
};

struct widget {
    struct widget_inner *inner;
    hg_guard guard;
};

typedef struct widget widget_t HG_HANDLE;

/* Case 9: construction. */
widget_t *widget_open(const char *text)
{
    widget_t *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    hg_guard_init(&w->guard);
    w->inner = calloc(1, sizeof *w->inner);
    if (!w->inner) {
        free(w);
        return NULL;
    }
    w->inner->text = strdup(text);
    if (!w->inner->text) {
        free(w->inner);
        free(w);
        return NULL;
    }
    return w;
}

/* Case 10: an op. */
int widget_move(widget_t *w, int dx, int dy)
{
    hg_op op;
    if (!hg_try_enter(&w->guard, &op))
        return -1;
    w->inner->x += dx;
    w->inner->y += dy;
    hg_leave(&op);
    return 0;
}

/* Case 11: the free. */
void widget_free(widget_t *w)
{
    if (hg_begin_free(&w->guard, HG_FREE_DEADLINE_MS) != HG_DRAINED)
        return;
    free(w->inner->text);
    free(w->inner);
    w->inner = NULL;
}
