# Runs one file through handleguard-check and through clang-tidy with the
# handleguard plugin, and requires the same stdout (diagnostics, source lines,
# carets, notes) and the same exit status.
#
#   cmake -DCHECKER=<bin> -DCLANG_TIDY=<bin> -DPLUGIN=<so> -DFILE=<c file>
#         -DINCLUDE=<dir> [-DEXTRA=<one option for both>] [-DEXTRA2=<another>]
#         -P same_as_tidy.cmake
cmake_minimum_required(VERSION 3.20)
set(_tail ${FILE} -- -std=c11 -I${INCLUDE})
execute_process(COMMAND ${CHECKER} --no-cache ${EXTRA} ${EXTRA2} ${_tail}
  RESULT_VARIABLE _cli_rc OUTPUT_VARIABLE _cli_out ERROR_VARIABLE _cli_err)
execute_process(COMMAND ${CLANG_TIDY} --load=${PLUGIN} --checks=-*,handleguard-* ${EXTRA} ${EXTRA2} ${_tail}
  RESULT_VARIABLE _tidy_rc OUTPUT_VARIABLE _tidy_out ERROR_VARIABLE _tidy_err)
if(NOT _cli_out STREQUAL _tidy_out OR NOT _cli_rc STREQUAL _tidy_rc)
  message(FATAL_ERROR "handleguard-check and clang-tidy differ on ${FILE}\n"
    "---- handleguard-check (exit ${_cli_rc}) ----\n${_cli_out}${_cli_err}"
    "---- clang-tidy (exit ${_tidy_rc}) ----\n${_tidy_out}${_tidy_err}")
endif()
