/*
 * test_stress.c - worker threads enter/leave the current handle while the
 * main thread (and, in some rounds, a racing second freer) frees it, over
 * many rounds.  Built plain and with ThreadSanitizer and with
 * AddressSanitizer+UBSan: after HG_DRAINED the winner overwrites and frees
 * the inner state with plain (non-atomic) stores, so an op still inside
 * would be a data race for TSan and a use-after-free for ASan.  The freed
 * handle boxes are leaked, as in real use; under ASan LeakSanitizer must
 * not report them.
 *
 * usage: test_stress [max_rounds [max_seconds [min_rounds]]]
 * (min_rounds, default 20, only guards against a vacuous run: on a loaded
 * machine the number of rounds that fit in max_seconds varies a lot.)
 */
#define _POSIX_C_SOURCE 200809L

#include "hg_internal.h"
#include "test_util.h"

#include <pthread.h>
#include <sched.h>
#include <string.h>

#define WORKERS 4
#define MAGIC UINT64_C(0x68616e646c656775)

struct inner {
    uint64_t magic;
    _Atomic uint64_t hits;
    uint64_t payload[8];
};

struct box {
    hg_guard guard;
    struct inner *inner;
};

static _Atomic(struct box *) current;
static _Atomic int stop;
static _Atomic uint64_t total_hits, total_refused;

static void *worker_main(void *arg)
{
    uint32_t seed = 0x2545f491u * (uint32_t)((intptr_t)arg + 1);
    uint64_t hits = 0, refused = 0;
    while (!atomic_load_explicit(&stop, memory_order_relaxed)) {
        struct box *b = atomic_load_explicit(&current, memory_order_acquire);
        if (!b)
            continue;
        hg_op op;
        if (!hg_try_enter(&b->guard, &op)) {
            /* A late enter on a freed handle: keep knocking (that is
             * part of the stress), but let the freer run now and then. */
            if ((++refused & 63) == 0)
                sched_yield();
            continue;
        }
        struct inner *in = b->inner;
        TU_CHECK(in != NULL);
        TU_CHECK(in->magic == MAGIC);
        uint64_t sum = 0;
        for (int i = 0; i < 8; i++)
            sum += in->payload[i];
        TU_CHECK(sum == 8 * MAGIC);
        atomic_fetch_add_explicit(&in->hits, 1, memory_order_relaxed);
        /* Sometimes stay inside a little longer, so the freer must wait. */
        uint32_t r = tu_rand(&seed);
        if ((r & 63) == 0)
            for (uint32_t i = (r >> 8) & 1023; i; i--)
                atomic_signal_fence(memory_order_seq_cst);
        TU_CHECK(in->magic == MAGIC);
        hg_leave(&op);
        hits++;
    }
    atomic_fetch_add(&total_hits, hits);
    atomic_fetch_add(&total_refused, refused);
    return NULL;
}

/* The second freer: told which box to race for, reports its result. */
static struct {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    struct box *box; /* box to free, NULL when idle */
    int have_result;
    hg_free_result result;
} racer = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, NULL, 0,
           HG_DRAINED};

static void destroy_inner(struct box *b)
{
    struct inner *in = b->inner;
    TU_CHECK(in->magic == MAGIC);
    in->magic = 0;
    memset(in->payload, 0, sizeof in->payload);
    b->inner = NULL;
    free(in);
}

static void *racer_main(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&racer.lock);
    for (;;) {
        while (!racer.box && !atomic_load(&stop))
            pthread_cond_wait(&racer.cond, &racer.lock);
        if (!racer.box)
            break;
        struct box *b = racer.box;
        pthread_mutex_unlock(&racer.lock);
        hg_free_result r = hg_begin_free(&b->guard, 5000);
        if (r == HG_DRAINED)
            destroy_inner(b);
        pthread_mutex_lock(&racer.lock);
        racer.box = NULL;
        racer.result = r;
        racer.have_result = 1;
        pthread_cond_broadcast(&racer.cond);
    }
    pthread_mutex_unlock(&racer.lock);
    return NULL;
}

