#!/usr/bin/env bash
# Benchmark of POST /api/orders against the local run (see BENCHMARKS.md for figures):
#   1. latency at a fixed rate, open-loop: RATE requests/s for DURATION s after a 15 s warm-up, each request timed
#      from the instant it was due (test-support's HttpLoad: OpenLoop + an HdrHistogram), beside the p99 ceiling;
#   2. the API's maximum throughput with CONCURRENCY closed-loop clients for 20 s (throughput only);
#   3. the ceiling: the same transaction with plain JDBC on CONCURRENCY connections for 20 s.
# Everything runs on this machine (the local run with all functions and the embedded servers: the reference set-up);
# nothing leaves loopback.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${PORT:-8085}"
RATE="${RATE:-200}"
DURATION="${DURATION:-60}"
CONCURRENCY="${CONCURRENCY:-16}"
CEILING_MS="${CEILING_MS:-25}"
base="http://127.0.0.1:$PORT"

log=$(mktemp)
./mvnw -q install -DskipTests
PORT="$PORT" setsid ./run-local >"$log" 2>&1 &
run_pid=$!
trap 'kill -TERM -- -"$run_pid" 2>/dev/null || true; wait "$run_pid" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 300); do
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
classpath="test-support/target/classes:$(find ~/.m2/repository/org/hdrhistogram/HdrHistogram/2.2.2 -name '*.jar' | head -1)"
load() { # MODE N SECONDS
  # The open mode warms the client (a fresh JVM) and the server up for 15 s at the rate before it records, in the
  # same JVM: a client that started cold would put its own start-up into the first requests' latency.
  java -Dhttpload.warmup-seconds=15 -cp "$classpath" com.example.commerce.testsupport.load.HttpLoad "$1" "$2" "$3" \
    "$base/api/orders" POST 201 \
    "$CEILING_MS" "$body" "authorization: Bearer $token" | sed -n 's/^LOAD //p' \
    || echo "(some answers were not 201 as expected: see 'unexpected answers' above)"
}

echo "fixed rate, open-loop: ${RATE} req/s for ${DURATION} s (after 15 s at the same rate, unrecorded)"
load open "$RATE" "$DURATION"
echo "maximum throughput: ${CONCURRENCY} concurrent clients for 20 s"
load closed "$CONCURRENCY" 20 | tee /tmp/bench-max.txt

jdbc=$(grep -o 'jdbc:postgresql://[^ ]*' "$log" | head -1)
driver=$(find ~/.m2/repository/org/postgresql/postgresql -name 'postgresql-*.jar' | sort | tail -1)
java -cp "$driver" bench/OrderTransactionCeiling.java "$jdbc" postgres postgres 20 "$CONCURRENCY" | tee /tmp/bench-ceiling.txt
api=$(grep -o '[0-9.]* req/s' /tmp/bench-max.txt | head -1 | cut -d' ' -f1)
ceiling=$(awk '{for (i = 1; i <= NF; i++) if ($i == "tx/s") print $(i - 1)}' /tmp/bench-ceiling.txt)
awk -v api="$api" -v ceiling="$ceiling" 'BEGIN {printf "API throughput / ceiling: %.0f%%\n", 100 * api / ceiling}'
