/*
 * lsp_json.h - the transport and text helpers of handleguard-check's
 * language server (checker/lsp.c): JSON-RPC messages framed with
 * `Content-Length:` headers on a file descriptor, positions converted
 * between byte offsets (the model's 1-based line and byte column) and LSP
 * positions (0-based line, character counted in the negotiated encoding:
 * UTF-16 code units by default), and file paths converted to and from
 * `file://` URIs.  No libclang, no model: unit-testable on its own.
 */
#ifndef HG_CHECKER_LSP_JSON_H
#define HG_CHECKER_LSP_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

/* ---- framing ------------------------------------------------------------------- */

/* Largest message body accepted; a larger one is skipped and reported as a
 * parse error. */
#define HG_LSP_MAX_BODY ((size_t)256 << 20)

typedef struct hg_lsp_reader {
  int fd;
  char *buf;
  size_t len, cap;      /* bytes buffered in buf[0, len) */
  bool eof;             /* read() returned 0 or a hard error */
  size_t skip;          /* bytes of an oversized body still to discard */
} hg_lsp_reader;

typedef enum hg_lsp_read_status {
  HG_LSP_READ_MESSAGE = 0,  /* *body holds one message body (NUL-terminated) */
  HG_LSP_READ_TIMEOUT,      /* no complete message within the timeout */
  HG_LSP_READ_EOF,          /* the stream ended (a partial message is dropped) */
  HG_LSP_READ_BAD_HEADER,   /* a header block without a usable Content-Length,
                               or a body over HG_LSP_MAX_BODY: the block was
                               consumed; reply with a parse error */
} hg_lsp_read_status;

void hg_lsp_reader_init(hg_lsp_reader *r, int fd);
void hg_lsp_reader_free(hg_lsp_reader *r);

/* Reads the next message.  `timeout_ms` < 0 blocks; 0 only looks at what is
 * buffered or readable at once.  On HG_LSP_READ_MESSAGE *body is malloc'd
 * (the caller frees it) and *len its length.  Header names are matched
 * without regard to case; headers other than Content-Length (e.g.
 * Content-Type) are ignored. */
hg_lsp_read_status hg_lsp_read(hg_lsp_reader *r, int timeout_ms, char **body, size_t *len);

/* True when a complete message is buffered (no I/O). */
bool hg_lsp_reader_has_message(const hg_lsp_reader *r);

/* Writes one message (compact JSON, UTF-8) with its header.  False when the
 * peer is gone. */
bool hg_lsp_write(int fd, const json_t *msg);

/* A JSON string of `s` (NULL: ""); bytes that are not valid UTF-8 become
 * U+FFFD (jansson refuses them). */
json_t *hg_lsp_string(const char *s);

/* ---- positions ------------------------------------------------------------------ */

typedef enum hg_lsp_encoding {
  HG_LSP_UTF16 = 0,     /* LSP's default */
  HG_LSP_UTF8,          /* bytes */
  HG_LSP_UTF32,         /* code points */
} hg_lsp_encoding;

const char *hg_lsp_encoding_name(hg_lsp_encoding e);   /* "utf-16", ... */
/* False for a name the server does not support. */
bool hg_lsp_encoding_from_name(const char *name, hg_lsp_encoding *out);

/* Line starts of a text; lines end at "\n", "\r\n" or "\r" (as in LSP and
 * in clang). */
typedef struct hg_lsp_lines {
  const char *text;
  size_t len;
  size_t *start;        /* start[i]: byte offset of line i (0-based) */
  size_t n;             /* number of lines (>= 1) */
} hg_lsp_lines;

void hg_lsp_lines_init(hg_lsp_lines *l, const char *text, size_t len);
void hg_lsp_lines_free(hg_lsp_lines *l);

typedef struct hg_lsp_pos {
  uint32_t line;        /* 0-based */
  uint32_t character;   /* 0-based, in the encoding's units */
} hg_lsp_pos;

/* The position of byte `off` (clamped to the text; an offset inside a line
 * terminator or inside a multi-byte character counts as its start).  Bytes
 * that are not valid UTF-8 count as one unit each. */
hg_lsp_pos hg_lsp_pos_from_offset(const hg_lsp_lines *l, size_t off, hg_lsp_encoding enc);

/* The byte offset of an LSP position; a character past the end of its line
 * is the end of the line (before its terminator), a line past the end is
 * the end of the text, a position inside a surrogate pair is the start of
 * its character. */
size_t hg_lsp_offset_from_pos(const hg_lsp_lines *l, hg_lsp_pos p, hg_lsp_encoding enc);

/* The byte offset of a 1-based line and 1-based byte column (the model's
 * locations), clamped to the end of that line. */
size_t hg_lsp_offset_from_line_col(const hg_lsp_lines *l, uint32_t line, uint32_t col);

/* The end of the token starting at `off`: an identifier or number, else one
 * character (a whole UTF-8 sequence); `off` itself at the end of a line. */
size_t hg_lsp_token_end(const hg_lsp_lines *l, size_t off);

/* {"line": .., "character": ..} and {"start": .., "end": ..}. */
json_t *hg_lsp_pos_json(hg_lsp_pos p);
json_t *hg_lsp_range_json(const hg_lsp_lines *l, size_t begin, size_t end, hg_lsp_encoding enc);
/* Reads a Position object; false when it is not one. */
bool hg_lsp_pos_parse(const json_t *j, hg_lsp_pos *out);

/* ---- URIs ------------------------------------------------------------------------ */

/* "file:///a%20b/c.c" for "/a b/c.c" (an absolute path; RFC 3986
 * percent-encoding of everything but unreserved characters and '/'). */
char *hg_lsp_uri_from_path(const char *abs_path);
/* The path of a file: URI (percent-decoded; "file://localhost/..." too), or
 * NULL for another scheme or a malformed URI. */
char *hg_lsp_path_from_uri(const char *uri);

#endif /* HG_CHECKER_LSP_JSON_H */
