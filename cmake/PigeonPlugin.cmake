# pigeon_add_plugin(<target> SOURCES ...): a plugin is a MODULE that sees only the SDK.
# The same file serves plugins in this tree and partners' plugins built against the installed
# SDK (find_package(PigeonSDK)); PigeonSDK::sdk names the SDK in both.
function(pigeon_add_plugin target)
  cmake_parse_arguments(ARG "" "" "SOURCES" ${ARGN})
  add_library(${target} MODULE ${ARG_SOURCES})
  target_link_libraries(${target} PRIVATE PigeonSDK::sdk)
  # Without STB_GNU_UNIQUE symbols the library really unloads when the host lets it go.
  target_compile_options(${target} PRIVATE -fno-gnu-unique)
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  if(DEFINED PIGEON_PLUGIN_OUTPUT_DIR)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${PIGEON_PLUGIN_OUTPUT_DIR})
  endif()
endfunction()
