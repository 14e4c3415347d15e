/* header_c11.c - the public header compiles cleanly as strict C11
 * (-std=c11 -pedantic -Werror), and HG_GUARD_INIT works for static and
 * automatic guards and inside designated initialisers. */
#include <handleguard.h>

struct HG_HANDLE c11_handle {
    int id;
    hg_guard guard;
    int inner;
};

static struct c11_handle c11_static = {.id = 1, .guard = HG_GUARD_INIT};
static hg_guard c11_guard = HG_GUARD_INIT;

HG_BLOCKING void c11_block(void);

int c11_use(void)
{
    struct c11_handle local = {2, HG_GUARD_INIT, 3};
    hg_op op;
    int r = 0;
    if (hg_try_enter(&local.guard, &op)) {
        r = local.inner;
        hg_leave(&op);
    }
    return r + c11_static.id + (hg_is_freeing(&c11_guard) ? 1 : 0);
}
