/*
 * lsp.h - `handleguard-check --lsp`: a Language Server Protocol server on
 * standard input and output, for editors (clangd cannot load clang-tidy
 * plugins).  It publishes the handleguard-* diagnostics of every open C
 * document as the user types, and offers their fix-its as quick fixes.
 *
 * Protocol: JSON-RPC 2.0 with Content-Length framing; initialize,
 * initialized, shutdown, exit, textDocument/didOpen, didChange (full or
 * incremental changes), didSave, didClose, textDocument/codeAction; the
 * server sends textDocument/publishDiagnostics.  Positions are in UTF-16
 * code units unless the client offers another encoding
 * (general.positionEncodings).  docs/editors.md describes the set-up.
 *
 * Per document: the compile command comes from `--` or `-p` given with
 * --lsp, else initializationOptions.compilationDatabasePath, else the
 * compile_commands.json found by walking up from the file, else
 * initializationOptions.fallbackFlags; the configuration from the
 * .clang-tidy files for the file (re-read at every check) with the command
 * line's --checks / --warnings-as-errors / --config on top.  The parsed
 * translation unit is kept per document and re-parsed with the editor's
 * buffer, with a precompiled preamble, so a re-check parses only the main
 * file.
 */
#ifndef HG_CHECKER_LSP_H
#define HG_CHECKER_LSP_H

#include "cli_options.h"

/* Serves on stdin/stdout until `exit` or the end of input; logs to stderr.
 * Returns the process exit status: 0 after shutdown + exit, 1 when exit (or
 * the end of input) came without shutdown, 2 for a usage error in `o`. */
int hg_lsp_main(const hg_cli_options *o);

/* The same on any pair of descriptors. */
int hg_lsp_serve(const hg_cli_options *o, int in_fd, int out_fd);

#endif /* HG_CHECKER_LSP_H */
