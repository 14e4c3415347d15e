// test_cxx.cpp - the public header in a C++ translation unit: it compiles
// (with -Wall -Wextra -pedantic -Werror), the layout matches the C view
// (abi_c.c), and the API can be called, including on a guard shared with C.
#include <handleguard.h>

#include <atomic>
#include <cstddef>
#include <cstdio>
#include <thread>
#include <type_traits>

struct HG_HANDLE hg_abi_handle {
    char tag;
    hg_guard guard;
    void *inner;
};

extern "C" const std::size_t hg_abi_c[];
extern "C" bool hg_abi_c_enter_leave(hg_abi_handle *h);

static_assert(std::is_standard_layout<hg_guard>::value, "C layout");
static_assert(std::is_trivially_copyable<hg_guard>::value, "C layout");
static_assert(std::is_standard_layout<hg_op>::value, "C layout");
static_assert(sizeof(hg_guard) == 4 && alignof(hg_guard) == 4, "one word");

HG_BLOCKING static void blocking_helper() { hg_assert_may_block(); }

static hg_guard static_guard = HG_GUARD_INIT;

static int failures;
#define CHECK(c)                                                               \
    do {                                                                       \
        if (!(c)) {                                                            \
            std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__,       \
                         __LINE__, #c);                                        \
            failures++;                                                        \
        }                                                                      \
    } while (0)

int main()
{
    const std::size_t cxx[] = {
        sizeof(hg_guard),
        alignof(hg_guard),
        sizeof(hg_op),
        alignof(hg_op),
        sizeof(hg_abi_handle),
        offsetof(hg_abi_handle, guard),
        offsetof(hg_abi_handle, inner),
        sizeof(hg_free_result),
        sizeof(bool),
    };
    for (std::size_t i = 0; i < sizeof cxx / sizeof cxx[0]; i++) {
        if (cxx[i] != hg_abi_c[i])
            std::fprintf(stderr, "layout item %zu: C++ %zu, C %zu\n", i, cxx[i],
                         hg_abi_c[i]);
        CHECK(cxx[i] == hg_abi_c[i]);
    }

    // The API from C++.
    hg_abi_handle h{};
    h.guard = HG_GUARD_INIT;
    hg_guard_init(&h.guard);
    blocking_helper(); // no op held: fine in every build
    hg_op op;
    CHECK(hg_try_enter(&h.guard, &op));
    CHECK(!hg_is_freeing(&h.guard));
    hg_leave(&op);
    CHECK(hg_abi_c_enter_leave(&h)); // the C side on the same object

    // A C++ thread holds an op while the main thread frees.
    std::atomic<bool> entered{false}, release{false};
    std::thread t([&] {
        hg_op o;
        if (!hg_try_enter(&h.guard, &o))
            return;
        entered = true;
        while (!release)
            std::this_thread::yield();
        hg_leave(&o);
    });
    while (!entered)
        std::this_thread::yield();
    CHECK(hg_begin_free(&h.guard, 0) == HG_TIMED_OUT);
    release = true;
    t.join();
    CHECK(hg_begin_free(&h.guard, HG_FREE_DEADLINE_MS) == HG_ALREADY_FREEING);
    CHECK(hg_is_freeing(&h.guard));
    CHECK(!hg_abi_c_enter_leave(&h));

    CHECK(hg_begin_free(&static_guard, 10) == HG_DRAINED);
    CHECK(!hg_try_enter(&static_guard, &op));

    std::printf("%s\n", failures ? "FAILED" : "ok");
    return failures ? 1 : 0;
}
