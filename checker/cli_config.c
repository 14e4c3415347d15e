/*
 * cli_config.c - per-file configuration for handleguard-check: the
 * .clang-tidy lookup (or --config / --config-file) with the command line's
 * globs and header filters on top, compiled header-filter regexes shared
 * between files, and the --dump-config / --verify-config / --list-checks
 * commands.
 */
#define _POSIX_C_SOURCE 200809L

#include "cli_config.h"

#include <stdlib.h>
#include <string.h>

#include "cli_path.h"
#include "nolint.h"

/* A compiled regular expression, kept for the whole run. */
typedef struct hg__regex {
  char *pattern;
  regex_t re;
} hg__regex;

struct hg_cli_config {
  hg_tidy_loader *loader;
  const char *header_filter;          /* command line, or NULL */
  const char *exclude_header_filter;  /* command line, or NULL */
  bool system_headers;                /* --system-headers */
  hg__regex **regexes;   /* each allocated alone: handed-out pointers stay valid */
  size_t nregexes;
};

/* The same validation and wording as before .clang-tidy files existed. */
static bool hg__valid_globs(const char *globs, const char *option, FILE *err) {
  bool set[HG_RULE__COUNT] = {0};
  char msg[256];
  if (!globs || hg_config_apply_globs(set, globs, msg, sizeof msg)) return true;
  fprintf(err, "error: invalid --%s: %s\n", option, msg);
  return false;
}

/* Compiles `pattern` once per run; NULL after an error message. */
static const regex_t *hg__regex_get(hg_cli_config *c, const char *pattern, const char *what, FILE *err) {
  for (size_t i = 0; i < c->nregexes; i++)
    if (strcmp(c->regexes[i]->pattern, pattern) == 0) return &c->regexes[i]->re;
  hg__regex *r = malloc(sizeof *r);
  if (!r) abort();
  int rc = regcomp(&r->re, pattern, REG_EXTENDED | REG_NOSUB);
  if (rc != 0) {
    char msg[256];
    regerror(rc, &r->re, msg, sizeof msg);
    fprintf(err, "error: invalid %s regular expression '%s': %s\n", what, pattern, msg);
    free(r);
    return NULL;
  }
  r->pattern = hg_xstrdup(pattern);
  c->regexes = realloc(c->regexes, (c->nregexes + 1) * sizeof *c->regexes);
  if (!c->regexes) abort();
  c->regexes[c->nregexes++] = r;
  return &r->re;
}

static bool hg__setup_loader(hg_cli_config *c, const hg_cli_options *o, FILE *err) {
  if (o->config && o->config_file) {
    fputs("Error: --config-file and --config are mutually exclusive. Specify only one.\n", err);
    return false;
  }
  if (o->config && !hg_tidy_loader_use_config(c->loader, o->config, err)) return false;
  if (o->config_file && !hg_tidy_loader_use_config_file(c->loader, o->config_file, err)) return false;
  return hg_tidy_loader_set_overrides(c->loader, o->checks, o->warnings_as_errors, err);
}

hg_cli_config *hg_cli_config_new(const hg_cli_options *o, FILE *err) {
  if (!hg__valid_globs(o->checks, "checks", err) ||
      !hg__valid_globs(o->warnings_as_errors, "warnings-as-errors", err))
    return NULL;
  hg_cli_config *c = calloc(1, sizeof *c);
  if (!c) abort();
  c->loader = hg_tidy_loader_new();
  c->header_filter = o->header_filter;
  c->exclude_header_filter = o->exclude_header_filter;
  c->system_headers = o->system_headers;
  bool ok = hg__setup_loader(c, o, err);
  /* the command-line regexes are checked before any file is read */
  if (ok && o->header_filter && *o->header_filter)
    ok = hg__regex_get(c, o->header_filter, "--header-filter", err) != NULL;
  if (ok && o->exclude_header_filter && *o->exclude_header_filter)
    ok = hg__regex_get(c, o->exclude_header_filter, "--exclude-header-filter", err) != NULL;
  if (!ok) {
    hg_cli_config_free(c);
    return NULL;
  }
  return c;
}

void hg_cli_config_free(hg_cli_config *c) {
  if (!c) return;
  hg_tidy_loader_free(c->loader);
  for (size_t i = 0; i < c->nregexes; i++) {
    free(c->regexes[i]->pattern);
    regfree(&c->regexes[i]->re);
    free(c->regexes[i]);
  }
  free(c->regexes);
  free(c);
}

/* The command line's filter wins over the configuration's; an empty one
 * matches nothing (clang-tidy). */
static bool hg__pick_filter(hg_cli_config *c, const char *cli, const char *cfg, const char *what,
                            const regex_t **out, FILE *err) {
  const char *pattern = cli ? cli : cfg;
  *out = NULL;
  if (!pattern || !*pattern) return true;
  *out = hg__regex_get(c, pattern, what, err);
  return *out != NULL;
}

