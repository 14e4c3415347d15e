/* The forms of a null pointer constant, and casts. */
#include <stddef.h>

struct kv { int guard; };

struct kv *pick(struct kv *h, int which) {
  struct kv *a = NULL;
  struct kv *b = 0;
  void *c = (void *)0;
  char *d = (char *)NULL;
  if (h == NULL || h == 0 || (void *)h == ((void *)0)) return 0;
  if (which) return (struct kv *)0;
  (void)c;
  (void)d;
  int zero = 0;
  long as_int = (long)0;
  return which > 1 ? a : b + zero + (int)as_int;
}
