/* free-not-gated where inner state is touched before hg_begin_free too:
 * wrapping the drops after the call would not cover it, so there is no
 * fix-it, only a note. */
// NOT-FIXED: handleguard-free-not-gated
// NOTE: inner state is also touched outside the statements that follow the call
#include <handleguard.h>

#include <stdbool.h>
#include <stdlib.h>

struct sock_inner {
    bool closing;
    char *rx;
};

typedef struct sock {
    hg_guard guard;
    struct sock_inner *inner;
} sock;

void sock_free(sock *s)
{
    s->inner->closing = true; // expect-warning: handleguard-free-not-gated
    hg_begin_free(&s->guard, HG_FREE_DEADLINE_MS); // expect-warning: handleguard-free-not-gated
    free(s->inner->rx); // expect-warning: handleguard-free-not-gated
    free(s->inner); // expect-warning: handleguard-free-not-gated
}
