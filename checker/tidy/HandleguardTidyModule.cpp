//===- HandleguardTidyModule.cpp - the handleguard clang-tidy module ------===//
//
// Registers one clang-tidy check per entry of rules/rules.def, named
// "handleguard-<check>".  The checks share one run of the C rule engine per
// translation unit: the first check that is called for a translation unit
// builds the model (ModelBuilder.cpp) and runs hg_analyze(); every check then
// reports only its own diagnostics, through ClangTidyCheck::diag(), so NOLINT,
// --fix, --export-fixes, WarningsAsErrors and HeaderFilterRegex apply.
//
// Configuration: module-wide CheckOptions named "handleguard.<Option>", the
// same names the command-line checker reads from .clang-tidy files.
//
//===----------------------------------------------------------------------===//
#include "ModelBuilder.h"

#include "clang-tidy/ClangTidyCheck.h"
#include "clang-tidy/ClangTidyModule.h"
#include "clang-tidy/ClangTidyModuleRegistry.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Basic/Version.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <algorithm>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "config.h"
#include "diag.h"
#include "engine.h"
#include "options.h"


namespace clang {
namespace tidy {
namespace handleguard {

/// Prefix of the module-wide options: handleguard.GuardType, ...
static constexpr llvm::StringLiteral OptionPrefix = "handleguard";

// ---- options -> hg_config ------------------------------------------------------

/// The one place that maps clang-tidy's CheckOptions to the engine's
/// configuration.  clang-tidy has already merged every .clang-tidy file,
/// --config and --config-file for the current file; the keys in the
/// handleguard namespace (handleguard.<Option>, handleguard-<check>.<Option>)
/// go to rules/options.c, the same code the command-line checker feeds from
/// .clang-tidy files, so both accept the same names, values and precedence.
/// Returns false (nothing applied) with a message in \p Problem on a bad key
/// or value.
static bool applyOptions(const ClangTidyOptions::OptionMap &CheckOptions, hg_config *C,
                         std::string &Problem) {
  std::vector<std::pair<std::string, std::string>> Entries;
  for (const auto &KV : CheckOptions)
    if (hg_option_in_namespace(KV.getKey().str().c_str()))
      Entries.emplace_back(KV.getKey().str(), KV.getValue().Value);
  // StringMap order is arbitrary; sort for a deterministic precedence among
  // equals (hg_config_set_options ranks Profile, module-wide, per-check).
  std::sort(Entries.begin(), Entries.end());
  std::vector<hg_option> Opts;
  for (const auto &E : Entries)
    Opts.push_back(hg_option{E.first.c_str(), E.second.c_str()});
  char Err[512] = "";
  size_t Bad = 0;
  if (hg_config_set_options(C, Opts.data(), Opts.size(), &Bad, Err, sizeof Err))
    return true;
  Problem = std::string("invalid handleguard configuration: ") + Err;
  return false;
}

// ---- one engine run per translation unit ---------------------------------------

namespace {

struct TUResult {
  const ASTContext *Ctx = nullptr;
  BuiltModel Built;
  hg_diags Diags;
  std::vector<std::string> Problems;
  bool ProblemsReported = false;
  TUResult() { hg_diags_init(&Diags); }
  ~TUResult() { hg_diags_free(&Diags); }
};

/// The result of the translation unit being checked.  clang-tidy runs the
/// checks of one translation unit on one thread, one unit after another; the
/// mutex only guards against embedders that run several at once.
std::mutex CacheMutex;
std::unique_ptr<TUResult> Cache;

std::string ruleCheckName(hg_rule_id Id) {
  return std::string("handleguard-") + hg_rule_name(Id);
}

TUResult &analyze(ASTContext &Ctx, ClangTidyContext *TidyCtx) {
  if (Cache && Cache->Ctx == &Ctx)
    return *Cache;
  auto R = std::make_unique<TUResult>();
  R->Ctx = &Ctx;

  hg_config Cfg;
  hg_config_init(&Cfg);
  std::string Problem;
  bool ConfigOk = applyOptions(TidyCtx->getOptions().CheckOptions, &Cfg, Problem);
  if (!ConfigOk)
    R->Problems.push_back(Problem);
  for (int I = 0; I < HG_RULE__COUNT; ++I)
    Cfg.enabled[I] = TidyCtx->isCheckEnabled(ruleCheckName(static_cast<hg_rule_id>(I)));

  // A translation unit with compiler errors is not analysed (its AST is
  // partial); the command-line checker refuses it too.  clang-tidy reports
  // the errors themselves.
  if (Ctx.getDiagnostics().hasErrorOccurred()) {
    hg_config_free(&Cfg);
    Cache = std::move(R);
    return *Cache;
  }

  // Units that declare nothing the checks look for are modelled without
  // bodies, as the command-line checker does; a model dump shows everything.
  std::vector<std::string> Relevant;
  {
    const char *Names[64];
    size_t N = hg_config_relevant_names(&Cfg, Names, 64);
    Relevant.assign(Names, Names + N);
  }
  bool Dumping = std::getenv("HG_TIDY_DUMP_MODEL") != nullptr;
  buildModel(Ctx, R->Built, Dumping ? nullptr : &Relevant);
  // Debugging and the front-end agreement test: HG_TIDY_DUMP_MODEL=- dumps
  // the model to stderr, =PATH writes it to PATH (as handleguard-check
  // --dump-model prints it).
  if (const char *Dump = std::getenv("HG_TIDY_DUMP_MODEL")) {
    bool ToStderr = !*Dump || std::strcmp(Dump, "-") == 0 || std::strcmp(Dump, "1") == 0;
    if (FILE *Out = ToStderr ? stderr : std::fopen(Dump, "w")) {
      hg_model_dump(R->Built.Model, Out);
      if (!ToStderr)
        std::fclose(Out);
    }
  }
  bool Valid = true;
  {
    char *Buf = nullptr;
    size_t Len = 0;
    FILE *Err = open_memstream(&Buf, &Len);
    Valid = hg_model_validate(R->Built.Model, Err);
    if (Err)
      std::fclose(Err);
    if (!Valid)
      R->Problems.push_back("internal error: invalid model of " +
                            std::string(R->Built.Model->main_file) + ":\n" +
                            (Buf ? std::string(Buf, Len) : std::string()));
    std::free(Buf);
  }
  if (Valid && ConfigOk)
    hg_analyze(R->Built.Model, &Cfg, &R->Diags);
  hg_config_free(&Cfg);

  Cache = std::move(R);
  return *Cache;
}

void release(const ASTContext *Ctx) {
  if (Cache && (!Ctx || Cache->Ctx == Ctx))
    Cache.reset();
}

// ---- the checks ----------------------------------------------------------------

class HandleguardCheck : public ClangTidyCheck {
public:
  HandleguardCheck(llvm::StringRef Name, ClangTidyContext *Context, hg_rule_id Rule)
      : ClangTidyCheck(Name, Context), TidyCtx(Context), Rule(Rule),
        ModuleOptions(OptionPrefix, Context->getOptions().CheckOptions, Context) {
    // The options are read by rules/options.c (see applyOptions); looking
    // them up here only tells clang-tidy their names, so that --verify-config
    // accepts handleguard.<Option> and handleguard-<check>.<Option>.
    size_t N = 0;
    const hg_option_info *Table = hg_option_table(&N);
    for (size_t I = 0; I < N; ++I) {
      (void)ModuleOptions.get(Table[I].name);
      (void)Options.get(Table[I].name);
    }
  }

  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return !LangOpts.CPlusPlus && !LangOpts.ObjC; // the model describes C
  }

