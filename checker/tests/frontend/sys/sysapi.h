/* Included through -isystem: a system header. */
typedef struct sys_mutex { int locked; } sys_mutex_t;
int sys_lock(sys_mutex_t *m);
int sys_sleep(unsigned ms) __attribute__((annotate("hg_blocking")));
static inline int sys_inline(int v) { return v; }
