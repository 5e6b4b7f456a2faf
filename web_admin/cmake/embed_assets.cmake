# Writes OUTPUT, a C++ file holding every file of ASSETS (paths relative to BASE_DIR) as a raw
# string, so pigeond carries its admin site inside the binary: nothing to install or find.
# Run with: cmake -DOUTPUT=... -DBASE_DIR=... -DASSETS="a|b" -P embed_assets.cmake
string(REPLACE "|" ";" ASSETS "${ASSETS}")
set(code "// Generated from web_admin/templates and web_admin/static; do not edit.\n")
string(APPEND code "#include \"assets.h\"\n\n#include <map>\n\nnamespace pigeon::web {\n\n")
string(APPEND code "const std::map<std::string_view, std::string_view>& assets() {\n")
string(APPEND code "  static const std::map<std::string_view, std::string_view> table{\n")
foreach(asset IN LISTS ASSETS)
  file(READ "${BASE_DIR}/${asset}" content)
  string(FIND "${content}" ")pigeon_asset\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${asset} contains the raw-string delimiter )pigeon_asset\"")
  endif()
  string(APPEND code "      {\"${asset}\", R\"pigeon_asset(${content})pigeon_asset\"},\n")
endforeach()
string(APPEND code "  };\n  return table;\n}\n\n}  // namespace pigeon::web\n")
# Rewritten only when it changes, so an unchanged site does not recompile.
if(EXISTS "${OUTPUT}")
  file(READ "${OUTPUT}" old)
endif()
if(NOT "${old}" STREQUAL "${code}")
  file(WRITE "${OUTPUT}" "${code}")
endif()
