/*
 * lsp.c - handleguard-check's language server: the JSON-RPC loop, the
 * lifecycle (initialize ... shutdown, exit), document synchronisation and
 * code actions.  Checking a document is lsp_check.c.
 *
 * One thread.  Checks are deferred: a changed document is checked once no
 * message has arrived for `debounce_ms` (didOpen and didSave: at once, after
 * the messages already waiting), so a burst of edits costs one check.  A
 * codeAction request for a document with a pending check runs it first.
 */
#define _POSIX_C_SOURCE 200809L

#include "lsp.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli_config.h"
#include "cli_path.h"
#include "lsp_int.h"

#ifndef HG_VERSION
#define HG_VERSION "unknown"
#endif

/* JSON-RPC and LSP error codes. */
enum {
  HG_RPC_PARSE_ERROR = -32700,
  HG_RPC_INVALID_REQUEST = -32600,
  HG_RPC_METHOD_NOT_FOUND = -32601,
  HG_RPC_INVALID_PARAMS = -32602,
  HG_RPC_SERVER_NOT_INITIALIZED = -32002,
};

#define HG_LSP_DEFAULT_DEBOUNCE_MS 200

long long hg_lsp_now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* ---- sending ---------------------------------------------------------------------- */

static void hg__send(hg_lsp_server *s, json_t *msg) {
  if (!hg_lsp_write(s->out_fd, msg)) fputs("handleguard-check: cannot write to the client\n", s->log);
  json_decref(msg);
}

static void hg__respond(hg_lsp_server *s, json_t *id, json_t *result) {
  hg__send(s, json_pack("{s:s,s:O,s:o}", "jsonrpc", "2.0", "id", id ? id : json_null(),
                        "result", result ? result : json_null()));
}

static void hg__respond_error(hg_lsp_server *s, json_t *id, int code, const char *message) {
  hg__send(s, json_pack("{s:s,s:O,s:{s:i,s:o}}", "jsonrpc", "2.0", "id", id ? id : json_null(), "error",
                        "code", code, "message", hg_lsp_string(message)));
}

void hg_lsp_notify(hg_lsp_server *s, const char *method, json_t *params) {
  hg__send(s, json_pack("{s:s,s:s,s:o}", "jsonrpc", "2.0", "method", method, "params", params));
}

/* ---- documents ---------------------------------------------------------------------- */

static hg_lsp_doc *hg__doc_find(hg_lsp_server *s, const char *uri, size_t *index) {
  for (size_t i = 0; i < s->ndocs; i++)
    if (strcmp(s->docs[i]->uri, uri) == 0) {
      if (index) *index = i;
      return s->docs[i];
    }
  return NULL;
}

static void hg__doc_free(hg_lsp_doc *d) {
  hg_lsp_doc_release(d);
  free(d->uri);
  free(d->path);
  free(d->text);
  free(d);
}

static void hg__doc_set_text(hg_lsp_doc *d, const char *text, size_t len) {
  char *t = malloc(len + 1);
  if (!t) abort();
  memcpy(t, text, len);
  t[len] = '\0';
  free(d->text);
  d->text = t;
  d->len = len;
}

/* The document is to be checked `delay_ms` from now (the latest request
 * wins: an edit postpones a pending check, a save brings it forward). */
static void hg__doc_mark(hg_lsp_doc *d, int delay_ms) {
  d->due_ms = hg_lsp_now_ms() + delay_ms;
  d->dirty = true;
}

/* The document a request or notification names, or NULL. */
static hg_lsp_doc *hg__doc_of(hg_lsp_server *s, json_t *params) {
  const char *uri = json_string_value(json_object_get(json_object_get(params, "textDocument"), "uri"));
  return uri ? hg__doc_find(s, uri, NULL) : NULL;
}

/* Runs the checks whose time has come. */
static void hg__run_due_checks(hg_lsp_server *s) {
  long long now = hg_lsp_now_ms();
  for (size_t i = 0; i < s->ndocs; i++) {
    hg_lsp_doc *d = s->docs[i];
    if (d->dirty && d->due_ms <= now) hg_lsp_check(s, d);
  }
}

