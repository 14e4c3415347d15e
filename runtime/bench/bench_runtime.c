/*
 * bench_runtime.c - benchmark of libhandleguard against the reference
 * design, pthread_rwlock and a bare futex round trip.  Run it through
 * scripts/bench-runtime.  Not a test: the PASS/FAIL lines compare against
 * the project's performance targets on the machine at hand.
 *
 *   (a)  this runtime (the library as built; its acquire design is named)
 *   (a') the three acquire designs of guard.c side by side
 *   (b)  the reference design (ref_guard.c)
 *   (c)  pthread_rwlock_rdlock/unlock
 *   (d)  bare futex wait/wake round trip (the floor for drain latency)
 *
 * usage: hg_bench [--quick | --designs]
 */
#define _GNU_SOURCE

#include "hg_internal.h"
#include "ref_guard.h"

#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* The acquire designs, compiled from guard.c under other names. */
#define HG_BENCH_DECLARE(d)                                                 \
    bool hg##d##_try_enter(hg_guard *g, hg_op *op);                        \
    void hg##d##_leave(hg_op *op);                                         \
    hg_free_result hg##d##_begin_free(hg_guard *g, uint32_t deadline_ms);
HG_BENCH_DECLARE(cas)
HG_BENCH_DECLARE(faa)
HG_BENCH_DECLARE(checked)

struct design {
    const char *name;
    bool (*enter)(hg_guard *, hg_op *);
    void (*leave)(hg_op *);
    hg_free_result (*begin_free)(hg_guard *, uint32_t);
};
enum { DS_CAS, DS_FAA, DS_CHECKED, N_DESIGNS };
static const struct design designs[N_DESIGNS] = {
    {"cas", hgcas_try_enter, hgcas_leave, hgcas_begin_free},
    {"faa", hgfaa_try_enter, hgfaa_leave, hgfaa_begin_free},
    {"checked", hgchecked_try_enter, hgchecked_leave, hgchecked_begin_free},
};

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void sleep_ns(uint64_t ns)
{
    struct timespec ts = {(time_t)(ns / 1000000000u), (long)(ns % 1000000000u)};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

static uint32_t xorshift(uint32_t *s)
{
    uint32_t x = *s;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *s = x;
}

static int ncpus;

static void pin(int cpu)
{
    if (ncpus < 2)
        return;
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu % ncpus, &set);
    pthread_setaffinity_np(pthread_self(), sizeof set, &set);
}

/* ---- subjects of the throughput measurements ------------------------------- */
enum subject { S_RT, S_CAS, S_FAA, S_CHECKED, S_REF, S_RWLOCK, S_FLOOR, S_COUNT };
static const char *subject_name[S_COUNT] = {
    "(a)  libhandleguard",  "(a') design cas",   "(a') design faa",
    "(a') design checked",  "(b)  reference",    "(c)  pthread_rwlock",
    "     floor: inline fetch_add+fetch_sub"};

static struct {
    _Alignas(64) hg_guard g;
    _Alignas(64) ref_guard rg;
    _Alignas(64) pthread_rwlock_t rw;
    _Alignas(64) _Atomic uint32_t word;
} shared;

static void reset_shared(void)
{
    hg_guard_init(&shared.g);
    ref_guard_init(&shared.rg);
    pthread_rwlock_init(&shared.rw, NULL);
    atomic_store(&shared.word, 0);
}

