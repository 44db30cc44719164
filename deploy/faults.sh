#!/usr/bin/env bash
# Faults under load, on the cluster of deploy/cluster.sh (two nodes behind nginx, RabbitMQ, PostgreSQL).
# Students deliver resumes through nginx, each request retried under its own Idempotency-Key, while
# this script
#   1. kills a node outright (SIGKILL) and relaunches it,
#   2. freezes RabbitMQ (SIGSTOP) for longer than the consumer retry window, then thaws it (SIGCONT),
#   3. stops PostgreSQL for longer than that window too, then starts it again.
# Then it waits for the platform to settle and checks that every application and resume exists
# exactly once, every notification was stored once, and the fair's figures equal a recount from SQL.
# It prints what clients saw (answers, retries) and how long recovery took; non-zero if a check failed.
#   deploy/faults.sh          120 students x (1 resume + 4 applications), each fault 20 s
#   deploy/faults.sh --ci     the run deploy/test.sh makes: 30 students x (1 + 3), each fault 15 s
# Environment: FAULTS_STUDENTS, FAULTS_POSITIONS, FAULTS_OUTAGE (seconds), and deploy/cluster.sh's ports
# (JOBFAIR_PG_PORT, JOBFAIR_RABBIT_PORT, JOBFAIR_NGINX_PORT, JOBFAIR_NODE_PORTS, ...). Its database is
# jobfair_faults, made afresh; logs and results stay in .data/faults.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/cluster.sh"

if [ "${1:-}" = --ci ]; then
  students="${FAULTS_STUDENTS:-30}" positions="${FAULTS_POSITIONS:-3}" outage="${FAULTS_OUTAGE:-15}"
else
  students="${FAULTS_STUDENTS:-120}" positions="${FAULTS_POSITIONS:-4}" outage="${FAULTS_OUTAGE:-20}"
fi
RETRY_WINDOW=6   # the consumers' immediate retries take about this long (Infrastructure/Bus.cs)
[ "$outage" -gt "$RETRY_WINDOW" ] || die "FAULTS_OUTAGE must exceed the consumer retry window ($RETRY_WINDOW s)"

work="$DATA/faults"
rm -rf "$work"; mkdir -p "$work"
timeline="$work/timeline" stop_file="$work/faults-over"
now_ms() { date +%s%3N; }
mark() { echo "$1|$2|$3|$4" >> "$timeline"; }   # name|what the report calls it|start|end (epoch ms)

load_pid="" rabbit_frozen=""
cleanup() {
  [ -n "$rabbit_frozen" ] && kill -CONT "$rabbit_frozen" 2>/dev/null || true
  if [ -n "$load_pid" ]; then   # the load must not outlive the run (it would check the next run's database)
    kill "$load_pid" 2>/dev/null || true
    for _ in $(seq 1 20); do kill -0 "$load_pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$load_pid" 2>/dev/null || true
  fi
  "$ROOT/deploy/cluster.sh" down >/dev/null 2>&1 || true
  pg_start >/dev/null 2>&1 || true   # the caller (deploy/test.sh) may still need it
}
trap cleanup EXIT

