/* A handle library with one op that forgets to enter the guard. */
#include <handleguard.h>
#include <stdlib.h>

#ifndef DROPIN_BUILD
#error "built without the project's compile definitions"
#endif

struct counter_inner {
  int value;
};

typedef struct counter {
  hg_guard guard;
  struct counter_inner *inner;
} counter;

int counter_get(counter *c) {
  return c->inner->value;
}