/* n enter+leave pairs of subject s (direct calls, as a user would make). */
static void run_pairs(enum subject s, long n)
{
    hg_op op;
    switch (s) {
    case S_RT:
        for (long i = 0; i < n; i++)
            if (hg_try_enter(&shared.g, &op))
                hg_leave(&op);
        break;
    case S_CAS:
        for (long i = 0; i < n; i++)
            if (hgcas_try_enter(&shared.g, &op))
                hgcas_leave(&op);
        break;
    case S_FAA:
        for (long i = 0; i < n; i++)
            if (hgfaa_try_enter(&shared.g, &op))
                hgfaa_leave(&op);
        break;
    case S_CHECKED:
        for (long i = 0; i < n; i++)
            if (hgchecked_try_enter(&shared.g, &op))
                hgchecked_leave(&op);
        break;
    case S_REF:
        for (long i = 0; i < n; i++)
            if (ref_try_enter(&shared.rg))
                ref_leave(&shared.rg);
        break;
    case S_RWLOCK:
        for (long i = 0; i < n; i++) {
            pthread_rwlock_rdlock(&shared.rw);
            pthread_rwlock_unlock(&shared.rw);
        }
        break;
    case S_FLOOR:
        for (long i = 0; i < n; i++) {
            atomic_fetch_add_explicit(&shared.word, 1, memory_order_acquire);
            atomic_fetch_sub_explicit(&shared.word, 1, memory_order_release);
        }
        break;
    default:
        abort();
    }
}

/* ---- 1. uncontended enter+leave ------------------------------------------------ */
static void uncontended(long n, int reps, double best[S_COUNT])
{
    pin(0);
    reset_shared();
    for (int s = 0; s < S_COUNT; s++) {
        run_pairs((enum subject)s, n / 10); /* warm up */
        best[s] = 1e30;
    }
    /* Rotate through the subjects in every repetition, so that frequency
     * changes and noisy neighbours hit them all alike; keep the best. */
    for (int r = 0; r < reps; r++) {
        for (int s = 0; s < S_COUNT; s++) {
            uint64_t t0 = now_ns();
            run_pairs((enum subject)s, n);
            double ns = (double)(now_ns() - t0) / (double)n;
            if (ns < best[s])
                best[s] = ns;
        }
    }
}

/* ---- 2. two threads on one guard ---------------------------------------------------- */
static struct {
    enum subject s;
    _Atomic int ready, go, stop;
    _Atomic long ops;
} duo;

static void *duo_main(void *arg)
{
    pin((int)(intptr_t)arg);
    atomic_fetch_add(&duo.ready, 1);
    while (!atomic_load(&duo.go))
        ;
    long ops = 0;
    while (!atomic_load_explicit(&duo.stop, memory_order_relaxed)) {
        run_pairs(duo.s, 256);
        ops += 256;
    }
    atomic_fetch_add(&duo.ops, ops);
    return NULL;
}

static double duo_once(enum subject s, unsigned ms)
{
    reset_shared();
    duo.s = s;
    atomic_store(&duo.ready, 0);
    atomic_store(&duo.go, 0);
    atomic_store(&duo.stop, 0);
    atomic_store(&duo.ops, 0);
    pthread_t t[2];
    for (intptr_t i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, duo_main, (void *)i);
    while (atomic_load(&duo.ready) != 2)
        ;
    uint64_t t0 = now_ns();
    atomic_store(&duo.go, 1);
    sleep_ns((uint64_t)ms * 1000000u);
    atomic_store(&duo.stop, 1);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    double secs = (double)(now_ns() - t0) / 1e9;
    return (double)atomic_load(&duo.ops) / secs / 1e6;
}

/* Median of reps runs, subjects rotated (contended runs are noisy). */
static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void two_threads(unsigned ms, int reps, double med[S_COUNT])
{
    double runs[S_COUNT][16];
    for (int r = 0; r < reps; r++)
        for (int s = 0; s < S_COUNT; s++)
            runs[s][r] = duo_once((enum subject)s, ms);
    for (int s = 0; s < S_COUNT; s++) {
        qsort(runs[s], (size_t)reps, sizeof(double), cmp_double);
        med[s] = runs[s][reps / 2];
    }
}

/* ---- 3. drain latency: last leave -> begin_free returns ----------------------------- */
enum drain_kind { K_RT, K_REF, K_FUTEX, K_COUNT };
static const char *drain_name[K_COUNT] = {
    "(a)  libhandleguard", "(b)  reference", "(d)  bare futex"};

