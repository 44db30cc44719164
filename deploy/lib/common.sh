# Shared by deploy/*.sh: where things live, and the private PostgreSQL cluster.
# Sourced, not run. Everything binds to 127.0.0.1 on non-default ports; data lives in .data/.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DATA="$ROOT/.data"
PG_PORT="${JOBFAIR_PG_PORT:-55432}"
PG_DIR="$DATA/pg"
PG_RUN="$DATA/pg-run"
PG_LOG="$DATA/pg.log"
PG_OS_USER="jobfair"          # PostgreSQL refuses to run as root; used only when we are root
PG_APP_ROLE="jobfair"

say()  { printf '\033[1m==>\033[0m %s\n' "$*"; }
die()  { printf 'error: %s\n' "$*" >&2; exit 1; }
is_root() { [ "$(id -u)" = 0 ]; }

apt_install() {
  is_root || die "missing $*: install it (apt-get install $*) or run this script as root"
  export DEBIAN_FRONTEND=noninteractive
  if [ ! -f "$DATA/.apt-updated" ]; then
    apt-get update -qq && mkdir -p "$DATA" && touch "$DATA/.apt-updated"
  fi
  apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# Our ports lie in Linux's ephemeral range (32768-60999): a busy machine's outgoing connections
# could take one before our server binds it. Reserve them (best effort: needs root and a writable /proc/sys).
reserve_ports() {
  local file=/proc/sys/net/ipv4/ip_local_reserved_ports current
  [ -w "$file" ] || return 0
  current="$(cat "$file")"
  local port
  for port in "$@"; do
    case ",$current," in *",$port,"*) ;; *) current="${current:+$current,}$port" ;; esac
  done
  echo "$current" > "$file" 2>/dev/null || true
}

ensure_dotnet() {
  command -v dotnet >/dev/null || die "the .NET SDK 10 is required (dotnet not on PATH)"
  command -v curl >/dev/null || apt_install curl ca-certificates
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
}

# The build installs the pages' browser packages (@microsoft/signalr) with npm.
ensure_node() {
  command -v npm >/dev/null && command -v node >/dev/null && return 0
  say "installing Node.js and npm from Debian packages (the build fetches the pages' scripts with npm)"
  apt_install nodejs npm
}

# Browser tests drive Debian's Chromium (never a downloaded browser); Chinese pages need CJK fonts.
ensure_browser() {
  local missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing ${missing[*]} from Debian packages (browser tests)"
  apt_install "${missing[@]}"
}

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] && [ -x "$dir/pg_ctl" ] && echo "$dir"
}

ensure_postgres_installed() {
  if [ -z "$(pg_bin)" ]; then
    say "installing PostgreSQL 15 from Debian packages"
    if is_root; then
      # We run our own cluster; don't let the package create and start a default one on 5432.
      mkdir -p /etc/postgresql-common/createcluster.d
      echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.d/jobfair.conf
    fi
    apt_install postgresql-15   # contrib (btree_gist, pg_trgm) ships in it
  fi
  PG_BIN="$(pg_bin)" || die "PostgreSQL binaries not found after install"
}

# Run a PostgreSQL server binary as the cluster's owner.
as_pg() {
  if is_root; then runuser -u "$PG_OS_USER" -- "$@"; else "$@"; fi
}

pg_password() { cat "$DATA/pg-password"; }

pg_init() {
  mkdir -p "$DATA"
  chmod 755 "$DATA"
  if is_root && ! id "$PG_OS_USER" >/dev/null 2>&1; then
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$PG_OS_USER"
  fi
  [ -f "$DATA/pg-password" ] || { head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' > "$DATA/pg-password"; chmod 600 "$DATA/pg-password"; }
  if [ ! -f "$PG_DIR/PG_VERSION" ]; then
    say "creating the private PostgreSQL cluster in $PG_DIR"
    rm -rf "$PG_DIR"; mkdir -p "$PG_DIR" "$PG_RUN"
    local pwfile="$PG_RUN/initpw"
    pg_password > "$pwfile"
    if is_root; then chown -R "$PG_OS_USER" "$PG_DIR" "$PG_RUN"; fi
    as_pg "$PG_BIN/initdb" -D "$PG_DIR" -U postgres --pwfile="$pwfile" --auth-host=scram-sha-256 \
      --auth-local=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    rm -f "$pwfile"
    cat >> "$PG_DIR/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_RUN'
max_connections = 400
shared_buffers = 512MB
log_min_duration_statement = 2000
CONF
  fi
  mkdir -p "$PG_RUN"
  if is_root; then chown "$PG_OS_USER" "$PG_RUN"; fi
}

pg_running() { [ -f "$PG_DIR/postmaster.pid" ] && as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR" status >/dev/null 2>&1; }

psql_admin() {
  PGPASSWORD="$(pg_password)" psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres "$@"
}

pg_start() {
  reserve_ports "$PG_PORT"
  ensure_postgres_installed
  pg_init
  if ! pg_running; then
    say "starting PostgreSQL on 127.0.0.1:$PG_PORT"
    touch "$PG_LOG"; if is_root; then chown "$PG_OS_USER" "$PG_LOG"; fi
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR" -l "$PG_LOG" -w -t 60 start >/dev/null || { tail -n 20 "$PG_LOG"; die "PostgreSQL did not start"; }
  fi
  # The application's role: owns its databases (and may create more, for the tests).
  psql_admin -c "DO \$\$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_APP_ROLE') THEN
        CREATE ROLE $PG_APP_ROLE LOGIN CREATEDB;
      END IF;
    END \$\$;" -c "ALTER ROLE $PG_APP_ROLE PASSWORD '$(pg_password)'"
}

pg_create_db() {
  local name="$1"
  psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '$name'" | grep -q 1 ||
    psql_admin -c "CREATE DATABASE $name OWNER $PG_APP_ROLE"
}

pg_stop() {
  local bin; bin="$(pg_bin)" || return 0
  PG_BIN="$bin"
  if [ -f "$PG_DIR/PG_VERSION" ] && pg_running; then
    say "stopping PostgreSQL"
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR" -m fast -w stop >/dev/null
  fi
}

pg_connection_string() {
  echo "Host=127.0.0.1;Port=$PG_PORT;Username=$PG_APP_ROLE;Password=$(pg_password);Database=$1"
}
