# Command-line behaviour of handleguard-check (checker/main.c and friends):
#   cli-units                 cmocka tests of NOLINT parsing, snippets, database
#                             command stripping and paths (+ an ASan build)
#   cli-<behaviour>           the binary run on fixtures in cli/fixtures/, its exit
#                             status and output checked by cli/run.cmake
#   cli-same-as-clang-tidy-*  stdout and exit status identical to clang-tidy with
#                             the plugin (only when the plugin is built)
#   cli-scenario-<name>       cli/scenarios.py: .clang-tidy files in temporary
#                             trees, the result cache, -j, SARIF/JSON, --fix and
#                             --export-fixes, CMake's C_CLANG_TIDY, --line-filter
#                             and --diff (a throwaway git repository)
#   cli-scenario-asan-<name>  the same (but CMake's) with an ASan + UBSan build
#                             of the checker
set(_hg_cli_dir ${CMAKE_CURRENT_LIST_DIR}/cli)
set(_hg_cli_fx ${_hg_cli_dir}/fixtures)
set(_hg_cli_bin ${CMAKE_CURRENT_BINARY_DIR}/cli)
file(MAKE_DIRECTORY ${_hg_cli_bin})

# ---- unit tests of the driver's pure parts ------------------------------------------
find_package(PkgConfig REQUIRED)
pkg_check_modules(HG_CLI_CMOCKA IMPORTED_TARGET cmocka)
if(NOT HG_CLI_CMOCKA_FOUND)
  message(WARNING "cli-units skipped: cmocka not found (install libcmocka-dev)")
else()
  set(_hg_cli_unit_sources
    ${_hg_cli_dir}/test_cli_units.c
    ${PROJECT_SOURCE_DIR}/checker/nolint.c
    ${PROJECT_SOURCE_DIR}/checker/report_source.c
    ${PROJECT_SOURCE_DIR}/checker/report_collect.c
    ${PROJECT_SOURCE_DIR}/checker/report_text.c
    ${PROJECT_SOURCE_DIR}/checker/textcols.c
    ${PROJECT_SOURCE_DIR}/checker/cli_compile_args.c
    ${PROJECT_SOURCE_DIR}/checker/cli_path.c
    ${PROJECT_SOURCE_DIR}/checker/cli_depfile.c
    ${PROJECT_SOURCE_DIR}/checker/cli_linefilter.c
    ${PROJECT_SOURCE_DIR}/checker/cli_hash.c
    ${PROJECT_SOURCE_DIR}/checker/cli_pool.c)
  pkg_check_modules(HG_CLI_DEPS IMPORTED_TARGET jansson nettle)
  set(THREADS_PREFER_PTHREAD_FLAG ON)
  find_package(Threads REQUIRED)
  set(_hg_cli_unit_libs PkgConfig::HG_CLI_CMOCKA PkgConfig::HG_CLI_DEPS Threads::Threads)
  add_executable(hg-cli-units ${_hg_cli_unit_sources})
  target_include_directories(hg-cli-units PRIVATE ${PROJECT_SOURCE_DIR}/checker)
  target_link_libraries(hg-cli-units PRIVATE ${_hg_cli_unit_libs})
  add_test(NAME cli-units COMMAND hg-cli-units)

  if(HG_SANITIZER_TESTS)
    include(CheckCSourceCompiles)
    set(CMAKE_REQUIRED_FLAGS "-fsanitize=address,undefined")
    set(CMAKE_REQUIRED_LINK_OPTIONS "-fsanitize=address,undefined")
    check_c_source_compiles("int main(void) { return 0; }" HG_CLI_HAVE_ASAN)
    unset(CMAKE_REQUIRED_FLAGS)
    unset(CMAKE_REQUIRED_LINK_OPTIONS)
    if(HG_CLI_HAVE_ASAN)
      add_executable(hg-cli-units-asan ${_hg_cli_unit_sources})
      target_include_directories(hg-cli-units-asan PRIVATE ${PROJECT_SOURCE_DIR}/checker)
      target_compile_options(hg-cli-units-asan PRIVATE -fsanitize=address,undefined
        -fno-omit-frame-pointer -fno-sanitize-recover=all -g)
      target_link_options(hg-cli-units-asan PRIVATE -fsanitize=address,undefined)
      target_link_libraries(hg-cli-units-asan PRIVATE ${_hg_cli_unit_libs})
      add_test(NAME cli-units-asan COMMAND hg-cli-units-asan)
    endif()
  endif()
