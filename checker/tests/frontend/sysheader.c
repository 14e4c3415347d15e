/* Records and functions from a system header. */
#include <sysapi.h>

struct kv {
  sys_mutex_t lock;
  int value;
};

int op(struct kv *h) {
  sys_lock(&h->lock);
  sys_sleep(1);
  return sys_inline(h->value) + h->lock.locked;
}
