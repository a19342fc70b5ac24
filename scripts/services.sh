#!/usr/bin/env bash
# PostgreSQL and Redis for production mode on this machine (tests, local runs).
#
#   scripts/services.sh start  DATA_DIR   install when missing, start both on loopback,
#                                         create the database; prints the settings
#   scripts/services.sh stop   DATA_DIR   stop both (the data stays)
#   scripts/services.sh status DATA_DIR   exit 0 when both run, 3 otherwise
#   scripts/services.sh env    DATA_DIR   print the settings (for `source <(...)`)
#   scripts/services.sh clean  DATA_DIR   stop both and delete their data
#
# Everything lives in DATA_DIR: postgres/ (the cluster), redis/, logs and services.env,
# which holds the settings as `export NAME=value` lines, the names endpoints.production.yml
# reads: POSTGRES_HOST/PORT/DB/USER/PASSWORD, REDIS_HOST/PORT/DB/PASSWORD.
# Ports: POSTGRES_PORT and REDIS_PORT when set, else the ones of the last start, else free
# ones. Passwords: POSTGRES_PASSWORD and REDIS_PASSWORD when set, else random (kept).
# Running again is harmless: what runs is reused, what is installed is not reinstalled.
# As root, PostgreSQL runs as the `postgres` user (created when missing): initdb refuses root.
set -euo pipefail

cmd="${1:-}"
dir="${2:-}"
if [ -z "$cmd" ] || [ -z "$dir" ]; then
  echo "usage: $0 start|stop|status|env|clean DATA_DIR" >&2
  exit 2
fi
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
envfile="$dir/services.env"
redis_dir="$dir/redis"
pg_link="$dir/postgres"          # the cluster, or a link to it (see pg_home)

log() { echo "services: $*" >&2; }

# ---------------------------------------------------------------- settings
SETTINGS="POSTGRES_HOST POSTGRES_PORT POSTGRES_DB POSTGRES_USER POSTGRES_PASSWORD
REDIS_HOST REDIS_PORT REDIS_DB REDIS_PASSWORD"

load_env() {  # the settings of the last start, without overriding the caller's
  [ -f "$envfile" ] || return 0
  local name value
  for name in $SETTINGS; do
    if [ -z "${!name+x}" ]; then
      value=$(source "$envfile" >/dev/null 2>&1; printf '%s' "${!name-}")
      export "$name=$value"
    fi
  done
}

