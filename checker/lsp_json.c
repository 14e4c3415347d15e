/*
 * lsp_json.c - Content-Length framing over a file descriptor, conversions
 * between byte offsets and LSP positions, and file URIs, for the language
 * server (checker/lsp.c).
 */
#define _POSIX_C_SOURCE 200809L

#include "lsp_json.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

/* A header block larger than this without its blank line is not LSP. */
#define HG__MAX_HEADER ((size_t)64 << 10)

static void *hg__xrealloc(void *p, size_t n) {
  p = realloc(p, n ? n : 1);
  if (!p) abort();
  return p;
}

/* ---- framing ------------------------------------------------------------------- */

void hg_lsp_reader_init(hg_lsp_reader *r, int fd) {
  memset(r, 0, sizeof *r);
  r->fd = fd;
}

void hg_lsp_reader_free(hg_lsp_reader *r) {
  free(r->buf);
  memset(r, 0, sizeof *r);
}

static void hg__consume(hg_lsp_reader *r, size_t n) {
  if (n > r->len) n = r->len;
  memmove(r->buf, r->buf + n, r->len - n);
  r->len -= n;
}

/* The end of the header block (just past its blank line) and where the
 * blank line starts; false when it is not complete yet.  "\r\n" is the
 * protocol's line end; a bare "\n" is accepted too. */
static bool hg__header_end(const hg_lsp_reader *r, size_t *hdr_len, size_t *body_start) {
  for (size_t i = 0; i < r->len; i++) {
    if (r->buf[i] != '\n') continue;
    /* a line end at i; is the next line empty? */
    size_t j = i + 1;
    if (j < r->len && r->buf[j] == '\r') j++;
    if (j < r->len && r->buf[j] == '\n') {
      *hdr_len = i + 1;
      *body_start = j + 1;
      return true;
    }
    if (i == 0 || (i == 1 && r->buf[0] == '\r')) {   /* an empty first line */
      *hdr_len = 0;
      *body_start = i + 1;
      return true;
    }
  }
  return false;
}

/* Content-Length from the header lines in buf[0, n); -1 when missing or
 * malformed (repeated with different values, not a number). */
static long long hg__content_length(const char *buf, size_t n) {
  long long found = -1;
  size_t i = 0;
  while (i < n) {
    size_t e = i;
    while (e < n && buf[e] != '\n') e++;
    size_t le = e;
    if (le > i && buf[le - 1] == '\r') le--;
    static const char name[] = "content-length:";
    size_t nl = sizeof name - 1;
    if (le - i >= nl && strncasecmp(buf + i, name, nl) == 0) {
      size_t p = i + nl;
      while (p < le && (buf[p] == ' ' || buf[p] == '\t')) p++;
      size_t q = le;
      while (q > p && (buf[q - 1] == ' ' || buf[q - 1] == '\t')) q--;
      if (q == p || q - p > 18) return -1;
      long long v = 0;
      for (size_t k = p; k < q; k++) {
        if (buf[k] < '0' || buf[k] > '9') return -1;
        v = v * 10 + (buf[k] - '0');
      }
      if (found >= 0 && found != v) return -1;
      found = v;
    }
    i = e + 1;
  }
  return found;
}

typedef enum { HG__NEED_MORE, HG__GOT_MESSAGE, HG__GOT_BAD } hg__parse_result;

static hg__parse_result hg__try_parse(hg_lsp_reader *r, char **body, size_t *len) {
  if (r->skip) {
    size_t k = r->skip < r->len ? r->skip : r->len;
    hg__consume(r, k);
    r->skip -= k;
    if (r->skip) return HG__NEED_MORE;
  }
  size_t hdr_len, body_start;
  if (!hg__header_end(r, &hdr_len, &body_start)) {
    if (r->len > HG__MAX_HEADER) {
      r->len = 0;
      return HG__GOT_BAD;
    }
    return HG__NEED_MORE;
  }
  long long cl = hg__content_length(r->buf, hdr_len);
  if (cl < 0) {
    hg__consume(r, body_start);
    return HG__GOT_BAD;
  }
  if ((unsigned long long)cl > HG_LSP_MAX_BODY) {
    hg__consume(r, body_start);
    size_t have = r->len < (size_t)cl ? r->len : (size_t)cl;
    hg__consume(r, have);
    r->skip = (size_t)cl - have;
    return HG__GOT_BAD;
  }
  if (r->len - body_start < (size_t)cl) return HG__NEED_MORE;
  char *b = hg__xrealloc(NULL, (size_t)cl + 1);
  memcpy(b, r->buf + body_start, (size_t)cl);
  b[cl] = '\0';
  hg__consume(r, body_start + (size_t)cl);
  *body = b;
  *len = (size_t)cl;
  return HG__GOT_MESSAGE;
}

