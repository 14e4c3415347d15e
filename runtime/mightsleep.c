/*
 * mightsleep.c - libhandleguard-mightsleep.so, an LD_PRELOAD shim that
 * makes common blocking libc calls check that the calling thread holds no
 * entered op, like the Linux kernel's might_sleep():
 *
 *     LD_PRELOAD=libhandleguard-mightsleep.so ./my-tests
 *
 * Each wrapper calls hg__might_block("<name>") of the libhandleguard in
 * the process (found with dlsym(RTLD_DEFAULT)), then the real function
 * (dlsym(RTLD_NEXT)).  The check only does something when that runtime is
 * a debug build (HG_DEBUG); the shim says so on stderr once otherwise.
 * The runtime must be visible to dlsym: the shared libhandleguard.so, or
 * the static library inside a shared object or an executable linked with
 * -rdynamic.
 *
 * Calls that cannot block are let through: I/O on descriptors in
 * O_NONBLOCK mode, recv*(MSG_DONTWAIT), and poll/select/epoll with a zero
 * timeout.  Everything else counts, even when it would return at once
 * (data already available, a zero sleep): the check is deterministic, not
 * a matter of luck.
 */
#define _GNU_SOURCE

#include <dlfcn.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

typedef void (*hg_ms_check_fn)(const char *);

static _Atomic(hg_ms_check_fn) hg_ms_check;
static _Atomic int hg_ms_state; /* 0 unresolved, 1 resolved */

static void hg_ms_resolve(void)
{
    void *sym = dlsym(RTLD_DEFAULT, "hg__might_block");
    int (*dbg)(void) = (int (*)(void))dlsym(RTLD_DEFAULT, "hg__debug_build");
    if (!sym) {
        if (!getenv("HG_MIGHTSLEEP_QUIET"))
            fprintf(stderr, "libhandleguard-mightsleep: no libhandleguard "
                            "visible to dlsym in this process; checks are off\n");
    } else if (dbg && !dbg()) {
        if (!getenv("HG_MIGHTSLEEP_QUIET"))
            fprintf(stderr, "libhandleguard-mightsleep: libhandleguard is not "
                            "an HG_DEBUG build; checks are no-ops\n");
    }
    atomic_store(&hg_ms_check, (hg_ms_check_fn)sym);
    atomic_store(&hg_ms_state, 1);
}

__attribute__((constructor)) static void hg_ms_init(void) { hg_ms_resolve(); }

static void hg_ms_might_block(const char *what)
{
    if (!atomic_load_explicit(&hg_ms_state, memory_order_acquire))
        return; /* called before our constructor ran: too early to check */
    hg_ms_check_fn fn = atomic_load_explicit(&hg_ms_check, memory_order_relaxed);
    if (fn)
        fn(what);
}

static int hg_ms_fd_nonblocking(int fd)
{
    int fl = fcntl(fd, F_GETFL);
    return fl != -1 && (fl & O_NONBLOCK);
}

