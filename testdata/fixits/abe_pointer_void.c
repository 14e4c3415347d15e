/* access-before-enter: a pointer-returning op gets NULL as its sentinel, a
 * void op a plain `return;`; the void op also leaves before its own
 * `return;` and before the closing brace. */
// FIXED: handleguard-access-before-enter
#include <handleguard.h>

#include <stddef.h>
#include <stdlib.h>

struct q_inner {
    int *items;
    size_t len;
    unsigned long drops;
};

typedef struct queue {
    hg_guard guard;
    struct q_inner *inner;
} queue;

queue *queue_touch(queue *q)
{
    q->inner->drops = 0; // expect-warning: handleguard-access-before-enter
    return q;
}

void queue_drop_last(queue *q)
{
    if (q->inner->len == 0) { // expect-warning: handleguard-access-before-enter
        q->inner->drops++;
        return;
    }
    q->inner->len--;
}
