/*
 * lsp_int.h - what the language server's two halves share: the server and
 * its open documents (checker/lsp.c: protocol, lifecycle, document sync,
 * code actions) and checking one document (checker/lsp_check.c: compile
 * command, configuration, persistent translation unit, diagnostics).
 */
#ifndef HG_CHECKER_LSP_INT_H
#define HG_CHECKER_LSP_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "cli_compile_args.h"
#include "cli_options.h"
#include "frontend.h"
#include "lsp_json.h"

/* One open document. */
typedef struct hg_lsp_doc {
  char *uri;              /* as the client spells it (published back verbatim) */
  char *path;             /* the file's absolute path; NULL: not a file: URI */
  char *text;             /* the editor's buffer */
  size_t len;
  int64_t version;
  bool dirty;             /* changed since the last check */
  long long due_ms;       /* when a dirty document is checked (monotonic ms) */
  long long checked_ms;   /* when it was last checked (monotonic ms) */
  bool reload;            /* look up the compile command again (open, save) */
  /* the kept translation unit and the command it was parsed with */
  hg_frontend_tu *tu;
  hg_argv tu_args;
  char *tu_dir;
  /* the last check: its diagnostics and, per diagnostic with a fix, a code action */
  json_t *diagnostics;    /* array, as published */
  json_t *actions;        /* array of CodeAction objects */
} hg_lsp_doc;

typedef struct hg_lsp_server {
  hg_cli_options opts;    /* the command line's, its paths made absolute */
  const hg_cli_options *o;   /* &opts */
  hg_lsp_reader in;
  int out_fd;
  FILE *log;
  bool initialize_seen, shutdown_seen, exit_seen;
  hg_lsp_encoding enc;
  bool related_info;      /* the client shows Diagnostic.relatedInformation */
  char *root;             /* workspace root (rootUri / rootPath), or NULL */
  char *db_dir;           /* initializationOptions.compilationDatabasePath, as a directory */
  hg_argv fallback;       /* initializationOptions.fallbackFlags */
  bool have_fallback;
  int debounce_ms;        /* delay before checking after didChange */
  hg_frontend *fe;
  hg_lsp_doc **docs;
  size_t ndocs, cap;
} hg_lsp_server;

/* Checks `d` now (its text as it is) and publishes the diagnostics. */
void hg_lsp_check(hg_lsp_server *s, hg_lsp_doc *d);
/* Forgets the translation unit and the last results. */
void hg_lsp_doc_release(hg_lsp_doc *d);
/* Sends a notification. */
void hg_lsp_notify(hg_lsp_server *s, const char *method, json_t *params);
/* Monotonic milliseconds. */
long long hg_lsp_now_ms(void);

#endif /* HG_CHECKER_LSP_INT_H */
