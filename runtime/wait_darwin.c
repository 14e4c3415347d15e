/*
 * wait_darwin.c - wait/wake back end for Apple platforms.
 *
 * macOS 14.4 / iOS 17.4 and later: the public os_sync_wait_on_address API.
 * Older systems: the __ulock_wait/__ulock_wake system calls that the API
 * wraps (private but stable since macOS 10.12; libc++ uses them for
 * std::atomic::wait).  Both take a relative timeout, so the remaining time
 * is recomputed from the monotonic clock on every call.
 *
 * Not built or tested on the Linux CI; kept small and in step with
 * wait_futex.c.
 */
#include "hg_internal.h"

#include <errno.h>
#include <time.h>

#if defined(__has_include)
#  if __has_include(<os/os_sync_wait_on_address.h>) && \
      __has_include(<os/clock.h>)
#    include <os/clock.h>
#    include <os/os_sync_wait_on_address.h>
#    define HG__HAVE_OS_SYNC 1
#  endif
#endif

/* From xnu's bsd/sys/ulock.h. */
#define HG__UL_COMPARE_AND_WAIT 1u
#define HG__ULF_WAKE_ALL        0x00000100u
#define HG__ULF_NO_ERRNO        0x01000000u
extern int __ulock_wait(uint32_t operation, void *addr, uint64_t value,
                        uint32_t timeout_us); /* timeout 0 = forever */
extern int __ulock_wake(uint32_t operation, void *addr, uint64_t wake_value);

const char hg__wait_backend[] = "darwin";

uint64_t hg__monotonic_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * UINT64_C(1000000000) + (uint64_t)ts.tv_nsec;
}

void hg__wait(_Atomic uint32_t *addr, uint32_t expected, uint64_t deadline_ns)
{
    uint64_t now = hg__monotonic_ns();
    if (now >= deadline_ns)
        return;
    uint64_t rel_ns = deadline_ns - now;
    int saved = errno;
#if defined(HG__HAVE_OS_SYNC)
    if (__builtin_available(macOS 14.4, iOS 17.4, tvOS 17.4, watchOS 10.4, *)) {
        /* -1 with ETIMEDOUT, EINTR or EFAULT: the caller re-checks. */
        (void)os_sync_wait_on_address_with_timeout(
            (void *)addr, expected, sizeof(uint32_t),
            OS_SYNC_WAIT_ON_ADDRESS_NONE, OS_CLOCK_MACH_ABSOLUTE_TIME, rel_ns);
        errno = saved;
        return;
    }
#endif
    /* Round up to whole microseconds, at least 1 (0 would mean forever). */
    uint64_t us = (rel_ns + 999u) / 1000u;
    uint32_t timeout_us = us > UINT32_MAX ? UINT32_MAX : (uint32_t)us;
    if (timeout_us == 0)
        timeout_us = 1;
    (void)__ulock_wait(HG__UL_COMPARE_AND_WAIT | HG__ULF_NO_ERRNO,
                       (void *)addr, expected, timeout_us);
    errno = saved;
}

void hg__wake(_Atomic uint32_t *addr)
{
    int saved = errno;
#if defined(HG__HAVE_OS_SYNC)
    if (__builtin_available(macOS 14.4, iOS 17.4, tvOS 17.4, watchOS 10.4, *)) {
        /* -1 with ENOENT when nobody waits: fine. */
        (void)os_sync_wake_by_address_all((void *)addr, sizeof(uint32_t),
                                          OS_SYNC_WAKE_BY_ADDRESS_NONE);
        errno = saved;
        return;
    }
#endif
    (void)__ulock_wake(HG__UL_COMPARE_AND_WAIT | HG__ULF_WAKE_ALL |
                           HG__ULF_NO_ERRNO,
                       (void *)addr, 0);
    errno = saved;
}
