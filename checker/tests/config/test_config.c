/*
 * test_config.c - .clang-tidy lookup, merging and CheckOptions (cmocka).
 * Every test works in its own directory made with mkdtemp and removed after.
 */
#define _XOPEN_SOURCE 700

#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "options.h"
#include "tidyconfig.h"

/* ---- fixture ------------------------------------------------------------- */

typedef struct fx {
  char root[256];
  hg_tidy_loader *loader;
  char *errbuf;
  size_t errlen;
  FILE *errs;
  hg_tidy_config tc;
  bool have_tc;
} fx;

static int setup(void **state) {
  fx *f = calloc(1, sizeof *f);
  const char *tmp = getenv("TMPDIR");
  snprintf(f->root, sizeof f->root, "%s/hgcfg-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (!mkdtemp(f->root)) return -1;
  f->loader = hg_tidy_loader_new();
  f->errs = open_memstream(&f->errbuf, &f->errlen);
  *state = f;
  return 0;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
  (void)st, (void)flag, (void)ftw;
  return remove(path);
}

static int teardown(void **state) {
  fx *f = *state;
  if (f->have_tc) hg_tidy_config_free(&f->tc);
  hg_tidy_loader_free(f->loader);
  fclose(f->errs);
  free(f->errbuf);
  nftw(f->root, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
  free(f);
  return 0;
}

/* root/<rel> */
static const char *at(fx *f, const char *rel) {
  static char buf[4][512];
  static int k;
  k = (k + 1) % 4;
  snprintf(buf[k], sizeof buf[k], "%s/%s", f->root, rel);
  return buf[k];
}

/* Writes root/<rel>, making its directories. */
static void put(fx *f, const char *rel, const char *text) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", f->root, rel);
  for (char *p = path + strlen(f->root) + 1; *p; p++)
    if (*p == '/') {
      *p = '\0';
      mkdir(path, 0755);
      *p = '/';
    }
  FILE *out = fopen(path, "w");
  assert_non_null(out);
  fputs(text, out);
  fclose(out);
}

/* What was written to errs so far. */
static const char *errors(fx *f) {
  fflush(f->errs);
  return f->errbuf ? f->errbuf : "";
}

static bool load(fx *f, const char *rel) {
  if (f->have_tc) hg_tidy_config_free(&f->tc);
  f->have_tc = true;
  return hg_tidy_config_for_file(f->loader, at(f, rel), &f->tc, f->errs);
}

static bool enabled(fx *f, const char *check) { return f->tc.cfg.enabled[hg_rule_lookup(check)]; }
static bool as_error(fx *f, const char *check) { return f->tc.cfg.as_error[hg_rule_lookup(check)]; }

static size_t count(const char *hay, const char *needle) {
  size_t n = 0;
  for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle)) n++;
  return n;
}

static void assert_list(const hg_strlist *l, const char *joined) {
  char buf[512] = "";
  for (size_t i = 0; i < l->n; i++) {
    if (i) strcat(buf, ";");
    strcat(buf, l->v[i]);
  }
  assert_string_equal(buf, joined);
}

/* ---- lookup -------------------------------------------------------------- */

static void test_nearest_file(void **state) {
  fx *f = *state;
  put(f, ".clang-tidy", "Checks: '-*,handleguard-box-freed'\n");
  put(f, "a/.clang-tidy", "Checks: '-*,handleguard-op-not-left'\n");
  put(f, "a/b/c.c", "");

  assert_true(load(f, "a/b/c.c"));
  assert_string_equal(f->tc.source_path, at(f, "a/.clang-tidy"));
  assert_string_equal(f->tc.checks, "-*,handleguard-op-not-left");
  assert_true(enabled(f, "op-not-left"));
  assert_false(enabled(f, "box-freed"));

  assert_true(load(f, "x.c"));
  assert_string_equal(f->tc.source_path, at(f, ".clang-tidy"));
  assert_true(enabled(f, "box-freed"));
  assert_false(enabled(f, "op-not-left"));

  /* "." and ".." are removed before the walk, as clang-tidy does. */
  assert_true(load(f, "a/b/../../y.c"));
  assert_string_equal(f->tc.source_path, at(f, ".clang-tidy"));
  assert_true(load(f, "a/./b/z.c"));
  assert_string_equal(f->tc.source_path, at(f, "a/.clang-tidy"));

  /* A relative path is resolved against the current directory. */
  char cwd[512];
  assert_non_null(getcwd(cwd, sizeof cwd));
  assert_int_equal(chdir(at(f, "a")), 0);
  hg_tidy_config_free(&f->tc);
  bool ok = hg_tidy_config_for_file(f->loader, "b/c.c", &f->tc, f->errs);
  assert_int_equal(chdir(cwd), 0);
  assert_true(ok);
  assert_string_equal(f->tc.source_path, at(f, "a/.clang-tidy"));
  assert_string_equal(errors(f), "");
}

