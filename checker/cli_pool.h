/*
 * cli_pool.h - runs one function over items 0..n-1 on a number of threads
 * and hands each item's completion to the calling thread in increasing
 * order, as soon as it and every earlier item are done.  handleguard-check
 * parses translation units in parallel this way and still prints their
 * output in input order.
 */
#ifndef HG_CHECKER_CLI_POOL_H
#define HG_CHECKER_CLI_POOL_H

#include <stddef.h>

/* Runs on a worker thread; `worker` is 0..threads-1, stable per thread (for
 * per-thread state such as a libclang index). */
typedef void (*hg_pool_work_fn)(void *ctx, int worker, size_t item);
/* Runs on the calling thread, once per item, in increasing order. */
typedef void (*hg_pool_done_fn)(void *ctx, size_t item);

/* With threads <= 1 (or one item) everything runs on the calling thread,
 * work(i) then done(i).  Worker threads get a 16 MiB stack. */
void hg_pool_run(size_t n, int threads, hg_pool_work_fn work, hg_pool_done_fn done, void *ctx);

/* The number of processors this process may run on, as `nproc` counts
 * them (at least 1). */
int hg_pool_cpu_count(void);

#endif /* HG_CHECKER_CLI_POOL_H */
