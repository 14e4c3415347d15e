/*
 * fixit.c - helpers the checks use to build fix-its (see fixit.h).
 *
 * Fix-its are edits of the source text, so they are built from the text the
 * front end parsed: the file is read again by its path, and every edit is
 * checked against what the model says is there (the `return` keyword where
 * a RETURN node starts, the `;` after a statement, the closing brace of a
 * body).  Anything that does not read as expected gives no fix-it.
 */
#include "fixit.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool hg__is_ident_char(int c) { return isalnum(c) || c == '_'; }

/* ---- source text ---------------------------------------------------------- */

bool hg_src_load(hg_src *s, const hg_model *m, uint32_t file) {
  memset(s, 0, sizeof *s);
  if (!m || file >= m->nfiles || !m->files[file].path || !*m->files[file].path) return false;
  FILE *fp = fopen(m->files[file].path, "rb");
  if (!fp) return false;
  size_t cap = 8192, len = 0;
  char *buf = hg_xrealloc(NULL, cap);
  for (;;) {
    if (len + 4096 + 1 > cap) {
      cap *= 2;
      buf = hg_xrealloc(buf, cap);
    }
    size_t r = fread(buf + len, 1, cap - len - 1, fp);
    len += r;
    if (r == 0) break;
  }
  bool err = ferror(fp) != 0;
  fclose(fp);
  if (err) {
    free(buf);
    return false;
  }
  buf[len] = '\0';
  s->file = file;
  s->text = buf;
  s->len = len;
  return true;
}

void hg_src_free(hg_src *s) {
  free(s->text);
  memset(s, 0, sizeof *s);
}

size_t hg_src_line_start(const hg_src *s, size_t off) {
  if (off > s->len) off = s->len;
  while (off > 0 && s->text[off - 1] != '\n') off--;
  return off;
}

hg_loc hg_src_loc(const hg_src *s, size_t off) {
  hg_loc l;
  memset(&l, 0, sizeof l);
  if (off > s->len) off = s->len;
  uint32_t line = 1;
  size_t start = 0;
  for (size_t i = 0; i < off; i++)
    if (s->text[i] == '\n') {
      line++;
      start = i + 1;
    }
  l.file = s->file;
  l.line = line;
  l.col = (uint32_t)(off - start + 1);
  l.offset = (uint32_t)off;
  return l;
}

bool hg_src_first_on_line(const hg_src *s, size_t off) {
  for (size_t i = hg_src_line_start(s, off); i < off && i < s->len; i++)
    if (s->text[i] != ' ' && s->text[i] != '\t') return false;
  return true;
}

bool hg_src_last_on_line(const hg_src *s, size_t off) {
  size_t i = off;
  while (i < s->len && (s->text[i] == ' ' || s->text[i] == '\t' || s->text[i] == '\r')) i++;
  if (i >= s->len || s->text[i] == '\n') return true;
  return i + 1 < s->len && s->text[i] == '/' && s->text[i + 1] == '/';
}

void hg_src_indent(const hg_src *s, size_t off, char *buf, size_t n) {
  size_t i = hg_src_line_start(s, off), k = 0;
  while (i < s->len && (s->text[i] == ' ' || s->text[i] == '\t') && k + 1 < n) buf[k++] = s->text[i++];
  if (n) buf[k] = '\0';
}

size_t hg_src_skip_space(const hg_src *s, size_t off) {
  size_t i = off;
  while (i < s->len) {
    char c = s->text[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v') {
      i++;
    } else if (c == '/' && i + 1 < s->len && s->text[i + 1] == '*') {
      const char *e = strstr(s->text + i + 2, "*/");
      if (!e) return s->len;
      i = (size_t)(e - s->text) + 2;
    } else if (c == '/' && i + 1 < s->len && s->text[i + 1] == '/') {
      while (i < s->len && s->text[i] != '\n') i++;
    } else {
      break;
    }
  }
  return i;
}

char *hg_src_copy(const hg_src *s, size_t b, size_t e) {
  if (e > s->len) e = s->len;
  if (b > e) b = e;
  char *p = hg_xrealloc(NULL, e - b + 1);
  memcpy(p, s->text + b, e - b);
  p[e - b] = '\0';
  return p;
}

bool hg_src_has_word(const hg_src *s, size_t b, size_t e, const char *word) {
  size_t wl = strlen(word);
  if (!wl || e > s->len) return false;
  for (size_t i = b; i + wl <= e; i++) {
    if (memcmp(s->text + i, word, wl) != 0) continue;
    if (i > 0 && hg__is_ident_char((unsigned char)s->text[i - 1])) continue;
    if (i + wl < s->len && hg__is_ident_char((unsigned char)s->text[i + wl])) continue;
    return true;
  }
  return false;
}

/* ---- nodes ----------------------------------------------------------------- */

bool hg_fix_node_ok(const hg_src *s, const hg_node *n) {
  if (!s || !s->text || !n) return false;
  if (n->flags & HG_NF_IN_MACRO) return false;
  if (n->range.begin.file != s->file || n->range.end.file != s->file) return false;
  if (n->range.begin.offset > n->range.end.offset || n->range.end.offset > s->len) return false;
  if (n->range.begin.line == 0) return false;
  return true;
}

static const hg_node *hg__parent(const hg_node *root, const hg_node *n, int depth) {
  if (!root || root == n || depth > 2000) return NULL;
  for (uint32_t i = 0; i < root->nchildren; i++) {
    const hg_node *c = root->children[i];
    if (!c) continue;
    if (c == n) return root;
    const hg_node *p = hg__parent(c, n, depth + 1);
    if (p) return p;
  }
  return NULL;
}

const hg_node *hg_fix_parent(const hg_node *root, const hg_node *n) {
  return hg__parent(root, n, 0);
}

static bool hg__within(const hg_node *outer, const hg_node *inner, int depth) {
  if (!outer || !inner || depth > 2000) return false;
  if (outer == inner) return true;
  for (uint32_t i = 0; i < outer->nchildren; i++)
    if (hg__within(outer->children[i], inner, depth + 1)) return true;
  return false;
}

bool hg_fix_node_within(const hg_node *outer, const hg_node *inner) {
  return hg__within(outer, inner, 0);
}

static bool hg__walk(const hg_node *n, bool (*fn)(const hg_node *, void *), void *arg, int depth) {
  if (!n || depth > 2000) return true;
  if (!fn(n, arg)) return false;
  for (uint32_t i = 0; i < n->nchildren; i++)
    if (!hg__walk(n->children[i], fn, arg, depth + 1)) return false;
  return true;
}

void hg_fix_walk(const hg_node *root, bool (*fn)(const hg_node *n, void *arg), void *arg) {
  (void)hg__walk(root, fn, arg, 0);
}

bool hg_fix_stmt_end(const hg_src *s, const hg_node *st, size_t *end) {
  if (!s || !s->text || !st) return false;
  size_t e = st->range.end.offset;
  if (e > s->len) return false;
  size_t k = hg_src_skip_space(s, e);
  if (k < s->len && s->text[k] == ';') {
    *end = k + 1;
    return true;
  }
  if (e > 0 && s->text[e - 1] == '}') {
    *end = e;
    return true;
  }
  return false;
}

bool hg_fix_in_block(const hg_node *root, const hg_node *st, bool direct, const hg_node **block) {
  const hg_node *cur = st;
  const hg_node *p = hg_fix_parent(root, cur);
  while (!direct && p &&
         (p->kind == HG_N_CASE || p->kind == HG_N_DEFAULT || p->kind == HG_N_LABEL) &&
         p->nchildren > 0 && p->children[0] == cur) {
    cur = p;
    p = hg_fix_parent(root, cur);
  }
  if (!p || p->kind != HG_N_COMPOUND) return false;
  if (block) *block = p;
  return true;
}

