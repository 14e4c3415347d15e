/*
 * test_guard.c - functional tests of the guard protocol (cmocka).
 *
 * Built several times by runtime/CMakeLists.txt: against the library, and
 * with the runtime sources compiled in for the other acquire design, the
 * portable wait back end and the sanitizers.
 */
#define _POSIX_C_SOURCE 200809L

#include "hg_internal.h"
#include "test_util.h"

#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

static uint32_t count_of(const hg_guard *g)
{
    return hg__word_peek(g) & HG__COUNT_MASK;
}

/* ---- a helper thread that holds one op until told to leave ------------- */
struct holder {
    hg_guard *g;
    pthread_t thread;
    _Atomic int entered;      /* set once the op is entered */
    _Atomic int release;      /* set by the test to make it leave */
    unsigned hold_ms;         /* or: leave after this long, if nonzero */
    _Atomic uint64_t left_ns; /* monotonic time just before hg_leave */
};

static void *holder_main(void *arg)
{
    struct holder *h = arg;
    hg_op op;
    TU_CHECK(hg_try_enter(h->g, &op));
    atomic_store(&h->entered, 1);
    if (h->hold_ms) {
        tu_sleep_ms(h->hold_ms);
    } else {
        while (!atomic_load(&h->release))
            tu_sleep_ns(100000);
    }
    atomic_store(&h->left_ns, tu_now_ns());
    hg_leave(&op);
    return NULL;
}

static void holder_start(struct holder *h, hg_guard *g, unsigned hold_ms)
{
    memset(h, 0, sizeof *h);
    h->g = g;
    h->hold_ms = hold_ms;
    assert_int_equal(pthread_create(&h->thread, NULL, holder_main, h), 0);
    while (!atomic_load(&h->entered))
        tu_sleep_ns(50000);
}

static void holder_finish(struct holder *h)
{
    atomic_store(&h->release, 1);
    assert_int_equal(pthread_join(h->thread, NULL), 0);
}

/* ---- tests ------------------------------------------------------------- */

static void test_enter_leave_then_drain(void **state)
{
    (void)state;
    hg_guard g;
    hg_guard_init(&g);
    assert_false(hg_is_freeing(&g));
    hg_op op;
    for (int i = 0; i < 3; i++) {
        assert_true(hg_try_enter(&g, &op));
        assert_int_equal(count_of(&g), 1);
        hg_leave(&op);
        assert_int_equal(count_of(&g), 0);
    }
    assert_int_equal(hg_begin_free(&g, HG_FREE_DEADLINE_MS), HG_DRAINED);
    assert_true(hg_is_freeing(&g));
}

static void test_enter_after_free_fails_count_zero(void **state)
{
    (void)state;
    hg_guard g = HG_GUARD_INIT;
    assert_int_equal(hg_begin_free(&g, 100), HG_DRAINED);
    for (int i = 0; i < 1000; i++) {
        hg_op op;
        assert_false(hg_try_enter(&g, &op));
        assert_null(op.hg__guard);
    }
    assert_int_equal(count_of(&g), 0);
    /* Nothing but the freeing bit is left: the waiter bit was never set. */
    assert_int_equal(hg__word_peek(&g), HG__FREEING);
}

static void test_nested_ops_same_thread(void **state)
{
    (void)state;
    hg_guard g = HG_GUARD_INIT;
    hg_op a, b;
    assert_true(hg_try_enter(&g, &a));
    assert_true(hg_try_enter(&g, &b));
    assert_int_equal(count_of(&g), 2);
    hg_leave(&b);
    hg_leave(&a);
    assert_int_equal(count_of(&g), 0);
    assert_int_equal(hg_begin_free(&g, 0), HG_DRAINED);
}

