#!/usr/bin/env bash
# Search benchmark (issue 5): indexes RECORDS synthetic records (10% Chinese),
# then runs 1,000 top-20 queries against the index and a brute-force scan of
# the same text, and checks Chinese recall. Exits non-zero if a goal is
# missed. See docs/performance.md, "Search".
#
#   bench/search/run.sh [BUILD_DIR] [RECORDS]      # defaults: build/release 1000000
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build/release}
records=${2:-1000000}
cmake --build "$build" --target search_bench
exec "$build/bench/search/search_bench" --records "$records" --queries "${QUERIES:-1000}"
