/*
 * test_debug.c - debug mode (the runtime compiled with HG_DEBUG): the
 * calling thread's held ops are tracked and hg_assert_may_block() aborts,
 * naming the guard, while the thread holds one.  Aborting cases run in a
 * forked child whose stderr is captured and matched (cmocka).
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
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

static hg_guard guard_a = HG_GUARD_INIT;
static hg_guard guard_b = HG_GUARD_INIT;

/* Run fn in a child; return its stderr, and whether it died of SIGABRT. */
static char *run_child(void (*fn)(void), bool *aborted)
{
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        dup2(fds[1], 2);
        signal(SIGABRT, SIG_DFL);
        fn();
        _exit(0);
    }
    close(fds[1]);
    static char buf[4096];
    size_t len = 0;
    ssize_t n;
    while (len < sizeof buf - 1 &&
           (n = read(fds[0], buf + len, sizeof buf - 1 - len)) > 0)
        len += (size_t)n;
    buf[len] = '\0';
    close(fds[0]);
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    *aborted = WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
    if (!*aborted && !(WIFEXITED(status) && WEXITSTATUS(status) == 0))
        fail_msg("child ended badly (status %#x): %s", status, buf);
    return buf;
}

static void expect_abort(void (*fn)(void), const char *needle,
                         const hg_guard *named)
{
    bool aborted;
    char *err = run_child(fn, &aborted);
    if (!aborted)
        fail_msg("expected an abort, got a clean exit; stderr: %s", err);
    if (!strstr(err, needle))
        fail_msg("stderr lacks \"%s\": %s", needle, err);
    if (named) {
        char addr[64];
        snprintf(addr, sizeof addr, "guard %p", (const void *)named);
        if (!strstr(err, addr))
            fail_msg("stderr does not name %s: %s", addr, err);
    }
}

static void expect_clean(void (*fn)(void))
{
    bool aborted;
    char *err = run_child(fn, &aborted);
    if (aborted)
        fail_msg("unexpected abort: %s", err);
}

/* ---- scenarios (run in the child) ------------------------------------------- */
static void block_while_holding(void)
{
    hg_op op;
    if (!hg_try_enter(&guard_a, &op))
        _exit(3);
    hg_assert_may_block();
    hg_leave(&op);
}

static void block_after_leave(void)
{
    hg_op op;
    if (!hg_try_enter(&guard_a, &op))
        _exit(3);
    hg_leave(&op);
    hg_assert_may_block();
}

static void nested_inner_left(void)
{
    hg_op a, b;
    if (!hg_try_enter(&guard_a, &a) || !hg_try_enter(&guard_b, &b))
        _exit(3);
    hg_leave(&b);
    hg_assert_may_block(); /* still holds a: names guard_a */
}

static void outer_left_first(void)
{
    hg_op a, b;
    if (!hg_try_enter(&guard_a, &a) || !hg_try_enter(&guard_b, &b))
        _exit(3);
    hg_leave(&a);
    hg_assert_may_block(); /* still holds b: names guard_b */
}

static void begin_free_while_holding(void)
{
    hg_op op;
    if (!hg_try_enter(&guard_a, &op))
        _exit(3);
    (void)hg_begin_free(&guard_b, 10);
}

static void leave_twice(void)
{
    hg_op op;
    if (!hg_try_enter(&guard_a, &op))
        _exit(3);
    hg_leave(&op);
    hg_leave(&op);
}

static void leave_failed_enter(void)
{
    hg_guard g = HG_GUARD_INIT;
    if (hg_begin_free(&g, 0) != HG_DRAINED)
        _exit(3);
    hg_op op;
    if (hg_try_enter(&g, &op))
        _exit(3);
    hg_leave(&op);
}

static void might_block_named(void)
{
    hg_op op;
    if (!hg_try_enter(&guard_b, &op))
        _exit(3);
    hg__might_block("nanosleep");
}

/* ---- tests -------------------------------------------------------------------- */
static void test_debug_build(void **state)
{
    (void)state;
    assert_int_equal(hg__debug_build(), 1);
}

static void test_no_op_held_is_fine(void **state)
{
    (void)state;
    hg_assert_may_block(); /* in-process: nothing held */
    expect_clean(block_after_leave);
}

static void test_abort_while_holding(void **state)
{
    (void)state;
    expect_abort(block_while_holding, "hg_assert_may_block() called while this "
                                      "thread holds an op", &guard_a);
    expect_abort(block_while_holding, "(1 op(s) held)", NULL);
}

static void test_nested_tracking(void **state)
{
    (void)state;
    expect_abort(nested_inner_left, "(1 op(s) held)", &guard_a);
    expect_abort(outer_left_first, "(1 op(s) held)", &guard_b);
}

static void test_begin_free_is_blocking(void **state)
{
    (void)state;
    expect_abort(begin_free_while_holding, "hg_begin_free() called while",
                 &guard_a);
}

static void test_misuse_detected(void **state)
{
    (void)state;
    expect_abort(leave_twice, "is not entered", NULL);
    expect_abort(leave_failed_enter, "is not entered", NULL);
}

static void test_named_blocking_call(void **state)
{
    (void)state;
    expect_abort(might_block_named, "nanosleep called while", &guard_b);
}

/* Ops held by other threads do not count against this one. */
static _Atomic int other_entered, other_release;
static void *other_main(void *arg)
{
    (void)arg;
    hg_op op;
    TU_CHECK(hg_try_enter(&guard_a, &op));
    atomic_store(&other_entered, 1);
    while (!atomic_load(&other_release))
        tu_sleep_ns(100000);
    hg_leave(&op);
    return NULL;
}

static void test_per_thread(void **state)
{
    (void)state;
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, other_main, NULL), 0);
    while (!atomic_load(&other_entered))
        tu_sleep_ns(100000);
    hg_assert_may_block(); /* the other thread holds an op; we do not */
    atomic_store(&other_release, 1);
    pthread_join(t, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_debug_build),
        cmocka_unit_test(test_no_op_held_is_fine),
        cmocka_unit_test(test_abort_while_holding),
        cmocka_unit_test(test_nested_tracking),
        cmocka_unit_test(test_begin_free_is_blocking),
        cmocka_unit_test(test_misuse_detected),
        cmocka_unit_test(test_named_blocking_call),
        cmocka_unit_test(test_per_thread),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
