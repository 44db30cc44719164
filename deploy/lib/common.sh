# Shared by deploy/*.sh: where things live, and the private PostgreSQL cluster.
# Sourced, not run. Everything binds to 127.0.0.1 on non-default ports below Linux's ephemeral
# range (32768-60999, where an outgoing connection may hold a port before our service binds it);
# each port is overridable (JOBFAIR_PG_PORT here; see cluster.sh for the others). Data lives in .data/.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DATA="${JOBFAIR_DATA:-$ROOT/.data}"   # another folder only for tests of these scripts
PG_PORT="${JOBFAIR_PG_PORT:-25432}"
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

# A service about to start needs its port free: say which port is busy, by what, and how to move it.
ensure_port_free() {
  local port="$1" what="$2" variable="$3" holder
  holder="$(ss -Hltnp "sport = :$port" 2>/dev/null | grep -o 'users:(.*)' | head -n 1 |
    sed -E 's/^users:\(\("([^"]*)",pid=([0-9]+).*/\1 (pid \2)/')" || true
  if [ -z "$holder" ] && ss -Hltn "sport = :$port" 2>/dev/null | grep -q .; then holder="an unknown process"; fi
  [ -z "$holder" ] || die "port $port, wanted by $what, is already in use by $holder: stop it, or set $variable to a free port"
  local low high; read -r low high < /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || return 0
  if [ "$port" -ge "$low" ] && [ "$port" -le "$high" ]; then
    say "warning: port $port ($variable) lies in the ephemeral range $low-$high: an outgoing connection may take it"
  fi
  return 0
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

# The port the running cluster listens on (line 4 of postmaster.pid).
pg_running_port() { sed -n 4p "$PG_DIR/postmaster.pid" 2>/dev/null; }

