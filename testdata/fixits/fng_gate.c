/* free-not-gated: a discarded hg_begin_free followed by the drops becomes
 * `if (hg_begin_free(...) == HG_DRAINED) { drops }`; the statements after
 * the drops stay where they are. */
// FIXED: handleguard-free-not-gated
#include <handleguard.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct arena_inner {
    unsigned char *mem;
    size_t used, size;
};

typedef struct arena {
    hg_guard guard;
    struct arena_inner *inner;
} arena;

static unsigned long g_frees;

void arena_free(arena *a)
{
    hg_begin_free(&a->guard, HG_FREE_DEADLINE_MS); // expect-warning: handleguard-free-not-gated
    struct arena_inner *in = a->inner; // expect-warning: handleguard-free-not-gated
    memset(in->mem, 0, in->size);

    free(in->mem); // expect-warning: handleguard-free-not-gated
    free(in); // expect-warning: handleguard-free-not-gated
    a->inner = NULL; // expect-warning: handleguard-free-not-gated
    g_frees++;
}