endif()

# ---- the binary ------------------------------------------------------------------------
# hg_cli_test(<name> RC <status> [STDOUT_MATCHES re...] [STDERR_MATCHES re...]
#             [STDOUT_LACKS re...] [STDERR_LACKS re...] [GOLDEN file]
#             [WORKDIR dir] ARGS args...)
function(hg_cli_test name)
  cmake_parse_arguments(T "" "RC;GOLDEN;WORKDIR"
    "STDOUT_MATCHES;STDERR_MATCHES;STDOUT_LACKS;STDERR_LACKS;ARGS" ${ARGN})
  set(defs -DEXPECT_RC=${T_RC} -DFIXTURES=${_hg_cli_fx})
  foreach(kind STDOUT_MATCHES STDERR_MATCHES STDOUT_LACKS STDERR_LACKS)
    if(T_${kind})
      string(REPLACE ";" "&&" joined "${T_${kind}}")
      list(APPEND defs "-D${kind}=${joined}")
    endif()
  endforeach()
  if(T_GOLDEN)
    list(APPEND defs -DSTDOUT_GOLDEN=${T_GOLDEN})
  endif()
  if(T_WORKDIR)
    list(APPEND defs -DWORKDIR=${T_WORKDIR})
  endif()
  add_test(NAME cli-${name}
    COMMAND ${CMAKE_COMMAND} ${defs} -P ${_hg_cli_dir}/run.cmake --
            $<TARGET_FILE:handleguard-check> ${T_ARGS})
endfunction()

# -- options and usage errors
hg_cli_test(help RC 0 ARGS --help
  STDOUT_MATCHES "^USAGE: handleguard-check \\[options\\] <source0>" "--checks=<string>"
                 "--warnings-as-errors=<string>" "--header-filter=<string>" "-p <string>"
                 "--list-checks" "--dump-model" "--quiet" "--extra-arg=<string>" "NOLINTBEGIN"
                 "-I<directory of handleguard.h>")
hg_cli_test(version RC 0 ARGS --version
  STDOUT_MATCHES "^handleguard-check version ${PROJECT_VERSION}\n  libclang: [^\n]+\n$")
hg_cli_test(single-dash-options RC 0 ARGS -checks=-*,handleguard-box-freed -list-checks
  STDOUT_MATCHES "handleguard-box-freed")
hg_cli_test(unknown-option RC 2 ARGS --bogus ${_hg_cli_fx}/ok.c
  STDERR_MATCHES "Unknown command line argument '--bogus'\\.  Try: 'handleguard-check --help'"
  STDOUT_LACKS ".")
hg_cli_test(unknown-option-suggestion RC 2 ARGS --chekcs=-* ${_hg_cli_fx}/ok.c
  STDERR_MATCHES "Did you mean '--checks'\\?")
hg_cli_test(option-twice RC 2 ARGS --checks=-* --checks=* ${_hg_cli_fx}/ok.c
  STDERR_MATCHES "for the --checks option: may only occur zero or one times!")
hg_cli_test(option-without-value RC 2 ARGS ${_hg_cli_fx}/ok.c --header-filter
  STDERR_MATCHES "for the --header-filter option: requires a value!")
hg_cli_test(bad-boolean RC 2 ARGS --quiet=maybe ${_hg_cli_fx}/ok.c
  STDERR_MATCHES "'maybe' is invalid value for boolean argument")
