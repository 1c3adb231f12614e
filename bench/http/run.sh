#!/usr/bin/env bash
# HTTP benchmark: Readout against nginx serving the very same bytes as static files.
#
#   bench/http/run.sh READOUT_BINARY [DATABASE]
#
# Without DATABASE a demo database is created in a temporary directory
# (readout init + readout demo). Builds nothing. Needs wrk, nginx (nginx-light)
# and curl. Prints, for the round page and a JSON GET of one record, both
# servers' requests/s and p99 latency and the ratios. See docs/performance.md.
#
# Fairness: both servers get ONE worker thread (readout --threads 1, nginx
# worker_processes 1) and wrk gets the other core (-t1), so on a 2-core
# machine neither server competes with the load generator for more than what
# the other server gets. Both keep connections alive without a request limit.
#
# Environment: DURATION (10s), CONNECTIONS (32), SERVER_THREADS (1), WARMUP (2s).
set -euo pipefail

if [[ $# -lt 1 ]]; then
  echo "usage: $0 READOUT_BINARY [DATABASE]" >&2
  exit 2
fi
READOUT=$(realpath "$1")
DB=${2:-}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
SERVER_THREADS=${SERVER_THREADS:-1}
WARMUP=${WARMUP:-2s}
ROUND_PATH=/rounds/rnd_2013-kunming
JSON_PATH=/api/v1/rounds/rnd_2013-kunming

for tool in wrk nginx curl python3; do
  command -v "$tool" >/dev/null || { [[ -x /usr/sbin/$tool ]] || { echo "missing $tool: apt-get install -y $tool" >&2; exit 1; }; }
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

TMP=$(mktemp -d -t readout-bench.XXXXXX)
# nginx started as root drops its worker to an unprivileged user, which must read the files.
chmod 755 "$TMP"
READOUT_PID=""
NGINX_PID=""
cleanup() {
  [[ -n "$READOUT_PID" ]] && kill "$READOUT_PID" 2>/dev/null && wait "$READOUT_PID" 2>/dev/null || true
  [[ -n "$NGINX_PID" ]] && kill "$NGINX_PID" 2>/dev/null && wait "$NGINX_PID" 2>/dev/null || true
  rm -rf "$TMP"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

wait_for() {  # URL
  for _ in $(seq 1 100); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "server did not answer at $1" >&2
  return 1
}

if [[ -z "$DB" ]]; then
  DB=$TMP/bench.db
  "$READOUT" init --db "$DB" >/dev/null
  "$READOUT" demo --db "$DB" >/dev/null
fi

READOUT_PORT=$(free_port)
"$READOUT" serve --db "$DB" --port "$READOUT_PORT" --bind 127.0.0.1 --threads "$SERVER_THREADS" \
  >"$TMP/readout.log" 2>&1 &
READOUT_PID=$!
wait_for "http://127.0.0.1:$READOUT_PORT/healthz"

mkdir -p "$TMP/www"
curl -fsS -o "$TMP/www/round.html" "http://127.0.0.1:$READOUT_PORT$ROUND_PATH"
curl -fsS -o "$TMP/www/round.json" "http://127.0.0.1:$READOUT_PORT$JSON_PATH"

NGINX_PORT=$(free_port)
mkdir -p "$TMP/nginx"
cat >"$TMP/nginx/nginx.conf" <<CONF
worker_processes $SERVER_THREADS;
daemon off;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $TMP/nginx/body;
  proxy_temp_path $TMP/nginx/proxy;
  fastcgi_temp_path $TMP/nginx/fastcgi;
  uwsgi_temp_path $TMP/nginx/uwsgi;
  scgi_temp_path $TMP/nginx/scgi;
  types { text/html html; application/json json; }
  charset utf-8;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_requests 100000000;
  keepalive_timeout 60s;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $TMP/www;
    location = $ROUND_PATH { try_files /round.html =404; }
    location = $JSON_PATH { try_files /round.json =404; }
  }
}
CONF
"$NGINX" -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" 2>"$TMP/nginx/stderr.log" &
NGINX_PID=$!
wait_for "http://127.0.0.1:$NGINX_PORT$ROUND_PATH"

# Both servers must serve the same bytes, or the comparison means nothing.
for pair in "$ROUND_PATH:round.html" "$JSON_PATH:round.json"; do
  cmp -s <(curl -fsS "http://127.0.0.1:$NGINX_PORT${pair%%:*}") "$TMP/www/${pair#*:}" ||
    { echo "nginx does not serve the bytes readout served for ${pair%%:*}" >&2; exit 1; }
done

# Prints "<requests/s> <p99 in microseconds>" for one wrk run.
measure() {  # URL
  wrk -t1 -c"$CONNECTIONS" -d"$WARMUP" "$1" >/dev/null
  wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency "$1" | awk '
    function us(v) {
      if (v ~ /us$/) return v + 0;
      if (v ~ /ms$/) return (v + 0) * 1000;
      if (v ~ /s$/) return (v + 0) * 1000000;
      return v + 0;
    }
    /Requests\/sec:/ { rps = $2 }
    $1 == "99%" && p99 == "" { p99 = us($2) }
    /Non-2xx or 3xx responses/ { bad = $NF }
    /Socket errors/ { errors = $0 }
    END {
      if (bad != "") { print "wrk saw non-2xx responses: " bad > "/dev/stderr"; exit 1 }
      printf "%.0f %.0f\n", rps, p99
    }'
}

echo "Readout HTTP benchmark: wrk -t1 -c$CONNECTIONS -d$DURATION --latency, server threads $SERVER_THREADS, $(nproc) cores"
echo "round page: $(wc -c <"$TMP/www/round.html") bytes; JSON record: $(wc -c <"$TMP/www/round.json") bytes"
printf "%-12s %14s %10s %14s %10s %10s %10s\n" target "readout req/s" "p99 us" "nginx req/s" "p99 us" "rps ratio" "p99 ratio"
status=0
for target in round:$ROUND_PATH json:$JSON_PATH; do
  name=${target%%:*}
  path=${target#*:}
  read -r r_rps r_p99 < <(measure "http://127.0.0.1:$READOUT_PORT$path")
  read -r n_rps n_p99 < <(measure "http://127.0.0.1:$NGINX_PORT$path")
  rps_ratio=$(awk -v a="$r_rps" -v b="$n_rps" 'BEGIN { printf "%.2f", a / b }')
  p99_ratio=$(awk -v a="$r_p99" -v b="$n_p99" 'BEGIN { printf "%.2f", a / b }')
  printf "%-12s %14s %10s %14s %10s %10s %10s\n" "$name" "$r_rps" "$r_p99" "$n_rps" "$n_p99" "$rps_ratio" "$p99_ratio"
  awk -v r="$rps_ratio" -v p="$p99_ratio" 'BEGIN { exit !(r >= 0.8 && p <= 2.0) }' || status=1
done
if [[ $status -eq 0 ]]; then
  echo "goal met: >= 0.8x nginx requests/s and p99 <= 2x nginx"
else
  echo "goal NOT met: want >= 0.8x nginx requests/s and p99 <= 2x nginx"
fi
exit $status
