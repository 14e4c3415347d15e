# The language server (handleguard-check --lsp, checker/lsp*.c), driven by a
# scripted LSP client (lsp/lsp_test.py, Python 3 standard library only):
#   lsp-units              cmocka tests of framing, position conversion and URIs
#                          (checker/lsp_json.c)
#   lsp-tu-same-model      the kept, re-parsed translation units (hg_frontend_tu_*)
#                          build the model hg_frontend_parse builds, on every C
#                          file of testdata/ and examples/
#   lsp-diagnostics        initialize, didOpen of a bad file, publishDiagnostics
#                          (code, range, href, related notes), codeAction, the
#                          fixed text through didChange, didClose, shutdown/exit
#   lsp-quickfix           the engine's fix-its as quick fixes, applied by the client
#   lsp-utf16              columns after non-ASCII text (UTF-16, UTF-8, UTF-32)
#   lsp-protocol           malformed JSON and headers, unknown methods, lifecycle
#                          errors, exit codes
#   lsp-compile-commands   compile_commands.json above the file, -p,
#                          compilationDatabasePath, fallbackFlags, .clang-tidy, NOLINT
#   lsp-many-files         more open files than the server keeps parsed
#   lsp-recheck-time       re-check time after didChange on a generated
#                          ~3000-line file (printed, not asserted)
find_package(Python3 COMPONENTS Interpreter)
if(NOT Python3_Interpreter_FOUND)
  message(STATUS "lsp tests: skipped (no Python 3)")
elseif(EXISTS ${PROJECT_SOURCE_DIR}/checker/lsp.c)
  foreach(_scenario diagnostics quickfix utf16 protocol compile-commands many-files recheck-time)
    add_test(NAME lsp-${_scenario}
      COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/lsp/lsp_test.py
              --checker $<TARGET_FILE:handleguard-check> ${_scenario})
    set_tests_properties(lsp-${_scenario} PROPERTIES TIMEOUT 300)
  endforeach()
endif()

if(EXISTS ${PROJECT_SOURCE_DIR}/checker/lsp.c)
  add_executable(hg-lsp-tu-model ${CMAKE_CURRENT_LIST_DIR}/lsp/test_tu_model.c
    ${PROJECT_SOURCE_DIR}/checker/frontend_libclang.c)
  target_include_directories(hg-lsp-tu-model PRIVATE ${PROJECT_SOURCE_DIR}/checker ${HG_LIBCLANG_INCLUDE})
  target_link_libraries(hg-lsp-tu-model PRIVATE hgrules ${HG_LIBCLANG} Threads::Threads)
  file(GLOB_RECURSE _hg_lsp_model_files CONFIGURE_DEPENDS
    ${PROJECT_SOURCE_DIR}/testdata/*.c ${PROJECT_SOURCE_DIR}/examples/*.c)
  list(SORT _hg_lsp_model_files)
  add_test(NAME lsp-tu-same-model
    COMMAND hg-lsp-tu-model ${PROJECT_SOURCE_DIR}/include ${_hg_lsp_model_files})
  set_tests_properties(lsp-tu-same-model PROPERTIES TIMEOUT 600)
endif()

find_package(PkgConfig REQUIRED)
pkg_check_modules(HG_LSP_CMOCKA IMPORTED_TARGET cmocka)
pkg_check_modules(HG_LSP_JANSSON IMPORTED_TARGET jansson)
if(HG_LSP_CMOCKA_FOUND AND HG_LSP_JANSSON_FOUND)
  add_executable(hg-lsp-units ${CMAKE_CURRENT_LIST_DIR}/lsp/test_lsp_units.c
    ${PROJECT_SOURCE_DIR}/checker/lsp_json.c)
  target_include_directories(hg-lsp-units PRIVATE ${PROJECT_SOURCE_DIR}/checker)
  target_link_libraries(hg-lsp-units PRIVATE PkgConfig::HG_LSP_CMOCKA PkgConfig::HG_LSP_JANSSON)
  add_test(NAME lsp-units COMMAND hg-lsp-units)
else()
  message(WARNING "lsp-units skipped: cmocka or jansson not found (install libcmocka-dev, libjansson-dev)")
endif()
