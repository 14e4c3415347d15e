/*
 * guard-not-inline - a handle whose guard is held by pointer, or lives in a
 * struct reached through one of the handle's fields: the guard must live in
 * the box, which is never freed, so that a late enter lands on valid memory.
 * See docs/semantics.md.
 */
#include "rule.h"

static hg_loc field_loc(const hg_field *f) { return f->range.begin.line ? f->range.begin : f->loc; }

static void on_record(hg_ctx *ctx, uint32_t r) {
  const hg_model *m = hg_ctx_model(ctx);
  const hg_record *rec = &m->records[r];
  if (!rec->is_complete || !hg_ctx_record_is_handle(ctx, r)) return;
  if (rec->loc.file < m->nfiles && m->files[rec->loc.file].is_system) return;
  const char *name = rec->name && *rec->name ? rec->name
                     : rec->typedef_name        ? rec->typedef_name
                                                : "(anonymous)";
  uint32_t f;
  bool by_ptr = false;
  if (hg_ctx_record_guard_field(ctx, r, &f, &by_ptr) && by_ptr && f < rec->nfields) {
    hg_ctx_report(ctx, field_loc(&rec->fields[f]),
                  "guard '%s' of handle '%s' is held by pointer; embed the %s inline in the "
                  "handle so that it lives as long as the box",
                  rec->fields[f].name, name, hg_ctx_guard_type(ctx));
    return;
  }
  if (hg_ctx_record_inner_guard_field(ctx, r, &f) && f < rec->nfields) {
    hg_ctx_report(ctx, field_loc(&rec->fields[f]),
                  "the guard of handle '%s' lives in inner state reached through '%s', which "
                  "the free function drops; embed the %s inline in '%s' itself",
                  name, rec->fields[f].name, hg_ctx_guard_type(ctx), name);
  }
}

const hg_rule hg_rule_guard_not_inline = {
    .id = HG_RULE_guard_not_inline,
    .on_record = on_record,
};