random_secret() { od -An -tx1 -N12 /dev/urandom | tr -d ' \n'; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {  # a port nobody listens on, away from the usual ones and below the kernel's
  # ephemeral range (32768+ on Linux): a port there may be held by an outgoing connection,
  # which a connect probe does not see but which makes the server's bind fail
  local p i
  for i in $(seq 1 200); do
    p=$(( 20000 + (RANDOM * 32768 + RANDOM) % 12000 ))
    if ! port_in_use "$p"; then echo "$p"; return 0; fi
  done
  log "no free port found"; return 1
}

write_env() {  # `export NAME=value` lines, quoted for bash (and Python's shlex)
  local name
  ( umask 077
    for name in $SETTINGS; do printf 'export %s=%q\n' "$name" "${!name}"; done > "$envfile.tmp" )
  mv "$envfile.tmp" "$envfile"
}

# ---------------------------------------------------------------- installation
pg_bindir() {  # the newest Debian PostgreSQL's bin folder, if any
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
  if command -v pg_ctl >/dev/null && command -v initdb >/dev/null; then
    dirname "$(readlink -f "$(command -v pg_ctl)")"; return 0
  fi
  return 1
}

install_missing() {
  local want=()
  pg_bindir >/dev/null || want+=(postgresql)
  command -v psql >/dev/null || want+=(postgresql-client)
  command -v redis-server >/dev/null || want+=(redis-server)
  command -v redis-cli >/dev/null || want+=(redis-tools)
  [ ${#want[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    log "missing ${want[*]}: install them (apt-get install ${want[*]}) or run as root"; exit 1
  fi
  log "installing ${want[*]} from Debian's packages (once)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends "${want[@]}" >&2
}

# ---------------------------------------------------------------- PostgreSQL
pg_user=""      # who runs PostgreSQL: ourselves, or `postgres` when we are root
as_pg() { if [ -n "$pg_user" ]; then runuser -u "$pg_user" -- "$@"; else "$@"; fi; }

pick_pg_user() {
  [ "$(id -u)" -eq 0 ] || return 0
  pg_user=postgres
  if ! id "$pg_user" >/dev/null 2>&1; then
    useradd --system --user-group --home-dir /nonexistent --shell /usr/sbin/nologin "$pg_user"
  fi
}

pg_home() {  # the cluster's folder; as root, outside DATA_DIR when postgres can't reach it
  if [ -L "$pg_link" ] || [ -d "$pg_link" ]; then readlink -f "$pg_link"; return 0; fi
  if [ -n "$pg_user" ] && ! runuser -u "$pg_user" -- test -x "$dir"; then
    # e.g. pytest's /tmp/pytest-of-root is 0700: keep the cluster in a folder of its own
    local home
    home=$(mktemp -d "${TMPDIR:-/tmp}/tickfix-pg.XXXXXX")
    ln -s "$home" "$pg_link"
    echo "$home"
  else
    mkdir -p "$pg_link"; echo "$pg_link"
  fi
}

pg_running() {
  local home
  [ -e "$pg_link" ] || return 1
  home=$(readlink -f "$pg_link")
  [ -f "$home/data/PG_VERSION" ] || return 1
  as_pg "$bin/pg_ctl" -D "$home/data" status >/dev/null 2>&1
}

pg_start() {
  local home data
  home=$(pg_home)
  data="$home/data"
  [ -n "$pg_user" ] && chown "$pg_user": "$home" && chmod 0700 "$home"
  if [ ! -f "$data/PG_VERSION" ]; then
    log "creating a PostgreSQL cluster in $data"
    rm -rf "$data"
    as_pg "$bin/initdb" -D "$data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
      -E UTF8 --locale=C.UTF-8 >"$home/initdb.log" 2>&1 \
      || { cat "$home/initdb.log" >&2; exit 1; }
  fi
  if pg_running; then
    log "PostgreSQL already runs (port $POSTGRES_PORT)"
  else
    log "starting PostgreSQL on 127.0.0.1:$POSTGRES_PORT"
    as_pg "$bin/pg_ctl" -D "$data" -l "$home/postgres.log" -w -t 60 start -o \
      "-c listen_addresses=127.0.0.1 -c port=$POSTGRES_PORT -c unix_socket_directories=$home -c max_connections=200 -c shared_buffers=64MB" \
      >/dev/null || { tail -n 30 "$home/postgres.log" >&2; exit 1; }
  fi
  # the role and the database, created or brought up to date
  local psql=(as_pg "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$home" -p "$POSTGRES_PORT" -U postgres)
  "${psql[@]}" -d postgres -v user="$POSTGRES_USER" -v pass="$POSTGRES_PASSWORD" >/dev/null <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', :'user')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'user') \gexec
SELECT format('ALTER ROLE %I WITH LOGIN PASSWORD %L', :'user', :'pass') \gexec
SQL
  "${psql[@]}" -d postgres -v db="$POSTGRES_DB" -v user="$POSTGRES_USER" >/dev/null <<'SQL'
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'user')
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec
SQL
}

pg_stop() {
  pg_running || return 0
  log "stopping PostgreSQL"
  as_pg "$bin/pg_ctl" -D "$(readlink -f "$pg_link")/data" -m fast -w -t 60 stop >/dev/null
}

# ---------------------------------------------------------------- Redis
redis_pid() { cat "$redis_dir/redis.pid" 2>/dev/null || true; }
redis_running() { local p; p=$(redis_pid); [ -n "$p" ] && kill -0 "$p" 2>/dev/null; }

redis_start() {
  mkdir -p "$redis_dir"
  if redis_running; then log "Redis already runs (port $REDIS_PORT)"; return 0; fi
  log "starting Redis on 127.0.0.1:$REDIS_PORT"
  # The lock store only keeps short-lived locks: no persistence.
  local conf="$redis_dir/redis.conf"
  ( umask 077; cat > "$conf" <<EOF
bind 127.0.0.1
port $REDIS_PORT
dir $redis_dir
daemonize yes
pidfile $redis_dir/redis.pid
logfile $redis_dir/redis.log
save ""
appendonly no
requirepass "$(printf '%s' "$REDIS_PASSWORD" | sed 's/[\\"]/\\&/g')"
EOF
  )
  redis-server "$conf"
  local i
  for i in $(seq 1 100); do
    if REDISCLI_AUTH="$REDIS_PASSWORD" redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; then
      return 0
    fi
    sleep 0.1
  done
  tail -n 30 "$redis_dir/redis.log" >&2; exit 1
}

redis_stop() {
  redis_running || return 0
  log "stopping Redis"
  local p i; p=$(redis_pid)
  kill "$p" 2>/dev/null || true
  for i in $(seq 1 100); do kill -0 "$p" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$p" 2>/dev/null || true
}

# ---------------------------------------------------------------- commands
pick_pg_user
load_env
case "$cmd" in
  start)
    install_missing
    bin=$(pg_bindir)
    export POSTGRES_HOST=127.0.0.1 REDIS_HOST=127.0.0.1   # loopback only
    export POSTGRES_DB="${POSTGRES_DB:-tickfix}" POSTGRES_USER="${POSTGRES_USER:-tickfix}"
    export POSTGRES_PASSWORD="${POSTGRES_PASSWORD:-$(random_secret)}"
    export REDIS_DB="${REDIS_DB:-1}" REDIS_PASSWORD="${REDIS_PASSWORD:-$(random_secret)}"
    # a remembered port is reused unless something else took it meanwhile
    if [ -z "${POSTGRES_PORT:-}" ] || { ! pg_running && port_in_use "$POSTGRES_PORT"; }; then
      POSTGRES_PORT=$(free_port)
    fi
    if [ -z "${REDIS_PORT:-}" ] || { ! redis_running && port_in_use "$REDIS_PORT"; }; then
      REDIS_PORT=$(free_port)
    fi
    export POSTGRES_PORT REDIS_PORT
    write_env
    pg_start
    redis_start
    cat "$envfile"
    ;;
  stop)
    bin=$(pg_bindir 2>/dev/null || true)
    redis_stop
    [ -n "$bin" ] && pg_stop
    exit 0
    ;;
  status)
    bin=$(pg_bindir 2>/dev/null || true)
    rc=0
    if [ -n "$bin" ] && pg_running; then echo "postgresql: running on 127.0.0.1:${POSTGRES_PORT:-?}"
    else echo "postgresql: stopped"; rc=3; fi
    if redis_running; then echo "redis: running on 127.0.0.1:${REDIS_PORT:-?}"
    else echo "redis: stopped"; rc=3; fi
    exit $rc
    ;;
  env)
    [ -f "$envfile" ] || { log "no $envfile: run start first"; exit 1; }
    cat "$envfile"
    ;;
  clean)
    bin=$(pg_bindir 2>/dev/null || true)
    redis_stop
    [ -n "$bin" ] && pg_stop
    if [ -L "$pg_link" ]; then rm -rf "$(readlink -f "$pg_link")"; fi
    rm -rf "$pg_link" "$redis_dir" "$envfile"
    ;;
  *)
    echo "usage: $0 start|stop|status|env|clean DATA_DIR" >&2; exit 2
    ;;
esac
