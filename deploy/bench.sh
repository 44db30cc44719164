#!/usr/bin/env bash
# The platform's speed, proven on this machine: each scenario beside a baseline that does the same
# essential work without the platform, in the same run (issue 15). Provisions like deploy/run.sh,
# builds Release, then tests/JobFair.Bench starts a private server per scenario on
# 127.0.0.1:$JOBFAIR_BENCH_PORT (default 5190), each over its own database in the private cluster.
#   deploy/bench.sh [--quick] [--reseed] [scenario...]    all scenarios when none is named
#   deploy/bench.sh --help                                the scenarios and what each measures
# Writes bench-results/<UTC timestamp>.json (the issue's shape) and a Markdown table beside it.
# --quick: smaller data and shorter runs, the whole suite in under 8 minutes.
# JOBFAIR_BENCH_SERVER=DIR measures a server published elsewhere (another commit's) instead of building this tree's.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

BENCH_PORT="${JOBFAIR_BENCH_PORT:-5190}"   # another port when someone else benches on this machine
SERVER_DIR="$DATA/bench-server"
BENCH_DIR="$DATA/bench"
RESULTS="$ROOT/bench-results"

ensure_dotnet
say "building the bench program"
dotnet build "$ROOT/tests/JobFair.Bench/JobFair.Bench.csproj" -c Release -nologo -v quiet -o "$BENCH_DIR" >/dev/null
case " $* " in
  *" --help "*) exec dotnet "$BENCH_DIR/JobFair.Bench.dll" --help ;;
esac
# A scenario not built yet (pages) or misspelt is refused before anything is provisioned.
dotnet "$BENCH_DIR/JobFair.Bench.dll" --check "$@"

# wrk drives plain HTTP; pgbench (shipped with PostgreSQL) runs the baselines.
command -v wrk >/dev/null || { say "installing wrk"; apt_install wrk; }
pg_start
command -v pgbench >/dev/null || [ -x "$PG_BIN/pgbench" ] || die "pgbench is missing (it ships with postgresql-15)"
command -v pgbench >/dev/null || export PATH="$PG_BIN:$PATH"
# --trace runs dotnet-trace, a .NET global tool: found where `dotnet tool install -g` puts it.
case " $* " in
  *" --trace "*) command -v dotnet-trace >/dev/null || export PATH="$PATH:$HOME/.dotnet/tools"
                 command -v dotnet-trace >/dev/null || die "--trace needs dotnet-trace: dotnet tool install -g dotnet-trace" ;;
esac
# live-fanout holds thousands of sockets in the client and as many in the server, each a file descriptor.
[ "$(ulimit -n)" -ge 16384 ] || ulimit -n "$(ulimit -Hn)"
ensure_port_free "$BENCH_PORT" "the bench server" JOBFAIR_BENCH_PORT

if [ -n "${JOBFAIR_BENCH_SERVER:-}" ]; then
  # Another build of the server, published elsewhere (e.g. main's, to measure a change before and after
  # in one sitting): `dotnet publish src/JobFair.Server -c Release -o DIR` in that tree.
  SERVER_DIR="$JOBFAIR_BENCH_SERVER"
  [ -f "$SERVER_DIR/JobFair.Server.dll" ] || die "JOBFAIR_BENCH_SERVER=$SERVER_DIR holds no published JobFair.Server.dll"
  say "measuring the server published in $SERVER_DIR"
else
  say "building the server"
  rm -rf "$SERVER_DIR"   # published as run.sh's server is (static files in its wwwroot), into a fresh folder
  dotnet publish "$ROOT/src/JobFair.Server/JobFair.Server.csproj" -c Release -nologo -v quiet -o "$SERVER_DIR" >/dev/null
fi

export JOBFAIR_ADMIN_PASSWORD="${JOBFAIR_ADMIN_PASSWORD:-jobfair-bench-2020}"
server_prepare   # the Data Protection certificate (Production needs one) and AllowedHosts, as run.sh's server has them
# The meters read PostgreSQL's CPU from its postmaster and backends.
JOBFAIR_BENCH_POSTMASTER_PID="$(head -n 1 "$PG_DIR/postmaster.pid")"
export JOBFAIR_BENCH_POSTMASTER_PID
# The disk's commit latency: every synchronous commit waits for one fdatasync, so the commit-bound baselines
# (slot-rush's and queue's pgbench) move with it: 6.7 ms on 2026-12-01, 0.22 ms on the evening of 2026-12-03.
# pg_test_fsync's fdatasync figure, one second per method (about 16 s in all).
mkdir -p "$DATA/bench-work"
JOBFAIR_BENCH_FDATASYNC_US="$("$PG_BIN/pg_test_fsync" -s 1 -f "$DATA/bench-work/fsync.test" 2>/dev/null |
  awk '$1 == "fdatasync" { print $(NF-1); exit }' || true)"
rm -f "$DATA/bench-work/fsync.test"
[ -n "$JOBFAIR_BENCH_FDATASYNC_US" ] || say "pg_test_fsync measured nothing: the results say fdatasync not measured"
export JOBFAIR_BENCH_FDATASYNC_US
connection="$(pg_connection_string postgres)"
exec dotnet "$BENCH_DIR/JobFair.Bench.dll" "$@" \
  --server "$SERVER_DIR/JobFair.Server.dll" --pg "$connection" --url "http://127.0.0.1:$BENCH_PORT" \
  --results "$RESULTS" --work "$DATA/bench-work"