hg_cli_test(no-input RC 2 ARGS --quiet
  STDERR_MATCHES "^Error: no input files specified\\.")
hg_cli_test(no-checks-enabled RC 2 ARGS --checks=-* ${_hg_cli_fx}/ok.c --
  STDERR_MATCHES "^Error: no checks enabled\\.")
hg_cli_test(bad-check-glob RC 2 ARGS "--checks=-*,handleguard-(box)" --list-checks
  STDERR_MATCHES "invalid --checks: invalid character '\\('")
hg_cli_test(bad-warnings-as-errors-glob RC 2 ARGS "--warnings-as-errors=a b" ${_hg_cli_fx}/ok.c --
  STDERR_MATCHES "invalid --warnings-as-errors")
hg_cli_test(bad-header-filter RC 2 ARGS "--header-filter=(" ${_hg_cli_fx}/ok.c --
  STDERR_MATCHES "invalid --header-filter regular expression '\\('")

# -- --list-checks with globs; the default list is every check of rules.def in order
file(STRINGS ${PROJECT_SOURCE_DIR}/rules/rules.def _hg_rule_lines REGEX "^HG_RULE\\(")
set(_hg_all_checks "Enabled checks:\n")
foreach(_line IN LISTS _hg_rule_lines)
  string(REGEX REPLACE "^HG_RULE\\([a-z_]+, \"([a-z-]+)\".*" "\\1" _check "${_line}")
  string(APPEND _hg_all_checks "    handleguard-${_check}\n")
endforeach()
file(WRITE ${_hg_cli_bin}/list-checks-default.txt "${_hg_all_checks}\n")
file(WRITE ${_hg_cli_bin}/list-checks-globs.txt
  "Enabled checks:\n    handleguard-box-freed\n    handleguard-op-not-left\n\n")
hg_cli_test(list-checks-default RC 0 ARGS --list-checks
  GOLDEN ${_hg_cli_bin}/list-checks-default.txt)
hg_cli_test(list-checks-globs RC 0
  ARGS --checks=-*,handleguard-op-*,handleguard-box-freed,other-tool-* --list-checks
  GOLDEN ${_hg_cli_bin}/list-checks-globs.txt)
hg_cli_test(list-checks-later-globs-win RC 0
  ARGS --checks=-*,handleguard-*,-handleguard-*-*-*,handleguard-op-not-left --list-checks
  STDOUT_MATCHES "    handleguard-box-freed\n" "    handleguard-op-not-left\n"
  STDOUT_LACKS "access-before-enter")
hg_cli_test(list-checks-none RC 2 ARGS --checks=-* --list-checks
  STDERR_MATCHES "^No checks enabled\\.\n$")

# -- inputs that are not good C files: exit 2 (or 0), never a crash
hg_cli_test(missing-file RC 2 ARGS ${_hg_cli_fx}/no-such-file.c --
  STDERR_MATCHES "error: no such file or directory: '[^']*/no-such-file\\.c'"
                 "Error while processing [^\n]*/no-such-file\\.c\\."
                 "Found compiler error\\(s\\)\\.")
hg_cli_test(directory-as-file RC 2 ARGS ${_hg_cli_fx} --
  STDERR_MATCHES "is a directory, not a source file")
hg_cli_test(parse-error-other-file-checked RC 2
  ARGS --dump-model ${_hg_cli_fx}/broken.c ${_hg_cli_fx}/ok.c --
  STDOUT_MATCHES "broken\\.c:2:[0-9]+: error: " "cli_fixture_ok_function"
  STDERR_MATCHES "\\[1/2\\] Processing file [^\n]*/broken\\.c\\.\nError while processing [^\n]*/broken\\.c\\.\n"
                 "\\[2/2\\] Processing file [^\n]*/ok\\.c\\.")