/* The file's indentation unit, from the first indented line after a line
 * that ends with '{'. */
static void hg__file_unit(const hg_src *s, char *unit, size_t nu) {
  snprintf(unit, nu, "    ");
  for (size_t i = 0; i < s->len; i++) {
    if (s->text[i] != '{') continue;
    if (!hg_src_last_on_line(s, i + 1)) continue;
    char a[64], b[64];
    hg_src_indent(s, i, a, sizeof a);
    size_t nl = i;
    while (nl < s->len && s->text[nl] != '\n') nl++;
    if (nl + 1 >= s->len) return;
    hg_src_indent(s, nl + 1, b, sizeof b);
    size_t la = strlen(a), lb = strlen(b);
    if (lb > la && strncmp(a, b, la) == 0) {
      snprintf(unit, nu, "%s", b + la);
      return;
    }
  }
}

void hg_fix_body_indent(const hg_src *s, const hg_function *fn, char *indent, size_t ni, char *unit,
                        size_t nu) {
  char base[64] = "";
  const hg_node *body = fn->body;
  if (body) hg_src_indent(s, body->range.begin.offset, base, sizeof base);
  const hg_node *first = body && body->nchildren ? body->children[0] : NULL;
  if (first && !(first->flags & HG_NF_IN_MACRO) && first->range.begin.file == s->file &&
      first->range.begin.offset <= s->len && hg_src_first_on_line(s, first->range.begin.offset)) {
    char in[64];
    hg_src_indent(s, first->range.begin.offset, in, sizeof in);
    size_t lb = strlen(base), li = strlen(in);
    if (li > lb && strncmp(in, base, lb) == 0) {
      snprintf(indent, ni, "%s", in);
      snprintf(unit, nu, "%s", in + lb);
      return;
    }
  }
  hg__file_unit(s, unit, nu);
  snprintf(indent, ni, "%s%s", base, unit);
}

/* ---- edits ------------------------------------------------------------------ */

void hg_fix_init(hg_fix *f, const hg_src *src) {
  memset(f, 0, sizeof *f);
  f->src = src;
  if (!src || !src->text) f->failed = true;
}

void hg_fix_replace(hg_fix *f, size_t b, size_t e, const char *fmt, ...) {
  if (f->failed) return;
  if (b > e || e > f->src->len) {
    f->failed = true;
    return;
  }
  va_list ap, ap2;
  va_start(ap, fmt);
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  if (n < 0) {
    va_end(ap);
    f->failed = true;
    return;
  }
  char *t = hg_xrealloc(NULL, (size_t)n + 1);
  vsnprintf(t, (size_t)n + 1, fmt, ap);
  va_end(ap);
  if (f->n == f->cap) {
    f->cap = f->cap ? f->cap * 2 : 8;
    f->e = hg_xrealloc(f->e, f->cap * sizeof *f->e);
  }
  f->e[f->n].begin = b;
  f->e[f->n].end = e;
  f->e[f->n].text = t;
  f->n++;
}

void hg_fix_release(hg_fix *f) {
  for (size_t i = 0; i < f->n; i++) free(f->e[i].text);
  free(f->e);
  f->e = NULL;
  f->n = f->cap = 0;
}

bool hg_fix_attach(hg_fix *f, hg_diag *d) {
  bool ok = d && !f->failed && f->n > 0;
  /* stable sort by (begin, end): an insertion before a replacement at the same place */
  for (size_t i = 1; ok && i < f->n; i++) {
    hg_fix_edit x = f->e[i];
    size_t j = i;
    while (j > 0 && (f->e[j - 1].begin > x.begin ||
                     (f->e[j - 1].begin == x.begin && f->e[j - 1].end > x.end))) {
      f->e[j] = f->e[j - 1];
      j--;
    }
    f->e[j] = x;
  }
  /* insertions at one place are one insertion, in the order they were made */
  size_t out = 0;
  for (size_t i = 0; ok && i < f->n; i++) {
    if (out > 0 && f->e[out - 1].begin == f->e[out - 1].end && f->e[i].begin == f->e[i].end &&
        f->e[out - 1].begin == f->e[i].begin) {
      size_t la = strlen(f->e[out - 1].text), lb = strlen(f->e[i].text);
      f->e[out - 1].text = hg_xrealloc(f->e[out - 1].text, la + lb + 1);
      memcpy(f->e[out - 1].text + la, f->e[i].text, lb + 1);
      free(f->e[i].text);
      continue;
    }
    f->e[out++] = f->e[i];
  }
  if (ok) f->n = out;
  for (size_t i = 1; ok && i < f->n; i++)
    if (f->e[i - 1].end > f->e[i].begin) ok = false;
  /* a file with CRLF line ends gets CRLF in the inserted lines too */
  const char *nl = ok ? memchr(f->src->text, '\n', f->src->len) : NULL;
  if (nl && nl > f->src->text && nl[-1] == '\r') {
    for (size_t i = 0; i < f->n; i++) {
      const char *t = f->e[i].text;
      size_t extra = 0;
      for (size_t k = 0; t[k]; k++)
        if (t[k] == '\n' && (k == 0 || t[k - 1] != '\r')) extra++;
      if (!extra) continue;
      char *u = hg_xrealloc(NULL, strlen(t) + extra + 1), *w = u;
      for (size_t k = 0; t[k]; k++) {
        if (t[k] == '\n' && (k == 0 || t[k - 1] != '\r')) *w++ = '\r';
        *w++ = t[k];
      }
      *w = '\0';
      free(f->e[i].text);
      f->e[i].text = u;
    }
  }
  if (ok) {
    for (size_t i = 0; i < f->n; i++) {
      hg_range r;
      r.begin = hg_src_loc(f->src, f->e[i].begin);
      r.end = hg_src_loc(f->src, f->e[i].end);
      hg_diag_add_fixit(d, r, f->e[i].text);
    }
  }
  hg_fix_release(f);
  return ok;
}

/* ---- the protocol as code ------------------------------------------------------- */

static const struct {
  const char *name;
  int arity;
  const char *token_type;
} hg__known_enters[] = {
    {"hg_try_enter", 2, "hg_op"},
    {"ExAcquireRundownProtection", 1, NULL},
    {"percpu_ref_tryget_live", 1, NULL},
    {"percpu_ref_tryget", 1, NULL},
    {"pthread_mutex_lock", 1, NULL},
    {"pthread_mutex_trylock", 1, NULL},
    {"mtx_lock", 1, NULL},
    {"mtx_trylock", 1, NULL},
};

const char *hg_fix_leave_for(const hg_ctx *ctx, const char *enter) {
  const hg_config *cfg = hg_ctx_config(ctx);
  if (cfg->leave.n == 0) return NULL;
  if (cfg->leave.n == 1 || !enter) return cfg->leave.v[0];
  size_t best = 0, bi = 0;
  for (size_t i = 0; i < cfg->leave.n; i++) {
    const char *l = cfg->leave.v[i];
    size_t k = 0;
    while (l[k] && enter[k] && l[k] == enter[k]) k++;
    if (k > best) {
      best = k;
      bi = i;
    }
  }
  return cfg->leave.v[bi];
}

