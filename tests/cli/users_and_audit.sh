#!/usr/bin/env bash
# readout user ... and readout audit ...: accounts from the command line, the
# one-time password shown once on stdout and nowhere else, every change in the
# audit log, and `audit verify` failing (exit 1, naming the row) once someone
# edits the audit_log table behind the server's back.
set -uo pipefail
readout="$1"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
db="$dir/x.db"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

expect_failure() {  # description, pattern expected on stderr, command...
  local description="$1" pattern="$2"; shift 2
  if "$@" >"$dir/out" 2>"$dir/err"; then
    fail "$description: exited 0"; return
  fi
  grep -q -- "$pattern" "$dir/err" || { fail "$description: stderr lacks '$pattern':"; cat "$dir/err"; }
}

"$readout" init --db "$db" >/dev/null
"$readout" demo --db "$db" >/dev/null

# add: the password on stdout, once; nothing on stderr.
"$readout" user add alice --role admin --name "Alice Admin" --db "$db" >"$dir/add.out" 2>"$dir/add.err" \
  || { fail "user add alice"; cat "$dir/add.err"; }
[[ -s "$dir/add.err" ]] && { fail "user add wrote to stderr:"; cat "$dir/add.err"; }
password=$(sed -n 's/^  \([^ ]\{12,\}\)$/\1/p' "$dir/add.out")
[[ -n "$password" ]] || { fail "user add printed no one-time password:"; cat "$dir/add.out"; }
"$readout" user add carol --role contributor --db "$db" >/dev/null || fail "user add carol"

# Bad input names the argument.
expect_failure "a taken username" "alice" "$readout" user add alice --role editor --db "$db"
expect_failure "an unknown role" "role" "$readout" user add dave --role superuser --db "$db"
expect_failure "a username with a space" "username" "$readout" user add "Dave Smith" --role editor --db "$db"
expect_failure "no role" "--role" "$readout" user add dave --db "$db"
expect_failure "an unknown user" "nobody" "$readout" user disable nobody --db "$db"
expect_failure "an unknown record" "rnd_nope" "$readout" user grant carol rnd_nope --db "$db"
expect_failure "a limit out of range" "--limit" "$readout" audit list --limit 0 --db "$db"

# list, disable, enable.
"$readout" user list --db "$db" >"$dir/list" || fail "user list"
grep -Eq '^alice +admin +no +new +Alice Admin$' "$dir/list" || { fail "user list lacks alice:"; cat "$dir/list"; }
grep -Eq '^carol +contributor ' "$dir/list" || { fail "user list lacks carol:"; cat "$dir/list"; }
"$readout" user disable carol --db "$db" >/dev/null || fail "user disable carol"
"$readout" user list --db "$db" | grep -Eq '^carol +contributor +no +disabled ' || fail "carol is not disabled"
"$readout" user enable carol --db "$db" >/dev/null || fail "user enable carol"
"$readout" user list --db "$db" | grep -Eq '^carol +contributor +no +new ' || fail "carol is not enabled again"
"$readout" user reset-2fa alice --db "$db" >/dev/null || fail "user reset-2fa alice"

# token: shown once; refused to an admin without a second factor.
"$readout" user token carol --label "nightly import" --db "$db" >"$dir/token.out" 2>"$dir/token.err" \
  || { fail "user token carol"; cat "$dir/token.err"; }
token=$(sed -n 's/^  \([^ ]\{20,\}\)$/\1/p' "$dir/token.out")
[[ -n "$token" ]] || { fail "user token printed no token:"; cat "$dir/token.out"; }
expect_failure "a token for an admin without a second factor" "readout: " "$readout" user token alice --db "$db"

"$readout" user grant carol rnd_2013-kunming --db "$db" >/dev/null || fail "user grant"

# The audit log has every change, and never the secrets.
"$readout" audit list --limit 100 --db "$db" >"$dir/audit" || fail "audit list"
for action in user.add user.disable user.enable user.reset_2fa token.issue user.grant; do
  grep -q " $action " "$dir/audit" || { fail "audit list lacks $action:"; cat "$dir/audit"; }
done
grep -q "rnd_2013-kunming" "$dir/audit" || fail "audit list does not name the granted record"
sqlite3 "$db" .dump >"$dir/dump.sql"
grep -qF -- "$password" "$dir/dump.sql" && fail "the one-time password is in the database in clear"
grep -qF -- "$token" "$dir/dump.sql" && fail "the API token is in the database in clear"

"$readout" audit verify --db "$db" >"$dir/verify" 2>&1 || { fail "audit verify of an untouched log"; cat "$dir/verify"; }
grep -q "intact" "$dir/verify" || { fail "audit verify does not say intact:"; cat "$dir/verify"; }

# Tampering: each on a copy; verify exits 1 and names the row.
tamper() {  # description, expected row, SQL
  local description="$1" row="$2" sql="$3"
  cp "$db" "$dir/t.db"
  sqlite3 "$dir/t.db" "DROP TRIGGER audit_log_is_append_only_update; DROP TRIGGER audit_log_is_append_only_delete; $sql" \
    || { fail "$description: the SQL failed"; return; }
  "$readout" audit verify --db "$dir/t.db" >"$dir/out" 2>"$dir/err"
  local code=$?
  [[ $code -eq 1 ]] || fail "$description: audit verify exited $code, not 1"
  grep -q "broken at row $row:" "$dir/err" || { fail "$description: stderr does not name row $row:"; cat "$dir/err"; }
  rm -f "$dir/t.db" "$dir/t.db-wal" "$dir/t.db-shm"
}
tamper "an entry's actor changed" 2 "UPDATE audit_log SET entry = replace(entry, 'system', 'mallory') WHERE sequence = 2"
tamper "a hash changed" 3 "UPDATE audit_log SET hash = '0000000000000000000000000000000000000000000000000000000000000000' WHERE sequence = 3"
tamper "a row removed" 2 "DELETE FROM audit_log WHERE sequence = 2"
tamper "two entries swapped" 1 "UPDATE audit_log SET entry = CASE sequence WHEN 1 THEN (SELECT entry FROM audit_log WHERE sequence = 2) ELSE (SELECT entry FROM audit_log WHERE sequence = 1) END WHERE sequence IN (1, 2)"
grant_row=$(sqlite3 "$db" "SELECT sequence FROM audit_log WHERE target_id = 'rnd_2013-kunming' LIMIT 1")
# Even what the trigger allows (blanking), done to half a pair, is found.
cp "$db" "$dir/t.db"
sqlite3 "$dir/t.db" "UPDATE audit_log SET target_id = '' WHERE sequence = $grant_row" || fail "blanking a target_id"
"$readout" audit verify --db "$dir/t.db" 2>"$dir/err" >/dev/null
[[ $? -eq 1 ]] && grep -q "broken at row $grant_row:" "$dir/err" \
  || { fail "a target_id blanked without its salt is not reported at row $grant_row:"; cat "$dir/err"; }
rm -f "$dir/t.db"*
tamper "a target id changed" "$grant_row" "UPDATE audit_log SET target_id = 'rnd_other' WHERE sequence = $grant_row"

if ((failures)); then exit 1; fi
echo "cli users and audit: ok"