hg_cli_test(empty-file RC 0 ARGS ${_hg_cli_fx}/empty.c -- STDOUT_LACKS ".")
hg_cli_test(binary-file RC 2 ARGS ${_hg_cli_fx}/binary.c --
  STDERR_MATCHES "Error while processing [^\n]*/binary\\.c\\.")
hg_cli_test(non-utf8-file RC 0 ARGS ${_hg_cli_fx}/non_utf8.c --)
# ~3 MB: one long initializer and a long comment (linear to parse, unlike
# thousands of redeclarations of one name).
string(REPEAT "  0, 1, 2, 3, 4, 5, 6, 7, 8, 9,\n" 60000 _hg_huge_init)
string(REPEAT "   padding padding padding padding padding padding padding\n" 20000 _hg_huge_comment)
file(WRITE ${_hg_cli_bin}/huge.c
  "/*\n${_hg_huge_comment}*/\nint cli_fixture_huge[] = {\n${_hg_huge_init}};\n")
hg_cli_test(huge-file RC 0 ARGS ${_hg_cli_bin}/huge.c --)

# -- compiler arguments
hg_cli_test(runtime-header-found RC 0 ARGS ${_hg_cli_fx}/runtime_header.c --)
hg_cli_test(extra-arg RC 0 ARGS --extra-arg=-DHG_CLI_EXTRA ${_hg_cli_fx}/extra_arg.c --)
hg_cli_test(extra-arg-before RC 0 ARGS --extra-arg-before -DHG_CLI_EXTRA ${_hg_cli_fx}/extra_arg.c --)
hg_cli_test(extra-arg-missing RC 2 ARGS ${_hg_cli_fx}/extra_arg.c --
  STDOUT_MATCHES "HG_CLI_EXTRA is not defined")

# -- compilation databases
set(HG_CLI_FIXTURES ${_hg_cli_fx})
set(HG_CLI_DB_DIR ${_hg_cli_bin}/db)
configure_file(${_hg_cli_dir}/compile_commands.json.in ${HG_CLI_DB_DIR}/compile_commands.json @ONLY)
set(HG_CLI_AUTO_DIR ${_hg_cli_bin}/auto)
configure_file(${_hg_cli_dir}/auto_compile_commands.json.in ${HG_CLI_AUTO_DIR}/compile_commands.json @ONLY)
configure_file(${_hg_cli_fx}/db_main.c ${HG_CLI_AUTO_DIR}/src/auto.c COPYONLY)
file(MAKE_DIRECTORY ${_hg_cli_bin}/nodb)

hg_cli_test(p-database RC 0 ARGS -p ${HG_CLI_DB_DIR} ${_hg_cli_fx}/db_main.c
  STDERR_LACKS "Error while" "warning:")
hg_cli_test(p-database-every-entry RC 0 ARGS -p=${HG_CLI_DB_DIR}
  STDERR_MATCHES "\\[1/3\\] Processing file [^\n]*/db_main\\.c\\." "\\[2/3\\] Processing file [^\n]*/db_diag\\.c\\."
                 "\\[3/3\\] Processing file [^\n]*/db_second\\.c\\."
  STDERR_LACKS "Error while")
hg_cli_test(p-file-not-in-database RC 0 ARGS -p ${HG_CLI_DB_DIR} ${_hg_cli_fx}/db_absent.c
  STDERR_MATCHES "warning: '[^']*/db_absent\\.c' has no entry in [^\n]*/compile_commands\\.json")
hg_cli_test(p-without-database RC 2 ARGS -p ${_hg_cli_bin}/nodb ${_hg_cli_fx}/ok.c
  STDERR_MATCHES "error: no compilation database: '[^']*/nodb/compile_commands\\.json' does not exist")
hg_cli_test(p-missing-directory RC 2 ARGS -p ${_hg_cli_bin}/no-such-dir
  STDERR_MATCHES "error: no compilation database")
hg_cli_test(dashdash-wins-over-p RC 2 ARGS -p ${HG_CLI_DB_DIR} ${_hg_cli_fx}/db_second.c --
  STDOUT_MATCHES "HG_CLI_FROM_DB is not defined")