static void test_empty_file_skipped(void **state) {
  fx *f = *state;
  put(f, ".clang-tidy", "Checks: '-*,handleguard-box-freed'\n");
  put(f, "a/.clang-tidy", "");
  assert_true(load(f, "a/x.c"));
  assert_string_equal(f->tc.source_path, at(f, ".clang-tidy"));
}

static void test_inherit_merge_order(void **state) {
  fx *f = *state;
  put(f, ".clang-tidy",
      "Checks: '-*,handleguard-box-freed,handleguard-op-not-left'\n"
      "WarningsAsErrors: 'handleguard-*'\n"
      "HeaderFilterRegex: 'root/.*'\n"
      "CheckOptions:\n"
      "  handleguard.Deallocators: 'a;b'\n"
      "  handleguard.BlockingFunctions: 'x'\n");
  put(f, "p/.clang-tidy",
      "InheritParentConfig: true\n"
      "Checks: '-handleguard-box-freed,handleguard-racy-*'\n"
      "WarningsAsErrors: '-handleguard-op-not-left'\n"
      "CheckOptions:\n"
      "  handleguard.Deallocators: 'c'\n");

  assert_true(load(f, "p/x.c"));
  char expect[1024];
  snprintf(expect, sizeof expect, "%s, %s", at(f, ".clang-tidy"), at(f, "p/.clang-tidy"));
  assert_string_equal(f->tc.source_path, expect);
  /* parent's globs first, then the child's: the later glob wins */
  assert_string_equal(f->tc.checks,
                      "-*,handleguard-box-freed,handleguard-op-not-left,-handleguard-box-freed,"
                      "handleguard-racy-*");
  assert_false(enabled(f, "box-freed"));
  assert_true(enabled(f, "op-not-left"));
  assert_true(enabled(f, "racy-freeing-check"));
  assert_false(enabled(f, "access-before-enter"));
  assert_string_equal(f->tc.warnings_as_errors, "handleguard-*,-handleguard-op-not-left");
  assert_true(as_error(f, "box-freed"));
  assert_false(as_error(f, "op-not-left"));
  /* options: child overrides key by key, the rest is inherited */
  assert_list(&f->tc.cfg.deallocators, "c");
  assert_list(&f->tc.cfg.blocking_extra, "x");
  assert_string_equal(f->tc.header_filter, "root/.*");

  /* A middle file without InheritParentConfig cuts the chain. */
  put(f, "q/.clang-tidy", "Checks: '-*,handleguard-guard-not-inline'\n");
  put(f, "q/r/.clang-tidy", "InheritParentConfig: yes\nCheckOptions: {handleguard.GuardType: g}\n");
  assert_true(load(f, "q/r/x.c"));
  snprintf(expect, sizeof expect, "%s, %s", at(f, "q/.clang-tidy"), at(f, "q/r/.clang-tidy"));
  assert_string_equal(f->tc.source_path, expect);
  assert_string_equal(f->tc.checks, "-*,handleguard-guard-not-inline");
  assert_list(&f->tc.cfg.deallocators, "free;realloc");
  assert_string_equal(f->tc.cfg.guard_type, "g");
  assert_null(f->tc.header_filter);
  assert_string_equal(errors(f), "");
}

static void test_cached_per_directory(void **state) {
  fx *f = *state;
  put(f, ".clang-tidy", "CheckOptions: {handleguard.GuardType: first}\n");
  assert_true(load(f, "a/b/one.c"));
  assert_string_equal(f->tc.cfg.guard_type, "first");
  /* Rewritten on disk: the loader keeps what it parsed (read once). */
  put(f, ".clang-tidy", "CheckOptions: {handleguard.GuardType: second}\n");
  assert_true(load(f, "a/b/two.c"));
  assert_string_equal(f->tc.cfg.guard_type, "first");
  assert_true(load(f, "a/three.c"));
  assert_string_equal(f->tc.cfg.guard_type, "first");
  /* A new loader reads it again. */
  hg_tidy_loader_free(f->loader);
  f->loader = hg_tidy_loader_new();
  assert_true(load(f, "a/b/two.c"));
  assert_string_equal(f->tc.cfg.guard_type, "second");
}

