/* free-not-gated: the result of hg_begin_free is ignored, so nothing is
 * gated: reported at the call and at every statement that then touches or
 * drops inner state (one diagnostic per statement, however many accesses it
 * holds). */
#define _DEFAULT_SOURCE
#include <handleguard.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- Case 1: expression statement. */
struct arena_inner {
    unsigned char *mem;
    size_t used, size;
};

typedef struct arena {
    hg_guard guard;
    struct arena_inner *inner;
} arena;

void arena_free(arena *a)
{
    hg_begin_free(&a->guard, HG_FREE_DEADLINE_MS); // expect-warning: handleguard-free-not-gated
    memset(a->inner->mem, 0, a->inner->size); // expect-warning: handleguard-free-not-gated
    free(a->inner->mem); // expect-warning: handleguard-free-not-gated
    free(a->inner); // expect-warning: handleguard-free-not-gated
    a->inner = NULL; // expect-warning: handleguard-free-not-gated
}

/* ---- Case 2: cast to void. */
struct font_inner {
    char *family;
    float *glyph_widths;
};

typedef struct font {
    hg_guard guard;
    struct font_inner *inner;
} font;

void font_free(font *f)
{
    if (!f)
        return;
    (void)hg_begin_free(&f->guard, 100); // expect-warning: handleguard-free-not-gated
    free(f->inner->family); // expect-warning: handleguard-free-not-gated
    free(f->inner->glyph_widths); // expect-warning: handleguard-free-not-gated
    free(f->inner); // expect-warning: handleguard-free-not-gated
}

/* ---- Case 3: through a macro, with the drop done by a static helper. */
struct shader_inner {
    char *source;
    unsigned id;
};

typedef struct shader {
    hg_guard guard;
    struct shader_inner *inner;
} shader;

#define SHADER_BEGIN_FREE(s) hg_begin_free(&(s)->guard, HG_FREE_DEADLINE_MS)

static void shader_release(shader *s)
{
    free(s->inner->source);
    free(s->inner);
    s->inner = NULL;
}

void shader_free(shader *s)
{
    SHADER_BEGIN_FREE(s); // expect-warning: handleguard-free-not-gated
    shader_release(s); // expect-warning: handleguard-free-not-gated
}