  void registerMatchers(ast_matchers::MatchFinder *Finder) override {
    Finder->addMatcher(ast_matchers::translationUnitDecl().bind("tu"), this);
  }

  void check(const ast_matchers::MatchFinder::MatchResult &Result) override {
    std::lock_guard<std::mutex> Lock(CacheMutex);
    TUResult &R = analyze(*Result.Context, TidyCtx);
    if (!R.ProblemsReported) {
      R.ProblemsReported = true;
      for (const std::string &P : R.Problems)
        configurationDiag("%0", DiagnosticIDs::Error) << P;
    }
    const SourceManager &SM = *Result.SourceManager;
    for (size_t I = 0; I < R.Diags.n; ++I) {
      const hg_diag &D = R.Diags.v[I];
      if (D.rule != Rule)
        continue;
      SourceLocation Loc = R.Built.toSourceLocation(SM, D.loc);
      {
        DiagnosticBuilder B = diag(Loc, "%0", DiagnosticIDs::Warning) << D.message;
        for (uint32_t F = 0; F < D.nfixits; ++F) {
          const hg_fixit &Fix = D.fixits[F];
          SourceLocation Begin = R.Built.toSourceLocation(SM, Fix.range.begin);
          SourceLocation End = R.Built.toSourceLocation(SM, Fix.range.end);
          if (Begin.isInvalid() || End.isInvalid())
            continue;
          if (Fix.range.begin.offset == Fix.range.end.offset &&
              Fix.range.begin.file == Fix.range.end.file)
            B << FixItHint::CreateInsertion(Begin, Fix.text);
          else
            B << FixItHint::CreateReplacement(CharSourceRange::getCharRange(Begin, End),
                                              Fix.text);
        }
      }
      for (uint32_t N = 0; N < D.nnotes; ++N)
        diag(R.Built.toSourceLocation(SM, D.notes[N].loc), "%0", DiagnosticIDs::Note)
            << D.notes[N].message;
    }
  }

