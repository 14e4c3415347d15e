//===- ModelBuilder.cpp - clang AST -> hg_model ---------------------------===//
//
// The clang-tidy plugin's front end.  It builds exactly the model that the
// libclang front end (checker/frontend_libclang.c) builds for the same
// translation unit; that file's header comment is the contract ("MODEL
// CONVENTIONS") and the ctest tidy-frontends-agree holds the two to it.  In
// short: expansion locations, libclang-style extents, one record per struct
// that a recorded type refers to, the functions defined in non-system files
// plus those they reference, implicit casts and parentheses transparent, and
// everything sorted by location at the end.  No rule logic lives here.
//
//===----------------------------------------------------------------------===//
#include "ModelBuilder.h"

#include "clang/AST/Attr.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cstring>
#include <numeric>
#include <string>
#include <vector>

namespace clang {
namespace tidy {
namespace handleguard {

SourceLocation BuiltModel::toSourceLocation(const SourceManager &SM, const hg_loc &L) const {
  if (L.line == 0 || L.file >= FileIds.size() || FileIds[L.file].isInvalid())
    return SourceLocation();
  return SM.getComposedLoc(FileIds[L.file], L.offset);
}

namespace {

/// Annotation strings gathered per declaration, in order, without duplicates.
struct Annotations {
  std::vector<std::string> List;
  void add(llvm::StringRef S) {
    if (std::find(List.begin(), List.end(), S) == List.end())
      List.push_back(S.str());
  }
  template <typename DeclT> void addFrom(const DeclT *D) {
    for (const auto *A : D->template specific_attrs<AnnotateAttr>())
      add(A->getAnnotation());
  }
};

struct RecordInfo {
  const RecordDecl *Canon = nullptr;
  const RecordDecl *Def = nullptr;
  bool Populated = false;
  uint32_t Order = 0;
};

class Builder {
public:
  /// See buildModel: names that make a unit worth modelling whole.
  const std::vector<std::string> *Relevant = nullptr;
  Builder(ASTContext &Ctx, BuiltModel &Out)
      : Ctx(Ctx), SM(Ctx.getSourceManager()), LO(Ctx.getLangOpts()), Policy(LO), Out(Out) {}

  void run();

private:
  ASTContext &Ctx;
  SourceManager &SM;
  const LangOptions &LO;
  PrintingPolicy Policy;
  BuiltModel &Out;
  hg_model *M = nullptr;

  // files: provisional index per FileEntry (renumbered in finish())
  llvm::DenseMap<const FileEntry *, uint32_t> FileIndex;
  std::vector<FileID> FileIds;

  // records
  llvm::DenseMap<const RecordDecl *, int32_t> RecordIndex; // canonical decl
  std::vector<RecordInfo> Records;
  llvm::DenseMap<const RecordDecl *, Annotations> RecordAnnots;   // from redecls and typedefs
  llvm::DenseMap<const RecordDecl *, std::string> RecordTypedef;  // first typedef naming it

  // functions
  llvm::DenseMap<const FunctionDecl *, int32_t> FunctionIndex; // canonical decl
  llvm::StringMap<int32_t> FunctionByName;
  std::vector<const FunctionDecl *> FunctionCanon;
  llvm::DenseMap<const FunctionDecl *, Annotations> FunctionAnnots;
  std::vector<const FunctionDecl *> Defs;

  // globals and enumerators
  llvm::DenseMap<const VarDecl *, int32_t> GlobalIndex; // canonical decl
  llvm::DenseMap<const EnumConstantDecl *, int32_t> EnumIndex;
  std::vector<hg_loc> EnumLocs;

  // the function whose body is being built
  int32_t CurFn = -1;
  llvm::DenseMap<const VarDecl *, int32_t> Locals;

  // every node, for the final renumbering
  std::vector<hg_node *> Nodes;

  // ---- locations ------------------------------------------------------------
  uint32_t fileIndexOf(FileID FID);
  hg_loc locAt(FileID FID, unsigned Off);
  hg_loc loc(SourceLocation L);
  hg_range range(SourceRange SR, bool *InMacro = nullptr);
  bool isSystem(SourceLocation L) const {
    return L.isValid() && SM.isInSystemHeader(SM.getExpansionLoc(L));
  }

  // ---- strings and types ----------------------------------------------------
  const char *str(llvm::StringRef S) { return hg_model_strdup(M, S.str().c_str()); }
  hg_type type(QualType T);
  hg_type computeType(QualType T);
  llvm::DenseMap<void *, hg_type> TypeCache; // by QualType, as libclang hands it out
  static hg_type_kind kindOf(QualType Canon);

  // ---- declarations -----------------------------------------------------------
  int32_t recordIndex(const RecordDecl *RD);
  void populate(int32_t I);
  void scanRecord(const RecordDecl *RD, bool User);
  void scanTypedef(const TypedefNameDecl *TD);
  void scanEnum(const EnumDecl *ED);
  void scanTop(Decl *D);
  void scanInit(const Stmt *S);
  int32_t functionIndex(const FunctionDecl *FD);
  int32_t globalIndex(const VarDecl *VD);
  int32_t enumeratorIndex(const EnumConstantDecl *EC);
  void buildFunction(const FunctionDecl *Def);
  void noteRelevance(const NamedDecl *ND);
  bool IsRelevant = false;
  void finish();

