#!/usr/bin/env python3
r"""Regenerates the snippet goldens of checker/tests/fixes/render/ from
clang-tidy 19 itself.

Each case is <name>.c (the source), <name>.spec (diagnostics: "D <offset>
[<check> <message>]", then "F <begin> <end> <text>" fix-its and "R <begin>
<end>" highlighted ranges; in <text> \n, \t and \s stand for newline, tab and
space, \e for nothing), <name>.expected (clang-tidy's stdout, the file's path
written @FILE@) and, for the cases run with --fix, <name>.fix.expected (stdout,
"-- stderr --", the summary line) and <name>.fixed (the file afterwards).

The oracle-fixit check (oracle.cpp, a clang-tidy plugin) reports the
diagnostics of a spec with exactly those fix-its and ranges:

  clang++-19 -std=c++17 -shared -fPIC -fno-rtti -I/usr/lib/llvm-19/include \
      oracle.cpp -o /tmp/oracle.so
  ORACLE_SO=/tmp/oracle.so python3 gen_goldens.py ..

real_checks.* come from clang-tidy's own checks instead (--real, needs
PyYAML): r.c run through five readability/bugprone checks, their exported
fixes and ranges turned into the spec.
"""
import os, subprocess, shutil, sys, tempfile
OUT = sys.argv[1]
ORACLE = os.environ.get("ORACLE_SO", "/tmp/oracle.so")
WORK = tempfile.mkdtemp(prefix="hg-goldens-")
os.makedirs(OUT, exist_ok=True)
def esc(t):
    return "".join({"\n": "\\n", "\t": "\\t", " ": "\\s", "\\": "\\\\"}.get(c, c) for c in t) or "\\e"

def case(name, src, diags, fix=False):
    """diags: list of (caret_needle_or_offset, [(kind, begin, end, text)]); begin/end may be
    (needle, delta) pairs resolved with src.find."""
    data = src.encode("utf-8", "surrogateescape")
    def off(x):
        if isinstance(x, int): return x
        needle, delta = x
        i = data.find(needle.encode("utf-8", "surrogateescape"))
        assert i >= 0, (name, needle)
        return i + delta
    lines = []
    for caret, items in diags:
        lines.append("D %d" % off(caret))
        for kind, b, e, t in items:
            if kind == "R": lines.append("R %d %d" % (off(b), off(e)))
            else: lines.append("F %d %d %s" % (off(b), off(e), esc(t)))
    spec = "\n".join(lines) + "\n"
    work = os.path.join(WORK, name)
    os.makedirs(work)
    cpath = os.path.join(work, name + ".c")
    open(cpath, "wb").write(data)
    open(os.path.join(work, "spec"), "w").write(spec)
    env = dict(os.environ, ORACLE_SPEC=os.path.join(work, "spec"))
    cmd = ["clang-tidy-19", "--load=" + ORACLE, "--checks=-*,oracle-fixit", cpath, "--"]
    r = subprocess.run(cmd, capture_output=True, env=env, cwd=work)
    assert b"error:" not in r.stdout, r.stdout
    open(os.path.join(OUT, name + ".c"), "wb").write(data)
    open(os.path.join(OUT, name + ".spec"), "w").write(spec)
    open(os.path.join(OUT, name + ".expected"), "wb").write(r.stdout.replace(cpath.encode(), b"@FILE@"))
    if fix:
        r = subprocess.run(cmd[:-2] + ["--fix"] + cmd[-2:], capture_output=True, env=env, cwd=work)
        summ = b"\n".join(l for l in r.stderr.split(b"\n") if b"applied" in l)
        open(os.path.join(OUT, name + ".fix.expected"), "wb").write(
            r.stdout.replace(cpath.encode(), b"@FILE@") + b"-- stderr --\n" + summ + b"\n")
        shutil.copy(cpath, os.path.join(OUT, name + ".fixed"))

F = "F"; R = "R"
case("braces", "int f(int x) {\n  if (x)\n    return 1;\n  return 0;\n}\n",
     [(("(x)", 3), [(F, ("(x)", 3), ("(x)", 3), " {"), (F, ("1;", 2), ("1;", 2), "\n}")])], fix=True)
case("replace_on_line",
     "struct s { int abcdef, abcdeg; };\nint f(struct s *p) { return p->abcdeg + p->abcdeg; }\n",
     [(("abcdeg", 0), [(F, ("abcdeg", 0), ("abcdeg", 6), "abcdef"), (F, ("abcdeg +", 11), ("abcdeg +", 17), "abcdef")])],
     fix=True)
case("tab_in_hint",
     "int f(int a) {\n\tint v = a + a * a - a * a + a;\n  return v;\n}\n",
     [(("v =", 0), [(F, ("\tint v", 0), ("\tint v", 0), "\tq"), (F, ("- a *", 0), ("- a *", 3), "\t")])])
case("crlf_range",
     "int f(int a) {\r\n  int v = a + 1;  \r\n  // comment\r\n  return v;\r\n}\r\n",
     [(("return", 0), [(R, (";  \r\n", 4), ("comment", 3), None)])])