bool hg_fix_proto_get(const hg_ctx *ctx, hg_fix_proto *p) {
  const hg_config *cfg = hg_ctx_config(ctx);
  const hg_model *m = hg_ctx_model(ctx);
  memset(p, 0, sizeof *p);
  if (cfg->nenter == 0 || !cfg->enter[0].name) return false;
  p->enter = cfg->enter[0].name;
  p->success = cfg->enter[0].success;
  p->leave = hg_fix_leave_for(ctx, p->enter);
  if (!p->leave) return false;
  int32_t fi = hg_model_find_function(m, p->enter);
  if (fi >= 0) {
    const hg_function *f = &m->functions[fi];
    if (f->nparams == 1) {
      p->arity = 1;
      return true;
    }
    if (f->nparams == 2 && f->nvars >= 2) {
      const hg_type *t = &f->vars[1].type;
      if (t->kind != HG_TY_POINTER || t->depth != 1 || !t->spelling) return false;
      char buf[96];
      snprintf(buf, sizeof buf, "%s", t->spelling);
      size_t n = strlen(buf);
      while (n > 0 && (buf[n - 1] == ' ' || buf[n - 1] == '*')) buf[--n] = '\0';
      if (n == 0 || strchr(buf, '*') || strchr(buf, '(') || strncmp(buf, "const ", 6) == 0)
        return false;
      p->arity = 2;
      snprintf(p->token_type, sizeof p->token_type, "%s", buf);
      return true;
    }
    return false;
  }
  for (size_t i = 0; i < sizeof hg__known_enters / sizeof hg__known_enters[0]; i++)
    if (strcmp(hg__known_enters[i].name, p->enter) == 0) {
      p->arity = hg__known_enters[i].arity;
      if (hg__known_enters[i].token_type)
        snprintf(p->token_type, sizeof p->token_type, "%s", hg__known_enters[i].token_type);
      return true;
    }
  return false;
}

/* The complete record a record index stands for. */
static int32_t hg__complete_record(const hg_model *m, int32_t r) {
  if (r < 0 || (uint32_t)r >= m->nrecords) return -1;
  if (m->records[r].is_complete) return r;
  const char *name = m->records[r].name;
  if (!name || !*name) return -1;
  for (uint32_t k = 0; k < m->nrecords; k++)
    if (m->records[k].is_complete && m->records[k].name && strcmp(m->records[k].name, name) == 0 &&
        m->records[k].is_union == m->records[r].is_union)
      return (int32_t)k;
  return -1;
}

static const hg_var *hg__find_var(const hg_function *fn, const char *name) {
  if (!name) return NULL;
  for (uint32_t v = 0; v < fn->nvars; v++)
    if (fn->vars[v].name && strcmp(fn->vars[v].name, name) == 0) return &fn->vars[v];
  return NULL;
}

bool hg_fix_guard_expr(const hg_ctx *ctx, const hg_function *fn, const char *hname, char *buf,
                       size_t n) {
  const hg_model *m = hg_ctx_model(ctx);
  const hg_var *v = hg__find_var(fn, hname);
  if (!v || v->type.kind != HG_TY_POINTER || v->type.depth != 1 || v->type.base != HG_TY_RECORD ||
      v->type.pointee_is_const)
    return false;
  int32_t r = hg__complete_record(m, v->type.record);
  if (r < 0 || !hg_ctx_record_is_handle(ctx, (uint32_t)r)) return false;
  uint32_t f;
  bool by_ptr = true;
  if (!hg_ctx_record_guard_field(ctx, (uint32_t)r, &f, &by_ptr) || by_ptr) return false;
  const hg_record *rec = &m->records[r];
  if (f >= rec->nfields || !rec->fields[f].name || !*rec->fields[f].name) return false;
  if (rec->fields[f].type.depth != 0) return false;
  snprintf(buf, n, "&%s->%s", hname, rec->fields[f].name);
  return true;
}

bool hg_fix_token_arg(const char *key, char *buf, size_t n) {
  if (!key || !*key || strstr(key, "[]") || strchr(key, '?')) return false;
  if (key[0] == '*')
    snprintf(buf, n, "%s", key + 1);
  else
    snprintf(buf, n, "&%s", key);
  return true;
}

bool hg_fix_failed_test(hg_enter_success s, const char *call, char *buf, size_t n) {
  switch (s) {
  case HG_ENTER_TRUE:
    snprintf(buf, n, "!%s", call);
    return true;
  case HG_ENTER_ZERO:
    snprintf(buf, n, "%s != 0", call);
    return true;
  case HG_ENTER_ALWAYS:
    break;
  }
  return false;
}

static bool hg__name_taken(const hg_ctx *ctx, const hg_function *fn, const hg_src *s,
                           const char *name) {
  const hg_model *m = hg_ctx_model(ctx);
  for (uint32_t v = 0; v < fn->nvars; v++)
    if (fn->vars[v].name && strcmp(fn->vars[v].name, name) == 0) return true;
  for (uint32_t g = 0; g < m->nglobals; g++)
    if (m->globals[g].name && strcmp(m->globals[g].name, name) == 0) return true;
  if (hg_model_find_function(m, name) >= 0) return true;
  if (hg_model_find_record(m, name) >= 0) return true;
  int64_t val;
  if (hg_model_find_enumerator(m, name, &val)) return true;
  if (s && s->text && fn->range.begin.file == s->file &&
      hg_src_has_word(s, fn->range.begin.offset, fn->range.end.offset, name))
    return true;
  return false;
}

bool hg_fix_fresh_name(const hg_ctx *ctx, const hg_function *fn, const hg_src *s,
                       const char *const *cands, const char *extra, char *out, size_t n) {
  for (size_t i = 0; cands[i]; i++) {
    if (extra && strcmp(extra, cands[i]) == 0) continue;
    if (hg__name_taken(ctx, fn, s, cands[i])) continue;
    snprintf(out, n, "%s", cands[i]);
    return true;
  }
  return false;
}

/* ---- the sentinel ------------------------------------------------------------------ */

static bool hg__is_zero(const hg_node *e) {
  e = hg_node_strip_casts(e);
  return e && (e->kind == HG_N_INT_LIT || e->kind == HG_N_NULL_PTR) && e->value == 0;
}

static const hg_enter_fn *hg__enter_call(const hg_ctx *ctx, const hg_node *e) {
  e = hg_node_strip_casts(e);
  if (!e || e->kind != HG_N_CALL || !e->name) return NULL;
  return hg_config_find_enter(hg_ctx_config(ctx), e->name);
}

/* A condition that is true exactly when an enter failed; its call in *call. */
static bool hg__failed_cond(const hg_ctx *ctx, const hg_node *c, const hg_node **call) {
  c = hg_node_strip_casts(c);
  if (!c) return false;
  const hg_enter_fn *en;
  if (c->kind == HG_N_UNARY && c->op == HG_OP_NOT && c->nchildren == 1) {
    en = hg__enter_call(ctx, c->children[0]);
    if (en && en->success == HG_ENTER_TRUE) {
      *call = hg_node_strip_casts(c->children[0]);
      return true;
    }
    return false;
  }
  en = hg__enter_call(ctx, c);
  if (en && en->success == HG_ENTER_ZERO) {
    *call = c;
    return true;
  }
  if (c->kind == HG_N_BINARY && (c->op == HG_OP_EQ || c->op == HG_OP_NE) && c->nchildren == 2) {
    for (int side = 0; side < 2; side++) {
      const hg_node *a = c->children[side], *b = c->children[1 - side];
      en = hg__enter_call(ctx, a);
      if (!en || !hg__is_zero(b)) continue;
      if ((en->success == HG_ENTER_TRUE && c->op == HG_OP_EQ) ||
          (en->success == HG_ENTER_ZERO && c->op == HG_OP_NE)) {
        *call = hg_node_strip_casts(a);
        return true;
      }
    }
  }
  return false;
}

/* The RETURN a branch ends with (the branch itself, or the last statement
 * of a block). */
static const hg_node *hg__branch_return(const hg_node *b) {
  if (!b) return NULL;
  if (b->kind == HG_N_RETURN) return b;
  if (b->kind == HG_N_COMPOUND && b->nchildren > 0) {
    const hg_node *l = b->children[b->nchildren - 1];
    if (l && l->kind == HG_N_RETURN) return l;
  }
  return NULL;
}

