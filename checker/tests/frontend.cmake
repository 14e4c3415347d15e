# Front-end golden tests (checker/tests/frontend/):
#   frontend-<name>         hg-frontend-dump <name>.c must print <name>.expected
#                           (compiler arguments from <name>.args, if present)
#   frontend-syntax-error   a file with a syntax error: status 1, clang's error text
#   frontend-missing-file   a file that does not exist: status 2, a clear message
# Regenerate the golden files after an intended change with
#   cmake -DUPDATE=1 -DDRIVER=<abs build>/bin/hg-frontend-dump -DDIR=<abs checker/tests/frontend>
#         -DNAME=<name> -P checker/tests/frontend/golden.cmake
set(_hg_fe_dir ${CMAKE_CURRENT_LIST_DIR}/frontend)
file(GLOB _hg_fe_sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/checker/frontend_*.c)
add_executable(hg-frontend-dump ${_hg_fe_dir}/dump_main.c ${_hg_fe_sources})
target_include_directories(hg-frontend-dump PRIVATE ${PROJECT_SOURCE_DIR}/checker ${HG_LIBCLANG_INCLUDE})
target_link_libraries(hg-frontend-dump PRIVATE hgrules ${HG_LIBCLANG})

file(GLOB _hg_fe_goldens CONFIGURE_DEPENDS ${_hg_fe_dir}/*.expected)
foreach(_golden IN LISTS _hg_fe_goldens)
  get_filename_component(_name ${_golden} NAME_WE)
  add_test(NAME frontend-${_name}
    COMMAND ${CMAKE_COMMAND} -DDRIVER=$<TARGET_FILE:hg-frontend-dump> -DDIR=${_hg_fe_dir}
            -DNAME=${_name} -DOUT=${CMAKE_CURRENT_BINARY_DIR} -P ${_hg_fe_dir}/golden.cmake)
endforeach()

add_test(NAME frontend-syntax-error
  COMMAND ${CMAKE_COMMAND} -DDRIVER=$<TARGET_FILE:hg-frontend-dump> -DDIR=${_hg_fe_dir}
          -DFILE=syntax_error.c -DSTATUS=1
          "-DEXPECT=syntax_error.c:2:13: error: expected expression"
          -P ${_hg_fe_dir}/status.cmake)
add_test(NAME frontend-missing-file
  COMMAND ${CMAKE_COMMAND} -DDRIVER=$<TARGET_FILE:hg-frontend-dump> -DDIR=${_hg_fe_dir}
          -DFILE=does_not_exist.c -DSTATUS=2
          "-DEXPECT=error: cannot read 'does_not_exist.c': No such file or directory"
          -P ${_hg_fe_dir}/status.cmake)
