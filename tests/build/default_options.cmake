# Configures the tree as a user or packager does (`cmake -S . -B out -DCMAKE_BUILD_TYPE=Release`)
# and checks that warnings stay warnings there: -Werror belongs to `make test` and CI, where the
# compiler is known, not to a build on a compiler the project has not met yet.
# Run as: cmake -DSOURCE=<root> -DBINARY=<scratch dir> -P default_options.cmake
file(REMOVE_RECURSE "${BINARY}")
execute_process(
  COMMAND "${CMAKE_COMMAND}" -S "${SOURCE}" -B "${BINARY}" -DCMAKE_BUILD_TYPE=Release
  RESULT_VARIABLE configured OUTPUT_QUIET ERROR_VARIABLE errors)
if(NOT configured EQUAL 0)
  message(FATAL_ERROR "a plain Release configure failed:\n${errors}")
endif()
file(STRINGS "${BINARY}/CMakeCache.txt" werror REGEX "^CABILDO_WERROR:BOOL=")
file(REMOVE_RECURSE "${BINARY}")
if(NOT werror STREQUAL "CABILDO_WERROR:BOOL=OFF")
  message(FATAL_ERROR "a plain configure turns warnings into errors (${werror}); it must default to OFF")
endif()
message(STATUS "plain configure: ${werror}")
