#!/usr/bin/env python3
"""handleguard-check scenarios that need more than one command: temporary
trees with .clang-tidy files, the result cache across runs, -j, SARIF and
JSON reports, --fix and --export-fixes, a CMake project using the checker as
CMAKE_C_CLANG_TIDY, and --diff in a throwaway git repository.

  scenarios.py --checker BIN --source-dir DIR [--cmake BIN] SCENARIO

Each scenario prints what went wrong and exits 1, or exits 0; 77 means
skipped (a tool it needs is missing).  Run with --list to see them.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

SKIP = 77

# A handle whose op forgets to enter the guard, and a box freed by a
# configurable deallocator.
HANDLE_H = """\
#include <handleguard.h>
struct inner { int value; };
typedef struct box { hg_guard guard; struct inner *inner; } box;
void my_free(void *p);
"""
PEEK_C = """\
#include "box.h"
int box_peek(box *b) { return b->inner->value; }
void box_destroy(box *b) { my_free(b); }
"""
MUTEX_C = """\
#include <pthread.h>
struct counter { pthread_mutex_t mu; int n; };
void counter_inc(struct counter *c) { pthread_mutex_lock(&c->mu); c->n++; pthread_mutex_unlock(&c->mu); }
int counter_get(struct counter *c) { return c->n; }
"""


class Failure(Exception):
    pass


class Env:
    def __init__(self, args, tmp):
        self.checker = args.checker
        self.src = args.source_dir
        self.cmake = args.cmake
        self.tmp = tmp
        self.include = os.path.join(args.source_dir, "include")
        self.env = dict(os.environ)
        self.env["XDG_CACHE_HOME"] = os.path.join(tmp, "xdg-cache")
        self.env.pop("CPATH", None)

    def path(self, *parts):
        return os.path.join(self.tmp, *parts)

    def write(self, rel, text):
        p = self.path(rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w") as f:
            f.write(text)
        return p

    def run(self, args, cwd=None, rc=None, env=None):
        proc = subprocess.run([self.checker] + args, cwd=cwd or self.tmp, env=env or self.env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)
        if rc is not None and proc.returncode != rc:
            raise Failure("exit status %d, expected %d: %s\n--- stdout ---\n%s--- stderr ---\n%s"
                          % (proc.returncode, rc, " ".join(args), proc.stdout, proc.stderr))
        return proc


def expect(cond, what, proc=None):
    if not cond:
        extra = ""
        if proc is not None:
            extra = "\n--- stdout ---\n%s--- stderr ---\n%s" % (proc.stdout, proc.stderr)
        raise Failure(what + extra)


def checks_in(text):
    return re.findall(r"\[(handleguard-[a-z-]+)[\],]", text)


def box_tree(e):
    e.write("box.h", HANDLE_H)
    return e.write("peek.c", PEEK_C)


# ---- .clang-tidy configuration ---------------------------------------------------------------

def config_disables_check(e):
    box_tree(e)
    p = e.run(["--no-cache", "peek.c", "--"], rc=0)
    expect("handleguard-access-before-enter" in checks_in(p.stdout), "the check runs by default", p)
    e.write(".clang-tidy", "Checks: '-handleguard-access-before-enter'\n")
    p = e.run(["--no-cache", "peek.c", "--"], rc=0)
    expect("handleguard-access-before-enter" not in checks_in(p.stdout), ".clang-tidy disables it", p)
    # the command line's globs come after the file's
    p = e.run(["--no-cache", "--checks=handleguard-access-before-enter", "peek.c", "--"], rc=0)
    expect("handleguard-access-before-enter" in checks_in(p.stdout), "--checks re-enables it", p)


def config_changes_options(e):
    box_tree(e)
    p = e.run(["--no-cache", "peek.c", "--"], rc=0)
    expect("handleguard-box-freed" not in checks_in(p.stdout), "my_free is no deallocator by default", p)
    e.write(".clang-tidy", "CheckOptions:\n  handleguard.Deallocators: 'free;my_free'\n")
    p = e.run(["--no-cache", "peek.c", "--"], rc=0)
    expect("handleguard-box-freed" in checks_in(p.stdout), "Deallocators from .clang-tidy", p)
    e.write("mutex/counter.c", MUTEX_C)
    p = e.run(["--no-cache", "mutex/counter.c", "--"], rc=0)
    expect(not checks_in(p.stdout), "no mutex protocol by default", p)
    e.write("mutex/.clang-tidy", "CheckOptions:\n  handleguard.Profile: pthread-mutex\n")
    p = e.run(["--no-cache", "mutex/counter.c", "--"], rc=0)
    expect(checks_in(p.stdout) == ["handleguard-access-before-enter"], "the Profile of the nearest file", p)


def config_inherits_and_promotes(e):
    box_tree(e)
    e.write(".clang-tidy", "WarningsAsErrors: 'handleguard-*'\n")
    os.makedirs(e.path("sub"))
    shutil.copy(e.path("box.h"), e.path("sub", "box.h"))
    shutil.copy(e.path("peek.c"), e.path("sub", "peek.c"))
    e.write("sub/.clang-tidy", "InheritParentConfig: true\nChecks: '-*,handleguard-access-before-enter'\n")
    p = e.run(["--no-cache", "sub/peek.c", "--"], rc=1)
    expect("[handleguard-access-before-enter,-warnings-as-errors]" in p.stdout, "inherited WarningsAsErrors", p)
    e.write("sub/.clang-tidy", "Checks: '-*,handleguard-access-before-enter'\n")
    e.run(["--no-cache", "sub/peek.c", "--"], rc=0)


def config_invalid_key(e):
    box_tree(e)
    e.write(".clang-tidy", "Checks: '-*,handleguard-*'\nChekcs: 'x'\n")
    p = e.run(["--no-cache", "peek.c", "--"], rc=2)
    expect(re.search(r"\.clang-tidy:2:1: error: unknown key 'Chekcs' \(did you mean 'Checks'\?\)", p.stderr),
           "the error names file, line and column", p)
    expect(p.stdout == "", "nothing is analysed", p)
    e.write(".clang-tidy", "CheckOptions:\n  handleguard.Profile: rundwn\n")
    p = e.run(["--no-cache", "peek.c", "--"], rc=2)
    expect(re.search(r"\.clang-tidy:2:24: error: unknown profile 'rundwn'", p.stderr), "bad option value", p)


def config_command_line(e):
    box_tree(e)
    e.write(".clang-tidy", "Checks: '-*'\n")   # replaced by --config / --config-file
    p = e.run(["--no-cache", "--config={Checks: '-*,handleguard-box-freed', "
               "CheckOptions: {handleguard.Deallocators: my_free}}", "peek.c", "--"], rc=0)
    expect(checks_in(p.stdout) == ["handleguard-box-freed"], "--config replaces the file", p)
    e.write("alt.yaml", "Checks: '-*,handleguard-access-before-enter'\n")
    p = e.run(["--no-cache", "--config-file=alt.yaml", "peek.c", "--"], rc=0)
    expect(checks_in(p.stdout) == ["handleguard-access-before-enter"], "--config-file", p)
    p = e.run(["--config=Checks: x", "--config-file=alt.yaml", "peek.c", "--"], rc=2)
    expect("mutually exclusive" in p.stderr, "--config with --config-file", p)
    p = e.run(["--config={Checks: '-*,handleguard-box-freed', Bogus: 1}", "peek.c", "--"], rc=2)
    expect(re.search(r"--config:1:\d+: error: unknown key 'Bogus'", p.stderr), "--config errors have a position", p)
    p = e.run(["--config-file=missing.yaml", "peek.c", "--"], rc=2)
    expect("cannot read configuration file" in p.stderr, "unreadable --config-file", p)


def config_dump_and_verify(e):
    box_tree(e)
    e.write(".clang-tidy", "Checks: '-*,handleguard-box-freed'\nHeaderFilterRegex: 'box\\.h'\n"
            "CheckOptions:\n  handleguard.Deallocators: 'free;my_free'\n")
    p = e.run(["--dump-config", "--warnings-as-errors=handleguard-box-freed", "peek.c"], rc=0)
    expect("Checks: '-*,handleguard-box-freed'" in p.stdout, "dumped Checks", p)
    expect("WarningsAsErrors: 'handleguard-box-freed'" in p.stdout, "dumped command-line globs", p)
    expect("HeaderFilterRegex: 'box\\.h'" in p.stdout and "handleguard.Deallocators: 'free;my_free'" in p.stdout,
           "dumped options", p)
    # the dump reads back as the same configuration
    e.write("dumped.yaml", p.stdout)
    q = e.run(["--dump-config", "--config-file=dumped.yaml", "peek.c"], rc=0)
    expect(q.stdout == p.stdout, "dump, read, dump is stable", q)
    p = e.run(["--verify-config", "peek.c"], rc=0)
    expect(p.stdout == "No config errors detected.\n", "verify-config on a good file", p)
    e.write(".clang-tidy", "Checks: '-*,handleguard-box-fred'\n")
    p = e.run(["--verify-config", "peek.c"], rc=1)
    expect("'handleguard-box-fred' matches no handleguard check" in p.stderr, "a misspelt check", p)
    p = e.run(["--list-checks", "peek.c"], rc=2)
    expect("No checks enabled." in p.stderr, "list-checks uses the file's configuration", p)


def config_header_filter(e):
    e.write("inc/pub.h", "#include <handleguard.h>\nstruct h { hg_guard *guard; int *inner; };\n")
    e.write("a.c", "#include \"inc/pub.h\"\nint f(struct h *x) { return x != 0; }\n")
    p = e.run(["--no-cache", "a.c", "--"], rc=0)
    expect(not checks_in(p.stdout) and "non-user code" in p.stderr, "headers hidden by default", p)
    e.write(".clang-tidy", "HeaderFilterRegex: 'inc/'\n")
    p = e.run(["--no-cache", "a.c", "--"], rc=0)
    expect(checks_in(p.stdout) == ["handleguard-guard-not-inline"], "HeaderFilterRegex from .clang-tidy", p)
    e.write(".clang-tidy", "HeaderFilterRegex: 'inc/'\nExcludeHeaderFilterRegex: 'pub'\n")
    p = e.run(["--no-cache", "a.c", "--"], rc=0)
    expect(not checks_in(p.stdout), "ExcludeHeaderFilterRegex", p)
    p = e.run(["--no-cache", "--exclude-header-filter=nothing", "a.c", "--"], rc=0)
    expect(checks_in(p.stdout) == ["handleguard-guard-not-inline"], "--exclude-header-filter wins", p)
    # a system header: nothing is reported there (the checks do not analyse
    # system code), with or without --system-headers / SystemHeaders
    e.write("sys/a.c", "#include <pub.h>\nint f(struct h *x) { return x != 0; }\n")
    sysargs = ["--no-cache", "--header-filter=.*", "sys/a.c", "--", "-isystem", e.path("inc")]
    for extra in ([], ["--system-headers"]):
        p = e.run(extra + sysargs, rc=0)
        expect(not checks_in(p.stdout), "system headers %s" % extra, p)
    e.write("sys/.clang-tidy", "SystemHeaders: true\n")
    p = e.run(["--dump-config", "sys/a.c"], rc=0)
    expect("SystemHeaders: true" in p.stdout, "SystemHeaders is read", p)


# ---- the result cache -------------------------------------------------------------------------

def cache_stats(text):
    m = re.search(r"cache: (\d+) hits?, (\d+) miss(?:es)?, (\d+) stored, (\d+) unreadable", text)
    return tuple(int(x) for x in m.groups()) if m else None


def cache_replays_and_invalidates(e):
    box_tree(e)
    e.write(".clang-tidy", "CheckOptions:\n  handleguard.Deallocators: 'free;my_free'\n")
    args = ["--cache-dir=cache", "--cache-stats", "peek.c", "--"]
    cold = e.run(args, rc=0)
    expect(cache_stats(cold.stderr) == (0, 1, 1, 0), "first run stores", cold)
    warm = e.run(args, rc=0)
    expect(cache_stats(warm.stderr) == (1, 0, 0, 0), "second run replays", warm)
    expect(warm.stdout == cold.stdout and warm.stdout.count("note:") == cold.stdout.count("note:"),
           "the replay prints the same diagnostics, notes included", warm)
    strip = lambda s: re.sub(r"cache: .*\n", "", s)
    expect(strip(warm.stderr) == strip(cold.stderr), "and the same statistics", warm)
    # an included header changes: the entry is stale
    e.write("box.h", HANDLE_H.replace("hg_guard guard;", "hg_guard *guard;"))
    changed = e.run(args, rc=0)
    expect(cache_stats(changed.stderr) == (0, 1, 1, 0), "a changed header is a miss", changed)
    again = e.run(["--header-filter=.*"] + args, rc=0)
    expect(cache_stats(again.stderr) == (1, 0, 0, 0), "the header filter is not part of the key", again)
    expect("box.h" in again.stdout and "handleguard-guard-not-inline" in again.stdout,
           "header diagnostics are replayed too", again)
    # the configuration is part of the key
    e.write(".clang-tidy", "CheckOptions:\n  handleguard.Deallocators: 'free'\n")
    p = e.run(args, rc=0)
    expect(cache_stats(p.stderr)[1] == 1 and "handleguard-box-freed" not in p.stdout, "a new option is a miss", p)
    p = e.run(["--no-cache", "--cache-stats", "peek.c", "--"], rc=0)
    expect("cache: not used" in p.stderr, "--no-cache", p)


def cache_survives_corruption(e):
    box_tree(e)
    args = ["--cache-dir=cache", "--cache-stats", "peek.c", "--"]
    cold = e.run(args, rc=0)
    files = [os.path.join(d, f) for d, _, fs in os.walk(e.path("cache")) for f in fs]
    entries = [f for f in files if f.endswith(".json")]
    expect(len(entries) == 1, "one entry: %s" % files)
    expect(not [f for f in files if ".tmp-" in f], "no temporary file is left")
    for garbage in ("", "{\"format\": 1, \"key\": ", "\x00\xff binary", json.dumps({"format": 1})):
        with open(entries[0], "w") as f:
            f.write(garbage)
        p = e.run(args, rc=0)
        expect(p.stdout == cold.stdout, "a corrupt entry is ignored and the file parsed again", p)
        st = cache_stats(p.stderr)
        expect(st[0] == 0 and st[1] == 1 and st[3] == 1, "counted as unreadable: %s" % (st,), p)
    p = e.run(args, rc=0)
    expect(cache_stats(p.stderr) == (1, 0, 0, 0), "and rewritten", p)
    # entries unused for 30 days go, at most once a day
    month_ago = os.stat(entries[0]).st_mtime - 31 * 24 * 3600
    os.utime(entries[0], (month_ago, month_ago))
    e.run(args, rc=0)
    expect(os.path.exists(entries[0]), "not trimmed twice a day")
    os.utime(entries[0], (month_ago, month_ago))
    os.unlink(e.path("cache", ".last-trim"))
    p = e.run(args, rc=0)
    expect(cache_stats(p.stderr) == (0, 1, 1, 0), "an old entry is trimmed before use", p)
    # a cache directory that cannot be used is a warning, not a failure
    e.write("blocker", "a file, not a directory\n")
    p = e.run(["--cache-dir=blocker/cache", "peek.c", "--"], rc=0)
    expect("running without the cache" in p.stderr and p.stdout == cold.stdout, "unusable cache directory", p)


def cache_default_directory(e):
    box_tree(e)
    e.run(["peek.c", "--"], rc=0)
    d = os.path.join(e.env["XDG_CACHE_HOME"], "handleguard")
    expect(os.path.isdir(d) and any(fs for _, _, fs in os.walk(d)), "entries under $XDG_CACHE_HOME/handleguard")


# ---- -j ----------------------------------------------------------------------------------------

def jobs_keep_input_order(e):
    files = sorted(os.path.join(d, f) for d, _, fs in os.walk(os.path.join(e.src, "testdata"))
                   for f in fs if f.endswith(".c") and "profiles" not in d)
    files.append(os.path.join(e.src, "checker/tests/cli/fixtures/broken.c"))
    base = ["--no-cache"] + files + ["--", "-std=c11"]
    one = e.run(["-j1"] + base)
    expect(one.returncode == 2 and "Found compiler error(s)." in one.stderr, "the broken file fails", one)
    for j in ("-j4", "-j=3", "--j=2"):
        many = e.run([j] + base)
        expect(many.returncode == one.returncode and many.stdout == one.stdout and many.stderr == one.stderr,
               "%s gives byte-identical output to -j1" % j, many)
    p = e.run(["-jx", "a.c", "--"], rc=2)
    expect("invalid -j" in p.stderr, "a bad -j", p)


def progress_on_terminal(e):
    if not shutil.which("script"):
        sys.exit(SKIP)
    box_tree(e)
    shutil.copy(e.path("peek.c"), e.path("peek2.c"))
    cmd = " ".join([e.checker, "--no-cache", "peek.c", "peek2.c", "--", "2>err.txt", ">/dev/null"])
    subprocess.run(["script", "-qec", cmd, "/dev/null"], cwd=e.tmp, env=e.env, stdout=subprocess.DEVNULL)
    err = open(e.path("err.txt")).read()
    expect("\r" not in err and "[1/2] Processing file" in err, "stderr in a file: clang-tidy's lines (%r)" % err)
    cmd = " ".join([e.checker, "--no-cache", "peek.c", "peek2.c", "--", ">/dev/null"])
    p = subprocess.run(["script", "-qec", cmd, "/dev/null"], cwd=e.tmp, env=e.env, stdout=subprocess.PIPE)
    out = p.stdout.decode("utf-8", "replace")
    expect("\r\033[K[1/2] peek.c" in out and "\r\033[K[2/2] peek2.c" in out, "progress rewritten in place: %r" % out)
    expect("Processing file" not in out, "instead of clang-tidy's lines: %r" % out)


# ---- reports -------------------------------------------------------------------------------------

def validate_sarif(doc, want_related):
    expect(doc.get("version") == "2.1.0" and "$schema" in doc, "SARIF version and schema")
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    expect(rules and all(r.get("id", "").startswith("handleguard-") and r.get("helpUri") for r in rules),
           "every rule has an id and a helpUri")
    ids = {r["id"] for r in rules}
    results = run["results"]
    expect(results, "some results")
    related = 0
    for r in results:
        expect(r["ruleId"] in ids or r["ruleId"] == "clang-tidy-nolint", "known ruleId %s" % r["ruleId"])
        expect(r["message"]["text"], "a message")
        loc = r["locations"][0]["physicalLocation"]
        expect(loc["artifactLocation"]["uri"] and loc["region"]["startLine"] >= 1, "a location")
        for n in r.get("relatedLocations", []):
            expect(n["physicalLocation"]["region"]["startLine"] >= 1 and n["message"]["text"], "a note")
            related += 1
    expect(related >= want_related, "notes as relatedLocations (%d)" % related)


def reports_sarif_and_json(e):
    src = os.path.join(e.src, "examples/kvstore-broken/kvstore_broken.c")
    base = ["--no-cache", src, "--", "-std=c11", "-I" + os.path.dirname(src)]
    text = e.run(base, cwd=e.src)
    notes = text.stdout.count("note:")
    sarif = e.run(["--format=sarif"] + base, cwd=e.src, rc=text.returncode)
    validate_sarif(json.loads(sarif.stdout), notes)
    run = json.loads(sarif.stdout)["runs"][0]
    expect(len(run["results"]) == len(re.findall(r": (?:warning|error): ", text.stdout)), "one result per diagnostic")
    expect(all(r["locations"][0]["physicalLocation"]["artifactLocation"].get("uriBaseId") == "%SRCROOT%"
               for r in run["results"]), "paths relative to %SRCROOT%")
    js = e.run(["--format=json"] + base, rc=text.returncode)
    arr = json.loads(js.stdout)
    expect(isinstance(arr, list) and arr and all({"file", "line", "column", "check", "message", "notes"} <= set(x)
                                                  for x in arr), "the JSON array", js)
    # --output: the file gets the report, stdout nothing; an old file is replaced whole
    e.write("out/report.sarif", "old contents\n")
    p = e.run(["--format=sarif", "--output=" + e.path("out/report.sarif")] + base, cwd=e.src, rc=text.returncode)
    expect(p.stdout == "", "nothing on stdout with --output", p)
    with open(e.path("out/report.sarif")) as f:
        expect(json.load(f) == json.loads(sarif.stdout), "--output holds the report")
    expect(os.listdir(e.path("out")) == ["report.sarif"], "no temporary file is left")
    os.chmod(e.path("out"), 0o500)
    if os.access(e.path("out"), os.W_OK):   # root writes anyway: nothing to learn
        os.chmod(e.path("out"), 0o700)
    else:
        p = e.run(["--format=sarif", "--output=" + e.path("out/report.sarif")] + base, cwd=e.src, rc=2)
        expect("cannot write" in p.stderr, "an unwritable --output is an error", p)
        os.chmod(e.path("out"), 0o700)
    p = e.run(["--output=" + e.path("out/report.txt")] + base, cwd=e.src, rc=text.returncode)
    expect(p.stdout == "" and open(e.path("out/report.txt")).read() == text.stdout, "--output with text", p)
    p = e.run(["--format=xml"] + base, rc=2)
    expect("invalid --format" in p.stderr, "an unknown format", p)
    # NOLINT pairing errors become results too
    fx = os.path.join(e.src, "checker/tests/cli/fixtures/nolint_unmatched.c")
    p = e.run(["--no-cache", "--format=sarif", fx, "--"], rc=1)
    doc = json.loads(p.stdout)
    validate_sarif(doc, 0)
    expect(any(r["ruleId"] == "clang-tidy-nolint" for r in doc["runs"][0]["results"]), "clang-tidy-nolint result", p)


# ---- fix-its --------------------------------------------------------------------------------------

def fixes_apply_and_export(e):
    fixtures = os.path.join(e.src, "checker/tests/cli/fixtures")
    files = ["format.c", "fixits.c"]
    for f in files:
        shutil.copy(os.path.join(fixtures, f), e.path(f))
    before = {f: open(e.path(f)).read() for f in files}
    p = e.run(["--no-cache", "--export-fixes=fixes.yaml"] + files + ["--"], rc=0)
    with open(e.path("fixes.yaml")) as f:
        yaml_text = f.read()
    expect(yaml_text.startswith("---\nMainSourceFile: '%s'" % e.path("format.c")), "the export's header")
    # The engine attaches fix-its to both fixtures (cli-fixit-hints shows them):
    # an export without replacements is a failure, not a reason to skip.
    expect("ReplacementText" in yaml_text, "the export carries the fix-its:\n" + yaml_text, p)
    expect("\n      |   /* handle box leaked on purpose" in p.stdout, "the text output shows the fix-it", p)
    p = e.run(["--no-cache", "--fix"] + files + ["--"], rc=0)
    expect(all(open(e.path(f)).read() != before[f] for f in files), "--fix changed the files", p)
    expect("note: FIX-IT applied suggested code changes" in p.stdout, "FIX-IT notes", p)
    expect(re.search(r"handleguard-check applied (\d+) of \1 suggested fixes\.", p.stderr), "the count", p)
    expect(not [f for f in os.listdir(e.tmp) if "hgfix" in f], "no temporary file is left")
    q = e.run(["--no-cache"] + files + ["--"], rc=0)
    expect(not checks_in(q.stdout), "nothing left to report after --fix", q)
    cc = shutil.which("clang-19") or shutil.which("clang")
    if cc:
        c = subprocess.run([cc, "-fsyntax-only", "-I" + e.include] + files, cwd=e.tmp,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True)
        expect(c.returncode == 0, "the fixed files compile:\n" + c.stdout)
    # with compiler errors the fixes are not applied unless --fix-errors
    shutil.copy(os.path.join(fixtures, "format.c"), e.path("format.c"))
    broken = os.path.join(fixtures, "broken.c")
    p = e.run(["--no-cache", "--fix", "format.c", broken, "--"], rc=2)
    expect("Fixes have NOT been applied." in p.stderr and open(e.path("format.c")).read() == before["format.c"],
           "--fix refuses with compiler errors", p)
    p = e.run(["--no-cache", "--fix-errors", "format.c", broken, "--"], rc=2)
    expect(open(e.path("format.c")).read() != before["format.c"], "--fix-errors applies them anyway", p)


def fixes_export_without_diagnostics(e):
    e.write("ok.c", "int ok(void) { return 0; }\n")
    e.write("fixes.yaml", "old\n")
    e.run(["--no-cache", "--export-fixes=fixes.yaml", "ok.c", "--"], rc=0)
    expect(open(e.path("fixes.yaml")).read() == "old\n", "no diagnostics: no file written (clang-tidy)")
    box_tree(e)
    p = e.run(["--no-cache", "--export-fixes=-", "peek.c", "--"], rc=0)
    expect("DiagnosticName: handleguard-access-before-enter" in p.stdout, "--export-fixes=- writes stdout", p)


# ---- CMake's <LANG>_CLANG_TIDY ------------------------------------------------------------------------

def cmake_build(e, extra_tidy, expect_ok):
    proj = e.path("proj")
    if not os.path.isdir(proj):
        shutil.copytree(os.path.join(e.src, "checker/tests/cli/dropin"), proj)
    build = e.path("proj-build")
    shutil.rmtree(build, ignore_errors=True)
    tidy = ";".join([e.checker, "--checks=-*,handleguard-*"] + extra_tidy)
    conf = subprocess.run([e.cmake, "-S", proj, "-B", build, "-DHG_INCLUDE_DIR=" + e.include,
                           "-DCMAKE_C_CLANG_TIDY=" + tidy], env=e.env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, universal_newlines=True)
    expect(conf.returncode == 0, "configure:\n" + conf.stdout)
    b = subprocess.run([e.cmake, "--build", build], env=e.env, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, universal_newlines=True)
    expect((b.returncode == 0) == expect_ok, "build exit status %d:\n%s" % (b.returncode, b.stdout))
    return b.stdout


def cmake_drop_in(e):
    if not e.cmake:
        sys.exit(SKIP)
    out = cmake_build(e, [], True)
    expect(re.search(r"counter\.c:19:10: warning: inner field 'inner' of handle 'c' accessed before hg_try_enter"
                     r"[^\n]*\[handleguard-access-before-enter\]", out),
           "the diagnostic appears in the build output:\n" + out)
    expect("DROPIN_BUILD" not in out, "the project's definitions reached the checker:\n" + out)


def cmake_drop_in_warnings_as_errors(e):
    if not e.cmake:
        sys.exit(SKIP)
    cmake_build(e, [], True)
    e.write("proj/.clang-tidy", "WarningsAsErrors: 'handleguard-*'\n")
    out = cmake_build(e, [], False)
    expect("[handleguard-access-before-enter,-warnings-as-errors]" in out, "the error is shown:\n" + out)


# ---- --line-filter and --diff ---------------------------------------------------------------------------

def git(e, *args, cwd=None):
    p = subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"]
                       + list(args), cwd=cwd or e.path("repo"), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       universal_newlines=True)
    expect(p.returncode == 0, "git %s: %s" % (" ".join(args), p.stdout))


def line_filter(e):
    box_tree(e)
    p = e.run(["--no-cache", "--config={CheckOptions: {handleguard.Deallocators: my_free}}",
               '--line-filter=[{"name":"peek.c","lines":[[3,3]]}]', "peek.c", "--"], rc=0)
    expect(checks_in(p.stdout) == ["handleguard-box-freed"], "only line 3", p)
    expect("1 due to line filter" in p.stderr, "counted as clang-tidy counts", p)
    p = e.run(["--no-cache", '--line-filter=[{"name":"other.c"}]', "peek.c", "--"], rc=0)
    expect(not checks_in(p.stdout), "a file the filter does not name reports nothing", p)
    p = e.run(["--no-cache", "--line-filter=[{name}]", "peek.c", "--"], rc=2)
    expect("invalid --line-filter" in p.stderr, "malformed JSON", p)


def diff_mode(e):
    if not shutil.which("git"):
        sys.exit(SKIP)
    os.makedirs(e.path("repo", "src"))
    e.write("repo/src/box.h", HANDLE_H)
    e.write("repo/src/peek.c", PEEK_C)
    e.write("repo/src/other.c", "#include \"box.h\"\nint other_peek(box *b) { return b->inner->value; }\n")
    git(e, "init", "-q")
    git(e, "add", ".")
    git(e, "commit", "-q", "-m", "base")
    with open(e.path("repo/src/peek.c"), "a") as f:
        f.write("int box_peek2(box *b) {\n  return b->inner->value;\n}\n")
    p = e.run(["--no-cache", "--diff", "src/peek.c", "src/other.c", "--"], cwd=e.path("repo"), rc=0)
    lines = re.findall(r"peek\.c:(\d+):\d+: warning", p.stdout)
    expect(lines == ["5"] and "other.c" not in p.stdout, "only the added function", p)
    # without files: the changed C files of the tree
    p = e.run(["--no-cache", "--diff", "--", "-std=c11"], cwd=e.path("repo"), rc=0)
    expect(re.findall(r"(\w+)\.c:(\d+):\d+: warning", p.stdout) == [("peek", "5")], "changed files only", p)
    # with -p and no files: the database entries whose file changed
    db = [{"directory": e.path("repo"), "file": "src/%s.c" % f, "arguments": ["cc", "-c", "src/%s.c" % f]}
          for f in ("peek", "other")]
    e.write("repo/build/compile_commands.json", json.dumps(db))
    p = e.run(["--no-cache", "--cache-stats", "--diff", "-p", "build"], cwd=e.path("repo"), rc=0)
    expect(re.findall(r"(\w+)\.c:(\d+):\d+: warning", p.stdout) == [("peek", "5")], "changed entries only", p)
    expect("Processing file" not in p.stderr, "one entry checked, not two", p)
    git(e, "commit", "-q", "-am", "second")
    p = e.run(["--no-cache", "--diff", "src/peek.c", "--"], cwd=e.path("repo"), rc=0)
    expect(not checks_in(p.stdout), "nothing changed against HEAD", p)
    p = e.run(["--no-cache", "--diff=HEAD~1", "src/peek.c", "--"], cwd=e.path("repo"), rc=0)
    expect(re.findall(r"peek\.c:(\d+):\d+: warning", p.stdout) == ["5"], "--diff=<rev>", p)
    p = e.run(["--no-cache", "--diff=no-such-rev", "src/peek.c", "--"], cwd=e.path("repo"), rc=2)
    p = e.run(["--no-cache", "--diff", "--line-filter=[]", "src/peek.c", "--"], cwd=e.path("repo"), rc=2)
    expect("mutually exclusive" in p.stderr, "--diff with --line-filter", p)


SCENARIOS = {f.__name__.replace("_", "-"): f for f in [
    config_disables_check, config_changes_options, config_inherits_and_promotes, config_invalid_key,
    config_command_line, config_dump_and_verify, config_header_filter,
    cache_replays_and_invalidates, cache_survives_corruption, cache_default_directory,
    jobs_keep_input_order, progress_on_terminal, reports_sarif_and_json, fixes_apply_and_export, fixes_export_without_diagnostics,
    cmake_drop_in, cmake_drop_in_warnings_as_errors, line_filter, diff_mode,
]}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checker")
    ap.add_argument("--source-dir")
    ap.add_argument("--cmake")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("scenario", nargs="?")
    args = ap.parse_args()
    if args.list:
        print("\n".join(SCENARIOS))
        return 0
    if args.scenario not in SCENARIOS:
        ap.error("unknown scenario %r" % args.scenario)
    args.checker = os.path.abspath(args.checker)
    args.source_dir = os.path.abspath(args.source_dir)
    with tempfile.TemporaryDirectory(prefix="hg-scenario-") as tmp:
        tmp = os.path.realpath(tmp)
        try:
            SCENARIOS[args.scenario](Env(args, tmp))
        except Failure as f:
            print("FAIL %s: %s" % (args.scenario, f))
            return 1
    print("ok %s" % args.scenario)
    return 0


if __name__ == "__main__":
    sys.exit(main())
