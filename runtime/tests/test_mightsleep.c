/*
 * test_mightsleep.c - run under LD_PRELOAD=libhandleguard-mightsleep.so
 * with an HG_DEBUG libhandleguard.so; each mode prints "mode ok" when it
 * gets to the end.  The modes expected to abort run in a forked child; the
 * parent exits 0 only when the child died of SIGABRT, and ctest matches
 * the child's message on stderr.
 */
#define _GNU_SOURCE

#include <handleguard.h>

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static hg_guard guard = HG_GUARD_INIT;
static _Atomic int entered, release;

static void *holder(void *arg)
{
    (void)arg;
    hg_op op;
    if (!hg_try_enter(&guard, &op))
        return NULL;
    atomic_store(&entered, 1);
    while (!atomic_load(&release))
        ;
    hg_leave(&op);
    return NULL;
}

static int scenario(const char *mode);

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "";
    size_t len = strlen(mode);
    if (len > 5 && strcmp(mode + len - 5, "-held") == 0 &&
        strcmp(mode, "nonblock-held") != 0) {
        fflush(NULL);
        pid_t pid = fork();
        if (pid == 0) {
            signal(SIGABRT, SIG_DFL);
            _exit(scenario(mode));
        }
        int status;
        if (pid < 0 || waitpid(pid, &status, 0) != pid)
            return 2;
        if (WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT) {
            printf("%s: child aborted as expected\n", mode);
            return 0;
        }
        printf("%s: child did not abort (status %#x)\n", mode, status);
        return 1;
    }
    return scenario(mode);
}

static int scenario(const char *mode)
{
    int p[2];
    char c = 'x';
    hg_op op;
    if (pipe(p) != 0 || write(p[1], &c, 1) != 1)
        return 2;
    fprintf(stderr, "guard %p\n", (void *)&guard);

    if (strcmp(mode, "usleep-free") == 0) {
        usleep(1000); /* no op held */
    } else if (strcmp(mode, "usleep-held") == 0) {
        hg_try_enter(&guard, &op);
        usleep(1000); /* aborts */
        hg_leave(&op);
    } else if (strcmp(mode, "read-held") == 0) {
        hg_try_enter(&guard, &op);
        (void)read(p[0], &c, 1); /* data is there, but read may block: aborts */
        hg_leave(&op);
    } else if (strcmp(mode, "nonblock-held") == 0) {
        fcntl(p[0], F_SETFL, O_NONBLOCK);
        struct pollfd pfd = {p[0], POLLIN, 0};
        hg_try_enter(&guard, &op);
        (void)read(p[0], &c, 1);   /* O_NONBLOCK: fine */
        (void)poll(&pfd, 1, 0);    /* zero timeout: fine */
        hg_leave(&op);
        usleep(1000);              /* after leaving: fine */
    } else if (strcmp(mode, "other-thread") == 0) {
        pthread_t t;
        pthread_create(&t, NULL, holder, NULL);
        while (!atomic_load(&entered))
            ;
        usleep(1000); /* another thread holds the op: fine */
        atomic_store(&release, 1);
        pthread_join(t, NULL);
    } else if (strcmp(mode, "join-held") == 0) {
        pthread_t t;
        atomic_store(&release, 1);
        pthread_create(&t, NULL, holder, NULL);
        hg_try_enter(&guard, &op);
        pthread_join(t, NULL); /* aborts */
        hg_leave(&op);
    } else {
        return 2;
    }
    printf("%s ok\n", mode);
    return 0;
}