bool hg_lsp_reader_has_message(const hg_lsp_reader *r) {
  if (r->skip) return false;
  size_t hdr_len, body_start;
  if (!hg__header_end(r, &hdr_len, &body_start)) return r->len > HG__MAX_HEADER;
  long long cl = hg__content_length(r->buf, hdr_len);
  if (cl < 0 || (unsigned long long)cl > HG_LSP_MAX_BODY) return true;   /* a bad header to report */
  return r->len - body_start >= (size_t)cl;
}

static long long hg__now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

hg_lsp_read_status hg_lsp_read(hg_lsp_reader *r, int timeout_ms, char **body, size_t *len) {
  *body = NULL;
  *len = 0;
  long long deadline = timeout_ms >= 0 ? hg__now_ms() + timeout_ms : 0;
  for (;;) {
    hg__parse_result p = hg__try_parse(r, body, len);
    if (p == HG__GOT_MESSAGE) return HG_LSP_READ_MESSAGE;
    if (p == HG__GOT_BAD) return HG_LSP_READ_BAD_HEADER;
    if (r->eof) {
      r->len = 0;
      return HG_LSP_READ_EOF;
    }
    if (timeout_ms >= 0) {
      long long left = deadline - hg__now_ms();
      if (left < 0) left = 0;
      struct pollfd pfd = {r->fd, POLLIN, 0};
      int pr = poll(&pfd, 1, (int)left);
      if (pr < 0 && errno == EINTR) continue;
      if (pr == 0) return HG_LSP_READ_TIMEOUT;
    }
    if (r->cap - r->len < 65536) {
      r->cap = r->cap ? r->cap * 2 : 131072;
      r->buf = hg__xrealloc(r->buf, r->cap);
    }
    ssize_t n = read(r->fd, r->buf + r->len, r->cap - r->len);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n <= 0) {
      r->eof = true;
      continue;
    }
    r->len += (size_t)n;
  }
}

static bool hg__write_all(int fd, const char *p, size_t n) {
  while (n) {
    ssize_t w = write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    p += w;
    n -= (size_t)w;
  }
  return true;
}

bool hg_lsp_write(int fd, const json_t *msg) {
  char *text = json_dumps(msg, JSON_COMPACT);
  if (!text) return false;
  size_t n = strlen(text);
  char head[64];
  int hn = snprintf(head, sizeof head, "Content-Length: %zu\r\n\r\n", n);
  /* one write for small messages, so a reader never sees a lone header */
  char *all = hg__xrealloc(NULL, (size_t)hn + n);
  memcpy(all, head, (size_t)hn);
  memcpy(all + hn, text, n);
  bool ok = hg__write_all(fd, all, (size_t)hn + n);
  free(all);
  free(text);
  return ok;
}

/* ---- UTF-8 ------------------------------------------------------------------------ */

/* Decodes one character at p (avail > 0 bytes); returns its length, 1 for a
 * byte that does not start a valid sequence (*cp = 0xFFFD then). */
static size_t hg__utf8_next(const unsigned char *p, size_t avail, uint32_t *cp) {
  unsigned char c = p[0];
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  size_t n;
  uint32_t v, min;
  if (c >= 0xC2 && c <= 0xDF) n = 2, v = c & 0x1F, min = 0x80;
  else if (c >= 0xE0 && c <= 0xEF) n = 3, v = c & 0x0F, min = 0x800;
  else if (c >= 0xF0 && c <= 0xF4) n = 4, v = c & 0x07, min = 0x10000;
  else goto bad;
  if (avail < n) goto bad;
  for (size_t k = 1; k < n; k++) {
    if ((p[k] & 0xC0) != 0x80) goto bad;
    v = (v << 6) | (p[k] & 0x3F);
  }
  if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) goto bad;
  *cp = v;
  return n;
