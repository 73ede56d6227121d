# Data files compiled into the binary, so that it carries its own
# definitions and reference tables.
#
# bettercare_embed(<out_var> <file> <NAME>)
#   file     a path relative to the source tree's root (config/metrics.toml)
#   NAME     the symbol: `extern const std::string_view bc::embedded::NAME;`
#   out_var  set to the generated .cc, to add to a target's sources
#
# The .cc is rewritten only when the file changes (cmake/embed_text.cmake).
function(bettercare_embed out_var file name)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/embedded_${name}.cc)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DSRC=${CMAKE_SOURCE_DIR}/${file} -DOUT=${out} -DNAME=${name}
            -P ${CMAKE_SOURCE_DIR}/cmake/embed_text.cmake
    DEPENDS ${CMAKE_SOURCE_DIR}/${file} ${CMAKE_SOURCE_DIR}/cmake/embed_text.cmake
    COMMENT "Embedding ${file}")
  # A file over 64 KiB is one string literal longer than the standard
  # requires compilers to take; GCC and clang both do, and clang says so.
  set_source_files_properties(${out} PROPERTIES COMPILE_OPTIONS -Wno-overlength-strings)
  set(${out_var} ${out} PARENT_SCOPE)
endfunction()
