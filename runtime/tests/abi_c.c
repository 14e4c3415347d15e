/* abi_c.c - layout of the public types as a C11 translation unit sees
 * them; test_cxx.cpp compares them with the C++ view. */
#include <handleguard.h>
#include <stddef.h>

struct hg_abi_handle {
    char tag;
    hg_guard guard;
    void *inner;
};

const size_t hg_abi_c[] = {
    sizeof(hg_guard),
    _Alignof(hg_guard),
    sizeof(hg_op),
    _Alignof(hg_op),
    sizeof(struct hg_abi_handle),
    offsetof(struct hg_abi_handle, guard),
    offsetof(struct hg_abi_handle, inner),
    sizeof(hg_free_result),
    sizeof(bool),
};

/* Enter and leave on a guard that lives in a C++ object. */
bool hg_abi_c_enter_leave(struct hg_abi_handle *h)
{
    hg_op op;
    if (!hg_try_enter(&h->guard, &op))
        return false;
    hg_leave(&op);
    return true;
}
