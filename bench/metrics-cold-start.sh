#!/usr/bin/env bash
# Cold start of notification-fn with three metrics writers (figures in BENCHMARKS.md, "Metrics on Lambda"): the EMF
# writer it ships with, Powertools metrics and Micrometer's CloudWatch registry. The profile metrics-cold-start
# builds the two other variants' Lambda jars (bench/metrics-cold-start/); lambda-smoke-test's
# MetricsColdStartBenchmark runs BENCH_ROUNDS (default 7) rounds, one cold start of each variant per round,
# interleaved, and prints medians and spreads. Builds from source; installs nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
# The variants first (they are not dependencies of lambda-smoke-test, so one reactor could order them after it).
./mvnw -B -q -Pmetrics-cold-start package -pl bench/metrics-cold-start/powertools,bench/metrics-cold-start/cloudwatch \
  -am -DskipTests
./mvnw -B verify -pl notification-fn,lambda-smoke-test -am \
  -Dtest=None -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=MetricsColdStartBenchmark -Dgroups=benchmark -DargLine= \
  -Dtests.excludedGroups= -Dfailsafe.failIfNoSpecifiedTests=false 2>&1 \
  | grep --line-buffered '^BENCH\|ERROR\|FAIL' | sed -u 's/^BENCH //'
