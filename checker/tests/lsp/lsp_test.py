#!/usr/bin/env python3
"""Scripted LSP client for `handleguard-check --lsp`.

  lsp_test.py --checker BIN SCENARIO      (--list shows the scenarios)

Each scenario starts the server, talks to it over stdin/stdout with
Content-Length framing, prints what went wrong and exits 1, or exits 0.
The server's stderr (its log) is kept in a temporary file and printed when
a scenario fails.
"""

import argparse
import json
import os
import queue
import subprocess
import sys
import tempfile
import threading
import time

TIMEOUT = 60.0   # seconds to wait for one expected message

HANDLE_H = """\
#include <handleguard.h>
struct kv_inner { int value; int hits; };
typedef struct kv { hg_guard guard; struct kv_inner *inner; } kv;
"""

# op-not-left at the `return v;` of kv_get (line 10, 0-based 9, column 4).
BAD_C = """\
#include "kv.h"

int kv_get(kv *h)
{
    hg_op op;
    if (!hg_try_enter(&h->guard, &op))
        return -1;
    int v = h->inner->value;
    h->inner->hits++;
    return v;
}
"""
BAD_LINE, BAD_CHAR = 9, 4

# The same op with non-ASCII text before the diagnostic on its line:
# "    /* ü😀 */ " is 17 bytes, 14 UTF-16 code units, 13 code points.
UTF_C = BAD_C.replace("    return v;\n", "    /* \u00fc\U0001F600 */ return v;\n")
UTF_BYTES, UTF_UNITS16, UTF_POINTS = 17, 14, 13

FIXED_C = BAD_C.replace("    return v;\n", "    hg_leave(&op);\n    return v;\n")


class Failure(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Failure(what)


class Client:
    """An LSP client over the server's pipes; a thread reads its messages."""

    def __init__(self, checker, args=(), cwd=None):
        self.log = tempfile.TemporaryFile(mode="w+b")
        self.proc = subprocess.Popen([checker, "--lsp", *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=self.log, cwd=cwd)
        self.messages = queue.Queue()
        self.next_id = 1
        self.pending = []     # messages read while waiting for something else
        threading.Thread(target=self._reader, daemon=True).start()

    def _reader(self):
        out = self.proc.stdout
        while True:
            headers = {}
            while True:
                line = out.readline()
                if not line:
                    self.messages.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.decode("ascii").partition(":")
                headers[name.strip().lower()] = value.strip()
            body = out.read(int(headers["content-length"]))
            self.messages.put(json.loads(body.decode("utf-8")))

    def send_raw(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, msg):
        body = json.dumps(msg).encode("utf-8")
        self.send_raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def notify(self, method, params=None):
        msg = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            msg["params"] = params
        self.send(msg)

    def request(self, method, params=None):
        rid = self.next_id
        self.next_id += 1
        msg = {"jsonrpc": "2.0", "id": rid, "method": method}
        if params is not None:
            msg["params"] = params
        self.send(msg)
        return rid

    def wait(self, pred, what, timeout=TIMEOUT):
        """The first message (kept or new) for which pred is true."""
        for i, m in enumerate(self.pending):
            if pred(m):
                del self.pending[i]
                return m
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise Failure("timed out waiting for " + what)
            try:
                m = self.messages.get(timeout=left)
            except queue.Empty:
                raise Failure("timed out waiting for " + what)
            if m is None:
                raise Failure("the server closed its output while waiting for " + what)
            if pred(m):
                return m
            self.pending.append(m)

    def response(self, rid):
        return self.wait(lambda m: m.get("id") == rid and "method" not in m, "the response to request %s" % rid)

    def call(self, method, params=None):
        return self.response(self.request(method, params))

    def diagnostics(self, uri, version=None):
        def pred(m):
            if m.get("method") != "textDocument/publishDiagnostics" or m["params"]["uri"] != uri:
                return False
            return version is None or m["params"].get("version") == version
        return self.wait(pred, "diagnostics for %s (version %s)" % (uri, version))["params"]["diagnostics"]

    def initialize(self, init_options=None, capabilities=None, root=None):
        caps = capabilities if capabilities is not None else {
            "textDocument": {"publishDiagnostics": {"relatedInformation": True},
                             "codeAction": {"codeActionLiteralSupport": {
                                 "codeActionKind": {"valueSet": ["quickfix"]}}}}}
        params = {"processId": os.getpid(), "capabilities": caps,
                  "rootUri": uri_of(root) if root else None}
        if init_options is not None:
            params["initializationOptions"] = init_options
        r = self.call("initialize", params)
        self.notify("initialized", {})
        return r

    def open(self, uri, text, version=1):
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "c", "version": version, "text": text}})

    def change(self, uri, text, version):
        self.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                               "contentChanges": [{"text": text}]})

    def finish(self, timeout=30):
        """Waits for the server to exit; returns its status."""
        try:
            self.proc.stdin.close()
        except BrokenPipeError:
            pass
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise Failure("the server did not exit")

    def shutdown(self):
        r = self.call("shutdown")
        check("error" not in r and r.get("result") is None, "shutdown: unexpected response %r" % r)
        self.notify("exit")
        status = self.finish()
        check(status == 0, "exit after shutdown: status %d, expected 0" % status)

    def stderr_text(self):
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")