/* ---- keys and values ----------------------------------------------------- */

static void test_check_options_both_forms(void **state) {
  fx *f = *state;
  put(f, "list/.clang-tidy",
      "CheckOptions:\n"
      "  - key: handleguard.GuardType\n"
      "    value: my_guard\n"
      "  - key: handleguard.EnterFunctions\n"
      "    value: 'my_enter; my_lock:always ;my_trylock:zero'\n"
      "  - { key: handleguard.DrainedValue, value: 0 }\n"
      "  - key: handleguard.GuardType\n"
      "    value: later_wins\n");
  put(f, "map/.clang-tidy",
      "CheckOptions:\n"
      "  handleguard.GuardType: later_wins\n"
      "  handleguard.EnterFunctions: 'my_enter; my_lock:always ;my_trylock:zero'\n"
      "  handleguard.DrainedValue: 0\n");
  for (int i = 0; i < 2; i++) {
    assert_true(load(f, i ? "map/x.c" : "list/x.c"));
    assert_string_equal(f->tc.cfg.guard_type, "later_wins");
    assert_string_equal(f->tc.cfg.drained_value, "0");
    assert_int_equal(f->tc.cfg.nenter, 3);
    assert_int_equal(hg_config_find_enter(&f->tc.cfg, "my_enter")->success, HG_ENTER_TRUE);
    assert_int_equal(hg_config_find_enter(&f->tc.cfg, "my_lock")->success, HG_ENTER_ALWAYS);
    assert_int_equal(hg_config_find_enter(&f->tc.cfg, "my_trylock")->success, HG_ENTER_ZERO);
    assert_null(hg_config_find_enter(&f->tc.cfg, "hg_try_enter"));
  }
  assert_string_equal(errors(f), "");
}

static void test_per_check_and_module_keys(void **state) {
  fx *f = *state;
  /* The per-check key wins over the module-wide one whatever the order. */
  put(f, ".clang-tidy",
      "CheckOptions:\n"
      "  handleguard-box-freed.Deallocators: 'my_free'\n"
      "  handleguard.Deallocators: 'free'\n"
      "  handleguard-blocking-while-entered.BlockingFunctions: 'my_wait'\n"
      "  handleguard.NonBlockingFunctions: 'write'\n");
  assert_true(load(f, "x.c"));
  assert_list(&f->tc.cfg.deallocators, "my_free");
  /* options are engine-wide: every check sees them */
  assert_true(hg_config_is_blocking(&f->tc.cfg, "my_wait"));
  assert_true(hg_config_is_blocking(&f->tc.cfg, "read"));
  assert_false(hg_config_is_blocking(&f->tc.cfg, "write"));
  assert_string_equal(errors(f), "");
}

static void test_profile_then_override(void **state) {
  fx *f = *state;
  /* Profile comes last in the file but is applied first. */
  put(f, ".clang-tidy",
      "CheckOptions:\n"
      "  handleguard.EnterFunctions: 'my_lock:always'\n"
      "  handleguard.Profile: pthread-mutex\n");
  assert_true(load(f, "x.c"));
  assert_string_equal(f->tc.cfg.profile, "pthread-mutex");
  assert_int_equal(f->tc.cfg.nenter, 1);
  assert_int_equal(hg_config_find_enter(&f->tc.cfg, "my_lock")->success, HG_ENTER_ALWAYS);
  assert_list(&f->tc.cfg.leave, "pthread_mutex_unlock;mtx_unlock");
  assert_string_equal(f->tc.cfg.guard_type, "pthread_mutex_t");

  /* Profile in a parent, names overridden in the child. */
  put(f, "k/.clang-tidy",
      "CheckOptions:\n"
      "  - key: handleguard.Profile\n"
      "    value: percpu-ref\n");
  put(f, "k/m/.clang-tidy",
      "InheritParentConfig: true\n"
      "CheckOptions:\n"
      "  handleguard.GuardType: struct_ref\n");
  assert_true(load(f, "k/m/x.c"));
  assert_string_equal(f->tc.cfg.profile, "percpu-ref");
  assert_string_equal(f->tc.cfg.guard_type, "struct_ref");
  assert_list(&f->tc.cfg.begin_free, "percpu_ref_kill");
  assert_false(f->tc.cfg.begin_free_returns_result);
  assert_string_equal(errors(f), "");
}