pg_start() {
  ensure_postgres_installed
  pg_init
  # A cluster started with another port (an older default, or another JOBFAIR_PG_PORT) moves to this one.
  if pg_running && [ "$(pg_running_port)" != "$PG_PORT" ]; then
    say "PostgreSQL runs on port $(pg_running_port); restarting it on $PG_PORT"
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR" -m fast -w stop >/dev/null
  fi
  if ! pg_running; then
    ensure_port_free "$PG_PORT" "PostgreSQL" JOBFAIR_PG_PORT
    say "starting PostgreSQL on 127.0.0.1:$PG_PORT"
    touch "$PG_LOG"; if is_root; then chown "$PG_OS_USER" "$PG_LOG"; fi
    # The port is given at start, so that the cluster follows JOBFAIR_PG_PORT after its creation too.
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR" -l "$PG_LOG" -o "-p $PG_PORT" -w -t 60 start >/dev/null || { tail -n 20 "$PG_LOG"; die "PostgreSQL did not start"; }
  fi
  # The application's role: owns its databases (and may create more, for the tests).
  # Through standard input: a password on psql's command line would show in `ps`.
  psql_admin <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_APP_ROLE') THEN
    CREATE ROLE $PG_APP_ROLE LOGIN CREATEDB;
  END IF;
END \$\$;
ALTER ROLE $PG_APP_ROLE PASSWORD '$(pg_password)';
SQL
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

# A random password the server's rules accept (8+ characters, a digit and a lower-case letter):
# 24 letters and digits, drawn again until both kinds are in it.
random_password() {
  local password=""
  until [[ "$password" =~ [0-9] && "$password" =~ [a-z] ]]; do
    password="$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24)"
  done
  printf '%s\n' "$password"
}

# ---- The server process (deploy/run.sh, deploy/cluster.sh) ---------------------------------
SERVER_OS_USER="jobfair-server"            # the server never runs as root (used only when we are root)
ADMIN_PASSWORD_FILE="$DATA/admin-password"
DP_CERTIFICATE="$DATA/dataprotection.pem"  # encrypts the Data Protection keys the database keeps

# What every server process is given: the admin account, the certificate that encrypts the keys
# behind cookies and tokens, the host names it answers to. Secrets travel in the environment or in
# files (mode 600), never on a command line.
server_prepare() {
  mkdir -p "$DATA"
  if is_root && ! id "$SERVER_OS_USER" >/dev/null 2>&1; then
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$SERVER_OS_USER"
  fi
  export JOBFAIR_ADMIN_EMAIL="${JOBFAIR_ADMIN_EMAIL:-admin@jobfair.local}"
  if [ -n "${JOBFAIR_ADMIN_PASSWORD:-}" ]; then
    ADMIN_PASSWORD_HINT="the password in JOBFAIR_ADMIN_PASSWORD"
    ADMIN_PASSWORD_SHELL='$JOBFAIR_ADMIN_PASSWORD'
  else
    # No public default: a random first password, kept for the operator only. The server sets it
    # when it creates the admin; later it changes an existing admin's password only when asked
    # (JOBFAIR_ADMIN_RESET=1), so a password the operator chose survives restarts.
    if [ ! -s "$ADMIN_PASSWORD_FILE" ]; then
      (umask 077; random_password > "$ADMIN_PASSWORD_FILE")
      say "generated the admin's first password into $ADMIN_PASSWORD_FILE"
    fi
    chmod 600 "$ADMIN_PASSWORD_FILE"
    JOBFAIR_ADMIN_PASSWORD="$(head -n 1 "$ADMIN_PASSWORD_FILE")"
    export JOBFAIR_ADMIN_PASSWORD
    ADMIN_PASSWORD_HINT="the password in $ADMIN_PASSWORD_FILE (unless changed since)"
    ADMIN_PASSWORD_SHELL="\$(cat '$ADMIN_PASSWORD_FILE')"
  fi
  if [ ! -s "$DP_CERTIFICATE" ]; then
    command -v openssl >/dev/null || apt_install openssl
    say "generating the certificate that encrypts the Data Protection keys: $DP_CERTIFICATE"
    local dir; dir="$(mktemp -d)"
    openssl req -x509 -newkey rsa:3072 -nodes -days 36500 -subj "/CN=JobFair Data Protection" \
      -keyout "$dir/key.pem" -out "$dir/certificate.pem" 2>/dev/null || die "openssl could not make the certificate"
    (umask 077; cat "$dir/certificate.pem" "$dir/key.pem" > "$DP_CERTIFICATE")
    rm -rf "$dir"
  fi
  chmod 600 "$DP_CERTIFICATE"
  if is_root; then chown "$SERVER_OS_USER" "$DP_CERTIFICATE"; fi
  export DataProtection__Certificate="$DP_CERTIFICATE"
  # Host headers the server answers; links it writes use the request's host, so no other host may steer them.
  export AllowedHosts="${JOBFAIR_ALLOWED_HOSTS:-127.0.0.1;localhost}"
}

# server_launch DIR PORT PORT_VARIABLE LOG PIDFILE [NAME=VALUE...]: starts the server built into
# DIR, listening on 127.0.0.1:PORT, as $SERVER_OS_USER, with DIR as its working folder and content
# root (its appsettings.json applies); NAME=VALUE settings are exported to it. Writes PIDFILE.
server_launch() {
  local dir="$1" port="$2" variable="$3" log="$4" pidfile="$5"; shift 5
  ensure_port_free "$port" "the JobFair server" "$variable"
  local home="$DATA/server-home" as=()
  mkdir -p "$home"; chmod 700 "$home"
  install -m 600 /dev/null "$log"
  if is_root; then
    chown "$SERVER_OS_USER" "$home" "$log"
    as=(setpriv --reuid="$(id -u "$SERVER_OS_USER")" --regid="$(id -g "$SERVER_OS_USER")" --init-groups)
  fi
  # nohup, setpriv and dotnet each replace the one before: the pid is the server's own.
  (
    cd "$dir"
    export HOME="$home" JOBFAIR_PORT="$port" ASPNETCORE_CONTENTROOT="$dir"
    local setting; for setting in "$@"; do export "${setting?}"; done
    exec nohup "${as[@]}" dotnet "$dir/JobFair.Server.dll"
  ) >"$log" 2>&1 </dev/null &
  echo $! > "$pidfile"
}
