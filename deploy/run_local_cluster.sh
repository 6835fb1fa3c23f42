#!/usr/bin/env bash
# Two app servers behind nginx, one throwaway PostgreSQL store, all on loopback: the documented several-server
# deployment (deploy/planmap.nginx.conf), on one machine, to try it, test it and measure it.
#
#   deploy/run_local_cluster.sh start    # prints the nginx URL; state and logs in $PLANMAP_CLUSTER_DIR
#   deploy/run_local_cluster.sh stop     # stops nginx, both servers and PostgreSQL, deletes the state
#
# $PLANMAP_CLUSTER_DIR (default /tmp/planmap-cluster) holds cluster.env (URL, ports, pids, store URL), the
# generated nginx configuration and every log. PostgreSQL is scripts/pg_test_server.sh with its own state
# file inside that folder, so it never touches another test server. Needs Debian's nginx and postgresql.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)
DIR=${PLANMAP_CLUSTER_DIR:-/tmp/planmap-cluster}
export PLANMAP_PG_STATE="$DIR/pg.state"
PY=${PYTHON:-$REPO/.venv/bin/python}
NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}

free_port() {
    "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

wait_healthy() {  # url, pid
    for _ in $(seq 1 120); do
        if "$PY" -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)" "$1/_stcore/health" 2>/dev/null; then
            return 0
        fi
        kill -0 "$2" 2>/dev/null || { echo "run_local_cluster: server $1 exited" >&2; return 1; }
        sleep 0.5
    done
    echo "run_local_cluster: $1 not healthy after 60 s" >&2
    return 1
}

stop() {
    if [[ -f "$DIR/cluster.env" ]]; then
        # shellcheck disable=SC1091
        source "$DIR/cluster.env"
        [[ -f "$DIR/nginx.pid" ]] && kill "$(cat "$DIR/nginx.pid")" 2>/dev/null || true
        for pid in ${APP_PIDS:-}; do kill "$pid" 2>/dev/null || true; done
        for pid in ${APP_PIDS:-}; do
            for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
            kill -9 "$pid" 2>/dev/null || true
        done
    fi
    bash scripts/pg_test_server.sh stop >/dev/null 2>&1 || true
    rm -rf "$DIR"
}

start() {
    [[ -x "$NGINX" ]] || { echo "run_local_cluster: nginx not installed (apt-get install nginx)" >&2; exit 2; }
    [[ -f "$DIR/cluster.env" ]] && { echo "run_local_cluster: already running ($DIR); stop it first" >&2; exit 1; }
    mkdir -p "$DIR/tmp"
    chmod 777 "$DIR/tmp"  # nginx's workers drop root
    trap 'stop' ERR
    DB_URL=$(bash scripts/pg_test_server.sh)
    # One secret for every server: Streamlit signs its XSRF and auth cookies with it.
    COOKIE_SECRET=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(32))')
    export PLANMAP_DB_URL="$DB_URL" STREAMLIT_SERVER_COOKIE_SECRET="$COOKIE_SECRET"
    export STREAMLIT_BROWSER_GATHER_USAGE_STATS=false PYTHONPATH="$REPO${PYTHONPATH:+:$PYTHONPATH}"
    # Migrate and seed once, before the servers race for it.
    "$PY" -m progress seed >"$DIR/seed.log" 2>&1
    PORTS=() PIDS=() SERVERS=""
    for name in a b; do
        port=$(free_port)
        "$PY" -m streamlit run app.py --server.port "$port" --server.address 127.0.0.1 --server.headless true \
            >"$DIR/app-$name.log" 2>&1 &
        PIDS+=("$!") PORTS+=("$port")
        SERVERS+="    server 127.0.0.1:$port;\n"
    done
    NGINX_PORT=$(free_port)
    # The shipped site file, on loopback, with these servers and the answering server named in a header.
    sed -e "s/^\(\s*\)listen 80;/\1listen 127.0.0.1:$NGINX_PORT;/" \
        -e '/^\s*server 127\.0\.0\.1:850[0-9];/d' \
        -e "s|^\(\s*\)hash \$planmap_route consistent;|&\n$SERVERS|" \
        -e 's/# \(add_header X-Planmap-Upstream\)/\1/' \
        deploy/planmap.nginx.conf >"$DIR/planmap.conf"
    cat >"$DIR/nginx.conf" <<CONF
worker_processes 1;
pid $DIR/nginx.pid;
error_log $DIR/nginx-error.log;
events { worker_connections 1024; }
http {
    access_log $DIR/nginx-access.log;
    client_body_temp_path $DIR/tmp/body;
    proxy_temp_path $DIR/tmp/proxy;
    fastcgi_temp_path $DIR/tmp/fastcgi;
    uwsgi_temp_path $DIR/tmp/uwsgi;
    scgi_temp_path $DIR/tmp/scgi;
    include $DIR/planmap.conf;
}
CONF
    printf 'URL=%q\nNGINX_PORT=%q\nAPP_PORTS=%q\nAPP_PIDS=%q\nDB_URL=%q\n' "http://127.0.0.1:$NGINX_PORT" \
        "$NGINX_PORT" "${PORTS[*]}" "${PIDS[*]}" "$DB_URL" >"$DIR/cluster.env"
    for i in 0 1; do wait_healthy "http://127.0.0.1:${PORTS[$i]}" "${PIDS[$i]}"; done
    "$NGINX" -p "$DIR" -c "$DIR/nginx.conf" -e "$DIR/nginx-error.log"
    wait_healthy "http://127.0.0.1:$NGINX_PORT" "$(cat "$DIR/nginx.pid")"
    trap - ERR
    echo "http://127.0.0.1:$NGINX_PORT"
}

case "${1:-start}" in
    start) start ;;
    stop) stop ;;
    *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