bool hg_cli_config_for(hg_cli_config *c, const char *source_file, hg_file_config *out, FILE *err) {
  memset(out, 0, sizeof *out);
  if (!hg_tidy_config_for_file(c->loader, source_file, &out->tc, err)) return false;
  out->system_headers = c->system_headers || out->tc.system_headers == 1;
  return hg__pick_filter(c, c->header_filter, out->tc.header_filter, "HeaderFilterRegex",
                         &out->header_filter, err) &&
         hg__pick_filter(c, c->exclude_header_filter, out->tc.exclude_header_filter,
                         "ExcludeHeaderFilterRegex", &out->exclude_filter, err);
}

void hg_file_config_free(hg_file_config *fc) {
  hg_tidy_config_free(&fc->tc);
  memset(fc, 0, sizeof *fc);
}

bool hg_cli_keeps_diag(const hg_config *cfg, hg_diag *g) {
  if ((unsigned)g->rule >= HG_RULE__COUNT || !cfg->enabled[g->rule]) return false;
  g->is_error = cfg->as_error[g->rule];
  return true;
}

char *hg_cli_config_probe_file(const hg_cli_options *o) {
  return hg_path_absolute(o->nfiles > 0 ? o->files[0] : "dummy", NULL);
}

int hg_cli_dump_config(hg_cli_config *c, const char *file, FILE *out, FILE *err) {
  hg_file_config fc;
  bool ok = hg_cli_config_for(c, file, &fc, err);
  if (ok) hg_tidy_config_dump(&fc.tc, out);
  hg_file_config_free(&fc);
  return ok ? 0 : 2;
}

/* ---- --verify-config --------------------------------------------------------------- */

/* True when the positive form of one glob matches some handleguard check. */
static bool hg__glob_names_a_check(const char *glob, size_t len) {
  for (int i = 0; i < HG_RULE__COUNT; i++) {
    char full[128];
    snprintf(full, sizeof full, "handleguard-%s", hg_rule_name((hg_rule_id)i));
    if (hg_nolint_globs_match(glob, len, full)) return true;
  }
  return false;
}

/* Warns about each glob of `globs` that is meant for handleguard (starts
 * with "handleguard-") and matches none of its checks.  Returns how many. */
static int hg__verify_globs(const char *globs, const char *key, const char *where, FILE *err) {
  int bad = 0;
  for (const char *p = globs; *p;) {
    while (*p == ',' || *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '-') p++;
    const char *start = p;
    while (*p && *p != ',' && *p != '\n') p++;
    size_t len = (size_t)(p - start);
    while (len && (start[len - 1] == ' ' || start[len - 1] == '\t' || start[len - 1] == '\r')) len--;
    if (len > 12 && strncmp(start, "handleguard-", 12) == 0 && !hg__glob_names_a_check(start, len)) {
      fprintf(err, "%s: warning: %s: '%.*s' matches no handleguard check\n", where, key, (int)len, start);
      bad++;
    }
  }
  return bad;
}

static int hg__verify_one(hg_cli_config *c, const char *file, FILE *err) {
  hg_file_config fc;
  int rc = 0;
  if (!hg_cli_config_for(c, file, &fc, err)) rc = 2;
  else {
    const char *where = *fc.tc.source_path ? fc.tc.source_path : "command line";
    if (hg__verify_globs(fc.tc.checks, "Checks", where, err) +
        hg__verify_globs(fc.tc.warnings_as_errors, "WarningsAsErrors", where, err))
      rc = 1;
  }
  hg_file_config_free(&fc);
  return rc;
}

int hg_cli_verify_config(hg_cli_config *c, const char *const *files, int nfiles, FILE *out,
                         FILE *err) {
  int rc = 0;
  for (int i = 0; i < (nfiles > 0 ? nfiles : 1); i++) {
    char *file = hg_path_absolute(nfiles > 0 ? files[i] : "dummy", NULL);
    int one = hg__verify_one(c, file, err);
    if (one > rc) rc = one;
    free(file);
  }
  if (rc == 0) fputs("No config errors detected.\n", out);
  return rc;
}

int hg_cli_list_checks(hg_cli_config *c, const char *file, FILE *out, FILE *err) {
  hg_file_config fc;
  int rc = 2;
  if (hg_cli_config_for(c, file, &fc, err)) {
    bool any = false;
    for (int i = 0; i < HG_RULE__COUNT; i++) any |= fc.tc.cfg.enabled[i];
    if (!any) {
      fputs("No checks enabled.\n", err);
    } else {
      fputs("Enabled checks:\n", out);
      for (int i = 0; i < HG_RULE__COUNT; i++)
        if (fc.tc.cfg.enabled[i]) fprintf(out, "    handleguard-%s\n", hg_rule_name((hg_rule_id)i));
      fputs("\n", out);
      rc = 0;
    }
  }
  hg_file_config_free(&fc);
  return rc;
}
