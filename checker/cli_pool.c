/*
 * cli_pool.c - the ordered thread pool: workers take the next item under a
 * mutex, mark it finished and signal; the calling thread waits for items in
 * order and runs the completion callback.  The default thread count is the
 * number of processors the process may run on.
 */
#if defined(__linux__)
#define _GNU_SOURCE   /* sched_getaffinity */
#include <sched.h>
#else
#define _POSIX_C_SOURCE 200809L
#endif

#include "cli_pool.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

#define HG__POOL_STACK (16u << 20)

typedef struct hg__pool {
  pthread_mutex_t lock;
  pthread_cond_t finished_cv;
  size_t n, next;
  bool *finished;
  hg_pool_work_fn work;
  void *ctx;
} hg__pool;

typedef struct hg__worker {
  hg__pool *pool;
  int id;
} hg__worker;

static void *hg__worker_main(void *arg) {
  hg__worker *w = arg;
  hg__pool *p = w->pool;
  for (;;) {
    pthread_mutex_lock(&p->lock);
    size_t i = p->next < p->n ? p->next++ : p->n;
    pthread_mutex_unlock(&p->lock);
    if (i >= p->n) break;
    p->work(p->ctx, w->id, i);
    pthread_mutex_lock(&p->lock);
    p->finished[i] = true;
    pthread_cond_broadcast(&p->finished_cv);
    pthread_mutex_unlock(&p->lock);
  }
  return NULL;
}

static void hg__run_inline(size_t n, hg_pool_work_fn work, hg_pool_done_fn done, void *ctx) {
  for (size_t i = 0; i < n; i++) {
    work(ctx, 0, i);
    done(ctx, i);
  }
}

/* Starts up to `threads` workers; returns how many started. */
static int hg__start(hg__pool *p, hg__worker *ws, pthread_t *tids, int threads) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, HG__POOL_STACK);
  int started = 0;
  for (int t = 0; t < threads; t++) {
    ws[t] = (hg__worker){p, t};
    if (pthread_create(&tids[t], &attr, hg__worker_main, &ws[t]) != 0) break;
    started++;
  }
  pthread_attr_destroy(&attr);
  return started;
}

void hg_pool_run(size_t n, int threads, hg_pool_work_fn work, hg_pool_done_fn done, void *ctx) {
  if (threads > (int)n) threads = (int)n;
  if (threads <= 1) {
    hg__run_inline(n, work, done, ctx);
    return;
  }
  hg__pool p = {.n = n, .work = work, .ctx = ctx};
  pthread_mutex_init(&p.lock, NULL);
  pthread_cond_init(&p.finished_cv, NULL);
  p.finished = calloc(n, sizeof *p.finished);
  hg__worker *ws = calloc((size_t)threads, sizeof *ws);
  pthread_t *tids = calloc((size_t)threads, sizeof *tids);
  if (!p.finished || !ws || !tids) abort();
  int started = hg__start(&p, ws, tids, threads);
  if (started == 0) {
    free(p.finished), free(ws), free(tids);
    hg__run_inline(n, work, done, ctx);
    return;
  }
  for (size_t i = 0; i < n; i++) {
    pthread_mutex_lock(&p.lock);
    while (!p.finished[i]) pthread_cond_wait(&p.finished_cv, &p.lock);
    pthread_mutex_unlock(&p.lock);
    done(ctx, i);
  }
  for (int t = 0; t < started; t++) pthread_join(tids[t], NULL);
  pthread_cond_destroy(&p.finished_cv);
  pthread_mutex_destroy(&p.lock);
  free(p.finished);
  free(ws);
  free(tids);
}

int hg_pool_cpu_count(void) {
#if defined(__linux__)
  cpu_set_t set;   /* what `nproc` counts: the processors this process may use */
  if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0) return CPU_COUNT(&set);
#endif
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? (int)n : 1;
}
