/* percpu-ref: tryget_live / put on every path, kill before the inner
 * state is dropped, a release callback that tears the reference down, and
 * copies handed out instead of borrows. */
// expect-no-diagnostics
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#define ENODEV 19
#define ENOMEM 12
#define EINVAL 22
typedef unsigned int gfp_t;
#define GFP_KERNEL 0u
#define container_of(ptr, type, member) ((type *)((char *)(ptr) - offsetof(type, member)))
struct percpu_ref {
    unsigned long percpu_count_ptr;
    void *data;
};
struct completion {
    unsigned int done;
};
typedef void percpu_ref_func_t(struct percpu_ref *ref);
int percpu_ref_init(struct percpu_ref *ref, percpu_ref_func_t *release, unsigned int flags, gfp_t gfp);
void percpu_ref_exit(struct percpu_ref *ref);
bool percpu_ref_tryget_live(struct percpu_ref *ref);
void percpu_ref_put(struct percpu_ref *ref);
void percpu_ref_kill(struct percpu_ref *ref);
bool percpu_ref_is_dying(struct percpu_ref *ref);
void init_completion(struct completion *c);
void complete(struct completion *c);
void wait_for_completion(struct completion *c);
void *kzalloc(size_t size, gfp_t gfp);
void kfree(const void *p);
void msleep(unsigned int msecs);

struct table {
    struct percpu_ref ref;
    struct completion released;
    int *slots;
    unsigned int nslots;
};

static void table_release(struct percpu_ref *ref)
{
    struct table *t = container_of(ref, struct table, ref);
    complete(&t->released);
}

struct table *table_create(unsigned int nslots)
{
    struct table *t = kzalloc(sizeof *t, GFP_KERNEL);
    if (!t)
        return NULL;
    t->slots = kzalloc(nslots * sizeof *t->slots, GFP_KERNEL);
    if (!t->slots) {
        kfree(t);
        return NULL;
    }
    t->nslots = nslots;
    init_completion(&t->released);
    if (percpu_ref_init(&t->ref, table_release, 0, GFP_KERNEL)) {
        kfree(t->slots);
        kfree(t);
        return NULL;
    }
    return t;
}

int table_get(struct table *t, unsigned int i, int *out)
{
    int rc = 0;
    if (!percpu_ref_tryget_live(&t->ref))
        return -ENODEV;
    if (i >= t->nslots) {
        rc = -EINVAL;
        goto out;
    }
    *out = t->slots[i];
out:
    percpu_ref_put(&t->ref);
    return rc;
}

int *table_snapshot(struct table *t, unsigned int *n)
{
    if (!percpu_ref_tryget_live(&t->ref))
        return NULL;
    int *copy = kzalloc(t->nslots * sizeof *copy, GFP_KERNEL);
    if (copy) {
        memcpy(copy, t->slots, t->nslots * sizeof *copy);
        *n = t->nslots;
    }
    percpu_ref_put(&t->ref);
    return copy;
}

/* is_dying as a hint for logging, never as a gate. */
bool table_dying(struct table *t)
{
    return percpu_ref_is_dying(&t->ref);
}

/* Put, sleep, take again. */
int table_poll(struct table *t)
{
    if (!percpu_ref_tryget_live(&t->ref))
        return -ENODEV;
    int v = t->slots[0];
    percpu_ref_put(&t->ref);
    if (v == 0)
        msleep(10);
    return v;
}

/* Kill, wait for the release callback, then drop the inner state. */
void table_destroy(struct table *t)
{
    percpu_ref_kill(&t->ref);
    wait_for_completion(&t->released);
    kfree(t->slots);
    t->slots = NULL;
    t->nslots = 0;
}

/* A teardown that exits the reference owns the object. */
void table_free_unused(struct table *t)
{
    percpu_ref_exit(&t->ref);
    kfree(t->slots);
    kfree(t);
}
