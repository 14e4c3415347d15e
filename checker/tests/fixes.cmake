# Fix-its (checker/fixes.c): collection over translation units, clang-tidy's
# resolution of repeats and overlaps, atomic application, the --export-fixes
# YAML and clang's fix-it hint lines, as a cmocka program:
#   fixes                      unit tests, and snippet goldens that clang-tidy
#                              19 printed for the same fix-its (fixes/render/)
#   fixes-asan                 the same under AddressSanitizer + UBSan
#   fixes-apply-replacements   the exported YAML applied by
#                              clang-apply-replacements must give what --fix
#                              gives (skipped when the tool is not installed)
find_package(PkgConfig REQUIRED)
pkg_check_modules(HG_FIXES_YAML IMPORTED_TARGET yaml-0.1)
pkg_check_modules(HG_FIXES_CMOCKA IMPORTED_TARGET cmocka)

if(NOT HG_FIXES_YAML_FOUND OR NOT HG_FIXES_CMOCKA_FOUND)
  message(WARNING "fixes tests skipped: libyaml or cmocka not found "
                  "(install libyaml-dev and libcmocka-dev)")
else()
  set(_hg_fixes_dir ${CMAKE_CURRENT_LIST_DIR}/fixes)
  set(_hg_fixes_sources ${_hg_fixes_dir}/test_fixes.c ${PROJECT_SOURCE_DIR}/checker/fixes.c
    ${PROJECT_SOURCE_DIR}/checker/textcols.c)

  add_executable(hg-fixes-test ${_hg_fixes_sources})
  target_include_directories(hg-fixes-test PRIVATE ${PROJECT_SOURCE_DIR}/checker)
  target_compile_definitions(hg-fixes-test PRIVATE HG_FIXES_TESTDATA="${_hg_fixes_dir}")
  target_link_libraries(hg-fixes-test PRIVATE hgrules
    PkgConfig::HG_FIXES_YAML PkgConfig::HG_FIXES_CMOCKA)
  add_test(NAME fixes COMMAND hg-fixes-test)

  find_program(HG_CLANG_APPLY_REPLACEMENTS
    NAMES clang-apply-replacements-19 clang-apply-replacements
    HINTS /usr/lib/llvm-19/bin)
  # Exit status 77 (tool missing) shows as a skipped test.
  add_test(NAME fixes-apply-replacements
    COMMAND hg-fixes-test car "${HG_CLANG_APPLY_REPLACEMENTS}")
  set_tests_properties(fixes-apply-replacements PROPERTIES SKIP_RETURN_CODE 77)

  if(HG_SANITIZER_TESTS)
    include(CheckCSourceCompiles)
    set(CMAKE_REQUIRED_FLAGS "-fsanitize=address,undefined")
    set(CMAKE_REQUIRED_LINK_OPTIONS "-fsanitize=address,undefined")
    check_c_source_compiles("int main(void) { return 0; }" HG_FIXES_HAVE_ASAN)
    unset(CMAKE_REQUIRED_FLAGS)
    unset(CMAKE_REQUIRED_LINK_OPTIONS)
    if(HG_FIXES_HAVE_ASAN)
      # The rule sources the tests use are compiled in, so they are instrumented too.
      add_executable(hg-fixes-test-asan ${_hg_fixes_sources}
        ${PROJECT_SOURCE_DIR}/rules/diag.c
        ${PROJECT_SOURCE_DIR}/rules/model.c)
      target_include_directories(hg-fixes-test-asan PRIVATE
        ${PROJECT_SOURCE_DIR}/checker ${PROJECT_SOURCE_DIR}/rules)
      target_compile_definitions(hg-fixes-test-asan PRIVATE HG_FIXES_TESTDATA="${_hg_fixes_dir}")
      target_compile_options(hg-fixes-test-asan PRIVATE -fsanitize=address,undefined
        -fno-omit-frame-pointer -fno-sanitize-recover=all -g)
      target_link_options(hg-fixes-test-asan PRIVATE -fsanitize=address,undefined)
      # hgrules last: only for what those files may come to need.
      target_link_libraries(hg-fixes-test-asan PRIVATE
        PkgConfig::HG_FIXES_YAML PkgConfig::HG_FIXES_CMOCKA hgrules)
      add_test(NAME fixes-asan COMMAND hg-fixes-test-asan)
    endif()
  endif()
endif()
