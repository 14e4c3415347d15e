/* enter-unchecked: the result of hg_try_enter is thrown away (expression
 * statement, cast to void, a macro used as a statement, in a loop, the second
 * of two enters).  Reported once, at the call; the inner accesses and the
 * leave that follow are not reported again. */
#define _DEFAULT_SOURCE
#include <handleguard.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef enum { ST_OK = 0, ST_ECLOSED = -1, ST_EINVAL = -2 } st_err;

struct st_inner {
    double sum, sumsq;
    uint64_t n;
    double window[16];
};

typedef struct stats {
    hg_guard guard;
    struct st_inner *inner;
} stats;

#define ST_ENTER(s, op) hg_try_enter(&(s)->guard, (op))

/* Case 1: expression statement. */
void st_record(stats *s, double x)
{
    hg_op op;
    hg_try_enter(&s->guard, &op); // expect-warning: handleguard-enter-unchecked
    s->inner->sum += x;
    s->inner->sumsq += x * x;
    s->inner->n++;
    hg_leave(&op);
}

/* Case 2: an explicit cast to void is still a discarded result. */
uint64_t st_count(stats *s)
{
    hg_op op;
    (void)hg_try_enter(&s->guard, &op); // expect-warning: handleguard-enter-unchecked
    uint64_t n = s->inner->n;
    hg_leave(&op);
    return n;
}

/* Case 3: a macro around the enter, used as a statement. */
double st_mean(stats *s)
{
    hg_op op;
    ST_ENTER(s, &op); // expect-warning: handleguard-enter-unchecked
    double m = s->inner->n ? s->inner->sum / (double)s->inner->n : 0.0;
    hg_leave(&op);
    return m;
}

/* Case 4: inside a loop, every round discards the result (one call, one
 * report). */
int st_record_many(stats *s, const double *xs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        hg_op op;
        hg_try_enter(&s->guard, &op); // expect-warning: handleguard-enter-unchecked
        s->inner->window[s->inner->n % 16] = xs[i];
        s->inner->n++;
        hg_leave(&op);
    }
    return ST_OK;
}

/* Case 5: the first enter is tested, the second one is not. */
int st_merge(stats *dst, stats *src)
{
    hg_op a, b;
    if (!hg_try_enter(&src->guard, &a))
        return ST_ECLOSED;
    hg_try_enter(&dst->guard, &b); // expect-warning: handleguard-enter-unchecked
    dst->inner->sum += src->inner->sum;
    dst->inner->sumsq += src->inner->sumsq;
    dst->inner->n += src->inner->n;
    hg_leave(&b);
    hg_leave(&a);
    return ST_OK;
}
