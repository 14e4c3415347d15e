/* borrowed-return: an opaque `void *` field that the handle owns (its _free
 * frees it) is inner state: handing it back is a borrow. */
#include <handleguard.h>

#include <stddef.h>
#include <stdlib.h>

struct blob_inner {
    void *data;
    size_t len;
};

typedef struct blob {
    hg_guard guard;
    struct blob_inner *in;
} blob;

void *blob_data(blob *b) {
    hg_op op;
    if (!hg_try_enter(&b->guard, &op))
        return NULL;
    void *d = b->in->data;
    hg_leave(&op);
    return d; // expect-warning: handleguard-borrowed-return
}

int blob_data_out(blob *b, void **out) {
    hg_op op;
    if (!hg_try_enter(&b->guard, &op))
        return -1;
    *out = b->in->data; // expect-warning: handleguard-borrowed-return
    hg_leave(&op);
    return 0;
}

void blob_free(blob *b) {
    if (hg_begin_free(&b->guard, HG_FREE_DEADLINE_MS) == HG_DRAINED) {
        free(b->in->data);
        free(b->in);
        b->in = NULL;
    }
}
