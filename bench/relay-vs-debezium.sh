#!/usr/bin/env bash
# The relay against change data capture (figures in BENCHMARKS.md): outbox-relay-fn and Debezium's embedded engine
# (PostgreSQL connector, pgoutput, outbox event router; bench/debezium, a JVM of its own) publish the same outbox of
# one embedded PostgreSQL (started with wal_level=logical for this run only) to one embedded broker:
#   1. drain of a backlog of BENCH_BACKLOG events (default 100000), relays as in BENCH_RELAYS (default "1 2");
#   2. commit -> Kafka latency at BENCH_RATE events/s (default 200) for BENCH_SECONDS s (default 60); Debezium's
#      engine of the drain goes on to it, then a fresh engine for each poll interval in
#      BENCH_DEBEZIUM_OTHER_POLL_INTERVALS (default "500", Debezium's default; "" for none).
# BENCH_DEBEZIUM_SETTINGS (default "max.batch.size=2048 max.queue.size=8192 poll.interval.ms=10") are Debezium's
# engine and connector settings (bench/debezium sets the rest: pgoutput, the outbox event router, offsets in memory).
# The measuring code is outbox-relay-fn/src/test/java/com/example/commerce/relay/RelayVersusDebeziumBenchmark.java.
set -euo pipefail
cd "$(dirname "$0")/.."

classpath_file=$(mktemp)
trap 'rm -f "$classpath_file"' EXIT
./mvnw -q -f bench/debezium/pom.xml compile dependency:build-classpath -Dmdep.outputFile="$classpath_file"
# Benchmarks are tagged "benchmark", which the build excludes by default (tests.excludedGroups): select the tag
# and exclude nothing. The build is scoped to the reactor (nothing installed): embedded-infra is named, as the
# test-resources server's code, and the environment reaches that server, which starts PostgreSQL.
COMMERCE_POSTGRES_LOGICAL_REPLICATION=true \
  COMMERCE_RELAY_BATCH_SIZE="${COMMERCE_RELAY_BATCH_SIZE:-1000}" COMMERCE_RELAY_WORKERS="${COMMERCE_RELAY_WORKERS:-1}" \
  DEBEZIUM_CLASSPATH="$PWD/bench/debezium/target/classes:$(cat "$classpath_file")" \
  ./mvnw -B -pl embedded-infra,outbox-relay-fn -am verify -Dtest=RelayVersusDebeziumBenchmark -Dit.test=NONE \
  -Dgroups=benchmark -DargLine="${BENCH_JVM_OPTIONS:-}" -Dtests.excludedGroups= -Dsurefire.failIfNoSpecifiedTests=false 2>&1 \
  | grep --line-buffered '^BENCH' | sed 's/^BENCH //'
