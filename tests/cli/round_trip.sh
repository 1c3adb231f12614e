#!/usr/bin/env bash
# export -> import -> export must be byte-identical, history must survive the trip.
set -euo pipefail
readout="$1"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

"$readout" init --db "$dir/a.db" >/dev/null
"$readout" demo --db "$dir/a.db" >/dev/null
"$readout" export --db "$dir/a.db" --out "$dir/first.json" 2>/dev/null
"$readout" init --db "$dir/b.db" >/dev/null
"$readout" import --db "$dir/b.db" "$dir/first.json" >/dev/null
"$readout" export --db "$dir/b.db" --out "$dir/second.json" 2>/dev/null

if ! cmp -s "$dir/first.json" "$dir/second.json"; then
  echo "FAIL: export -> import -> export differs:"; diff "$dir/first.json" "$dir/second.json" | head -20
  exit 1
fi
grep -q '"rnd_2013-kunming"' "$dir/first.json" || { echo "FAIL: the Kunming round is not in the export"; exit 1; }
"$readout" history --db "$dir/b.db" rnd_2013-kunming | grep -q "create" \
  || { echo "FAIL: history of the Kunming round lost in the round trip"; exit 1; }
# A second import of the same bundle must be refused whole, changing nothing.
if "$readout" import --db "$dir/b.db" "$dir/first.json" 2>"$dir/err"; then
  echo "FAIL: importing the same ids twice succeeded"; exit 1
fi
"$readout" export --db "$dir/b.db" --out "$dir/third.json" 2>/dev/null
cmp -s "$dir/first.json" "$dir/third.json" || { echo "FAIL: a refused import changed the database"; exit 1; }
echo "cli round trip: ok"
