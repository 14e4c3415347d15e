/*
 * kvstore - a small thread-safe string key-value store.
 *
 * A kv handle may be shared by any number of threads, and kv_free() may be
 * called at any time, even while other threads are still inside kv_* calls on
 * the same handle. Calls that race with or follow kv_free() do not crash; they
 * fail with KV_ESHUTDOWN (int-returning calls) or NULL (pointer-returning
 * calls). Internally each handle is protected by libhandleguard.
 *
 * Ownership: every pointer this API hands back is a fresh heap copy owned by
 * the caller, never a pointer into the store. Release it with
 * kv_string_free() (or free()). Keys and values passed in are copied; the
 * caller keeps ownership of its arguments.
 */
#ifndef KVSTORE_H
#define KVSTORE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Opaque handle. Created by kv_open(), retired by kv_free(). */
typedef struct kv kv;

/* Status codes. Success is 0, errors are negative. */
typedef enum kv_status {
    KV_OK = 0,
    KV_EINVAL = -1,     /* NULL handle, key or output pointer */
    KV_ENOMEM = -2,     /* allocation failed; the store is unchanged */
    KV_ENOENT = -3,     /* no such key */
    KV_ETIMEDOUT = -4,  /* kv_wait_for_key: the timeout expired first */
    KV_ESHUTDOWN = -5,  /* kv_free() has been called on this handle */
} kv_status;

/* Returns a static, human-readable name for a kv_status. Never NULL. */
const char *kv_strerror(int status);

/*
 * Creates an empty store and stores the new handle in *out.
 * Returns KV_OK, KV_EINVAL (out is NULL) or KV_ENOMEM; on error *out is NULL.
 */
int kv_open(kv **out);

/*
 * Sets key to value, replacing any previous value, and wakes every
 * kv_wait_for_key() caller waiting for key.
 * Returns KV_OK, KV_EINVAL, KV_ENOMEM or KV_ESHUTDOWN.
 */
int kv_put(kv *h, const char *key, const char *value);

/*
 * Returns a copy of the value stored under key, or NULL if the key is absent,
 * memory ran out, or the handle is shutting down.
 * Ownership: the returned string belongs to the caller (kv_string_free).
 */
char *kv_get(kv *h, const char *key);

/* Returns the number of keys (>= 0), KV_EINVAL or KV_ESHUTDOWN. */
int kv_count(kv *h);

/* Removes key. Returns KV_OK, KV_EINVAL, KV_ENOENT or KV_ESHUTDOWN. */
int kv_delete(kv *h, const char *key);

/*
 * Blocks until key is present or timeout_ms milliseconds have passed.
 * On KV_OK, *out_value receives a copy of the value; in every other case it
 * is set to NULL. Ownership: *out_value belongs to the caller
 * (kv_string_free).
 * Returns KV_OK, KV_EINVAL, KV_ENOMEM, KV_ETIMEDOUT, or KV_ESHUTDOWN (the
 * handle was freed before or while waiting; kv_free() wakes waiters).
 * Blocking: do not call it while holding a lock other threads need.
 */
int kv_wait_for_key(kv *h, const char *key, uint32_t timeout_ms,
                    char **out_value);

/*
 * Retires the handle: waits (up to a bounded deadline) for calls already in
 * progress to finish, wakes kv_wait_for_key() callers with KV_ESHUTDOWN and
 * releases the stored data. Safe to call concurrently with any other call,
 * and more than once; later calls on h fail with KV_ESHUTDOWN / NULL.
 * A small fixed-size part of the handle stays allocated for the life of the
 * process so that late callers never touch freed memory.
 * Blocking: may wait for in-flight calls.
 */
void kv_free(kv *h);

/* Releases a string returned by kv_get() or kv_wait_for_key(). NULL is ok. */
void kv_string_free(char *s);

#ifdef __cplusplus
}
#endif

#endif /* KVSTORE_H */
