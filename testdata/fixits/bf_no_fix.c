/* box-freed where the free is the whole branch of an if: removing it
 * would leave the if without a statement, so there is no fix-it. */
// NOT-FIXED: handleguard-box-freed
#include <handleguard.h>

#include <stdlib.h>

struct buf_inner {
    char *data;
};

typedef struct buf {
    hg_guard guard;
    struct buf_inner *inner;
} buf;

void buf_release(buf *b, int drained)
{
    if (drained)
        free(b); // expect-warning: handleguard-box-freed
}