/* Look up the next definition of a wrapped function once. */
#define HG_MS_REAL(name)                                                      \
    static __typeof__(&name) real_##name;                                     \
    if (!real_##name)                                                         \
        real_##name = (__typeof__(&name))dlsym(RTLD_NEXT, #name);             \
    if (!real_##name)                                                         \
        abort()

/* ---- sleeps ---------------------------------------------------------------- */
unsigned int sleep(unsigned int seconds)
{
    HG_MS_REAL(sleep);
    hg_ms_might_block("sleep");
    return real_sleep(seconds);
}

int usleep(useconds_t usec)
{
    HG_MS_REAL(usleep);
    hg_ms_might_block("usleep");
    return real_usleep(usec);
}

int nanosleep(const struct timespec *req, struct timespec *rem)
{
    HG_MS_REAL(nanosleep);
    hg_ms_might_block("nanosleep");
    return real_nanosleep(req, rem);
}

int clock_nanosleep(clockid_t clk, int flags, const struct timespec *req,
                    struct timespec *rem)
{
    HG_MS_REAL(clock_nanosleep);
    hg_ms_might_block("clock_nanosleep");
    return real_clock_nanosleep(clk, flags, req, rem);
}

/* ---- waiting for descriptors ------------------------------------------------- */
int poll(struct pollfd *fds, nfds_t nfds, int timeout)
{
    HG_MS_REAL(poll);
    if (timeout != 0)
        hg_ms_might_block("poll");
    return real_poll(fds, nfds, timeout);
}

int ppoll(struct pollfd *fds, nfds_t nfds, const struct timespec *tmo,
          const sigset_t *mask)
{
    HG_MS_REAL(ppoll);
    if (!tmo || tmo->tv_sec != 0 || tmo->tv_nsec != 0)
        hg_ms_might_block("ppoll");
    return real_ppoll(fds, nfds, tmo, mask);
}

int select(int n, fd_set *r, fd_set *w, fd_set *e, struct timeval *tmo)
{
    HG_MS_REAL(select);
    if (!tmo || tmo->tv_sec != 0 || tmo->tv_usec != 0)
        hg_ms_might_block("select");
    return real_select(n, r, w, e, tmo);
}

int pselect(int n, fd_set *r, fd_set *w, fd_set *e, const struct timespec *tmo,
            const sigset_t *mask)
{
    HG_MS_REAL(pselect);
    if (!tmo || tmo->tv_sec != 0 || tmo->tv_nsec != 0)
        hg_ms_might_block("pselect");
    return real_pselect(n, r, w, e, tmo, mask);
}

int epoll_wait(int epfd, struct epoll_event *ev, int maxev, int timeout)
{
    HG_MS_REAL(epoll_wait);
    if (timeout != 0)
        hg_ms_might_block("epoll_wait");
    return real_epoll_wait(epfd, ev, maxev, timeout);
}

int epoll_pwait(int epfd, struct epoll_event *ev, int maxev, int timeout,
                const sigset_t *mask)
{
    HG_MS_REAL(epoll_pwait);
    if (timeout != 0)
        hg_ms_might_block("epoll_pwait");
    return real_epoll_pwait(epfd, ev, maxev, timeout, mask);
}

/* ---- blocking I/O -------------------------------------------------------------- */
ssize_t read(int fd, void *buf, size_t count)
{
    HG_MS_REAL(read);
    if (!hg_ms_fd_nonblocking(fd))
        hg_ms_might_block("read");
    return real_read(fd, buf, count);
}

ssize_t readv(int fd, const struct iovec *iov, int iovcnt)
{
    HG_MS_REAL(readv);
    if (!hg_ms_fd_nonblocking(fd))
        hg_ms_might_block("readv");
    return real_readv(fd, iov, iovcnt);
}

ssize_t recv(int fd, void *buf, size_t len, int flags)
{
    HG_MS_REAL(recv);
    if (!(flags & MSG_DONTWAIT) && !hg_ms_fd_nonblocking(fd))
        hg_ms_might_block("recv");
    return real_recv(fd, buf, len, flags);
}

ssize_t recvfrom(int fd, void *buf, size_t len, int flags,
                 struct sockaddr *addr, socklen_t *alen)
{
    HG_MS_REAL(recvfrom);
    if (!(flags & MSG_DONTWAIT) && !hg_ms_fd_nonblocking(fd))
        hg_ms_might_block("recvfrom");
    return real_recvfrom(fd, buf, len, flags, addr, alen);
}

ssize_t recvmsg(int fd, struct msghdr *msg, int flags)
{
    HG_MS_REAL(recvmsg);
    if (!(flags & MSG_DONTWAIT) && !hg_ms_fd_nonblocking(fd))
        hg_ms_might_block("recvmsg");
    return real_recvmsg(fd, msg, flags);
}

int accept(int fd, struct sockaddr *addr, socklen_t *alen)
{
    HG_MS_REAL(accept);
    if (!hg_ms_fd_nonblocking(fd))
        hg_ms_might_block("accept");
    return real_accept(fd, addr, alen);
}

int accept4(int fd, struct sockaddr *addr, socklen_t *alen, int flags)
{
    HG_MS_REAL(accept4);
    if (!hg_ms_fd_nonblocking(fd))
        hg_ms_might_block("accept4");
    return real_accept4(fd, addr, alen, flags);
}

int connect(int fd, const struct sockaddr *addr, socklen_t alen)
{
    HG_MS_REAL(connect);
    if (!hg_ms_fd_nonblocking(fd))
        hg_ms_might_block("connect");
    return real_connect(fd, addr, alen);
}

/* ---- waiting for other threads and processes ------------------------------- */
int pthread_join(pthread_t t, void **ret)
{
    HG_MS_REAL(pthread_join);
    hg_ms_might_block("pthread_join");
    return real_pthread_join(t, ret);
}

int sem_wait(sem_t *s)
{
    HG_MS_REAL(sem_wait);
    hg_ms_might_block("sem_wait");
    return real_sem_wait(s);
}

int sem_timedwait(sem_t *s, const struct timespec *abstime)
{
    HG_MS_REAL(sem_timedwait);
    hg_ms_might_block("sem_timedwait");
    return real_sem_timedwait(s, abstime);
}

pid_t waitpid(pid_t pid, int *status, int options)
{
    HG_MS_REAL(waitpid);
    if (!(options & WNOHANG))
        hg_ms_might_block("waitpid");
    return real_waitpid(pid, status, options);
}

pid_t wait(int *status)
{
    HG_MS_REAL(wait);
    hg_ms_might_block("wait");
    return real_wait(status);
}
