#!/usr/bin/env bash
# The platform on several nodes, as when a fair outgrows one machine: RabbitMQ (127.0.0.1:25672)
# carries events between two server nodes (127.0.0.1:25181 and :25182) that share the private
# PostgreSQL, behind nginx on 127.0.0.1:25180. Everything from Debian's packages, data in .data/.
# Ports: JOBFAIR_RABBIT_PORT, JOBFAIR_RABBIT_DIST_PORT, JOBFAIR_EPMD_PORT, JOBFAIR_NGINX_PORT,
# JOBFAIR_NODE_PORTS ("25181 25182"), JOBFAIR_PG_PORT.
#   deploy/cluster.sh up       start (or restart the nodes of) the cluster; prints where it is
#   deploy/cluster.sh down     stop the nodes, nginx and RabbitMQ (and PostgreSQL, unless run.sh's server uses it)
#   deploy/cluster.sh status   what is running
#   deploy/cluster.sh broker-stop | broker-start   only RabbitMQ (to see the outbox hold events through an outage)
#   deploy/cluster.sh node-kill PORT | node-start PORT   one node dies outright (SIGKILL) / starts again,
#                                   with the environment `up` had (deploy/faults.sh)
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/cluster.sh"

node_pid() { echo "$CLUSTER/node-$1.pid"; }
node_running() { [ -f "$(node_pid "$1")" ] && kill -0 "$(cat "$(node_pid "$1")")" 2>/dev/null; }

stop_node() {
  local port="$1" pid
  if node_running "$port"; then
    pid="$(cat "$(node_pid "$port")")"
    say "stopping the node on :$port (pid $pid)"
    kill "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true   # a node that outlives the wait would keep the port from the new one
  fi
  rm -f "$(node_pid "$port")"
}

start_node() {
  local port="$1"
  say "starting a node on http://127.0.0.1:$port (log: $CLUSTER/node-$port.log)"
  server_launch "$CLUSTER/server" "$port" JOBFAIR_NODE_PORTS "$CLUSTER/node-$port.log" "$(node_pid "$port")" \
    JOBFAIR_NODE="node-$port" JOBFAIR_BUS="$JOBFAIR_BUS_URI"
}

wait_ready() {
  # Seconds of wall time: a first start applies migrations and loads reference data, slow on a busy machine.
  local url="$1" log="$2" pidfile="$3" seconds=180
  local deadline=$((SECONDS + seconds))
  while [ "$SECONDS" -lt "$deadline" ]; do
    curl -fsS "$url/health/ready" >/dev/null 2>&1 && return 0
    kill -0 "$(cat "$pidfile")" 2>/dev/null || { tail -n 30 "$log"; die "the node behind $url stopped while starting"; }
    sleep 0.5
  done
  tail -n 30 "$log"; die "$url did not become ready within $seconds s"
}

up() {
  ensure_dotnet
  mkdir -p "$CLUSTER"
  if [ -z "${ConnectionStrings__JobFair:-}" ]; then
    pg_start
    pg_create_db jobfair
    export ConnectionStrings__JobFair="$(pg_connection_string jobfair)"
  fi
  export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Production}"
  server_prepare
  rabbit_start
  say "building the server"
  # Published, as run.sh's server: its static files in its own wwwroot (a build's manifest points into
  # the building user's NuGet cache, which the server's own user cannot read). A fresh folder each time,
  # except within one deploy/test.sh run (JOBFAIR_CLUSTER_RUN): its cluster and faults runs share one publish.
  local stamp="$CLUSTER/server/.published-for"
  if [ -z "${JOBFAIR_CLUSTER_RUN:-}" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$JOBFAIR_CLUSTER_RUN" ]; then
    rm -rf "$CLUSTER/server"
    dotnet publish "$ROOT/src/JobFair.Server/JobFair.Server.csproj" -c Release -nologo -v quiet -o "$CLUSTER/server" >/dev/null
    [ -z "${JOBFAIR_CLUSTER_RUN:-}" ] || echo "$JOBFAIR_CLUSTER_RUN" > "$stamp"   # only once the publish is whole
  fi
  local port
  for port in "${NODE_PORTS[@]}"; do stop_node "$port"; done
  # One node first: it applies pending migrations; the second then finds none.
  for port in "${NODE_PORTS[@]}"; do
    start_node "$port"
    wait_ready "http://127.0.0.1:$port" "$CLUSTER/node-$port.log" "$(node_pid "$port")"
  done
  nginx_start
  wait_ready "http://127.0.0.1:$NGINX_PORT" "$NGINX_DIR/logs/error.log" "$NGINX_DIR/nginx.pid"
  cat <<MSG

JobFair runs on ${#NODE_PORTS[@]} nodes behind http://127.0.0.1:$NGINX_PORT
  nodes: $(for p in "${NODE_PORTS[@]}"; do printf 'http://127.0.0.1:%s ' "$p"; done)
  events between nodes: RabbitMQ at $JOBFAIR_BUS_URI
  Sign in as the platform admin: $JOBFAIR_ADMIN_EMAIL with $ADMIN_PASSWORD_HINT
  Stop it all: deploy/cluster.sh down
MSG
}

# One node again, with the settings `up` gives (the caller keeps up's environment: the database, JOBFAIR_BUS_URI).
relaunch_node() {
  export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Production}"
  server_prepare
  start_node "$1"
  wait_ready "http://127.0.0.1:$1" "$CLUSTER/node-$1.log" "$(node_pid "$1")"
}

down() {
  local port
  for port in "${NODE_PORTS[@]}"; do stop_node "$port"; done
  nginx_stop
  rabbit_stop
  if [ -f "$DATA/server.pid" ] && kill -0 "$(cat "$DATA/server.pid")" 2>/dev/null; then
    say "PostgreSQL stays up: deploy/run.sh's server uses it"
  else
    pg_stop
  fi
}

status() {
  local port
  for port in "${NODE_PORTS[@]}"; do
    if node_running "$port"; then echo "node :$port running (pid $(cat "$(node_pid "$port")"))"; else echo "node :$port stopped"; fi
  done
  if nginx_running; then echo "nginx :$NGINX_PORT running"; else echo "nginx :$NGINX_PORT stopped"; fi
  if rabbit_running; then echo "RabbitMQ :$RABBIT_PORT running"; else echo "RabbitMQ :$RABBIT_PORT stopped"; fi
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  broker-stop) rabbit_stop ;;
  broker-start) rabbit_start ;;
  # A virtual host for one test class (deploy/cluster-test.sh deletes the run's hosts at its end).
  broker-vhost) as_rabbit /usr/lib/rabbitmq/bin/rabbitmqctl -q add_vhost "$2" >/dev/null 2>&1 || true
    as_rabbit /usr/lib/rabbitmq/bin/rabbitmqctl -q set_permissions -p "$2" guest '.*' '.*' '.*' >/dev/null ;;
  # SIGKILL is delivered at once but the process may take a moment to go (and free its port) on a busy machine.
  node-kill) victim="$(cat "$(node_pid "$2")")"; kill -9 "$victim"
    for _ in $(seq 1 100); do kill -0 "$victim" 2>/dev/null || break; sleep 0.1; done
    rm -f "$(node_pid "$2")" ;;
  node-start) relaunch_node "$2" ;;
  *) echo "usage: deploy/cluster.sh up|down|status|broker-stop|broker-start|broker-vhost NAME|node-kill PORT|node-start PORT" >&2; exit 2 ;;
esac
