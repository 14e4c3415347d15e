/*
 * race_test.c - kvstore functional checks plus a stress test that races
 * kv_free() against every other call, many rounds.
 *
 * Run under AddressSanitizer, any use-after-free of the inner state or the
 * box aborts the process. The test itself checks that calls made once
 * kv_free() has begun return the shutdown sentinel, that kv_wait_for_key()
 * is woken by kv_put() and by kv_free() and times out when it should, and
 * that kv_free() is never held up by a waiter.
 *
 * Usage: kvstore_race_test [rounds]
 */
#define _POSIX_C_SOURCE 200809L

#include "kvstore.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CHECK(cond)                                                       \
    do {                                                                  \
        if (!(cond)) {                                                    \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__,        \
                    __LINE__, #cond);                                     \
            abort();                                                      \
        }                                                                 \
    } while (0)

#define NKEYS 16
#define NWORKERS 3
#define NWAITERS 2
#define OPS_AFTER_FREE 32
#define LONG_WAIT_MS 20000u

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void sleep_us(long us)
{
    struct timespec ts = {us / 1000000, (us % 1000000) * 1000};
    nanosleep(&ts, NULL);
}

static unsigned next_rand(unsigned *state)
{
    *state = *state * 1103515245u + 12345u;
    return (*state >> 16) & 0x7fffu;
}

/* Values written for key "k<i>" are "v<i>.<n>", so a reader can tell a
 * value that belongs to its key from garbage. */
static bool value_matches(const char *key, const char *value)
{
    int ki, vi;
    unsigned n;
    char tail;
    return sscanf(key, "k%d", &ki) == 1 &&
           sscanf(value, "v%d.%u%c", &vi, &n, &tail) == 2 && ki == vi;
}

/* ---- single-threaded and small deterministic checks -------------------- */

static void test_basics(void)
{
    kv *h = NULL;
    CHECK(kv_open(NULL) == KV_EINVAL);
    CHECK(kv_open(&h) == KV_OK && h != NULL);
    CHECK(kv_count(h) == 0);
    CHECK(kv_get(h, "a") == NULL);
    CHECK(kv_delete(h, "a") == KV_ENOENT);
    CHECK(kv_put(h, NULL, "x") == KV_EINVAL);
    CHECK(kv_put(h, "a", "1") == KV_OK);
    CHECK(kv_put(h, "b", "2") == KV_OK);
    CHECK(kv_put(h, "a", "3") == KV_OK); /* overwrite */
    CHECK(kv_count(h) == 2);

    char *v = kv_get(h, "a");
    CHECK(v != NULL && strcmp(v, "3") == 0);
    v[0] = 'X'; /* an owned copy: scribbling on it must not change the store */
    kv_string_free(v);
    v = kv_get(h, "a");
    CHECK(v != NULL && strcmp(v, "3") == 0);
    kv_string_free(v);

    /* Enough keys to make the table grow several times. */
    char key[32], val[32];
    for (int i = 0; i < 2000; i++) {
        snprintf(key, sizeof key, "key-%d", i);
        snprintf(val, sizeof val, "val-%d", i);
        CHECK(kv_put(h, key, val) == KV_OK);
    }
    CHECK(kv_count(h) == 2002);
    for (int i = 0; i < 2000; i += 7) {
        snprintf(key, sizeof key, "key-%d", i);
        snprintf(val, sizeof val, "val-%d", i);
        v = kv_get(h, key);
        CHECK(v != NULL && strcmp(v, val) == 0);
        kv_string_free(v);
    }
    for (int i = 0; i < 2000; i += 2) {
        snprintf(key, sizeof key, "key-%d", i);
        CHECK(kv_delete(h, key) == KV_OK);
        CHECK(kv_delete(h, key) == KV_ENOENT);
    }
    CHECK(kv_count(h) == 1002);
    CHECK(kv_get(h, "key-0") == NULL);
    v = kv_get(h, "key-1");
    CHECK(v != NULL && strcmp(v, "val-1") == 0);
    kv_string_free(v);

    /* A present key is returned at once. */
    char *out = (char *)"sentinel";
    CHECK(kv_wait_for_key(h, "b", 0, &out) == KV_OK);
    CHECK(out != NULL && strcmp(out, "2") == 0);
    kv_string_free(out);
    CHECK(kv_wait_for_key(h, "b", 0, NULL) == KV_EINVAL);

    kv_free(h);

    /* Every call on a freed handle fails with the sentinel, and again. */
    CHECK(kv_put(h, "a", "1") == KV_ESHUTDOWN);
    CHECK(kv_get(h, "a") == NULL);
    CHECK(kv_count(h) == KV_ESHUTDOWN);
    CHECK(kv_delete(h, "a") == KV_ESHUTDOWN);
    out = (char *)"sentinel";
    CHECK(kv_wait_for_key(h, "a", 1000, &out) == KV_ESHUTDOWN);
    CHECK(out == NULL);
    kv_free(h); /* a second kv_free is harmless */
    kv_free(NULL);
    CHECK(kv_count(h) == KV_ESHUTDOWN);
    CHECK(strcmp(kv_strerror(KV_ESHUTDOWN), "handle is shut down") == 0);
}