/* Milliseconds until the next pending check; -1 when none is pending. */
static int hg__next_due(hg_lsp_server *s) {
  long long best = -1, now = hg_lsp_now_ms();
  for (size_t i = 0; i < s->ndocs; i++) {
    hg_lsp_doc *d = s->docs[i];
    if (!d->dirty) continue;
    long long left = d->due_ms > now ? d->due_ms - now : 0;
    if (best < 0 || left < best) best = left;
  }
  return best > 1000000 ? 1000000 : (int)best;
}

/* ---- initialize ------------------------------------------------------------------------ */

/* The first encoding of general.positionEncodings the server supports;
 * UTF-16 when the client lists none. */
static hg_lsp_encoding hg__pick_encoding(json_t *caps) {
  json_t *list = json_object_get(json_object_get(caps, "general"), "positionEncodings");
  size_t i;
  json_t *v;
  json_array_foreach(list, i, v) {
    hg_lsp_encoding e;
    if (hg_lsp_encoding_from_name(json_string_value(v), &e)) return e;
  }
  return HG_LSP_UTF16;
}

static void hg__read_root(hg_lsp_server *s, json_t *params) {
  const char *uri = json_string_value(json_object_get(params, "rootUri"));
  char *root = uri ? hg_lsp_path_from_uri(uri) : NULL;
  if (!root) {
    json_t *folders = json_object_get(params, "workspaceFolders");
    const char *first = json_string_value(json_object_get(json_array_get(folders, 0), "uri"));
    if (first) root = hg_lsp_path_from_uri(first);
  }
  if (!root) {
    const char *p = json_string_value(json_object_get(params, "rootPath"));
    if (p && *p) root = hg_xstrdup(p);
  }
  free(s->root);
  s->root = root;
}

/* initializationOptions: compilationDatabasePath (a directory, or the
 * compile_commands.json in it; relative to the workspace root),
 * fallbackFlags (an array of compiler arguments), debounceMs. */
static void hg__read_init_options(hg_lsp_server *s, json_t *opts) {
  const char *db = json_string_value(json_object_get(opts, "compilationDatabasePath"));
  if (db && *db) {
    char *abs = hg_path_absolute(db, s->root);
    size_t n = strlen(abs);
    static const char file[] = "compile_commands.json";
    if (n > sizeof file && strcmp(abs + n - (sizeof file - 1), file) == 0 && abs[n - sizeof file] == '/') {
      char *dir = hg_path_dirname(abs);
      free(abs);
      abs = dir;
    }
    free(s->db_dir);
    s->db_dir = abs;
  }
  json_t *flags = json_object_get(opts, "fallbackFlags");
  if (json_is_array(flags)) {
    hg_argv_free(&s->fallback);
    size_t i;
    json_t *v;
    json_array_foreach(flags, i, v)
      if (json_is_string(v)) hg_argv_push(&s->fallback, json_string_value(v));
    s->have_fallback = true;
  }
  json_t *deb = json_object_get(opts, "debounceMs");
  if (json_is_integer(deb) && json_integer_value(deb) >= 0 && json_integer_value(deb) <= 60000)
    s->debounce_ms = (int)json_integer_value(deb);
}

static json_t *hg__capabilities(hg_lsp_server *s) {
  return json_pack("{s:s,s:{s:b,s:i,s:{s:b}},s:{s:[s]}}",
                   "positionEncoding", hg_lsp_encoding_name(s->enc),
                   "textDocumentSync", "openClose", 1, "change", 1, "save", "includeText", 0,
                   "codeActionProvider", "codeActionKinds", "quickfix");
}

