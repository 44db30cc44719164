#!/usr/bin/env bash
# The multi-node tests, called by deploy/test.sh after the others (expects PostgreSQL running and
# the solution built). Two parts:
#  1. Tests of category Cluster: server nodes in the test process on one database, talking through
#     the private RabbitMQ (a fresh virtual host per run), which the tests stop and start.
#  2. deploy/cluster.sh up: two real server processes behind nginx; a token issued by one node is
#     used on the other through nginx, then everything is stopped again.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/cluster.sh"

results="${1:-$DATA/test-results}"
rabbit_start
vhost="jf-test-$(date +%s)-$$"
as_rabbit /usr/lib/rabbitmq/bin/rabbitmqctl -q add_vhost "$vhost" >/dev/null
as_rabbit /usr/lib/rabbitmq/bin/rabbitmqctl -q set_permissions -p "$vhost" guest '.*' '.*' '.*' >/dev/null
# Whatever state the run stopped in, nothing it started outlives it.
cleanup() {
  "$ROOT/deploy/cluster.sh" down >/dev/null 2>&1 || true
  rabbit_stop >/dev/null 2>&1 || true
  [ -n "${ConnectionStrings__JobFair:-}" ] || pg_start >/dev/null 2>&1 || true   # the caller may still need it
}
trap cleanup EXIT

say "running the multi-node tests (RabbitMQ virtual host $vhost)"
status=0
JOBFAIR_TEST_BUS="rabbitmq://guest:guest@127.0.0.1:$RABBIT_PORT/$vhost" JOBFAIR_CLUSTER_CTL="$ROOT/deploy/cluster.sh" \
  dotnet test "$ROOT/tests/JobFair.Tests/JobFair.Tests.csproj" -c Release --no-build --nologo --filter "Category=Cluster" \
  --results-directory "$results" --logger "trx;LogFileName=cluster.trx" --logger "console;verbosity=normal" || status=$?
rabbit_start >/dev/null   # a failed test may have left it stopped
# The run's host and those its test classes made for themselves (deploy/cluster.sh broker-vhost).
for host in $(as_rabbit /usr/lib/rabbitmq/bin/rabbitmqctl -q list_vhosts name 2>/dev/null | grep -x -- "$vhost\(-.*\)\?" || true); do
  as_rabbit /usr/lib/rabbitmq/bin/rabbitmqctl -q delete_vhost "$host" >/dev/null || true
done

say "starting the two-process cluster behind nginx (database jobfair_cluster_test)"
psql_admin -c "DROP DATABASE IF EXISTS jobfair_cluster_test WITH (FORCE)" >/dev/null
pg_create_db jobfair_cluster_test >/dev/null
if ConnectionStrings__JobFair="$(pg_connection_string jobfair_cluster_test)" "$ROOT/deploy/cluster.sh" up >/dev/null; then
  email="cluster-$(date +%s)@test.jobfair.local"
  proxy="http://127.0.0.1:$NGINX_PORT"
  login='{"email":"'"$email"'","password":"correct-horse-42"}'
  # Each answer is kept before it is searched: under pipefail a grep that stops reading early fails the pipe.
  curl -fsS -X POST "http://127.0.0.1:${NODE_PORTS[0]}/api/auth/register" -H 'Content-Type: application/json' -d "$login" >/dev/null || status=1
  tokens=$(curl -fsS -X POST "http://127.0.0.1:${NODE_PORTS[0]}/api/auth/login" -H 'Content-Type: application/json' -d "$login") || tokens=""
  token=$(printf '%s' "$tokens" | sed -E 's/.*"accessToken":"([^"]+)".*/\1/')
  on_other=$(curl -fsS "http://127.0.0.1:${NODE_PORTS[1]}/api/me" -H "Authorization: Bearer $token") || on_other=""
  via_proxy=$(curl -fsS "$proxy/api/me" -H "Authorization: Bearer $token") || via_proxy=""
  if [[ "$on_other" == *"$email"* && "$via_proxy" == *"$email"* ]] && curl -fsS "$proxy/health/ready" >/dev/null; then
    say "cluster: a token from node ${NODE_PORTS[0]} works on node ${NODE_PORTS[1]} and through nginx"
  else
    echo "cluster: the token from one node was refused on the other or through nginx" >&2; status=1
  fi
else
  echo "cluster: deploy/cluster.sh up failed" >&2; status=1
fi
exit $status