static bool hg__const_expr(const hg_node *e, int depth) {
  if (!e || depth > 16) return false;
  switch (e->kind) {
  case HG_N_INT_LIT:
  case HG_N_ENUM_CONST:
  case HG_N_NULL_PTR:
  case HG_N_FLOAT_LIT:
    return true;
  case HG_N_UNARY:
    if (e->op == HG_OP_DEREF || e->op == HG_OP_ADDR || e->op == HG_OP_PREINC ||
        e->op == HG_OP_PREDEC || e->op == HG_OP_POSTINC || e->op == HG_OP_POSTDEC)
      return false;
    /* fallthrough */
  case HG_N_CAST:
  case HG_N_BINARY:
    for (uint32_t i = 0; i < e->nchildren; i++)
      if (!hg__const_expr(e->children[i], depth + 1)) return false;
    return e->nchildren > 0;
  default:
    return false;
  }
}

typedef struct hg__srcs {
  const hg_model *m;
  hg_src v[8];
  bool tried[8];
  uint32_t file[8];
  int n;
} hg__srcs;

static const hg_src *hg__srcs_get(hg__srcs *c, uint32_t file) {
  for (int i = 0; i < c->n; i++)
    if (c->file[i] == file) return c->tried[i] && c->v[i].text ? &c->v[i] : NULL;
  if (c->n >= 8) return NULL;
  int i = c->n++;
  c->file[i] = file;
  c->tried[i] = true;
  if (!hg_src_load(&c->v[i], c->m, file)) return NULL;
  return &c->v[i];
}

static void hg__srcs_free(hg__srcs *c) {
  for (int i = 0; i < c->n; i++) hg_src_free(&c->v[i]);
  c->n = 0;
}

typedef struct hg__evidence {
  const hg_ctx *ctx;
  const hg_function *fn;   /* the function being scanned */
  hg__srcs *srcs;
  char value[128];
  int found;               /* 0 none, 1 one value, 2 conflicting values */
} hg__evidence;

/* `if (is_freeing(...)) return V;`: a (racy) test whose branch returns the
 * shutting-down value too. */
static bool hg__freeing_cond(const hg_ctx *ctx, const hg_node *c) {
  c = hg_node_strip_casts(c);
  return c && c->kind == HG_N_CALL && c->name &&
         hg_strlist_has(&hg_ctx_config(ctx)->is_freeing, c->name);
}

static bool hg__evidence_visit(const hg_node *n, void *arg) {
  hg__evidence *ev = arg;
  if (n->kind != HG_N_IF || n->nchildren < 2) return true;
  const hg_node *call = NULL;
  if (!hg__failed_cond(ev->ctx, n->children[0], &call) && !hg__freeing_cond(ev->ctx, n->children[0]))
    return true;
  const hg_node *ret = hg__branch_return(n->children[1]);
  if (!ret || ret->nchildren == 0 || !ret->children[0]) return true;
  const hg_node *v = ret->children[0];
  if (!hg__const_expr(v, 0)) return true;
  const hg_src *s = hg__srcs_get(ev->srcs, ret->range.begin.file);
  if (!s || !hg_fix_node_ok(s, ret) || v->range.begin.file != s->file ||
      v->range.end.offset > s->len || v->range.begin.offset >= v->range.end.offset)
    return true;
  char *t = hg_src_copy(s, v->range.begin.offset, v->range.end.offset);
  bool good = strlen(t) < sizeof ev->value && !strpbrk(t, "\n;{}");
  if (good) {
    if (ev->found == 0) {
      snprintf(ev->value, sizeof ev->value, "%s", t);
      ev->found = 1;
    } else if (strcmp(ev->value, t) != 0) {
      ev->found = 2;
    }
  }
  free(t);
  return true;
}

/* Enumerators of the enumeration a type spelling names, scanning the
 * non-system files' text: `enum tag { ... }` and `typedef enum [tag] { ... } name;`. */
typedef struct hg__tok {
  size_t b, e;
} hg__tok;

static bool hg__next_tok(const hg_src *s, size_t *pos, hg__tok *t) {
  size_t i = *pos;
  for (;;) {
    i = hg_src_skip_space(s, i);
    if (i >= s->len) return false;
    char c = s->text[i];
    if (c == '#' && hg_src_first_on_line(s, i)) { /* a preprocessor line */
      while (i < s->len && s->text[i] != '\n') {
        if (s->text[i] == '\\' && i + 1 < s->len && s->text[i + 1] == '\n') i++;
        i++;
      }
      continue;
    }
    if (c == '"' || c == '\'') {
      size_t j = i + 1;
      while (j < s->len && s->text[j] != c && s->text[j] != '\n') j += s->text[j] == '\\' ? 2 : 1;
      t->b = i;
      t->e = j < s->len ? j + 1 : s->len;
      *pos = t->e;
      return true;
    }
    t->b = i;
    if (hg__is_ident_char((unsigned char)c)) {
      while (i < s->len && hg__is_ident_char((unsigned char)s->text[i])) i++;
    } else {
      i++;
    }
    t->e = i;
    *pos = i;
    return true;
  }
}

static bool hg__tok_is(const hg_src *s, const hg__tok *t, const char *w) {
  size_t l = strlen(w);
  return t->e - t->b == l && memcmp(s->text + t->b, w, l) == 0;
}

static bool hg__tok_ident(const hg_src *s, const hg__tok *t) {
  return t->e > t->b && (isalpha((unsigned char)s->text[t->b]) || s->text[t->b] == '_');
}

static bool hg__shutdown_like(const char *name) {
  char up[128];
  size_t k = 0;
  for (; name[k] && k + 1 < sizeof up; k++) up[k] = (char)toupper((unsigned char)name[k]);
  up[k] = '\0';
  return strstr(up, "SHUTDOWN") || strstr(up, "SHUTTING") || strstr(up, "CLOSED");
}

/* The text has a word that could name a shutdown-like enumerator (a cheap
 * test before tokenising it). */
static bool hg__mentions_shutdown(const hg_src *s) {
  static const char *const words[] = {"shutdown", "shutting", "closed"};
  for (size_t i = 0; i + 6 <= s->len; i++) {
    char c = (char)tolower((unsigned char)s->text[i]);
    if (c != 's' && c != 'c') continue;
    for (size_t w = 0; w < 3; w++) {
      size_t l = strlen(words[w]), k = 0;
      while (k < l && i + k < s->len && tolower((unsigned char)s->text[i + k]) == words[w][k]) k++;
      if (k == l) return true;
    }
  }
  return false;
}

/* Finds the only shutdown-like enumerator of the enumeration `spelling`
 * names in s; *count counts the candidates seen. */