static void test_other_keys_ignored(void **state) {
  fx *f = *state;
  put(f, ".clang-tidy",
      "---\n"
      "Checks: '-*,readability-*,handleguard-box-freed'\n"
      "FormatStyle: file\n"
      "User: someone\n"
      "SystemHeaders: false\n"
      "UseColor: true\n"
      "ExtraArgs: ['-DX=1']\n"
      "ExtraArgsBefore: []\n"
      "HeaderFileExtensions: ['h', 'hh']\n"
      "ImplementationFileExtensions: ['c']\n"
      "HeaderFilterRegex: 'include/.*'\n"
      "ExcludeHeaderFilterRegex: 'third_party/.*'\n"
      "CheckOptions:\n"
      "  readability-identifier-naming.VariableCase: lower_case\n"
      "  modernize-use-nullptr.NullMacros: 'NULL'\n"
      "  StrictMode: true\n"
      "  GuardType: not_ours\n"
      "...\n");
  assert_true(load(f, "x.c"));
  assert_string_equal(errors(f), "");
  assert_string_equal(f->tc.cfg.guard_type, "hg_guard");
  assert_string_equal(f->tc.header_filter, "include/.*");
  assert_string_equal(f->tc.exclude_header_filter, "third_party/.*");
  assert_int_equal(f->tc.system_headers, 0);
  assert_true(enabled(f, "box-freed"));
  assert_false(enabled(f, "op-not-left"));
}

static void test_checks_as_list(void **state) {
  fx *f = *state;
  put(f, ".clang-tidy",
      "Checks:\n"
      "  - '-*'\n"
      "  - handleguard-op-*\n"
      "WarningsAsErrors: handleguard-op-not-left\n");
  assert_true(load(f, "x.c"));
  assert_string_equal(f->tc.checks, "-*,handleguard-op-*");
  assert_true(enabled(f, "op-not-left"));
  assert_false(enabled(f, "box-freed"));
  assert_true(as_error(f, "op-not-left"));
  assert_false(as_error(f, "box-freed"));

  put(f, "b/.clang-tidy", "Checks: |\n  -*,\n  handleguard-box-freed\n");
  assert_true(load(f, "b/x.c"));
  assert_true(enabled(f, "box-freed"));
  assert_false(enabled(f, "op-not-left"));
  assert_string_equal(errors(f), "");

  /* clang-tidy 19 takes a list for Checks only */
  put(f, "c/.clang-tidy", "WarningsAsErrors: [handleguard-op-not-left]\n");
  assert_false(load(f, "c/x.c"));
  assert_int_equal(count(errors(f), ":1:19: error: expected a string for 'WarningsAsErrors', found a list"), 1);
}

/* ---- errors -------------------------------------------------------------- */

static void test_unknown_option_reported_once(void **state) {
  fx *f = *state;
  put(f, ".clang-tidy",
      "# line 1\n"
      "Checks: '-*,handleguard-*'\n"
      "CheckOptions:\n"
      "  - key: handleguard.Deallocators\n"
      "    value: 'free'\n"
      "  - key: handleguard.GaurdType\n"
      "    value: my_guard\n");
  assert_false(load(f, "x.c"));
  char expect[1024];
  snprintf(expect, sizeof expect,
           "%s:6:10: error: unknown option 'handleguard.GaurdType' (did you mean "
           "'handleguard.GuardType'?)\n",
           at(f, ".clang-tidy"));
  assert_string_equal(errors(f), expect);
  /* another file under the same configuration: fails, no second report */
  assert_false(load(f, "sub/y.c"));
  assert_false(load(f, "z.c"));
  assert_string_equal(errors(f), expect);
  /* the failed result still holds usable defaults */
  assert_string_equal(f->tc.cfg.guard_type, "hg_guard");
}