  // ---- bodies -----------------------------------------------------------------
  hg_node *newNode(hg_node_kind K);
  hg_node *node(hg_node_kind K, SourceRange R);
  hg_node *enode(hg_node_kind K, const Expr *E);
  hg_node *stmt(const Stmt *S);
  hg_node *stmtReq(const Stmt *S, SourceRange Where);
  void stmtInto(const Stmt *S, hg_node *Compound);
  uint32_t declsInto(const DeclStmt *DS, hg_node *Out);
  hg_node *declStmt(const DeclStmt *DS);
  hg_node *expr(const Expr *E);
  hg_node *otherExpr(const Expr *E);
  hg_node *leaf(hg_node_kind K, const Expr *E);
  hg_node *declRef(const DeclRefExpr *DRE);
  hg_node *member(const MemberExpr *ME);
  hg_node *call(const CallExpr *CE);
  hg_node *initList(const InitListExpr *IL);
  int32_t localAdd(const VarDecl *VD);
  void add(hg_node *P, hg_node *C) { hg_node_add_child(M, P, C); }
  static hg_op_kind unaryOp(UnaryOperatorKind K);
  static hg_op_kind binaryOp(BinaryOperatorKind K, bool &Assign);
  static bool evalInt(const Expr *E, const ASTContext &Ctx, int64_t &Out);
};

// ---- locations ------------------------------------------------------------------

uint32_t Builder::fileIndexOf(FileID FID) {
  OptionalFileEntryRef FE = SM.getFileEntryRefForID(FID);
  const FileEntry *Key = FE ? &FE->getFileEntry() : nullptr;
  auto It = FileIndex.find(Key);
  if (It != FileIndex.end())
    return It->second;
  std::string Path = FE ? FE->getName().str() : std::string();
  SourceLocation Start = SM.getLocForStartOfFile(FID);
  bool IsMain = SM.isInMainFile(Start);
  bool IsSystem = SM.isInSystemHeader(Start);
  uint32_t I = hg_model_add_file(M, Path.c_str(), IsMain, IsSystem);
  FileIndex[Key] = I;
  FileIds.push_back(FID);
  return I;
}

hg_loc Builder::locAt(FileID FID, unsigned Off) {
  hg_loc R{};
  R.file = fileIndexOf(FID);
  R.offset = Off;
  bool Invalid = false;
  R.line = SM.getLineNumber(FID, Off, &Invalid);
  R.col = SM.getColumnNumber(FID, Off, &Invalid);
  return R;
}

hg_loc Builder::loc(SourceLocation L) {
  if (L.isInvalid())
    return hg_loc{};
  std::pair<FileID, unsigned> D = SM.getDecomposedExpansionLoc(L);
  if (D.first.isInvalid() || !SM.getFileEntryRefForID(D.first))
    return hg_loc{};
  return locAt(D.first, D.second);
}

// libclang's extent of a construct (clang_getCursorExtent: the end moved one
// token past the last one, through the expansion of a macro that is not a
// macro argument), then both ends at their expansion locations.
hg_range Builder::range(SourceRange SR, bool *InMacro) {
  hg_range R{};
  SourceLocation B = SR.getBegin();
  if (B.isInvalid())
    return R;
  std::pair<FileID, unsigned> BD = SM.getDecomposedExpansionLoc(B);
  OptionalFileEntryRef BF = SM.getFileEntryRefForID(BD.first);
  if (!BF)
    return R;
  if (InMacro) {
    std::pair<FileID, unsigned> SD = SM.getDecomposedLoc(SM.getSpellingLoc(B));
    OptionalFileEntryRef SF = SM.getFileEntryRefForID(SD.first);
    bool SameFile = SF && &SF->getFileEntry() == &BF->getFileEntry();
    *InMacro = !SameFile || SD.second != BD.second;
  }
  R.begin = locAt(BD.first, BD.second);
  SourceLocation E = SR.getEnd();
  bool TokenRange = true;
  if (E.isValid() && E.isMacroID() && !SM.isMacroArgExpansion(E)) {
    CharSourceRange X = SM.getExpansionRange(E);
    E = X.getEnd();
    TokenRange = X.isTokenRange();
  }
  if (TokenRange && E.isValid())
    E = E.getLocWithOffset(Lexer::MeasureTokenLength(SM.getSpellingLoc(E), SM, LO));
  R.end = R.begin;
  if (E.isValid()) {
    std::pair<FileID, unsigned> ED = SM.getDecomposedExpansionLoc(E);
    OptionalFileEntryRef EF = SM.getFileEntryRefForID(ED.first);
    if (EF && &EF->getFileEntry() == &BF->getFileEntry() && ED.second >= BD.second)
      R.end = locAt(BD.first, ED.second);
  }
  return R;
}

// ---- types ------------------------------------------------------------------------

static QualType unatomic(QualType T) {
  while (const auto *AT = dyn_cast<AtomicType>(T.getTypePtr()))
    T = AT->getValueType().getCanonicalType();
  return T;
}

hg_type_kind Builder::kindOf(QualType C) {
  if (C.isNull())
    return HG_TY_UNKNOWN;
  C = unatomic(C);
  const auto *T = C.getTypePtr();
  if (const auto *BT = dyn_cast<BuiltinType>(T)) {
    switch (BT->getKind()) {
    case BuiltinType::Void:
      return HG_TY_VOID;
    case BuiltinType::Bool:
      return HG_TY_BOOL;
    case BuiltinType::Char_U: case BuiltinType::UChar: case BuiltinType::Char16:
    case BuiltinType::Char32: case BuiltinType::UShort: case BuiltinType::UInt:
    case BuiltinType::ULong: case BuiltinType::ULongLong: case BuiltinType::UInt128:
    case BuiltinType::Char_S: case BuiltinType::SChar: case BuiltinType::WChar_S:
    case BuiltinType::WChar_U: case BuiltinType::Short: case BuiltinType::Int:
    case BuiltinType::Long: case BuiltinType::LongLong: case BuiltinType::Int128:
      return HG_TY_INT;
    case BuiltinType::Float: case BuiltinType::Double: case BuiltinType::LongDouble:
    case BuiltinType::Float128: case BuiltinType::Half: case BuiltinType::Float16:
    case BuiltinType::BFloat16: case BuiltinType::Ibm128:
      return HG_TY_FLOAT;
    default:
      return HG_TY_UNKNOWN;
    }
  }
  if (isa<EnumType>(T))
    return HG_TY_INT;
  if (isa<PointerType>(T))
    return HG_TY_POINTER;
  if (isa<ArrayType>(T))
    return HG_TY_ARRAY;
  if (isa<RecordType>(T))
    return HG_TY_RECORD;
  if (isa<FunctionType>(T))
    return HG_TY_FUNCTION;
  return HG_TY_UNKNOWN;
}

// The type as libclang hands it out (MakeCXType): attributed types as their
// equivalent type, parentheses dropped, a decayed parameter type as written
// (`va_list ap` stays an array, not `struct __va_list_tag *`).
static QualType asLibclangType(QualType T) {
  while (!T.isNull()) {
    if (const auto *A = T->getAs<AttributedType>())
      T = A->getEquivalentType();
    else if (const auto *B = T->getAs<BTFTagAttributedType>())
      T = B->getWrappedType();
    else if (const auto *P = T->getAs<ParenType>())
      T = P->getInnerType();
    else if (const auto *D = T->getAs<DecayedType>())
      T = D->getOriginalType();
    else
      break;
  }
  return T;
}

hg_type Builder::type(QualType T) {
  T = asLibclangType(T);
  if (T.isNull())
    return hg_type_unknown();
  auto It = TypeCache.find(T.getAsOpaquePtr());
  if (It != TypeCache.end())
    return It->second;
  hg_type R = computeType(T); // may recurse (records' fields)
  TypeCache[T.getAsOpaquePtr()] = R;
  return R;
}

hg_type Builder::computeType(QualType T) {
  hg_type R = hg_type_unknown();
  QualType Canon = unatomic(T.getCanonicalType());
  R.kind = kindOf(Canon);
  QualType Cur = Canon;
  unsigned Depth = 0;
  for (;;) {
    Cur = unatomic(Cur);
    hg_type_kind K = kindOf(Cur);
    QualType Next;
    if (K == HG_TY_POINTER)
      Next = cast<PointerType>(Cur.getTypePtr())->getPointeeType();
    else if (K == HG_TY_ARRAY)
      Next = Ctx.getAsArrayType(Cur)->getElementType();
    else
      break;
    if (Next.isNull())
      break;
    if (Depth == 0)
      R.pointee_is_const = Next.isConstQualified();
    Cur = Next.getCanonicalType();
    ++Depth;
  }
  Cur = unatomic(Cur);
  R.depth = Depth > 255 ? 255 : static_cast<uint8_t>(Depth);
  R.base = kindOf(Cur);
  if (const auto *BT = dyn_cast<BuiltinType>(Cur.getTypePtr()))
    R.base_is_char = BT->getKind() == BuiltinType::Char_S || BT->getKind() == BuiltinType::Char_U ||
                     BT->getKind() == BuiltinType::SChar || BT->getKind() == BuiltinType::UChar;
  if (R.base == HG_TY_RECORD)
    R.record = recordIndex(cast<RecordType>(Cur.getTypePtr())->getDecl());
  R.spelling = str(T.getAsString(Policy));
  return R;
}

// ---- records ----------------------------------------------------------------------

int32_t Builder::recordIndex(const RecordDecl *RD) {
  const RecordDecl *Canon = cast<RecordDecl>(RD->getCanonicalDecl());
  auto It = RecordIndex.find(Canon);
  if (It != RecordIndex.end())
    return It->second;
  const RecordDecl *Def = Canon->getDefinition();
  const RecordDecl *Where = Def ? Def : Canon;
  std::string Name = Where->getName().str();
  if (Name.empty())
    if (const TypedefNameDecl *TD = Where->getTypedefNameForAnonDecl())
      Name = TD->getName().str();
  int32_t I = static_cast<int32_t>(hg_model_add_record(M, Name.c_str()));
  RecordIndex[Canon] = I;
  RecordInfo Info;
  Info.Canon = Canon;
  Info.Def = Def;
  Info.Order = static_cast<uint32_t>(I);
  Records.push_back(Info);
  hg_loc L = loc(Where->getLocation());
  hg_record &R = M->records[I];
  R.is_union = Canon->isUnion();
  R.is_complete = Def != nullptr;
  R.loc = L;
  return I;
}

void Builder::populate(int32_t I) {
  if (Records[I].Populated)
    return;
  Records[I].Populated = true;
  const RecordDecl *Def = Records[I].Def;
  if (!Def)
    return;
  for (const auto *A : Def->specific_attrs<AnnotateAttr>())
    hg_record_add_annotation(M, &M->records[I], A->getAnnotation().str().c_str());
  for (const FieldDecl *FD : Def->fields()) {
    hg_field F{};
    if (FD->isAnonymousStructOrUnion()) {
      // clang's implicit unnamed field: libclang shows the record instead.
      const RecordDecl *Anon = FD->getType()->getAsRecordDecl();
      F.name = "";
      F.type = type(Ctx.getTypeDeclType(Anon));
      F.loc = loc(Anon->getLocation());
      F.range = range(Anon->getSourceRange());
    } else {
      std::string Name = FD->getName().str();
      F.name = str(Name);
      F.type = type(FD->getType());
      F.loc = loc(FD->getLocation());
      F.range = range(FD->getSourceRange());
    }
    hg_record_add_field(M, &M->records[I], &F);
  }
}

void Builder::scanRecord(const RecordDecl *RD, bool User) {
  const RecordDecl *Canon = cast<RecordDecl>(RD->getCanonicalDecl());
  RecordAnnots[Canon].addFrom(RD);
  if (!User)
    return;
  // When checking (not dumping), every struct the user defines is in the
  // model, referenced or not, as in the libclang front end.
  if (Relevant && RD->isThisDeclarationADefinition())
    (void)recordIndex(RD);
  for (const Decl *D : RD->decls()) {
    if (const auto *Sub = dyn_cast<RecordDecl>(D))
      scanRecord(Sub, true);
    else if (const auto *ED = dyn_cast<EnumDecl>(D))
      scanEnum(ED);
  }
}

void Builder::scanTypedef(const TypedefNameDecl *TD) {
  QualType U = TD->getUnderlyingType().getCanonicalType();
  const auto *RT = dyn_cast<RecordType>(U.getTypePtr());
  if (!RT)
    return;
  const RecordDecl *Canon = cast<RecordDecl>(RT->getDecl()->getCanonicalDecl());
  if (!RecordTypedef.count(Canon))
    RecordTypedef[Canon] = TD->getName().str();
  RecordAnnots[Canon].addFrom(TD);
}

void Builder::scanEnum(const EnumDecl *ED) {
  for (const EnumConstantDecl *EC : ED->enumerators())
    enumeratorIndex(EC);
}

// ---- functions, globals, enumerators ------------------------------------------------

int32_t Builder::functionIndex(const FunctionDecl *FD) {
  const FunctionDecl *Canon = FD->getCanonicalDecl();
  auto It = FunctionIndex.find(Canon);
  if (It != FunctionIndex.end())
    return It->second;
  std::string Name = Canon->getNameAsString();
  auto ByName = FunctionByName.find(Name);
  if (ByName != FunctionByName.end()) {
    FunctionIndex[Canon] = ByName->second;
    return ByName->second;
  }
  int32_t I = static_cast<int32_t>(hg_model_add_function(M, Name.c_str()));
  FunctionByName[Name] = I;
  FunctionIndex[Canon] = I;
  FunctionCanon.push_back(Canon);

  const FunctionDecl *Def = nullptr;
  for (const FunctionDecl *R : Canon->redecls())
    if (R->doesThisDeclarationHaveABody())
      Def = R;
  const FunctionDecl *Where = Def ? Def : Canon;
  hg_loc L = loc(Where->getLocation());
  hg_range Rg = range(Where->getSourceRange());
  hg_type Ret = type(Where->getType()->castAs<FunctionType>()->getReturnType());
  Linkage Lk = Where->getLinkageInternal();
  // Only a prototype can be variadic: `int f();` (no prototype) is not.
  bool Variadic = false;
  if (const auto *FPT = dyn_cast<FunctionProtoType>(Where->getType().getCanonicalType().getTypePtr()))
    Variadic = FPT->isVariadic();
  hg_function *F = &M->functions[I];
  F->loc = L;
  F->range = Rg;
  F->ret = Ret;
  F->is_static = Lk == Linkage::Internal;
  F->is_inline = Where->isInlined();
  F->is_variadic = Variadic;
  F->hidden = Where->getVisibility() == HiddenVisibility;
  for (const ParmVarDecl *P : Where->parameters()) {
    hg_var V{};
    std::string PName = P->getName().str();
    V.name = PName.c_str();
    V.type = type(P->getType());
    V.loc = loc(P->getLocation());
    V.is_param = true;
    hg_function_add_var(M, &M->functions[I], &V);
  }
  F = &M->functions[I];
  F->nparams = F->nvars;
  return I;
}

int32_t Builder::globalIndex(const VarDecl *VD) {
  const VarDecl *Canon = VD->getCanonicalDecl();
  auto It = GlobalIndex.find(Canon);
  if (It != GlobalIndex.end())
    return It->second;
  const VarDecl *Def = Canon->getDefinition();
  const VarDecl *Where = Def ? Def : Canon;
  std::string Name = Where->getName().str();
  int32_t I = static_cast<int32_t>(hg_model_add_global(M, Name.c_str()));
  GlobalIndex[Canon] = I;
  hg_type T = type(Where->getType());
  hg_loc L = loc(Where->getLocation());
  Linkage Lk = Where->getLinkageInternal();
  hg_var &G = M->globals[I];
  G.type = T;
  G.loc = L;
  G.is_static = Lk == Linkage::Internal;
  G.is_extern = Lk == Linkage::External || Lk == Linkage::Module;
  return I;
}

int32_t Builder::enumeratorIndex(const EnumConstantDecl *EC) {
  auto It = EnumIndex.find(EC);
  if (It != EnumIndex.end())
    return It->second;
  int32_t I = static_cast<int32_t>(hg_model_add_enumerator(
      M, EC->getNameAsString().c_str(), EC->getInitVal().getSExtValue()));
  EnumIndex[EC] = I;
  EnumLocs.push_back(loc(EC->getLocation()));
  return I;
}

// ---- the translation unit -------------------------------------------------------------

// Function references in the initializer of a file-scope variable: every one
// takes the function's address (sizeof operands are not looked into).
void Builder::scanInit(const Stmt *S) {
  if (!S || isa<UnaryExprOrTypeTraitExpr>(S) || isa<BlockExpr>(S))
    return;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(S)) {
    if (const auto *FD = dyn_cast<FunctionDecl>(DRE->getDecl())) {
      int32_t I = functionIndex(FD); // may grow M->functions
      M->functions[I].address_taken = true;
    }
    return;
  }
  for (const Stmt *C : S->children())
    scanInit(C);
}

static bool mayHoldFunctions(const ASTContext &Ctx, QualType T) {
  T = T.getCanonicalType();
  while (const ArrayType *AT = Ctx.getAsArrayType(T))
    T = AT->getElementType().getCanonicalType();
  T = unatomic(T);
  return !T->isIntegerType() && !T->isRealFloatingType() && !T->isBooleanType() &&
         !T->isEnumeralType();
}

void Builder::noteRelevance(const NamedDecl *ND) {
  if (!Relevant || IsRelevant)
    return;
  if ((isa<RecordDecl>(ND) || isa<TypedefNameDecl>(ND)) && ND->hasAttr<AnnotateAttr>()) {
    IsRelevant = true;
    return;
  }
  if (const IdentifierInfo *II = ND->getIdentifier())
    for (const std::string &Name : *Relevant)
      if (II->getName() == Name) {
        IsRelevant = true;
        return;
      }
}

void Builder::scanTop(Decl *D) {
  if (auto *ND = dyn_cast<NamedDecl>(D))
    if (isa<FunctionDecl>(ND) || isa<RecordDecl>(ND) || isa<TypedefNameDecl>(ND))
      noteRelevance(ND);
  if (auto *LS = dyn_cast<LinkageSpecDecl>(D)) {
    for (Decl *C : LS->decls())
      scanTop(C);
    return;
  }
  if (auto *FD = dyn_cast<FunctionDecl>(D)) {
    FunctionAnnots[FD->getCanonicalDecl()].addFrom(FD);
    if (!isSystem(FD->getLocation()) && FD->doesThisDeclarationHaveABody())
      Defs.push_back(FD);
    return;
  }
  if (auto *VD = dyn_cast<VarDecl>(D)) {
    if (!isSystem(VD->getLocation()) && VD->getInit() && mayHoldFunctions(Ctx, VD->getType()))
      scanInit(VD->getInit());
    return;
  }
  if (auto *RD = dyn_cast<RecordDecl>(D)) {
    scanRecord(RD, !isSystem(RD->getLocation()));
    return;
  }
  if (auto *TD = dyn_cast<TypedefNameDecl>(D)) {
    scanTypedef(TD);
    return;
  }
  if (auto *ED = dyn_cast<EnumDecl>(D)) {
    if (!isSystem(ED->getLocation()))
      scanEnum(ED);
    return;
  }
}

void Builder::buildFunction(const FunctionDecl *Def) {
  int32_t I = functionIndex(Def);
  if (M->functions[I].has_body)
    return;
  const auto *Body = dyn_cast_or_null<CompoundStmt>(Def->getBody());
  if (!Body)
    return;
  CurFn = I;
  Locals.clear();
  for (unsigned K = 0; K < Def->getNumParams() && K < M->functions[I].nparams; ++K)
    Locals[Def->getParamDecl(K)] = static_cast<int32_t>(K);
  hg_node *B = stmt(Body);
  hg_function *F = &M->functions[I];
  F->has_body = true;
  F->body = B;
  if (B->range.end.offset > 0)
    F->body_end = locAt(FileIds[B->range.end.file], B->range.end.offset - 1);
  else
    F->body_end = B->range.end;
  CurFn = -1;
}

void Builder::run() {
  TranslationUnitDecl *TU = Ctx.getTranslationUnitDecl();
  FileID Main = SM.getMainFileID();
  OptionalFileEntryRef MainFE = SM.getFileEntryRefForID(Main);
  std::string MainPath = MainFE ? MainFE->getName().str() : std::string();
  M = hg_model_new(MainPath.c_str());
  Out.Model = M;
  (void)fileIndexOf(Main); // the main file is file 0

  for (Decl *D : TU->decls())
    scanTop(D);
  // Nothing a check looks for is declared: the bodies cannot matter.
  bool SkipBodies = Relevant && !IsRelevant;
  for (const FunctionDecl *Def : Defs)
    if (!SkipBodies)
      buildFunction(Def);
  finish();
}

// ---- statements -------------------------------------------------------------------------

hg_node *Builder::newNode(hg_node_kind K) {
  hg_node *N = hg_node_new(M, K);
  Nodes.push_back(N);
  return N;
}

hg_node *Builder::node(hg_node_kind K, SourceRange R) {
  hg_node *N = newNode(K);
  bool Mac = false;
  N->range = range(R, &Mac);
  if (Mac)
    N->flags |= HG_NF_IN_MACRO;
  return N;
}

hg_node *Builder::enode(hg_node_kind K, const Expr *E) {
  hg_node *N = node(K, E->getSourceRange());
  N->type = type(E->getType());
  return N;
}

int32_t Builder::localAdd(const VarDecl *VD) {
  hg_var V{};
  std::string Name = VD->getName().str();
  V.name = Name.c_str();
  V.type = type(VD->getType());
  V.loc = loc(VD->getLocation());
  V.is_static = VD->getStorageClass() == SC_Static;
  int32_t I = static_cast<int32_t>(hg_function_add_var(M, &M->functions[CurFn], &V));
  Locals[VD] = I;
  return I;
}

uint32_t Builder::declsInto(const DeclStmt *DS, hg_node *Into) {
  uint32_t N = 0;
  bool First = true;
  for (const Decl *D : DS->decls()) {
    bool WasFirst = First;
    First = false;
    if (const auto *VD = dyn_cast<VarDecl>(D)) {
      if (VD->getStorageClass() == SC_Extern || VD->hasExternalStorage())
        continue; // a block-scope extern names a global
      // libclang's extent of the second and later variables of one
      // declaration starts at the variable's name.
      SourceRange R = VD->getSourceRange();
      if (!WasFirst)
        R.setBegin(VD->getLocation());
      hg_node *DN = node(HG_N_DECL, R);
      auto It = Locals.find(VD);
      int32_t VI = It != Locals.end() ? It->second : localAdd(VD);
      DN->ref = VI;
      DN->name = M->functions[CurFn].vars[VI].name;
      if (const Expr *Init = VD->getInit())
        add(DN, expr(Init));
      add(Into, DN);
      ++N;
    } else if (const auto *FD = dyn_cast<FunctionDecl>(D)) {
      FunctionAnnots[FD->getCanonicalDecl()].addFrom(FD);
    } else if (const auto *ED = dyn_cast<EnumDecl>(D)) {
      if (!isSystem(ED->getLocation()))
        scanEnum(ED);
    } else if (const auto *TD = dyn_cast<TypedefNameDecl>(D)) {
      scanTypedef(TD);
    } else if (const auto *RD = dyn_cast<RecordDecl>(D)) {
      scanRecord(RD, !isSystem(RD->getLocation()));
    }
  }
  return N;
}

hg_node *Builder::declStmt(const DeclStmt *DS) {
  hg_node *Tmp = node(HG_N_COMPOUND, DS->getSourceRange());
  uint32_t N = declsInto(DS, Tmp);
  if (N == 0)
    return nullptr;
  if (N == 1)
    return Tmp->children[0];
  return Tmp;
}

hg_node *Builder::stmtReq(const Stmt *S, SourceRange Where) {
  hg_node *N = S ? stmt(S) : nullptr;
  if (!N)
    N = node(HG_N_NULL_STMT, S ? S->getSourceRange() : Where);
  return N;
}

void Builder::stmtInto(const Stmt *S, hg_node *Compound) {
  if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    declsInto(DS, Compound);
    return;
  }
  if (hg_node *N = stmt(S))
    add(Compound, N);
}

hg_node *Builder::stmt(const Stmt *S) {
  if (!S)
    return nullptr;
  if (const auto *E = dyn_cast<Expr>(S))
    return expr(E);
  switch (S->getStmtClass()) {
  case Stmt::CompoundStmtClass: {
    hg_node *N = node(HG_N_COMPOUND, S->getSourceRange());
    for (const Stmt *C : cast<CompoundStmt>(S)->body())
      if (C)
        stmtInto(C, N);
    return N;
  }
  case Stmt::DeclStmtClass:
    return declStmt(cast<DeclStmt>(S));
  case Stmt::IfStmtClass: {
    const auto *I = cast<IfStmt>(S);
    hg_node *N = node(HG_N_IF, S->getSourceRange());
    add(N, expr(I->getCond()));
    add(N, stmtReq(I->getThen(), S->getSourceRange()));
    if (I->getElse())
      add(N, stmtReq(I->getElse(), S->getSourceRange()));
    return N;
  }
  case Stmt::WhileStmtClass: {
    const auto *W = cast<WhileStmt>(S);
    hg_node *N = node(HG_N_WHILE, S->getSourceRange());
    add(N, expr(W->getCond()));
    add(N, stmtReq(W->getBody(), S->getSourceRange()));
    return N;
  }
  case Stmt::SwitchStmtClass: {
    const auto *Sw = cast<SwitchStmt>(S);
    hg_node *N = node(HG_N_SWITCH, S->getSourceRange());
    add(N, expr(Sw->getCond()));
    add(N, stmtReq(Sw->getBody(), S->getSourceRange()));
    return N;
  }
  case Stmt::DoStmtClass: {
    const auto *D = cast<DoStmt>(S);
    hg_node *N = node(HG_N_DO, S->getSourceRange());
    add(N, stmtReq(D->getBody(), S->getSourceRange()));
    add(N, expr(D->getCond()));
    return N;
  }
  case Stmt::ForStmtClass: {
    const auto *F = cast<ForStmt>(S);
    hg_node *N = node(HG_N_FOR, S->getSourceRange());
    const Stmt *Init = F->getInit();
    if (const auto *DS = dyn_cast_or_null<DeclStmt>(Init))
      add(N, declStmt(DS));
    else
      add(N, Init ? stmt(Init) : nullptr);
    add(N, F->getCond() ? expr(F->getCond()) : nullptr);
    add(N, F->getInc() ? expr(F->getInc()) : nullptr);
    add(N, stmtReq(F->getBody(), S->getSourceRange()));
    return N;
  }
  case Stmt::CaseStmtClass: {
    const auto *C = cast<CaseStmt>(S);
    hg_node *N = node(HG_N_CASE, S->getSourceRange());
    int64_t V = 0;
    if (C->getLHS() && evalInt(C->getLHS(), Ctx, V)) {
      N->value = V;
      N->flags |= HG_NF_HAS_VALUE;
    }
    add(N, C->getSubStmt() ? stmt(C->getSubStmt()) : nullptr);
    return N;
  }
  case Stmt::DefaultStmtClass: {
    hg_node *N = node(HG_N_DEFAULT, S->getSourceRange());
    const Stmt *Sub = cast<DefaultStmt>(S)->getSubStmt();
    add(N, Sub ? stmt(Sub) : nullptr);
    return N;
  }
  case Stmt::LabelStmtClass: {
    const auto *L = cast<LabelStmt>(S);
    hg_node *N = node(HG_N_LABEL, S->getSourceRange());
    N->name = str(L->getName());
    add(N, L->getSubStmt() ? stmt(L->getSubStmt()) : nullptr);
    return N;
  }
  case Stmt::GotoStmtClass: {
    hg_node *N = node(HG_N_GOTO, S->getSourceRange());
    N->name = str(cast<GotoStmt>(S)->getLabel()->getName());
    return N;
  }
  case Stmt::IndirectGotoStmtClass:
    return node(HG_N_GOTO, S->getSourceRange());
  case Stmt::BreakStmtClass:
    return node(HG_N_BREAK, S->getSourceRange());
  case Stmt::ContinueStmtClass:
    return node(HG_N_CONTINUE, S->getSourceRange());
  case Stmt::NullStmtClass:
    return node(HG_N_NULL_STMT, S->getSourceRange());
  case Stmt::ReturnStmtClass: {
    hg_node *N = node(HG_N_RETURN, S->getSourceRange());
    if (const Expr *V = cast<ReturnStmt>(S)->getRetValue())
      add(N, expr(V));
    return N;
  }
  case Stmt::AttributedStmtClass: {
    const Stmt *Sub = cast<AttributedStmt>(S)->getSubStmt();
    if (Sub && !isa<Expr>(Sub))
      return stmt(Sub);
    break;
  }
  default:
    break;
  }
  // asm statements and the like: their sub-statements and expressions.
  hg_node *N = node(HG_N_OTHER_STMT, S->getSourceRange());
  for (const Stmt *C : S->children())
    if (C)
      if (hg_node *Sub = stmt(C))
        add(N, Sub);
  return N;
}

// ---- expressions --------------------------------------------------------------------------

hg_op_kind Builder::unaryOp(UnaryOperatorKind K) {
  switch (K) {
  case UO_PostInc: return HG_OP_POSTINC;
  case UO_PostDec: return HG_OP_POSTDEC;
  case UO_PreInc: return HG_OP_PREINC;
  case UO_PreDec: return HG_OP_PREDEC;
  case UO_AddrOf: return HG_OP_ADDR;
  case UO_Deref: return HG_OP_DEREF;
  case UO_Plus: return HG_OP_PLUS;
  case UO_Minus: return HG_OP_NEG;
  case UO_Not: return HG_OP_BITNOT;
  case UO_LNot: return HG_OP_NOT;
  default: return HG_OP_NONE;
  }
}

hg_op_kind Builder::binaryOp(BinaryOperatorKind K, bool &Assign) {
  Assign = BinaryOperator::isAssignmentOp(K);
  switch (K) {
  case BO_Mul: case BO_MulAssign: return HG_OP_MUL;
  case BO_Div: case BO_DivAssign: return HG_OP_DIV;
  case BO_Rem: case BO_RemAssign: return HG_OP_REM;
  case BO_Add: case BO_AddAssign: return HG_OP_ADD;
  case BO_Sub: case BO_SubAssign: return HG_OP_SUB;
  case BO_Shl: case BO_ShlAssign: return HG_OP_SHL;
  case BO_Shr: case BO_ShrAssign: return HG_OP_SHR;
  case BO_And: case BO_AndAssign: return HG_OP_BITAND;
  case BO_Or: case BO_OrAssign: return HG_OP_BITOR;
  case BO_Xor: case BO_XorAssign: return HG_OP_BITXOR;
  case BO_LT: return HG_OP_LT;
  case BO_GT: return HG_OP_GT;
  case BO_LE: return HG_OP_LE;
  case BO_GE: return HG_OP_GE;
  case BO_EQ: return HG_OP_EQ;
  case BO_NE: return HG_OP_NE;
  case BO_LAnd: return HG_OP_LAND;
  case BO_LOr: return HG_OP_LOR;
  case BO_Comma: return HG_OP_COMMA;
  case BO_Assign: return HG_OP_ASSIGN;
  default: return HG_OP_NONE;
  }
}

// clang_Cursor_Evaluate's integer: unsigned results zero-extended.
bool Builder::evalInt(const Expr *E, const ASTContext &Ctx, int64_t &Out) {
  if (E->isValueDependent())
    return false;
  Expr::EvalResult R;
  if (!E->EvaluateAsRValue(R, Ctx) || !R.Val.isInt())
    return false;
  const llvm::APSInt &V = R.Val.getInt();
  Out = V.isUnsigned() ? static_cast<int64_t>(V.getZExtValue()) : V.getSExtValue();
  return true;
}

/// Strips what the model never shows: parentheses, implicit casts, constant
/// wrappers and __extension__.  *PtrCast (when given) receives the type of
/// the outermost pointer-typed implicit cast met on the way.
static const Expr *strip(const Expr *E, QualType *PtrCast = nullptr) {
  for (;;) {
    if (const auto *PE = dyn_cast<ParenExpr>(E)) {
      E = PE->getSubExpr();
    } else if (const auto *ICE = dyn_cast<ImplicitCastExpr>(E)) {
      if (PtrCast && PtrCast->isNull() &&
          isa<PointerType>(unatomic(ICE->getType().getCanonicalType()).getTypePtr()))
        *PtrCast = ICE->getType();
      E = ICE->getSubExpr();
    } else if (const auto *CE = dyn_cast<ConstantExpr>(E)) {
      E = CE->getSubExpr();
    } else if (const auto *FE = dyn_cast<FullExpr>(E)) {
      E = FE->getSubExpr();
    } else if (const auto *OVE = dyn_cast<OpaqueValueExpr>(E)) {
      if (!OVE->getSourceExpr())
        return E;
      E = OVE->getSourceExpr();
    } else if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
      if (UO->getOpcode() != UO_Extension)
        return E;
      E = UO->getSubExpr();
    } else {
      return E;
    }
  }
}

static bool isZeroLiteral(const Expr *E) {
  const auto *IL = dyn_cast<IntegerLiteral>(E);
  return IL && IL->getValue().isZero();
}

/// The operand chain of a C-style cast (through parens, implicit casts and
/// further C-style casts) ends in the integer literal 0.
static bool castOfZero(const CStyleCastExpr *C) {
  const Expr *Op = C->getSubExpr();
  for (int Guard = 0; Guard < 64; ++Guard) {
    Op = strip(Op);
    if (const auto *Inner = dyn_cast<CStyleCastExpr>(Op)) {
      Op = Inner->getSubExpr();
      continue;
    }
    return isZeroLiteral(Op);
  }
  return false;
}

hg_node *Builder::otherExpr(const Expr *E) {
  hg_node *N = enode(HG_N_OTHER_EXPR, E);
  for (const Stmt *C : E->children())
    if (const auto *CE = dyn_cast_or_null<Expr>(C))
      add(N, expr(CE));
  return N;
}

hg_node *Builder::leaf(hg_node_kind K, const Expr *E) { return enode(K, E); }

hg_node *Builder::declRef(const DeclRefExpr *DRE) {
  const ValueDecl *D = DRE->getDecl();
  if (const auto *VD = dyn_cast<VarDecl>(D)) {
    hg_node *N = leaf(HG_N_VAR, DRE);
    auto It = Locals.find(VD);
    int32_t LI = It != Locals.end() ? It->second : -1;
    if (LI < 0 && !isa<ParmVarDecl>(VD) && VD->getStorageClass() != SC_Extern &&
        !VD->getDeclContext()->getRedeclContext()->isFileContext() && !VD->hasExternalStorage())
      LI = localAdd(VD); // a local met before its declaration (rare)
    if (LI >= 0) {
      N->ref = LI;
      N->name = M->functions[CurFn].vars[LI].name;
    } else if (!isa<ParmVarDecl>(VD)) {
      N->ref = globalIndex(VD);
      N->name = M->globals[N->ref].name;
      N->flags |= HG_NF_GLOBAL;
    } else {
      N->kind = HG_N_OTHER_EXPR;
    }
    return N;
  }
  if (const auto *FD = dyn_cast<FunctionDecl>(D)) {
    hg_node *N = leaf(HG_N_FUNC_REF, DRE);
    N->ref = functionIndex(FD);
    N->name = M->functions[N->ref].name;
    M->functions[N->ref].address_taken = true;
    return N;
  }
  if (const auto *EC = dyn_cast<EnumConstantDecl>(D)) {
    hg_node *N = leaf(HG_N_ENUM_CONST, DRE);
    int32_t I = enumeratorIndex(EC);
    N->name = M->enumerators[I].name;
    N->value = M->enumerators[I].value;
    return N;
  }
  return enode(HG_N_OTHER_EXPR, DRE);
}

hg_node *Builder::member(const MemberExpr *ME) {
  const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl());
  if (!FD)
    return otherExpr(ME);
  int32_t Rec = recordIndex(FD->getParent());
  populate(Rec);
  hg_node *N = enode(HG_N_MEMBER, ME);
  N->record = Rec;
  N->ref = static_cast<int32_t>(FD->getFieldIndex());
  N->name = M->records[Rec].fields[N->ref].name;
  if (ME->isArrow())
    N->flags |= HG_NF_ARROW;
  hg_node *B = expr(ME->getBase());
  add(N, B);
  // Implicit accesses to anonymous struct/union members take the explicit
  // access's range and macro flag (libclang does not show them).
  for (hg_node *Im = B; Im && Im->kind == HG_N_MEMBER && (Im->flags & HG_NF_IMPLICIT);
       Im = Im->nchildren ? Im->children[0] : nullptr) {
    Im->range = N->range;
    Im->flags = (Im->flags & ~HG_NF_IN_MACRO) | (N->flags & HG_NF_IN_MACRO);
  }
  if (FD->isAnonymousStructOrUnion()) {
    N->flags |= HG_NF_IMPLICIT;
    N->type = M->records[Rec].fields[N->ref].type;
  }
  return N;
}