hg_cli_test(database-found-upwards RC 0 ARGS src/auto.c WORKDIR ${HG_CLI_AUTO_DIR}
  STDERR_LACKS "Error while" "compilation database")

# -- diagnostics: layout, NOLINT, promotion, header filter, ordering
hg_cli_test(output-format RC 0 ARGS ${_hg_cli_fx}/format.c -- GOLDEN ${_hg_cli_dir}/format.golden
  STDERR_MATCHES "^2 warnings generated\\.\n$")
hg_cli_test(checks-filter RC 0 ARGS --checks=-*,handleguard-op-not-left ${_hg_cli_fx}/format.c --
  STDOUT_MATCHES "format\\.c:20:3: warning: [^\n]* \\[handleguard-op-not-left\\]"
  STDOUT_LACKS "access-before-enter"
  STDERR_MATCHES "^1 warning generated\\.\n$")
# (each diagnostic: the rest of its line, its snippet lines -- the source
# lines, the caret line and any fix-it hint lines -- and its notes with theirs)
set(_hg_snip "( +[0-9]* \\|[^\n]*\n)*")
set(_hg_any "[^\n]*\n${_hg_snip}([^\n]*: note: [^\n]*\n${_hg_snip})*")
hg_cli_test(nolint RC 0 ARGS ${_hg_cli_fx}/nolint.c --
  STDOUT_MATCHES "^[^\n]*/nolint\\.c:16:54: warning: ${_hg_any}[^\n]*/nolint\\.c:18:53: warning: ${_hg_any}[^\n]*/nolint\\.c:25:10: warning: ${_hg_any}$"
  STDERR_MATCHES "^3 warnings generated\\.\nSuppressed 5 warnings \\(5 NOLINT\\)\\.\n$")
hg_cli_test(nolint-unmatched RC 1 ARGS ${_hg_cli_fx}/nolint_unmatched.c --
  STDOUT_MATCHES "^[^\n]*/nolint_unmatched\\.c:14:4: error: unmatched 'NOLINTBEGIN' comment without a subsequent 'NOLINTEND' comment \\[clang-tidy-nolint\\]\n   14 \\| // NOLINTBEGIN\\(handleguard-access-before-enter\\)\n      \\|    \\^\n[^\n]*/nolint_unmatched\\.c:16:10: warning: ${_hg_any}[^\n]*/nolint_unmatched\\.c:18:4: error: unmatched 'NOLINTEND' comment without a previous 'NOLINTBEGIN' comment \\[clang-tidy-nolint\\]\n   18 \\| // NOLINTEND\n      \\|    \\^\n$"
  STDERR_MATCHES "^1 warning and 2 errors generated\\.\n$")
hg_cli_test(nolint-unmatched-without-diagnostics RC 0 ARGS ${_hg_cli_fx}/nolint_unmatched_quiet.c --
  STDOUT_LACKS "." STDERR_LACKS ".")
hg_cli_test(warnings-as-errors RC 1 ARGS --warnings-as-errors=handleguard-op-* ${_hg_cli_fx}/format.c --
  STDOUT_MATCHES "format\\.c:20:3: error: [^\n]* \\[handleguard-op-not-left,-warnings-as-errors\\]\n"
                 "format\\.c:13:9: warning: [^\n]* \\[handleguard-access-before-enter\\]\n"
  STDERR_MATCHES "\n1 warning treated as error\n$")
hg_cli_test(warnings-as-errors-quiet RC 1 ARGS --quiet --warnings-as-errors=* ${_hg_cli_fx}/format.c --
  STDOUT_MATCHES "format\\.c:13:9: error: " "format\\.c:20:3: error: "
  STDERR_LACKS "treated as error")
hg_cli_test(warnings-as-errors-other-checks RC 0
  ARGS --warnings-as-errors=handleguard-box-freed ${_hg_cli_fx}/format.c --
  STDOUT_LACKS "error:")