static void hg__enum_scan(const hg_src *s, const char *spelling, char *out, size_t n, int *count) {
  if (!hg__mentions_shutdown(s)) return;
  bool by_tag = strncmp(spelling, "enum ", 5) == 0;
  const char *want = by_tag ? spelling + 5 : spelling;
  size_t pos = 0;
  hg__tok t, prev = {0, 0};
  bool have_prev = false;
  while (hg__next_tok(s, &pos, &t)) {
    if (!hg__tok_is(s, &t, "enum")) {
      prev = t;
      have_prev = true;
      continue;
    }
    bool is_typedef = have_prev && hg__tok_is(s, &prev, "typedef");
    hg__tok tag = {0, 0};
    if (!hg__next_tok(s, &pos, &t)) return;
    if (hg__tok_ident(s, &t)) {
      tag = t;
      if (!hg__next_tok(s, &pos, &t)) return;
    }
    if (!hg__tok_is(s, &t, "{")) {
      prev = t;
      continue;
    }
    /* enumerators */
    char names[64][96];
    int nn = 0;
    int depth = 0;
    bool expect_name = true;
    while (hg__next_tok(s, &pos, &t)) {
      if (hg__tok_is(s, &t, "}") && depth == 0) break;
      if (hg__tok_is(s, &t, "(")) depth++;
      else if (hg__tok_is(s, &t, ")")) depth--;
      else if (hg__tok_is(s, &t, ",") && depth == 0) expect_name = true;
      else if (expect_name && hg__tok_ident(s, &t)) {
        if (nn < 64 && t.e - t.b < 96) {
          memcpy(names[nn], s->text + t.b, t.e - t.b);
          names[nn][t.e - t.b] = '\0';
          nn++;
        }
        expect_name = false;
      }
    }
    bool match = false;
    if (by_tag && tag.e > tag.b && strlen(want) == tag.e - tag.b &&
        memcmp(s->text + tag.b, want, tag.e - tag.b) == 0)
      match = true;
    if (!by_tag && is_typedef) {
      size_t save = pos;
      hg__tok nm;
      if (hg__next_tok(s, &save, &nm) && hg__tok_ident(s, &nm) && strlen(want) == nm.e - nm.b &&
          memcmp(s->text + nm.b, want, nm.e - nm.b) == 0)
        match = true;
    }
    if (match)
      for (int i = 0; i < nn; i++)
        if (hg__shutdown_like(names[i])) {
          if (*count == 0) {
            size_t l = strlen(names[i]);
            if (l >= n) continue;
            memcpy(out, names[i], l + 1);
          } else if (strcmp(out, names[i]) == 0) {
            continue;
          }
          (*count)++;
        }
    have_prev = false;
  }
}

const char *hg_fix_null(const hg_ctx *ctx, const hg_src *s) {
  static const char *const hdrs[] = {"stddef.h", "stdlib.h", "stdio.h", "string.h", "time.h",
                                     "wchar.h",  "locale.h", "unistd.h", NULL};
  const hg_model *m = hg_ctx_model(ctx);
  for (uint32_t f = 0; f < m->nfiles; f++) {
    const char *p = m->files[f].path;
    if (!p) continue;
    const char *b = strrchr(p, '/');
    b = b ? b + 1 : p;
    for (size_t k = 0; hdrs[k]; k++)
      if (strcmp(b, hdrs[k]) == 0) return "NULL";
  }
  if (s && s->text) {
    for (size_t i = 0; i < s->len; i++) {
      if (s->text[i] != '#' || !hg_src_first_on_line(s, i)) continue;
      size_t j = i + 1;
      while (j < s->len && (s->text[j] == ' ' || s->text[j] == '\t')) j++;
      if (strncmp(s->text + j, "include", 7) != 0) continue;
      j += 7;
      while (j < s->len && (s->text[j] == ' ' || s->text[j] == '\t')) j++;
      if (j >= s->len || s->text[j] != '<') continue;
      for (size_t k = 0; hdrs[k]; k++) {
        size_t l = strlen(hdrs[k]);
        if (j + 1 + l < s->len && strncmp(s->text + j + 1, hdrs[k], l) == 0 &&
            s->text[j + 1 + l] == '>')
          return "NULL";
      }
    }
  }
  return "0";
}

bool hg_fix_sentinel(const hg_ctx *ctx, const hg_function *fn, const hg_src *s, char *buf,
                     size_t n) {
  const hg_model *m = hg_ctx_model(ctx);
  const hg_config *cfg = hg_ctx_config(ctx);
  const hg_type *rt = &fn->ret;
  if (rt->kind == HG_TY_VOID) {
    snprintf(buf, n, "return;");
    return true;
  }
  if (rt->kind == HG_TY_POINTER) {
    snprintf(buf, n, "return %s;", hg_fix_null(ctx, s));
    return true;
  }
  if (rt->kind != HG_TY_INT && rt->kind != HG_TY_BOOL) return false;
  if (rt->kind == HG_TY_INT && cfg->shutting_down_value && *cfg->shutting_down_value) {
    snprintf(buf, n, "return %s;", cfg->shutting_down_value);
    return true;
  }
  /* what the file's ops of this return type return when their enter fails */
  hg__srcs srcs;
  memset(&srcs, 0, sizeof srcs);
  srcs.m = m;
  hg__evidence ev;
  memset(&ev, 0, sizeof ev);
  ev.ctx = ctx;
  ev.srcs = &srcs;
  for (uint32_t i = 0; i < m->nfunctions; i++) {
    const hg_function *f = &m->functions[i];
    if (!f->has_body || !f->body || f->ret.kind != rt->kind) continue;
    if (!f->ret.spelling || !rt->spelling || strcmp(f->ret.spelling, rt->spelling) != 0) continue;
    if (f->loc.file < m->nfiles && m->files[f->loc.file].is_system) continue;
    ev.fn = f;
    hg_fix_walk(f->body, hg__evidence_visit, &ev);
  }
  bool ok = false;
  if (ev.found == 1) {
    snprintf(buf, n, "return %s;", ev.value);
    ok = true;
  }
  /* the only enumerator of the return type named like "shutting down" */
  if (!ok && ev.found == 0 && rt->kind == HG_TY_INT && rt->spelling) {
    char sp[128];
    const char *p = rt->spelling;
    while (strncmp(p, "const ", 6) == 0 || strncmp(p, "volatile ", 9) == 0) p = strchr(p, ' ') + 1;
    snprintf(sp, sizeof sp, "%s", p);
    char found[128] = "";
    int count = 0;
    for (uint32_t f = 0; f < m->nfiles; f++) {
      if (m->files[f].is_system) continue;
      const hg_src *fs = hg__srcs_get(&srcs, f);
      if (fs) hg__enum_scan(fs, sp, found, sizeof found, &count);
    }
    int64_t val;
    if (count == 1 && hg_model_find_enumerator(m, found, &val)) {
      snprintf(buf, n, "return %s;", found);
      ok = true;
    }
  }
  hg__srcs_free(&srcs);
  return ok;
}

void hg_fix_note_sentinel(const hg_ctx *ctx, hg_diag *d, const hg_function *fn) {
  (void)ctx;
  if (!d || !fn) return;
  hg_diag_add_note(d, d->loc,
                   "no fix-it: the value '%s' returns while the handle is being freed is not "
                   "known; set handleguard.ShuttingDownValue to the value this op returns while "
                   "the handle is being freed",
                   fn->name);
}

/* ---- shapes of code ----------------------------------------------------------------- */

typedef struct hg__proto_scan {
  const hg_ctx *ctx;
  int depth;
  bool found;
  int enters;
  uint32_t seen[16];
  int nseen;
} hg__proto_scan;

static bool hg__proto_visit(const hg_node *n, void *arg) {
  hg__proto_scan *ps = arg;
  if (n->kind != HG_N_CALL) return true;
  const hg_config *cfg = hg_ctx_config(ps->ctx);
  if (n->name && (hg_config_find_enter(cfg, n->name) || hg_strlist_has(&cfg->leave, n->name))) {
    ps->found = true;
    return false;
  }
  const hg_model *m = hg_ctx_model(ps->ctx);
  if (ps->depth < 3 && n->ref >= 0 && (uint32_t)n->ref < m->nfunctions) {
    const hg_function *f = &m->functions[n->ref];
    for (int i = 0; i < ps->nseen; i++)
      if (ps->seen[i] == (uint32_t)n->ref) return true;
    if (ps->nseen < 16) ps->seen[ps->nseen++] = (uint32_t)n->ref;
    if (f->has_body && f->body) {
      ps->depth++;
      hg_fix_walk(f->body, hg__proto_visit, ps);
      ps->depth--;
      if (ps->found) return false;
    }
  }
  return true;
}