def uri_of(path):
    from urllib.parse import quote
    return "file://" + quote(path)


def pos(line, character):
    return {"line": line, "character": character}


def apply_edits(text, edits):
    """Applies LSP TextEdits (UTF-16 positions) to text."""
    lines = text.splitlines(keepends=True)
    starts = [0]
    for ln in lines:
        starts.append(starts[-1] + len(ln))

    def offset(p):
        if p["line"] >= len(lines):
            return len(text)
        line = lines[p["line"]].rstrip("\r\n")
        units = 0
        for i, ch in enumerate(line):
            if units >= p["character"]:
                return starts[p["line"]] + i
            units += 2 if ord(ch) > 0xFFFF else 1
        return starts[p["line"]] + len(line)

    for e in sorted(edits, key=lambda e: (e["range"]["start"]["line"], e["range"]["start"]["character"]),
                    reverse=True):
        a, b = offset(e["range"]["start"]), offset(e["range"]["end"])
        text = text[:a] + e["newText"] + text[b:]
    return text


def project(tmp, files):
    for name, text in files.items():
        path = os.path.join(tmp, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    return tmp


# ---- scenarios ----------------------------------------------------------------------------


def scenario_diagnostics(a, tmp):
    """initialize, open a bad file, diagnostics with code/range/href and notes,
    a quick fix applied, then didChange with the fixed text gives none; didClose
    clears; shutdown + exit is status 0."""
    project(tmp, {"kv.h": HANDLE_H, "kv.c": BAD_C})
    path = os.path.join(tmp, "kv.c")
    uri = uri_of(path)
    c = Client(a.checker, ["--", "-std=c11", "-I" + tmp], cwd=tmp)
    try:
        init = c.initialize(root=tmp)
        caps = init["result"]["capabilities"]
        sync = caps["textDocumentSync"]
        check(sync["change"] == 1 and sync["openClose"] is True and "save" in sync,
              "textDocumentSync: %r" % sync)
        check(caps["codeActionProvider"]["codeActionKinds"] == ["quickfix"], "codeActionProvider: %r" % caps)
        check(caps.get("positionEncoding", "utf-16") == "utf-16", "positionEncoding: %r" % caps)
        check(init["result"]["serverInfo"]["name"] == "handleguard-check", "serverInfo: %r" % init["result"])

        c.open(uri, BAD_C, version=1)
        diags = c.diagnostics(uri, 1)
        check(len(diags) == 1, "expected one diagnostic, got %r" % diags)
        d = diags[0]
        check(d["code"] == "handleguard-op-not-left", "code: %r" % d)
        check(d["source"] == "handleguard", "source: %r" % d)
        check(d["severity"] == 2, "severity: %r" % d)
        check(d["range"] == {"start": pos(BAD_LINE, BAD_CHAR), "end": pos(BAD_LINE, BAD_CHAR + 6)},
              "range: %r" % d["range"])
        href = d["codeDescription"]["href"]
        check(href.endswith("/op-not-left.md"), "href: %r" % href)
        if href.startswith("file://"):
            check(os.path.exists(href[len("file://"):]), "the docs page %s does not exist" % href)
        rel = d.get("relatedInformation", [])
        check(rel and rel[0]["location"]["uri"] == uri and rel[0]["location"]["range"]["start"]["line"] == 5,
              "relatedInformation (the enter on line 6): %r" % rel)

        # code actions at the diagnostic
        r = c.call("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": d["range"],
                                               "context": {"diagnostics": [d]}})
        actions = r["result"]
        check(isinstance(actions, list), "codeAction result: %r" % r)
        for act in actions:
            check(act["kind"] == "quickfix" and isinstance(act["title"], str) and act["title"],
                  "action kind/title: %r" % act)
            check(act["diagnostics"] and act["diagnostics"][0]["code"] == d["code"], "action diagnostics: %r" % act)
            check(list(act["edit"]["changes"].keys()) == [uri], "action edits another file: %r" % act)
        # the engine has a fix-it for this op-not-left (lsp-quickfix applies it too)
        check(actions, "no quick fix offered for op-not-left: %r" % r)
        fixed = apply_edits(BAD_C, actions[0]["edit"]["changes"][uri])
        print("quick fix offered: %s" % actions[0]["title"])
        print("fixed text:\n" + fixed)
        # nothing where there is no diagnostic
        r = c.call("textDocument/codeAction", {"textDocument": {"uri": uri},
                                               "range": {"start": pos(0, 0), "end": pos(0, 0)},
                                               "context": {"diagnostics": []}})
        check(r["result"] == [], "code actions on line 1: %r" % r)
        # context.only without quickfix
        r = c.call("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": d["range"],
                                               "context": {"diagnostics": [d], "only": ["refactor"]}})
        check(r["result"] == [], "code actions with only=refactor: %r" % r)

        c.change(uri, fixed, 2)
        diags = c.diagnostics(uri, 2)
        check(diags == [], "after the fix: %r" % diags)

        # breaking it again, then saving, reports again
        c.change(uri, BAD_C, 3)
        check(len(c.diagnostics(uri, 3)) == 1, "the diagnostic did not come back")

        c.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        check(c.diagnostics(uri) == [], "didClose did not clear the diagnostics")
        c.shutdown()
    except Failure:
        print(c.stderr_text(), file=sys.stderr)
        raise


