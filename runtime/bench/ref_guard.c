/* ref_guard.c - the reference design (see ref_guard.h), in its own
 * translation unit so that calls cost the same as calls into the runtime. */
#define _POSIX_C_SOURCE 200809L

#include "ref_guard.h"

#include <errno.h>
#include <time.h>

void ref_guard_init(ref_guard *g)
{
    atomic_init(&g->freeing, false);
    atomic_init(&g->count, 0);
}

bool ref_try_enter(ref_guard *g)
{
    atomic_fetch_add(&g->count, 1);          /* seq_cst */
    if (atomic_load(&g->freeing)) {          /* seq_cst */
        atomic_fetch_sub(&g->count, 1);
        return false;
    }
    return true;
}

void ref_leave(ref_guard *g)
{
    atomic_fetch_sub(&g->count, 1);          /* seq_cst */
}

static uint64_t ref_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

hg_free_result ref_begin_free(ref_guard *g, uint32_t deadline_ms)
{
    bool expected = false;
    if (!atomic_compare_exchange_strong(&g->freeing, &expected, true))
        return HG_ALREADY_FREEING;
    uint64_t deadline = ref_now_ns() + (uint64_t)deadline_ms * 1000000u;
    while (atomic_load(&g->count) != 0) {
        if (ref_now_ns() >= deadline)
            return HG_TIMED_OUT;
        struct timespec ms = {0, 1000000};
        nanosleep(&ms, NULL);
    }
    return HG_DRAINED;
}
