/* access-before-enter in an op returning an enumeration that has a
 * "shutting down" enumerator: with no other op to learn from, the fix-it
 * returns it. */
// FIXED: handleguard-access-before-enter
#include <handleguard.h>

#include <stdbool.h>

typedef enum dev_status {
    DEV_IDLE,
    DEV_BUSY,
    DEV_SHUTTING_DOWN,
} dev_status;

struct dev_inner {
    bool busy;
};

typedef struct dev {
    hg_guard guard;
    struct dev_inner *inner;
} dev;

dev_status dev_poll(dev *d) { return d->inner->busy ? DEV_BUSY : DEV_IDLE; } // expect-warning: handleguard-access-before-enter
