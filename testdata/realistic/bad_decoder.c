#define _POSIX_C_SOURCE 200809L
/* A record decoder handle: feed bytes, get callbacks per record, walk the
 * decoded records with an iterator.  Error handling uses goto cleanup, and
 * callbacks into user code run after the op has left.  This variant carries
 * one bug per marked line. */
#include <handleguard.h>
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef int (*dec_record_cb)(void *user, const char *key, const char *value);

struct dec_record {
    char *key;
    char *value;
    struct dec_record *next;
};

struct dec_state {
    char *buf;
    size_t len, cap;
    struct dec_record *head;
    size_t nrecords;
    dec_record_cb cb;
    void *cb_user;
    int last_error;
};

typedef struct decoder {
    hg_guard guard;
    struct dec_state *st;
} decoder;

typedef struct dec_iter {
    decoder *d;
    size_t pos;
} dec_iter;

static int grow(struct dec_state *st, size_t need) {
    if (st->len + need <= st->cap)
        return 0;
    size_t cap = st->cap ? st->cap * 2 : 256;
    while (cap < st->len + need)
        cap *= 2;
    char *nb = realloc(st->buf, cap);
    if (!nb)
        return -ENOMEM;
    st->buf = nb;
    st->cap = cap;
    return 0;
}

static struct dec_record *find_record(struct dec_state *st, const char *key) {
    for (struct dec_record *r = st->head; r; r = r->next)
        if (strcmp(r->key, key) == 0)
            return r;
    return NULL;
}

decoder *dec_new(dec_record_cb cb, void *user) {
    decoder *d = malloc(sizeof *d);
    if (!d)
        return NULL;
    hg_guard_init(&d->guard);
    d->st = calloc(1, sizeof *d->st);
    if (!d->st)
        goto fail;
    d->st->cb = cb;
    d->st->cb_user = user;
    return d;
fail:
    free(d);
    return NULL;
}

int dec_feed(decoder *d, const char *data, size_t n) {
    hg_op op;
    int rc = 0;
    char *key = NULL, *value = NULL;
    dec_record_cb cb;
    void *user;

    if (!hg_try_enter(&d->guard, &op))
        return -ESHUTDOWN;
    rc = grow(d->st, n);
    if (rc < 0)
        return rc; // expect-warning: handleguard-op-not-left
    memcpy(d->st->buf + d->st->len, data, n);
    d->st->len += n;

    char *eq = memchr(d->st->buf, '=', d->st->len);
    char *nl = memchr(d->st->buf, '\n', d->st->len);
    if (!eq || !nl || nl < eq)
        goto out;
    key = strndup(d->st->buf, (size_t)(eq - d->st->buf));
    value = strndup(eq + 1, (size_t)(nl - eq - 1));
    if (!key || !value) {
        rc = -ENOMEM;
        goto out;
    }
    struct dec_record *r = calloc(1, sizeof *r);
    if (!r) {
        rc = -ENOMEM;
        goto out;
    }
    r->key = strdup(key);
    r->value = strdup(value);
    r->next = d->st->head;
    d->st->head = r;
    d->st->nrecords++;
    size_t used = (size_t)(nl - d->st->buf) + 1;
    memmove(d->st->buf, d->st->buf + used, d->st->len - used);
    d->st->len -= used;
out:
    cb = d->st->cb;
    user = d->st->cb_user;
    if (rc < 0)
        d->st->last_error = rc;
    hg_leave(&op);
    /* user code runs outside the op: it may block or call back into us */
    if (rc == 0 && key && value && cb)
        rc = cb(user, key, value);
    free(key);
    free(value);
    return rc;
}

int dec_get(decoder *d, const char *key, char **value_out) {
    hg_op op;
    if (!value_out)
        return -EINVAL;
    *value_out = NULL;
    if (!hg_try_enter(&d->guard, &op))
        return -ESHUTDOWN;
    struct dec_record *r = find_record(d->st, key);
    int rc = -ENOENT;
    if (r) {
        *value_out = r->value; // expect-warning: handleguard-borrowed-return
        rc = 0;
    }
    hg_leave(&op);
    return rc;
}

size_t dec_count(decoder *d) {
    hg_op op;
    bool ok = hg_try_enter(&d->guard, &op); // expect-warning: handleguard-enter-unchecked
    size_t n = d->st->nrecords;
    (void)ok;
    hg_leave(&op);
    return n;
}

void dec_iter_init(dec_iter *it, decoder *d) {
    it->d = d;
    it->pos = 0;
}

/* Copies the next record's key into buf; false at the end or on shutdown. */
bool dec_iter_next(dec_iter *it, char *buf, size_t buflen) {
    hg_op op;
    bool found = false;
    struct dec_record *hit = NULL;
    if (!hg_try_enter(&it->d->guard, &op))
        return false;
    size_t i = 0;
    for (struct dec_record *r = it->d->st->head; r; r = r->next, i++) {
        if (i == it->pos) {
            hit = r;
            found = true;
            break;
        }
    }
    hg_leave(&op);
    if (hit) {
        strncpy(buf, hit->key, buflen - 1); // expect-warning: handleguard-access-before-enter
        buf[buflen - 1] = '\0';
    }
    if (found)
        it->pos++;
    return found;
}

int dec_last_error(decoder *d) {
    hg_op op;
    if (!hg_try_enter(&d->guard, &op))
        return -ESHUTDOWN;
    hg_leave(&op);
    return d->st->last_error; // expect-warning: handleguard-access-before-enter
}

static void clear_buf(decoder *d) {
    d->st->len = 0;
}

void dec_reset(decoder *d) {
    hg_op op;
    clear_buf(d); // expect-warning: handleguard-access-before-enter
    if (!hg_try_enter(&d->guard, &op))
        return;
    d->st->last_error = 0;
    hg_leave(&op);
}

int dec_feed_fd(decoder *d, int fd) {
    hg_op op;
    if (!hg_try_enter(&d->guard, &op))
        return -ESHUTDOWN;
    int rc = grow(d->st, 4096);
    if (rc == 0) {
        ssize_t n = read(fd, d->st->buf + d->st->len, 4096); // expect-warning: handleguard-blocking-while-entered
        if (n > 0)
            d->st->len += (size_t)n;
        rc = n < 0 ? -EIO : 0;
    }
    hg_leave(&op);
    return rc;
}

const char *dec_first_key(decoder *d) {
    hg_op op;
    if (!hg_try_enter(&d->guard, &op))
        return NULL;
    const char *k = d->st->head ? d->st->head->key : NULL;
    hg_leave(&op);
    return k; // expect-warning: handleguard-borrowed-return
}

void dec_free(decoder *d) {
    if (!d)
        return;
    free(d->st->buf); // expect-warning: handleguard-free-not-gated
    if (hg_begin_free(&d->guard, HG_FREE_DEADLINE_MS) == HG_DRAINED) {
        struct dec_record *r = d->st->head;
        while (r) {
            struct dec_record *next = r->next;
            free(r->key);
            free(r->value);
            free(r);
            r = next;
        }
        free(d->st);
        d->st = NULL;
    }
    free(d); // expect-warning: handleguard-box-freed
}