struct wait_arg {
    kv *h;
    const char *key;
    uint32_t timeout_ms;
    int rc;
    char *value;
    double elapsed_ms;
};

static void *wait_thread(void *p)
{
    struct wait_arg *a = p;
    double t0 = now_ms();
    a->rc = kv_wait_for_key(a->h, a->key, a->timeout_ms, &a->value);
    a->elapsed_ms = now_ms() - t0;
    return NULL;
}

static void test_wait(void)
{
    kv *h;
    CHECK(kv_open(&h) == KV_OK);

    /* Woken by a put: several waiters on the same key all get the value. */
    struct wait_arg a[3];
    pthread_t t[3];
    for (int i = 0; i < 3; i++) {
        a[i] = (struct wait_arg){.h = h, .key = "ready", .timeout_ms = LONG_WAIT_MS};
        CHECK(pthread_create(&t[i], NULL, wait_thread, &a[i]) == 0);
    }
    sleep_us(30000);
    CHECK(kv_put(h, "other", "x") == KV_OK); /* wakes nobody */
    CHECK(kv_put(h, "ready", "yes") == KV_OK);
    for (int i = 0; i < 3; i++) {
        CHECK(pthread_join(t[i], NULL) == 0);
        CHECK(a[i].rc == KV_OK);
        CHECK(a[i].value != NULL && strcmp(a[i].value, "yes") == 0);
        CHECK(a[i].elapsed_ms < 5000.0);
        kv_string_free(a[i].value);
    }

    /* Times out, and leaves no registration behind. */
    struct wait_arg to = {.h = h, .key = "never", .timeout_ms = 60};
    double t0 = now_ms();
    wait_thread(&to);
    CHECK(to.rc == KV_ETIMEDOUT && to.value == NULL);
    CHECK(now_ms() - t0 >= 55.0);
    CHECK(to.elapsed_ms < 5000.0);
    CHECK(kv_put(h, "never", "late") == KV_OK);

    /* Woken by kv_free: the waiter holds no op while it sleeps, so kv_free
     * drains at once instead of running into its deadline. */
    struct wait_arg fw = {.h = h, .key = "absent", .timeout_ms = LONG_WAIT_MS};
    pthread_t ft;
    CHECK(pthread_create(&ft, NULL, wait_thread, &fw) == 0);
    sleep_us(30000);
    t0 = now_ms();
    kv_free(h);
    CHECK(now_ms() - t0 < 1000.0);
    CHECK(pthread_join(ft, NULL) == 0);
    CHECK(fw.rc == KV_ESHUTDOWN && fw.value == NULL);
    CHECK(fw.elapsed_ms < 5000.0);
}

/* ---- the race: ops on several threads while another thread frees -------- */

struct round {
    kv *h;
    pthread_barrier_t start;
    atomic_bool freed;      /* set once a kv_free() call has returned */
    atomic_int post_free_ops;
    unsigned seed;
    int nfreers;
};

static atomic_uint total_ops, total_shutdown_ops;

struct worker {
    struct round *r;
    unsigned seed;
};

static void *worker_thread(void *p)
{
    struct worker *w = p;
    struct round *r = w->r;
    unsigned seed = w->seed;
    bool shut = false; /* an op returned the shutdown sentinel */
    int after = 0;
    unsigned shut_ops = 0;
    char key[16], val[32];

    pthread_barrier_wait(&r->start);
    unsigned n;
    for (n = 0;; n++) {
        /* Once kv_free has returned, or once any op reported shutdown,
         * every op must return its sentinel. */
        bool must_fail = shut || atomic_load(&r->freed);
        int k = (int)(next_rand(&seed) % NKEYS);
        snprintf(key, sizeof key, "k%d", k);
        int rc;
        char *v;
        switch (next_rand(&seed) % 8) {
        case 0: case 1: case 2:
            snprintf(val, sizeof val, "v%d.%u", k, n);
            rc = kv_put(r->h, key, val);
            CHECK(rc == KV_OK || rc == KV_ESHUTDOWN);
            break;
        case 3: case 4:
            v = kv_get(r->h, key);
            CHECK(v == NULL || (!must_fail && value_matches(key, v)));
            kv_string_free(v);
            rc = KV_OK;
            break;
        case 5:
            rc = kv_count(r->h);
            CHECK((rc >= 0 && rc <= NKEYS) || rc == KV_ESHUTDOWN);
            break;
        case 6:
            rc = kv_delete(r->h, key);
            CHECK(rc == KV_OK || rc == KV_ENOENT || rc == KV_ESHUTDOWN);
            break;
        default:
            v = (char *)"sentinel";
            rc = kv_wait_for_key(r->h, key, next_rand(&seed) % 2, &v);
            CHECK(rc == KV_OK || rc == KV_ETIMEDOUT || rc == KV_ESHUTDOWN);
            CHECK(rc == KV_OK ? v != NULL && value_matches(key, v) : v == NULL);
            kv_string_free(v);
            break;
        }
        if (must_fail)
            CHECK(rc == KV_ESHUTDOWN || rc == KV_OK /* kv_get */);
        if (rc == KV_ESHUTDOWN) {
            shut = true;
            shut_ops++;
        }
        if (must_fail && ++after >= OPS_AFTER_FREE)
            break;
    }
    atomic_fetch_add(&r->post_free_ops, after);
    atomic_fetch_add(&total_ops, n + 1);
    atomic_fetch_add(&total_shutdown_ops, shut_ops);
    return NULL;
}

