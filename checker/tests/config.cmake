# .clang-tidy configuration: lookup, InheritParentConfig merging, CheckOptions
# and their errors (checker/tidyconfig.c with libyaml, rules/options.c), as a
# cmocka program working in temporary directories.  With HG_SANITIZER_TESTS an
# ASan+UBSan build of the same program runs too (leaks included).
find_package(PkgConfig REQUIRED)
pkg_check_modules(HG_CFGTEST_YAML IMPORTED_TARGET yaml-0.1)
pkg_check_modules(HG_CFGTEST_CMOCKA IMPORTED_TARGET cmocka)

if(NOT HG_CFGTEST_YAML_FOUND OR NOT HG_CFGTEST_CMOCKA_FOUND)
  message(WARNING "config tests skipped: libyaml or cmocka not found "
                  "(install libyaml-dev and libcmocka-dev)")
else()
  set(HG_CFGTEST_SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/config/test_config.c
    ${PROJECT_SOURCE_DIR}/checker/tidyconfig.c)

  add_executable(hg-config-test ${HG_CFGTEST_SOURCES})
  target_include_directories(hg-config-test PRIVATE ${PROJECT_SOURCE_DIR}/checker)
  target_link_libraries(hg-config-test PRIVATE hgrules
    PkgConfig::HG_CFGTEST_YAML PkgConfig::HG_CFGTEST_CMOCKA)
  add_test(NAME config-tidy COMMAND hg-config-test)

  if(HG_SANITIZER_TESTS)
    include(CheckCSourceCompiles)
    set(CMAKE_REQUIRED_FLAGS "-fsanitize=address,undefined")
    set(CMAKE_REQUIRED_LINK_OPTIONS "-fsanitize=address,undefined")
    check_c_source_compiles("int main(void) { return 0; }" HG_CFGTEST_HAVE_ASAN)
    unset(CMAKE_REQUIRED_FLAGS)
    unset(CMAKE_REQUIRED_LINK_OPTIONS)
    if(HG_CFGTEST_HAVE_ASAN)
      # The rule sources it needs are compiled in, so they are instrumented too.
      add_executable(hg-config-test-asan ${HG_CFGTEST_SOURCES}
        ${PROJECT_SOURCE_DIR}/rules/options.c
        ${PROJECT_SOURCE_DIR}/rules/config.c
        ${PROJECT_SOURCE_DIR}/rules/diag.c)
      target_include_directories(hg-config-test-asan PRIVATE
        ${PROJECT_SOURCE_DIR}/checker ${PROJECT_SOURCE_DIR}/rules)
      target_compile_options(hg-config-test-asan PRIVATE -fsanitize=address,undefined
        -fno-omit-frame-pointer -fno-sanitize-recover=all -g)
      target_link_options(hg-config-test-asan PRIVATE -fsanitize=address,undefined)
      # hgrules last: only for what those three files may come to need.
      target_link_libraries(hg-config-test-asan PRIVATE
        PkgConfig::HG_CFGTEST_YAML PkgConfig::HG_CFGTEST_CMOCKA hgrules)
      add_test(NAME config-tidy-asan COMMAND hg-config-test-asan)
    endif()
  endif()
endif()