hg_node *Builder::call(const CallExpr *CE) {
  hg_node *N = enode(HG_N_CALL, CE);
  const Expr *Callee = strip(CE->getCallee());
  const auto *DRE = dyn_cast<DeclRefExpr>(Callee);
  const auto *FD = DRE ? dyn_cast<FunctionDecl>(DRE->getDecl()) : nullptr;
  if (FD) {
    hg_node *FR = leaf(HG_N_FUNC_REF, DRE);
    FR->ref = functionIndex(FD);
    FR->name = M->functions[FR->ref].name;
    N->ref = FR->ref;
    N->name = FR->name;
    add(N, FR);
  } else {
    add(N, expr(CE->getCallee()));
  }
  for (const Expr *A : CE->arguments())
    add(N, expr(A));
  return N;
}

hg_node *Builder::initList(const InitListExpr *IL) {
  hg_node *N = enode(HG_N_INIT_LIST, IL);
  const InitListExpr *Syn = IL->isSemanticForm() && IL->getSyntacticForm() ? IL->getSyntacticForm() : IL;
  for (const Expr *I : Syn->inits()) {
    if (!I)
      continue;
    if (const auto *DIE = dyn_cast<DesignatedInitExpr>(I)) {
      add(N, expr(DIE->getInit()));
      continue;
    }
    add(N, expr(I));
  }
  return N;
}

