// oracle.cpp - a clang-tidy 19 plugin used only to regenerate the snippet
// goldens of checker/tests/fixes/render/ (see gen_goldens.py): its check
// "oracle-fixit" reports the diagnostics listed in the file named by
// $ORACLE_SPEC ("D <offset>", "F <begin> <end> <text>", "R <begin> <end>"),
// at those byte offsets of the main file, with exactly those fix-its and
// highlighted ranges, so clang-tidy shows how it prints and applies them.
// Not built by CMake.
#include "clang-tidy/ClangTidyCheck.h"
#include "clang-tidy/ClangTidyModule.h"
#include "clang-tidy/ClangTidyModuleRegistry.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include <fstream>
#include <sstream>
using namespace clang;
using namespace clang::ast_matchers;
using namespace clang::tidy;

static std::string unescape(const std::string &s) {
  std::string o;
  for (size_t i = 0; i < s.size(); i++) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      char c = s[++i];
      if (c == 'n') o += '\n'; else if (c == 't') o += '\t'; else if (c == 's') o += ' ';
      else if (c == 'e') ; else if (c == 'x') { o += (char)std::stoi(s.substr(i + 1, 2), nullptr, 16); i += 2; }
      else o += c;
    } else o += s[i];
  }
  return o;
}

class OracleCheck : public ClangTidyCheck {
public:
  OracleCheck(StringRef N, ClangTidyContext *C) : ClangTidyCheck(N, C) {}
  void registerMatchers(MatchFinder *F) override {
    F->addMatcher(translationUnitDecl().bind("tu"), this);
  }
  void check(const MatchFinder::MatchResult &R) override {
    const SourceManager &SM = *R.SourceManager;
    SourceLocation S = SM.getLocForStartOfFile(SM.getMainFileID());
    std::ifstream in(getenv("ORACLE_SPEC"));
    std::string line;
    std::optional<DiagnosticBuilder> D;
    int n = 0;
    while (std::getline(in, line)) {
      std::istringstream ls(line);
      std::string k; ls >> k;
      if (k == "D") { unsigned off; ls >> off; D.reset(); D.emplace(diag(S.getLocWithOffset(off), "oracle %0") << ++n); }
      else if (k == "R") { unsigned b, e; ls >> b >> e; *D << CharSourceRange::getCharRange(S.getLocWithOffset(b), S.getLocWithOffset(e)); }
      else if (k == "F") { unsigned b, e; std::string t; ls >> b >> e >> t;
        *D << FixItHint::CreateReplacement(CharSourceRange::getCharRange(S.getLocWithOffset(b), S.getLocWithOffset(e)), unescape(t)); }
    }
  }
};

class OracleModule : public ClangTidyModule {
public:
  void addCheckFactories(ClangTidyCheckFactories &F) override { F.registerCheck<OracleCheck>("oracle-fixit"); }
};
static ClangTidyModuleRegistry::Add<OracleModule> X("oracle-module", "oracle");
