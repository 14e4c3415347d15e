/*
 * wait_pthread.c - portable wait/wake back end: a small table of
 * mutex + condition variable pairs, hashed by the waited address (the same
 * idea as a parking lot).  Used where no native wait-on-address primitive
 * is available, and selectable on any POSIX system for testing
 * (-DHG_WAIT_BACKEND=pthread).
 *
 * No lost wake-up: the waiter compares the word with the expected value
 * while holding the bucket mutex, and pthread_cond_timedwait releases that
 * mutex atomically with going to sleep; the waker changes the word before
 * it takes the same mutex to broadcast.  Either the waker's lock comes
 * first (then the waiter's compare, which happens after it, sees the new
 * value) or the waiter is already asleep (then the broadcast wakes it).
 */
#if !defined(__APPLE__)
#  define _POSIX_C_SOURCE 200809L
#endif

#include "hg_internal.h"

#include <errno.h>
#include <pthread.h>
#include <time.h>

const char hg__wait_backend[] = "pthread";

#define HG__BUCKETS 64u /* power of two */

static struct hg__bucket {
    pthread_mutex_t lock;
    pthread_cond_t cond;
} hg__buckets[HG__BUCKETS];

static pthread_once_t hg__buckets_once = PTHREAD_ONCE_INIT;

static void hg__buckets_init(void)
{
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
#if !defined(__APPLE__)
    /* Sleep on the same clock as the deadline (macOS has no setclock and
     * uses the relative wait below instead). */
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
#endif
    for (unsigned i = 0; i < HG__BUCKETS; i++) {
        pthread_mutex_init(&hg__buckets[i].lock, NULL);
        pthread_cond_init(&hg__buckets[i].cond, &attr);
    }
    pthread_condattr_destroy(&attr);
}

static struct hg__bucket *hg__bucket_of(const void *addr)
{
    uintptr_t a = (uintptr_t)addr >> 2;
    a ^= a >> 17;
    a *= (uintptr_t)UINT32_C(0x9e3779b1);
    return &hg__buckets[(a >> 8) & (HG__BUCKETS - 1)];
}

uint64_t hg__monotonic_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * UINT64_C(1000000000) + (uint64_t)ts.tv_nsec;
}

void hg__wait(_Atomic uint32_t *addr, uint32_t expected, uint64_t deadline_ns)
{
    int saved = errno;
    pthread_once(&hg__buckets_once, hg__buckets_init);
    struct hg__bucket *b = hg__bucket_of(addr);
    pthread_mutex_lock(&b->lock);
    if (atomic_load_explicit(addr, memory_order_relaxed) == expected) {
#if defined(__APPLE__)
        uint64_t now = hg__monotonic_ns();
        if (now < deadline_ns) {
            uint64_t rel = deadline_ns - now;
            struct timespec ts;
            ts.tv_sec = (time_t)(rel / 1000000000u);
            ts.tv_nsec = (long)(rel % 1000000000u);
            pthread_cond_timedwait_relative_np(&b->cond, &b->lock, &ts);
        }
#else
        struct timespec ts;
        ts.tv_sec = (time_t)(deadline_ns / 1000000000u);
        ts.tv_nsec = (long)(deadline_ns % 1000000000u);
        pthread_cond_timedwait(&b->cond, &b->lock, &ts);
#endif
    }
    pthread_mutex_unlock(&b->lock);
    errno = saved;
}

void hg__wake(_Atomic uint32_t *addr)
{
    int saved = errno;
    pthread_once(&hg__buckets_once, hg__buckets_init);
    struct hg__bucket *b = hg__bucket_of(addr);
    pthread_mutex_lock(&b->lock);
    pthread_cond_broadcast(&b->cond);
    pthread_mutex_unlock(&b->lock);
    errno = saved;
}
