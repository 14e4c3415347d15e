/*
 * wait_win32.c - wait/wake back end for Windows 8 and later:
 * WaitOnAddress / WakeByAddressAll (link with Synchronization.lib).
 * Deadlines are measured on QueryPerformanceCounter, which is monotonic.
 *
 * Not built or tested on the Linux CI; kept small and in step with
 * wait_futex.c.  Needs a C11 compiler with <stdatomic.h> (clang-cl, MinGW
 * gcc/clang, or MSVC 17.5+ with /experimental:c11atomics).
 */
#define WIN32_LEAN_AND_MEAN
#include <windows.h>

#include "hg_internal.h"

#if defined(_MSC_VER)
#  pragma comment(lib, "Synchronization.lib")
#endif

const char hg__wait_backend[] = "WaitOnAddress";

uint64_t hg__monotonic_ns(void)
{
    static _Atomic uint64_t freq; /* ticks per second, constant after boot */
    uint64_t f = atomic_load_explicit(&freq, memory_order_relaxed);
    if (f == 0) {
        LARGE_INTEGER li;
        QueryPerformanceFrequency(&li);
        f = (uint64_t)li.QuadPart;
        atomic_store_explicit(&freq, f, memory_order_relaxed);
    }
    LARGE_INTEGER now;
    QueryPerformanceCounter(&now);
    uint64_t t = (uint64_t)now.QuadPart;
    /* Split to avoid overflowing t * 1e9. */
    return (t / f) * UINT64_C(1000000000) +
           (t % f) * UINT64_C(1000000000) / f;
}

void hg__wait(_Atomic uint32_t *addr, uint32_t expected, uint64_t deadline_ns)
{
    uint64_t now = hg__monotonic_ns();
    if (now >= deadline_ns)
        return;
    /* Round up so we do not wake just before the deadline and spin. */
    uint64_t ms = (deadline_ns - now + 999999u) / 1000000u;
    DWORD timeout = ms >= (uint64_t)INFINITE ? INFINITE - 1 : (DWORD)ms;
    DWORD saved = GetLastError();
    /* FALSE with ERROR_TIMEOUT, or TRUE on a wake-up that may be spurious:
     * either way the caller re-checks. */
    (void)WaitOnAddress((volatile VOID *)addr, &expected, sizeof expected,
                        timeout);
    SetLastError(saved);
}

void hg__wake(_Atomic uint32_t *addr)
{
    WakeByAddressAll((PVOID)addr);
}