static long futex_wait(_Atomic uint32_t *addr, uint32_t val)
{
    return syscall(SYS_futex, (uint32_t *)addr, FUTEX_WAIT_PRIVATE, val, NULL,
                   NULL, 0);
}

static long futex_wake(_Atomic uint32_t *addr)
{
    return syscall(SYS_futex, (uint32_t *)addr, FUTEX_WAKE_PRIVATE, INT_MAX,
                   NULL, NULL, 0);
}

static struct {
    _Atomic int phase; /* 0 idle, 1 go, 2 op entered, 3 freer done */
    enum drain_kind k;
    uint64_t delay_ns;
    _Atomic uint64_t t_leave;
    _Alignas(64) hg_guard g;
    _Alignas(64) ref_guard rg;
    _Alignas(64) _Atomic uint32_t fword;
    _Atomic int quit;
} dr;

/* The op-holding side: enter, wait until the freer sleeps, sleep a random
 * delay (so that a polling freer is sampled at a random phase), then
 * time-stamp and leave (or wake, for the bare futex). */
static void *drain_helper(void *arg)
{
    (void)arg;
    pin(1);
    for (;;) {
        while (atomic_load(&dr.phase) != 1) {
            if (atomic_load(&dr.quit))
                return NULL;
        }
        hg_op op;
        switch (dr.k) {
        case K_RT:
            if (!hg_try_enter(&dr.g, &op))
                abort();
            atomic_store(&dr.phase, 2);
            while (!(hg__word_peek(&dr.g) & HG__WAITER))
                ;
            sleep_ns(dr.delay_ns);
            atomic_store(&dr.t_leave, now_ns());
            hg_leave(&op);
            break;
        case K_REF:
            if (!ref_try_enter(&dr.rg))
                abort();
            atomic_store(&dr.phase, 2);
            while (!atomic_load(&dr.rg.freeing))
                ;
            sleep_ns(dr.delay_ns);
            atomic_store(&dr.t_leave, now_ns());
            ref_leave(&dr.rg);
            break;
        case K_FUTEX:
            atomic_store(&dr.phase, 2);
            sleep_ns(dr.delay_ns);
            atomic_store(&dr.t_leave, now_ns());
            atomic_store(&dr.fword, 1);
            futex_wake(&dr.fword);
            break;
        default:
            abort();
        }
        while (atomic_load(&dr.phase) != 3)
            ;
        atomic_store(&dr.phase, 0);
    }
}

