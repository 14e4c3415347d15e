/* Operands of sizeof, _Alignof, offsetof and _Generic selections. */
#include <stddef.h>

struct inner { int count; char buf[8]; };
struct kv { int guard; struct inner *inner; };

size_t sizes(struct kv *h) {
  size_t s = sizeof(*h->inner);
  s += sizeof h->inner->count + sizeof(struct kv) + _Alignof(struct inner);
  s += offsetof(struct inner, buf[2]) + __builtin_offsetof(struct kv, inner);
  s += _Generic(h->guard, int: 1, default: 2);
  s += _Generic(h->inner, struct inner *: h->inner->count, default: 0);
  __typeof__(h->inner) p = 0;
  return s + (p == 0);
}
