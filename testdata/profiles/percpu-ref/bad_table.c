/* percpu-ref: an object whose users hold a percpu_ref.
 * percpu_ref_tryget_live enters (true), percpu_ref_put leaves,
 * percpu_ref_kill starts the teardown (modelled as draining, see
 * docs/configuration.md), percpu_ref_is_dying is only a racy hint.  No
 * kernel headers here: a minimal API is declared below. */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#define ENODEV 19
#define EINVAL 22
typedef unsigned int gfp_t;
#define GFP_KERNEL 0u
struct percpu_ref {
    unsigned long percpu_count_ptr;
    void *data;
};
typedef void percpu_ref_func_t(struct percpu_ref *ref);
int percpu_ref_init(struct percpu_ref *ref, percpu_ref_func_t *release, unsigned int flags, gfp_t gfp);
void percpu_ref_exit(struct percpu_ref *ref);
bool percpu_ref_tryget_live(struct percpu_ref *ref);
void percpu_ref_put(struct percpu_ref *ref);
void percpu_ref_kill(struct percpu_ref *ref);
bool percpu_ref_is_dying(struct percpu_ref *ref);
void *kzalloc(size_t size, gfp_t gfp);
void kfree(const void *p);
void msleep(unsigned int msecs);

struct table {
    struct percpu_ref ref;
    int *slots;
    unsigned int nslots;
    char *name;
};

/* Case 1: a slot read before the reference is taken. */
int table_get(struct table *t, unsigned int i)
{
    if (i >= t->nslots) // expect-warning: handleguard-access-before-enter
        return -EINVAL;
    if (!percpu_ref_tryget_live(&t->ref))
        return -ENODEV;
    int v = t->slots[i];
    percpu_ref_put(&t->ref);
    return v;
}

/* Case 2: is_dying used as the gate: the table may start dying right
 * after the test (the accesses are still before enter). */
int table_first(struct table *t)
{
    if (percpu_ref_is_dying(&t->ref)) // expect-warning: handleguard-racy-freeing-check
        return -ENODEV;
    return t->slots[0]; // expect-warning: handleguard-access-before-enter
}

/* Case 3: the result of tryget_live ignored. */
void table_touch(struct table *t)
{
    percpu_ref_tryget_live(&t->ref); // expect-warning: handleguard-enter-unchecked
    t->slots[0]++;
    percpu_ref_put(&t->ref);
}

/* Case 4: an error path that keeps the reference. */
int table_set(struct table *t, unsigned int i, int v)
{
    if (!percpu_ref_tryget_live(&t->ref))
        return -ENODEV;
    if (i >= t->nslots)
        return -EINVAL; // expect-warning: handleguard-op-not-left
    t->slots[i] = v;
    percpu_ref_put(&t->ref);
    return 0;
}

/* Case 5: sleeping while holding the reference. */
int table_slow_get(struct table *t)
{
    if (!percpu_ref_tryget_live(&t->ref))
        return -ENODEV;
    msleep(10); // expect-warning: handleguard-blocking-while-entered
    int v = t->slots[0];
    percpu_ref_put(&t->ref);
    return v;
}

/* Case 6: the name handed out as a borrow. */
const char *table_name(struct table *t)
{
    if (!percpu_ref_tryget_live(&t->ref))
        return NULL;
    const char *n = t->name;
    percpu_ref_put(&t->ref);
    return n; // expect-warning: handleguard-borrowed-return
}

/* Case 7: the slots dropped before the kill, and the table freed. */
void table_destroy(struct table *t)
{
    kfree(t->slots); // expect-warning: handleguard-free-not-gated
    percpu_ref_kill(&t->ref);
    kfree(t->name);
    kfree(t); // expect-warning: handleguard-box-freed
}
