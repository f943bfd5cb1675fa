#!/usr/bin/env bash
# Benchmark of the order fulfilment saga (figures in BENCHMARKS.md), the whole local system against the embedded
# PostgreSQL, Kafka and Elasticsearch: orders of a stock-tracked product placed open-loop at BENCH_RATE/s (default
# 100) for BENCH_SECONDS s (default 60), each paid as soon as it is created; latency from each order's due instant
# to its scheduled shipment, p50/p99 from an HdrHistogram (local-run's SagaLatencyBenchmark), and the whole machine's
# busy CPU over the measured orders divided by their number (MachineCpu, from /proc/stat; nothing else may run).
set -euo pipefail
cd "$(dirname "$0")/.."

# BENCH_STATEMENTS=true: PostgreSQL counts every statement (pg_stat_statements), and the benchmark prints them per
# order, with the statements that ran most (StatementCounts). The extension costs a little on every statement.
[ "${BENCH_STATEMENTS:-false}" = true ] && export COMMERCE_POSTGRES_STATEMENT_STATISTICS=true
# BENCH_SLOW_PLANS_MS=N: PostgreSQL logs the plan (actual rows, buffers) of every statement slower than N ms; the
# server's log files are written to local-run/target/postgres-log, and the build's whole output (with the relay's
# warnings) is kept in local-run/target/saga-benchmark.log.
if [ -n "${BENCH_SLOW_PLANS_MS:-}" ]; then
  export COMMERCE_POSTGRES_SLOW_PLANS_MS="$BENCH_SLOW_PLANS_MS" COMMERCE_POSTGRES_LOG_DIRECTORY="$PWD/local-run/target/postgres-log"
fi

./mvnw -q install -DskipTests
. bench/local-run-jvm.sh
# Tagged "benchmark", which the build excludes by default: select it, exclude nothing.
./mvnw -pl local-run verify -Dtest=SagaLatencyBenchmark -Dgroups=benchmark -DargLine="$LOCAL_RUN_JVM ${BENCH_JVM_OPTIONS:-}" -Dtests.excludedGroups= \
  -Dsurefire.failIfNoSpecifiedTests=false 2>&1 | tee ${BENCH_SLOW_PLANS_MS:+local-run/target/saga-benchmark.log} \
  | grep --line-buffered '^BENCH' | sed 's/^BENCH //'
