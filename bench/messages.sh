#!/usr/bin/env bash
# Benchmark of the collaboration space (figures in BENCHMARKS.md), the whole local system against the embedded
# PostgreSQL, Kafka and Elasticsearch: messages posted open-loop at BENCH_RATE/s (default 100) for BENCH_SECONDS s
# (default 60) into BENCH_CHANNELS channels (default 10), each mentioning a member who holds the notification stream
# open, while a member searches at BENCH_SEARCH_RATE/s (default: the post rate). Latency from each operation's due
# instant: post -> searchable, post -> mention on the stream, POST and search (local-run's MessageLatencyBenchmark).
set -euo pipefail
cd "$(dirname "$0")/.."

./mvnw -q install -DskipTests
. bench/local-run-jvm.sh
# Tagged "benchmark", which the build excludes by default: select it, exclude nothing.
./mvnw -pl local-run verify -Dtest=MessageLatencyBenchmark -Dgroups=benchmark -DargLine="$LOCAL_RUN_JVM ${BENCH_JVM_OPTIONS:-}" -Dtests.excludedGroups= \
  -Dsurefire.failIfNoSpecifiedTests=false 2>&1 | grep --line-buffered '^BENCH' | sed 's/^BENCH //'