  void onEndOfTranslationUnit() override {
    std::lock_guard<std::mutex> Lock(CacheMutex);
    release(nullptr);
  }

  void storeOptions(ClangTidyOptions::OptionMap &Opts) override {
    // The options are engine-wide (handleguard.<Option>); show the ones that
    // are set so that --dump-config round-trips them.
    size_t N = 0;
    const hg_option_info *Table = hg_option_table(&N);
    for (size_t I = 0; I < N; ++I)
      if (std::optional<llvm::StringRef> V = ModuleOptions.get(Table[I].name))
        ModuleOptions.store(Opts, Table[I].name, *V);
  }

private:
  ClangTidyContext *TidyCtx;
  hg_rule_id Rule;
  OptionsView ModuleOptions;
};

} // namespace

// ---- the module ----------------------------------------------------------------

/// Kept in the binary so that `strings libhandleguard-tidy.so | grep built-for`
/// tells which clang-tidy the plugin needs.
extern "C" __attribute__((visibility("default"), used)) const char hg_tidy_built_for[] =
    "handleguard-tidy built-for clang-tidy " CLANG_VERSION_STRING;

/// The major version of the clang the plugin was loaded into, from the
/// version string of the running process ("Debian clang version 19.1.7 ...").
static int runtimeClangMajor() {
  std::string V = clang::getClangFullVersion();
  size_t Pos = V.find("version ");
  if (Pos == std::string::npos)
    return -1;
  return std::atoi(V.c_str() + Pos + 8);
}

class HandleguardModule : public ClangTidyModule {
public:
  void addCheckFactories(ClangTidyCheckFactories &Factories) override {
    // A plugin resolves clang's symbols from the clang-tidy that loads it, so
    // it only works in the clang-tidy major version it was compiled against.
    // Another version may still load it lazily and then misbehave; refuse to
    // register anything so that `--checks=handleguard-*` fails visibly
    // ("no checks enabled") instead.
    int Major = runtimeClangMajor();
    if (Major != CLANG_VERSION_MAJOR) {
      std::fprintf(stderr,
                   "error: libhandleguard-tidy.so was built for clang-tidy %d (%s) but is "
                   "loaded into clang-tidy %d; rebuild it against this clang-tidy or run "
                   "clang-tidy-%d; no handleguard checks registered\n",
                   CLANG_VERSION_MAJOR, CLANG_VERSION_STRING, Major, CLANG_VERSION_MAJOR);
      return;
    }
#define HG_RULE(id, name, summary)                                                        \
  Factories.registerCheckFactory(                                                         \
      "handleguard-" name, [](llvm::StringRef Name, ClangTidyContext *Context) {         \
        return std::make_unique<HandleguardCheck>(Name, Context, HG_RULE_##id);           \
      });
#include "rules.def"
#undef HG_RULE
  }
};

} // namespace handleguard

static ClangTidyModuleRegistry::Add<handleguard::HandleguardModule>
    X("handleguard-module", "Checks that C handle libraries follow the handleguard protocol.");

} // namespace tidy
} // namespace clang
