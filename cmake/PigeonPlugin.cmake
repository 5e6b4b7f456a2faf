# pigeon_add_plugin(<target> SOURCES ...): a plugin is a MODULE that sees only the SDK.
function(pigeon_add_plugin target)
  cmake_parse_arguments(ARG "" "" "SOURCES" ${ARGN})
  add_library(${target} MODULE ${ARG_SOURCES})
  target_link_libraries(${target} PRIVATE pigeon::sdk)
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    LIBRARY_OUTPUT_DIRECTORY ${PIGEON_PLUGIN_OUTPUT_DIR})
endfunction()
