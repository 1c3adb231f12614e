#!/usr/bin/env bash
# `readout import --type ...` on a messy CSV of generated detainees
# (tests/data/import/detainees.messy.csv, made by make_detainees.py): the
# unmapped column refuses the file, --dry-run names every bad row and writes
# nothing, a real run is all or nothing, --skip-bad-rows imports the rest and
# writes the rejects, and export -> import -> export of the tables is
# byte-identical.
set -euo pipefail
readout="$1"
data="$(cd "$(dirname "$0")/../data/import" && pwd)"
messy="$data/detainees.messy.csv"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
rows() { "$readout" export --db "$1" --type "$2" --out - 2>/dev/null | tail -n +2 | wc -l; }

"$readout" init --db "$dir/a.db" >/dev/null

# A column that maps to nothing is reported, and the file refused.
if "$readout" import --db "$dir/a.db" --type detainees "$messy" 2>"$dir/err"; then fail "unmapped column accepted"; fi
grep -q "'Source notes'" "$dir/err" || fail "unmapped column not named: $(cat "$dir/err")"

# Dry run: every bad row named, nothing written, non-zero exit.
if "$readout" import --db "$dir/a.db" --type detainees "$messy" --ignore-column 'Source notes' --dry-run \
  2>"$dir/dry" >/dev/null; then fail "dry run with bad rows exited 0"; fi
grep -o '^  row [0-9]*' "$dir/dry" | awk '{print $2}' | sort -un >"$dir/named"
sort -n "$messy.bad-rows" | diff - "$dir/named" >/dev/null || fail "dry run named other rows: $(diff <(sort -n "$messy.bad-rows") "$dir/named")"
[[ $(rows "$dir/a.db" people) -eq 0 ]] || fail "dry run wrote people"

# A real run without --skip-bad-rows imports nothing.
if "$readout" import --db "$dir/a.db" --type detainees "$messy" --ignore-column 'Source notes' 2>/dev/null; then
  fail "a file with bad rows was imported"
fi
[[ $(rows "$dir/a.db" people) -eq 0 ]] || fail "a refused import wrote people"

# --skip-bad-rows imports the good rows and writes the bad ones with their errors.
total=$(($(wc -l <"$messy") - 1))
bad=$(wc -l <"$messy.bad-rows")
"$readout" import --db "$dir/a.db" --type detainees "$messy" --map 'Source notes=-' --skip-bad-rows \
  --rejects "$dir/rejects.csv" >/dev/null 2>&1 || fail "--skip-bad-rows failed"
[[ $(rows "$dir/a.db" people) -eq $((total - bad)) ]] || fail "expected $((total - bad)) people"
[[ $(rows "$dir/a.db" cases) -eq $((total - bad)) ]] || fail "expected $((total - bad)) cases"
[[ $(rows "$dir/a.db" legal_events) -eq $((total - bad)) ]] || fail "expected $((total - bad)) legal events"
[[ $(($(wc -l <"$dir/rejects.csv") - 1)) -eq $bad ]] || fail "rejects file should hold $bad rows"
head -1 "$dir/rejects.csv" | grep -q ',error' || fail "rejects file has no error column"

# Round trip, in CSV and JSON: export -> import into an empty database -> export.
for format in csv json; do
  for type in people cases legal_events; do
    "$readout" export --db "$dir/a.db" --type $type --format $format --out "$dir/$type.1.$format" 2>/dev/null
  done
  "$readout" init --db "$dir/$format.db" >/dev/null
  for type in people cases legal_events; do
    "$readout" import --db "$dir/$format.db" --type $type "$dir/$type.1.$format" >/dev/null \
      || fail "re-import of $type ($format) failed"
    "$readout" export --db "$dir/$format.db" --type $type --format $format --out "$dir/$type.2.$format" 2>/dev/null
    cmp -s "$dir/$type.1.$format" "$dir/$type.2.$format" \
      || fail "$type ($format): export -> import -> export differs: $(diff "$dir/$type.1.$format" "$dir/$type.2.$format" | head -5)"
  done
done

# Encodings: a GB18030 file is detected; a named encoding is used as given.
"$readout" import --db "$dir/c.db" --type people "$data/people.gb18030.csv" --dry-run >/dev/null \
  || fail "GB18030 file not detected"
"$readout" import --db "$dir/c.db" --type people "$data/people.macintosh.csv" --encoding macintosh --dry-run \
  >/dev/null || fail "--encoding macintosh refused"
printf 'name_zh\n\x81\xfe\x82\n' >"$dir/noise.csv"
if "$readout" import --db "$dir/c.db" --type people "$dir/noise.csv" 2>"$dir/err"; then fail "noise accepted"; fi
grep -q "give --encoding" "$dir/err" || fail "undecidable encoding not explained: $(cat "$dir/err")"

# Possible duplicates are reported, never merged.
printf 'name_zh,birth_date\n許志永,1973\n' >"$dir/hant.csv"
printf 'name_zh,birth_date\n许志永,1973\n' >"$dir/hans.csv"
"$readout" import --db "$dir/c.db" --type people "$dir/hant.csv" >/dev/null 2>&1
"$readout" import --db "$dir/c.db" --type people "$dir/hans.csv" >/dev/null 2>"$dir/err" || fail "duplicate refused"
grep -q "possible duplicate" "$dir/err" || fail "duplicate not reported"
[[ $(rows "$dir/c.db" people) -eq 2 ]] || fail "duplicates were merged"
echo "cli import tables: ok"