static void test_bad_names_and_values(void **state) {
  fx *f = *state;
  put(f, ".clang-tidy",
      "CheckOptions:\n"
      "  handleguard-box-fred.Deallocators: free\n"                 /* 2:3 */
      "  handleguard.Profile: rundwn\n"                             /* 3:24 */
      "  handleguard.LeaveFunctions: 'a;;b'\n"                      /* 4:31 */
      "  handleguard.Deallocators: 'free,realloc'\n"                /* 5:29 */
      "  handleguard.BeginFreeReturnsResult: maybe\n"               /* 6:39 */
      "  handleguard.EnterFunctions: 'e:sometimes'\n"               /* 7:31 */
      "  handleguard-op-not-left: x\n"                              /* 8:3 */
      "InheritParentConfig: perhaps\n");                            /* 9:22 */
  assert_false(load(f, "x.c"));
  const char *e = errors(f);
  const char *want[] = {
      ":2:3: error: unknown check 'handleguard-box-fred' in option 'handleguard-box-fred.Deallocators' "
      "(did you mean 'handleguard-box-freed.Deallocators'?)",
      ":3:24: error: unknown profile 'rundwn' for option 'handleguard.Profile' (did you mean 'rundown'?)",
      ":4:31: error: empty function name in the list 'a;;b' of option 'handleguard.LeaveFunctions'",
      ":5:29: error: invalid function name 'free,realloc' in option 'handleguard.Deallocators' (list "
      "items are separated by ';')",
      ":6:39: error: invalid value 'maybe' for option 'handleguard.BeginFreeReturnsResult'",
      ":7:31: error: unknown success semantics 'sometimes' for 'e'",
      ":8:3: error: option name 'handleguard-op-not-left' has no option part",
      ":9:22: error: invalid boolean 'perhaps' for 'InheritParentConfig'",
  };
  for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
    if (count(e, want[i]) != 1) fail_msg("expected once: %s\nin:\n%s", want[i], e);
  }
  assert_int_equal(count(e, "error:"), sizeof want / sizeof *want);
}

static void test_malformed_yaml(void **state) {
  fx *f = *state;
  put(f, ".clang-tidy", "Checks: '-*,handleguard-*'\nCheckOptions: [a, b\n");
  assert_false(load(f, "x.c"));
  char expect[512];
  snprintf(expect, sizeof expect, "%s:3:1: error: malformed YAML: ", at(f, ".clang-tidy"));
  if (strncmp(errors(f), expect, strlen(expect)) != 0) fail_msg("got: %s", errors(f));
  assert_int_equal(count(errors(f), "\n"), 1);

  put(f, "t/.clang-tidy", "Checks: '-*'\n\tCheckOptions: {}\n");
  assert_false(load(f, "t/x.c"));
  assert_int_equal(count(errors(f), ":2:1: error: malformed YAML: "), 1);
  assert_int_equal(count(errors(f), "a tab"), 1);

  put(f, "s/.clang-tidy", "- Checks\n");
  assert_false(load(f, "s/x.c"));
  assert_int_equal(count(errors(f), ":1:1: error: expected a mapping of configuration keys, found a list"), 1);

  /* A key without a value is an error, as in clang-tidy 19; '' is a value. */
  put(f, "n/.clang-tidy",
      "Checks:\n"
      "WarningsAsErrors: ''\n"
      "CheckOptions:\n"
      "HeaderFilterRegex:\n"
      "ExtraArgs:\n");
  assert_false(load(f, "n/x.c"));
  assert_int_equal(count(errors(f), ":1:8: error: expected a string or a list for 'Checks', found nothing"), 1);
  assert_int_equal(count(errors(f), ":3:14: error: expected a mapping or a list of {key, value} entries for "
                                    "'CheckOptions', found nothing"),
                   1);
  assert_int_equal(count(errors(f), ":4:19: error: expected a string for 'HeaderFilterRegex', found nothing"), 1);
  put(f, "v/.clang-tidy", "CheckOptions:\n  handleguard.GuardType:\n  - key: x\n");
  assert_false(load(f, "v/x.c"));
  put(f, "w/.clang-tidy", "CheckOptions:\n  - key: handleguard.GuardType\n  - {key: a, value: b, extra: c}\n");
  assert_false(load(f, "w/x.c"));
  assert_int_equal(count(errors(f), ":2:5: error: missing required key 'value' in a CheckOptions entry"), 1);
  assert_int_equal(count(errors(f), ":3:24: error: unknown key 'extra' in a CheckOptions entry"), 1);
  put(f, "r/.clang-tidy", "RemovedArgs: ['-Werror']\n");
  assert_false(load(f, "r/x.c"));
  assert_int_equal(count(errors(f), ":1:1: error: unknown key 'RemovedArgs'"), 1);

  put(f, "d/.clang-tidy", "Checks: a\nChecks: b\nChekcs: c\n");
  assert_false(load(f, "d/x.c"));
  assert_int_equal(count(errors(f), ":2:1: error: duplicate key 'Checks'"), 1);
  assert_int_equal(count(errors(f), ":3:1: error: unknown key 'Chekcs' (did you mean 'Checks'?)"), 1);
}

