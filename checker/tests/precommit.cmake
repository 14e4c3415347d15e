# The pre-commit hook, driven in a throwaway git repository.
find_program(HG_GIT git)
if(HG_GIT)
  add_test(NAME precommit-hook
    COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/precommit/run.sh ${PROJECT_SOURCE_DIR}
            $<TARGET_FILE:handleguard-check>)
endif()