case("comment_removal",
     "int f(int a) {\n  // ok  then\n  int v = a;\n  return v;\n}\n",
     [(("int v", 0), [(F, ("ok  ", 2), ("v = a", 1), "")])], fix=True)
case("merge_adjacent",
     "int b, c;\nint a(void) { return b + c; }\nint d(void) { return b + c; }\n",
     [(("return b", 7), [(F, ("return b", 7), ("return b", 8), "")]),
      (("b + c; }\nint d", 0), [(F, ("{ return b + c; }\nint d", 2), ("{ return b + c; }\nint d", 8), ""),
                                  (F, ("{ return b + c; }\nint d", 8), ("{ return b + c; }\nint d", 9), "X")])],
     fix=True)
case("removal_join",
     "int ab, cd, x;\nint f(void) { return ab + x * cd; }\n",
     [(("+ x", 0), [(F, ("+ x", 0), ("+ x", 5), "")])], fix=True)
case("removal_at_start",
     "static int x;\nint y;\n",
     [((0), [(F, 0, 6, "")])], fix=True)
case("out_of_range",
     "int f(void) { return 1; }\n",
     [(("return", 0), [(F, ("return", 0), ("return", 6), "yield"), (F, 500, 500, "x")])])
case("utf8_display",
     "int f(int a) {\n  /* é日本\tx \udcff \x01 zw\u200bsp soft\u00adhy e\u0301 */ return a + a;\n}\n",
     [(("return", 0), [(F, ("a + a", 0), ("a + a", 1), "日本"), (F, ("a + a", 4), ("a + a", 5), "é"),
                        (R, ("/*", 0), ("*/", 2), None)])], fix=True)
case("many_lines",
     "int f(int a) {\n" + "".join("  a = a + %d;\n" % i for i in range(30)) + "  return a;\n}\n",
     [(("a = a + 20;", 0), [(F, ("a = a + 1;", 0), ("a = a + 28;", 11), "")]),
      (("a = a + 5;", 0), [(R, ("a = a + 2;", 0), ("a = a + 3;", 0), None)])])
case("hints_collide",
     "int f(int a) { return a+a+a; }\n",
     [(("a+a+a", 0), [(F, ("a+a+a", 0), ("a+a+a", 0), "longlonglong"), (F, ("a+a+a", 2), ("a+a+a", 2), "x"),
                      (F, ("a+a+a", 4), ("a+a+a", 4), "y")])])
case("insert_at_eof",
     "int x;",
     [(("x;", 0), [(F, ("x;", 2), ("x;", 2), "\n")])], fix=True)
case("removal_join_tight",
     "int ab, cd, x;\nint f(void) { return ab+x*cd; }\n",
     [(("+x", 0), [(F, ("+x", 0), ("+x", 3), "")])], fix=True)
case("two_edits",
     "int f(int a) {\n  return a;\n}\n",
     [(("return", 0), [(F, ("return a", 7), ("return a", 8), "(a)"), (F, ("}", 1), ("}", 1), "\n// end\n")])], fix=True)

case("crlf_at_lf",
     "int f(int a) {\r\n  // \u00ad\r\n  return a;\r\n}\r\n",
     [(("return", 0), [(F, ("\u00ad\r\n", 1), ("\u00ad\r\n", 1), "Q"),
                       (F, ("\u00ad\r\n", 3), ("\u00ad\r\n", 3), "/*lf*/")])], fix=True)

if "--real" in sys.argv:
    import yaml
    checks = ("-*,bugprone-macro-parentheses,readability-uppercase-literal-suffix,"
              "readability-math-missing-parentheses,readability-else-after-return,"
              "readability-redundant-control-flow")
    work = os.path.join(WORK, "real")
    os.makedirs(work)
    cpath = os.path.join(work, "real_checks.c")
    shutil.copy(os.path.join(OUT, "real_checks.c"), cpath)
    y = os.path.join(work, "r.yaml")
    r = subprocess.run(["clang-tidy-19", "--checks=" + checks, "--export-fixes=" + y, cpath, "--"],
                       capture_output=True, cwd=work)
    open(os.path.join(OUT, "real_checks.expected"), "wb").write(r.stdout.replace(cpath.encode(), b"@FILE@"))
    lines = []
    for d in yaml.safe_load(open(y))["Diagnostics"]:
        m = d["DiagnosticMessage"]
        lines.append("D %d %s %s" % (m["FileOffset"], d["DiagnosticName"], m["Message"]))
        for g in m.get("Ranges") or []:
            lines.append("R %d %d" % (g["FileOffset"], g["FileOffset"] + g["Length"]))
        for g in m["Replacements"]:
            lines.append("F %d %d %s" % (g["Offset"], g["Offset"] + g["Length"], esc(g["ReplacementText"])))
    open(os.path.join(OUT, "real_checks.spec"), "w").write("\n".join(lines) + "\n")
shutil.rmtree(WORK)
