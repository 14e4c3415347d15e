/* header_c99.c - the public header compiles cleanly as C99 (built with
 * -std=c99 -pedantic -Werror; no C11 atomics there). */
#include <handleguard.h>

struct HG_HANDLE c99_handle {
    hg_guard guard;
    int inner;
};

HG_BLOCKING int c99_op(struct c99_handle *h);

int c99_op(struct c99_handle *h)
{
    hg_op op;
    if (!hg_try_enter(&h->guard, &op))
        return -1;
    int v = h->inner;
    hg_leave(&op);
    return v;
}