static void test_begin_free_waits_for_inflight_op(void **state)
{
    (void)state;
    hg_guard g = HG_GUARD_INIT;
    struct holder h;
    holder_start(&h, &g, 150);
    hg_free_result r = hg_begin_free(&g, HG_FREE_DEADLINE_MS);
    uint64_t t1 = tu_now_ns();
    assert_int_equal(r, HG_DRAINED);
    uint64_t left = atomic_load(&h.left_ns);
    /* It waited for the op (which sleeps 150 ms inside) ... */
    assert_true(left != 0 && left <= t1);
    /* ... and returned promptly once it left: woken by the leave, not by
     * the 5 s deadline (scripts/bench-runtime measures the latency; it is
     * tens of us; the bound here is loose for loaded CI machines). */
    assert_true(t1 - left < 250u * 1000000u);
    holder_finish(&h);
    assert_int_equal(count_of(&g), 0);
    hg_op op;
    assert_false(hg_try_enter(&g, &op));
}

static void test_timeout_keeps_freeing(void **state)
{
    (void)state;
    hg_guard g = HG_GUARD_INIT;
    struct holder h;
    holder_start(&h, &g, 0);
    uint64_t t0 = tu_now_ns();
    hg_free_result r = hg_begin_free(&g, 200);
    uint64_t el = tu_now_ns() - t0;
    assert_int_equal(r, HG_TIMED_OUT);
    assert_true(el >= 200u * 1000000u);
    assert_true(el < 2000u * 1000000u);
    /* Freeing stays set; the op is still in flight; no new op gets in. */
    assert_true(hg_is_freeing(&g));
    assert_int_equal(count_of(&g), 1);
    assert_int_equal(hg__word_peek(&g) & HG__WAITER, 0);
    hg_op op;
    assert_false(hg_try_enter(&g, &op));
    /* A repeat call never wins again, before or after the op leaves. */
    assert_int_equal(hg_begin_free(&g, 100), HG_ALREADY_FREEING);
    holder_finish(&h);
    assert_int_equal(count_of(&g), 0);
    assert_int_equal(hg_begin_free(&g, 100), HG_ALREADY_FREEING);
    assert_false(hg_try_enter(&g, &op));
    assert_int_equal(hg__word_peek(&g), HG__FREEING);
}

static void test_zero_deadline(void **state)
{
    (void)state;
    hg_guard g = HG_GUARD_INIT;
    struct holder h;
    holder_start(&h, &g, 0);
    uint64_t t0 = tu_now_ns();
    assert_int_equal(hg_begin_free(&g, 0), HG_TIMED_OUT);
    assert_true(tu_now_ns() - t0 < 250u * 1000000u);
    holder_finish(&h);
}

static void test_repeat_after_success(void **state)
{
    (void)state;
    hg_guard g = HG_GUARD_INIT;
    assert_int_equal(hg_begin_free(&g, HG_FREE_DEADLINE_MS), HG_DRAINED);
    for (int i = 0; i < 10; i++)
        assert_int_equal(hg_begin_free(&g, HG_FREE_DEADLINE_MS),
                         HG_ALREADY_FREEING);
    assert_true(hg_is_freeing(&g));
}

/* Exactly one winner among concurrent hg_begin_free callers, over many
 * rounds; in odd rounds an op is in flight, so the winner has to wait. */
#define WIN_THREADS 4
#define WIN_ROUNDS 2000

static struct {
    hg_guard guards[WIN_ROUNDS];
    hg_free_result res[WIN_ROUNDS][WIN_THREADS];
    pthread_barrier_t barrier;
} win;

static void *winner_main(void *arg)
{
    int t = (int)(intptr_t)arg;
    uint32_t seed = 0x9e3779b9u * (uint32_t)(t + 1);
    for (int r = 0; r < WIN_ROUNDS; r++) {
        hg_op op;
        bool holding = false;
        if (t == 0 && (r & 1)) {
            TU_CHECK(hg_try_enter(&win.guards[r], &op));
            holding = true;
        }
        pthread_barrier_wait(&win.barrier);
        if (holding) {
            for (uint32_t i = tu_rand(&seed) % 2000; i; i--)
                atomic_signal_fence(memory_order_seq_cst);
            hg_leave(&op);
            win.res[r][t] = HG_ALREADY_FREEING; /* not a racer this round */
        } else {
            win.res[r][t] = hg_begin_free(&win.guards[r], 5000);
        }
    }
    return NULL;
}