static uint64_t thread_cpu_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* trials[k] trials of each kind, interleaved. */
static void drain_latency(const int trials[K_COUNT], uint64_t p50[K_COUNT],
                          uint64_t p99[K_COUNT], uint64_t max[K_COUNT],
                          int timeouts[K_COUNT], uint64_t cpu50[K_COUNT])
{
    uint64_t *lat[K_COUNT], *cpu[K_COUNT];
    int most = 0;
    for (int k = 0; k < K_COUNT; k++) {
        lat[k] = calloc((size_t)trials[k] + 1, sizeof(uint64_t));
        cpu[k] = calloc((size_t)trials[k] + 1, sizeof(uint64_t));
        timeouts[k] = 0;
        if (trials[k] > most)
            most = trials[k];
    }
    pthread_t helper;
    atomic_store(&dr.quit, 0);
    pthread_create(&helper, NULL, drain_helper, NULL);
    pin(0);
    uint32_t seed = 0x12345678u;
    for (int i = 0; i < most; i++) {
        for (int k = 0; k < K_COUNT; k++) {
            if (i >= trials[k])
                continue;
            /* 100 us .. 1.1 ms: the freer is asleep by then, and the
             * leave is uniform over the reference's 1 ms polling period. */
            dr.delay_ns = 100000u + xorshift(&seed) % 1000000u;
            dr.k = (enum drain_kind)k;
            hg_guard_init(&dr.g);
            ref_guard_init(&dr.rg);
            atomic_store(&dr.fword, 0);
            atomic_store(&dr.phase, 1);
            while (atomic_load(&dr.phase) != 2)
                ;
            hg_free_result r = HG_DRAINED;
            uint64_t cpu0 = thread_cpu_ns();
            switch (k) {
            case K_RT:
                r = hg_begin_free(&dr.g, 1000);
                break;
            case K_REF:
                r = ref_begin_free(&dr.rg, 1000);
                break;
            case K_FUTEX:
                while (atomic_load(&dr.fword) == 0)
                    futex_wait(&dr.fword, 0);
                break;
            }
            uint64_t t_end = now_ns();
            cpu[k][i] = thread_cpu_ns() - cpu0;
            uint64_t tl = atomic_load(&dr.t_leave);
            if (r != HG_DRAINED)
                timeouts[k]++;
            lat[k][i] = r != HG_DRAINED ? UINT64_MAX : t_end > tl ? t_end - tl : 0;
            /* Wait for the helper's leave (after a timeout it is still
             * inside) before the next trial reuses the guard. */
            while (atomic_load(&dr.t_leave) == 0)
                ;
            atomic_store(&dr.phase, 3);
            while (atomic_load(&dr.phase) != 0)
                ;
            atomic_store(&dr.t_leave, 0);
        }
    }
    atomic_store(&dr.quit, 1);
    pthread_join(helper, NULL);
    for (int k = 0; k < K_COUNT; k++) {
        int n = trials[k];
        qsort(lat[k], (size_t)n, sizeof(uint64_t), cmp_u64);
        p50[k] = lat[k][n / 2];
        p99[k] = lat[k][(n * 99) / 100];
        max[k] = lat[k][n - 1];
        qsort(cpu[k], (size_t)n, sizeof(uint64_t), cmp_u64);
        cpu50[k] = cpu[k][n / 2];
        free(lat[k]);
        free(cpu[k]);
    }
}

/* ---- --designs: a closer comparison of the acquire designs -------------------------- */
static struct {
    const struct design *d;
    _Alignas(64) hg_guard g;
    _Atomic int stop, entered;
    _Atomic uint64_t t_leave;
} st;

static void *storm_late(void *arg)
{
    (void)arg;
    while (!hg_is_freeing(&st.g))
        ;
    while (!atomic_load_explicit(&st.stop, memory_order_relaxed)) {
        hg_op op;
        if (st.d->enter(&st.g, &op))
            abort(); /* freeing is set: must fail */
    }
    return NULL;
}

static void *storm_holder(void *arg)
{
    (void)arg;
    hg_op op;
    if (!st.d->enter(&st.g, &op))
        abort();
    atomic_store(&st.entered, 1);
    sleep_ns(2000000);
    atomic_store(&st.t_leave, now_ns());
    st.d->leave(&op);
    return NULL;
}

/* Drain latency of design d while nlate threads keep trying to enter the
 * guard being freed; returns the median, p90 in *p90, worst in *worst. */
static uint64_t storm_drain(const struct design *d, int nlate, int rounds,
                            uint64_t *p90, uint64_t *worst, int *timeouts)
{
    uint64_t lat[64];
    *timeouts = 0;
    st.d = d;
    for (int r = 0; r < rounds; r++) {
        hg_guard_init(&st.g);
        atomic_store(&st.stop, 0);
        atomic_store(&st.entered, 0);
        pthread_t h, late[8];
        pthread_create(&h, NULL, storm_holder, NULL);
        while (!atomic_load(&st.entered))
            ;
        for (int i = 0; i < nlate; i++)
            pthread_create(&late[i], NULL, storm_late, NULL);
        hg_free_result res = d->begin_free(&st.g, 1000);
        uint64_t t = now_ns();
        atomic_store(&st.stop, 1);
        for (int i = 0; i < nlate; i++)
            pthread_join(late[i], NULL);
        pthread_join(h, NULL);
        if (res != HG_DRAINED)
            (*timeouts)++;
        lat[r] = res != HG_DRAINED ? UINT64_C(1000000000)
                                   : t - atomic_load(&st.t_leave);
    }
    qsort(lat, (size_t)rounds, sizeof(uint64_t), cmp_u64);
    *p90 = lat[(rounds * 9) / 10];
    *worst = lat[rounds - 1];
    return lat[rounds / 2];
}

