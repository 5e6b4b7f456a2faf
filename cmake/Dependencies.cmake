# Third-party packages, all from Debian. Traps and reasons: docs/ARCHITECTURE.md, "Build".
add_compile_definitions(BOOST_DLL_USE_STD_FS)
find_package(Boost 1.74 REQUIRED CONFIG)
find_package(Threads REQUIRED)

# Debian's Poco::DataMySQL links to MySQL::client, which nothing defines.
if(NOT TARGET MySQL::client)
  find_library(MARIADB_CLIENT_LIBRARY NAMES mariadb mysqlclient REQUIRED)
  find_path(MARIADB_INCLUDE_DIR mysql.h PATH_SUFFIXES mariadb mysql REQUIRED)
  add_library(MySQL::client UNKNOWN IMPORTED)
  set_target_properties(MySQL::client PROPERTIES IMPORTED_LOCATION "${MARIADB_CLIENT_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${MARIADB_INCLUDE_DIR}")
endif()
find_package(Poco 1.11 REQUIRED COMPONENTS Foundation Net NetSSL Util JSON Data DataSQLite Crypto)

# Connector/C++ 1.1, libphonenumber and libsodium ship no CMake config.
find_path(MYSQLCPPCONN_INCLUDE_DIR mysql_driver.h REQUIRED)
find_library(MYSQLCPPCONN_LIBRARY mysqlcppconn REQUIRED)
add_library(MySQLCppConn::MySQLCppConn UNKNOWN IMPORTED)
set_target_properties(MySQLCppConn::MySQLCppConn PROPERTIES IMPORTED_LOCATION "${MYSQLCPPCONN_LIBRARY}"
  INTERFACE_INCLUDE_DIRECTORIES "${MYSQLCPPCONN_INCLUDE_DIR}" INTERFACE_LINK_LIBRARIES Boost::headers)

find_path(PHONENUMBER_INCLUDE_DIR phonenumbers/phonenumberutil.h REQUIRED)
find_library(PHONENUMBER_LIBRARY phonenumber REQUIRED)
# protobuf (a dependency of libphonenumber-dev): the phone shortcut reads the metadata message.
find_library(PROTOBUF_LIBRARY protobuf REQUIRED)
add_library(PhoneNumber::PhoneNumber UNKNOWN IMPORTED)
set_target_properties(PhoneNumber::PhoneNumber PROPERTIES IMPORTED_LOCATION "${PHONENUMBER_LIBRARY}"
  INTERFACE_INCLUDE_DIRECTORIES "${PHONENUMBER_INCLUDE_DIR}"
  INTERFACE_LINK_LIBRARIES "${PROTOBUF_LIBRARY}")

find_path(SODIUM_INCLUDE_DIR sodium.h REQUIRED)
find_library(SODIUM_LIBRARY sodium REQUIRED)
add_library(Sodium::Sodium UNKNOWN IMPORTED)
set_target_properties(Sodium::Sodium PROPERTIES IMPORTED_LOCATION "${SODIUM_LIBRARY}"
  INTERFACE_INCLUDE_DIRECTORIES "${SODIUM_INCLUDE_DIR}")

if(PIGEON_BUILD_TESTS)
  find_package(Catch2 2 REQUIRED)
endif()