def scenario_quickfix(a, tmp):
    """The engine's fix-its for a handed-out box (box-freed) and a leaked op
    (op-not-left), offered as quick fixes: each case must get one, and the
    edit applied by the client removes the diagnostic.  Fix-its are offered
    once the buffer is saved."""
    box_c = HANDLE_H + """\
#include <stdlib.h>
kv *kv_new(void)
{
    kv *h = calloc(1, sizeof *h);
    if (!h)
        return NULL;
    hg_guard_init(&h->guard);
    return h;
}
void kv_free(kv *h)
{
    if (hg_begin_free(&h->guard, HG_FREE_DEADLINE_MS) != HG_DRAINED)
        return;
    free(h->inner);
    free(h);
}
"""
    cases = [("op.c", BAD_C, "handleguard-op-not-left"), ("box.c", box_c, "handleguard-box-freed")]
    project(tmp, {"kv.h": HANDLE_H, **{name: text for name, text, _ in cases}})
    c = Client(a.checker, ["--", "-std=c11", "-I" + tmp], cwd=tmp)
    offered = 0
    try:
        c.initialize(root=tmp)
        # unsaved edits: the diagnostic at its new place, no fix-it until the file is saved
        uri = uri_of(os.path.join(tmp, "op.c"))
        edited = "/* an unsaved line */\n" + BAD_C
        c.open(uri, edited, 1)
        diags = c.diagnostics(uri, 1)
        check(len(diags) == 1 and diags[0]["range"]["start"] == pos(BAD_LINE + 1, BAD_CHAR),
              "unsaved buffer: %r" % diags)
        r = c.call("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": diags[0]["range"],
                                               "context": {"diagnostics": diags}})
        check(r["result"] == [], "a fix-it offered for a buffer that differs from its file: %r" % r)
        with open(os.path.join(tmp, "op.c"), "w") as f:
            f.write(edited)
        c.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
        diags = c.diagnostics(uri, 1)
        r = c.call("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": diags[0]["range"],
                                               "context": {"diagnostics": diags}})
        check(r["result"], "no fix-it offered once the buffer is saved: %r" % r)
        fixed = apply_edits(edited, r["result"][0]["edit"]["changes"][uri])
        check(fixed.startswith("/* an unsaved line */\n#include"), "the fix-it after saving: %r" % fixed)
        c.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        c.diagnostics(uri)
        with open(os.path.join(tmp, "op.c"), "w") as f:
            f.write(BAD_C)
        for name, text, code in cases:
            uri = uri_of(os.path.join(tmp, name))
            c.open(uri, text, 1)
            diags = [d for d in c.diagnostics(uri, 1) if d["code"] == code]
            check(diags, "%s: no %s diagnostic" % (name, code))
            r = c.call("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": diags[0]["range"],
                                                   "context": {"diagnostics": diags[:1]}})
            actions = [x for x in r["result"] if x["diagnostics"][0]["code"] == code]
            check(actions, "%s: no fix-it offered for %s: %r" % (name, code, r))
            offered += 1
            fixed = apply_edits(text, actions[0]["edit"]["changes"][uri])
            print("%s: %s" % (name, actions[0]["title"]))
            c.change(uri, fixed, 2)
            left = [d for d in c.diagnostics(uri, 2) if d["code"] == code]
            check(not left, "%s: %s still reported after its fix-it:\n%s\n%r" % (name, code, fixed, left))
        c.shutdown()
    except Failure:
        print(c.stderr_text(), file=sys.stderr)
        raise
    print("%d of %d cases had a fix-it" % (offered, len(cases)))