hg_node *Builder::expr(const Expr *E0) {
  if (!E0)
    return nullptr;
  const Expr *E = strip(E0);
  switch (E->getStmtClass()) {
  case Stmt::IntegerLiteralClass: {
    const auto *IL = cast<IntegerLiteral>(E);
    int64_t V = static_cast<int64_t>(IL->getValue().getLimitedValue());
    QualType PtrCast;
    if (V == 0 && E != E0)
      strip(E0, &PtrCast);
    hg_node *N;
    if (V == 0 && !PtrCast.isNull()) {
      N = node(HG_N_NULL_PTR, E->getSourceRange());
      N->type = type(PtrCast);
    } else {
      N = enode(HG_N_INT_LIT, E);
      N->value = V;
    }
    return N;
  }
  case Stmt::CharacterLiteralClass: {
    hg_node *N = enode(HG_N_INT_LIT, E);
    int64_t V = 0;
    if (evalInt(E, Ctx, V))
      N->value = V;
    return N;
  }
  case Stmt::FloatingLiteralClass:
  case Stmt::ImaginaryLiteralClass:
  case Stmt::FixedPointLiteralClass:
    return enode(HG_N_FLOAT_LIT, E);
  case Stmt::StringLiteralClass: {
    hg_node *N = enode(HG_N_STRING_LIT, E);
    std::string S;
    llvm::raw_string_ostream OS(S);
    cast<StringLiteral>(E)->outputString(OS);
    OS.flush();
    size_t Q = S.find('"');
    if (Q == std::string::npos) {
      N->name = "";
    } else {
      std::string T = S.substr(Q + 1);
      if (!T.empty() && T.back() == '"')
        T.pop_back();
      if (T.size() > 255)
        T.resize(255);
      N->name = str(T);
    }
    return N;
  }
  case Stmt::PredefinedExprClass: {
    if (const StringLiteral *SL = cast<PredefinedExpr>(E)->getFunctionName())
      return expr(SL);
    break;
  }
  case Stmt::GNUNullExprClass:
  case Stmt::CXXNullPtrLiteralExprClass:
    return enode(HG_N_NULL_PTR, E);
  case Stmt::CXXBoolLiteralExprClass: {
    hg_node *N = enode(HG_N_INT_LIT, E);
    N->value = cast<CXXBoolLiteralExpr>(E)->getValue() ? 1 : 0;
    return N;
  }
  case Stmt::DeclRefExprClass:
    return declRef(cast<DeclRefExpr>(E));
  case Stmt::MemberExprClass:
    return member(cast<MemberExpr>(E));
  case Stmt::CallExprClass:
    return call(cast<CallExpr>(E));
  case Stmt::UnaryOperatorClass: {
    const auto *U = cast<UnaryOperator>(E);
    hg_op_kind K = unaryOp(U->getOpcode());
    if (K == HG_OP_NONE)
      return otherExpr(E);
    hg_node *N = enode(HG_N_UNARY, E);
    N->op = K;
    add(N, expr(U->getSubExpr()));
    return N;
  }
  case Stmt::BinaryOperatorClass:
  case Stmt::CompoundAssignOperatorClass: {
    const auto *B = cast<BinaryOperator>(E);
    bool Assign = false;
    hg_op_kind K = binaryOp(B->getOpcode(), Assign);
    if (K == HG_OP_NONE)
      return otherExpr(E);
    hg_node *N = enode(Assign ? HG_N_ASSIGN : HG_N_BINARY, E);
    N->op = K;
    add(N, expr(B->getLHS()));
    add(N, expr(B->getRHS()));
    return N;
  }
  case Stmt::ConditionalOperatorClass: {
    const auto *C = cast<ConditionalOperator>(E);
    hg_node *N = enode(HG_N_COND, E);
    add(N, expr(C->getCond()));
    add(N, expr(C->getTrueExpr()));
    add(N, expr(C->getFalseExpr()));
    return N;
  }
  case Stmt::BinaryConditionalOperatorClass: {
    const auto *C = cast<BinaryConditionalOperator>(E);
    hg_node *N = enode(HG_N_COND, E);
    add(N, expr(C->getCommon()));
    add(N, nullptr);
    add(N, expr(C->getFalseExpr()));
    return N;
  }
  case Stmt::CStyleCastExprClass: {
    const auto *C = cast<CStyleCastExpr>(E);
    hg_type_kind TK = kindOf(C->getType().getCanonicalType());
    if (TK == HG_TY_POINTER && castOfZero(C))
      return enode(HG_N_NULL_PTR, E);
    hg_node *N = enode(HG_N_CAST, E);
    if (TK == HG_TY_VOID)
      N->flags |= HG_NF_TO_VOID;
    add(N, expr(C->getSubExpr()));
    return N;
  }
  case Stmt::ArraySubscriptExprClass: {
    const auto *A = cast<ArraySubscriptExpr>(E);
    hg_node *N = enode(HG_N_SUBSCRIPT, E);
    add(N, expr(A->getBase()));
    add(N, expr(A->getIdx()));
    return N;
  }
  case Stmt::UnaryExprOrTypeTraitExprClass:
  case Stmt::OffsetOfExprClass:
    return enode(HG_N_UNEVALUATED, E);
  case Stmt::InitListExprClass:
    return initList(cast<InitListExpr>(E));
  case Stmt::CompoundLiteralExprClass: {
    const auto *IL = dyn_cast_or_null<InitListExpr>(cast<CompoundLiteralExpr>(E)->getInitializer());
    if (!IL)
      return otherExpr(E);
    hg_node *N = enode(HG_N_COMPOUND_LIT, E);
    add(N, initList(IL));
    return N;
  }
  case Stmt::StmtExprClass: {
    hg_node *N = enode(HG_N_STMT_EXPR, E);
    add(N, stmt(cast<StmtExpr>(E)->getSubStmt()));
    return N;
  }
  case Stmt::GenericSelectionExprClass: {
    // libclang cannot tell which association was chosen: the associations
    // whose type is exactly the selection's type.
    const auto *G = cast<GenericSelectionExpr>(E);
    llvm::SmallVector<const Expr *, 4> Match;
    for (const Expr *A : G->getAssocExprs())
      if (A && A->getType() == G->getType() && Match.size() < 16)
        Match.push_back(A);
    if (Match.size() == 1)
      return expr(Match[0]);
    hg_node *N = enode(HG_N_OTHER_EXPR, E);
    for (const Expr *A : Match)
      add(N, expr(A));
    return N;
  }
  case Stmt::ChooseExprClass: {
    const auto *C = cast<ChooseExpr>(E);
    int64_t V = 0;
    if (!C->isConditionDependent() && evalInt(C->getCond(), Ctx, V))
      return expr(V ? C->getLHS() : C->getRHS());
    break;
  }
  case Stmt::AddrLabelExprClass:
  case Stmt::BlockExprClass:
    return enode(HG_N_OTHER_EXPR, E);
  default:
    break;
  }
  return otherExpr(E);
}

