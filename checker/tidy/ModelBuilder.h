//===- ModelBuilder.h - clang AST -> hg_model -----------------------------===//
//
// Builds the rule engine's model (rules/model.h) from a clang ASTContext, with
// the same conventions as the libclang front end (checker/frontend_libclang.c)
// so that the CLI and the clang-tidy plugin report the same diagnostics.
//
//===----------------------------------------------------------------------===//
#ifndef HG_CHECKER_TIDY_MODELBUILDER_H
#define HG_CHECKER_TIDY_MODELBUILDER_H

#include "clang/AST/ASTContext.h"
#include "clang/Basic/SourceLocation.h"

#include <string>
#include <vector>

#include "model.h"

namespace clang {
namespace tidy {
namespace handleguard {

/// The model of one translation unit and the clang files its hg_loc file
/// indexes refer to.
struct BuiltModel {
  hg_model *Model = nullptr;
  /// FileIds[i] is a FileID of hg_model.files[i] (the first inclusion).
  std::vector<FileID> FileIds;

  BuiltModel() = default;
  BuiltModel(const BuiltModel &) = delete;
  BuiltModel &operator=(const BuiltModel &) = delete;
  ~BuiltModel() { hg_model_free(Model); }

  /// The clang location of a model location (invalid if out of range).
  SourceLocation toSourceLocation(const SourceManager &SM, const hg_loc &L) const;
};

/// Builds the model of the translation unit of \p Ctx into \p Out.  With
/// \p Relevant (hg_config_relevant_names), a unit that declares none of those
/// names and annotates no record is modelled without function bodies, as the
/// libclang front end does: no check can fire on it.
void buildModel(ASTContext &Ctx, BuiltModel &Out,
                const std::vector<std::string> *Relevant = nullptr);

} // namespace handleguard
} // namespace tidy
} // namespace clang

#endif