hg_cli_test(header-hidden-by-default RC 0 ARGS ${_hg_cli_fx}/header_user.c --
  STDOUT_LACKS "."
  STDERR_MATCHES "Suppressed 1 warnings \\(1 in non-user code\\)\\.\n"
                 "Use -header-filter=\\.\\* to display errors from all non-system headers\\.\n")
hg_cli_test(header-filter-shows RC 0 ARGS --header-filter=cli_header\\.h ${_hg_cli_fx}/header_user.c --
  STDOUT_MATCHES "^[^\n]*/hdr/cli_header\\.h:6:3: warning: [^\n]*\\[handleguard-guard-not-inline\\]\n    6 \\|   hg_guard \\*guard;\n      \\|   \\^\n$"
  STDERR_LACKS "Suppressed")
hg_cli_test(header-filter-no-match RC 0 ARGS --header-filter=no-such-header ${_hg_cli_fx}/header_user.c --
  STDOUT_LACKS ".")
hg_cli_test(header-once-for-two-units RC 0
  ARGS --header-filter=.* ${_hg_cli_fx}/header_user.c ${_hg_cli_fx}/header_user2.c --
  STDOUT_MATCHES "cli_header\\.h:6:3: warning"
  STDOUT_LACKS "cli_header\\.h:6:3: warning.*cli_header\\.h:6:3: warning")
hg_cli_test(quiet RC 0 ARGS --quiet ${_hg_cli_fx}/header_user.c --
  STDERR_MATCHES "^1 warning generated\\.\n$")
hg_cli_test(sorted-across-files RC 0 ARGS ${_hg_cli_fx}/nolint.c ${_hg_cli_fx}/format.c --
  STDOUT_MATCHES "format\\.c:13:9:.*format\\.c:20:3:.*nolint\\.c:16:54:")
hg_cli_test(parse-error-with-diagnostics RC 2 ARGS ${_hg_cli_fx}/broken.c ${_hg_cli_fx}/format.c --
  STDOUT_MATCHES "broken\\.c:2:[0-9]+: error: " "format\\.c:20:3: warning: "
  STDERR_MATCHES "Found compiler error\\(s\\)\\.\n$")
hg_cli_test(p-database-diagnostic RC 0 ARGS -p ${HG_CLI_DB_DIR} ${_hg_cli_fx}/db_diag.c
  STDOUT_MATCHES "^db_diag\\.c:16:10: warning: [^\n]*\\[handleguard-access-before-enter\\]\n   16 \\|   return h->inner->value;\n      \\|          \\^\n$")

# -- fix-it hints under the caret: the replaced range and a one-line text
hg_cli_test(fixit-hints RC 0 ARGS ${_hg_cli_fx}/fixits.c --
  STDOUT_MATCHES "fixits\\.c:17:3: warning: [^\n]*\n   17 \\|   free\\(h\\);\n      \\|   \\^~~~~~~~\n      \\|   /\\* handle box leaked on purpose[^\n]*\\*/\n"
                 "fixits\\.c:26:3: warning: [^\n]*\n   26 \\|   hg_try_enter\\(&h->guard, &op\\);\n      \\|   \\^~+\n      \\|   if \\(!hg_try_enter\\(&h->guard, &op\\)\\) return\n"
  STDERR_MATCHES "^4 warnings generated\\.\n$")

