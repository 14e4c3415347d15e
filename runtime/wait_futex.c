/*
 * wait_futex.c - wait/wake back end for Linux: futex(2).
 *
 * The winner sleeps with FUTEX_WAIT_BITSET, which takes an absolute
 * CLOCK_MONOTONIC deadline, so an early return (EINTR, spurious wake-up,
 * value changed) needs no deadline arithmetic: the caller just calls again.
 * Futexes are process-private: a guard must not live in memory shared
 * between processes.
 */
#define _GNU_SOURCE

#include "hg_internal.h"

#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

const char hg__wait_backend[] = "futex";

#if defined(SYS_futex_time64) && defined(__SIZEOF_POINTER__) && \
    __SIZEOF_POINTER__ == 4
/* 32-bit ABI: prefer the 64-bit-time futex call (Linux >= 5.1), and fall
 * back to the old one, whose struct timespec has a 32-bit tv_sec. */
struct hg__kernel_timespec64 {
    int64_t tv_sec;
    int64_t tv_nsec;
};
struct hg__kernel_timespec32 {
    long tv_sec;
    long tv_nsec;
};

static long hg__futex_wait_abs(uint32_t *uaddr, uint32_t val,
                               uint64_t deadline_ns)
{
    static _Atomic int no_time64;
    if (!atomic_load_explicit(&no_time64, memory_order_relaxed)) {
        struct hg__kernel_timespec64 ts = {
            (int64_t)(deadline_ns / 1000000000u),
            (int64_t)(deadline_ns % 1000000000u)};
        long r = syscall(SYS_futex_time64, uaddr,
                         FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG, val, &ts,
                         NULL, FUTEX_BITSET_MATCH_ANY);
        if (r == 0 || errno != ENOSYS)
            return r;
        atomic_store_explicit(&no_time64, 1, memory_order_relaxed);
    }
#if defined(SYS_futex)
    uint64_t sec = deadline_ns / 1000000000u;
    struct hg__kernel_timespec32 ts = {
        sec > LONG_MAX ? LONG_MAX : (long)sec,
        (long)(deadline_ns % 1000000000u)};
    return syscall(SYS_futex, uaddr, FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG,
                   val, &ts, NULL, FUTEX_BITSET_MATCH_ANY);
#else
    errno = ENOSYS;
    return -1;
#endif
}

static void hg__futex_wake(uint32_t *uaddr)
{
#if defined(SYS_futex)
    syscall(SYS_futex, uaddr, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, INT_MAX, NULL,
            NULL, 0);
#else
    syscall(SYS_futex_time64, uaddr, FUTEX_WAKE | FUTEX_PRIVATE_FLAG,
            INT_MAX, NULL, NULL, 0);
#endif
}
#else
static long hg__futex_wait_abs(uint32_t *uaddr, uint32_t val,
                               uint64_t deadline_ns)
{
    struct timespec ts;
    ts.tv_sec = (time_t)(deadline_ns / 1000000000u);
    ts.tv_nsec = (long)(deadline_ns % 1000000000u);
    return syscall(SYS_futex, uaddr, FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG,
                   val, &ts, NULL, FUTEX_BITSET_MATCH_ANY);
}

static void hg__futex_wake(uint32_t *uaddr)
{
    syscall(SYS_futex, uaddr, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, INT_MAX, NULL,
            NULL, 0);
}
#endif

void hg__wait(_Atomic uint32_t *addr, uint32_t expected, uint64_t deadline_ns)
{
    /* EAGAIN (value changed), EINTR, ETIMEDOUT and a wake-up all mean
     * "re-check": the caller loops.  errno is preserved for the caller's
     * caller, which may be in the middle of its own error handling. */
    int saved = errno;
    (void)hg__futex_wait_abs((uint32_t *)addr, expected, deadline_ns);
    errno = saved;
}

void hg__wake(_Atomic uint32_t *addr)
{
    int saved = errno;
    hg__futex_wake((uint32_t *)addr);
    errno = saved;
}

uint64_t hg__monotonic_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * UINT64_C(1000000000) + (uint64_t)ts.tv_nsec;
}