// ---- finishing: annotations, sorting, renumbering --------------------------------------

void Builder::finish() {
  // Fields of every record (populating may add records).
  for (size_t R = 0; R < Records.size(); ++R)
    populate(static_cast<int32_t>(R));
  for (size_t R = 0; R < Records.size(); ++R) {
    auto A = RecordAnnots.find(Records[R].Canon);
    if (A != RecordAnnots.end())
      for (const std::string &S : A->second.List)
        hg_record_add_annotation(M, &M->records[R], S.c_str());
    auto T = RecordTypedef.find(Records[R].Canon);
    if (T != RecordTypedef.end())
      M->records[R].typedef_name = str(T->second);
  }
  for (size_t F = 0; F < FunctionCanon.size(); ++F) {
    const FunctionDecl *Def = nullptr;
    for (const FunctionDecl *R : FunctionCanon[F]->redecls())
      if (R->doesThisDeclarationHaveABody())
        Def = R;
    if (Def)
      for (const auto *A : Def->specific_attrs<AnnotateAttr>())
        hg_function_add_annotation(M, &M->functions[F], A->getAnnotation().str().c_str());
    auto A = FunctionAnnots.find(FunctionCanon[F]);
    if (A != FunctionAnnots.end())
      for (const std::string &S : A->second.List)
        hg_function_add_annotation(M, &M->functions[F], S.c_str());
  }

  // Files: the main file first, then by path.
  uint32_t NF = M->nfiles;
  std::vector<uint32_t> Order(NF);
  std::iota(Order.begin(), Order.end(), 0u);
  std::stable_sort(Order.begin(), Order.end(), [&](uint32_t A, uint32_t B) {
    if (A == 0 || B == 0)
      return A == 0 && B != 0;
    int C = std::strcmp(M->files[A].path, M->files[B].path);
    return C != 0 ? C < 0 : A < B;
  });
  std::vector<uint32_t> FileMap(NF);
  std::vector<hg_file> NewFiles(NF);
  std::vector<FileID> NewIds(NF);
  for (uint32_t K = 0; K < NF; ++K) {
    FileMap[Order[K]] = K;
    NewFiles[K] = M->files[Order[K]];
    NewIds[K] = FileIds[Order[K]];
  }
  std::copy(NewFiles.begin(), NewFiles.end(), M->files);
  Out.FileIds = NewIds;
  auto RemapLoc = [&](hg_loc &L) { L.file = FileMap[L.file]; };
  auto RemapRange = [&](hg_range &R) {
    RemapLoc(R.begin);
    RemapLoc(R.end);
  };
  for (uint32_t R = 0; R < M->nrecords; ++R) {
    RemapLoc(M->records[R].loc);
    for (uint32_t K = 0; K < M->records[R].nfields; ++K) {
      RemapLoc(M->records[R].fields[K].loc);
      RemapRange(M->records[R].fields[K].range);
    }
  }
  for (uint32_t F = 0; F < M->nfunctions; ++F) {
    hg_function &Fn = M->functions[F];
    RemapLoc(Fn.loc);
    RemapRange(Fn.range);
    RemapLoc(Fn.body_end);
    for (uint32_t K = 0; K < Fn.nvars; ++K)
      RemapLoc(Fn.vars[K].loc);
  }
  for (uint32_t G = 0; G < M->nglobals; ++G)
    RemapLoc(M->globals[G].loc);
  for (hg_loc &L : EnumLocs)
    RemapLoc(L);
  for (hg_node *N : Nodes)
    RemapRange(N->range);

  // Records, functions, globals and enumerators sorted by location, name and
  // creation order; Perm[old] = new.
  struct Key {
    hg_loc Loc;
    const char *Name;
    uint32_t Order;
    uint32_t Old;
  };
  auto SortPerm = [](std::vector<Key> &Keys) {
    std::sort(Keys.begin(), Keys.end(), [](const Key &A, const Key &B) {
      if (A.Loc.file != B.Loc.file)
        return A.Loc.file < B.Loc.file;
      if (A.Loc.offset != B.Loc.offset)
        return A.Loc.offset < B.Loc.offset;
      int C = std::strcmp(A.Name, B.Name);
      if (C != 0)
        return C < 0;
      return A.Order < B.Order;
    });
    std::vector<uint32_t> Perm(Keys.size());
    for (uint32_t K = 0; K < Keys.size(); ++K)
      Perm[Keys[K].Old] = K;
    return Perm;
  };
  std::vector<Key> Keys;
  for (uint32_t K = 0; K < M->nrecords; ++K)
    Keys.push_back({M->records[K].loc, M->records[K].name, Records[K].Order, K});
  std::vector<uint32_t> RecMap = SortPerm(Keys);
  {
    std::vector<hg_record> Tmp(M->nrecords);
    for (uint32_t K = 0; K < M->nrecords; ++K)
      Tmp[RecMap[K]] = M->records[K];
    std::copy(Tmp.begin(), Tmp.end(), M->records);
  }
  Keys.clear();
  for (uint32_t K = 0; K < M->nfunctions; ++K)
    Keys.push_back({M->functions[K].loc, M->functions[K].name, K, K});
  std::vector<uint32_t> FnMap = SortPerm(Keys);
  {
    std::vector<hg_function> Tmp(M->nfunctions);
    for (uint32_t K = 0; K < M->nfunctions; ++K)
      Tmp[FnMap[K]] = M->functions[K];
    std::copy(Tmp.begin(), Tmp.end(), M->functions);
  }
  Keys.clear();
  for (uint32_t K = 0; K < M->nglobals; ++K)
    Keys.push_back({M->globals[K].loc, M->globals[K].name, K, K});
  std::vector<uint32_t> GlobMap = SortPerm(Keys);
  {
    std::vector<hg_var> Tmp(M->nglobals);
    for (uint32_t K = 0; K < M->nglobals; ++K)
      Tmp[GlobMap[K]] = M->globals[K];
    std::copy(Tmp.begin(), Tmp.end(), M->globals);
  }
  Keys.clear();
  for (uint32_t K = 0; K < M->nenumerators; ++K)
    Keys.push_back({EnumLocs[K], M->enumerators[K].name, K, K});
  {
    std::vector<uint32_t> Perm = SortPerm(Keys);
    std::vector<hg_enumerator> Tmp(M->nenumerators);
    for (uint32_t K = 0; K < M->nenumerators; ++K)
      Tmp[Perm[K]] = M->enumerators[K];
    std::copy(Tmp.begin(), Tmp.end(), M->enumerators);
  }

  auto RemapType = [&](hg_type &T) {
    if (T.record >= 0)
      T.record = static_cast<int32_t>(RecMap[T.record]);
  };
  for (uint32_t R = 0; R < M->nrecords; ++R)
    for (uint32_t K = 0; K < M->records[R].nfields; ++K)
      RemapType(M->records[R].fields[K].type);
  for (uint32_t G = 0; G < M->nglobals; ++G)
    RemapType(M->globals[G].type);
  for (uint32_t F = 0; F < M->nfunctions; ++F) {
    hg_function &Fn = M->functions[F];
    RemapType(Fn.ret);
    for (uint32_t K = 0; K < Fn.nvars; ++K)
      RemapType(Fn.vars[K].type);
  }
  for (hg_node *N : Nodes) {
    RemapType(N->type);
    if (N->kind == HG_N_MEMBER && N->record >= 0)
      N->record = static_cast<int32_t>(RecMap[N->record]);
    if ((N->kind == HG_N_CALL || N->kind == HG_N_FUNC_REF) && N->ref >= 0)
      N->ref = static_cast<int32_t>(FnMap[N->ref]);
    if (N->kind == HG_N_VAR && (N->flags & HG_NF_GLOBAL) && N->ref >= 0)
      N->ref = static_cast<int32_t>(GlobMap[N->ref]);
  }
}

} // namespace

void buildModel(ASTContext &Ctx, BuiltModel &Out, const std::vector<std::string> *Relevant) {
  Builder B(Ctx, Out);
  B.Relevant = Relevant;
  B.run();
}

} // namespace handleguard
} // namespace tidy
} // namespace clang
