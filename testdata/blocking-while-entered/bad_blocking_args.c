/* blocking-while-entered: the same calls with arguments that wait: a
 * negative or positive timeout, no WNOHANG, no MSG_DONTWAIT. */
#define _GNU_SOURCE
#include <handleguard.h>

#include <errno.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>

struct sv_inner {
    int fd;
    pid_t child;
};

typedef struct supervisor {
    hg_guard guard;
    struct sv_inner *in;
} supervisor;

int sv_wait_readable(supervisor *s, int ms) {
    hg_op op;
    if (!hg_try_enter(&s->guard, &op))
        return -ESHUTDOWN;
    struct pollfd pfd = {.fd = s->in->fd, .events = POLLIN};
    int r = poll(&pfd, 1, -1); // expect-warning: handleguard-blocking-while-entered
    if (r == 0)
        r = poll(&pfd, 1, ms); // expect-warning: handleguard-blocking-while-entered
    hg_leave(&op);
    return r;
}

int sv_wait_child(supervisor *s) {
    hg_op op;
    if (!hg_try_enter(&s->guard, &op))
        return -ESHUTDOWN;
    int st = 0;
    pid_t r = waitpid(s->in->child, &st, WUNTRACED); // expect-warning: handleguard-blocking-while-entered
    hg_leave(&op);
    return (int)r;
}

long sv_read(supervisor *s, char *buf, size_t cap, int flags) {
    hg_op op;
    if (!hg_try_enter(&s->guard, &op))
        return -ESHUTDOWN;
    long n = (long)recv(s->in->fd, buf, cap, 0); // expect-warning: handleguard-blocking-while-entered
    if (n == 0)
        n = (long)recv(s->in->fd, buf, cap, flags); // expect-warning: handleguard-blocking-while-entered
    hg_leave(&op);
    return n;
}