static void hg__initialize(hg_lsp_server *s, json_t *id, json_t *params) {
  if (s->initialize_seen) {
    hg__respond_error(s, id, HG_RPC_INVALID_REQUEST, "initialize was already received");
    return;
  }
  if (params && !json_is_object(params)) {
    hg__respond_error(s, id, HG_RPC_INVALID_PARAMS, "initialize: params must be an object");
    return;
  }
  s->initialize_seen = true;
  json_t *caps = json_object_get(params, "capabilities");
  s->enc = hg__pick_encoding(caps);
  s->related_info = json_is_true(json_object_get(
      json_object_get(json_object_get(caps, "textDocument"), "publishDiagnostics"), "relatedInformation"));
  hg__read_root(s, params);
  /* Work in the workspace root, whoever started the server where: relative
   * paths of initializationOptions mean the root (and libclang misses its
   * builtin headers when the process runs in "/"). */
  if (s->root && chdir(s->root) != 0)
    fprintf(s->log, "handleguard-check: cannot change to the workspace root %s\n", s->root);
  hg__read_init_options(s, json_object_get(params, "initializationOptions"));
  fprintf(s->log, "handleguard-check: initialized (positions in %s, root %s, compile commands from %s)\n",
          hg_lsp_encoding_name(s->enc), s->root ? s->root : "(none)",
          s->o->dashdash ? "the command line's --"
          : s->o->build_dir ? s->o->build_dir
          : s->db_dir ? s->db_dir
                      : "compile_commands.json above each file");
  hg__respond(s, id, json_pack("{s:o,s:{s:s,s:s}}", "capabilities", hg__capabilities(s), "serverInfo",
                               "name", "handleguard-check", "version", HG_VERSION));
}

/* ---- document synchronisation -------------------------------------------------------- */

static void hg__did_open(hg_lsp_server *s, json_t *params) {
  json_t *td = json_object_get(params, "textDocument");
  const char *uri = json_string_value(json_object_get(td, "uri"));
  json_t *text = json_object_get(td, "text");
  if (!uri || !json_is_string(text)) {
    fputs("handleguard-check: didOpen without uri or text ignored\n", s->log);
    return;
  }
  size_t index;
  hg_lsp_doc *d = hg__doc_find(s, uri, &index);
  if (d) hg_lsp_doc_release(d);   /* opened again: start afresh */
  else {
    d = calloc(1, sizeof *d);
    if (!d) abort();
    d->uri = hg_xstrdup(uri);
    d->path = hg_lsp_path_from_uri(uri);
    if (s->ndocs == s->cap) {
      s->cap = s->cap ? s->cap * 2 : 8;
      s->docs = realloc(s->docs, s->cap * sizeof *s->docs);
      if (!s->docs) abort();
    }
    s->docs[s->ndocs++] = d;
  }
  hg__doc_set_text(d, json_string_value(text), json_string_length(text));
  json_t *ver = json_object_get(td, "version");
  d->version = json_is_integer(ver) ? json_integer_value(ver) : 0;
  d->reload = true;
  if (!d->path) fprintf(s->log, "handleguard-check: '%s' is not a file: URI; it is not checked\n", uri);
  hg__doc_mark(d, 0);
}

/* Applies one TextDocumentContentChangeEvent: the whole text, or a range. */
static bool hg__apply_change(hg_lsp_server *s, hg_lsp_doc *d, json_t *change) {
  json_t *text = json_object_get(change, "text");
  if (!json_is_string(text)) return false;
  json_t *range = json_object_get(change, "range");
  if (!range) {
    hg__doc_set_text(d, json_string_value(text), json_string_length(text));
    return true;
  }
  hg_lsp_pos a, b;
  if (!hg_lsp_pos_parse(json_object_get(range, "start"), &a) || !hg_lsp_pos_parse(json_object_get(range, "end"), &b))
    return false;
  hg_lsp_lines lines;
  hg_lsp_lines_init(&lines, d->text, d->len);
  size_t from = hg_lsp_offset_from_pos(&lines, a, s->enc), to = hg_lsp_offset_from_pos(&lines, b, s->enc);
  hg_lsp_lines_free(&lines);
  if (to < from) to = from;
  size_t n = json_string_length(text), len = d->len - (to - from) + n;
  char *t = malloc(len + 1);
  if (!t) abort();
  memcpy(t, d->text, from);
  memcpy(t + from, json_string_value(text), n);
  memcpy(t + from + n, d->text + to, d->len - to);
  t[len] = '\0';
  free(d->text);
  d->text = t;
  d->len = len;
  return true;
}

