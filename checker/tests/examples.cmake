# examples/ through the command-line checker:
#   examples-kvstore-clean     examples/kvstore/*.c adopt the checklist: no
#                              diagnostic at all (headers included), exit 0
#   examples-kvstore-broken    examples/kvstore-broken/*.c: exactly the
#                              diagnostics its `// expect-warning:` markers name
file(GLOB _hg_ex_clean CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/examples/kvstore/*.c)
if(_hg_ex_clean)
  add_test(NAME examples-kvstore-clean
    COMMAND ${CMAKE_COMMAND} -DEXPECT_RC=0 "-DSTDOUT_LACKS=." "-DSTDERR_LACKS=generated&&Suppressed"
            -P ${CMAKE_CURRENT_LIST_DIR}/cli/run.cmake --
            $<TARGET_FILE:handleguard-check> --header-filter=.* ${_hg_ex_clean}
            -- -std=c11 -I${PROJECT_SOURCE_DIR}/examples/kvstore)
endif()

find_package(Python3 COMPONENTS Interpreter)
if(Python3_Interpreter_FOUND AND IS_DIRECTORY ${PROJECT_SOURCE_DIR}/examples/kvstore-broken)
  add_test(NAME examples-kvstore-broken
    COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/scripts/run-testdata
            --checker $<TARGET_FILE:handleguard-check>
            ${PROJECT_SOURCE_DIR}/examples/kvstore-broken
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(examples-kvstore-broken PROPERTIES
    PASS_REGULAR_EXPRESSION "[1-9][0-9]* passed, 0 failed")
endif()