bad:
  *cp = 0xFFFD;
  return 1;
}

static uint32_t hg__units(uint32_t cp, size_t bytes, hg_lsp_encoding enc) {
  switch (enc) {
  case HG_LSP_UTF8: return (uint32_t)bytes;
  case HG_LSP_UTF32: return 1;
  default: return cp >= 0x10000 ? 2 : 1;
  }
}

json_t *hg_lsp_string(const char *s) {
  if (!s) s = "";
  size_t n = strlen(s);
  const unsigned char *t = (const unsigned char *)s;
  /* invalid bytes become U+FFFD (3 bytes each) */
  char *out = hg__xrealloc(NULL, 3 * n + 1);
  size_t k = 0;
  for (size_t i = 0; i < n;) {
    uint32_t cp;
    size_t len = hg__utf8_next(t + i, n - i, &cp);
    if (cp == 0xFFFD && len == 1) {
      memcpy(out + k, "\xEF\xBF\xBD", 3);
      k += 3;
    } else {
      memcpy(out + k, s + i, len);
      k += len;
    }
    i += len;
  }
  json_t *j = json_stringn(out, k);
  free(out);
  return j ? j : json_string("");
}

/* ---- positions -------------------------------------------------------------------- */

const char *hg_lsp_encoding_name(hg_lsp_encoding e) {
  return e == HG_LSP_UTF8 ? "utf-8" : e == HG_LSP_UTF32 ? "utf-32" : "utf-16";
}

bool hg_lsp_encoding_from_name(const char *name, hg_lsp_encoding *out) {
  if (!name) return false;
  if (strcmp(name, "utf-16") == 0) return *out = HG_LSP_UTF16, true;
  if (strcmp(name, "utf-8") == 0) return *out = HG_LSP_UTF8, true;
  if (strcmp(name, "utf-32") == 0) return *out = HG_LSP_UTF32, true;
  return false;
}

void hg_lsp_lines_init(hg_lsp_lines *l, const char *text, size_t len) {
  l->text = text;
  l->len = len;
  size_t cap = 256;
  l->start = hg__xrealloc(NULL, cap * sizeof *l->start);
  l->n = 0;
  l->start[l->n++] = 0;
  for (size_t i = 0; i < len; i++) {
    char c = text[i];
    if (c != '\n' && c != '\r') continue;
    if (c == '\r' && i + 1 < len && text[i + 1] == '\n') i++;
    if (l->n == cap) l->start = hg__xrealloc(l->start, (cap *= 2) * sizeof *l->start);
    l->start[l->n++] = i + 1;
  }
}

void hg_lsp_lines_free(hg_lsp_lines *l) {
  free(l->start);
  memset(l, 0, sizeof *l);
}

/* The end of line i's text, before its terminator. */
static size_t hg__line_end(const hg_lsp_lines *l, size_t i) {
  if (i + 1 >= l->n) return l->len;
  size_t e = l->start[i + 1];
  if (e > l->start[i] && l->text[e - 1] == '\n') e--;
  if (e > l->start[i] && l->text[e - 1] == '\r') e--;
  return e;
}

/* The line holding byte `off`. */
static size_t hg__line_of(const hg_lsp_lines *l, size_t off) {
  size_t lo = 0, hi = l->n;   /* start[lo] <= off < start[hi] */
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if (l->start[mid] <= off) lo = mid;
    else hi = mid;
  }
  return lo;
}

hg_lsp_pos hg_lsp_pos_from_offset(const hg_lsp_lines *l, size_t off, hg_lsp_encoding enc) {
  if (off > l->len) off = l->len;
  size_t line = hg__line_of(l, off);
  size_t end = hg__line_end(l, line);
  if (off > end) off = end;
  const unsigned char *t = (const unsigned char *)l->text;
  uint32_t units = 0;
  for (size_t p = l->start[line]; p < off;) {
    uint32_t cp;
    size_t n = hg__utf8_next(t + p, end - p, &cp);
    if (p + n > off) break;
    units += hg__units(cp, n, enc);
    p += n;
  }
  hg_lsp_pos r = {(uint32_t)line, units};
  return r;
}

