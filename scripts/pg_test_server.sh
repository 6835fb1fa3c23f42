#!/usr/bin/env bash
# Start a throwaway PostgreSQL server for the tests and print its SQLAlchemy URL.
#
#   url=$(scripts/pg_test_server.sh)        # start; prints postgresql+psycopg://postgres@127.0.0.1:PORT/postgres
#   scripts/pg_test_server.sh stop          # stop it and delete its data directory
#
# Uses Debian's package layout (/usr/lib/postgresql/*/bin). The cluster lives in a
# temp dir owned by the `postgres` user (initdb refuses to run as root), listens only
# on 127.0.0.1 on a free port, trust authentication (test only, never a deployment).
# State of the running server is kept in $PLANMAP_PG_STATE (default /tmp/planmap-pg-test.state).
#
# Like a deployment (README, "Deploying on PostgreSQL"), the server has the two roles of the store:
# planmap_owner owns the tables and runs the migrations; planmap_app, the role the app connects as,
# may only read and append (progress/privileges.py). The printed URL is the superuser's, for the
# tests' own housekeeping (creating a schema per test); the tests connect as both roles.
set -euo pipefail

STATE=${PLANMAP_PG_STATE:-/tmp/planmap-pg-test.state}
BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
if [[ -z "${BIN}" || ! -x "${BIN}/pg_ctl" ]]; then
    echo "pg_test_server: no PostgreSQL binaries under /usr/lib/postgresql/*/bin" >&2
    exit 2
fi

as_pg() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

stop() {
    [[ -f "$STATE" ]] || { echo "pg_test_server: not running" >&2; return 0; }
    # shellcheck disable=SC1090
    source "$STATE"
    as_pg "$BIN/pg_ctl" -D "$PGDATA_DIR" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$TMP_DIR"
    rm -f "$STATE"
}

# The store's two roles (idempotent). In a deployment they get passwords; here trust authentication.
create_roles() {
    as_pg "$BIN/psql" -q -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 >/dev/null <<'SQL'
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'planmap_owner') THEN
        CREATE ROLE planmap_owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'planmap_app') THEN
        CREATE ROLE planmap_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT;
    END IF;
END $$;
GRANT CONNECT ON DATABASE postgres TO planmap_owner, planmap_app;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
SQL
}

if [[ "${1:-start}" == "stop" ]]; then
    stop
    exit 0
fi

if [[ -f "$STATE" ]]; then
    # shellcheck disable=SC1090
    source "$STATE"
    if as_pg "$BIN/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1; then
        create_roles
        echo "postgresql+psycopg://postgres@127.0.0.1:${PORT}/postgres"
        exit 0
    fi
    rm -rf "$TMP_DIR"; rm -f "$STATE"
fi

free_port() {
    python3 - <<'PY'
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
PY
}

TMP_DIR=$(mktemp -d /tmp/planmap-pg.XXXXXX)
PGDATA_DIR="$TMP_DIR/data"
if [[ $(id -u) -eq 0 ]]; then chown postgres: "$TMP_DIR"; fi
chmod 700 "$TMP_DIR"

as_pg "$BIN/initdb" -D "$PGDATA_DIR" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$TMP_DIR/initdb.log" 2>&1 \
    || as_pg "$BIN/initdb" -D "$PGDATA_DIR" -U postgres -A trust -E UTF8 --locale=C >"$TMP_DIR/initdb.log" 2>&1 \
    || { cat "$TMP_DIR/initdb.log" >&2; rm -rf "$TMP_DIR"; exit 1; }

for attempt in 1 2 3 4 5; do
    PORT=$(free_port)
    if as_pg "$BIN/pg_ctl" -D "$PGDATA_DIR" -l "$TMP_DIR/server.log" -w -t 30 \
        -o "-h 127.0.0.1 -p $PORT -k $TMP_DIR -c fsync=off -c max_connections=100" start >/dev/null 2>&1; then
        printf 'TMP_DIR=%q\nPGDATA_DIR=%q\nPORT=%q\n' "$TMP_DIR" "$PGDATA_DIR" "$PORT" >"$STATE"
        create_roles
        echo "postgresql+psycopg://postgres@127.0.0.1:${PORT}/postgres"
        exit 0
    fi
done
cat "$TMP_DIR/server.log" >&2 || true
rm -rf "$TMP_DIR"
exit 1
