/*
 * handleguard.h - libhandleguard, the per-handle quiescing guard.
 *
 * A handle struct embeds one hg_guard inline.  Every exported operation on
 * the handle brackets its use of the handle's inner state with
 * hg_try_enter()/hg_leave(); the handle's _free function calls
 * hg_begin_free() and drops the inner state only when it returns
 * HG_DRAINED.  The handle box itself is never deallocated, so a late
 * hg_try_enter() always lands on valid memory and simply fails.
 *
 *     struct thing {
 *         hg_guard guard;            // inline, never by pointer
 *         struct thing_inner *inner;
 *     };
 *
 *     int thing_op(struct thing *h) {
 *         hg_op op;
 *         if (!hg_try_enter(&h->guard, &op))
 *             return -ESHUTDOWN;     // the handle is being freed
 *         int r = use(h->inner);
 *         hg_leave(&op);
 *         return r;
 *     }
 *
 *     void thing_free(struct thing *h) {
 *         if (hg_begin_free(&h->guard, HG_FREE_DEADLINE_MS) == HG_DRAINED) {
 *             inner_destroy(h->inner);
 *             h->inner = NULL;
 *         }
 *         // never free(h): the box is leaked on purpose
 *     }
 *
 * Public names start with hg_ / HG_; names starting with hg__ / HG__ are
 * internal and may change at any time.
 *
 * The header compiles as C99 or later and as C++11 or later; the layout of
 * hg_guard and hg_op is the same in every language mode, so a guard may be
 * embedded in a struct shared between C and C++ translation units.
 */
#ifndef HANDLEGUARD_H
#define HANDLEGUARD_H

#ifdef __cplusplus
#include <cstdint>
#else
#include <stdbool.h>
#include <stdint.h>
#endif

/* ---- symbol export ------------------------------------------------------ */
#if defined(_WIN32) || defined(__CYGWIN__)
#  if defined(HG__BUILDING_SHARED)
#    define HG_API __declspec(dllexport)
#  elif defined(HG_SHARED)
#    define HG_API __declspec(dllimport)
#  else
#    define HG_API
#  endif
#elif defined(__GNUC__) || defined(__clang__)
#  define HG_API __attribute__((visibility("default")))
#else
#  define HG_API
#endif

/* ---- annotations read by the handleguard checker ------------------------ */
#if defined(__clang__)
/* Marks a user function as blocking (it may sleep, wait or do blocking I/O):
 * the checker reports calls to it made while an op is entered. */
#  define HG_BLOCKING __attribute__((annotate("hg_blocking")))
/* Marks a struct as a handle even when the guard field alone would not tell. */
#  define HG_HANDLE __attribute__((annotate("hg_handle")))
#else
#  define HG_BLOCKING
#  define HG_HANDLE
#endif

/* Deadline, in milliseconds, that a _free function should normally pass to
 * hg_begin_free(). */
#define HG_FREE_DEADLINE_MS 5000

