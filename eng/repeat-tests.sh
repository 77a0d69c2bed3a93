#!/usr/bin/env bash
# Runs the same tests several times in a row and counts the runs that passed: how we check that a cluster
# scenario is not flaky (each must pass 20 of 20).
#   eng/repeat-tests.sh <runs> <dotnet test --filter expression> [test project]
# Example: eng/repeat-tests.sh 20 "FullyQualifiedName~FailoverTests" tests/Sworm.Cluster.Tests
# Logs of failed runs stay in $REPEAT_LOGS (default: a new directory under /tmp).
set -uo pipefail
runs=${1:?number of runs}
filter=${2:?test filter}
project=${3:-tests/Sworm.Cluster.Tests}
logs=${REPEAT_LOGS:-$(mktemp -d /tmp/sworm-repeat.XXXXXX)}
mkdir -p "$logs"
cd "$(dirname "$0")/.."
dotnet build "$project" -c Release -nologo -v quiet >/dev/null || { echo "build failed"; exit 1; }
passed=0
started=$(date +%s)
for run in $(seq 1 "$runs"); do
    log="$logs/run-$run.log"
    if dotnet test "$project" -c Release --no-build --filter "$filter" --logger "console;verbosity=normal" >"$log" 2>&1; then
        passed=$((passed + 1))
        rm -f "$log"
        echo "run $run: passed"
    else
        echo "run $run: FAILED (log: $log)"
        grep -E "^\s+Failed |Error Message" -A2 "$log" | head -8
    fi
done
echo "$passed of $runs runs passed in $(( $(date +%s) - started )) s: $filter"
[ "$passed" -eq "$runs" ]
