/*
 * ref_guard.h - a C re-implementation of the reference design the runtime
 * is measured against: a separate atomic freeing flag and atomic counter,
 * sequentially consistent fetch_add-then-check in enter, and a begin_free
 * that polls the counter with 1 ms sleeps.  Benchmark only.
 */
#ifndef HG_REF_GUARD_H
#define HG_REF_GUARD_H

#include <handleguard.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ref_guard {
    atomic_bool freeing;
    atomic_size_t count;
} ref_guard;

void ref_guard_init(ref_guard *g);
bool ref_try_enter(ref_guard *g);
void ref_leave(ref_guard *g);
hg_free_result ref_begin_free(ref_guard *g, uint32_t deadline_ms);

#endif
