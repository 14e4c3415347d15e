/* enter-unchecked: a discarded enter becomes the test that returns the
 * shutting-down sentinel (`return;` in a void op; in an int op the value
 * the file's other ops return when the enter fails), also when the result
 * was cast to void. */
// FIXED: handleguard-enter-unchecked
#include <handleguard.h>

#include <stdint.h>

typedef enum { ST_OK = 0, ST_ECLOSED = -1 } st_err;

struct st_inner {
    double sum;
    uint64_t n;
};

typedef struct stats {
    hg_guard guard;
    struct st_inner *inner;
} stats;

void st_record(stats *s, double x)
{
    hg_op op;
    hg_try_enter(&s->guard, &op); // expect-warning: handleguard-enter-unchecked
    s->inner->sum += x;
    s->inner->n++;
    hg_leave(&op);
}

int st_reset(stats *s)
{
    hg_op op;
    (void)hg_try_enter(&s->guard, &op); // expect-warning: handleguard-enter-unchecked
    s->inner->sum = 0;
    s->inner->n = 0;
    hg_leave(&op);
    return ST_OK;
}

int st_count(stats *s, uint64_t *n)
{
    hg_op op;
    if (!hg_try_enter(&s->guard, &op))
        return ST_ECLOSED;
    *n = s->inner->n;
    hg_leave(&op);
    return ST_OK;
}