ensure_dotnet
pg_start
psql_admin -c "DROP DATABASE IF EXISTS jobfair_faults WITH (FORCE)" >/dev/null
pg_create_db jobfair_faults >/dev/null
export ConnectionStrings__JobFair="$(pg_connection_string jobfair_faults)"
export JOBFAIR_ADMIN_EMAIL="faults-admin@jobfair.local"
export JOBFAIR_ADMIN_PASSWORD="$(random_password)"
# A fresh virtual host too: nothing an earlier run left in the broker (say, in an error queue) reaches this one.
rabbit_start >/dev/null
as_rabbit /usr/lib/rabbitmq/bin/rabbitmqctl -q delete_vhost jobfair-faults >/dev/null 2>&1 || true
as_rabbit /usr/lib/rabbitmq/bin/rabbitmqctl -q add_vhost jobfair-faults >/dev/null
as_rabbit /usr/lib/rabbitmq/bin/rabbitmqctl -q set_permissions -p jobfair-faults guest '.*' '.*' '.*' >/dev/null
export JOBFAIR_BUS_URI="rabbitmq://guest:guest@127.0.0.1:$RABBIT_PORT/jobfair-faults"
say "starting the cluster (log: $work/cluster.log)"
"$ROOT/deploy/cluster.sh" up >"$work/cluster.log" 2>&1 || { tail -n 30 "$work/cluster.log"; die "deploy/cluster.sh up failed"; }
say "building the load (tests/JobFair.Faults)"
# Into its usual folder: after deploy/test.sh's build of the solution there is nothing left to compile.
load_dll="$(dotnet build "$ROOT/tests/JobFair.Faults/JobFair.Faults.csproj" -c Release -nologo -v quiet -getProperty:TargetPath)"
[ -f "$load_dll" ] || die "building tests/JobFair.Faults failed"
faults() { dotnet "$load_dll" "$@"; }
faults seed --url "http://127.0.0.1:$NGINX_PORT" --students "$students" --positions "$positions" --state "$work/state.json" \
  --admin-email "$JOBFAIR_ADMIN_EMAIL" --admin-password "$JOBFAIR_ADMIN_PASSWORD"

# The schedule, in seconds from the start of the load, leaving each fault time to heal before the next
# (a relaunched node needs up to half a minute); students keep arriving until shortly before its end.
kill_at=6 freeze_at=40
stop_at=$((freeze_at + outage + 15))
end_at=$((stop_at + outage + 10))
say "load and faults for about $end_at s (each outage $outage s; the consumer retry window is about $RETRY_WINDOW s)"
# Not through the function: $! must be the load's own pid, so that cleanup can stop it.
dotnet "$load_dll" run --state "$work/state.json" --connection "$ConnectionStrings__JobFair" --stop-file "$stop_file" \
  --timeline "$timeline" --spread "$((end_at - 10))" &
load_pid=$!
started=$(date +%s)
at() { local wait=$(( started + $1 - $(date +%s) )); [ "$wait" -le 0 ] || sleep "$wait"; }

at "$kill_at"
victim="${NODE_PORTS[0]}"
t0=$(now_ms)
say "SIGKILL the node on :$victim"
"$ROOT/deploy/cluster.sh" node-kill "$victim"
cp "$CLUSTER/node-$victim.log" "$work/node-$victim-killed.log" 2>/dev/null || true
"$ROOT/deploy/cluster.sh" node-start "$victim" >>"$work/cluster.log" 2>&1 ||
  { tail -n 30 "$work/cluster.log"; die "the killed node on :$victim did not come back"; }
mark node "SIGKILL node :$victim, relaunched until ready" "$t0" "$(now_ms)"

at "$freeze_at"
rabbit_frozen="$(cat "$RABBIT_DIR/pid")"
t0=$(now_ms)
say "SIGSTOP RabbitMQ for $outage s"
kill -STOP "$rabbit_frozen"
sleep "$outage"
kill -CONT "$rabbit_frozen"
rabbit_frozen=""
mark broker "RabbitMQ frozen (SIGSTOP ... SIGCONT)" "$t0" "$(now_ms)"

at "$stop_at"
t0=$(now_ms)
say "stopping PostgreSQL for $outage s"
pg_stop >/dev/null
sleep "$outage"
pg_start >/dev/null
mark database "PostgreSQL stopped ... started" "$t0" "$(now_ms)"

at "$end_at"
touch "$stop_file"
say "faults over; waiting for every request to be answered and the platform to settle"
status=0
wait "$load_pid" || status=$?
load_pid=""
if [ "$status" = 0 ]; then say "faults: every check passed"; else echo "faults: a check failed (logs in $work and $CLUSTER)" >&2; fi
exit "$status"
