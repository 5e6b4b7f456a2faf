#!/usr/bin/env bash
# A throwaway MariaDB for the MySQL tests, in its own directory, on 127.0.0.1.
#
#   mariadb.sh start   install and start; prints mysql://USER:PASS@127.0.0.1:PORT/DB
#   mariadb.sh env     prints that URL for the running instance
#   mariadb.sh stop    stops it and removes its directory
#
# Settings (environment):
#   PIGEON_MDB_PORT      default: the first free port from 33060
#   PIGEON_MDB_BASE      default: ${TMPDIR:-/tmp}/pigeon-mdb-PORT (a fresh directory)
#   PIGEON_MDB_USER      default: pigeon
#   PIGEON_MDB_PASSWORD  default: pigeon
#   PIGEON_MDB_DB        default: pigeon_test
#   PIGEON_MDB_BUFFER_POOL  InnoDB buffer pool, default 64M (tests); the benchmark uses more
#   PIGEON_MDB_LOG_FILE     InnoDB redo log size, default 16M
#   PIGEON_MDB_DURABLE      1 = flush the redo log at every commit and keep the doublewrite
#                           buffer, as a production server does; default 0 (fast tests)
# `start` writes the URL and the directory to $PIGEON_MDB_BASE/env (shell syntax) and
# points ${TMPDIR:-/tmp}/pigeon-mdb-current at it, so `stop` and `env` need no settings.
set -euo pipefail

TMP=${TMPDIR:-/tmp}
POINTER=$TMP/pigeon-mdb-current
DB_USER=${PIGEON_MDB_USER:-pigeon}
DB_PASSWORD=${PIGEON_MDB_PASSWORD:-pigeon}
DB_NAME=${PIGEON_MDB_DB:-pigeon_test}
BUFFER_POOL=${PIGEON_MDB_BUFFER_POOL:-64M}
LOG_FILE=${PIGEON_MDB_LOG_FILE:-16M}
if [ "${PIGEON_MDB_DURABLE:-0}" = 1 ]; then FLUSH_AT_COMMIT=1 DOUBLEWRITE=1; else FLUSH_AT_COMMIT=0 DOUBLEWRITE=0; fi
READY_TIMEOUT_TENTHS=300
STOP_TIMEOUT_TENTHS=300
# unix sockets have a 108-byte path limit, including the terminating NUL
SOCKET_PATH_MAX=107
# Marks a directory this script made, so start and stop never wipe anything else.
MARKER=.pigeon-mdb

die() { echo "mariadb.sh: $*" >&2; exit 1; }

# mariadbd refuses to run as root without --user=root; as anyone else the flag must go.
AS_USER=()
if [ "$(id -u)" = 0 ]; then AS_USER=(--user=root); fi

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
  local p
  for ((p = 33060; p < 33160; p++)); do
    if ! port_in_use "$p" && [ ! -e "$TMP/pigeon-mdb-$p" ]; then echo "$p"; return; fi
  done
  die "no free port in 33060-33159"
}

urlencode() {
  local s=$1 out='' c i
  for ((i = 0; i < ${#s}; i++)); do
    c=${s:i:1}
    case $c in
      [A-Za-z0-9._~-]) out+=$c ;;
      *) printf -v c '%%%02X' "'$c"; out+=$c ;;
    esac
  done
  echo "$out"
}

sql_quote() { echo "'${1//\'/\'\'}'"; }

# The directory of the running instance: PIGEON_MDB_BASE, else the pointer file.
current_base() {
  if [ -n "${PIGEON_MDB_BASE:-}" ]; then echo "$PIGEON_MDB_BASE"; return; fi
  [ -f "$POINTER" ] || return 1
  cat "$POINTER"
}

# The server's pid, only if that process is still a live (non-zombie) mariadbd.
server_pid() {
  local base=$1 pid
  pid=$(cat "$base/mysqld.pid" 2>/dev/null) || return 1
  process_alive "$pid" && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = mariadbd ] || return 1
  echo "$pid"
}

# A killed server can linger as a zombie, which kill -0 still reports as alive.
process_alive() {
  [ -r "/proc/$1/stat" ] && ! grep -q ') Z' "/proc/$1/stat" 2>/dev/null
}

show_logs() {
  local base=$1 f
  shift
  for f in "$@"; do
    [ -s "$base/$f" ] && { echo "--- $base/$f" >&2; tail -n 60 "$base/$f" >&2; }
  done
  return 0
}

