//===- ModelBuilder.cpp - clang AST -> hg_model ---------------------------===//
//
// The clang-tidy plugin's front end.  It mirrors checker/frontend_libclang.c:
// the same declarations enter the model, in the same order, with the same
// locations (expansion locations; a MEMBER begins at its base, a CALL at the
// callee, a RETURN at the keyword) and the same tree shapes (implicit casts
// and parentheses are transparent; sizeof & co. are UNEVALUATED; ...).  No
// rule logic lives here: the model only records what the source says.
//
//===----------------------------------------------------------------------===//
#include "ModelBuilder.h"

#include "clang/AST/Attr.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/Stmt.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

#include <string>

namespace clang {
namespace tidy {
namespace handleguard {

SourceLocation BuiltModel::toSourceLocation(const SourceManager &SM, const hg_loc &L) const {
  if (L.file >= FileIds.size() || FileIds[L.file].isInvalid())
    return SourceLocation();
  return SM.getComposedLoc(FileIds[L.file], L.offset);
}

namespace {

/// Collects the functions referenced other than as a direct callee (their
/// address is taken: callbacks, function-pointer tables) anywhere in the TU.
class AddressTakenFinder : public RecursiveASTVisitor<AddressTakenFinder> {
public:
  llvm::DenseSet<const FunctionDecl *> Taken;
  llvm::DenseSet<const DeclRefExpr *> DirectCallees;

  bool shouldVisitTemplateInstantiations() const { return true; }

  bool VisitCallExpr(CallExpr *CE) {
    if (const Expr *Callee = CE->getCallee()) {
      const Expr *E = Callee->IgnoreParenImpCasts();
      if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
        DirectCallees.insert(DRE);
    }
    return true;
  }
  bool VisitDeclRefExpr(DeclRefExpr *DRE) {
    // CallExpr is visited before its callee (pre-order), so the set is ready.
    if (const auto *FD = dyn_cast<FunctionDecl>(DRE->getDecl()))
      if (!DirectCallees.count(DRE))
        Taken.insert(FD->getCanonicalDecl());
    return true;
  }
};

class Builder {
public:
  Builder(ASTContext &Ctx, BuiltModel &Out)
      : Ctx(Ctx), SM(Ctx.getSourceManager()), LO(Ctx.getLangOpts()), Policy(LO), Out(Out) {
    Policy.SuppressTagKeyword = false;
  }

  void run();

private:
  ASTContext &Ctx;
  SourceManager &SM;
  const LangOptions &LO;
  PrintingPolicy Policy;
  BuiltModel &Out;
  hg_model *M = nullptr;

  llvm::DenseMap<const FileEntry *, uint32_t> FileIndex;
  llvm::DenseMap<const RecordDecl *, int32_t> RecordIndex;     // canonical decl
  llvm::DenseMap<const FunctionDecl *, int32_t> FunctionIndex; // canonical decl
  llvm::DenseMap<const VarDecl *, int32_t> GlobalIndex;        // canonical decl
  llvm::DenseSet<const FunctionDecl *> AddressTaken;
  std::vector<const FunctionDecl *> FunctionsByIndex;

  // Per function being converted.
  hg_function *CurFn = nullptr;
  int32_t CurFnIndex = -1;
  llvm::DenseMap<const VarDecl *, int32_t> LocalIndex;

  // ---- locations -----------------------------------------------------------
  uint32_t fileIndexOf(FileID FID);
  hg_loc loc(SourceLocation L);
  hg_range range(SourceRange R);
  bool inSystemHeader(SourceLocation L) const {
    return L.isValid() && SM.isInSystemHeader(SM.getExpansionLoc(L));
  }

  // ---- strings and types ---------------------------------------------------
  const char *str(llvm::StringRef S) { return hg_model_strdup(M, S.str().c_str()); }
  hg_type type(QualType T);
  static hg_type_kind kindOf(QualType Canon);

  // ---- declarations --------------------------------------------------------
  int32_t recordIndex(const RecordDecl *RD);
  void fillRecord(const RecordDecl *RD, uint32_t Index);
  int32_t functionIndex(const FunctionDecl *FD);
  void fillFunction(const FunctionDecl *FD, uint32_t Index);
  int32_t globalIndex(const VarDecl *VD);
  void visitDecl(Decl *D);

