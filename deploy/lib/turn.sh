# The TURN server of the video-interview rooms (issue 14): Debian's coturn, private to this
# checkout (configuration, secret, pid and log in .data/turn/). Sourced after common.sh, not run.
#
# Browsers that cannot reach each other directly (NAT on both sides, a campus firewall) send their
# media through it. It checks time-limited passwords (use-auth-secret, the TURN REST API
# convention): the server hands each side of a room a username/password derived from the secret
# shared here, and the secret itself never reaches a browser.
#
# Settings (environment):
#   JOBFAIR_TURN_PORT          listening port, UDP and TCP (25478)
#   JOBFAIR_TURN_RELAY_PORTS   relay port range, UDP, "min-max" (25480-25499); a deployment opens
#                              these and JOBFAIR_TURN_PORT (UDP+TCP) to the public
#   JOBFAIR_TURN_HOST          the address coturn listens and relays on (127.0.0.1)
#   JOBFAIR_TURN_PUBLIC_HOST   the address browsers are told to dial (JOBFAIR_TURN_HOST); behind
#                              NAT also JOBFAIR_TURN_EXTERNAL_IP (coturn's external-ip)
#   JOBFAIR_TURN=0             no TURN server: rooms then offer no ICE servers at all

TURN_PORT="${JOBFAIR_TURN_PORT:-25478}"
TURN_RELAY_PORTS="${JOBFAIR_TURN_RELAY_PORTS:-25480-25499}"
TURN_HOST="${JOBFAIR_TURN_HOST:-127.0.0.1}"
TURN_PUBLIC_HOST="${JOBFAIR_TURN_PUBLIC_HOST:-$TURN_HOST}"
TURN_DIR="$DATA/turn"
TURN_CONF="$TURN_DIR/turnserver.conf"
TURN_PID="$TURN_DIR/turnserver.pid"
TURN_LOG="$TURN_DIR/turnserver.log"
TURN_SECRET="$TURN_DIR/secret"       # read by the JobFair server (JOBFAIR_TURN_SECRET_FILE)
TURN_OS_USER="turnserver"            # the coturn package's own user

turn_enabled() { [ "${JOBFAIR_TURN:-1}" != "0" ]; }

ensure_coturn() {
  command -v turnserver >/dev/null && return 0
  say "installing coturn from Debian packages (the TURN server of the video rooms)"
  apt_install coturn
  command -v turnserver >/dev/null || die "coturn installed but turnserver not found"
}

turn_running() { [ -f "$TURN_PID" ] && kill -0 "$(cat "$TURN_PID")" 2>/dev/null; }

# Writes the configuration (again each start, so changed settings apply) with a secret made once.
turn_configure() {
  local min="${TURN_RELAY_PORTS%-*}" max="${TURN_RELAY_PORTS#*-}"
  mkdir -p "$TURN_DIR"
  chmod 755 "$DATA"   # coturn's own user reaches its folder through it
  [ -s "$TURN_SECRET" ] || (umask 077; head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' > "$TURN_SECRET")
  chmod 600 "$TURN_SECRET"
  if is_root; then chown "$SERVER_OS_USER" "$TURN_SECRET" 2>/dev/null || true; fi
  (umask 077; cat > "$TURN_CONF" <<CONF
# Written by deploy/lib/turn.sh at each start; edit the JOBFAIR_TURN_* settings instead.
listening-ip=$TURN_HOST
relay-ip=$TURN_HOST
listening-port=$TURN_PORT
min-port=$min
max-port=$max
use-auth-secret
static-auth-secret=$(cat "$TURN_SECRET")
realm=jobfair
fingerprint
no-tls
no-dtls
no-cli
no-multicast-peers
pidfile=$TURN_PID
log-file=$TURN_LOG
simple-log
no-stdout-log
CONF
  )
  if [ -n "${JOBFAIR_TURN_EXTERNAL_IP:-}" ]; then echo "external-ip=$JOBFAIR_TURN_EXTERNAL_IP" >> "$TURN_CONF"; fi
  if [[ "$TURN_HOST" == 127.* ]]; then
    # On loopback both browsers are on this machine: coturn refuses loopback peers unless told.
    echo "allow-loopback-peers" >> "$TURN_CONF"
  else
    # On a public address, never relay into the machine's own networks.
    local range
    for range in 0.0.0.0-0.255.255.255 10.0.0.0-10.255.255.255 100.64.0.0-100.127.255.255 127.0.0.0-127.255.255.255 \
      169.254.0.0-169.254.255.255 172.16.0.0-172.31.255.255 192.168.0.0-192.168.255.255; do
      echo "denied-peer-ip=$range" >> "$TURN_CONF"
    done
  fi
  if is_root; then chown -R "$TURN_OS_USER" "$TURN_DIR"; chown "$SERVER_OS_USER" "$TURN_SECRET" 2>/dev/null || true; fi
}

# Starts coturn (restarts it when running, so the configuration is fresh) and exports what the
# JobFair server needs to hand out ICE servers.
turn_start() {
  turn_enabled || { say "TURN disabled (JOBFAIR_TURN=0): rooms connect only where browsers reach each other"; return 0; }
  ensure_coturn
  turn_stop
  ensure_port_free "$TURN_PORT" "coturn (TURN)" JOBFAIR_TURN_PORT
  turn_configure
  say "starting coturn on $TURN_HOST:$TURN_PORT (relay ports $TURN_RELAY_PORTS, log: $TURN_LOG)"
  local as=()
  if is_root; then as=(setpriv --reuid="$(id -u "$TURN_OS_USER")" --regid="$(id -g "$TURN_OS_USER")" --init-groups); fi
  "${as[@]}" turnserver -c "$TURN_CONF" -o >/dev/null 2>&1 || { tail -n 20 "$TURN_LOG" 2>/dev/null; die "coturn did not start"; }
  for _ in $(seq 1 50); do
    turn_running && ss -Hlun "sport = :$TURN_PORT" 2>/dev/null | grep -q . && break
    sleep 0.1
  done
  turn_running || { tail -n 20 "$TURN_LOG" 2>/dev/null; die "coturn did not start"; }
  turn_export
}

# What the JobFair server reads (TurnOptions): the URLs browsers dial and the secret's file.
turn_export() {
  export JOBFAIR_STUN_URLS="stun:$TURN_PUBLIC_HOST:$TURN_PORT"
  export JOBFAIR_TURN_URLS="turn:$TURN_PUBLIC_HOST:$TURN_PORT?transport=udp,turn:$TURN_PUBLIC_HOST:$TURN_PORT?transport=tcp"
  export JOBFAIR_TURN_SECRET_FILE="$TURN_SECRET"
}

turn_stop() {
  if turn_running; then
    say "stopping coturn (pid $(cat "$TURN_PID"))"
    kill "$(cat "$TURN_PID")"
    for _ in $(seq 1 50); do turn_running || break; sleep 0.1; done
  fi
  rm -f "$TURN_PID"
}