static void hg__did_change(hg_lsp_server *s, json_t *params) {
  hg_lsp_doc *d = hg__doc_of(s, params);
  if (!d) {
    fputs("handleguard-check: didChange for a document that is not open ignored\n", s->log);
    return;
  }
  json_t *changes = json_object_get(params, "contentChanges");
  size_t i;
  json_t *c;
  json_array_foreach(changes, i, c)
    if (!hg__apply_change(s, d, c)) fputs("handleguard-check: malformed content change ignored\n", s->log);
  json_t *ver = json_object_get(json_object_get(params, "textDocument"), "version");
  if (json_is_integer(ver)) d->version = json_integer_value(ver);
  hg__doc_mark(d, s->debounce_ms);
}

static void hg__did_save(hg_lsp_server *s, json_t *params) {
  hg_lsp_doc *d = hg__doc_of(s, params);
  if (!d) return;
  json_t *text = json_object_get(params, "text");
  if (json_is_string(text)) hg__doc_set_text(d, json_string_value(text), json_string_length(text));
  d->reload = true;   /* the compile command or the database may have changed too */
  hg__doc_mark(d, 0);
}

static void hg__did_close(hg_lsp_server *s, json_t *params) {
  const char *uri = json_string_value(json_object_get(json_object_get(params, "textDocument"), "uri"));
  size_t index;
  hg_lsp_doc *d = uri ? hg__doc_find(s, uri, &index) : NULL;
  if (!d) return;
  hg_lsp_notify(s, "textDocument/publishDiagnostics", json_pack("{s:s,s:[]}", "uri", d->uri, "diagnostics"));
  hg__doc_free(d);
  memmove(&s->docs[index], &s->docs[index + 1], (s->ndocs - index - 1) * sizeof *s->docs);
  s->ndocs--;
}

/* ---- code actions --------------------------------------------------------------------------- */

static bool hg__pos_le(hg_lsp_pos a, hg_lsp_pos b) {
  return a.line < b.line || (a.line == b.line && a.character <= b.character);
}

/* Ranges [a0, a1] and [b0, b1] share a position (touching counts: a cursor
 * at the end of a diagnostic's range is on it). */
static bool hg__ranges_meet(json_t *ra, json_t *rb) {
  hg_lsp_pos a0, a1, b0, b1;
  if (!hg_lsp_pos_parse(json_object_get(ra, "start"), &a0) || !hg_lsp_pos_parse(json_object_get(ra, "end"), &a1) ||
      !hg_lsp_pos_parse(json_object_get(rb, "start"), &b0) || !hg_lsp_pos_parse(json_object_get(rb, "end"), &b1))
    return false;
  return hg__pos_le(a0, b1) && hg__pos_le(b0, a1);
}

/* The client named this diagnostic in context.diagnostics. */
static bool hg__in_context(json_t *diag, json_t *context_diags) {
  size_t i;
  json_t *c;
  json_array_foreach(context_diags, i, c) {
    if (json_equal(json_object_get(c, "range"), json_object_get(diag, "range")) &&
        json_equal(json_object_get(c, "code"), json_object_get(diag, "code")) &&
        json_equal(json_object_get(c, "message"), json_object_get(diag, "message")))
      return true;
  }
  return false;
}

/* context.only: quick fixes are wanted when it is absent or names
 * "quickfix" or a kind above it (""). */
static bool hg__quickfix_wanted(json_t *only) {
  if (!json_is_array(only)) return true;
  size_t i;
  json_t *k;
  json_array_foreach(only, i, k) {
    const char *kind = json_string_value(k);
    if (kind && (strcmp(kind, "quickfix") == 0 || *kind == '\0')) return true;
  }
  return false;
}