size_t hg_lsp_offset_from_pos(const hg_lsp_lines *l, hg_lsp_pos pos, hg_lsp_encoding enc) {
  if (pos.line >= l->n) return l->len;
  size_t end = hg__line_end(l, pos.line);
  const unsigned char *t = (const unsigned char *)l->text;
  uint32_t units = 0;
  size_t p = l->start[pos.line];
  while (p < end && units < pos.character) {
    uint32_t cp;
    size_t n = hg__utf8_next(t + p, end - p, &cp);
    uint32_t u = hg__units(cp, n, enc);
    if (units + u > pos.character) break;
    units += u;
    p += n;
  }
  return p;
}

size_t hg_lsp_offset_from_line_col(const hg_lsp_lines *l, uint32_t line, uint32_t col) {
  if (line == 0) return 0;
  if (line > l->n) return l->len;
  size_t s = l->start[line - 1], e = hg__line_end(l, line - 1);
  size_t off = s + (col ? col - 1 : 0);
  return off < e ? off : e;
}

static bool hg__word_char(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$';
}

size_t hg_lsp_token_end(const hg_lsp_lines *l, size_t off) {
  if (off >= l->len) return l->len;
  const unsigned char *t = (const unsigned char *)l->text;
  if (t[off] == '\n' || t[off] == '\r') return off;
  if (hg__word_char(t[off])) {
    size_t e = off;
    while (e < l->len && hg__word_char(t[e])) e++;
    return e;
  }
  uint32_t cp;
  return off + hg__utf8_next(t + off, l->len - off, &cp);
}

json_t *hg_lsp_pos_json(hg_lsp_pos p) {
  return json_pack("{s:I,s:I}", "line", (json_int_t)p.line, "character", (json_int_t)p.character);
}

json_t *hg_lsp_range_json(const hg_lsp_lines *l, size_t begin, size_t end, hg_lsp_encoding enc) {
  if (end < begin) end = begin;
  return json_pack("{s:o,s:o}", "start", hg_lsp_pos_json(hg_lsp_pos_from_offset(l, begin, enc)), "end",
                   hg_lsp_pos_json(hg_lsp_pos_from_offset(l, end, enc)));
}

bool hg_lsp_pos_parse(const json_t *j, hg_lsp_pos *out) {
  json_t *line = json_object_get(j, "line"), *ch = json_object_get(j, "character");
  if (!json_is_integer(line) || !json_is_integer(ch)) return false;
  json_int_t a = json_integer_value(line), b = json_integer_value(ch);
  if (a < 0 || b < 0 || a > UINT32_MAX || b > UINT32_MAX) return false;
  out->line = (uint32_t)a;
  out->character = (uint32_t)b;
  return true;
}

/* ---- URIs ---------------------------------------------------------------------------- */

/* RFC 3986 unreserved characters, and '/' between path segments. */
static bool hg__unreserved(unsigned char c) {
  if (c == '$') return false;
  return hg__word_char(c) || c == '-' || c == '.' || c == '~' || c == '/';
}

char *hg_lsp_uri_from_path(const char *abs_path) {
  size_t n = strlen(abs_path);
  char *u = hg__xrealloc(NULL, 8 + 3 * n + 1);
  char *o = u;
  memcpy(o, "file://", 7);
  o += 7;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)abs_path[i];
    if (hg__unreserved(c)) *o++ = (char)c;
    else o += sprintf(o, "%%%02X", c);
  }
  *o = '\0';
  return u;
}

static int hg__hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

char *hg_lsp_path_from_uri(const char *uri) {
  if (!uri || strncasecmp(uri, "file://", 7) != 0) return NULL;
  const char *p = uri + 7;
  if (strncasecmp(p, "localhost/", 10) == 0) p += 9;
  if (*p != '/') return NULL;
  size_t n = strcspn(p, "?#");
  char *path = hg__xrealloc(NULL, n + 1);
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    if (p[i] == '%') {
      int a = i + 2 < n ? hg__hex(p[i + 1]) : -1, b = a >= 0 ? hg__hex(p[i + 2]) : -1;
      if (a < 0 || b < 0 || (a == 0 && b == 0)) {
        free(path);
        return NULL;
      }
      path[k++] = (char)(a * 16 + b);
      i += 2;
    } else {
      path[k++] = p[i];
    }
  }
  path[k] = '\0';
  return path;
}
