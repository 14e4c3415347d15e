/*
 * guard.c - the guard protocol of libhandleguard.
 *
 * The whole state of a guard is one atomic 32-bit word:
 *
 *     bit 31  HG__FREEING  set once by the winning hg_begin_free(), never cleared
 *     bit 30  HG__WAITER   the winner is (about to be) asleep waiting for count 0
 *     bits 0-29           number of ops in flight
 *
 * hg_try_enter increments the count unless FREEING is set; hg_leave
 * decrements it and wakes the winner when it brings the word to exactly
 * FREEING|WAITER (count 0).  The winner sleeps in hg__wait() with the word
 * value it last saw, so any change of the word makes the kernel (or the
 * fallback) refuse to sleep, and the wake-up issued by the last leave
 * cannot be lost: the winner publishes WAITER with a CAS before it sleeps,
 * so the leave that brings the count to 0 sees WAITER.
 *
 * Three acquire designs are implemented (see docs/runtime.md for the
 * measurements that picked the default, HG__ACQUIRE_DESIGN):
 *
 *  1 cas      CAS loop: load the word, fail if FREEING, else CAS count+1.
 *             The count never rises once FREEING is set.
 *  2 faa      fetch_add: unconditionally add 1; if FREEING was set, take it
 *             back with fetch_sub and, if that brings the word to
 *             FREEING|WAITER, wake the winner.  Without that wake a late
 *             enter could turn n -> n+1 -> n around the winner's futex wait
 *             (the last real leave's wake-up lands before the winner sleeps
 *             on value n+1, and nobody wakes it again: the classic ABA).
 *  3 checked  faa preceded by a plain (relaxed) load that fails the enter
 *             when FREEING is already visible, so that late enters after
 *             the free do not touch the count; the fetch_add bail-out (with
 *             its wake-up) only remains for enters racing the free itself.
 */
#if !defined(_WIN32)
#  define _POSIX_C_SOURCE 200809L
#endif

#include "hg_internal.h"

#include <stdio.h>
#include <stdlib.h>

#define HG__ACQ_CAS     1
#define HG__ACQ_FAA     2
#define HG__ACQ_CHECKED 3
#ifndef HG__ACQUIRE_DESIGN
#  define HG__ACQUIRE_DESIGN HG__ACQ_CAS
#endif

#if HG__ACQUIRE_DESIGN == HG__ACQ_CAS
const char hg__acquire_design[] = "cas";
#elif HG__ACQUIRE_DESIGN == HG__ACQ_FAA
const char hg__acquire_design[] = "faa";
#elif HG__ACQUIRE_DESIGN == HG__ACQ_CHECKED
const char hg__acquire_design[] = "checked";
#else
#  error "HG__ACQUIRE_DESIGN must be 1 (cas), 2 (faa) or 3 (checked)"
#endif

#if defined(HG_DEBUG) && (HG_DEBUG + 0 == 0)
#  undef HG_DEBUG /* -DHG_DEBUG=0 means off */
#endif

/* ---- LeakSanitizer ----------------------------------------------------- */
/*
 * The box that embeds a freed guard is leaked on purpose.  Tell LSan to
 * ignore the heap block that contains the guard (LSan accepts an interior
 * pointer, and only logs at verbosity>=1 when the pointer is not in the
 * heap, e.g. a static or stack guard).  When the runtime itself is built
 * with ASan/LSan we call it directly; otherwise, on ELF platforms, through
 * a weak reference, so a non-instrumented libhandleguard linked into an
 * instrumented program still cooperates.
 */
#if defined(__has_feature)
#  if __has_feature(address_sanitizer) || __has_feature(leak_sanitizer)
#    define HG__LSAN_BUILD 1
#  endif
#endif
#if !defined(HG__LSAN_BUILD) && \
    (defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_LEAK__))
#  define HG__LSAN_BUILD 1
#endif