def scenario_utf16(a, tmp):
    """Columns after non-ASCII text: UTF-16 code units by default; UTF-8 or
    UTF-32 when the client offers them (general.positionEncodings).  The
    buffer is never saved, so the file on disk (absent here) does not matter."""
    project(tmp, {"kv.h": HANDLE_H})
    uri = uri_of(os.path.join(tmp, "unsaved.c"))
    for encs, expect, name in ((None, UTF_UNITS16, "utf-16"), (["utf-8", "utf-16"], UTF_BYTES, "utf-8"),
                               (["utf-32"], UTF_POINTS, "utf-32"), (["latin-1"], UTF_UNITS16, "utf-16")):
        caps = {"textDocument": {"publishDiagnostics": {"relatedInformation": True}}}
        if encs:
            caps["general"] = {"positionEncodings": encs}
        c = Client(a.checker, ["--", "-std=c11", "-I" + tmp], cwd=tmp)
        try:
            init = c.initialize(capabilities=caps)
            got = init["result"]["capabilities"].get("positionEncoding", "utf-16")
            check(got == name, "offered %r, server chose %r, expected %r" % (encs, got, name))
            c.open(uri, UTF_C)
            diags = c.diagnostics(uri, 1)
            check(len(diags) == 1, "expected one diagnostic: %r" % diags)
            start = diags[0]["range"]["start"]
            check(start == pos(BAD_LINE, expect), "%s: range starts at %r, expected character %d"
                  % (name, start, expect))
            check(diags[0]["range"]["end"] == pos(BAD_LINE, expect + 6), "%s: range %r" % (name, diags[0]["range"]))
            c.shutdown()
        except Failure:
            print(c.stderr_text(), file=sys.stderr)
            raise


def read_raw_until(c, pred, what):
    return c.wait(pred, what)


