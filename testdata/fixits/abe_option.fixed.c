/* access-before-enter with the ShuttingDownValue option: the op's return
 * type (long) is returned by no other op of the file, so the configured
 * value is used.  The guard field is `g` and the op already has a local
 * named `op`: the token gets another name. */
// FIXED: handleguard-access-before-enter
// RUN-ARGS: "--config={CheckOptions: {handleguard.ShuttingDownValue: -ESHUTDOWN}}"
#include <handleguard.h>

#include <errno.h>
#include <stddef.h>

struct calc_inner {
    long acc;
};

typedef struct calc {
    struct calc_inner *inner;
    hg_guard g;
} calc;

long calc_apply(calc *c, char op, long x)
{
    hg_op op_;
    if (!hg_try_enter(&c->g, &op_))
        return -ESHUTDOWN;
    switch (op) {
    case '+':
        c->inner->acc += x; // expect-warning: handleguard-access-before-enter
        break;
    case '-':
        c->inner->acc -= x; // expect-warning: handleguard-access-before-enter
        break;
    default:
        hg_leave(&op_);
        return -EINVAL;
    }
    long ret_ = c->inner->acc;
    hg_leave(&op_);
    return ret_;
}