static void test_single_winner(void **state)
{
    (void)state;
    for (int r = 0; r < WIN_ROUNDS; r++)
        hg_guard_init(&win.guards[r]);
    pthread_barrier_init(&win.barrier, NULL, WIN_THREADS);
    pthread_t th[WIN_THREADS];
    for (int t = 0; t < WIN_THREADS; t++)
        assert_int_equal(
            pthread_create(&th[t], NULL, winner_main, (void *)(intptr_t)t), 0);
    for (int t = 0; t < WIN_THREADS; t++)
        pthread_join(th[t], NULL);
    pthread_barrier_destroy(&win.barrier);
    for (int r = 0; r < WIN_ROUNDS; r++) {
        int drained = 0, already = 0;
        for (int t = 0; t < WIN_THREADS; t++) {
            if (win.res[r][t] == HG_DRAINED)
                drained++;
            else if (win.res[r][t] == HG_ALREADY_FREEING)
                already++;
        }
        if (drained != 1 || already != WIN_THREADS - 1)
            fail_msg("round %d: %d winners, %d already-freeing", r, drained,
                     already);
        assert_int_equal(hg__word_peek(&win.guards[r]), HG__FREEING);
    }
}

/* Static initialisation, alone and embedded in a handle. */
static hg_guard static_guard = HG_GUARD_INIT;
struct box {
    int before;
    hg_guard guard;
    int inner;
};
static struct box static_box = {1, HG_GUARD_INIT, 42};
static struct box static_box2 = {.guard = HG_GUARD_INIT, .inner = 7};

static void test_static_init(void **state)
{
    (void)state;
    hg_guard dyn;
    memset(&dyn, 0xa5, sizeof dyn);
    hg_guard_init(&dyn);
    assert_int_equal(hg__word_peek(&dyn), hg__word_peek(&static_guard));
    assert_int_equal(hg__word_peek(&static_guard), 0);

    hg_guard *gs[] = {&static_guard, &static_box.guard, &static_box2.guard,
                      &dyn};
    for (size_t i = 0; i < sizeof gs / sizeof gs[0]; i++) {
        hg_op op;
        assert_false(hg_is_freeing(gs[i]));
        assert_true(hg_try_enter(gs[i], &op));
        hg_leave(&op);
        assert_int_equal(hg_begin_free(gs[i], 10), HG_DRAINED);
        assert_false(hg_try_enter(gs[i], &op));
    }
    assert_int_equal(static_box.inner, 42);
    assert_int_equal(static_box2.inner, 7);
}

/* Signals hitting the waiting winner (EINTR) neither end the wait early
 * nor stretch it past the deadline. */
static void on_sigusr1(int sig) { (void)sig; }

struct freer {
    hg_guard *g;
    uint32_t deadline_ms;
    pthread_t thread;
    _Atomic int started;
    _Atomic int done;
    hg_free_result res;
    uint64_t t_start, t_end;
};

static void *freer_main(void *arg)
{
    struct freer *f = arg;
    f->t_start = tu_now_ns();
    atomic_store(&f->started, 1);
    f->res = hg_begin_free(f->g, f->deadline_ms);
    f->t_end = tu_now_ns();
    atomic_store(&f->done, 1);
    return NULL;
}