struct freer {
    struct round *r;
    unsigned seed;
    double ms; /* how long kv_free() took */
};

static void *freer_thread(void *p)
{
    struct freer *f = p;
    struct round *r = f->r;
    unsigned seed = f->seed;
    pthread_barrier_wait(&r->start);
    sleep_us((long)(next_rand(&seed) % 1500));
    double t0 = now_ms();
    kv_free(r->h);
    double dt = now_ms() - t0;
    atomic_store(&r->freed, true);
    f->ms = dt;
    return NULL;
}

static void run_round(unsigned round_no)
{
    struct round r = {.seed = round_no * 2654435761u + 1u};
    unsigned seed = r.seed;
    CHECK(kv_open(&r.h) == KV_OK);
    for (int i = 0; i < NKEYS / 2; i++) {
        char key[16], val[32];
        snprintf(key, sizeof key, "k%d", i);
        snprintf(val, sizeof val, "v%d.0", i);
        CHECK(kv_put(r.h, key, val) == KV_OK);
    }
    atomic_init(&r.freed, false);
    atomic_init(&r.post_free_ops, 0);
    r.nfreers = round_no % 4 == 0 ? 2 : 1; /* sometimes race two frees */

    /* Workers, freers and the main thread meet at the barrier. */
    unsigned nbarrier = NWORKERS + (unsigned)r.nfreers + 1u;
    CHECK(pthread_barrier_init(&r.start, NULL, nbarrier) == 0);
    pthread_t t[NWORKERS + NWAITERS + 2];
    struct worker w[NWORKERS];
    struct freer f[2];
    struct wait_arg wa[NWAITERS];
    int nt = 0;
    for (int i = 0; i < NWORKERS; i++) {
        w[i] = (struct worker){.r = &r, .seed = next_rand(&seed) + (unsigned)i};
        CHECK(pthread_create(&t[nt++], NULL, worker_thread, &w[i]) == 0);
    }
    for (int i = 0; i < r.nfreers; i++) {
        f[i] = (struct freer){.r = &r, .seed = next_rand(&seed)};
        CHECK(pthread_create(&t[nt++], NULL, freer_thread, &f[i]) == 0);
    }
    /* Waiters start without the barrier; they either find their key, are
     * woken by a worker's put, or are woken by kv_free. They must never time
     * out: kv_free wakes them long before LONG_WAIT_MS. */
    static const char *const wait_keys[NWAITERS] = {"k15", "no-such-key"};
    for (int i = 0; i < NWAITERS; i++) {
        wa[i] = (struct wait_arg){.h = r.h, .key = wait_keys[i], .timeout_ms = LONG_WAIT_MS};
        CHECK(pthread_create(&t[nt++], NULL, wait_thread, &wa[i]) == 0);
    }
    pthread_barrier_wait(&r.start); /* release workers and freers */
    for (int i = 0; i < nt; i++)
        CHECK(pthread_join(t[i], NULL) == 0);
    pthread_barrier_destroy(&r.start);

    for (int i = 0; i < NWAITERS; i++) {
        CHECK(wa[i].rc == KV_OK || wa[i].rc == KV_ESHUTDOWN);
        if (wa[i].rc == KV_OK)
            CHECK(wa[i].value != NULL && value_matches(wa[i].key, wa[i].value));
        else
            CHECK(wa[i].value == NULL);
        CHECK(wa[i].elapsed_ms < 5000.0);
        kv_string_free(wa[i].value);
    }
    CHECK(wa[1].rc == KV_ESHUTDOWN); /* nobody ever puts "no-such-key" */
    for (int i = 0; i < r.nfreers; i++)
        CHECK(f[i].ms < 2000.0); /* drained, not timed out */
    CHECK(atomic_load(&r.post_free_ops) >= NWORKERS * OPS_AFTER_FREE);

    /* Late calls on the retired handle. */
    CHECK(kv_put(r.h, "k1", "v1.9") == KV_ESHUTDOWN);
    CHECK(kv_get(r.h, "k1") == NULL);
    CHECK(kv_count(r.h) == KV_ESHUTDOWN);
    CHECK(kv_delete(r.h, "k1") == KV_ESHUTDOWN);
    kv_free(r.h);
}

int main(int argc, char **argv)
{
    unsigned rounds = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 10) : 300;
    test_basics();
    test_wait();
    double t0 = now_ms();
    for (unsigned i = 0; i < rounds; i++)
        run_round(i);
    printf("kvstore race test: %u rounds, %u ops (%u refused after free) "
           "in %.0f ms, ok\n", rounds, atomic_load(&total_ops),
           atomic_load(&total_shutdown_ops), now_ms() - t0);
    return 0;
}
