#!/usr/bin/env bash
# Benchmarks of notification-fn (figures in BENCHMARKS.md), against the embedded PostgreSQL and Kafka broker:
#   1. end to end: orders placed through the API at BENCH_RATE/s (default 200) for BENCH_SECONDS s (default 60);
#      latency from each 201 to the order's notification row (local-run's OrderNotificationLatencyBenchmark);
#   2. the consumer's maximum throughput draining a backlog of BENCH_BACKLOG events (default 100000), after an
#      unrecorded drain of BENCH_WARMUP events (default 100000; 0 for none) that leaves the JIT compiler out
#      (notification-fn's NotificationBenchmark).
set -euo pipefail
cd "$(dirname "$0")/.."

./mvnw -q install -DskipTests
. bench/local-run-jvm.sh
# The end-to-end benchmark's JVM runs the whole system, as ./run-local does; the drain measures the consumer alone,
# with the JVM's defaults as before. BENCH_JVM_OPTIONS (a profiler, say) goes to both.
run() { # module, benchmark class (tagged "benchmark", which the build excludes by default: select it, exclude nothing), JVM flags
  ./mvnw -pl "$1" verify -Dtest="$2" -Dgroups=benchmark -DargLine="$3 ${BENCH_JVM_OPTIONS:-}" -Dtests.excludedGroups= \
    -Dsurefire.failIfNoSpecifiedTests=false 2>&1 \
    | grep --line-buffered '^BENCH' | sed 's/^BENCH //'
}
run local-run OrderNotificationLatencyBenchmark "$LOCAL_RUN_JVM"
run notification-fn NotificationBenchmark ""
