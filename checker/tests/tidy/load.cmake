# ctest script: the plugin loads into clang-tidy with every symbol bound at
# load time (LD_BIND_NOW, so a symbol missing from this clang-tidy fails here
# rather than at the first call) and registers every check of rules.def.
#   cmake -DCLANG_TIDY=... -DPLUGIN=... -DRULES_DEF=... -P load.cmake
execute_process(
  COMMAND ${CMAKE_COMMAND} -E env LD_BIND_NOW=1
          ${CLANG_TIDY} --load=${PLUGIN} --checks=-*,handleguard-* --list-checks
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0 OR err MATCHES "Error opening|load request ignored")
  message(FATAL_ERROR "loading ${PLUGIN} into ${CLANG_TIDY} failed (exit ${rc}):\n${err}${out}")
endif()
file(STRINGS ${RULES_DEF} defs REGEX "^HG_RULE\\(")
set(n 0)
foreach(d IN LISTS defs)
  string(REGEX REPLACE "^HG_RULE\\([a-z_]+, *\"([a-z-]+)\".*" "\\1" name "${d}")
  if(NOT out MATCHES "handleguard-${name}\n")
    message(FATAL_ERROR "check handleguard-${name} is not registered:\n${out}")
  endif()
  math(EXPR n "${n} + 1")
endforeach()
message(STATUS "${n} handleguard checks registered:\n${out}")
