/*
 * engine.h - the entry point of the rule engine: run every enabled check of
 * `cfg` over one translation unit's model and append diagnostics to `out`.
 * Deterministic: the same model and configuration give the same diagnostics
 * in the same order (sorted by location).
 */
#ifndef HG_RULES_ENGINE_H
#define HG_RULES_ENGINE_H

#include "config.h"
#include "diag.h"
#include "model.h"

#ifdef __cplusplus
extern "C" {
#endif

void hg_analyze(const hg_model *m, const hg_config *cfg, hg_diags *out);

#ifdef __cplusplus
}
#endif

#endif /* HG_RULES_ENGINE_H */
