#!/usr/bin/env bash
# Benchmarks on this machine: a private server on 127.0.0.1:5190 (JOBFAIR_BENCH_PORT) over its own
# database, driven by tests/JobFair.Bench. Results go to docs/performance.md.
#   deploy/bench.sh search [options]        keyword search over 500,000 postings in 223 fairs
#   deploy/bench.sh live-fanout [options]   fairStats to 5,000 hub connections, beside a bare hub
# Options go to the bench program (e.g. --concurrency 16, --requests 5000, --reseed); --help lists them.
# Each scenario is one branch of the case below: set up what it needs, then run_bench SCENARIO.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

BENCH_DB=jobfair_bench
BENCH_PORT="${JOBFAIR_BENCH_PORT:-5190}"   # another port when someone else benches on this machine
BENCH_URL="http://127.0.0.1:$BENCH_PORT"
SERVER_DIR="$DATA/bench-server"
SERVER_LOG="$DATA/bench-server.log"
BENCH_DIR="$DATA/bench"
server_pid=""

usage() {
  cat >&2 <<USAGE
usage: deploy/bench.sh SCENARIO [options]
scenarios:
  search        keyword search in a fair (GET /api/fairs/{id}/positions?q=...) over HTTP and as direct SQL
  live-fanout   fairStats to 5,000 hub connections watching one fair while applications arrive,
                beside a bare hub (/hubs/bench) broadcasting the same payload to as many connections
environment: JOBFAIR_BENCH_PORT (default 5190), JOBFAIR_PG_PORT
USAGE
  exit 2
}

stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    say "stopping the bench server (pid $server_pid)"
    kill "$server_pid"
    for _ in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.2; done
  fi
  server_pid=""
}

# The server as deployed (Release, Production, quiet logs) over the bench database; it migrates
# the database and loads the reference data (universities, pairs) the seeding builds on.
# Arguments are configuration for this run only (--Bench:BareHub=true).
export JOBFAIR_ADMIN_PASSWORD="${JOBFAIR_ADMIN_PASSWORD:-jobfair-bench-2020}"
start_server() {
  server_prepare   # the Data Protection certificate (Production needs one) and AllowedHosts, as run.sh's server has them
  say "building the server"
  dotnet build "$ROOT/src/JobFair.Server/JobFair.Server.csproj" -c Release -nologo -v quiet -o "$SERVER_DIR" >/dev/null
  say "starting the bench server on $BENCH_URL (log: $SERVER_LOG)"
  ConnectionStrings__JobFair="$(pg_connection_string "$BENCH_DB")" \
  JOBFAIR_PORT="$BENCH_PORT" \
  JOBFAIR_ADMIN_PASSWORD="$JOBFAIR_ADMIN_PASSWORD" \
  ASPNETCORE_ENVIRONMENT=Production \
  Logging__LogLevel__Default=Warning \
    nohup dotnet "$SERVER_DIR/JobFair.Server.dll" "$@" >"$SERVER_LOG" 2>&1 &
  server_pid=$!
  export JOBFAIR_BENCH_SERVER_PID="$server_pid"  # the bench reports the server's CPU use
  trap stop_server EXIT

  # Minutes, not seconds, when a new migration rewrites the bench's 500,000 postings.
  for _ in $(seq 1 1200); do
    if curl -fsS "$BENCH_URL/health/ready" >/dev/null 2>&1; then return 0; fi
    kill -0 "$server_pid" 2>/dev/null || { tail -n 30 "$SERVER_LOG"; die "the bench server stopped while starting"; }
    sleep 0.5
  done
  tail -n 30 "$SERVER_LOG"
  die "the bench server did not become ready"
}

build_bench() {
  say "building the bench program"
  dotnet build "$ROOT/tests/JobFair.Bench/JobFair.Bench.csproj" -c Release -nologo -v quiet -o "$BENCH_DIR" >/dev/null
}

run_bench() {
  dotnet "$BENCH_DIR/JobFair.Bench.dll" "$@" \
    --url "$BENCH_URL" --db "$(pg_connection_string "$BENCH_DB")" --report "$ROOT/docs/performance.md"
}

scenario="${1:-}"
[ $# -gt 0 ] && shift
case " $* " in
  *" --help "*) ensure_dotnet; build_bench; exec dotnet "$BENCH_DIR/JobFair.Bench.dll" "${scenario:-search}" --help ;;
esac
case "$scenario" in
  search)
    ensure_dotnet
    build_bench
    pg_start
    pg_create_db "$BENCH_DB"
    start_server
    run_bench search "$@"
    ;;
  live-fanout)
    # Its own database: the search data's check (223 fairs) must not see the fairs this one adds.
    BENCH_DB=jobfair_bench_live
    # 5,000 sockets in the client and as many in the server, each a file descriptor.
    [ "$(ulimit -n)" -ge 16384 ] || ulimit -n "$(ulimit -Hn)"
    [ "$(ulimit -n)" -ge 12000 ] || die "open files limited to $(ulimit -n) (ulimit -n); the scenario needs about 12,000"
    ensure_dotnet
    build_bench
    pg_start
    pg_create_db "$BENCH_DB"
    start_server --Bench:BareHub=true
    run_bench live-fanout "$@"
    ;;
  *)
    usage
    ;;
esac
