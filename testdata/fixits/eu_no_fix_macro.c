/* enter-unchecked where the enter is written in a macro: the fix-it would
 * have to edit the macro's definition, so there is none, only a note. */
// NOT-FIXED: handleguard-enter-unchecked
// NOTE: no fix-it: the enter is written in a macro
#include <handleguard.h>

struct st_inner {
    double sum;
};

typedef struct stats {
    hg_guard guard;
    struct st_inner *inner;
} stats;

#define ST_ENTER(s, op) hg_try_enter(&(s)->guard, (op))

void st_add(stats *s, double x)
{
    hg_op op;
    ST_ENTER(s, &op); // expect-warning: handleguard-enter-unchecked
    s->inner->sum += x;
    hg_leave(&op);
}
