# Use ccache when present: CI rebuilds from a clean clone, and ccache keeps that fast.
find_program(READOUT_CCACHE ccache)
if(READOUT_CCACHE)
  set(CMAKE_CXX_COMPILER_LAUNCHER ${READOUT_CCACHE})
endif()