write_bootstrap() {
  # Tests running in parallel each create their own database named $DB_NAME<suffix>, hence
  # the grant on the pattern.
  # SQL from --extra-file runs with the grant tables off until FLUSH PRIVILEGES, and
  # install-db wants one statement per line.
  local user password
  user=$(sql_quote "$DB_USER")
  password=$(sql_quote "$DB_PASSWORD")
  cat >"$1" <<SQL
FLUSH PRIVILEGES;
CREATE DATABASE \`$DB_NAME\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER $user@'%' IDENTIFIED BY $password;
CREATE USER $user@'localhost' IDENTIFIED BY $password;
GRANT ALL ON \`$DB_NAME%\`.* TO $user@'%';
GRANT ALL ON \`$DB_NAME%\`.* TO $user@'localhost';
SQL
}

query_ok() {
  MYSQL_PWD=$DB_PASSWORD mariadb --no-defaults --protocol=TCP -h127.0.0.1 -P"$1" \
    -u"$DB_USER" "$DB_NAME" -e 'SELECT 1' >/dev/null 2>&1
}

start() {
  local port=${PIGEON_MDB_PORT:-} base=${PIGEON_MDB_BASE:-} pid url i
  [ -n "$port" ] || port=$(free_port)
  port_in_use "$port" && die "port $port is already in use"
  [ -n "$base" ] || base=$TMP/pigeon-mdb-$port
  [ ${#base} -le $((SOCKET_PATH_MAX - 12)) ] ||
    die "PIGEON_MDB_BASE '$base' is too long for a socket path; choose a shorter one"
  if [ -e "$base" ]; then
    server_pid "$base" >/dev/null && die "a server is already running in $base"
    [ -e "$base/$MARKER" ] || [ -z "$(ls -A "$base")" ] ||
      die "$base exists and was not made by this script; not touching it"
    rm -rf "$base"
  fi
  mkdir -p "$base/data"
  touch "$base/$MARKER"

  write_bootstrap "$base/bootstrap.sql"
  # --no-defaults must come first, or /etc/mysql settings leak in.
  mariadb-install-db --no-defaults "${AS_USER[@]}" --datadir="$base/data" --skip-test-db \
    --skip-name-resolve --extra-file="$base/bootstrap.sql" --innodb-log-file-size="$LOG_FILE" \
    >"$base/install.log" 2>&1 ||
    { show_logs "$base" install.log; rm -rf "$base"; die "install-db failed"; }

  # Every fd redirected: an inherited stdout would keep a CI step waiting forever.
  setsid /usr/sbin/mariadbd --no-defaults "${AS_USER[@]}" --datadir="$base/data" \
    --socket="$base/mysqld.sock" --pid-file="$base/mysqld.pid" --log-error="$base/mysqld.err" \
    --port="$port" --bind-address=127.0.0.1 --skip-name-resolve --skip-log-bin \
    --innodb-buffer-pool-size="$BUFFER_POOL" --innodb-log-file-size="$LOG_FILE" \
    --innodb-flush-log-at-trx-commit="$FLUSH_AT_COMMIT" --innodb-doublewrite="$DOUBLEWRITE" \
    --innodb-use-native-aio=0 \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
    </dev/null >"$base/mysqld.stdout" 2>&1 &
  pid=$!

  # The socket appears before logins work, so readiness is a real query.
  for ((i = 0; i < READY_TIMEOUT_TENTHS; i++)); do
    query_ok "$port" && break
    process_alive "$pid" || break
    sleep 0.1
  done
  if ! query_ok "$port"; then
    show_logs "$base" mysqld.err mysqld.stdout
    process_alive "$pid" && kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null || true
    rm -rf "$base"
    die "MariaDB did not become ready on port $port"
  fi

  url="mysql://$(urlencode "$DB_USER"):$(urlencode "$DB_PASSWORD")@127.0.0.1:$port/$DB_NAME"
  {
    echo "PIGEON_MDB_URL='$url'"
    echo "PIGEON_MDB_BASE='$base'"
    echo "PIGEON_MDB_PORT=$port"
  } >"$base/env"
  echo "$base" >"$POINTER"
  echo "$url"
}

stop() {
  local base pid i
  base=$(current_base) || { echo "mariadb.sh: no server to stop" >&2; return 0; }
  [ -d "$base" ] || { rm -f "$POINTER"; echo "mariadb.sh: $base is gone" >&2; return 0; }
  [ -e "$base/$MARKER" ] || die "$base was not made by this script; not touching it"
  if pid=$(server_pid "$base"); then
    kill -TERM "$pid" 2>/dev/null || true
    i=0
    while process_alive "$pid" && ((i++ < STOP_TIMEOUT_TENTHS)); do sleep 0.1; done
    if process_alive "$pid"; then
      echo "mariadb.sh: server $pid ignored SIGTERM; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
      while process_alive "$pid"; do sleep 0.1; done
    fi
  fi
  rm -rf "$base"
  if [ -f "$POINTER" ] && [ "$(cat "$POINTER")" = "$base" ]; then rm -f "$POINTER"; fi
}

env_url() {
  local base
  base=$(current_base) || die "no server started (no $POINTER)"
  server_pid "$base" >/dev/null || die "the server in $base is not running"
  # shellcheck disable=SC1091
  (. "$base/env" && echo "$PIGEON_MDB_URL")
}

case ${1:-} in
  start) start ;;
  stop) stop ;;
  env) env_url ;;
  *) echo "usage: $0 start|stop|env" >&2; exit 2 ;;
esac
