# Shared by deploy/cluster.sh and the cluster tests: a private RabbitMQ and nginx, from Debian's
# packages, bound to 127.0.0.1 on non-default ports with their data under .data/cluster.
# Sourced after common.sh, not run.

CLUSTER="$DATA/cluster"
RABBIT_PORT="${JOBFAIR_RABBIT_PORT:-25672}"
RABBIT_DIST_PORT="${JOBFAIR_RABBIT_DIST_PORT:-25673}"   # Erlang distribution (rabbitmqctl talks to the node through it)
EPMD_PORT="${JOBFAIR_EPMD_PORT:-25674}"                 # Erlang's port mapper
RABBIT_DIR="$CLUSTER/rabbitmq"
NGINX_PORT="${JOBFAIR_NGINX_PORT:-25180}"
NGINX_DIR="$CLUSTER/nginx"
NODE_PORT_LIST="${JOBFAIR_NODE_PORTS:-25181 25182}"   # space- or comma-separated
read -r -a NODE_PORTS <<< "${NODE_PORT_LIST//,/ }"
JOBFAIR_BUS_URI="rabbitmq://guest:guest@127.0.0.1:$RABBIT_PORT/"

# Install without letting the packages start their own services on the default ports.
apt_install_quiet_services() {
  is_root || die "missing $*: install it (apt-get install $*) or run this script as root"
  local policy=/usr/sbin/policy-rc.d created=""
  if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod +x "$policy"; created=1; fi
  apt_install "$@" || { [ -n "$created" ] && rm -f "$policy"; return 1; }
  [ -n "$created" ] && rm -f "$policy"
  # A package that started anyway (no policy-rc.d support) is stopped again.
  if command -v service >/dev/null; then
    for s in rabbitmq-server nginx; do service "$s" stop >/dev/null 2>&1 || true; done
  fi
  return 0
}

# RabbitMQ's own scripts read everything from the environment: node name, ports (AMQP,
# Erlang distribution, epmd), where its database and logs go, and which plugins (none).
rabbit_env() {
  mkdir -p "$RABBIT_DIR"
  cat > "$RABBIT_DIR/env.sh" <<ENV
export RABBITMQ_NODENAME=jobfair@localhost RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT=$RABBIT_PORT
export RABBITMQ_DIST_PORT=$RABBIT_DIST_PORT ERL_EPMD_PORT=$EPMD_PORT ERL_EPMD_ADDRESS=127.0.0.1
export RABBITMQ_MNESIA_BASE="$RABBIT_DIR/mnesia" RABBITMQ_LOG_BASE="$RABBIT_DIR/log"
export RABBITMQ_ENABLED_PLUGINS_FILE="$RABBIT_DIR/enabled_plugins" RABBITMQ_PID_FILE="$RABBIT_DIR/pid"
export RABBITMQ_CONFIG_FILE="$RABBIT_DIR/rabbitmq" HOME="$RABBIT_DIR"
export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
ENV
}

# RabbitMQ refuses to run as root: its own system user runs it (created by the package).
as_rabbit() {
  if is_root; then
    runuser -u rabbitmq -- bash -c 'source "$0"; exec "$@"' "$RABBIT_DIR/env.sh" "$@"
  else
    bash -c 'source "$0"; exec "$@"' "$RABBIT_DIR/env.sh" "$@"
  fi
}

rabbit_running() { [ -f "$RABBIT_DIR/pid" ] && kill -0 "$(cat "$RABBIT_DIR/pid")" 2>/dev/null; }

rabbit_start() {
  [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || { say "installing RabbitMQ from Debian packages"; apt_install_quiet_services rabbitmq-server; }
  rabbit_env
  mkdir -p "$RABBIT_DIR/log"
  [ -f "$RABBIT_DIR/enabled_plugins" ] || echo "[]." > "$RABBIT_DIR/enabled_plugins"
  echo "listeners.tcp.default = 127.0.0.1:$RABBIT_PORT" > "$RABBIT_DIR/rabbitmq.conf"
  if is_root; then chown -R rabbitmq "$RABBIT_DIR"; fi
  if ! rabbit_running; then
    ensure_port_free "$RABBIT_PORT" "RabbitMQ" JOBFAIR_RABBIT_PORT
    ensure_port_free "$RABBIT_DIST_PORT" "RabbitMQ's Erlang distribution" JOBFAIR_RABBIT_DIST_PORT
    # epmd outlives a node that died; our own (on our port) is reused, anything else there is in the way.
    ss -Hltnp "sport = :$EPMD_PORT" 2>/dev/null | grep -q '"epmd"' || ensure_port_free "$EPMD_PORT" "epmd (Erlang's port mapper)" JOBFAIR_EPMD_PORT
    say "starting RabbitMQ on 127.0.0.1:$RABBIT_PORT"
    # A daemon of ours must not keep the caller's pipes open (a CI log would never end), so the
    # background shell closes every descriptor it inherited before starting the server.
    (
      for fd in /proc/$BASHPID/fd/*; do n="${fd##*/}"; [ "$n" -gt 2 ] 2>/dev/null && eval "exec $n>&-"; done
      as_rabbit /usr/lib/rabbitmq/bin/rabbitmq-server
    ) </dev/null >"$RABBIT_DIR/log/console.log" 2>&1 &
  fi
  # await_startup gives up at once while the node has not yet registered with epmd: ask again.
  local _
  for _ in $(seq 1 60); do
    as_rabbit /usr/lib/rabbitmq/bin/rabbitmqctl -q await_startup --timeout 10 >/dev/null 2>&1 && return 0
    sleep 1
  done
  tail -n 30 "$RABBIT_DIR/log/console.log"; die "RabbitMQ did not start"
}