static void hg__code_action(hg_lsp_server *s, json_t *id, json_t *params) {
  hg_lsp_doc *d = hg__doc_of(s, params);
  json_t *range = json_object_get(params, "range");
  if (!json_is_object(params) || !json_is_object(range)) {
    hg__respond_error(s, id, HG_RPC_INVALID_PARAMS, "textDocument/codeAction: textDocument and range are required");
    return;
  }
  json_t *result = json_array();
  json_t *context = json_object_get(params, "context");
  if (d && hg__quickfix_wanted(json_object_get(context, "only"))) {
    if (d->dirty) hg_lsp_check(s, d);
    json_t *cdiags = json_object_get(context, "diagnostics");
    size_t i;
    json_t *a;
    json_array_foreach(d->actions, i, a) {
      json_t *diag = json_array_get(json_object_get(a, "diagnostics"), 0);
      if (hg__ranges_meet(json_object_get(diag, "range"), range) || hg__in_context(diag, cdiags))
        json_array_append(result, a);
    }
  }
  hg__respond(s, id, result);
}

/* ---- dispatch ---------------------------------------------------------------------------------- */

static void hg__request(hg_lsp_server *s, const char *method, json_t *id, json_t *params) {
  if (strcmp(method, "initialize") == 0) {
    if (s->shutdown_seen) hg__respond_error(s, id, HG_RPC_INVALID_REQUEST, "the server is shutting down");
    else hg__initialize(s, id, params);
    return;
  }
  if (!s->initialize_seen) {
    hg__respond_error(s, id, HG_RPC_SERVER_NOT_INITIALIZED, "the server has not been initialized");
    return;
  }
  if (s->shutdown_seen) {
    hg__respond_error(s, id, HG_RPC_INVALID_REQUEST, "the server is shutting down");
    return;
  }
  if (strcmp(method, "shutdown") == 0) {
    s->shutdown_seen = true;
    hg__respond(s, id, json_null());
  } else if (strcmp(method, "textDocument/codeAction") == 0) {
    hg__code_action(s, id, params);
  } else {
    char msg[256];
    snprintf(msg, sizeof msg, "method not found: %.200s", method);
    hg__respond_error(s, id, HG_RPC_METHOD_NOT_FOUND, msg);
  }
}

static void hg__notification(hg_lsp_server *s, const char *method, json_t *params) {
  if (strcmp(method, "exit") == 0) {
    s->exit_seen = true;
    return;
  }
  if (!s->initialize_seen || s->shutdown_seen) return;   /* dropped, as the protocol says */
  if (strcmp(method, "textDocument/didOpen") == 0) hg__did_open(s, params);
  else if (strcmp(method, "textDocument/didChange") == 0) hg__did_change(s, params);
  else if (strcmp(method, "textDocument/didSave") == 0) hg__did_save(s, params);
  else if (strcmp(method, "textDocument/didClose") == 0) hg__did_close(s, params);
  /* initialized, $/cancelRequest, $/setTrace, workspace/... need nothing */
}

/* A valid request id: an integer or a string. */
static bool hg__valid_id(json_t *id) { return json_is_integer(id) || json_is_string(id); }

