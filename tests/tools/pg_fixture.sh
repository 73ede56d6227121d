#!/usr/bin/env bash
# ctest's fixture pg_cluster (tests/CMakeLists.txt): starts the tests'
# throwaway PostgreSQL cluster (scripts/pg-cluster) and writes its address
# and directory to FILE, or stops it and removes it and FILE.
#
#   pg_fixture.sh start FILE
#   pg_fixture.sh stop FILE
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
case "$1" in
  start)
    # A cluster left by an interrupted run goes first.
    if [ -s "$2" ]; then "$here/scripts/pg-cluster" stop "$(sed -n 2p "$2")" || true; fi
    rm -f "$2"
    "$here/scripts/pg-cluster" start > "$2.tmp"
    mv "$2.tmp" "$2"
    echo "PostgreSQL cluster for the tests: $(head -1 "$2")"
    ;;
  stop)
    # The directory's removal is left to run on after the tests (it takes
    # half a minute; scripts/pg-cluster).
    if [ -s "$2" ]; then "$here/scripts/pg-cluster" stop "$(sed -n 2p "$2")" --detach; fi
    rm -f "$2"
    ;;
esac
