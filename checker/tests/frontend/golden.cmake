# Runs the front-end dump driver on DIR/NAME.c (from DIR, with the compiler
# arguments of DIR/NAME.args) and compares its output with DIR/NAME.expected.
# -DUPDATE=1 rewrites the expected file instead.
set(_args)
if(EXISTS ${DIR}/${NAME}.args)
  file(READ ${DIR}/${NAME}.args _argtext)
  string(STRIP "${_argtext}" _argtext)
  separate_arguments(_args UNIX_COMMAND "${_argtext}")
endif()
execute_process(COMMAND ${DRIVER} --cwd ${DIR} ${NAME}.c ${_args}
  WORKING_DIRECTORY ${DIR}
  RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _err)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "${NAME}.c: the front end failed (status ${_rc}):\n${_err}")
endif()
if(UPDATE)
  file(WRITE ${DIR}/${NAME}.expected "${_out}")
  message(STATUS "updated ${NAME}.expected")
  return()
endif()
file(READ ${DIR}/${NAME}.expected _want)
if(NOT _out STREQUAL _want)
  if(NOT OUT)
    set(OUT ${CMAKE_CURRENT_BINARY_DIR})
  endif()
  file(WRITE ${OUT}/${NAME}.actual "${_out}")
  message(FATAL_ERROR "${NAME}.c: the model differs from ${NAME}.expected; got ${OUT}/${NAME}.actual\n"
                      "  diff -u ${DIR}/${NAME}.expected ${OUT}/${NAME}.actual")
endif()
