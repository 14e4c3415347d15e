/* Everything else: literals, statement expressions, compound literals,
 * designated initializers, ?:, choose_expr, va_arg, asm, statics, globals,
 * enumerators, linkage and visibility flags. */
#include <stdarg.h>

enum level { LOW = -1, HIGH = 0x7fffffff };
struct point { int x, y; };
static int counter;
extern int shared;
int defined_here = 3;

__attribute__((visibility("hidden"))) int hidden_fn(int);
static inline int twice(int v) { return 2 * v; }

int misc(int n, ...) {
  static int calls;
  extern int late_global;
  calls++;
  int lits = 0x1F + 017 + 0b101 + 10u + 20UL + 1'000 + 'a' + '\n' + L'x';
  const char *s = "tab\there" " more";
  double d = 1.5e3;
  struct point p = { .y = 2, .x = 1 };
  struct point *q = &(struct point){ 3, 4 };
  int arr[4] = { [2] = 7, [0 ... 1] = 9 };
  int v = ({ int t = n; t * 2; });
  v = v ?: n;
  v += __builtin_choose_expr(1, counter, shared);
  va_list ap;
  va_start(ap, n);
  v += va_arg(ap, int);
  va_end(ap);
  __asm__ volatile("" : "+r"(v));
  v += (int)d + p.x + q->y + arr[2] + (s[0] == 't') + lits + calls;
  v += twice(HIGH) + hidden_fn(LOW) + late_global + defined_here;
  v += __func__[0];
  return v, n;
}

int unnamed_params(int, char *);