  // ---- bodies ---------------------------------------------------------------
  hg_node *node(hg_node_kind K, const Stmt *S);
  hg_node *stmt(const Stmt *S);
  hg_node *expr(const Expr *E);
  hg_node *declStmt(const DeclStmt *DS);
  hg_node *localDecl(const VarDecl *VD, const Stmt *Where);
  hg_node *declRef(const DeclRefExpr *DRE);
  void addChild(hg_node *P, hg_node *C) { hg_node_add_child(M, P, C); }
  static hg_op_kind unaryOp(UnaryOperatorKind K);
  static hg_op_kind binaryOp(BinaryOperatorKind K);
};

// ---- locations ----------------------------------------------------------------

uint32_t Builder::fileIndexOf(FileID FID) {
  OptionalFileEntryRef FE = SM.getFileEntryRefForID(FID);
  const FileEntry *Key = FE ? &FE->getFileEntry() : nullptr;
  auto It = FileIndex.find(Key);
  if (It != FileIndex.end())
    return It->second;
  std::string Path = FE ? FE->getName().str() : std::string("<built-in>");
  bool IsMain = FID == SM.getMainFileID();
  bool IsSystem = SrcMgr::isSystem(SM.getFileCharacteristic(SM.getLocForStartOfFile(FID)));
  uint32_t I = hg_model_add_file(M, Path.c_str(), IsMain, IsSystem);
  FileIndex[Key] = I;
  Out.FileIds.push_back(FID);
  return I;
}

hg_loc Builder::loc(SourceLocation L) {
  hg_loc R{};
  if (L.isInvalid())
    return R; // file 0 (the main file), line 0
  SourceLocation E = SM.getExpansionLoc(L);
  std::pair<FileID, unsigned> D = SM.getDecomposedLoc(E);
  if (D.first.isInvalid())
    return R;
  R.file = fileIndexOf(D.first);
  R.offset = D.second;
  R.line = SM.getLineNumber(D.first, D.second);
  R.col = SM.getColumnNumber(D.first, D.second);
  return R;
}

hg_range Builder::range(SourceRange SR) {
  hg_range R{};
  if (SR.isInvalid())
    return R;
  SourceLocation B = SM.getExpansionLoc(SR.getBegin());
  CharSourceRange EndExp = SM.getExpansionRange(SR.getEnd());
  SourceLocation E = EndExp.getEnd();
  if (EndExp.isTokenRange())
    E = Lexer::getLocForEndOfToken(E, 0, SM, LO);
  if (E.isInvalid())
    E = SM.getExpansionLoc(SR.getEnd());
  R.begin = loc(B);
  R.end = loc(E);
  if (R.end.file != R.begin.file || R.end.offset < R.begin.offset)
    R.end = R.begin;
  return R;
}

// ---- types --------------------------------------------------------------------

hg_type_kind Builder::kindOf(QualType C) {
  if (C.isNull())
    return HG_TY_UNKNOWN;
  const Type *T = C.getTypePtr();
  if (const auto *AT = dyn_cast<AtomicType>(T))
    T = AT->getValueType().getCanonicalType().getTypePtr();
  if (T->isVoidType())
    return HG_TY_VOID;
  if (T->isBooleanType())
    return HG_TY_BOOL;
  if (T->isIntegerType())
    return HG_TY_INT;
  if (T->isRealFloatingType())
    return HG_TY_FLOAT;
  if (T->isPointerType())
    return HG_TY_POINTER;
  if (T->isArrayType())
    return HG_TY_ARRAY;
  if (T->isRecordType())
    return HG_TY_RECORD;
  if (T->isFunctionType())
    return HG_TY_FUNCTION;
  return HG_TY_UNKNOWN;
}

hg_type Builder::type(QualType T) {
  hg_type R = hg_type_unknown();
  if (T.isNull())
    return R;
  R.spelling = str(T.getAsString(Policy));
  QualType C = T.getCanonicalType();
  R.kind = kindOf(C);
  unsigned Depth = 0;
  QualType Cur = C;
  for (;;) {
    if (const auto *AT = dyn_cast<AtomicType>(Cur.getTypePtr()))
      Cur = AT->getValueType().getCanonicalType();
    QualType Next;
    if (const auto *PT = Cur->getAs<PointerType>())
      Next = PT->getPointeeType();
    else if (const ArrayType *AT = Ctx.getAsArrayType(Cur))
      Next = AT->getElementType();
    else
      break;
    if (Depth == 0)
      R.pointee_is_const = Next.isConstQualified();
    Cur = Next.getCanonicalType();
    ++Depth;
  }
  if (const auto *AT = dyn_cast<AtomicType>(Cur.getTypePtr()))
    Cur = AT->getValueType().getCanonicalType();
  R.depth = Depth > 255 ? 255 : static_cast<uint8_t>(Depth);
  R.base = kindOf(Cur);
  R.base_is_char = Cur->isCharType();
  if (R.base == HG_TY_RECORD)
    if (const RecordDecl *RD = Cur->getAsRecordDecl())
      R.record = recordIndex(RD);
  return R;
}

// ---- records ------------------------------------------------------------------

static std::string recordName(const RecordDecl *RD) {
  if (!RD->getName().empty())
    return RD->getName().str();
  if (const TypedefNameDecl *TD = RD->getTypedefNameForAnonDecl())
    return TD->getName().str();
  return std::string();
}

int32_t Builder::recordIndex(const RecordDecl *RD) {
  RD = cast<RecordDecl>(RD->getCanonicalDecl());
  auto It = RecordIndex.find(RD);
  if (It != RecordIndex.end())
    return It->second;
  uint32_t I = hg_model_add_record(M, recordName(RD).c_str());
  RecordIndex[RD] = static_cast<int32_t>(I);
  fillRecord(RD, I);
  return static_cast<int32_t>(I);
}

void Builder::fillRecord(const RecordDecl *RD, uint32_t I) {
  const RecordDecl *Def = RD->getDefinition();
  const RecordDecl *Where = Def ? Def : RD;
  {
    hg_record &R = M->records[I];
    R.is_union = RD->isUnion();
    R.is_complete = Def != nullptr;
  }
  hg_loc L = loc(Where->getLocation());
  M->records[I].loc = L;
  for (const TagDecl *Redecl : RD->redecls())
    for (const auto *A : Redecl->specific_attrs<AnnotateAttr>())
      hg_record_add_annotation(M, &M->records[I], A->getAnnotation().str().c_str());
  if (!Def)
    return;
  for (const FieldDecl *FD : Def->fields()) {
    hg_field F{};
    std::string Name = FD->getName().str();
    F.name = Name.c_str();
    F.type = type(FD->getType()); // may add records: re-fetch the pointer below
    F.loc = loc(FD->getLocation());
    F.range = range(FD->getSourceRange());
    hg_record_add_field(M, &M->records[I], &F);
  }
}

// ---- functions ----------------------------------------------------------------

int32_t Builder::functionIndex(const FunctionDecl *FD) {
  FD = FD->getCanonicalDecl();
  auto It = FunctionIndex.find(FD);
  if (It != FunctionIndex.end())
    return It->second;
  uint32_t I = hg_model_add_function(M, FD->getNameAsString().c_str());
  FunctionIndex[FD] = static_cast<int32_t>(I);
  FunctionsByIndex.push_back(FD);
  return static_cast<int32_t>(I);
}

void Builder::fillFunction(const FunctionDecl *FD, uint32_t I) {
  const FunctionDecl *Def = nullptr;
  for (const FunctionDecl *R : FD->redecls())
    if (R->doesThisDeclarationHaveABody())
      Def = R;
  const FunctionDecl *Where = Def ? Def : FD->getCanonicalDecl();
  bool Hidden = false;
  bool Inline = false;
  for (const FunctionDecl *R : FD->redecls()) {
    if (const auto *VA = R->getAttr<VisibilityAttr>())
      Hidden |= VA->getVisibility() == VisibilityAttr::Hidden;
    Inline |= R->isInlineSpecified();
  }
  {
    hg_function &F = M->functions[I];
    F.has_body = Def != nullptr;
    F.is_static = !FD->isExternallyVisible();
    F.is_inline = Inline;
    F.is_variadic = FD->isVariadic();
    F.address_taken = AddressTaken.count(FD->getCanonicalDecl()) != 0;
    F.hidden = Hidden;
  }
  hg_loc L = loc(Where->getLocation());
  M->functions[I].loc = L;
  hg_range Rg = range(Where->getSourceRange());
  M->functions[I].range = Rg;
  for (const FunctionDecl *R : FD->redecls())
    for (const auto *A : R->specific_attrs<AnnotateAttr>())
      hg_function_add_annotation(M, &M->functions[I], A->getAnnotation().str().c_str());
  hg_type Ret = type(Where->getReturnType());
  M->functions[I].ret = Ret;

  CurFn = &M->functions[I];
  CurFnIndex = static_cast<int32_t>(I);
  LocalIndex.clear();
  for (const ParmVarDecl *P : Where->parameters()) {
    hg_var V{};
    std::string Name = P->getName().str();
    V.name = Name.c_str();
    V.type = type(P->getType());
    CurFn = &M->functions[I];
    V.loc = loc(P->getLocation());
    V.is_param = true;
    LocalIndex[P] = static_cast<int32_t>(hg_function_add_var(M, CurFn, &V));
  }
  CurFn = &M->functions[I];
  CurFn->nparams = CurFn->nvars;
  if (Def && Def->getBody() && !inSystemHeader(Def->getLocation())) {
    const auto *Body = dyn_cast<CompoundStmt>(Def->getBody());
    if (Body) {
      hg_node *B = stmt(Body);
      CurFn = &M->functions[I];
      CurFn->body = B;
      hg_loc End = loc(Body->getRBracLoc());
      CurFn->body_end = End;
    }
  }
  CurFn = nullptr;
  CurFnIndex = -1;
  LocalIndex.clear();
}

// ---- globals ------------------------------------------------------------------

int32_t Builder::globalIndex(const VarDecl *VD) {
  VD = VD->getCanonicalDecl();
  auto It = GlobalIndex.find(VD);
  if (It != GlobalIndex.end())
    return It->second;
  uint32_t I = hg_model_add_global(M, VD->getNameAsString().c_str());
  GlobalIndex[VD] = static_cast<int32_t>(I);
  const VarDecl *Def = VD->getDefinition();
  const VarDecl *Where = Def ? Def : VD;
  hg_type T = type(Where->getType());
  hg_loc L = loc(Where->getLocation());
  hg_var &G = M->globals[I];
  G.type = T;
  G.loc = L;
  G.is_static = VD->getStorageClass() == SC_Static || !VD->isExternallyVisible();
  G.is_extern = VD->isExternallyVisible();
  return static_cast<int32_t>(I);
}

// ---- top level ----------------------------------------------------------------

void Builder::visitDecl(Decl *D) {
  if (auto *LS = dyn_cast<LinkageSpecDecl>(D)) {
    for (Decl *C : LS->decls())
      visitDecl(C);
    return;
  }
  if (auto *ED = dyn_cast<EnumDecl>(D)) {
    if (ED->isThisDeclarationADefinition())
      for (const EnumConstantDecl *EC : ED->enumerators())
        hg_model_add_enumerator(M, EC->getNameAsString().c_str(),
                                EC->getInitVal().getExtValue());
    return;
  }
  if (auto *RD = dyn_cast<RecordDecl>(D)) {
    // Enums declared inside a struct are file-scope in C.
    if (RD->isThisDeclarationADefinition())
      for (Decl *C : RD->decls())
        if (isa<EnumDecl>(C) || isa<RecordDecl>(C))
          visitDecl(C);
    if (!inSystemHeader(RD->getLocation()))
      recordIndex(RD);
    return;
  }
  if (auto *TD = dyn_cast<TypedefNameDecl>(D)) {
    QualType U = TD->getUnderlyingType();
    // `typedef struct kv kv;` names the record; annotations on the typedef
    // (`typedef struct kv HG_HANDLE kv;`) belong to the record.
    if (const auto *RT = dyn_cast<RecordType>(U.getCanonicalType().getTypePtr())) {
      const RecordDecl *RD = RT->getDecl();
      bool Direct = !U->isPointerType() && !U->isArrayType();
      if (Direct && (!inSystemHeader(TD->getLocation()) || RecordIndex.count(cast<RecordDecl>(RD->getCanonicalDecl())))) {
        int32_t I = recordIndex(RD);
        hg_record &R = M->records[I];
        if (!R.typedef_name)
          R.typedef_name = str(TD->getName());
        if (R.name[0] == '\0')
          R.name = str(TD->getName());
        for (const auto *A : TD->specific_attrs<AnnotateAttr>())
          hg_record_add_annotation(M, &M->records[I], A->getAnnotation().str().c_str());
      }
    }
    return;
  }
  if (auto *FD = dyn_cast<FunctionDecl>(D)) {
    if (inSystemHeader(FD->getLocation()) && !FD->doesThisDeclarationHaveABody())
      return; // system prototypes enter the model only when referenced
    functionIndex(FD);
    return;
  }
  if (auto *VD = dyn_cast<VarDecl>(D)) {
    if (!inSystemHeader(VD->getLocation()))
      globalIndex(VD);
    return;
  }
}

void Builder::run() {
  TranslationUnitDecl *TU = Ctx.getTranslationUnitDecl();
  SourceLocation MainStart = SM.getLocForStartOfFile(SM.getMainFileID());
  OptionalFileEntryRef MainFE = SM.getFileEntryRefForID(SM.getMainFileID());
  std::string MainPath = MainFE ? MainFE->getName().str() : std::string();
  M = hg_model_new(MainPath.c_str());
  Out.Model = M;
  (void)loc(MainStart); // the main file is file 0

  AddressTakenFinder ATF;
  ATF.TraverseDecl(TU);
  AddressTaken = std::move(ATF.Taken);

  for (Decl *D : TU->decls())
    visitDecl(D);
  // Bodies after every declaration is known, so that calls resolve to indexes
  // of functions defined later in the file.  Functions first met in a body
  // (system prototypes) are appended and filled in the same loop.
  for (size_t I = 0; I < FunctionsByIndex.size(); ++I)
    fillFunction(FunctionsByIndex[I], static_cast<uint32_t>(I));
}

// ---- statements ---------------------------------------------------------------

hg_node *Builder::node(hg_node_kind K, const Stmt *S) {
  hg_node *N = hg_node_new(M, K);
  if (S) {
    N->range = range(S->getSourceRange());
    if (S->getBeginLoc().isMacroID())
      N->flags |= HG_NF_IN_MACRO;
    if (const auto *E = dyn_cast<Expr>(S))
      N->type = type(E->getType());
  }
  return N;
}

hg_node *Builder::localDecl(const VarDecl *VD, const Stmt *Where) {
  if (!VD->isLocalVarDecl() && !isa<ParmVarDecl>(VD)) {
    // `extern int x;` inside a function names a global.
    hg_node *N = node(HG_N_NULL_STMT, Where);
    globalIndex(VD);
    return N;
  }
  hg_var V{};
  std::string Name = VD->getName().str();
  V.name = Name.c_str();
  V.type = type(VD->getType());
  V.loc = loc(VD->getLocation());
  V.is_static = VD->isStaticLocal();
  int32_t Idx = static_cast<int32_t>(hg_function_add_var(M, &M->functions[CurFnIndex], &V));
  LocalIndex[VD] = Idx;
  hg_node *N = hg_node_new(M, HG_N_DECL);
  N->range = range(VD->getSourceRange());
  if (VD->getBeginLoc().isMacroID())
    N->flags |= HG_NF_IN_MACRO;
  N->ref = Idx;
  N->name = str(VD->getName());
  N->type = type(VD->getType());
  if (VD->getInit())
    addChild(N, expr(VD->getInit()));
  return N;
}

hg_node *Builder::declStmt(const DeclStmt *DS) {
  std::vector<hg_node *> Decls;
  for (const Decl *D : DS->decls()) {
    if (const auto *VD = dyn_cast<VarDecl>(D))
      Decls.push_back(localDecl(VD, DS));
  }
  if (Decls.size() == 1)
    return Decls[0];
  if (Decls.empty())
    return node(HG_N_NULL_STMT, DS);
  hg_node *C = node(HG_N_COMPOUND, DS);
  for (hg_node *D : Decls)
    addChild(C, D);
  return C;
}

hg_node *Builder::stmt(const Stmt *S) {
  if (!S)
    return nullptr;
  if (const auto *E = dyn_cast<Expr>(S))
    return expr(E);
  switch (S->getStmtClass()) {
  case Stmt::CompoundStmtClass: {
    hg_node *N = node(HG_N_COMPOUND, S);
    for (const Stmt *C : cast<CompoundStmt>(S)->body())
      addChild(N, stmt(C));
    return N;
  }
  case Stmt::DeclStmtClass:
    return declStmt(cast<DeclStmt>(S));
  case Stmt::IfStmtClass: {
    const auto *I = cast<IfStmt>(S);
    hg_node *N = node(HG_N_IF, S);
    addChild(N, expr(I->getCond()));
    addChild(N, stmt(I->getThen()));
    addChild(N, stmt(I->getElse()));
    return N;
  }
  case Stmt::WhileStmtClass: {
    const auto *W = cast<WhileStmt>(S);
    hg_node *N = node(HG_N_WHILE, S);
    addChild(N, expr(W->getCond()));
    addChild(N, stmt(W->getBody()));
    return N;
  }
  case Stmt::DoStmtClass: {
    const auto *D = cast<DoStmt>(S);
    hg_node *N = node(HG_N_DO, S);
    addChild(N, stmt(D->getBody()));
    addChild(N, expr(D->getCond()));
    return N;
  }
  case Stmt::ForStmtClass: {
    const auto *F = cast<ForStmt>(S);
    hg_node *N = node(HG_N_FOR, S);
    addChild(N, stmt(F->getInit()));
    addChild(N, F->getCond() ? expr(F->getCond()) : nullptr);
    addChild(N, F->getInc() ? expr(F->getInc()) : nullptr);
    addChild(N, stmt(F->getBody()));
    return N;
  }
  case Stmt::SwitchStmtClass: {
    const auto *Sw = cast<SwitchStmt>(S);
    hg_node *N = node(HG_N_SWITCH, S);
    addChild(N, expr(Sw->getCond()));
    addChild(N, stmt(Sw->getBody()));
    return N;
  }
  case Stmt::CaseStmtClass: {
    const auto *C = cast<CaseStmt>(S);
    hg_node *N = node(HG_N_CASE, S);
    Expr::EvalResult R;
    if (C->getLHS() && !C->getLHS()->isValueDependent() &&
        C->getLHS()->EvaluateAsInt(R, Ctx)) {
      N->value = R.Val.getInt().getExtValue();
      N->flags |= HG_NF_HAS_VALUE;
    }
    addChild(N, stmt(C->getSubStmt()));
    return N;
  }
  case Stmt::DefaultStmtClass: {
    hg_node *N = node(HG_N_DEFAULT, S);
    addChild(N, stmt(cast<DefaultStmt>(S)->getSubStmt()));
    return N;
  }
  case Stmt::LabelStmtClass: {
    const auto *L = cast<LabelStmt>(S);
    hg_node *N = node(HG_N_LABEL, S);
    N->name = str(L->getName());
    addChild(N, stmt(L->getSubStmt()));
    return N;
  }
  case Stmt::GotoStmtClass: {
    hg_node *N = node(HG_N_GOTO, S);
    N->name = str(cast<GotoStmt>(S)->getLabel()->getName());
    return N;
  }
  case Stmt::IndirectGotoStmtClass:
    return node(HG_N_GOTO, S);
  case Stmt::BreakStmtClass:
    return node(HG_N_BREAK, S);
  case Stmt::ContinueStmtClass:
    return node(HG_N_CONTINUE, S);
  case Stmt::NullStmtClass:
    return node(HG_N_NULL_STMT, S);
  case Stmt::ReturnStmtClass: {
    hg_node *N = node(HG_N_RETURN, S);
    if (const Expr *V = cast<ReturnStmt>(S)->getRetValue())
      addChild(N, expr(V));
    return N;
  }
  case Stmt::AttributedStmtClass:
    return stmt(cast<AttributedStmt>(S)->getSubStmt());
  default: {
    // asm statements and the like: keep the evaluated sub-expressions.
    hg_node *N = node(HG_N_OTHER_STMT, S);
    for (const Stmt *C : S->children())
      if (C)
        addChild(N, stmt(C));
    return N;
  }
  }
}

// ---- expressions --------------------------------------------------------------

hg_op_kind Builder::unaryOp(UnaryOperatorKind K) {
  switch (K) {
  case UO_LNot: return HG_OP_NOT;
  case UO_Minus: return HG_OP_NEG;
  case UO_Plus: return HG_OP_PLUS;
  case UO_Not: return HG_OP_BITNOT;
  case UO_AddrOf: return HG_OP_ADDR;
  case UO_Deref: return HG_OP_DEREF;
  case UO_PreInc: return HG_OP_PREINC;
  case UO_PreDec: return HG_OP_PREDEC;
  case UO_PostInc: return HG_OP_POSTINC;
  case UO_PostDec: return HG_OP_POSTDEC;
  default: return HG_OP_NONE;
  }
}

hg_op_kind Builder::binaryOp(BinaryOperatorKind K) {
  switch (K) {
  case BO_Add: case BO_AddAssign: return HG_OP_ADD;
  case BO_Sub: case BO_SubAssign: return HG_OP_SUB;
  case BO_Mul: case BO_MulAssign: return HG_OP_MUL;
  case BO_Div: case BO_DivAssign: return HG_OP_DIV;
  case BO_Rem: case BO_RemAssign: return HG_OP_REM;
  case BO_Shl: case BO_ShlAssign: return HG_OP_SHL;
  case BO_Shr: case BO_ShrAssign: return HG_OP_SHR;
  case BO_And: case BO_AndAssign: return HG_OP_BITAND;
  case BO_Or: case BO_OrAssign: return HG_OP_BITOR;
  case BO_Xor: case BO_XorAssign: return HG_OP_BITXOR;
  case BO_EQ: return HG_OP_EQ;
  case BO_NE: return HG_OP_NE;
  case BO_LT: return HG_OP_LT;
  case BO_GT: return HG_OP_GT;
  case BO_LE: return HG_OP_LE;
  case BO_GE: return HG_OP_GE;
  case BO_LAnd: return HG_OP_LAND;
  case BO_LOr: return HG_OP_LOR;
  case BO_Comma: return HG_OP_COMMA;
  case BO_Assign: return HG_OP_ASSIGN;
  default: return HG_OP_NONE;
  }
}

hg_node *Builder::declRef(const DeclRefExpr *DRE) {
  const ValueDecl *D = DRE->getDecl();
  if (const auto *FD = dyn_cast<FunctionDecl>(D)) {
    hg_node *N = node(HG_N_FUNC_REF, DRE);
    N->name = str(FD->getName());
    N->ref = functionIndex(FD);
    return N;
  }
  if (const auto *EC = dyn_cast<EnumConstantDecl>(D)) {
    hg_node *N = node(HG_N_ENUM_CONST, DRE);
    N->name = str(EC->getName());
    N->value = EC->getInitVal().getExtValue();
    return N;
  }
  if (const auto *VD = dyn_cast<VarDecl>(D)) {
    hg_node *N = node(HG_N_VAR, DRE);
    N->name = str(VD->getName());
    auto It = LocalIndex.find(VD);
    if (It != LocalIndex.end()) {
      N->ref = It->second;
    } else if (VD->hasGlobalStorage() && !VD->isStaticLocal()) {
      N->ref = globalIndex(VD);
      N->flags |= HG_NF_GLOBAL;
    }
    return N;
  }
  hg_node *N = node(HG_N_OTHER_EXPR, DRE);
  return N;
}

hg_node *Builder::expr(const Expr *E) {
  if (!E)
    return nullptr;
  // Implicit casts, parentheses and other transparent wrappers vanish.
  for (;;) {
    if (const auto *ICE = dyn_cast<ImplicitCastExpr>(E)) { E = ICE->getSubExpr(); continue; }
    if (const auto *PE = dyn_cast<ParenExpr>(E)) { E = PE->getSubExpr(); continue; }
    if (const auto *CE = dyn_cast<ConstantExpr>(E)) { E = CE->getSubExpr(); continue; }
    if (const auto *FE = dyn_cast<FullExpr>(E)) { E = FE->getSubExpr(); continue; }
    break;
  }
  switch (E->getStmtClass()) {
  case Stmt::CallExprClass: {
    const auto *CE = cast<CallExpr>(E);
    hg_node *N = node(HG_N_CALL, E);
    addChild(N, expr(CE->getCallee()));
    if (const FunctionDecl *FD = CE->getDirectCallee()) {
      N->name = str(FD->getName());
      N->ref = functionIndex(FD);
    }
    for (const Expr *A : CE->arguments())
      addChild(N, expr(A));
    return N;
  }
  case Stmt::MemberExprClass: {
    const auto *ME = cast<MemberExpr>(E);
    hg_node *N = node(HG_N_MEMBER, E);
    addChild(N, expr(ME->getBase()));
    N->name = str(ME->getMemberDecl()->getName());
    if (ME->isArrow())
      N->flags |= HG_NF_ARROW;
    if (const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl())) {
      N->ref = static_cast<int32_t>(FD->getFieldIndex());
      N->record = recordIndex(FD->getParent());
    }
    return N;
  }
  case Stmt::DeclRefExprClass:
    return declRef(cast<DeclRefExpr>(E));
  case Stmt::IntegerLiteralClass: {
    hg_node *N = node(HG_N_INT_LIT, E);
    N->value = static_cast<int64_t>(cast<IntegerLiteral>(E)->getValue().getLimitedValue());
    return N;
  }
  case Stmt::CharacterLiteralClass: {
    hg_node *N = node(HG_N_INT_LIT, E);
    N->value = cast<CharacterLiteral>(E)->getValue();
    return N;
  }
  case Stmt::FloatingLiteralClass:
    return node(HG_N_FLOAT_LIT, E);
  case Stmt::StringLiteralClass: {
    hg_node *N = node(HG_N_STRING_LIT, E);
    const auto *SL = cast<StringLiteral>(E);
    if (SL->getCharByteWidth() == 1)
      N->name = str(SL->getString());
    return N;
  }
  case Stmt::UnaryOperatorClass: {
    const auto *U = cast<UnaryOperator>(E);
    hg_op_kind Op = unaryOp(U->getOpcode());
    if (Op == HG_OP_NONE) {
      if (U->getOpcode() == UO_Extension)
        return expr(U->getSubExpr());
      hg_node *N = node(HG_N_OTHER_EXPR, E);
      addChild(N, expr(U->getSubExpr()));
      return N;
    }
    hg_node *N = node(HG_N_UNARY, E);
    N->op = Op;
    addChild(N, expr(U->getSubExpr()));
    return N;
  }
  case Stmt::BinaryOperatorClass:
  case Stmt::CompoundAssignOperatorClass: {
    const auto *B = cast<BinaryOperator>(E);
    hg_node *N = node(B->isAssignmentOp() ? HG_N_ASSIGN : HG_N_BINARY, E);
    N->op = binaryOp(B->getOpcode());
    addChild(N, expr(B->getLHS()));
    addChild(N, expr(B->getRHS()));
    return N;
  }
  case Stmt::ConditionalOperatorClass: {
    const auto *C = cast<ConditionalOperator>(E);
    hg_node *N = node(HG_N_COND, E);
    addChild(N, expr(C->getCond()));
    addChild(N, expr(C->getTrueExpr()));
    addChild(N, expr(C->getFalseExpr()));
    return N;
  }
  case Stmt::BinaryConditionalOperatorClass: {
    const auto *C = cast<BinaryConditionalOperator>(E);
    hg_node *N = node(HG_N_COND, E);
    addChild(N, expr(C->getCommon()));
    addChild(N, nullptr);
    addChild(N, expr(C->getFalseExpr()));
    return N;
  }
  case Stmt::CStyleCastExprClass: {
    const auto *C = cast<CStyleCastExpr>(E);
    if (C->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull) != Expr::NPCK_NotNull &&
        C->getType()->isPointerType())
      return node(HG_N_NULL_PTR, E);
    hg_node *N = node(HG_N_CAST, E);
    if (C->getType()->isVoidType())
      N->flags |= HG_NF_TO_VOID;
    addChild(N, expr(C->getSubExpr()));
    return N;
  }
  case Stmt::ArraySubscriptExprClass: {
    const auto *A = cast<ArraySubscriptExpr>(E);
    hg_node *N = node(HG_N_SUBSCRIPT, E);
    addChild(N, expr(A->getBase()));
    addChild(N, expr(A->getIdx()));
    return N;
  }
  case Stmt::UnaryExprOrTypeTraitExprClass:
  case Stmt::OffsetOfExprClass:
    return node(HG_N_UNEVALUATED, E);
  case Stmt::InitListExprClass: {
    const auto *IL = cast<InitListExpr>(E);
    if (const InitListExpr *Syn = IL->getSyntacticForm())
      IL = Syn;
    hg_node *N = node(HG_N_INIT_LIST, IL);
    for (const Expr *I : IL->inits())
      addChild(N, expr(I));
    return N;
  }
  case Stmt::DesignatedInitExprClass:
    return expr(cast<DesignatedInitExpr>(E)->getInit());
  case Stmt::CompoundLiteralExprClass: {
    hg_node *N = node(HG_N_COMPOUND_LIT, E);
    addChild(N, expr(cast<CompoundLiteralExpr>(E)->getInitializer()));
    return N;
  }
  case Stmt::StmtExprClass: {
    hg_node *N = node(HG_N_STMT_EXPR, E);
    addChild(N, stmt(cast<StmtExpr>(E)->getSubStmt()));
    return N;
  }
  case Stmt::GenericSelectionExprClass: {
    const auto *G = cast<GenericSelectionExpr>(E);
    if (!G->isResultDependent())
      return expr(G->getResultExpr());
    break;
  }
  case Stmt::ChooseExprClass: {
    const auto *C = cast<ChooseExpr>(E);
    if (!C->isConditionDependent())
      return expr(C->getChosenSubExpr());
    break;
  }
  default:
    break;
  }
  hg_node *N = node(HG_N_OTHER_EXPR, E);
  for (const Stmt *C : E->children())
    if (C)
      addChild(N, stmt(C));
  return N;
}

} // namespace

void buildModel(ASTContext &Ctx, BuiltModel &Out) {
  Builder B(Ctx, Out);
  B.run();
}

} // namespace handleguard
} // namespace tidy
} // namespace clang
