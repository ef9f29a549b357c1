#!/usr/bin/env bash
# A throwaway PostgreSQL server for allegiance's tests and benchmarks.
#
#   scripts/postgres.sh install        apt-get install postgresql (needs root), if missing
#   scripts/postgres.sh start [DIR]    install if missing, then start a fresh cluster in DIR
#                                      (default: a new temp dir) on 127.0.0.1 and a free port;
#                                      prints the URL: postgresql://allegiance@127.0.0.1:PORT/postgres
#   scripts/postgres.sh url DIR        print the URL of the cluster running in DIR
#   scripts/postgres.sh stop DIR       stop the cluster in DIR and delete DIR
#
# The server runs as a non-root user (the "postgres" system user when started by root),
# trusts local connections only, listens on loopback only, and keeps everything in DIR.
# Set ALLEGIANCE_PG_INSTALL=0 to never run apt-get.
set -euo pipefail

die() { echo "postgres.sh: $*" >&2; exit 1; }

pg_bin() {
    local found
    if found=$(command -v initdb 2>/dev/null); then dirname "$(readlink -f "$found")"; return 0; fi
    for found in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        [ -x "$found/initdb" ] && { echo "$found"; return 0; }
    done
    return 1
}

install_pg() {
    pg_bin >/dev/null && return 0
    [ "${ALLEGIANCE_PG_INSTALL:-1}" = "0" ] && die "PostgreSQL is not installed (ALLEGIANCE_PG_INSTALL=0); run: sudo scripts/postgres.sh install"
    [ "$(id -u)" = "0" ] || die "PostgreSQL is not installed; run as root: scripts/postgres.sh install (or apt-get install postgresql)"
    command -v apt-get >/dev/null || die "PostgreSQL is not installed and apt-get is not available; install PostgreSQL 13+ yourself"
    echo "postgres.sh: installing PostgreSQL with apt-get" >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || die "apt-get update failed"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2 || die "apt-get install postgresql failed"
    pg_bin >/dev/null || die "PostgreSQL was installed but initdb was not found"
}

# Run a command as the server's (non-root) user.
as_user() {
    if [ "$(id -u)" = "0" ]; then
        id postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

free_port() {
    "${PYTHON:-python3}" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

url_of() { echo "postgresql://allegiance@127.0.0.1:$(cat "$1/port")/postgres"; }

start() {
    install_pg
    local bin dir port
    bin=$(pg_bin)
    dir=${1:-$(mktemp -d "${TMPDIR:-/tmp}/allegiance-pg.XXXXXX")}
    mkdir -p "$dir"
    [ -e "$dir/data" ] && die "$dir already holds a cluster; stop it first or give another directory"
    [ "$(id -u)" = "0" ] && { id postgres >/dev/null 2>&1 || as_user true; chown postgres "$dir"; }
    chmod 700 "$dir"
    as_user "$bin/initdb" -D "$dir/data" -U allegiance -A trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 \
        || die "initdb failed; see $dir/initdb.log"
    for attempt in 1 2 3; do
        port=$(free_port)
        if as_user "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
            -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
            start >/dev/null 2>&1; then
            echo "$port" >"$dir/port"
            url_of "$dir"
            return 0
        fi
    done
    die "the server did not start; see $dir/server.log"
}

stop() {
    local dir=${1:-}
    [ -n "$dir" ] || die "usage: scripts/postgres.sh stop DIR"
    [ -d "$dir" ] || return 0
    if [ -d "$dir/data" ] && bin=$(pg_bin); then
        as_user "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
}

case "${1:-}" in
    install) install_pg ;;
    start) start "${2:-}" ;;
    stop) stop "${2:-}" ;;
    url) [ -f "${2:-}/port" ] || die "no cluster in ${2:-?}"; url_of "$2" ;;
    *) echo "usage: scripts/postgres.sh install | start [DIR] | url DIR | stop DIR" >&2; exit 2 ;;
esac
