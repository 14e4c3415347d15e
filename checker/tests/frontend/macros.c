/* Code written through macros: expansion locations and HG_NF_IN_MACRO. */
#define NULL ((void *)0)
#define INNER(h) ((h)->inner)
#define ID(x) (x)
#define CALL_TWICE(f, a) (f(a) + f(a))
#define COUNT 42
#define self_named self_named
#define RETURN_IF_NULL(p) \
  do {                    \
    if ((p) == NULL)      \
      return -1;          \
  } while (0)

struct inner { int count; };
struct kv { struct inner *inner; };
int self_named;
int get(int v);

int use(struct kv *h) {
  RETURN_IF_NULL(h);
  int a = INNER(h)->count;
  int b = ID(h->inner->count) + COUNT;
  int c = CALL_TWICE(get, a);
  return a + b + c + self_named;
}
