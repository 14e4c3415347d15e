/*
 * test_lsan.c - LeakSanitizer and the deliberately leaked handle box.
 * Built with -fsanitize=address and run with ASAN_OPTIONS=detect_leaks=1;
 * ctest matches LSan's summary line, so each mode checks exactly what is
 * reported:
 *
 *   box      a heap box embedding the guard is freed through hg_begin_free
 *            (HG_DRAINED) and dropped; an unrelated 1234-byte block is
 *            leaked too.  Expect exactly 1234 bytes in 1 allocation.
 *   timeout  the same, but an op is still in flight at the deadline, so
 *            the inner state is leaked by design as well (still reachable
 *            from the ignored box).  Expect exactly 1234 bytes in 1.
 *   control  the same as box without hg_begin_free: the dropped box and
 *            its inner state must be reported (this is what makes the
 *            box test able to fail).  Expect 1234+64+100 bytes in 3.
 *   nonheap  hg_begin_free on static, global-struct and stack guards; no
 *            leak at all, clean exit.  With verbosity=1 LSan logs that no
 *            heap object was found (harmless).
 */
#define _POSIX_C_SOURCE 200809L

#include <handleguard.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOINLINE __attribute__((noinline))

struct box {
    hg_guard guard;
    char *inner;
    char pad[64 - sizeof(hg_guard) - sizeof(char *) - 4];
};
_Static_assert(sizeof(struct box) == 64, "box size is part of the expectations");

static const char *mode;
static _Atomic int op_entered, op_release;

static void *op_thread(void *arg)
{
    struct box *b = arg;
    hg_op op;
    if (!hg_try_enter(&b->guard, &op))
        abort();
    atomic_store(&op_entered, 1);
    while (!atomic_load(&op_release))
        ;
    hg_leave(&op);
    return NULL;
}

static NOINLINE void leak_unrelated(void)
{
    char *volatile p = malloc(1234);
    memset(p, 1, 1234);
    p = NULL;
}

/* Create a handle, free it, drop every pointer to the box. */
static NOINLINE void handle_lifecycle(void)
{
    struct box *b = calloc(1, sizeof *b);
    hg_guard_init(&b->guard);
    b->inner = malloc(100);
    memset(b->inner, 2, 100);

    if (strcmp(mode, "box") == 0) {
        if (hg_begin_free(&b->guard, HG_FREE_DEADLINE_MS) != HG_DRAINED)
            abort();
        free(b->inner);
        b->inner = NULL;
    } else if (strcmp(mode, "timeout") == 0) {
        pthread_t t;
        pthread_create(&t, NULL, op_thread, b);
        while (!atomic_load(&op_entered))
            ;
        if (hg_begin_free(&b->guard, 20) != HG_TIMED_OUT)
            abort();
        /* Timed out: the inner state stays allocated (an op may use it). */
        atomic_store(&op_release, 1);
        pthread_join(t, NULL);
    } else if (strcmp(mode, "control") == 0) {
        /* no hg_begin_free: nothing tells LSan about the box */
    } else {
        abort();
    }
    b = NULL;
}

static void *lifecycle_thread(void *arg)
{
    (void)arg;
    handle_lifecycle();
    leak_unrelated();
    return NULL;
}

static hg_guard static_guard = HG_GUARD_INIT;
static struct {
    int x;
    hg_guard guard;
} global_handle = {1, HG_GUARD_INIT};

int main(int argc, char **argv)
{
    mode = argc > 1 ? argv[1] : "box";
    if (strcmp(mode, "nonheap") == 0) {
        hg_guard stack_guard = HG_GUARD_INIT;
        hg_guard *gs[] = {&static_guard, &global_handle.guard, &stack_guard};
        for (int i = 0; i < 3; i++)
            if (hg_begin_free(gs[i], 100) != HG_DRAINED)
                return 1;
        printf("nonheap: ok\n");
        return 0;
    }
    /* Run in a thread that exits: nothing of it stays on a scanned stack
     * or in a register, so only the LSan ignore can keep the box quiet. */
    pthread_t t;
    pthread_create(&t, NULL, lifecycle_thread, NULL);
    pthread_join(t, NULL);
    printf("%s: done, LeakSanitizer runs at exit\n", mode);
    return 0;
}
