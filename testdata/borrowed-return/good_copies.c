/* borrowed-return must stay quiet: what leaves the op is an owned copy
 * (strdup/strndup/malloc made while entered), a non-pointer value read from
 * inner state, bytes copied into the caller's buffer, the handle itself, a
 * static string chosen by an inner value, NULL or a literal, a pointer into
 * the caller's own buffer; and static helpers (not exported) may return
 * borrows to their callers. */
// expect-no-diagnostics
#define _DEFAULT_SOURCE
#include <handleguard.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef enum { AC_OK = 0, AC_ECLOSED = -1, AC_ENOMEM = -2, AC_ERANGE = -3 } ac_err;

enum ac_state { AC_IDLE, AC_RUNNING, AC_STOPPED };

struct ac_inner {
    char *owner;
    char note[128];
    enum ac_state state;
    int64_t balance;
    size_t nops;
};

typedef struct account {
    hg_guard guard;
    struct ac_inner *inner;
} account;

struct ac_summary {
    char *owner; /* owned by the caller */
    int64_t balance;
};

static const char *const ac_state_names[] = { "idle", "running", "stopped" };

/* A helper may hand a borrow to its (entered) caller. */
static const char *ac_owner_ref(const struct ac_inner *in)
{
    return in->owner;
}

/* Case 1: a strdup copy made while entered, returned after leaving. */
char *ac_owner(account *a)
{
    hg_op op;
    if (!hg_try_enter(&a->guard, &op))
        return NULL;
    char *copy = strdup(ac_owner_ref(a->inner));
    hg_leave(&op);
    return copy;
}

/* Case 2: an integer read from inner state is a copy. */
int64_t ac_balance(account *a)
{
    hg_op op;
    if (!hg_try_enter(&a->guard, &op))
        return 0;
    int64_t b = a->inner->balance;
    hg_leave(&op);
    return b;
}

/* Case 3: an owned copy stored through an out-parameter, plus a size. */
int ac_note(account *a, char **out, size_t *len)
{
    hg_op op;
    if (!hg_try_enter(&a->guard, &op))
        return AC_ECLOSED;
    *len = strnlen(a->inner->note, sizeof a->inner->note);
    *out = strndup(a->inner->note, sizeof a->inner->note);
    hg_leave(&op);
    return *out ? AC_OK : AC_ENOMEM;
}

/* Case 4: bytes copied into the caller's buffer; the end pointer points into
 * that buffer, not into inner state. */
int ac_note_into(account *a, char *dst, size_t cap, char **end)
{
    hg_op op;
    if (cap == 0)
        return AC_ERANGE;
    if (!hg_try_enter(&a->guard, &op))
        return AC_ECLOSED;
    size_t n = strnlen(a->inner->note, sizeof a->inner->note);
    if (n >= cap)
        n = cap - 1;
    memcpy(dst, a->inner->note, n);
    hg_leave(&op);
    dst[n] = '\0';
    *end = dst + n;
    return AC_OK;
}

/* Case 5: returning the handle itself is not a borrow of inner state. */
account *ac_touch(account *a)
{
    hg_op op;
    if (!hg_try_enter(&a->guard, &op))
        return NULL;
    a->inner->nops++;
    hg_leave(&op);
    return a;
}

/* Case 6: a static string chosen by an inner value. */
const char *ac_state_name(account *a)
{
    hg_op op;
    if (!hg_try_enter(&a->guard, &op))
        return "closed";
    enum ac_state s = a->inner->state;
    hg_leave(&op);
    return ac_state_names[s];
}

/* Case 7: a freshly allocated summary filled with copies. */
struct ac_summary *ac_summarize(account *a)
{
    hg_op op;
    struct ac_summary *s = malloc(sizeof *s);
    if (!s)
        return NULL;
    if (!hg_try_enter(&a->guard, &op)) {
        free(s);
        return NULL;
    }
    s->owner = strdup(a->inner->owner);
    s->balance = a->inner->balance;
    hg_leave(&op);
    if (!s->owner) {
        free(s);
        return NULL;
    }
    return s;
}

/* Case 8: an out struct filled with copies. */
int ac_fill_summary(account *a, struct ac_summary *out)
{
    hg_op op;
    if (!hg_try_enter(&a->guard, &op))
        return AC_ECLOSED;
    out->owner = strdup(a->inner->owner);
    out->balance = a->inner->balance;
    hg_leave(&op);
    return out->owner ? AC_OK : AC_ENOMEM;
}

/* Case 9: NULL on one path, an owned malloc copy on the other. */
char *ac_note_copy_if_running(account *a)
{
    hg_op op;
    char *copy = NULL;
    if (!hg_try_enter(&a->guard, &op))
        return NULL;
    if (a->inner->state == AC_RUNNING) {
        size_t n = strlen(a->inner->note) + 1;
        copy = malloc(n);
        if (copy)
            memcpy(copy, a->inner->note, n);
    }
    hg_leave(&op);
    return copy;
}
