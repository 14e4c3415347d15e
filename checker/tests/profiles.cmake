# Protocol profiles (testdata/profiles/<profile>/, each with the .clang-tidy
# that selects its profile):
#   profiles-<profile>        scripts/run-testdata over the folder with
#                             handleguard-check, which finds the folder's
#                             .clang-tidy as the nearest configuration
#   tidy-profiles-<profile>   the same through clang-tidy and the plugin, which
#                             reads the same file (only when the plugin is built)
# (testdata.cmake and tidy.cmake also run the whole of testdata/profiles/ as
# one folder; these name the profile that fails.)
find_package(Python3 COMPONENTS Interpreter)
if(NOT Python3_Interpreter_FOUND)
  message(STATUS "profile tests: skipped (no Python 3)")
  return()
endif()

file(GLOB _hg_profile_dirs LIST_DIRECTORIES true CONFIGURE_DEPENDS
     ${PROJECT_SOURCE_DIR}/testdata/profiles/*)
foreach(_dir IN LISTS _hg_profile_dirs)
  if(NOT IS_DIRECTORY ${_dir} OR NOT EXISTS ${_dir}/.clang-tidy)
    continue()
  endif()
  get_filename_component(_name ${_dir} NAME)
  add_test(NAME profiles-${_name}
    COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/scripts/run-testdata -j 2
            --checker $<TARGET_FILE:handleguard-check> ${_dir}
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(profiles-${_name} PROPERTIES
    PASS_REGULAR_EXPRESSION "[1-9][0-9]* passed, 0 failed")
  if(TARGET handleguard-tidy AND HG_CLANG_TIDY)
    add_test(NAME tidy-profiles-${_name}
      COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/scripts/run-testdata -j 2
              --checker-cmd "${HG_CLANG_TIDY} --load=$<TARGET_FILE:handleguard-tidy> {args} {file} -- -std=c11 -I{include}"
              ${_dir}
      WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
    set_tests_properties(tidy-profiles-${_name} PROPERTIES
      PASS_REGULAR_EXPRESSION "[1-9][0-9]* passed, 0 failed")
  endif()
endforeach()
