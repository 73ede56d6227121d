# The layers, enforced by the compiler.
#
# No target sees src/ as a whole. A module's targets see their own folder,
# and what links a module sees that module's public headers, nothing more:
#
#   BUILD/layers/<module>/public/<module>/<header>.h -> src/<module>/<header>.h
#       one link per public header: a PUBLIC include directory of the
#       module's targets, so whatever links them writes
#       #include "<module>/<header>.h" and finds it;
#   BUILD/layers/<module>/private/<module> -> src/<module>
#       the whole folder, internal headers included: a PRIVATE include
#       directory, for the module's own sources only.
#
# Headers stay where they are and are included by the same names as ever.
# A header of a module that a target does not link (directly, or through a
# PUBLIC link) is not found, so an upward or lateral include fails to
# compile; tests/layering/ proves it for a sample of pairs.
#
# bettercare_module(NAME <module> TARGETS <target>... [INTERNAL <header>...])
#   NAME      the folder under src/ (src/<module>/*.h)
#   TARGETS   the targets built from that folder
#   INTERNAL  headers shared by the module's own sources and hidden from
#             everything else (file names in the folder)
#
# A header added to the folder is picked up at the next build (the glob
# re-runs the configure); one removed from it disappears from public/.
function(bettercare_module)
  cmake_parse_arguments(PARSE_ARGV 0 arg "" "NAME" "TARGETS;INTERNAL")
  if(NOT arg_NAME OR NOT arg_TARGETS OR arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "bettercare_module(NAME <module> TARGETS <target>... [INTERNAL <header>...])")
  endif()
  set(src ${CMAKE_SOURCE_DIR}/src/${arg_NAME})
  set(root ${CMAKE_BINARY_DIR}/layers/${arg_NAME})

  file(GLOB headers CONFIGURE_DEPENDS RELATIVE ${src} ${src}/*.h)
  foreach(header ${arg_INTERNAL})
    if(NOT header IN_LIST headers)
      message(FATAL_ERROR "bettercare_module(${arg_NAME}): INTERNAL ${header} is not in src/${arg_NAME}/")
    endif()
  endforeach()
  set(public_headers ${headers})
  if(arg_INTERNAL)
    list(REMOVE_ITEM public_headers ${arg_INTERNAL})
  endif()

  # public/: a link per public header; links left from an earlier
  # configure (a header removed or made internal) are removed.
  set(public_dir ${root}/public/${arg_NAME})
  file(MAKE_DIRECTORY ${public_dir})
  file(GLOB stale RELATIVE ${public_dir} ${public_dir}/*)
  if(public_headers)
    list(REMOVE_ITEM stale ${public_headers})
  endif()
  foreach(name ${stale})
    file(REMOVE ${public_dir}/${name})
  endforeach()
  foreach(header ${public_headers})
    file(CREATE_LINK ${src}/${header} ${public_dir}/${header} SYMBOLIC)
  endforeach()

  # private/: the folder itself.
  file(MAKE_DIRECTORY ${root}/private)
  file(CREATE_LINK ${src} ${root}/private/${arg_NAME} SYMBOLIC)

  foreach(target ${arg_TARGETS})
    # private/ first, so that the module's own sources reach every header
    # of theirs by the one path.
    target_include_directories(${target} PRIVATE ${root}/private PUBLIC ${root}/public)
  endforeach()
endfunction()
