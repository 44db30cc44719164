#!/usr/bin/env bash
# Runs the platform on this machine: installs what is missing, starts a private PostgreSQL and coturn (TURN)
# under .data/, builds, migrates, loads reference data and serves on 127.0.0.1:$JOBFAIR_PORT.
#   deploy/run.sh         start (or restart) everything; harmless to run twice
#   deploy/run.sh stop    stop the server, coturn and the private PostgreSQL
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/turn.sh"

SERVER_PID="$DATA/server.pid"
SERVER_LOG="$DATA/server.log"

stop_server() {
  if [ -f "$SERVER_PID" ] && kill -0 "$(cat "$SERVER_PID")" 2>/dev/null; then
    say "stopping the server (pid $(cat "$SERVER_PID"))"
    kill "$(cat "$SERVER_PID")"
    for _ in $(seq 1 50); do kill -0 "$(cat "$SERVER_PID")" 2>/dev/null || break; sleep 0.2; done
  fi
  rm -f "$SERVER_PID"
}

if [ "${1:-}" = "stop" ]; then
  stop_server
  turn_stop
  pg_stop
  exit 0
fi

ensure_dotnet
ensure_node
mkdir -p "$DATA"
if [ -z "${ConnectionStrings__JobFair:-}" ]; then
  pg_start
  pg_create_db jobfair
  export ConnectionStrings__JobFair="$(pg_connection_string jobfair)"
fi

export JOBFAIR_PORT="${JOBFAIR_PORT:-5080}"
export JOBFAIR_DEMO="${JOBFAIR_DEMO:-1}"
# The demo accounts' password: made once for this checkout, readable by its owner only.
[ -s "$DATA/demo-password" ] || (umask 077; random_password > "$DATA/demo-password")
export JOBFAIR_DEMO_PASSWORD="${JOBFAIR_DEMO_PASSWORD:-$(cat "$DATA/demo-password")}"
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Production}"
server_prepare
# The video rooms' TURN server; exports the ICE settings the server hands to browsers.
turn_start

say "building the server"
# Published, not just built: the pages' static files are then compressed (Brotli and gzip) and
# served from the server's own wwwroot.
dotnet publish "$ROOT/src/JobFair.Server/JobFair.Server.csproj" -c Release -nologo -v quiet -o "$DATA/server" >/dev/null

stop_server
say "starting the server on http://127.0.0.1:$JOBFAIR_PORT as user ${SERVER_OS_USER} (log: $SERVER_LOG)"
server_launch "$DATA/server" "$JOBFAIR_PORT" JOBFAIR_PORT "$SERVER_LOG" "$SERVER_PID"

url="http://127.0.0.1:$JOBFAIR_PORT"
# The first start with the demo loads a fair at its real scale (under 2 minutes here) before it serves.
for _ in $(seq 1 600); do
  if curl -fsS "$url/health/ready" >/dev/null 2>&1; then break; fi
  kill -0 "$(cat "$SERVER_PID")" 2>/dev/null || { tail -n 30 "$SERVER_LOG"; die "the server stopped while starting"; }
  sleep 0.5
done
curl -fsS "$url/health/ready" >/dev/null || { tail -n 30 "$SERVER_LOG"; die "the server did not become ready"; }

cat <<MSG

JobFair is running at $url
  API description: $url/openapi/v1.json
  Sign in as the platform admin: $JOBFAIR_ADMIN_EMAIL with $ADMIN_PASSWORD_HINT
    printf '{"email":"%s","password":"%s"}' '$JOBFAIR_ADMIN_EMAIL' "$ADMIN_PASSWORD_SHELL" |
      curl -s -X POST $url/api/auth/login -H 'Content-Type: application/json' --data @-
  Change it (POST /api/auth/manage/info); JOBFAIR_ADMIN_RESET=1 deploy/run.sh sets it back to this one.
  Stop everything: deploy/run.sh stop
MSG
if [ "$JOBFAIR_DEMO" = "1" ]; then
  cat <<MSG
  Demo accounts (password: $JOBFAIR_DEMO_PASSWORD, kept in $DATA/demo-password):
    student@demo.jobfair.local      a graduate of 武汉华夏理工学院 (62 resumes sent, 11 interviews)
    recruiter@demo.jobfair.local    a recruiter of an employer at the fair
    centre@demo.jobfair.local       the career centre of 武汉华夏理工学院
    centre2@demo.jobfair.local      the career centre of 江南大学 (the partner)
    counsellor@demo.jobfair.local   a counsellor (辅导员) of 武汉华夏理工学院 with a ledger of graduates (一人一策)
    counsellor2@demo.jobfair.local  the paired counsellor of 江南大学, who advises on those plans
  The live demo fair: $url/fairs/$(curl -fsS "$url/api/fairs?q=%E6%98%A5%E5%AD%A3&pageSize=1" | grep -o '"id":"[^"]*"' | head -n 1 | cut -d'"' -f4)
MSG
fi