static void test_bad_regex_and_glob(void **state) {
  fx *f = *state;
  put(f, ".clang-tidy",
      "HeaderFilterRegex: '(('\n"
      "Checks: '-*,handleguard/box'\n"
      "CheckOptions:\n"
      "  handleguard.ExportedFunctionRegex: 'api_[a-z'\n");
  assert_false(load(f, "x.c"));
  const char *e = errors(f);
  assert_int_equal(count(e, ":1:20: error: invalid regular expression '((' for 'HeaderFilterRegex'"), 1);
  assert_int_equal(count(e, ":2:9: error: invalid Checks: invalid character '/'"), 1);
  assert_int_equal(count(e, ":4:38: error: invalid regular expression 'api_[a-z' for option "
                            "'handleguard.ExportedFunctionRegex'"),
                   1);

  put(f, "l/.clang-tidy", "Checks:\n  - handleguard-*\n  - 'bad glob!'\n");
  assert_false(load(f, "l/x.c"));
  assert_int_equal(count(errors(f), ":3:5: error: invalid Checks: invalid character"), 1);
}

/* ---- --config, --config-file, command-line globs ------------------------ */

static void test_config_string(void **state) {
  fx *f = *state;
  put(f, ".clang-tidy",
      "Checks: '-*,handleguard-op-not-left'\n"
      "CheckOptions: {handleguard.Deallocators: xfree, handleguard.GuardType: from_file}\n");
  assert_true(hg_tidy_loader_use_config(
      f->loader, "{Checks: '-*,handleguard-box-freed', CheckOptions: {handleguard.GuardType: g}}", f->errs));
  assert_true(load(f, "x.c"));
  /* the file is not consulted at all */
  assert_string_equal(f->tc.source_path, "--config");
  assert_string_equal(f->tc.cfg.guard_type, "g");
  assert_list(&f->tc.cfg.deallocators, "free;realloc");
  assert_true(enabled(f, "box-freed"));
  assert_false(enabled(f, "op-not-left"));

  /* ... unless the --config says InheritParentConfig: true */
  assert_true(hg_tidy_loader_use_config(
      f->loader, "InheritParentConfig: true\nChecks: 'handleguard-box-freed'\nCheckOptions: {handleguard.GuardType: g}\n",
      f->errs));
  assert_true(load(f, "x.c"));
  char expect[512];
  snprintf(expect, sizeof expect, "%s, --config", at(f, ".clang-tidy"));
  assert_string_equal(f->tc.source_path, expect);
  assert_string_equal(f->tc.cfg.guard_type, "g");
  assert_list(&f->tc.cfg.deallocators, "xfree");
  assert_true(enabled(f, "box-freed"));
  assert_true(enabled(f, "op-not-left"));
  assert_string_equal(errors(f), "");

  /* errors in the string are positioned in it */
  assert_false(hg_tidy_loader_use_config(f->loader, "CheckOptions:\n  handleguard.Guardtype: g\n", f->errs));
  assert_int_equal(count(errors(f), "--config:2:3: error: unknown option 'handleguard.Guardtype' (did you "
                                    "mean 'handleguard.GuardType'?)"),
                   1);

  /* the standalone form */
  hg_tidy_config tc;
  assert_true(hg_tidy_config_from_string("Checks: '-*,handleguard-op-*'", "--config", &tc, f->errs));
  assert_true(tc.cfg.enabled[HG_RULE_op_not_left]);
  assert_false(tc.cfg.enabled[HG_RULE_box_freed]);
  hg_tidy_config_free(&tc);
  assert_true(hg_tidy_config_from_string("", "--config", &tc, f->errs));
  assert_true(tc.cfg.enabled[HG_RULE_box_freed]);
  hg_tidy_config_free(&tc);
}

static void test_config_file(void **state) {
  fx *f = *state;
  put(f, "elsewhere/my.yaml", "Checks: '-*,handleguard-box-freed'\nCheckOptions: {handleguard.Profile: rundown}\n");
  put(f, "src/.clang-tidy", "Checks: '-*,handleguard-op-not-left'\n");
  assert_true(hg_tidy_loader_use_config_file(f->loader, at(f, "elsewhere/my.yaml"), f->errs));
  assert_true(load(f, "src/x.c"));
  assert_string_equal(f->tc.source_path, at(f, "elsewhere/my.yaml"));
  assert_string_equal(f->tc.cfg.profile, "rundown");
  assert_true(enabled(f, "box-freed"));
  assert_false(enabled(f, "op-not-left"));

  hg_tidy_config tc;
  assert_true(hg_tidy_config_from_file(at(f, "elsewhere/my.yaml"), &tc, f->errs));
  assert_string_equal(tc.cfg.guard_type, "EX_RUNDOWN_REF");
  hg_tidy_config_free(&tc);
  assert_string_equal(errors(f), "");
}