#ifdef __cplusplus
extern "C" {
#endif

/*
 * hg_guard: one 32-bit word (freeing bit, waiter bit, in-flight op count).
 * Embed it inline in the handle; initialise it with HG_GUARD_INIT or
 * hg_guard_init() before the handle is published to other threads.  Only
 * the runtime touches the word, always atomically.  In C11 the member is
 * declared _Atomic; C++ and pre-C11 C see a plain uint32_t of the same size
 * and alignment (checked below), which they must never access themselves.
 */
typedef struct hg_guard {
#if !defined(__cplusplus) && defined(__STDC_VERSION__) && \
    __STDC_VERSION__ >= 201112L && !defined(__STDC_NO_ATOMICS__)
    _Atomic uint32_t hg__word;
#else
    uint32_t hg__word;
#endif
} hg_guard;

/* Static initialiser: `static hg_guard g = HG_GUARD_INIT;` or as the
 * initialiser of the guard member of a handle. */
#define HG_GUARD_INIT { 0 }

/*
 * hg_op: the token of one entered op.  Declare it on the caller's stack,
 * pass it to hg_try_enter(), and pass the same token to hg_leave().  Its
 * fields are internal.  In debug builds of the runtime (HG_DEBUG) the
 * second field records the previously entered guard of the thread; the
 * layout is the same in every build.
 */
typedef struct hg_op {
    hg_guard *hg__guard;
    const hg_guard *hg__prev;
} hg_op;

#if defined(__cplusplus) && __cplusplus >= 201103L
static_assert(sizeof(hg_guard) == 4 && alignof(hg_guard) == 4,
              "hg_guard must be one 32-bit word");
#elif !defined(__cplusplus) && defined(__STDC_VERSION__) && \
    __STDC_VERSION__ >= 201112L
_Static_assert(sizeof(hg_guard) == 4 && _Alignof(hg_guard) == 4,
               "hg_guard must be one 32-bit word");
#endif

/* Result of hg_begin_free(). */
typedef enum hg_free_result {
    HG_DRAINED,         /* this caller won and no op is in flight: drop the inner state */
    HG_ALREADY_FREEING, /* another call already began freeing: touch nothing */
    HG_TIMED_OUT        /* this caller won but ops were still in flight at the
                           deadline: leak the inner state, touch nothing */
} hg_free_result;

/*
 * hg_guard_init - put a guard into its initial state (not freeing, no op).
 *
 * Thread safety: not thread-safe; call it before the handle is visible to
 * any other thread.  Equivalent to initialising with HG_GUARD_INIT.
 * Memory ordering: none; publish the handle with your own release store
 * (or mutex, or thread creation) as for any other field.
 */
HG_API void hg_guard_init(hg_guard *g);

/*
 * hg_try_enter - begin one op on the handle that embeds @g.
 *
 * Returns true when the op is entered: the handle's inner state stays
 * alive until the matching hg_leave(@op).  Returns false once freeing has
 * begun (any hg_begin_free() call has started); the op is not entered,
 * nothing must be touched, and hg_leave() must not be called.  @op is
 * written in both cases.
 *
 * Thread safety: safe to call concurrently with every other hg_ function on
 * the same guard, from any number of threads, including after the guard's
 * handle has been freed (the box is never deallocated).  Lock-free: never
 * blocks and never makes a system call.  A thread may hold several ops,
 * including nested ops on the same guard (at most 2^30 - 1 ops per guard in
 * flight at once).
 * Memory ordering: a successful enter is an acquire operation on the guard
 * word.  The guard is not a lock: concurrent ops are not ordered with each
 * other and must synchronise their own accesses to shared inner state.  A
 * failed enter imposes no ordering.
 */
HG_API bool hg_try_enter(hg_guard *g, hg_op *op);

/*
 * hg_leave - end the op entered by a successful hg_try_enter(g, @op).
 *
 * Call it exactly once per successful enter, on every path out of the op,
 * and never while still using inner state.  Issues a wake-up system call
 * only when it ends the last op in flight while hg_begin_free() is waiting.
 *
 * Thread safety: safe concurrently with every other hg_ function on the
 * same guard.  An op should be left by the thread that entered it (debug
 * builds keep per-thread bookkeeping); never leave the same op twice.
 * Memory ordering: release.  Everything the op did before hg_leave()
 * happens-before the return of the hg_begin_free() that returns HG_DRAINED.
 */
HG_API void hg_leave(hg_op *op);

/*
 * hg_begin_free - start freeing the handle that embeds @g, and wait for the
 * ops in flight to leave.
 *
 * The first call ever made on @g (the winner) sets the freeing state, after
 * which every hg_try_enter() fails.  The winner then sleeps on a wait/wake
 * primitive (no polling) until the in-flight op count reaches zero, and
 * returns HG_DRAINED, or returns HG_TIMED_OUT when @deadline_ms
 * milliseconds (CLOCK_MONOTONIC) pass first; 0 means "do not wait".  Every
 * later call, concurrent or not, returns HG_ALREADY_FREEING at once.  So
 * exactly one call over the guard's lifetime can return HG_DRAINED, and
 * the freeing state is never cleared (also not after HG_TIMED_OUT: the
 * inner state must then be leaked, because ops may still be using it).
 *
 * The guard's box must never be deallocated.  When the program runs under
 * LeakSanitizer the winner tells it to ignore the heap block containing @g
 * (and hence what the box still points to); a guard outside the heap is
 * fine.  Do not call it from inside an op (it would wait for itself);
 * debug builds abort if the calling thread holds any op.
 *
 * Thread safety: safe concurrently with every other hg_ function on the
 * same guard, from any number of threads.  Only the winner may block.
 * Memory ordering: when it returns HG_DRAINED, every hg_leave() on @g
 * happens-before its return (acquire), so the caller may destroy the inner
 * state without further synchronisation.  HG_ALREADY_FREEING and
 * HG_TIMED_OUT give no such guarantee.
 */
HG_API hg_free_result hg_begin_free(hg_guard *g, uint32_t deadline_ms);

/*
 * hg_is_freeing - whether hg_begin_free() has been called on @g.
 *
 * For diagnostics and tests only.  Never use it as a gate before touching
 * inner state: the answer may be stale by the time it is used
 * (check-then-use race); only hg_try_enter() gates.
 *
 * Thread safety: safe concurrently with everything.  Memory ordering:
 * acquire load; once it returns true it returns true forever.
 */
HG_API bool hg_is_freeing(const hg_guard *g);

/*
 * hg_assert_may_block - declare that the calling thread is about to block.
 *
 * In a debug build of the runtime (HG_DEBUG), aborts the process with a
 * message naming the guard when the calling thread holds an entered op (an
 * op must leave before it sleeps, waits or does blocking I/O; compare the
 * Linux kernel's might_sleep()).  A no-op in normal builds.  Put it at the
 * top of your own blocking functions (those marked HG_BLOCKING).
 *
 * Thread safety: safe from any thread; looks only at the calling thread's
 * state.  Memory ordering: none.
 */
HG_API void hg_assert_may_block(void);

/* Internal, exported for the libhandleguard-mightsleep.so LD_PRELOAD shim:
 * like hg_assert_may_block(), naming the blocking function @what. */
HG_API void hg__might_block(const char *what);

/* Internal: nonzero when this runtime was built with HG_DEBUG. */
HG_API int hg__debug_build(void);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* HANDLEGUARD_H */