def scenario_protocol(a, tmp):
    """Malformed JSON, a missing Content-Length, an unknown method, requests
    before initialize and after shutdown, unknown notifications, a
    notification for a document that is not open; the server survives them."""
    c = Client(a.checker, ["--", "-std=c11"], cwd=tmp)
    try:
        rid = c.request("textDocument/codeAction", {})
        r = c.response(rid)
        check(r["error"]["code"] == -32002, "a request before initialize: %r" % r)
        c.initialize()
        # malformed JSON: a parse error with a null id
        body = b'{"jsonrpc": "2.0", "id": 99, "method": '
        c.send_raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        r = c.wait(lambda m: "error" in m and m.get("id") is None, "the parse error")
        check(r["error"]["code"] == -32700, "malformed JSON: %r" % r)
        # a header block without Content-Length
        c.send_raw(b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n")
        r = c.wait(lambda m: "error" in m and m.get("id") is None, "the missing Content-Length error")
        check(r["error"]["code"] == -32700, "missing Content-Length: %r" % r)
        # not an object
        c.send_raw(b"Content-Length: 2\r\n\r\n[]")
        r = c.wait(lambda m: "error" in m and m.get("id") is None, "the invalid request error")
        check(r["error"]["code"] == -32600, "a JSON array: %r" % r)
        # unknown request and notification
        r = c.call("textDocument/hover", {"textDocument": {"uri": "file:///x.c"}, "position": pos(0, 0)})
        check(r["error"]["code"] == -32601, "unknown method: %r" % r)
        c.notify("$/unknownNotification", {"x": 1})
        c.notify("workspace/didChangeConfiguration", {"settings": {}})
        c.notify("textDocument/didChange", {"textDocument": {"uri": "file:///not/open.c", "version": 2},
                                            "contentChanges": [{"text": "x"}]})
        c.notify("textDocument/didOpen", {"textDocument": {"uri": "file:///no/text.c"}})
        r = c.call("textDocument/codeAction", {"textDocument": {"uri": "file:///not/open.c"}})
        check(r["error"]["code"] == -32602, "codeAction without range: %r" % r)
        r = c.call("textDocument/codeAction", {"textDocument": {"uri": "file:///not/open.c"},
                                               "range": {"start": pos(0, 0), "end": pos(0, 0)}})
        check(r["result"] == [], "codeAction on a document that is not open: %r" % r)
        # a string id is echoed
        c.send({"jsonrpc": "2.0", "id": "abc", "method": "no/such"})
        r = c.response("abc")
        check(r["error"]["code"] == -32601, "string id: %r" % r)
        # a second initialize
        r = c.call("initialize", {"capabilities": {}})
        check(r["error"]["code"] == -32600, "a second initialize: %r" % r)
        # a request with an id of the wrong type
        c.send({"jsonrpc": "2.0", "id": {"x": 1}, "method": "shutdown"})
        r = c.wait(lambda m: "error" in m and m.get("id") is None, "the invalid id error")
        check(r["error"]["code"] == -32600, "an object id: %r" % r)
        # well-formed JSON with ill-typed fields: ignored or refused, never a crash
        junk_uri = uri_of(os.path.join(tmp, "junk.c"))
        for m in ({"method": "textDocument/didOpen", "params": {"textDocument": "x"}},
                  {"method": "textDocument/didOpen", "params": {"textDocument": {"uri": 5, "text": "int x;"}}},
                  {"method": "textDocument/didOpen", "params": {"textDocument": {"uri": junk_uri, "text": 7}}},
                  {"method": "textDocument/didOpen", "params": {"textDocument": {
                      "uri": junk_uri, "version": "one", "text": "int x;\n"}}},
                  {"method": "textDocument/didChange", "params": {"textDocument": {"uri": junk_uri},
                                                                  "contentChanges": {"text": "x"}}},
                  {"method": "textDocument/didChange", "params": {"textDocument": {"uri": junk_uri}, "contentChanges": [
                      {"range": {"start": pos(-1, 0), "end": pos(0, 0)}, "text": "y"},
                      {"range": {"start": pos(5, 2**40), "end": pos(0, 0)}, "text": "z"},
                      {"range": "bad", "text": "w"}, {"text": None}, 3]}},
                  {"method": "textDocument/didChange", "params": {"textDocument": {"uri": junk_uri}, "contentChanges": [
                      {"range": {"start": pos(0, 3), "end": pos(0, 1)}, "text": "\U0001F600"},
                      {"range": {"start": pos(99, 99), "end": pos(99, 99)}, "text": "\nint y;\n"}]}},
                  {"method": "textDocument/didSave", "params": {"textDocument": {"uri": junk_uri}, "text": 5}},
                  {"method": "textDocument/didClose", "params": {"textDocument": {}}},
                  {"method": "textDocument/didClose", "params": []},
                  {"method": "textDocument/didOpen"},
                  {"method": 5},
                  {"id": 77, "method": "textDocument/codeAction", "params": {"textDocument": {"uri": junk_uri},
                                                                              "range": {"start": 1, "end": None}}},
                  {"id": 78, "method": "textDocument/codeAction", "params": "x"},
                  {"id": 79, "result": None},
                  {"id": None, "method": "textDocument/didSave", "params": {"textDocument": {"uri": junk_uri}}}):
            c.send(dict(m, jsonrpc="2.0"))
        c.response(77)
        c.response(78)
        diags = c.diagnostics(junk_uri)
        r = c.call("textDocument/codeAction", {"textDocument": {"uri": junk_uri},
                                               "range": {"start": pos(0, 0), "end": pos(9, 0)}})
        check(r.get("result") == [], "after ill-typed messages: %r" % r)
        c.notify("textDocument/didClose", {"textDocument": {"uri": junk_uri}})
        # a large message in pieces, with headers split across writes
        text = "/* " + "x" * 200000 + " */\nint main(void) { return 0; }\n"
        body = json.dumps({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri_of(os.path.join(tmp, "big.c")), "languageId": "c", "version": 1, "text": text}}}).encode()
        data = b"Content-Length: %d\r\n\r\n" % len(body) + body
        for i in range(0, len(data), 7000):
            c.send_raw(data[i:i + 7000])
        check(c.diagnostics(uri_of(os.path.join(tmp, "big.c")), 1) == [], "big.c has diagnostics")
        # shutdown, then requests are refused, then exit is status 0
        r = c.call("shutdown")
        check(r.get("result") is None and "error" not in r, "shutdown: %r" % r)
        r = c.call("textDocument/codeAction", {"textDocument": {"uri": "file:///x.c"},
                                               "range": {"start": pos(0, 0), "end": pos(0, 0)}})
        check(r["error"]["code"] == -32600, "a request after shutdown: %r" % r)
        c.notify("exit")
        status = c.finish()
        check(status == 0, "exit after shutdown: status %d" % status)
    except Failure:
        print(c.stderr_text(), file=sys.stderr)
        raise

    # exit without shutdown: status 1
    c = Client(a.checker, [], cwd=tmp)
    c.initialize()
    c.notify("exit")
    status = c.finish()
    check(status == 1, "exit without shutdown: status %d, expected 1" % status)
    # the end of input without exit: status 1
    c = Client(a.checker, [], cwd=tmp)
    c.initialize()
    status = c.finish()
    check(status == 1, "end of input without shutdown: status %d, expected 1" % status)
    # garbage only
    c = Client(a.checker, [], cwd=tmp)
    c.send_raw(b"\x00\xff garbage\r\n\r\nContent-Length: 5\r\n\r\n{]}{]")
    r = c.wait(lambda m: "error" in m, "an error for garbage")
    check(r["error"]["code"] == -32700, "garbage: %r" % r)
    status = c.finish()
    check(status == 1, "garbage then end of input: status %d, expected 1" % status)
    # usage errors
    p = subprocess.run([a.checker, "--lsp", "x.c"], capture_output=True, cwd=tmp)
    check(p.returncode == 2, "--lsp with a file: status %d" % p.returncode)


