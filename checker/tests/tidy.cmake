# clang-tidy plugin tests (checker/tidy/):
#   tidy-plugin-load           the plugin loads into clang-tidy and registers all checks
#   tidy-frontends-agree       CLI and plugin report the same diagnostics (and fix-its) on
#                              testdata/ and examples/
#   tidy-models-agree          ... because they build the same model: --dump-model of both,
#                              on testdata/, examples/ and the front end's golden fixtures
#   tidy-testdata-<folder>     each testdata folder's expectations, through clang-tidy itself
if(NOT TARGET handleguard-tidy)
  return()   # the plugin was skipped (see the configure message)
endif()
if(NOT HG_CLANG_TIDY)
  message(STATUS "clang-tidy plugin tests: skipped (no clang-tidy-${HG_TIDY_CLANG_MAJOR} found)")
  return()
endif()
find_package(Python3 COMPONENTS Interpreter)
if(NOT Python3_Interpreter_FOUND)
  message(STATUS "clang-tidy plugin tests: skipped (no Python 3)")
  return()
endif()

set(_hg_tidy_dir ${CMAKE_CURRENT_LIST_DIR}/tidy)
set(_hg_plugin $<TARGET_FILE:handleguard-tidy>)

add_test(NAME tidy-plugin-load
  COMMAND ${CMAKE_COMMAND} -DCLANG_TIDY=${HG_CLANG_TIDY} -DPLUGIN=${_hg_plugin}
          -DRULES_DEF=${PROJECT_SOURCE_DIR}/rules/rules.def -P ${_hg_tidy_dir}/load.cmake)

add_test(NAME tidy-frontends-agree
  COMMAND ${Python3_EXECUTABLE} ${_hg_tidy_dir}/compare-frontends --fixes
          --checker $<TARGET_FILE:handleguard-check> --clang-tidy ${HG_CLANG_TIDY}
          --plugin ${_hg_plugin} --include ${PROJECT_SOURCE_DIR}/include -j 2
          ${PROJECT_SOURCE_DIR}/testdata ${PROJECT_SOURCE_DIR}/examples
  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})

file(GLOB _hg_fe_golden CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/frontend/*.expected)
set(_hg_fe_fixtures)
foreach(_g IN LISTS _hg_fe_golden)
  string(REGEX REPLACE "\\.expected$" ".c" _c "${_g}")
  if(EXISTS ${_c})
    list(APPEND _hg_fe_fixtures ${_c})
  endif()
endforeach()
add_test(NAME tidy-models-agree
  COMMAND ${Python3_EXECUTABLE} ${_hg_tidy_dir}/compare-frontends --models
          --checker $<TARGET_FILE:handleguard-check> --clang-tidy ${HG_CLANG_TIDY}
          --plugin ${_hg_plugin} --include ${PROJECT_SOURCE_DIR}/include -j 2
          ${PROJECT_SOURCE_DIR}/testdata ${PROJECT_SOURCE_DIR}/examples ${_hg_fe_fixtures}
  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})

# One test per testdata folder, run by scripts/run-testdata with clang-tidy
# as the checker: the expect-warning markers hold for the plugin too.
file(GLOB _hg_testdata_dirs LIST_DIRECTORIES true CONFIGURE_DEPENDS
     ${PROJECT_SOURCE_DIR}/testdata/*)
foreach(_dir IN LISTS _hg_testdata_dirs)
  if(NOT IS_DIRECTORY ${_dir})
    continue()
  endif()
  get_filename_component(_name ${_dir} NAME)
  add_test(NAME tidy-testdata-${_name}
    COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/scripts/run-testdata -j 2
            --checker-cmd "${HG_CLANG_TIDY} --load=${_hg_plugin} --checks=-*,handleguard-* {args} {file} -- -std=c11 -I{include}"
            ${_dir}
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
endforeach()