static void test_missing_config_file(void **state) {
  fx *f = *state;
  assert_false(hg_tidy_loader_use_config_file(f->loader, at(f, "nope.yaml"), f->errs));
  char expect[512];
  snprintf(expect, sizeof expect, "%s: error: cannot read configuration file: No such file or directory\n",
           at(f, "nope.yaml"));
  assert_string_equal(errors(f), expect);
  hg_tidy_config tc;
  assert_false(hg_tidy_config_from_file(at(f, "nope.yaml"), &tc, f->errs));
  hg_tidy_config_free(&tc);

  put(f, "bad.yaml", "CheckOptions:\n  handleguard.HandleTypes: 'a b'\n");
  assert_false(hg_tidy_loader_use_config_file(f->loader, at(f, "bad.yaml"), f->errs));
  assert_int_equal(count(errors(f), "bad.yaml:2:28: error: invalid type name 'a b'"), 1);
}

static void test_command_line_globs(void **state) {
  fx *f = *state;
  put(f, ".clang-tidy", "Checks: '-*,handleguard-box-freed'\nWarningsAsErrors: '*'\n");
  assert_true(hg_tidy_loader_set_overrides(f->loader, "handleguard-op-*", "-handleguard-box-freed", f->errs));
  assert_true(load(f, "x.c"));
  assert_string_equal(f->tc.checks, "-*,handleguard-box-freed,handleguard-op-*");
  assert_string_equal(f->tc.warnings_as_errors, "*,-handleguard-box-freed");
  assert_true(enabled(f, "box-freed"));
  assert_true(enabled(f, "op-not-left"));
  assert_false(as_error(f, "box-freed"));
  assert_true(as_error(f, "op-not-left"));

  assert_false(hg_tidy_loader_set_overrides(f->loader, "handleguard-$", NULL, f->errs));
  assert_int_equal(count(errors(f), "error: --checks: invalid character '$'"), 1);
  assert_true(hg_tidy_config_append_globs(&f->tc, "-*", NULL, f->errs));
  assert_false(enabled(f, "op-not-left"));
}

/* ---- rules/options.c on its own ----------------------------------------- */

static void test_set_option_directly(void **state) {
  (void)state;
  hg_config c;
  hg_config_init(&c);
  char err[256];
  assert_true(hg_config_set_option(&c, "handleguard.Deallocators", " my_free ;free; ", err, sizeof err));
  assert_list(&c.deallocators, "my_free;free");
  assert_true(hg_config_set_option(&c, "handleguard.IsFreeingFunctions", "", err, sizeof err));
  assert_int_equal(c.is_freeing.n, 0);
  assert_int_equal(hg_config_apply_option(&c, "readability-x.Y", "whatever", err, sizeof err), HG_OPTION_IGNORED);
  assert_int_equal(hg_config_apply_option(&c, "handleguardish.Y", "whatever", err, sizeof err), HG_OPTION_IGNORED);
  assert_int_equal(hg_config_apply_option(&c, "handleguard.DrainedValue", "-1", err, sizeof err), HG_OPTION_APPLIED);
  assert_string_equal(c.drained_value, "-1");
  assert_int_equal(hg_config_apply_option(&c, "handleguard.DrainedValue", "1 + 1", err, sizeof err),
                   HG_OPTION_BAD_VALUE);
  assert_string_equal(c.drained_value, "-1");
  assert_int_equal(hg_config_apply_option(&c, "handleguard.BeginFreeReturnsResult", "0", err, sizeof err),
                   HG_OPTION_APPLIED);
  assert_false(c.begin_free_returns_result);
  assert_true(hg_config_set_option(&c, "handleguard.ShuttingDownValue", "-ESHUTDOWN", err, sizeof err));
  assert_string_equal(c.shutting_down_value, "-ESHUTDOWN");
  assert_true(hg_config_set_option(&c, "handleguard.ExportedFunctionRegex", "^kv_", err, sizeof err));
  assert_string_equal(c.exported_regex, "^kv_");
  assert_true(hg_config_set_option(&c, "handleguard.ExportedFunctionRegex", "", err, sizeof err));
  assert_null(c.exported_regex);
  assert_true(hg_config_set_option(&c, "handleguard-guard-not-inline.HandleTypes", "kv_store;db", err, sizeof err));
  assert_list(&c.handle_types, "kv_store;db");
  assert_false(hg_config_set_option(&c, "handleguard.handletypes", "x", err, sizeof err));
  assert_string_equal(err, "unknown option 'handleguard.handletypes' (did you mean 'handleguard.HandleTypes'?)");
  assert_false(hg_config_set_option(&c, "handleguard-box-freed.Dealocators", "x", err, sizeof err));
  assert_string_equal(err, "unknown option 'handleguard-box-freed.Dealocators' (did you mean "
                           "'handleguard-box-freed.Deallocators'?)");
  assert_false(hg_config_set_option(&c, "handleguard.Frobnicate", "x", err, sizeof err));
  assert_string_equal(err, "unknown option 'handleguard.Frobnicate'");
  /* validation only */
  assert_int_equal(hg_config_apply_option(NULL, "handleguard.Profile", "rundown", err, sizeof err),
                   HG_OPTION_APPLIED);
  assert_string_equal(c.profile, "handleguard");

  /* the batch form puts Profile first and rejects everything on one error */
  hg_option opts[] = {
      {"handleguard.LeaveFunctions", "my_unlock"},
      {"handleguard-op-not-left.Profile", "pthread-mutex"},
      {"other.Key", "ignored"},
  };
  size_t bad = 99;
  assert_true(hg_config_set_options(&c, opts, 3, &bad, err, sizeof err));
  assert_string_equal(c.profile, "pthread-mutex");
  assert_list(&c.leave, "my_unlock");
  hg_option worse[] = {{"handleguard.GuardType", "g2"}, {"handleguard.GuardType", "not a type"}};
  assert_false(hg_config_set_options(&c, worse, 2, &bad, err, sizeof err));
  assert_int_equal(bad, 1);
  assert_string_equal(c.guard_type, "pthread_mutex_t");
  hg_config_free(&c);
}