bool hg_fix_calls_protocol(const hg_ctx *ctx, const hg_node *root) {
  hg__proto_scan ps;
  memset(&ps, 0, sizeof ps);
  ps.ctx = ctx;
  hg_fix_walk(root, hg__proto_visit, &ps);
  return ps.found;
}

static bool hg__count_visit(const hg_node *n, void *arg) {
  hg__proto_scan *ps = arg;
  if (n->kind == HG_N_CALL && n->name && hg_config_find_enter(hg_ctx_config(ps->ctx), n->name))
    ps->enters++;
  return true;
}

int hg_fix_count_enters(const hg_ctx *ctx, const hg_node *root) {
  hg__proto_scan ps;
  memset(&ps, 0, sizeof ps);
  ps.ctx = ctx;
  hg_fix_walk(root, hg__count_visit, &ps);
  return ps.enters;
}

typedef struct hg__block_scan {
  const hg_ctx *ctx;
  int depth;
  const char *callee;
  uint32_t seen[32];
  int nseen;
} hg__block_scan;

static bool hg__block_visit(const hg_node *n, void *arg) {
  hg__block_scan *bs = arg;
  if (n->kind != HG_N_CALL) return true;
  const hg_model *m = hg_ctx_model(bs->ctx);
  const hg_function *f = n->ref >= 0 && (uint32_t)n->ref < m->nfunctions ? &m->functions[n->ref] : NULL;
  const char *name = n->name ? n->name : f ? f->name : NULL;
  if (name && (hg_config_is_blocking(hg_ctx_config(bs->ctx), name) ||
               (f && hg_function_has_annotation(f, "hg_blocking")))) {
    bs->callee = name;
    return false;
  }
  if (f && f->has_body && f->body && bs->depth < 8) {
    for (int i = 0; i < bs->nseen; i++)
      if (bs->seen[i] == (uint32_t)n->ref) return true;
    if (bs->nseen < 32) bs->seen[bs->nseen++] = (uint32_t)n->ref;
    bs->depth++;
    hg_fix_walk(f->body, hg__block_visit, bs);
    bs->depth--;
    if (bs->callee) return false;
  }
  return true;
}

bool hg_fix_blocks(const hg_ctx *ctx, const hg_node *root, const char **callee) {
  hg__block_scan bs;
  memset(&bs, 0, sizeof bs);
  bs.ctx = ctx;
  hg_fix_walk(root, hg__block_visit, &bs);
  if (callee) *callee = bs.callee;
  return bs.callee != NULL;
}

int hg_fix_count_handle_vars(const hg_ctx *ctx, const hg_function *fn) {
  const hg_model *m = hg_ctx_model(ctx);
  int n = 0;
  for (uint32_t v = 0; v < fn->nvars; v++) {
    const hg_type *t = &fn->vars[v].type;
    if (t->base != HG_TY_RECORD) continue;
    if (!((t->kind == HG_TY_POINTER && t->depth == 1) || (t->kind == HG_TY_RECORD && t->depth == 0)))
      continue;
    int32_t r = hg__complete_record(m, t->record);
    if (r >= 0 && hg_ctx_record_is_handle(ctx, (uint32_t)r)) n++;
  }
  return n;
}

typedef struct hg__assign_scan {
  int32_t var;
  bool found;
} hg__assign_scan;

static bool hg__var_is(const hg_node *e, int32_t var) {
  e = hg_node_strip_casts(e);
  return e && e->kind == HG_N_VAR && !(e->flags & HG_NF_GLOBAL) && e->ref == var;
}

static bool hg__assign_visit(const hg_node *n, void *arg) {
  hg__assign_scan *as = arg;
  if ((n->kind == HG_N_ASSIGN && n->nchildren > 0 && hg__var_is(n->children[0], as->var)) ||
      (n->kind == HG_N_UNARY && n->op == HG_OP_ADDR && n->nchildren > 0 &&
       hg__var_is(n->children[0], as->var)) ||
      (n->kind == HG_N_UNARY &&
       (n->op == HG_OP_PREINC || n->op == HG_OP_PREDEC || n->op == HG_OP_POSTINC ||
        n->op == HG_OP_POSTDEC) &&
       n->nchildren > 0 && hg__var_is(n->children[0], as->var))) {
    as->found = true;
    return false;
  }
  return true;
}

static bool hg__assigned(const hg_function *fn, int32_t var) {
  hg__assign_scan as = {var, false};
  hg_fix_walk(fn->body, hg__assign_visit, &as);
  return as.found;
}

static bool hg__inert(const hg_function *fn, const hg_node *e, int depth) {
  if (!e || depth > 32) return false;
  switch (e->kind) {
  case HG_N_INT_LIT:
  case HG_N_FLOAT_LIT:
  case HG_N_STRING_LIT:
  case HG_N_ENUM_CONST:
  case HG_N_NULL_PTR:
  case HG_N_UNEVALUATED:
    return true;
  case HG_N_VAR: {
    bool ptr = e->type.kind == HG_TY_POINTER || e->type.kind == HG_TY_ARRAY;
    if (!ptr) return e->type.kind != HG_TY_RECORD && e->type.kind != HG_TY_UNKNOWN;
    if (e->flags & HG_NF_GLOBAL) return false;
    if (e->ref < 0 || (uint32_t)e->ref >= fn->nparams) return false;
    return !hg__assigned(fn, e->ref);
  }
  case HG_N_UNARY:
    if (e->op == HG_OP_DEREF) return false;
    if (e->op == HG_OP_ADDR) {
      const hg_node *c = e->nchildren ? hg_node_strip_casts(e->children[0]) : NULL;
      return c && c->kind == HG_N_VAR && !(c->flags & HG_NF_GLOBAL);
    }
    /* fallthrough */
  case HG_N_BINARY:
  case HG_N_COND:
  case HG_N_CAST:
    for (uint32_t i = 0; i < e->nchildren; i++)
      if (e->children[i] && !hg__inert(fn, e->children[i], depth + 1)) return false;
    return e->nchildren > 0;
  default:
    return false;
  }
}

bool hg_fix_expr_inert(const hg_function *fn, const hg_node *e) { return hg__inert(fn, e, 0); }

bool hg_fix_expr_owned(const hg_ctx *ctx, const hg_node *e) {
  e = hg_node_strip_casts(e);
  if (!e || e->kind != HG_N_CALL || !e->name) return false;
  if (strcmp(e->name, "strdup") == 0 || strcmp(e->name, "strndup") == 0) return true;
  return hg_strlist_has(&hg_ctx_config(ctx)->allocators, e->name);
}

/* Offset of the first preprocessor line of s that matches `#<directive> <arg...>`. */
static bool hg__find_directive(const hg_src *s, const char *directive, const char *const *args,
                               size_t *at) {
  for (size_t i = 0; i < s->len; i++) {
    if (s->text[i] != '#' || !hg_src_first_on_line(s, i)) continue;
    size_t j = i + 1;
    while (j < s->len && (s->text[j] == ' ' || s->text[j] == '\t')) j++;
    size_t dl = strlen(directive);
    if (strncmp(s->text + j, directive, dl) != 0 || hg__is_ident_char((unsigned char)s->text[j + dl]))
      continue;
    j += dl;
    while (j < s->len && (s->text[j] == ' ' || s->text[j] == '\t')) j++;
    for (size_t k = 0; args[k]; k++) {
      size_t l = strlen(args[k]);
      if (strncmp(s->text + j, args[k], l) == 0 &&
          !hg__is_ident_char((unsigned char)s->text[j + l])) {
        *at = i;
        return true;
      }
    }
  }
  return false;
}

