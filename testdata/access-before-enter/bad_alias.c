/* access-before-enter through aliases of inner state: an alias taken before
 * the enter is reported where the inner field is read (its later uses are
 * not reported again); an alias taken while entered and used after leaving
 * is reported at the use. */
#define _DEFAULT_SOURCE
#include <handleguard.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define RB_HDR 4 /* bytes of length prefix in front of every record */

struct rb_inner {
    char *buf;
    size_t head, tail, size;
    unsigned long drops;
};

struct ringbuf {
    hg_guard guard;
    struct rb_inner *inner;
};

typedef struct ringbuf ringbuf;

enum { RB_OK = 0, RB_ECLOSED = -1, RB_EEMPTY = -2, RB_EFULL = -3 };

/* Case 1: the alias is initialised from h->inner before entering; its uses
 * after the enter are fine, only the read of h->inner is reported. */
size_t rb_used(ringbuf *h)
{
    hg_op op;
    struct rb_inner *in = h->inner; // expect-warning: handleguard-access-before-enter
    if (!hg_try_enter(&h->guard, &op))
        return 0;
    size_t used = in->tail - in->head;
    hg_leave(&op);
    return used;
}

/* Case 2: a derived alias (pointer arithmetic on an inner buffer). */
int rb_peek_len(ringbuf *h, size_t *len)
{
    hg_op op;
    char *p = h->inner->buf + RB_HDR; // expect-warning: handleguard-access-before-enter
    if (!hg_try_enter(&h->guard, &op))
        return RB_ECLOSED;
    if (h->inner->tail == h->inner->head) {
        hg_leave(&op);
        return RB_EEMPTY;
    }
    *len = (size_t)(unsigned char)p[-1];
    hg_leave(&op);
    return RB_OK;
}

/* Case 3: an alias assigned (not initialised) from &inner->field before the
 * enter. */
int rb_count_drop(ringbuf *h)
{
    hg_op op;
    unsigned long *drops;
    drops = &h->inner->drops; // expect-warning: handleguard-access-before-enter
    if (!hg_try_enter(&h->guard, &op))
        return RB_ECLOSED;
    (*drops)++;
    hg_leave(&op);
    return RB_OK;
}

/* Case 4: the alias is taken while entered, but used after leaving. */
int rb_push(ringbuf *h, const void *rec, size_t n)
{
    hg_op op;
    if (!hg_try_enter(&h->guard, &op))
        return RB_ECLOSED;
    struct rb_inner *in = h->inner;
    if (in->size - (in->tail - in->head) < n + RB_HDR) {
        hg_leave(&op);
        return RB_EFULL;
    }
    size_t at = in->tail % in->size;
    hg_leave(&op);
    memcpy(in->buf + at + RB_HDR, rec, n); // expect-warning: handleguard-access-before-enter
    return RB_OK;
}

/* Case 5: an alias of an inner array element, taken before entering and
 * first used inside the entered region: reported at the read only. */
int rb_clear(ringbuf *h)
{
    hg_op op;
    char *first = &h->inner->buf[0]; // expect-warning: handleguard-access-before-enter
    if (!hg_try_enter(&h->guard, &op))
        return RB_ECLOSED;
    *first = '\0';
    h->inner->head = h->inner->tail = 0;
    hg_leave(&op);
    return RB_OK;
}

/* Case 6: the alias is re-pointed after leaving and then dereferenced. */
int rb_skip(ringbuf *h, size_t n)
{
    hg_op op;
    if (!hg_try_enter(&h->guard, &op))
        return RB_ECLOSED;
    size_t used = h->inner->tail - h->inner->head;
    hg_leave(&op);
    if (n > used)
        return RB_EEMPTY;
    size_t *headp = &h->inner->head; // expect-warning: handleguard-access-before-enter
    *headp += n;
    return RB_OK;
}
