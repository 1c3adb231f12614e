#!/usr/bin/env bash
# Every failure exits non-zero with a one-line reason that names the problem.
set -uo pipefail
readout="$1"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
failures=0

expect_failure() {  # description, pattern expected on stderr, command...
  local description="$1" pattern="$2"; shift 2
  if "$@" >"$dir/out" 2>"$dir/err"; then
    echo "FAIL: $description: exited 0"; failures=$((failures + 1)); return
  fi
  if ! grep -q -- "$pattern" "$dir/err"; then
    echo "FAIL: $description: stderr lacks '$pattern':"; cat "$dir/err"; failures=$((failures + 1))
  fi
}

"$readout" init --db "$dir/x.db" >/dev/null
printf '{"format": "readout-bundle", "version": 1, "records": [' >"$dir/truncated.json"
expect_failure "truncated JSON" "readout: " "$readout" import --db "$dir/x.db" "$dir/truncated.json"
printf '{"format": "readout-bundle", "version": 7, "records": [], "revisions": []}' >"$dir/v7.json"
expect_failure "unknown bundle version" "version" "$readout" import --db "$dir/x.db" "$dir/v7.json"
expect_failure "missing file" "cannot read" "$readout" import --db "$dir/x.db" "$dir/nope.json"
expect_failure "unknown record" "rnd_nope" "$readout" history --db "$dir/x.db" rnd_nope
cat >"$dir/bad-date.json" <<'JSON'
{"format": "readout-records", "version": 1, "records": [
  {"kind": "dialogue", "id": "dlg_t", "name": {"en": "T"}, "party_a": {"name": {"en": "A"}}, "party_b": {"name": {"en": "B"}}},
  {"kind": "round", "id": "rnd_t", "dialogue_id": "dlg_t", "title": {"en": "R"}, "dates": "2013-13-45"}]}
JSON
expect_failure "impossible date" "dates" "$readout" import --db "$dir/x.db" "$dir/bad-date.json"
# Nothing of the refused file was written.
"$readout" export --db "$dir/x.db" --out "$dir/after.json" 2>/dev/null
grep -q '"dlg_t"' "$dir/after.json" && { echo "FAIL: a refused records file was half-written"; failures=$((failures + 1)); }
expect_failure "unknown subcommand" "" "$readout" frobnicate
# Score flags of serve (docs/scores.md) are checked before anything starts; the message names the flag.
expect_failure "threshold above 1" "--perfunctory-below: must be a number from 0 to 1; got '2'" \
  "$readout" serve --db "$dir/x.db" --port 0 --perfunctory-below 2
expect_failure "threshold not a number" "--perfunctory-below" "$readout" serve --db "$dir/x.db" --perfunctory-below nan
expect_failure "negative weight" "--weight-progress" "$readout" serve --db "$dir/x.db" --weight-progress=-1
expect_failure "no due days" "--readout-due-days" "$readout" serve --db "$dir/x.db" --readout-due-days 0
expect_failure "every weight 0" "at least one must be above 0" "$readout" serve --db "$dir/x.db" \
  --weight-measurable-benchmarks 0 --weight-progress 0 --weight-substantive-replies 0 --weight-case-information 0 \
  --weight-readout 0

if ((failures)); then exit 1; fi
echo "cli bad input: ok"
