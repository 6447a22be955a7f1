# td_embed(TARGET OUT_C SYMBOL ROOT FILES...)
# Turns FILES into one C file holding a table
#   const struct td_embedded SYMBOL[] = {{"relative/path", data, size}, ..., {0}};
# so that web pages and SQL migrations travel inside the binary.
function(td_embed target out symbol root)
  set(files ${ARGN})
  list(SORT files)
  string(REPLACE ";" "|" joined "${files}")  # a CMake list would split the shell command
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DSYMBOL=${symbol} -DROOT=${root}
            "-DFILES=${joined}" -P ${CMAKE_SOURCE_DIR}/cmake/embed_run.cmake
    DEPENDS ${files} ${CMAKE_SOURCE_DIR}/cmake/embed_run.cmake
    COMMENT "Embedding ${symbol}" VERBATIM)
  add_custom_target(${target} DEPENDS ${out})
endfunction()