# -- byte for byte the layout of clang-tidy itself (when the plugin is built)
if(TARGET handleguard-tidy AND HG_CLANG_TIDY)
  # nolint_unmatched: with a sentinel, so that its diagnostic carries a
  # fix-it and no note (clang-tidy hangs the notes of a diagnostic that first
  # meets an unmatched NOLINTBEGIN on the NOLINT error; see docs/cli.md).
  set(_hg_same_extra_nolint_unmatched "-DEXTRA2=--config={CheckOptions: {handleguard.ShuttingDownValue: '-1'}}")
  foreach(_fx format nolint nolint_unmatched header_user fixits)
    add_test(NAME cli-same-as-clang-tidy-${_fx}
      COMMAND ${CMAKE_COMMAND} -DCHECKER=$<TARGET_FILE:handleguard-check>
              -DCLANG_TIDY=${HG_CLANG_TIDY} -DPLUGIN=$<TARGET_FILE:handleguard-tidy>
              -DFILE=${_hg_cli_fx}/${_fx}.c -DINCLUDE=${PROJECT_SOURCE_DIR}/include
              -DEXTRA=--header-filter=.* ${_hg_same_extra_${_fx}} -P ${_hg_cli_dir}/same_as_tidy.cmake)
  endforeach()
endif()

# -- multi-step scenarios (Python 3): configuration, cache, -j, reports, fixes,
#    CMake drop-in, --diff.  Exit status 77: skipped (a tool is missing).
find_package(Python3 COMPONENTS Interpreter)
if(Python3_Interpreter_FOUND)
  execute_process(COMMAND ${Python3_EXECUTABLE} ${_hg_cli_dir}/scenarios.py --list
    OUTPUT_VARIABLE _hg_scenarios OUTPUT_STRIP_TRAILING_WHITESPACE)
  string(REPLACE "\n" ";" _hg_scenarios "${_hg_scenarios}")
  foreach(_sc IN LISTS _hg_scenarios)
    add_test(NAME cli-scenario-${_sc}
      COMMAND ${Python3_EXECUTABLE} ${_hg_cli_dir}/scenarios.py --checker $<TARGET_FILE:handleguard-check>
              --source-dir ${PROJECT_SOURCE_DIR} --cmake ${CMAKE_COMMAND} ${_sc})
    set_tests_properties(cli-scenario-${_sc} PROPERTIES SKIP_RETURN_CODE 77)
  endforeach()
  set_tests_properties(cli-scenario-cmake-drop-in cli-scenario-cmake-drop-in-warnings-as-errors
    PROPERTIES TIMEOUT 300)

  # The same scenarios against an AddressSanitizer + UBSan build of the whole
  # checker (threads, cache, fixes, reports), leaks included.
  if(HG_SANITIZER_TESTS AND HG_CLI_HAVE_ASAN)
    file(GLOB _hg_rules_sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/rules/*.c)
    add_executable(handleguard-check-asan ${HG_CHECKER_SOURCES} ${_hg_rules_sources})
    get_target_property(_hg_check_incs handleguard-check INCLUDE_DIRECTORIES)
    get_target_property(_hg_check_defs handleguard-check COMPILE_DEFINITIONS)
    get_target_property(_hg_check_libs handleguard-check LINK_LIBRARIES)
    list(REMOVE_ITEM _hg_check_libs hgrules)
    target_include_directories(handleguard-check-asan PRIVATE ${_hg_check_incs} ${PROJECT_SOURCE_DIR}/rules)
    target_compile_definitions(handleguard-check-asan PRIVATE ${_hg_check_defs})
    target_compile_options(handleguard-check-asan PRIVATE -fsanitize=address,undefined
      -fno-omit-frame-pointer -fno-sanitize-recover=all -g)
    target_link_options(handleguard-check-asan PRIVATE -fsanitize=address,undefined)
    target_link_libraries(handleguard-check-asan PRIVATE ${_hg_check_libs})
    foreach(_sc IN LISTS _hg_scenarios)
      if(_sc MATCHES "^cmake-")
        continue()
      endif()
      add_test(NAME cli-scenario-asan-${_sc}
        COMMAND ${Python3_EXECUTABLE} ${_hg_cli_dir}/scenarios.py
                --checker $<TARGET_FILE:handleguard-check-asan> --source-dir ${PROJECT_SOURCE_DIR} ${_sc})
      set_tests_properties(cli-scenario-asan-${_sc} PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300)
    endforeach()
  endif()
endif()
