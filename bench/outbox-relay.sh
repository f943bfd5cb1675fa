#!/usr/bin/env bash
# Benchmark of outbox-relay-fn (figures in BENCHMARKS.md), against the embedded PostgreSQL and Kafka broker:
#   1. relay throughput draining a backlog of BENCH_BACKLOG rows (default 100000), with 1, 2 and 4 relays, after one
#      unrecorded drain of BENCH_WARMUP rows (default 100000; 0 for none) that leaves the JIT compiler out;
#   2. the ceiling: kafka-producer-perf-test (org.apache.kafka:kafka-tools) with the same record size, acks=all
#      (with a warm-up: ten backlogs, the rate of its 5-second windows after the first);
#   3. commit -> Kafka latency at BENCH_RATE events/s (default 200) for BENCH_SECONDS s (default 60).
# The measuring code is outbox-relay-fn/src/test/java/com/example/commerce/relay/RelayBenchmark.java.
set -euo pipefail
cd "$(dirname "$0")/.."

kafka_version=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' pom.xml | head -1)
classpath_file=$(mktemp)
trap 'rm -f "$classpath_file"' EXIT
./mvnw -q -f bench/kafka-tools/pom.xml dependency:build-classpath -Dkafka.version="$kafka_version" \
  -Dmdep.outputFile="$classpath_file"
./mvnw -q install -DskipTests
# Benchmarks are tagged "benchmark", which the build excludes by default (tests.excludedGroups): select the tag
# and exclude nothing.
COMMERCE_RELAY_BATCH_SIZE="${COMMERCE_RELAY_BATCH_SIZE:-1000}" COMMERCE_RELAY_WORKERS=1 \
  KAFKA_TOOLS_CLASSPATH=$(cat "$classpath_file") ./mvnw -pl outbox-relay-fn verify -Dtest=RelayBenchmark \
  -Dgroups=benchmark -DargLine="${BENCH_JVM_OPTIONS:-}" -Dtests.excludedGroups= -Dsurefire.failIfNoSpecifiedTests=false 2>&1 \
  | grep --line-buffered '^BENCH' | sed 's/^BENCH //'
