#!/usr/bin/env bash
# Accountability views benchmark: scorecard and changes report of a dialogue
# with 20 rounds, 500 benchmarks (assessed at every round) and 5,000 raised
# cases, in a SQLite store on a temporary file.
#
#   bench/accountability/run.sh BUILD_DIR [RUNS]
#
# BUILD_DIR is a configured build tree (build/release after `make build`);
# the bench executable is built there by the default build (option
# READOUT_BUILD_BENCH, on by default). Builds nothing itself. Prints the
# median of RUNS runs (11) of LoadDialogueFacts, BuildScorecard,
# BuildChangesReport, the scorecard and changes pages through publish::Site
# (warm snapshot, built from a warm snapshot, cold after a write) and the
# store's List alone as the same-run reference, and exits non-zero if a view
# or a warm render misses the 50 ms goal (issue 4). See
# docs/performance.md, "Accountability views".
set -euo pipefail
if [[ $# -lt 1 ]]; then
  echo "usage: $0 BUILD_DIR [RUNS]" >&2
  exit 2
fi
BENCH="$1/bench/accountability/accountability_bench"
if [[ ! -x "$BENCH" ]]; then
  echo "missing $BENCH: cmake --build $1 --target accountability_bench" >&2
  exit 1
fi
exec "$BENCH" --runs "${2:-11}"
