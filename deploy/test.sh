#!/usr/bin/env bash
# The same set-up as run.sh (its own databases), then every test of the solution.
# Exits non-zero on any failure and ends with the totals.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

ensure_dotnet
ensure_node
ensure_browser
if [ -z "${ConnectionStrings__JobFair:-}" ]; then
  pg_start
  # Tests create one database per test class from a migrated template, as this role.
  export JOBFAIR_TEST_PG="$(pg_connection_string postgres)"
  # Databases left by an interrupted earlier run (templates are reused while still current).
  for db in $(psql_admin -tAc "SELECT datname FROM pg_database WHERE datname LIKE 'jf\_test\_%' OR datname LIKE 'jf\_empty\_%'"); do
    psql_admin -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"
  done
else
  export JOBFAIR_TEST_PG="$ConnectionStrings__JobFair"
fi

results="$DATA/test-results"
# The cluster and faults runs below publish the server once between them (deploy/cluster.sh).
export JOBFAIR_CLUSTER_RUN="test-$$-$(date +%s)"
rm -rf "$results"
say "building (warnings are errors)"
dotnet build "$ROOT/JobFair.sln" -c Release -nologo -v quiet -warnaserror

say "running the tests"
status=0
dotnet test "$ROOT/JobFair.sln" -c Release --no-build --nologo --filter "Category!=Cluster" \
  --results-directory "$results" --logger "trx" --logger "console;verbosity=normal" || status=$?

# Several nodes through a real RabbitMQ, and the two-process cluster behind nginx.
bash "$ROOT/deploy/cluster-test.sh" "$results" || status=$?

# Faults under load on that cluster (a node killed, RabbitMQ frozen, PostgreSQL stopped): a small run,
# on the server the cluster run published from this same tree (or its own publish, if that run stopped first).
bash "$ROOT/deploy/faults.sh" --ci || status=$?

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  get() { echo "$counters" | grep -o "$1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed)))
  skipped=$((skipped + $(get notExecuted)))
done
[ "$passed" -gt 0 ] || status=1
echo "Tests: $passed passed, $failed failed, $skipped skipped"
# Which ones, with the first line of each message, so that the end of the log says what to look at.
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  awk '
    function text(s) { gsub(/&quot;/, "\"", s); gsub(/&lt;/, "<", s); gsub(/&gt;/, ">", s); gsub(/&amp;/, "\\&", s); return s }
    /<UnitTestResult / && /outcome="Failed"/ {
      match($0, /testName="[^"]*"/); print "Failed: " text(substr($0, RSTART + 10, RLENGTH - 11)); wanted = 1; next }
    wanted && /<Message>/ {
      line = $0; sub(/.*<Message>/, "", line); sub(/<\/Message>.*/, "", line)
      print "    " text(line); wanted = 0 }
    /<\/UnitTestResult>/ { wanted = 0 }
  ' "$trx"
done
exit "$status"
