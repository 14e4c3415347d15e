# Fix-its (testdata/fixits/): scripts/run-fixit-tests applies --fix to a copy of
# each case, compares it with the case's .fixed.c twin, checks that the fixed
# diagnostics are gone (and nothing new is reported), and that the result compiles:
#   fixits        through handleguard-check --fix
#   fixits-tidy   through clang-tidy --fix with the plugin (when the plugin is built)
find_package(Python3 COMPONENTS Interpreter)
if(NOT Python3_Interpreter_FOUND)
  message(STATUS "fix-it tests: skipped (no Python 3)")
  return()
endif()

find_program(HG_FIXIT_CLANG NAMES clang-19 clang)
if(HG_FIXIT_CLANG)
  set(_hg_fixit_cc --clang ${HG_FIXIT_CLANG})
else()
  message(STATUS "fix-it tests: the fixed files are not compiled (no clang-19 found)")
  set(_hg_fixit_cc --no-compile)
endif()

add_test(NAME fixits
  COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/scripts/run-fixit-tests -j 2
          --checker $<TARGET_FILE:handleguard-check> ${_hg_fixit_cc}
          ${PROJECT_SOURCE_DIR}/testdata/fixits
  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(fixits PROPERTIES PASS_REGULAR_EXPRESSION "[1-9][0-9]* passed, 0 failed")

if(TARGET handleguard-tidy AND HG_CLANG_TIDY)
  add_test(NAME fixits-tidy
    COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/scripts/run-fixit-tests -j 2
            --checker-cmd "${HG_CLANG_TIDY} --load=$<TARGET_FILE:handleguard-tidy> --checks=-*,handleguard-* {fix} {args} {file} -- -std=c11 -I{include}"
            ${_hg_fixit_cc} ${PROJECT_SOURCE_DIR}/testdata/fixits
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(fixits-tidy PROPERTIES PASS_REGULAR_EXPRESSION "[1-9][0-9]* passed, 0 failed")
endif()
