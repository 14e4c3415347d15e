/*
 * hg_internal.h - private declarations shared by the runtime sources, its
 * wait/wake back ends, its tests and its benchmark.  Not installed.
 */
#ifndef HG_INTERNAL_H
#define HG_INTERNAL_H

#if defined(__STDC_NO_ATOMICS__)
#error "libhandleguard needs C11 <stdatomic.h>"
#endif

#include <handleguard.h>

#include <stdatomic.h>
#include <stdint.h>

/* Layout of the guard word. */
#define HG__FREEING    UINT32_C(0x80000000) /* hg_begin_free() has been called */
#define HG__WAITER     UINT32_C(0x40000000) /* the winner sleeps, waiting for the count */
#define HG__COUNT_MASK UINT32_C(0x3fffffff) /* ops in flight */

#if defined(__GNUC__) || defined(__clang__)
#  define HG__LIKELY(x)   __builtin_expect(!!(x), 1)
#  define HG__UNLIKELY(x) __builtin_expect(!!(x), 0)
#  define HG__HIDDEN      __attribute__((visibility("hidden")))
#  define HG__NOINLINE    __attribute__((noinline))
#  define HG__COLD        __attribute__((cold))
#else
#  define HG__LIKELY(x)   (x)
#  define HG__UNLIKELY(x) (x)
#  define HG__HIDDEN
#  define HG__NOINLINE
#  define HG__COLD
#endif

/* The runtime is C11: the guard word is _Atomic in every translation unit
 * that includes this header. */
#define HG__WORD(g) (&(g)->hg__word)

static inline uint32_t hg__word_peek(const hg_guard *g)
{
    return atomic_load_explicit((_Atomic uint32_t *)HG__WORD(g),
                                memory_order_acquire);
}

/*
 * The wait/wake back end (one of runtime/wait_*.c is linked in).
 *
 * hg__wait: block the calling thread while *addr == expected, at most until
 * the monotonic time deadline_ns.  It may return early for any reason
 * (value changed, wake-up, signal, spurious); the caller re-checks the word
 * and the clock and calls again.  Without lost wake-ups: a hg__wake(addr)
 * issued after a store that made *addr != expected is never missed.
 *
 * hg__wake: wake every thread blocked in hg__wait(addr, ...).
 *
 * hg__monotonic_ns: the clock deadlines are measured on (CLOCK_MONOTONIC
 * or the platform's equivalent), in nanoseconds.
 */
HG__HIDDEN void hg__wait(_Atomic uint32_t *addr, uint32_t expected,
                         uint64_t deadline_ns);
HG__HIDDEN void hg__wake(_Atomic uint32_t *addr);
HG__HIDDEN uint64_t hg__monotonic_ns(void);
/* Names of the wait back end and of the acquire design, for tests and the
 * benchmark. */
HG__HIDDEN extern const char hg__wait_backend[];
HG__HIDDEN extern const char hg__acquire_design[];

#endif /* HG_INTERNAL_H */