rabbit_stop() {
  [ -x /usr/lib/rabbitmq/bin/rabbitmqctl ] || return 0
  rabbit_env
  if rabbit_running; then
    say "stopping RabbitMQ"
    local pid _; pid="$(cat "$RABBIT_DIR/pid")"
    as_rabbit /usr/lib/rabbitmq/bin/rabbitmqctl -q stop >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$RABBIT_DIR/pid"
  fi
  as_rabbit epmd -kill >/dev/null 2>&1 || true
}

nginx_conf() {
  mkdir -p "$NGINX_DIR/logs" "$NGINX_DIR/temp"
  local servers="" node
  for node in "${NODE_PORTS[@]}"; do servers+="    server 127.0.0.1:$node max_fails=1 fail_timeout=5s;"$'\n'; done
  cat > "$NGINX_DIR/nginx.conf" <<CONF
# Written by deploy/lib/cluster.sh: the two nodes behind one address.
worker_processes 1;
pid $NGINX_DIR/nginx.pid;
error_log $NGINX_DIR/logs/error.log warn;
events { worker_connections 8192; }
http {
  access_log off;
  client_body_temp_path $NGINX_DIR/temp/body;
  proxy_temp_path $NGINX_DIR/temp/proxy;
  fastcgi_temp_path $NGINX_DIR/temp/fastcgi;
  uwsgi_temp_path $NGINX_DIR/temp/uwsgi;
  scgi_temp_path $NGINX_DIR/temp/scgi;
  client_max_body_size 25m;
  map \$http_upgrade \$connection_upgrade { default upgrade; '' close; }
  # API requests go to either node: they share the database, and tokens work on both.
  upstream jobfair_api {
$servers  }
  # A SignalR connection's negotiate and transport requests must reach the same node: pinned by
  # client address. (Clients that skip negotiation and use WebSockets need no pinning.)
  upstream jobfair_hub {
    ip_hash;
$servers  }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    # Host with the port, so that links the nodes build point back here (and AllowedHosts sees the
    # client's host, not the upstream's name). Repeated in each location: a location that sets
    # any header inherits none from the server block.
    location /hubs/ {
      proxy_pass http://jobfair_hub;
      proxy_http_version 1.1;
      proxy_set_header Host \$http_host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_set_header Upgrade \$http_upgrade;
      proxy_set_header Connection \$connection_upgrade;
      proxy_read_timeout 1h;
      proxy_buffering off;
    }
    location / {
      proxy_pass http://jobfair_api;
      proxy_http_version 1.1;
      proxy_set_header Host \$http_host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_set_header Connection "";
    }
  }
}
CONF
}

nginx_running() { [ -f "$NGINX_DIR/nginx.pid" ] && kill -0 "$(cat "$NGINX_DIR/nginx.pid")" 2>/dev/null; }

nginx_start() {
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || { say "installing nginx from Debian packages"; apt_install_quiet_services nginx-light; }
  nginx_conf
  if nginx_running; then
    /usr/sbin/nginx -p "$NGINX_DIR" -c "$NGINX_DIR/nginx.conf" -s reload
  else
    ensure_port_free "$NGINX_PORT" "nginx" JOBFAIR_NGINX_PORT
    say "starting nginx on 127.0.0.1:$NGINX_PORT"
    /usr/sbin/nginx -p "$NGINX_DIR" -c "$NGINX_DIR/nginx.conf" -g 'daemon on;' || die "nginx did not start"
  fi
}

nginx_stop() {
  if nginx_running; then
    say "stopping nginx"
    /usr/sbin/nginx -p "$NGINX_DIR" -c "$NGINX_DIR/nginx.conf" -s quit || true
    for _ in $(seq 1 50); do nginx_running || break; sleep 0.2; done
  fi
}