bool hg_fix_have_strdup(const hg_ctx *ctx, const hg_src *s) {
  if (hg_model_find_function(hg_ctx_model(ctx), "strdup") >= 0) return true;
  if (!s || !s->text) return false;
  static const char *const inc[] = {"<string.h>", NULL};
  static const char *const feat[] = {"_GNU_SOURCE", "_DEFAULT_SOURCE", "_BSD_SOURCE",
                                     "_SVID_SOURCE", "_POSIX_C_SOURCE", "_XOPEN_SOURCE", NULL};
  size_t i_inc, i_feat;
  return hg__find_directive(s, "include", inc, &i_inc) &&
         hg__find_directive(s, "define", feat, &i_feat) && i_feat < i_inc;
}

/* One past the last character of code before line start `ls`: blank lines
 * and a trailing // comment are skipped. */
static size_t hg__prev_code_end(const hg_src *s, size_t ls) {
  while (ls > 0) {
    size_t e = ls - 1; /* the '\n' ending the previous line */
    size_t b = hg_src_line_start(s, e);
    bool quote = false;
    for (size_t i = b; i + 1 < e; i++) {
      if (s->text[i] == '"' || s->text[i] == '\'') quote = true;
      if (!quote && s->text[i] == '/' && s->text[i + 1] == '/') {
        e = i;
        break;
      }
    }
    while (e > b && (s->text[e - 1] == ' ' || s->text[e - 1] == '\t' || s->text[e - 1] == '\r')) e--;
    if (e > b) return e;
    ls = b;
  }
  return 0;
}

/* A return type that can declare a local: words, spaces and '*'. */
static bool hg__plain_type(const char *sp) {
  if (!sp || !*sp) return false;
  for (const char *p = sp; *p; p++)
    if (!hg__is_ident_char((unsigned char)*p) && *p != ' ' && *p != '*') return false;
  return true;
}

bool hg_fix_leave_before(hg_fix *f, const hg_ctx *ctx, const hg_function *fn, const hg_node *ret,
                         const char *const *leaves, int nleaves, bool pointer_ok,
                         const char **why) {
  const hg_src *s = f->src;
  *why = NULL;
  if (!s || !s->text || !fn->body || nleaves <= 0) {
    *why = "the source text is not available";
    return false;
  }
  char indent[64], unit[32];
  if (!ret) {
    /* the closing brace of a void function */
    size_t brace = fn->body_end.offset;
    if (fn->body_end.file != s->file || brace >= s->len || s->text[brace] != '}') {
      *why = "the closing brace is not where the model puts it";
      return false;
    }
    const hg_node *body = fn->body;
    const hg_node *last = body->nchildren ? body->children[body->nchildren - 1] : NULL;
    if (last && last->kind == HG_N_RETURN) return true; /* not reached */
    hg_fix_body_indent(s, fn, indent, sizeof indent, unit, sizeof unit);
    if (hg_src_first_on_line(s, brace)) {
      size_t ls = hg_src_line_start(s, brace);
      for (int i = 0; i < nleaves; i++) hg_fix_replace(f, ls, ls, "%s%s\n", indent, leaves[i]);
    } else {
      for (int i = 0; i < nleaves; i++) hg_fix_replace(f, brace, brace, "%s ", leaves[i]);
    }
    return true;
  }
  if (!hg_fix_node_ok(s, ret) || ret->kind != HG_N_RETURN ||
      strncmp(s->text + ret->range.begin.offset, "return", 6) != 0) {
    *why = "the return comes from a macro";
    return false;
  }
  size_t rb = ret->range.begin.offset, re;
  if (!hg_fix_stmt_end(s, ret, &re)) {
    *why = "the end of the return statement was not found";
    return false;
  }
  const hg_node *value = ret->nchildren ? ret->children[0] : NULL;
  bool rewrite = value && !hg_fix_expr_inert(fn, value);
  char name[32] = "";
  char *val = NULL;
  if (rewrite) {
    bool ptr = fn->ret.kind == HG_TY_POINTER || value->type.kind == HG_TY_POINTER ||
               value->type.kind == HG_TY_ARRAY;
    if (ptr && !pointer_ok && !hg_fix_expr_owned(ctx, value)) {
      *why = "the returned pointer may point into inner state; copy what it points to before "
             "leaving";
      return false;
    }
    if (!hg__plain_type(fn->ret.spelling) || fn->ret.kind == HG_TY_VOID) {
      *why = "the return type cannot declare a local copy of the value";
      return false;
    }
    if (value->range.begin.file != s->file || value->range.begin.offset < rb ||
        value->range.end.offset > re || value->range.begin.offset >= value->range.end.offset) {
      *why = "the returned value comes from a macro";
      return false;
    }
    static const char *const names[] = {"ret_", "ret__", "hg_ret_", "hg_ret__", NULL};
    if (!hg_fix_fresh_name(ctx, fn, s, names, NULL, name, sizeof name)) {
      *why = "no fresh name for a copy of the value";
      return false;
    }
    val = hg_src_copy(s, value->range.begin.offset, value->range.end.offset);
    if (value->kind == HG_N_BINARY && value->op == HG_OP_COMMA) {
      /* `T v = a, b;` would declare two variables */
      char *p = hg_xrealloc(NULL, strlen(val) + 3);
      snprintf(p, strlen(val) + 3, "(%s)", val);
      free(val);
      val = p;
    }
  }
  const char *sp = fn->ret.spelling ? fn->ret.spelling : "";
  size_t sl = strlen(sp);
  const char *sep = sl && sp[sl - 1] == '*' ? "" : " ";

  /* the branch of an if / else written on its own line: make it a block */
  const hg_node *parent = hg_fix_parent(fn->body, ret);
  size_t opener = 0; /* one past the `)` or `else` the branch follows */
  if (parent && parent->kind == HG_N_IF && parent->nchildren >= 2 &&
      (parent->children[1] == ret || (parent->nchildren > 2 && parent->children[2] == ret)) &&
      hg_src_first_on_line(s, rb) && hg_src_last_on_line(s, re) && hg_fix_node_ok(s, parent)) {
    size_t k = hg__prev_code_end(s, hg_src_line_start(s, rb));
    bool is_then = parent->children[1] == ret;
    if (is_then && k > 0 && s->text[k - 1] == ')')
      opener = k;
    else if (!is_then && k >= 4 && strncmp(s->text + k - 4, "else", 4) == 0 &&
             (k == 4 || !hg__is_ident_char((unsigned char)s->text[k - 5])))
      opener = k;
  }
  if (opener) {
    char outer[64];
    hg_src_indent(s, rb, indent, sizeof indent);
    hg_src_indent(s, opener - 1, outer, sizeof outer);
    /* after a trailing comment of the return's line */
    size_t eol = re;
    while (eol < s->len && s->text[eol] != '\n') eol++;
    if (eol > re && s->text[eol - 1] == '\r') eol--;
    hg_fix_replace(f, opener, opener, " {");
    if (rewrite) {
      hg_fix_replace(f, rb, re, "%s%s%s = %s;", sp, sep, name, val);
      for (int i = 0; i < nleaves; i++) hg_fix_replace(f, eol, eol, "\n%s%s", indent, leaves[i]);
      hg_fix_replace(f, eol, eol, "\n%sreturn %s;", indent, name);
    } else {
      for (int i = 0; i < nleaves; i++) hg_fix_replace(f, rb, rb, "%s\n%s", leaves[i], indent);
    }
    hg_fix_replace(f, eol, eol, "\n%s}", outer);
    free(val);
    return true;
  }
  if (rewrite && parent == fn->body && fn->body->nchildren > 0 &&
      fn->body->children[fn->body->nchildren - 1] == ret && hg_src_first_on_line(s, rb)) {
    /* the last statement of the body: the copy needs no block of its own */
    hg_src_indent(s, rb, indent, sizeof indent);
    hg_fix_replace(f, rb, re, "%s%s%s = %s;", sp, sep, name, val);
    for (int i = 0; i < nleaves; i++) hg_fix_replace(f, re, re, "\n%s%s", indent, leaves[i]);
    hg_fix_replace(f, re, re, "\n%sreturn %s;", indent, name);
    free(val);
    return true;
  }
  if (rewrite) {
    size_t cap = 64 + strlen(val) + sl + strlen(name) * 2;
    for (int i = 0; i < nleaves; i++) cap += strlen(leaves[i]) + 1;
    char *txt = hg_xrealloc(NULL, cap);
    int k = snprintf(txt, cap, "{ %s%s%s = %s;", sp, sep, name, val);
    for (int i = 0; i < nleaves; i++) k += snprintf(txt + k, cap - (size_t)k, " %s", leaves[i]);
    snprintf(txt + k, cap - (size_t)k, " return %s; }", name);
    hg_fix_replace(f, rb, re, "%s", txt);
    free(txt);
    free(val);
    return true;
  }
  if (hg_fix_in_block(fn->body, ret, false, NULL)) {
    if (hg_src_first_on_line(s, rb)) {
      hg_src_indent(s, rb, indent, sizeof indent);
      for (int i = 0; i < nleaves; i++) hg_fix_replace(f, rb, rb, "%s\n%s", leaves[i], indent);
    } else {
      for (int i = 0; i < nleaves; i++) hg_fix_replace(f, rb, rb, "%s ", leaves[i]);
    }
    return true;
  }
  /* a return that is the whole branch of an if / loop: make it a block */
  hg_fix_replace(f, rb, rb, "{ ");
  for (int i = 0; i < nleaves; i++) hg_fix_replace(f, rb, rb, "%s ", leaves[i]);
  hg_fix_replace(f, re, re, " }");
  return true;
}