#if defined(HG__LSAN_BUILD)
void __lsan_ignore_object(const void *p);
static void hg__lsan_ignore(const void *p) { __lsan_ignore_object(p); }
#elif defined(__ELF__) && (defined(__GNUC__) || defined(__clang__))
extern void __lsan_ignore_object(const void *p) __attribute__((weak));
static void hg__lsan_ignore(const void *p)
{
    if (__lsan_ignore_object)
        __lsan_ignore_object(p);
}
#else
static void hg__lsan_ignore(const void *p) { (void)p; }
#endif

/* ---- debug mode: per-thread bookkeeping of held ops -------------------- */
#if defined(HG_DEBUG)
static _Thread_local struct {
    uint32_t held;         /* ops entered and not yet left by this thread */
    const hg_guard *last;  /* guard of the most recently entered held op */
} hg__tls;

static HG__COLD HG__NOINLINE void hg__die(const char *fmt, const void *g,
                                          const char *what, unsigned held)
{
    fflush(stdout);
    fprintf(stderr, "handleguard: ");
    fprintf(stderr, fmt, what, g, held);
    fputc('\n', stderr);
    fflush(stderr);
    abort();
}

static inline void hg__debug_entered(hg_guard *g, hg_op *op)
{
    if ((atomic_load_explicit(HG__WORD(g), memory_order_relaxed) &
         HG__COUNT_MASK) == HG__COUNT_MASK)
        hg__die("%s: too many ops in flight on guard %p (%u)", g,
                "hg_try_enter", HG__COUNT_MASK);
    op->hg__prev = hg__tls.last;
    hg__tls.last = g;
    hg__tls.held++;
}

static inline void hg__debug_leaving(hg_op *op)
{
    if (op->hg__guard == NULL)
        hg__die("%s: op %p is not entered (failed hg_try_enter, or left twice)",
                op, "hg_leave", 0);
    if (hg__tls.held == 0)
        hg__die("%s: op on guard %p left by a thread that holds no op "
                "(entered on another thread?)", op->hg__guard, "hg_leave", 0);
    hg__tls.held--;
    if (hg__tls.last == op->hg__guard)
        hg__tls.last = op->hg__prev;
    if (hg__tls.held == 0)
        hg__tls.last = NULL;
}
#else
static inline void hg__debug_entered(hg_guard *g, hg_op *op)
{
    (void)g;
    (void)op;
}
static inline void hg__debug_leaving(hg_op *op) { (void)op; }
#endif

void hg__might_block(const char *what)
{
#if defined(HG_DEBUG)
    if (HG__UNLIKELY(hg__tls.held != 0))
        hg__die("%s called while this thread holds an op on guard %p "
                "(%u op(s) held); an op must leave before it blocks",
                hg__tls.last, what ? what : "blocking call", hg__tls.held);
#else
    (void)what;
#endif
}

void hg_assert_may_block(void) { hg__might_block("hg_assert_may_block()"); }

int hg__debug_build(void)
{
#if defined(HG_DEBUG)
    return 1;
#else
    return 0;
#endif
}

/* ---- the protocol ------------------------------------------------------ */

void hg_guard_init(hg_guard *g)
{
    atomic_init(HG__WORD(g), 0);
}

#if HG__ACQUIRE_DESIGN != HG__ACQ_CAS
/* Take back the increment of an enter that found FREEING set. */
static HG__COLD HG__NOINLINE void hg__enter_bail(hg_guard *g)
{
    /* The decrement continues the release sequence of the last real leave;
     * it publishes nothing of its own. */
    uint32_t w = atomic_fetch_sub_explicit(HG__WORD(g), 1,
                                           memory_order_relaxed) - 1;
    if (w == (HG__FREEING | HG__WAITER))
        hg__wake(HG__WORD(g));
}
#endif

