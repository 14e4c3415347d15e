/* blocking-while-entered must stay quiet: calls from the blocking list whose
 * arguments make them return at once: a zero timeout (poll, epoll_wait),
 * WNOHANG (waitpid, waitid), MSG_DONTWAIT (recv, send, recvmsg). */
// expect-no-diagnostics
#define _GNU_SOURCE
#include <handleguard.h>

#include <errno.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>

struct sv_inner {
    int fd;
    int epfd;
    pid_t child;
    int status;
};

typedef struct supervisor {
    hg_guard guard;
    struct sv_inner *in;
} supervisor;

int sv_readable(supervisor *s) {
    hg_op op;
    if (!hg_try_enter(&s->guard, &op))
        return -ESHUTDOWN;
    struct pollfd pfd = {.fd = s->in->fd, .events = POLLIN};
    int r = poll(&pfd, 1, 0);
    hg_leave(&op);
    return r;
}

int sv_events(supervisor *s, struct epoll_event *evs, int max) {
    hg_op op;
    if (!hg_try_enter(&s->guard, &op))
        return -ESHUTDOWN;
    int r = epoll_wait(s->in->epfd, evs, max, 0);
    hg_leave(&op);
    return r;
}

int sv_reap(supervisor *s) {
    hg_op op;
    if (!hg_try_enter(&s->guard, &op))
        return -ESHUTDOWN;
    int st = 0;
    pid_t r = waitpid(s->in->child, &st, WNOHANG | WUNTRACED);
    if (r == s->in->child)
        s->in->status = st;
    siginfo_t info;
    (void)waitid(P_PID, (id_t)s->in->child, &info, WEXITED | WNOHANG);
    hg_leave(&op);
    return (int)r;
}

long sv_drain(supervisor *s, char *buf, size_t cap) {
    hg_op op;
    if (!hg_try_enter(&s->guard, &op))
        return -ESHUTDOWN;
    long n = (long)recv(s->in->fd, buf, cap, MSG_DONTWAIT);
    if (n > 0)
        (void)send(s->in->fd, buf, (size_t)n, MSG_DONTWAIT | MSG_NOSIGNAL);
    struct msghdr mh = {0};
    (void)recvmsg(s->in->fd, &mh, MSG_DONTWAIT);
    hg_leave(&op);
    return n;
}
