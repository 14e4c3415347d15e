# Runs the front-end dump driver on DIR/FILE and checks its exit status
# (STATUS) and that its error output contains EXPECT.
execute_process(COMMAND ${DRIVER} --cwd ${DIR} ${FILE}
  WORKING_DIRECTORY ${DIR}
  RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _err)
if(NOT _rc EQUAL STATUS)
  message(FATAL_ERROR "${FILE}: status ${_rc}, expected ${STATUS}\nstdout:\n${_out}\nstderr:\n${_err}")
endif()
string(FIND "${_err}" "${EXPECT}" _at)
if(_at EQUAL -1)
  message(FATAL_ERROR "${FILE}: the error output lacks '${EXPECT}':\n${_err}")
endif()
if(NOT _out STREQUAL "")
  message(FATAL_ERROR "${FILE}: no model should be printed, got:\n${_out}")
endif()
