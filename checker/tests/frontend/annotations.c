/* Annotations on records (every placement C allows) and on functions. */
#include "annot.h"

struct after_struct_kw { int a; };
struct after_brace { int a; } HG_HANDLE;
struct plain { int a; };
typedef struct plain plain_t __attribute__((annotate("from_typedef")));
typedef struct { int a; } anon_handle HG_HANDLE;

int wait_for(int fd) { return fd; }
void flush_all(void) {}
__attribute__((annotate("other"))) int wait_for(int fd);

int use(struct after_struct_kw *a, struct after_brace *b, on_typedef *c,
        before_typedef *d, plain_t *e, anon_handle *f) {
  int helper(int) __attribute__((annotate("block_scope")));
  flush_all();
  return wait_for(a->a) + b->a + (c != 0) + (d != 0) + e->a + f->a + helper(1);
}