int main(int argc, char **argv)
{
    long max_rounds = argc > 1 ? atol(argv[1]) : 3000;
    double max_seconds = argc > 2 ? atof(argv[2]) : 3.0;
    long min_rounds = argc > 3 ? atol(argv[3]) : 20;
    uint32_t seed = 12345;

    pthread_t workers[WORKERS], racer_thread;
    for (intptr_t i = 0; i < WORKERS; i++)
        TU_CHECK(pthread_create(&workers[i], NULL, worker_main, (void *)i) == 0);
    TU_CHECK(pthread_create(&racer_thread, NULL, racer_main, NULL) == 0);

    uint64_t t0 = tu_now_ns();
    long rounds = 0, waited = 0, racer_wins = 0;
    while (rounds < max_rounds &&
           (double)(tu_now_ns() - t0) / 1e9 < max_seconds) {
        struct box *b = malloc(sizeof *b);
        struct inner *in = malloc(sizeof *in);
        TU_CHECK(b && in);
        in->magic = MAGIC;
        atomic_init(&in->hits, 0);
        for (int i = 0; i < 8; i++)
            in->payload[i] = MAGIC;
        hg_guard_init(&b->guard);
        b->inner = in;
        atomic_store_explicit(&current, b, memory_order_release);

        /* Let the workers get going on this box (bounded wait). */
        uint64_t want = 1 + tu_rand(&seed) % 32;
        uint64_t until = tu_now_ns() + 2000000;
        while (atomic_load_explicit(&in->hits, memory_order_relaxed) < want &&
               tu_now_ns() < until)
            ;

        int race = (rounds % 4) == 0;
        if (race) {
            pthread_mutex_lock(&racer.lock);
            racer.box = b;
            racer.have_result = 0;
            pthread_cond_broadcast(&racer.cond);
            pthread_mutex_unlock(&racer.lock);
        }
        if (hg__word_peek(&b->guard) & HG__COUNT_MASK)
            waited++;
        hg_free_result r = hg_begin_free(&b->guard, 5000);
        TU_CHECK(r != HG_TIMED_OUT);
        if (r == HG_DRAINED)
            destroy_inner(b);
        if (race) {
            pthread_mutex_lock(&racer.lock);
            while (!racer.have_result)
                pthread_cond_wait(&racer.cond, &racer.lock);
            hg_free_result rr = racer.result;
            pthread_mutex_unlock(&racer.lock);
            /* exactly one winner */
            TU_CHECK((r == HG_DRAINED) != (rr == HG_DRAINED));
            TU_CHECK(r == HG_ALREADY_FREEING || rr == HG_ALREADY_FREEING);
            if (rr == HG_DRAINED)
                racer_wins++;
        } else {
            TU_CHECK(r == HG_DRAINED);
        }
        TU_CHECK(hg_is_freeing(&b->guard));
        hg_op op;
        TU_CHECK(!hg_try_enter(&b->guard, &op));
        /* The box stays allocated (leaked) on purpose: workers may still
         * hold a pointer to it and try to enter. */
        rounds++;
    }

    atomic_store(&stop, 1);
    pthread_mutex_lock(&racer.lock);
    pthread_cond_broadcast(&racer.cond);
    pthread_mutex_unlock(&racer.lock);
    for (int i = 0; i < WORKERS; i++)
        pthread_join(workers[i], NULL);
    pthread_join(racer_thread, NULL);

    /* All ops are gone: every guard ever freed must read exactly FREEING. */
    struct box *last = atomic_load(&current);
    TU_CHECK(last && hg__word_peek(&last->guard) == HG__FREEING);

    double secs = (double)(tu_now_ns() - t0) / 1e9;
    printf("stress [%s, %s]: %ld rounds in %.2fs, %ld with ops in flight at "
           "begin_free, %ld won by the racer; %llu ops, %llu refused enters\n",
           hg__wait_backend, hg__acquire_design, rounds, secs, waited,
           racer_wins, (unsigned long long)atomic_load(&total_hits),
           (unsigned long long)atomic_load(&total_refused));
    TU_CHECK(rounds >= min_rounds || rounds == max_rounds);
    TU_CHECK(atomic_load(&total_hits) > 0);
    return 0;
}