static void test_signals_during_wait(void **state)
{
    (void)state;
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigusr1;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: the wait sees EINTR */
    sigaction(SIGUSR1, &sa, &old);

    /* 1. Drain: the winner returns only after the op left. */
    hg_guard g = HG_GUARD_INIT;
    struct holder h;
    holder_start(&h, &g, 0);
    struct freer f = {.g = &g, .deadline_ms = 5000};
    assert_int_equal(pthread_create(&f.thread, NULL, freer_main, &f), 0);
    while (!atomic_load(&f.started))
        tu_sleep_ns(50000);
    for (int i = 0; i < 100; i++) {
        pthread_kill(f.thread, SIGUSR1);
        tu_sleep_ns(1000000);
        assert_false(atomic_load(&f.done));
    }
    holder_finish(&h);
    pthread_join(f.thread, NULL);
    assert_int_equal(f.res, HG_DRAINED);
    assert_true(f.t_end >= atomic_load(&h.left_ns));

    /* 2. Timeout: signals do not restart the deadline. */
    hg_guard g2 = HG_GUARD_INIT;
    holder_start(&h, &g2, 0);
    struct freer f2 = {.g = &g2, .deadline_ms = 150};
    assert_int_equal(pthread_create(&f2.thread, NULL, freer_main, &f2), 0);
    while (!atomic_load(&f2.done)) {
        pthread_kill(f2.thread, SIGUSR1);
        tu_sleep_ns(1000000);
    }
    pthread_join(f2.thread, NULL);
    assert_int_equal(f2.res, HG_TIMED_OUT);
    uint64_t el = f2.t_end - f2.t_start;
    assert_true(el >= 150u * 1000000u);
    assert_true(el < 1500u * 1000000u);
    holder_finish(&h);
    sigaction(SIGUSR1, &old, NULL);
}

/* Many late enters racing a waiting winner (the bail-out path of the
 * fetch_add design): the winner still wakes as soon as the real op leaves. */
struct late {
    hg_guard *g;
    _Atomic int stop;
    _Atomic unsigned long attempts;
};

static void *late_main(void *arg)
{
    struct late *l = arg;
    unsigned long n = 0;
    while (!atomic_load_explicit(&l->stop, memory_order_relaxed)) {
        hg_op op;
        TU_CHECK(!hg_try_enter(l->g, &op));
        if ((++n & 63) == 0)
            atomic_fetch_add_explicit(&l->attempts, 64, memory_order_relaxed);
    }
    atomic_fetch_add(&l->attempts, n & 63);
    return NULL;
}

static void test_late_enters_while_waiting(void **state)
{
    (void)state;
    for (int round = 0; round < 20; round++) {
        hg_guard g = HG_GUARD_INIT;
        struct holder h;
        holder_start(&h, &g, 0);
        struct freer f = {.g = &g, .deadline_ms = 5000};
        assert_int_equal(pthread_create(&f.thread, NULL, freer_main, &f), 0);
        while (!hg_is_freeing(&g))
            tu_sleep_ns(10000);
        struct late l = {.g = &g};
        pthread_t lt[2];
        for (int i = 0; i < 2; i++)
            pthread_create(&lt[i], NULL, late_main, &l);
        /* Release the op only once the late enters are under way. */
        while (atomic_load(&l.attempts) < 1000)
            tu_sleep_ns(100000);
        holder_finish(&h);
        pthread_join(f.thread, NULL);
        assert_int_equal(f.res, HG_DRAINED);
        /* Woken well before the deadline despite the late enters (a lost
         * wake-up would sleep until the 5 s deadline). */
        assert_true(f.t_end - atomic_load(&h.left_ns) < 1000u * 1000000u);
        atomic_store(&l.stop, 1);
        for (int i = 0; i < 2; i++)
            pthread_join(lt[i], NULL);
        assert_true(atomic_load(&l.attempts) > 0);
        assert_int_equal(hg__word_peek(&g), HG__FREEING);
    }
}

int main(void)
{
    fprintf(stderr, "wait back end: %s, acquire design: %s\n",
            hg__wait_backend, hg__acquire_design);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_enter_leave_then_drain),
        cmocka_unit_test(test_enter_after_free_fails_count_zero),
        cmocka_unit_test(test_nested_ops_same_thread),
        cmocka_unit_test(test_begin_free_waits_for_inflight_op),
        cmocka_unit_test(test_timeout_keeps_freeing),
        cmocka_unit_test(test_zero_deadline),
        cmocka_unit_test(test_repeat_after_success),
        cmocka_unit_test(test_single_winner),
        cmocka_unit_test(test_static_init),
        cmocka_unit_test(test_signals_during_wait),
        cmocka_unit_test(test_late_enters_while_waiting),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
