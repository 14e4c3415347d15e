/* access-before-enter in an op that returns a pointer read from inner
 * state: leaving before the return would hand out a pointer the free may
 * drop, so there is no fix-it, only a note. */
// NOT-FIXED: handleguard-access-before-enter
// NOTE: copy what it points to before leaving
#include <handleguard.h>

#include <stddef.h>

struct node {
    struct node *next;
};

struct list_inner {
    struct node *head;
};

typedef struct list {
    hg_guard guard;
    struct list_inner *inner;
} list;

struct node *list_head(list *l)
{
    return l->inner->head; // expect-warning: handleguard-access-before-enter, handleguard-borrowed-return
}