static void hg__handle(hg_lsp_server *s, const char *body, size_t len) {
  json_error_t err;
  json_t *msg = json_loadb(body, len, JSON_DECODE_ANY, &err);
  if (!msg) {
    char text[300];
    snprintf(text, sizeof text, "Parse error: %s (line %d, column %d)", err.text, err.line, err.column);
    fprintf(s->log, "handleguard-check: %s\n", text);
    hg__respond_error(s, NULL, HG_RPC_PARSE_ERROR, text);
    return;
  }
  json_t *id = json_object_get(msg, "id");
  json_t *method = json_object_get(msg, "method");
  json_t *params = json_object_get(msg, "params");
  if (!json_is_object(msg)) {
    hg__respond_error(s, NULL, HG_RPC_INVALID_REQUEST, "Invalid request: a message must be a JSON object");
  } else if (!method && (json_object_get(msg, "result") || json_object_get(msg, "error"))) {
    /* a response: the server sends no requests, so there is nothing to match */
  } else if (!json_is_string(method) || (id && !json_is_null(id) && !hg__valid_id(id)) ||
             (params && !json_is_object(params) && !json_is_array(params))) {
    hg__respond_error(s, hg__valid_id(id) ? id : NULL, HG_RPC_INVALID_REQUEST,
                      "Invalid request: a string method, an integer or string id and structured params are required");
  } else if (id && !json_is_null(id)) {
    hg__request(s, json_string_value(method), id, params);
  } else {
    hg__notification(s, json_string_value(method), params);
  }
  json_decref(msg);
}

/* ---- the loop -------------------------------------------------------------------------------- */

static void hg__server_free(hg_lsp_server *s) {
  for (size_t i = 0; i < s->ndocs; i++) hg__doc_free(s->docs[i]);
  free(s->docs);
  hg_lsp_reader_free(&s->in);
  hg_argv_free(&s->fallback);
  free(s->root);
  free(s->db_dir);
  if (s->fe) hg_frontend_free(s->fe);
}

/* Options that make no sense for a server, or globs that do not parse. */
static bool hg__options_usable(const hg_cli_options *o, FILE *err) {
  if (o->nfiles || o->fix || o->fix_errors || o->fix_notes || o->export_fixes || o->dump_model || o->list_checks ||
      o->dump_config || o->verify_config || o->diff || o->line_filter || o->output || o->format) {
    fputs("Error: --lsp takes no input files and no output, fix or listing options; configure it with -p, --, "
          "--extra-arg, --checks, --warnings-as-errors, --config or --config-file.\n", err);
    return false;
  }
  hg_cli_config *c = hg_cli_config_new(o, err);
  if (!c) return false;
  hg_cli_config_free(c);
  return true;
}

int hg_lsp_serve(const hg_cli_options *o, int in_fd, int out_fd) {
  if (!hg__options_usable(o, stderr)) return 2;
  signal(SIGPIPE, SIG_IGN);
  hg_lsp_server s;
  memset(&s, 0, sizeof s);
  /* the command line's paths keep their meaning after a change of directory */
  s.opts = *o;
  char *build_dir = o->build_dir ? hg_path_absolute(o->build_dir, NULL) : NULL;
  char *config_file = o->config_file ? hg_path_absolute(o->config_file, NULL) : NULL;
  s.opts.build_dir = build_dir;
  s.opts.config_file = config_file;
  s.o = &s.opts;
  s.out_fd = out_fd;
  s.log = stderr;
  s.debounce_ms = HG_LSP_DEFAULT_DEBOUNCE_MS;
  hg_lsp_reader_init(&s.in, in_fd);
  int rc = 1;
  while (!s.exit_seen) {
    int wait = hg__next_due(&s);
    char *body;
    size_t len;
    hg_lsp_read_status st = hg_lsp_read(&s.in, wait, &body, &len);
    if (st == HG_LSP_READ_MESSAGE) {
      hg__handle(&s, body, len);
      free(body);
    } else if (st == HG_LSP_READ_BAD_HEADER) {
      fputs("handleguard-check: a message without a valid Content-Length header was skipped\n", s.log);
      hg__respond_error(&s, NULL, HG_RPC_PARSE_ERROR, "Parse error: missing or invalid Content-Length header");
    } else if (st == HG_LSP_READ_TIMEOUT) {
      hg__run_due_checks(&s);
    } else {
      fputs("handleguard-check: the client closed the connection\n", s.log);
      break;
    }
  }
  rc = s.shutdown_seen ? 0 : 1;
  hg__server_free(&s);
  free(build_dir);
  free(config_file);
  return rc;
}

int hg_lsp_main(const hg_cli_options *o) { return hg_lsp_serve(o, 0, 1); }
