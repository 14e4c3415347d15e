/* address_taken: ops tables, callbacks passed as arguments, direct calls. */
struct ops {
  int (*read)(void *, int);
  void (*close)(void *);
};

static int my_read(void *p, int n) { (void)p; return n; }
static void my_close(void *p) { (void)p; }
static int helper(int v) { return v + 1; }
static int direct_only(int v) { return v; }
extern void external_cb(void *);

static const struct ops file_ops = { .read = my_read, .close = my_close };
static void (*const table[])(void *) = { external_cb };

int start_thread(void *(*fn)(void *), void *arg);
static void *worker(void *arg) { return arg; }

int run(void *h) {
  int r = direct_only(1) + (helper)(2);
  start_thread(worker, h);
  int (*fp)(int) = &helper;
  r += fp(3) + file_ops.read(h, 4);
  table[0](h);
  return r;
}
