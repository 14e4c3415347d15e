/*
 * cli_hash.c - SHA-256 over strings and files with nettle, and the
 * thread-safe memo of file hashes (a chained hash table under a mutex; the
 * hashing itself runs outside the lock).
 */
#define _POSIX_C_SOURCE 200809L

#include "cli_hash.h"

#include <fcntl.h>
#include <nettle/sha2.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_path.h"

struct hg_hasher {
  struct sha256_ctx ctx;
};

hg_hasher *hg_hasher_new(void) {
  hg_hasher *h = malloc(sizeof *h);
  if (!h) abort();
  sha256_init(&h->ctx);
  return h;
}

void hg_hasher_bytes(hg_hasher *h, const void *data, size_t len) {
  sha256_update(&h->ctx, len, data);
}

void hg_hasher_field(hg_hasher *h, const char *s) {
  uint64_t n = s ? (uint64_t)strlen(s) : UINT64_MAX;
  unsigned char len[8];
  for (int i = 0; i < 8; i++) len[i] = (unsigned char)(n >> (8 * i));
  hg_hasher_bytes(h, len, sizeof len);
  if (s) hg_hasher_bytes(h, s, (size_t)n);
}

static void hg__hex(const unsigned char *d, size_t n, char *hex) {
  static const char digits[] = "0123456789abcdef";
  for (size_t i = 0; i < n; i++) {
    hex[2 * i] = digits[d[i] >> 4];
    hex[2 * i + 1] = digits[d[i] & 15];
  }
  hex[2 * n] = '\0';
}

void hg_hasher_finish(hg_hasher *h, char *hex) {
  unsigned char d[SHA256_DIGEST_SIZE];
  sha256_digest(&h->ctx, sizeof d, d);
  hg__hex(d, sizeof d, hex);
  free(h);
}

bool hg_hash_file(const char *path, char *hex, uint64_t *size) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    return false;
  }
  struct sha256_ctx ctx;
  sha256_init(&ctx);
  unsigned char buf[65536];
  uint64_t total = 0;
  ssize_t got;
  while ((got = read(fd, buf, sizeof buf)) > 0) {
    sha256_update(&ctx, (size_t)got, buf);
    total += (uint64_t)got;
  }
  close(fd);
  if (got < 0) return false;
  unsigned char d[SHA256_DIGEST_SIZE];
  sha256_digest(&ctx, sizeof d, d);
  hg__hex(d, sizeof d, hex);
  if (size) *size = total;
  return true;
}

/* ---- the memo --------------------------------------------------------------------- */

#define HG__MEMO_BUCKETS 4096

typedef struct hg__memo_entry {
  struct hg__memo_entry *next;
  char *path;
  bool ok;
  uint64_t size;
  char hex[HG_HASH_HEX_LEN + 1];
} hg__memo_entry;

struct hg_hash_memo {
  pthread_mutex_t lock;
  hg__memo_entry *buckets[HG__MEMO_BUCKETS];
};

hg_hash_memo *hg_hash_memo_new(void) {
  hg_hash_memo *m = calloc(1, sizeof *m);
  if (!m) abort();
  pthread_mutex_init(&m->lock, NULL);
  return m;
}

void hg_hash_memo_free(hg_hash_memo *m) {
  if (!m) return;
  for (size_t i = 0; i < HG__MEMO_BUCKETS; i++) {
    for (hg__memo_entry *e = m->buckets[i], *next; e; e = next) {
      next = e->next;
      free(e->path);
      free(e);
    }
  }
  pthread_mutex_destroy(&m->lock);
  free(m);
}

static size_t hg__bucket(const char *s) {
  uint64_t h = 1469598103934665603ull;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
  return (size_t)(h % HG__MEMO_BUCKETS);
}

static hg__memo_entry *hg__memo_find(hg_hash_memo *m, size_t b, const char *path) {
  for (hg__memo_entry *e = m->buckets[b]; e; e = e->next)
    if (strcmp(e->path, path) == 0) return e;
  return NULL;
}

static bool hg__memo_answer(const hg__memo_entry *e, char *hex, uint64_t *size) {
  if (e->ok) {
    memcpy(hex, e->hex, sizeof e->hex);
    if (size) *size = e->size;
  }
  return e->ok;
}

bool hg_hash_memo_file(hg_hash_memo *m, const char *path, char *hex, uint64_t *size) {
  size_t b = hg__bucket(path);
  pthread_mutex_lock(&m->lock);
  hg__memo_entry *e = hg__memo_find(m, b, path);
  bool ok = e && hg__memo_answer(e, hex, size);
  pthread_mutex_unlock(&m->lock);
  if (e) return ok;
  hg__memo_entry *n = calloc(1, sizeof *n);
  if (!n) abort();
  n->path = hg_xstrdup(path);
  n->ok = hg_hash_file(path, n->hex, &n->size);
  ok = hg__memo_answer(n, hex, size);
  pthread_mutex_lock(&m->lock);
  if (hg__memo_find(m, b, path)) {   /* another thread got there first */
    free(n->path);
    free(n);
  } else {
    n->next = m->buckets[b];
    m->buckets[b] = n;
  }
  pthread_mutex_unlock(&m->lock);
  return ok;
}