def scenario_compile_commands(a, tmp):
    """Compile flags: compile_commands.json found above the file, -p given
    with --lsp, initializationOptions.compilationDatabasePath, and
    fallbackFlags when no database knows the file; a .clang-tidy beside the
    file configures the checks (WarningsAsErrors: severity 1)."""
    inc = os.path.join(tmp, "inc")
    src = os.path.join(tmp, "src")
    build = os.path.join(tmp, "build")
    project(tmp, {"inc/kv.h": HANDLE_H, "src/kv.c": BAD_C, "other/kv.c": BAD_C})
    os.makedirs(build, exist_ok=True)
    db = [{"directory": src, "file": os.path.join(src, "kv.c"),
           "arguments": ["cc", "-std=c11", "-I" + inc, "-c", "kv.c"]}]
    for d in (tmp, build):
        with open(os.path.join(d, "compile_commands.json"), "w") as f:
            json.dump(db, f)
    uri = uri_of(os.path.join(src, "kv.c"))

    def expect_one(c, uri, severity=2):
        c.open(uri, BAD_C)
        diags = c.diagnostics(uri, 1)
        check(len(diags) == 1 and diags[0]["code"] == "handleguard-op-not-left" and diags[0]["severity"] == severity,
              "%s: %r" % (uri, diags))

    for args, opts, what in (([], None, "compile_commands.json above the file"),
                             (["-p", build], None, "-p"),
                             ([], {"compilationDatabasePath": "build"}, "compilationDatabasePath")):
        c = Client(a.checker, args, cwd="/")
        try:
            c.initialize(init_options=opts, root=tmp)
            expect_one(c, uri)
            c.shutdown()
        except Failure as e:
            print(c.stderr_text(), file=sys.stderr)
            raise Failure("%s: %s" % (what, e))

    # no database entry and nothing to infer from: fallbackFlags; without them the header is missing
    os.remove(os.path.join(tmp, "compile_commands.json"))
    other = uri_of(os.path.join(tmp, "other", "kv.c"))
    c = Client(a.checker, [], cwd="/")
    try:
        c.initialize(init_options={"fallbackFlags": ["-std=c11", "-Iinc"]}, root=tmp)
        expect_one(c, other)
        c.shutdown()
    except Failure as e:
        print(c.stderr_text(), file=sys.stderr)
        raise Failure("fallbackFlags: %s" % e)
    c = Client(a.checker, [], cwd="/")
    try:
        c.initialize(root=tmp)
        c.open(other, BAD_C)
        diags = c.diagnostics(other, 1)
        check(diags and diags[0]["code"] == "clang-diagnostic-error" and diags[0]["severity"] == 1 and
              "kv.h" in diags[0]["message"] and diags[0]["range"]["start"] == pos(0, 9),
              "without flags the include fails: %r" % diags)
        c.shutdown()
    except Failure as e:
        print(c.stderr_text(), file=sys.stderr)
        raise Failure("no flags: %s" % e)

    # .clang-tidy: WarningsAsErrors makes it an error; Checks can disable it; re-read at every check
    tidy = os.path.join(src, ".clang-tidy")
    with open(tidy, "w") as f:
        f.write("WarningsAsErrors: 'handleguard-op-*'\n")
    c = Client(a.checker, ["-p", build], cwd="/")
    try:
        c.initialize(root=tmp)
        expect_one(c, uri, severity=1)
        with open(tidy, "w") as f:
            f.write("Checks: '-handleguard-op-not-left'\n")
        c.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
        check(c.diagnostics(uri) == [], "the check disabled by .clang-tidy is still reported")
        with open(tidy, "w") as f:
            f.write("Checks: [unclosed\n")
        c.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
        diags = c.diagnostics(uri)
        check(len(diags) == 1 and diags[0]["severity"] == 1 and ".clang-tidy" in diags[0]["message"],
              "a broken .clang-tidy: %r" % diags)
        c.shutdown()
    except Failure as e:
        print(c.stderr_text(), file=sys.stderr)
        raise Failure(".clang-tidy: %s" % e)
    # NOLINT in the buffer
    os.remove(tidy)
    c = Client(a.checker, ["-p", build], cwd="/")
    try:
        c.initialize(root=tmp)
        c.open(uri, BAD_C.replace("return v;", "return v; // NOLINT(handleguard-op-not-left)"))
        check(c.diagnostics(uri, 1) == [], "NOLINT did not suppress the diagnostic")
        c.shutdown()
    except Failure as e:
        print(c.stderr_text(), file=sys.stderr)
        raise Failure("NOLINT: %s" % e)


