/* Member access: '->' and '.', aliases, anonymous members, arrays. */
struct inner {
  int count;
  char *name;
};

typedef struct {
  int kind;
  union {
    int as_int;
    struct {
      short lo, hi;
    };
  };
  struct {
    int x;
  } named;
} anon_t;

struct kv {
  int guard;
  struct inner *inner;
  struct inner embedded;
  anon_t anon;
};

int access(struct kv *h, struct kv copy, struct kv arr[2], anon_t *a) {
  struct inner *in = h->inner;          /* alias of inner state */
  int n = in->count + h->inner->count;  /* through the alias and directly */
  n += copy.embedded.count + (*h).guard;
  n += arr->guard + arr[1].inner->count;
  n += a->as_int + a->lo + h->anon.hi + a->named.x;
  char *p = &h->inner->name[0];
  return n + (p != 0);
}
