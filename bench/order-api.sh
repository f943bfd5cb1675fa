#!/usr/bin/env bash
# Benchmark of POST /api/orders against the local run (see BENCHMARKS.md for figures):
#   1. latency at a fixed rate: RATE requests/s for DURATION s, after a 15 s warm-up;
#   2. the API's maximum throughput with CONCURRENCY clients for 20 s;
#   3. the ceiling: the same transaction with plain JDBC on CONCURRENCY connections for 20 s.
# Needs hey (apt-get install hey). Everything runs on this machine; nothing leaves loopback.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${PORT:-8085}"
RATE="${RATE:-200}"
DURATION="${DURATION:-60}"
CONCURRENCY="${CONCURRENCY:-16}"
# hey paces each worker separately and starts them together, so W workers send bursts of W requests. Four
# workers at RATE/4 each give the steady 200 req/s the target means; 20 workers would send bursts of 20.
WORKERS="${WORKERS:-4}"
base="http://127.0.0.1:$PORT"

command -v hey >/dev/null || { echo "bench: needs hey (apt-get install hey)" >&2; exit 1; }

log=$(mktemp)
./mvnw -q install -DskipTests
PORT="$PORT" setsid ./run-local >"$log" 2>&1 &
run_pid=$!
trap 'kill -TERM -- -"$run_pid" 2>/dev/null || true; wait "$run_pid" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 120); do
  curl -sf "$base/health" >/dev/null 2>&1 && break
  sleep 1
done
curl -sf "$base/health" >/dev/null || { echo "bench: the local run did not come up; its output:" >&2; cat "$log" >&2; exit 1; }

json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
post() { curl -sf -X POST "$base$1" -H 'content-type: application/json' ${3:+-H "authorization: Bearer $3"} -d "$2"; }

admin=$(post /login '{"username":"admin","password":"admin-password-1"}' | json '["access_token"]')
p1=$(post /api/products '{"name":"Bench book","category":"books","brand":"acme","price":12000}' "$admin" | json '["id"]')
p2=$(post /api/products '{"name":"Bench pen","category":"office","brand":"acme","price":1500}' "$admin" | json '["id"]')
user="bench$RANDOM$RANDOM"
post /api/auth/signup "{\"username\":\"$user\",\"password\":\"bench-password-1\"}" >/dev/null
token=$(post /login "{\"username\":\"$user\",\"password\":\"bench-password-1\"}" | json '["access_token"]')
body="{\"items\":[{\"productId\":$p1,\"quantity\":1},{\"productId\":$p2,\"quantity\":2}]}"
load() { hey "$@" -m POST -T application/json -H "authorization: Bearer $token" -d "$body" "$base/api/orders"; }

summary() { # hey report -> one line
  awk '/Requests\/sec/ {rps=$2} /50% in/ {p50=$3} /99% in/ {p99=$3}
       /^ *\[[0-9][0-9][0-9]\]/ {codes=codes $1 "x" $2 " "} /Error distribution/ {errors=1}
       END {printf "rate %.1f req/s, p50 %.1f ms, p99 %.1f ms, responses %s%s\n", rps, p50*1000, p99*1000, codes,
            errors ? "(ERRORS: see report)" : ""}'
}

echo "warm-up: ${RATE} req/s for 15 s"
load -z 15s -c "$WORKERS" -q $((RATE / WORKERS)) >/dev/null
echo "fixed rate: ${RATE} req/s for ${DURATION} s"
load -z "${DURATION}s" -c "$WORKERS" -q $((RATE / WORKERS)) | tee /tmp/bench-fixed-rate.txt | summary
echo "maximum throughput: ${CONCURRENCY} concurrent clients for 20 s"
load -z 20s -c "$CONCURRENCY" | tee /tmp/bench-max.txt | summary

jdbc=$(grep -o 'jdbc:postgresql://[^ ]*' "$log" | head -1)
driver=$(find ~/.m2/repository/org/postgresql/postgresql -name 'postgresql-*.jar' | sort | tail -1)
java -cp "$driver" bench/OrderTransactionCeiling.java "$jdbc" postgres postgres 20 "$CONCURRENCY" | tee /tmp/bench-ceiling.txt
api=$(awk '/Requests\/sec/ {print $2}' /tmp/bench-max.txt)
ceiling=$(awk '{for (i = 1; i <= NF; i++) if ($i == "tx/s") print $(i - 1)}' /tmp/bench-ceiling.txt)
awk -v api="$api" -v ceiling="$ceiling" 'BEGIN {printf "API throughput / ceiling: %.0f%%\n", 100 * api / ceiling}'
