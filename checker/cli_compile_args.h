/*
 * cli_compile_args.h - compiler argument lists for the driver: a growable
 * vector of owned strings, and the clean-up of a compilation-database
 * command into the arguments of a syntax-only parse.  No libclang here, so
 * the logic is unit-tested on its own.
 */
#ifndef HG_CHECKER_CLI_COMPILE_ARGS_H
#define HG_CHECKER_CLI_COMPILE_ARGS_H

typedef struct hg_argv {
  char **v;
  int n, cap;
} hg_argv;

void hg_argv_push(hg_argv *a, const char *s);           /* copies s */
void hg_argv_push_all(hg_argv *a, const char *const *v, int n);
void hg_argv_free(hg_argv *a);

/* Appends to `out` the arguments of a database command that a syntax-only
 * parse should see: everything but the compiler (argv[0]), the input file
 * (`file`, as written or resolved against `dir`), "-o X", "-c", "-S", "-E",
 * "-fsyntax-only", "--" and the dependency-file flags (-M, -MM, -MD, -MMD,
 * -MG, -MP, -MF X, -MT X, -MQ X), as clang-tidy's argument adjusters do. */
void hg_compile_args_strip(const char *const *argv, int argc, const char *file, const char *dir,
                           hg_argv *out);

/* When `argv` is a whole compiler command line rather than bare arguments
 * (CMake's <LANG>_CLANG_TIDY passes "<source> -- <compiler> <args>"):
 * the index of the compiler, after launchers such as ccache; else -1.  A
 * compiler is a word not starting with '-' and not naming a source file
 * whose base name is cc, c++, gcc, g++, clang, clang++, icc, icx, tcc, or
 * one of those with a target prefix ("arm-none-eabi-gcc") or a version
 * suffix ("gcc-12", "clang-19"). */
int hg_compile_args_compiler_index(const char *const *argv, int argc);

#endif /* HG_CHECKER_CLI_COMPILE_ARGS_H */
