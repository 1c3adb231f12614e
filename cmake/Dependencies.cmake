# Every dependency is a Debian package; scripts/install-deps installs them all.
# A missing one stops configuration with the package to install.

function(readout_require_header header package)
  find_path(_found ${header})
  if(NOT _found)
    message(FATAL_ERROR "Missing ${header}: install the Debian package '${package}' (or run scripts/install-deps)")
  endif()
  unset(_found CACHE)
endfunction()

find_package(Threads REQUIRED)

find_package(Boost 1.81 QUIET)
if(NOT Boost_FOUND)
  message(FATAL_ERROR "Boost >= 1.81 not found: install 'libboost1.81-dev' (or run scripts/install-deps)")
endif()

find_package(SQLite3 QUIET)
if(NOT SQLite3_FOUND)
  message(FATAL_ERROR "SQLite3 not found: install 'libsqlite3-dev'")
endif()

find_package(nlohmann_json 3.11 QUIET)
if(NOT nlohmann_json_FOUND)
  message(FATAL_ERROR "nlohmann_json not found: install 'nlohmann-json3-dev'")
endif()

find_package(fmt QUIET)
if(NOT fmt_FOUND)
  message(FATAL_ERROR "fmt not found: install 'libfmt-dev'")
endif()

find_package(spdlog QUIET)
if(NOT spdlog_FOUND)
  message(FATAL_ERROR "spdlog not found: install 'libspdlog-dev'")
endif()

find_package(CLI11 QUIET)
if(NOT CLI11_FOUND)
  message(FATAL_ERROR "CLI11 not found: install 'libcli11-dev'")
endif()

find_package(ICU QUIET COMPONENTS uc i18n)
if(NOT ICU_FOUND)
  message(FATAL_ERROR "ICU not found: install 'libicu-dev'")
endif()

readout_require_header(tl/expected.hpp libexpected-dev)
readout_require_header(kainjow/mustache.hpp libkainjow-mustache-dev)

if(READOUT_BUILD_TESTS)
  find_package(GTest QUIET)
  if(NOT GTest_FOUND)
    message(FATAL_ERROR "GoogleTest not found: install 'libgtest-dev' and 'libgmock-dev'")
  endif()
endif()

find_package(PkgConfig QUIET)
if(PkgConfig_FOUND)
  pkg_check_modules(SODIUM QUIET IMPORTED_TARGET libsodium)
endif()
if(NOT SODIUM_FOUND)
  message(FATAL_ERROR "libsodium not found: install 'libsodium-dev' and 'pkg-config'")
endif()
