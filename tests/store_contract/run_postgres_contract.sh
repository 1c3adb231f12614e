#!/usr/bin/env bash
# ctest entry store_contract_postgres: starts a throwaway PostgreSQL with
# scripts/pg-test-server, runs the Postgres instances of the Store contract
# suite (and the PostgresStore tests) against it, and stops it whatever happens. Exit 77 (a skip) when
# PostgreSQL is not installed.
#   run_postgres_contract.sh <pg-test-server> <store_contract_test> [gtest args...]
set -uo pipefail
server=$1
binary=$2
shift 2

url=$("$server" start)
status=$?
if [ "$status" -ne 0 ]; then
  exit "$status"
fi
trap '"$server" stop "$url"' EXIT

READOUT_TEST_PG_URL=$url "$binary" --gtest_filter='Postgres*' "$@"
