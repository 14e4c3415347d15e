/* box-freed: the deallocation of the box becomes a comment saying why it
 * stays allocated (the inner state is still dropped). */
// FIXED: handleguard-box-freed
#include <handleguard.h>

#include <stdlib.h>

struct buf_inner {
    char *data;
};

typedef struct buf {
    hg_guard guard;
    struct buf_inner *inner;
} buf;

void buf_free(buf *b)
{
    if (hg_begin_free(&b->guard, HG_FREE_DEADLINE_MS) == HG_DRAINED) {
        free(b->inner->data);
        free(b->inner);
        b->inner = NULL;
    }
    /* handle box leaked on purpose: a late hg_try_enter must land on valid memory */ // expect-warning: handleguard-box-freed
}

void buf_release(buf *b, int drained)
{
    if (drained) {
        /* handle box leaked on purpose: a late hg_try_enter must land on valid memory */ // expect-warning: handleguard-box-freed
    }
}