static void test_dump_round_trip(void **state) {
  fx *f = *state;
  put(f, ".clang-tidy",
      "Checks: '-*,handleguard-box-freed'\n"
      "WarningsAsErrors: \"handleguard-*\"\n"
      "HeaderFilterRegex: \"it's/.*\"\n"
      "CheckOptions:\n"
      "  handleguard.Profile: pthread-mutex\n"
      "  handleguard.EnterFunctions: 'a:zero;b;c:always'\n"
      "  handleguard.ShuttingDownValue: '-1'\n");
  assert_true(load(f, "x.c"));
  char *one = NULL, *two = NULL;
  size_t n1, n2;
  FILE *o = open_memstream(&one, &n1);
  hg_tidy_config_dump(&f->tc, o);
  fclose(o);
  hg_tidy_config again;
  assert_true(hg_tidy_config_from_string(one, "dump", &again, f->errs));
  o = open_memstream(&two, &n2);
  hg_tidy_config_dump(&again, o);
  fclose(o);
  assert_string_equal(one, two);
  assert_int_equal(count(one, "handleguard.EnterFunctions: 'a:zero;b;c:always'"), 1);
  assert_int_equal(count(one, "HeaderFilterRegex: 'it''s/.*'"), 1);
  hg_tidy_config_free(&again);
  free(one);
  free(two);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_nearest_file, setup, teardown),
      cmocka_unit_test_setup_teardown(test_empty_file_skipped, setup, teardown),
      cmocka_unit_test_setup_teardown(test_inherit_merge_order, setup, teardown),
      cmocka_unit_test_setup_teardown(test_cached_per_directory, setup, teardown),
      cmocka_unit_test_setup_teardown(test_check_options_both_forms, setup, teardown),
      cmocka_unit_test_setup_teardown(test_per_check_and_module_keys, setup, teardown),
      cmocka_unit_test_setup_teardown(test_profile_then_override, setup, teardown),
      cmocka_unit_test_setup_teardown(test_other_keys_ignored, setup, teardown),
      cmocka_unit_test_setup_teardown(test_checks_as_list, setup, teardown),
      cmocka_unit_test_setup_teardown(test_unknown_option_reported_once, setup, teardown),
      cmocka_unit_test_setup_teardown(test_bad_names_and_values, setup, teardown),
      cmocka_unit_test_setup_teardown(test_malformed_yaml, setup, teardown),
      cmocka_unit_test_setup_teardown(test_bad_regex_and_glob, setup, teardown),
      cmocka_unit_test_setup_teardown(test_config_string, setup, teardown),
      cmocka_unit_test_setup_teardown(test_config_file, setup, teardown),
      cmocka_unit_test_setup_teardown(test_missing_config_file, setup, teardown),
      cmocka_unit_test_setup_teardown(test_command_line_globs, setup, teardown),
      cmocka_unit_test_setup_teardown(test_set_option_directly, setup, teardown),
      cmocka_unit_test_setup_teardown(test_dump_round_trip, setup, teardown),
  };
  return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}
