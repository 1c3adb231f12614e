#!/usr/bin/env bash
# Runs one libFuzzer target for a while, as ctest does in CI (tests/fuzz/CMakeLists.txt):
#   run_fuzzer.sh <fuzzer> <seed corpus> <work dir> [seconds]
# New inputs go to <work dir>/corpus (the seed corpus in the source tree is
# only read); a crash, a sanitizer report, a leak or a slow input fails with
# the reproducer's path and the command that replays it.
set -uo pipefail
fuzzer=$1 seeds=$2 work=$3 seconds=${4:-60}
# A fixed seed unless FUZZ_SEED says otherwise: each `make test` then walks the
# same mutations, so a red run means the code changed, not that the dice did.
# Explore further with FUZZ_SEED=0 (libFuzzer picks one) and longer runs.
seed=${FUZZ_SEED:-1}
if [ ! -x "$fuzzer" ]; then
  echo "run_fuzzer: $fuzzer is not built (cmake --build --preset fuzz)" >&2
  exit 1
fi
mkdir -p "$work/corpus" "$work/artifacts"
log="$work/fuzz.log"
# -timeout: one input taking over 10 s is a finding; -rss_limit_mb bounds memory on a shared machine.
"$fuzzer" "$work/corpus" "$seeds" -max_total_time="$seconds" -seed="$seed" -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$work/artifacts/" -print_final_stats=1 >"$log" 2>&1
status=$?
if [ $status -ne 0 ]; then
  tail -n 60 "$log"
  reproducer=$(grep -o "Test unit written to [^ ]*" "$log" | tail -1 | sed 's/Test unit written to //')
  echo
  echo "run_fuzzer: $(basename "$fuzzer") failed (exit $status); full log: $log"
  if [ -n "$reproducer" ]; then
    echo "run_fuzzer: reproducer: $reproducer"
    echo "run_fuzzer: replay with: $fuzzer $reproducer"
  fi
  exit 1
fi
grep -E "^stat::number_of_executed_units|^stat::new_units_added|^Done" "$log"
echo "run_fuzzer: $(basename "$fuzzer") ran ${seconds}s without a finding"
