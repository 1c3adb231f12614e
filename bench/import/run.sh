#!/usr/bin/env bash
# Import benchmark: 100,000 generated detainees (CSV, --type detainees), each
# a person, a case and a first legal event, into a fresh database.
#
#   bench/import/run.sh READOUT_BINARY [ROWS]
#
# Generates the CSV with tests/data/import/make_detainees.py (deterministic,
# no bad rows), runs `readout init` then `readout import --type detainees`,
# and prints the records imported per second (people + cases + legal events)
# against the goal of 20,000/s (issue 3). Builds nothing; exits non-zero if
# the goal is missed. See docs/performance.md.
set -euo pipefail
if [[ $# -lt 1 ]]; then
  echo "usage: $0 READOUT_BINARY [ROWS]" >&2
  exit 2
fi
READOUT=$(realpath "$1")
ROWS=${2:-100000}
GOAL=20000
HERE="$(cd "$(dirname "$0")" && pwd)"
TMP=$(mktemp -d -t readout-import-bench.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

python3 "$HERE/../../tests/data/import/make_detainees.py" "$TMP/detainees.csv" --rows "$ROWS" --bad-every 0
"$READOUT" init --db "$TMP/bench.db" >/dev/null
echo "importing $ROWS detainees ($(du -h "$TMP/detainees.csv" | cut -f1) of CSV) ..."
start=$(date +%s.%N)
"$READOUT" import --db "$TMP/bench.db" --type detainees "$TMP/detainees.csv" --ignore-column 'Source notes' \
  >"$TMP/out" 2>"$TMP/err" || { cat "$TMP/err" | tail -5; exit 1; }
end=$(date +%s.%N)
cat "$TMP/out"
warnings=$(grep -c 'warning' "$TMP/err" || true)
records=$((ROWS * 3))
python3 - "$start" "$end" "$records" "$GOAL" "$warnings" <<'PY'
import sys
start, end, records, goal, warnings = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
seconds = end - start
rate = records / seconds
print(f"{records} records in {seconds:.2f} s: {rate:,.0f} records/s (goal {goal:,}/s); {warnings} duplicate warnings")
sys.exit(0 if rate >= goal else 1)
PY
