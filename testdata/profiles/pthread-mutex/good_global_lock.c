/* pthread-mutex: correct use of static mutexes, directly and through lock
 * helpers and lock functions. */
// expect-no-diagnostics
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <pthread.h>

static pthread_mutex_t log_mu = PTHREAD_MUTEX_INITIALIZER;
static char log_buf[1024];
static unsigned log_len;

static void log_lock(void) { pthread_mutex_lock(&log_mu); }
static void log_unlock(void) { pthread_mutex_unlock(&log_mu); }
static int log_trylock(void) { return pthread_mutex_trylock(&log_mu); }

/* Public lock functions: held on every path by design. */
void log_acquire(void) { log_lock(); }
void log_release(void) { log_unlock(); }

int log_putc(char ch)
{
    int rc = 0;
    log_lock();
    if (log_len == sizeof log_buf) {
        rc = -ENOSPC;
        goto out;
    }
    log_buf[log_len++] = ch;
out:
    log_unlock();
    return rc;
}

int log_try_clear(void)
{
    if (log_trylock() != 0)
        return -EBUSY;
    log_len = 0;
    log_unlock();
    return 0;
}

unsigned log_size(void)
{
    pthread_mutex_lock(&log_mu);
    unsigned n = log_len;
    pthread_mutex_unlock(&log_mu);
    return n;
}

/* A struct of globals with its own mutex is a handle by value. */
static struct {
    pthread_mutex_t mu;
    long total;
} g_stats = {PTHREAD_MUTEX_INITIALIZER, 0};

void stats_add(long v)
{
    pthread_mutex_lock(&g_stats.mu);
    g_stats.total += v;
    pthread_mutex_unlock(&g_stats.mu);
}

long stats_total(void)
{
    pthread_mutex_lock(&g_stats.mu);
    long t = g_stats.total;
    pthread_mutex_unlock(&g_stats.mu);
    return t;
}
