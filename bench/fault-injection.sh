#!/usr/bin/env bash
# The fault-injection run (figures in BENCHMARKS.md): the local stack in separate processes, order creates, pays
# and cancels at HARNESS_RATE requests/s (default 200) for HARNESS_DURATION s (default 300) while the Kafka broker
# is killed and restarted, PostgreSQL is killed (SIGKILL of the postmaster) and restarted on the same data, the
# relay and the notification consumer are killed and restarted, Elasticsearch is stopped for HARNESS_ES_DOWN s
# (default 30) and the Kafka broker is frozen (SIGSTOP, then SIGCONT). Then it checks that every accepted order,
# event and notification is there exactly once and that the index and metrics equal the database, prints a report
# (also written to reliability/target/fault-injection/report.md) and exits 1 if anything is wrong.
# Other settings: HARNESS_KAFKA_DOWN (20 s), HARNESS_DB_DOWN (20 s), HARNESS_KAFKA_FROZEN (20 s), HARNESS_WARMUP
# (120 s: traffic before the measured run, whose orders are verified too), HARNESS_FAULTS (false: a baseline without
# faults), HARNESS_USERS (100), HARNESS_PRODUCTS (100), HARNESS_SEED.
set -euo pipefail
cd "$(dirname "$0")/.."

./mvnw -q install -DskipTests
./mvnw -q -pl reliability dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
rm -rf reliability/target/fault-injection
exec java -Xmx1g -cp "reliability/target/classes:$(cat reliability/target/classpath.txt)" \
  com.example.commerce.reliability.FaultInjectionRun