bool hg_fix_enter_stmt(const hg_ctx *ctx, const hg_node *stmt, const hg_node **call) {
  if (!stmt) return false;
  if (stmt->kind == HG_N_IF) {
    if (stmt->nchildren < 2 || (stmt->nchildren > 2 && stmt->children[2])) return false;
    const hg_node *c = NULL;
    if (!hg__failed_cond(ctx, stmt->children[0], &c) || !hg__branch_return(stmt->children[1]))
      return false;
    *call = c;
    return true;
  }
  const hg_node *e = hg_node_strip_casts(stmt);
  if (hg__enter_call(ctx, e)) {
    *call = e;
    return true;
  }
  return false;
}

bool hg_fix_is_leave_call(const hg_ctx *ctx, const hg_node *call) {
  if (!call || call->kind != HG_N_CALL) return false;
  const hg_config *cfg = hg_ctx_config(ctx);
  if (call->name && hg_strlist_has(&cfg->leave, call->name)) return true;
  const hg_model *m = hg_ctx_model(ctx);
  if (call->ref >= 0 && (uint32_t)call->ref < m->nfunctions) {
    const hg_function *f = &m->functions[call->ref];
    if (f->has_body && f->body && hg_fix_calls_protocol(ctx, f->body)) return true;
  }
  return false;
}

/* ---- inner state of one handle variable ----------------------------------------------- */

static bool hg__is_hvar(const hg_fix_inner *in, const hg_node *e) {
  e = hg_node_strip_casts(e);
  return e && e->kind == HG_N_VAR && !(e->flags & HG_NF_GLOBAL) && e->ref == in->hvar;
}

static bool hg__is_alias_var(const hg_fix_inner *in, const hg_node *e) {
  e = hg_node_strip_casts(e);
  return e && e->kind == HG_N_VAR && !(e->flags & HG_NF_GLOBAL) && e->ref >= 0 &&
         (uint32_t)e->ref < in->fn->nvars && in->alias[e->ref];
}

bool hg_fix_inner_here(const hg_fix_inner *in, const hg_node *n) {
  if (!n) return false;
  if (n->kind == HG_N_MEMBER && n->nchildren > 0) {
    const hg_node *b = hg_node_strip_casts(n->children[0]);
    if (b && b->kind == HG_N_UNARY && b->op == HG_OP_DEREF && b->nchildren > 0) b = b->children[0];
    if (hg__is_hvar(in, b) && !(n->name && strcmp(n->name, in->guard) == 0)) return true;
  }
  if (hg__is_alias_var(in, n)) return true;
  const hg_model *m = hg_ctx_model(in->ctx);
  if (n->kind == HG_N_CALL && n->ref >= 0 && (uint32_t)n->ref < m->nfunctions &&
      m->functions[n->ref].has_body) {
    for (uint32_t i = 1; i < n->nchildren; i++)
      if (hg__is_hvar(in, n->children[i])) return true;
  }
  return false;
}

typedef struct hg__under {
  const hg_fix_inner *in;
  bool hit;
} hg__under;

static bool hg__under_visit(const hg_node *n, void *arg) {
  hg__under *u = arg;
  if (hg_fix_inner_here(u->in, n)) {
    u->hit = true;
    return false;
  }
  return true;
}

bool hg_fix_inner_under(const hg_fix_inner *in, const hg_node *n) {
  hg__under u = {in, false};
  hg_fix_walk(n, hg__under_visit, &u);
  return u.hit;
}

typedef struct hg__alias_scan {
  hg_fix_inner *in;
  bool changed;
} hg__alias_scan;

static bool hg__alias_visit(const hg_node *n, void *arg) {
  hg__alias_scan *as = arg;
  hg_fix_inner *in = as->in;
  int32_t var = -1;
  const hg_node *init = NULL;
  if (n->kind == HG_N_DECL && n->nchildren > 0 && n->children[0]) {
    var = n->ref;
    init = n->children[0];
  } else if (n->kind == HG_N_ASSIGN && n->nchildren == 2) {
    const hg_node *l = hg_node_strip_casts(n->children[0]);
    if (l && l->kind == HG_N_VAR && !(l->flags & HG_NF_GLOBAL)) {
      var = l->ref;
      init = n->children[1];
    }
  }
  if (var < 0 || (uint32_t)var >= in->fn->nvars || var == in->hvar || in->alias[var]) return true;
  if (hg_fix_inner_under(in, init)) {
    in->alias[var] = true;
    as->changed = true;
  }
  return true;
}

bool hg_fix_inner_init(hg_fix_inner *in, const hg_ctx *ctx, const hg_function *fn,
                       const char *hname) {
  memset(in, 0, sizeof *in);
  in->ctx = ctx;
  in->fn = fn;
  in->hvar = -1;
  char g[160];
  if (!fn->body || !hname || !hg_fix_guard_expr(ctx, fn, hname, g, sizeof g)) return false;
  const char *arrow = strstr(g, "->");
  if (!arrow || strlen(arrow + 2) >= sizeof in->guard) return false;
  snprintf(in->guard, sizeof in->guard, "%s", arrow + 2);
  for (uint32_t v = 0; v < fn->nvars; v++)
    if (fn->vars[v].name && strcmp(fn->vars[v].name, hname) == 0) {
      in->hvar = (int32_t)v;
      break;
    }
  if (in->hvar < 0) return false;
  in->alias = calloc(fn->nvars ? fn->nvars : 1, sizeof *in->alias);
  if (!in->alias) abort();
  hg__alias_scan as = {in, false};
  for (int round = 0; round < 8; round++) {
    as.changed = false;
    hg_fix_walk(fn->body, hg__alias_visit, &as);
    if (!as.changed) break;
  }
  return true;
}

void hg_fix_inner_free(hg_fix_inner *in) {
  free(in->alias);
  in->alias = NULL;
}