bool hg_try_enter(hg_guard *g, hg_op *op)
{
#if HG__ACQUIRE_DESIGN == HG__ACQ_CAS
    uint32_t w = atomic_load_explicit(HG__WORD(g), memory_order_relaxed);
    do {
        if (HG__UNLIKELY(w & HG__FREEING)) {
            op->hg__guard = NULL;
            return false;
        }
    } while (!atomic_compare_exchange_weak_explicit(
        HG__WORD(g), &w, w + 1, memory_order_acquire, memory_order_relaxed));
#else
#  if HG__ACQUIRE_DESIGN == HG__ACQ_CHECKED
    if (HG__UNLIKELY(atomic_load_explicit(HG__WORD(g), memory_order_relaxed) &
                     HG__FREEING)) {
        op->hg__guard = NULL;
        return false;
    }
#  endif
    uint32_t w = atomic_fetch_add_explicit(HG__WORD(g), 1,
                                           memory_order_acquire);
    if (HG__UNLIKELY(w & HG__FREEING)) {
        hg__enter_bail(g);
        op->hg__guard = NULL;
        return false;
    }
#endif
    op->hg__guard = g;
    hg__debug_entered(g, op);
    return true;
}

void hg_leave(hg_op *op)
{
    hg__debug_leaving(op);
    hg_guard *g = op->hg__guard;
#if defined(HG_DEBUG)
    op->hg__guard = NULL; /* catch a second leave of the same op */
#endif
    uint32_t w = atomic_fetch_sub_explicit(HG__WORD(g), 1,
                                           memory_order_release) - 1;
    /* The box is never deallocated, so touching g after the decrement is
     * safe even when the winner has already returned HG_DRAINED. */
    if (HG__UNLIKELY(w == (HG__FREEING | HG__WAITER)))
        hg__wake(HG__WORD(g));
}

hg_free_result hg_begin_free(hg_guard *g, uint32_t deadline_ms)
{
    hg__might_block("hg_begin_free()");

    /* acq_rel: if the count is already 0 this RMW is the drained
     * observation and must synchronise with every earlier leave. */
    uint32_t w = atomic_fetch_or_explicit(HG__WORD(g), HG__FREEING,
                                          memory_order_acq_rel);
    if (w & HG__FREEING)
        return HG_ALREADY_FREEING;
    w |= HG__FREEING;

    hg__lsan_ignore(g);

    if ((w & HG__COUNT_MASK) == 0)
        return HG_DRAINED;

    const uint64_t deadline =
        hg__monotonic_ns() + (uint64_t)deadline_ms * UINT64_C(1000000);
    hg_free_result result;
    for (;;) {
        if ((w & HG__COUNT_MASK) == 0) {
            result = HG_DRAINED;
            break;
        }
        if (hg__monotonic_ns() >= deadline) {
            result = HG_TIMED_OUT;
            break;
        }
        if (!(w & HG__WAITER)) {
            /* Publish WAITER before sleeping, so that the leave which
             * brings the count to 0 knows to wake us.  On failure w is
             * reloaded (acquire) and the loop re-checks it. */
            if (!atomic_compare_exchange_weak_explicit(
                    HG__WORD(g), &w, w | HG__WAITER, memory_order_acquire,
                    memory_order_acquire))
                continue;
            w |= HG__WAITER;
        }
        /* Returns at once if the word no longer equals w; may return
         * early on a signal or spuriously: the loop re-checks. */
        hg__wait(HG__WORD(g), w, deadline);
        w = atomic_load_explicit(HG__WORD(g), memory_order_acquire);
    }

    /* Nobody waits any more: stop later leaves (or late enters' bail-outs)
     * from issuing wake-ups.  FREEING stays set, whatever the result. */
    if (w & HG__WAITER)
        atomic_fetch_and_explicit(HG__WORD(g), ~HG__WAITER,
                                  memory_order_relaxed);
    return result;
}

bool hg_is_freeing(const hg_guard *g)
{
    return (hg__word_peek(g) & HG__FREEING) != 0;
}