def scenario_many_files(a, tmp):
    """More open files than the server keeps parsed (16): every file is still
    checked, and a file whose unit was dropped is parsed again on its next
    change."""
    project(tmp, {"kv.h": HANDLE_H})
    c = Client(a.checker, ["--", "-std=c11", "-I" + tmp], cwd=tmp)
    try:
        c.initialize(init_options={"debounceMs": 0}, root=tmp)
        uris = [uri_of(os.path.join(tmp, "f%02d.c" % i)) for i in range(20)]
        for u in uris:
            c.open(u, BAD_C)
            check(len(c.diagnostics(u, 1)) == 1, "%s: no diagnostic" % u)
        for v, u in enumerate(uris[:3], start=2):
            c.change(u, FIXED_C, v)
            check(c.diagnostics(u, v) == [], "%s: the fixed text still has diagnostics" % u)
        check("dropping" in c.stderr_text(), "no kept unit was dropped")
        c.shutdown()
    except Failure:
        print(c.stderr_text(), file=sys.stderr)
        raise


def generated_source(nfuncs):
    """A file of about 30 lines per function: handle types and ops."""
    out = ["#include <handleguard.h>", "#include <stdlib.h>", "#include <string.h>", "#include <stdio.h>",
           "#include <pthread.h>", ""]
    for i in range(nfuncs):
        out += [
            "struct inner%d { int value; char name[32]; int hits; };" % i,
            "typedef struct box%d { hg_guard guard; struct inner%d *inner; } box%d;" % (i, i, i),
            "",
            "int box%d_get(box%d *h, int *out)" % (i, i),
            "{",
            "    hg_op op;",
            "    if (!hg_try_enter(&h->guard, &op))",
            "        return -1;",
            "    int v = h->inner->value;",
            "    if (v < 0) {",
            "        hg_leave(&op);",
            "        return -2;",
            "    }",
            "    h->inner->hits++;",
            "    *out = v;",
            "    hg_leave(&op);",
            "    return 0;",
            "}",
            "",
            "void box%d_free(box%d *h)" % (i, i),
            "{",
            "    if (hg_begin_free(&h->guard, HG_FREE_DEADLINE_MS) != HG_DRAINED)",
            "        return;",
            "    free(h->inner);",
            "    h->inner = NULL;",
            "}",
            "",
        ]
    return "\n".join(out) + "\n"


