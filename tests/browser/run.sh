#!/bin/sh
# Runs the browser tests against a real server with the demo data.
# Usage: tests/browser/run.sh PATH/TO/readout
# Starts `readout serve` on a free port with a fresh database, waits for
# /healthz, runs `node --test tests/browser/` with READOUT_URL set, and stops
# the server whatever the outcome.
set -eu

readout=${1:?usage: run.sh PATH/TO/readout}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

if [ ! -d "$root/node_modules/playwright-core" ]; then
  echo "playwright-core is not installed: run 'npm install --no-audit --no-fund' in $root" >&2
  exit 1
fi

work=$(mktemp -d)
db="$work/readout.db"
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

"$readout" init --db "$db" >/dev/null
"$readout" demo --db "$db" >/dev/null

port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});')
"$readout" serve --db "$db" --port "$port" >"$work/server.log" 2>&1 &
server_pid=$!
url="http://127.0.0.1:$port"

# Wait up to 10 s for the server to answer.
if ! node -e '
  const url = process.argv[1] + "/healthz";
  const deadline = Date.now() + 10000;
  (async () => {
    while (Date.now() < deadline) {
      try { if ((await fetch(url)).ok) process.exit(0); } catch {}
      await new Promise((r) => setTimeout(r, 100));
    }
    process.exit(1);
  })();' "$url"; then
  echo "readout serve did not become healthy at $url; its log:" >&2
  cat "$work/server.log" >&2
  exit 1
fi

cd "$root"
READOUT_URL="$url" node --test tests/browser/
