# Runs one handleguard-check command line and checks what it did.
#
#   cmake -DEXPECT_RC=<n> [options] -P run.cmake -- <command> [args...]
#
# Options (each optional; regex lists are "&&"-separated, all must hold):
#   STDOUT_MATCHES / STDERR_MATCHES   regexes that must match the stream
#   STDOUT_LACKS / STDERR_LACKS       regexes that must not match it
#   STDOUT_GOLDEN                     file stdout must equal, after every
#                                     occurrence of FIXTURES in stdout is
#                                     replaced by "@FIXTURES@"
#   FIXTURES                          the fixture directory (for STDOUT_GOLDEN)
#   WORKDIR                           directory to run the command in
cmake_minimum_required(VERSION 3.20)

set(_cmd)
set(_seen_dashdash FALSE)
math(EXPR _last "${CMAKE_ARGC} - 1")
foreach(_i RANGE 1 ${_last})
  if(_seen_dashdash)
    list(APPEND _cmd "${CMAKE_ARGV${_i}}")
  elseif("${CMAKE_ARGV${_i}}" STREQUAL "--")
    set(_seen_dashdash TRUE)
  endif()
endforeach()
if(NOT _cmd)
  message(FATAL_ERROR "run.cmake: no command after --")
endif()
if(NOT DEFINED EXPECT_RC)
  message(FATAL_ERROR "run.cmake: EXPECT_RC is required")
endif()
if(NOT WORKDIR)
  set(WORKDIR ".")
endif()

execute_process(COMMAND ${_cmd}
  WORKING_DIRECTORY "${WORKDIR}"
  RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _err)

set(_failures "")
macro(_fail what)
  string(APPEND _failures "  ${what}\n")
endmacro()

if(NOT "${_rc}" STREQUAL "${EXPECT_RC}")
  _fail("exit status ${_rc}, expected ${EXPECT_RC}")
endif()

foreach(_list STDOUT_MATCHES STDERR_MATCHES STDOUT_LACKS STDERR_LACKS)
  string(REPLACE "&&" ";" ${_list} "${${_list}}")
endforeach()

foreach(_stream stdout stderr)
  if(_stream STREQUAL "stdout")
    set(_text "${_out}")
    set(_must "${STDOUT_MATCHES}")
    set(_mustnt "${STDOUT_LACKS}")
  else()
    set(_text "${_err}")
    set(_must "${STDERR_MATCHES}")
    set(_mustnt "${STDERR_LACKS}")
  endif()
  foreach(_re IN LISTS _must)
    if(NOT _text MATCHES "${_re}")
      _fail("${_stream} does not match: ${_re}")
    endif()
  endforeach()
  foreach(_re IN LISTS _mustnt)
    if(_text MATCHES "${_re}")
      _fail("${_stream} matches (it must not): ${_re}")
    endif()
  endforeach()
endforeach()

if(STDOUT_GOLDEN)
  file(READ "${STDOUT_GOLDEN}" _want)
  set(_got "${_out}")
  if(FIXTURES)
    string(REPLACE "${FIXTURES}" "@FIXTURES@" _got "${_got}")
  endif()
  if(NOT _got STREQUAL _want)
    _fail("stdout differs from ${STDOUT_GOLDEN}")
    string(APPEND _failures "---- got ----\n${_got}---- want ----\n${_want}----\n")
  endif()
endif()

if(_failures)
  string(REPLACE ";" " " _shown "${_cmd}")
  message(FATAL_ERROR "command: ${_shown}\n${_failures}---- stdout ----\n${_out}---- stderr ----\n${_err}")
endif()