static int compare_designs(void)
{
    enum { ROUNDS = 31, DUO = 11 };
    static const enum subject subj[N_DESIGNS] = {S_CAS, S_FAA, S_CHECKED};
    double un[N_DESIGNS][ROUNDS], du[N_DESIGNS][DUO];

    printf("acquire designs, interleaved runs\n\n");
    pin(0);
    reset_shared();
    for (int r = 0; r < ROUNDS; r++)
        for (int i = 0; i < N_DESIGNS; i++) {
            uint64_t t0 = now_ns();
            run_pairs(subj[i], 1000000);
            un[i][r] = (double)(now_ns() - t0) / 1e6;
        }
    printf("uncontended enter+leave, %d x 1M pairs: ns/op min / median\n", ROUNDS);
    for (int i = 0; i < N_DESIGNS; i++) {
        qsort(un[i], ROUNDS, sizeof(double), cmp_double);
        printf("  %-8s %6.2f / %6.2f\n", designs[i].name, un[i][0],
               un[i][ROUNDS / 2]);
    }

    for (int r = 0; r < DUO; r++)
        for (int i = 0; i < N_DESIGNS; i++)
            du[i][r] = duo_once(subj[i], 100);
    printf("two threads on one guard, %d x 100 ms: Mops/s median / max\n", DUO);
    for (int i = 0; i < N_DESIGNS; i++) {
        qsort(du[i], DUO, sizeof(double), cmp_double);
        printf("  %-8s %6.2f / %6.2f\n", designs[i].name, du[i][DUO / 2],
               du[i][DUO - 1]);
    }

    printf("drain latency while N threads keep trying to enter (30 rounds):"
           " median / p90 / worst, us\n");
    for (int nlate = 1; nlate <= 4; nlate *= 2) {
        for (int i = 0; i < N_DESIGNS; i++) {
            uint64_t p90, worst;
            int to;
            uint64_t med = storm_drain(&designs[i], nlate, 30, &p90, &worst, &to);
            printf("  N=%d %-8s %9.1f / %9.1f / %9.1f%s\n", nlate,
                   designs[i].name, (double)med / 1e3, (double)p90 / 1e3,
                   (double)worst / 1e3, to ? "  (timeouts)" : "");
        }
    }
    return 0;
}

/* ---- report ---------------------------------------------------------------------- */
static int failures;

static void verdict(const char *what, int ok)
{
    printf("  %-4s %s\n", ok ? "PASS" : "FAIL", what);
    if (!ok)
        failures++;
}

static void print_us(const char *name, uint64_t p50, uint64_t p99, uint64_t max,
                     int timeouts, uint64_t cpu50)
{
    printf("  %-30s p50 %8.1f us   p99 ", name, (double)p50 / 1e3);
    if (p99 == UINT64_MAX)
        printf("%8s   ", "timeout");
    else
        printf("%8.1f us", (double)p99 / 1e3);
    if (max == UINT64_MAX)
        printf("   max  timeout (%d timed out)", timeouts);
    else
        printf("   max %8.1f us", (double)max / 1e3);
    printf("   waiter CPU p50 %7.1f us\n", (double)cpu50 / 1e3);
}

