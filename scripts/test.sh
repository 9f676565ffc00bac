#!/usr/bin/env bash
# Run the test suite. Starts a throwaway PostgreSQL server on loopback for the
# PostgreSQL tests when one is installed and MSEFLOW_TEST_PG_DSN is not set.
# Extra arguments go to pytest. pytest's exit 5 (no tests collected) is a failure.
set -uo pipefail
cd "$(dirname "$0")/.."

export OMP_THREAD_LIMIT=1                       # env-notes trap 3
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS=120   # trap 4
export PREFECT_SERVER_ANALYTICS_ENABLED=false DO_NOT_TRACK=1
export PREFECT_HOME=${PREFECT_HOME:-$PWD/.prefect-test}

pg_dir=""
AS_PG=""
PG_BIN=""
cleanup() {
    if [ -n "$pg_dir" ]; then
        $AS_PG "$PG_BIN/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
        rm -rf "$pg_dir"
    fi
}
trap cleanup EXIT

if [ -z "${MSEFLOW_TEST_PG_DSN:-}" ]; then
    PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    if [ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ]; then
        AS_PG=""
        pg_dir=$(mktemp -d /tmp/mseflow-pg.XXXXXX)
        if [ "$(id -u)" -eq 0 ]; then chown postgres "$pg_dir"; AS_PG="runuser -u postgres --"; fi
        port=$((20000 + RANDOM % 20000))
        if $AS_PG "$PG_BIN/initdb" -D "$pg_dir/data" -U mseflow --auth=trust >/dev/null \
            && $AS_PG "$PG_BIN/pg_ctl" -D "$pg_dir/data" -w -l "$pg_dir/log" \
                -o "-c listen_addresses=127.0.0.1 -p $port -k $pg_dir -c fsync=off" start >/dev/null; then
            export MSEFLOW_TEST_PG_DSN="postgresql://mseflow@127.0.0.1:$port/postgres"
            echo "[test] PostgreSQL on 127.0.0.1:$port" >&2
        else
            echo "[test] could not start PostgreSQL; its tests will be skipped" >&2
            cat "$pg_dir/log" >&2 2>/dev/null || true
        fi
    fi
fi

# pytest's exit status is final once it returns: the process then leaves with os._exit,
# skipping native teardown. The suite's process (Prefect, Playwright, tesserocr, pdfium,
# spaCy, asyncpg in one interpreter) has aborted now and then at that point, after every
# test had passed (glibc "malloc_consolidate(): unaligned fastbin chunk detected", no
# Python frame); mseflow's own commands, run as child processes by the tests, exit cleanly.
.venv/bin/python -c 'import os, sys, pytest
rc = int(pytest.main(sys.argv[1:]))
sys.stdout.flush(); sys.stderr.flush()
os._exit(rc)' "$@"
rc=$?
if [ "$rc" -eq 5 ]; then
    echo "[test] pytest collected no tests: failing" >&2
    rc=1
fi
exit "$rc"
