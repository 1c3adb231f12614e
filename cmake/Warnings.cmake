# Project-wide warnings, applied through the readout_warnings interface target.
add_library(readout_warnings INTERFACE)
target_compile_options(readout_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow=local -Wnon-virtual-dtor)
if(READOUT_WARNINGS_AS_ERRORS)
  target_compile_options(readout_warnings INTERFACE -Werror)
endif()
