# testdata/ through the command-line checker:
#   testdata-<folder>          scripts/run-testdata over testdata/<folder>/ with
#                              build/bin/handleguard-check: every
#                              `// expect-warning:` marker met, nothing else
#   testdata-runner-selftest   the runner's own self-test (fake checkers)
find_package(Python3 COMPONENTS Interpreter)
if(NOT Python3_Interpreter_FOUND)
  message(STATUS "testdata tests: skipped (no Python 3)")
  return()
endif()

file(GLOB _hg_td_dirs LIST_DIRECTORIES true CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/testdata/*)
foreach(_dir IN LISTS _hg_td_dirs)
  if(NOT IS_DIRECTORY ${_dir})
    continue()
  endif()
  get_filename_component(_name ${_dir} NAME)
  add_test(NAME testdata-${_name}
    COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/scripts/run-testdata -j 2
            --checker $<TARGET_FILE:handleguard-check> ${_dir}
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(testdata-${_name} PROPERTIES
    PASS_REGULAR_EXPRESSION "[1-9][0-9]* passed, 0 failed")
endforeach()

if(EXISTS ${PROJECT_SOURCE_DIR}/scripts/test-run-testdata)
  add_test(NAME testdata-runner-selftest
    COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/scripts/test-run-testdata
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
endif()