int main(int argc, char **argv)
{
    int quick = argc > 1 && strcmp(argv[1], "--quick") == 0;
    ncpus = (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (argc > 1 && strcmp(argv[1], "--designs") == 0)
        return compare_designs();
    long n = quick ? 2000000 : 10000000;
    int reps = quick ? 3 : 5;
    unsigned duo_ms = quick ? 100 : 200;
    int duo_reps = quick ? 3 : 5;
    int trials = quick ? 300 : 2000;

    printf("libhandleguard benchmark: %d CPUs, wait back end %s, acquire design "
           "%s%s\n\n",
           ncpus, hg__wait_backend, hg__acquire_design,
           hg__debug_build() ? " (WARNING: HG_DEBUG build, not representative)"
                             : "");

    /* 1 */
    printf("1. uncontended enter+leave, one thread (best of %d x %ld pairs)\n",
           reps, n);
    double un[S_COUNT];
    uncontended(n, reps, un);
    for (int s = 0; s < S_COUNT; s++)
        printf("  %-38s %7.2f ns/op\n", subject_name[s], un[s]);
    printf("  ratios: (a)/(b) = %.3f   (c)/(a) = %.2fx   cas/faa = %.3f   "
           "checked/faa = %.3f\n\n",
           un[S_RT] / un[S_REF], un[S_RWLOCK] / un[S_RT], un[S_CAS] / un[S_FAA],
           un[S_CHECKED] / un[S_FAA]);

    /* 2 */
    printf("2. two threads entering/leaving one guard (median of %d x %u ms)\n",
           duo_reps, duo_ms);
    double duo_m[S_COUNT];
    two_threads(duo_ms, duo_reps, duo_m);
    for (int s = 0; s < S_COUNT; s++)
        printf("  %-38s %7.2f Mops/s total\n", subject_name[s], duo_m[s]);
    printf("  ratios: (a)/(b) = %.2fx   (a)/(c) = %.2fx   cas/faa = %.2fx   "
           "checked/faa = %.2fx\n\n",
           duo_m[S_RT] / duo_m[S_REF], duo_m[S_RT] / duo_m[S_RWLOCK],
           duo_m[S_CAS] / duo_m[S_FAA], duo_m[S_CHECKED] / duo_m[S_FAA]);

    /* 3 */
    printf("3. drain latency, last leave -> begin_free returns (%d trials each, "
           "interleaved)\n", trials);
    int tr[K_COUNT] = {trials, trials, trials};
    uint64_t p50[K_COUNT], p99[K_COUNT], mx[K_COUNT];
    int timeouts[K_COUNT];
    uint64_t cpu50[K_COUNT];
    drain_latency(tr, p50, p99, mx, timeouts, cpu50);
    for (int k = 0; k < K_COUNT; k++)
        print_us(drain_name[k], p50[k], p99[k], mx[k], timeouts[k], cpu50[k]);
    printf("  ratios: p50 (a)/(d) = %.2f   p50 (b)/(a) = %.1fx\n\n",
           (double)p50[K_RT] / (double)p50[K_FUTEX],
           (double)p50[K_REF] / (double)p50[K_RT]);

    printf("targets\n");
    /* "No slower": allow 3% for run-to-run noise of a best-of-N timing. */
    verdict("uncontended (a) no slower than (b) (3% noise allowance)",
            un[S_RT] <= un[S_REF] * 1.03);
    verdict("uncontended (a) >= 2x faster than (c)",
            un[S_RWLOCK] >= 2.0 * un[S_RT]);
    verdict("drain p50 (a) within 1.5x of (d)",
            (double)p50[K_RT] <= 1.5 * (double)p50[K_FUTEX]);
    verdict("drain p50 (a) >= 10x below (b)",
            (double)p50[K_REF] >= 10.0 * (double)p50[K_RT]);
    printf("\n%s\n", failures ? "SOME TARGETS MISSED" : "ALL TARGETS MET");
    return failures ? 1 : 0;
}