def scenario_recheck_time(a, tmp):
    """Re-check time after didChange on a generated ~3000-line file: the
    time from sending didChange to receiving its diagnostics (debounce 0),
    and the server's own account of it.  Printed, not asserted."""
    text = generated_source(112)
    nlines = text.count("\n")
    path = os.path.join(tmp, "big.c")
    with open(path, "w") as f:
        f.write(text)
    uri = uri_of(path)
    c = Client(a.checker, ["--", "-std=c11"], cwd=tmp)
    try:
        c.initialize(init_options={"debounceMs": 0}, root=tmp)
        t0 = time.monotonic()
        c.open(uri, text)
        diags = c.diagnostics(uri, 1)
        first = time.monotonic() - t0
        check(diags == [], "the generated file has diagnostics: %r" % diags[:3])
        times = []
        bad = text.replace("        hg_leave(&op);\n        return -2;", "        return -2;", 1)
        for v in range(2, 12):
            t0 = time.monotonic()
            c.change(uri, bad if v % 2 == 0 else text, v)
            diags = c.diagnostics(uri, v)
            times.append(time.monotonic() - t0)
            check(len(diags) == (1 if v % 2 == 0 else 0), "version %d: %r" % (v, diags))
        t0 = time.monotonic()
        c.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
        c.diagnostics(uri, 11)
        save = time.monotonic() - t0
        c.shutdown()
    except Failure:
        print(c.stderr_text(), file=sys.stderr)
        raise
    times.sort()
    print("generated file: %d lines, %d bytes" % (nlines, len(text)))
    print("first check (parse + preamble): %.0f ms" % (first * 1000))
    print("re-check after didChange: median %.0f ms, min %.0f ms, max %.0f ms (%d edits)"
          % (times[len(times) // 2] * 1000, times[0] * 1000, times[-1] * 1000, len(times)))
    print("re-check after didSave: %.0f ms" % (save * 1000))
    print("server log:")
    for line in c.stderr_text().splitlines():
        if "checked" in line:
            print("  " + line)


SCENARIOS = {
    "diagnostics": scenario_diagnostics,
    "quickfix": scenario_quickfix,
    "utf16": scenario_utf16,
    "protocol": scenario_protocol,
    "compile-commands": scenario_compile_commands,
    "many-files": scenario_many_files,
    "recheck-time": scenario_recheck_time,
}


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--checker")
    p.add_argument("--list", action="store_true")
    p.add_argument("scenario", nargs="?")
    a = p.parse_args()
    if a.list:
        print("\n".join(SCENARIOS))
        return 0
    if a.scenario not in SCENARIOS or not a.checker:
        p.error("need --checker and one of: " + ", ".join(SCENARIOS))
    a.checker = os.path.abspath(a.checker)
    with tempfile.TemporaryDirectory(prefix="hg-lsp-") as tmp:
        tmp = os.path.realpath(tmp)
        try:
            SCENARIOS[a.scenario](a, tmp)
        except Failure as e:
            print("FAIL: %s: %s" % (a.scenario, e))
            return 1
    print("ok: %s" % a.scenario)
    return 0


if __name__ == "__main__":
    sys.exit(main())
