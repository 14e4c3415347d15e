/*
 * cli_hash.h - SHA-256 (nettle) for the result cache: of byte strings, of
 * files, and a run-wide memo of file hashes so that a header shared by many
 * translation units is read and hashed once per run.  The memo is
 * thread-safe.
 */
#ifndef HG_CHECKER_CLI_HASH_H
#define HG_CHECKER_CLI_HASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HG_HASH_HEX_LEN 64

/* An incremental SHA-256; fields are length-prefixed so that
 * ("ab", "c") and ("a", "bc") differ. */
typedef struct hg_hasher hg_hasher;

hg_hasher *hg_hasher_new(void);
void hg_hasher_bytes(hg_hasher *h, const void *data, size_t len);
void hg_hasher_field(hg_hasher *h, const char *s);   /* length, then bytes (NULL: a marker) */
/* Writes HG_HASH_HEX_LEN hex digits and a NUL to hex, and frees h. */
void hg_hasher_finish(hg_hasher *h, char *hex);

/* SHA-256 of a regular file's contents; false when it cannot be read. */
bool hg_hash_file(const char *path, char *hex, uint64_t *size);

typedef struct hg_hash_memo hg_hash_memo;

hg_hash_memo *hg_hash_memo_new(void);
void hg_hash_memo_free(hg_hash_memo *m);
/* hg_hash_file through the memo: each path is hashed at most once. */
bool hg_hash_memo_file(hg_hash_memo *m, const char *path, char *hex, uint64_t *size);

#endif /* HG_CHECKER_CLI_HASH_H */
