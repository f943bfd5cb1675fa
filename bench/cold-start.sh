#!/usr/bin/env bash
# Cold start of every Lambda function (figures in BENCHMARKS.md): BENCH_RUNS (default 5) fresh JVMs per function,
# each started by AWS's runtime interface client with the Lambda java17 flags and handling one event. The
# measuring code is lambda-smoke-test's ColdStartBenchmark.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q install -DskipTests
# Benchmarks are tagged "benchmark", which the build excludes by default (tests.excludedGroups): select the tag
# and exclude nothing.
./mvnw -pl lambda-smoke-test verify -Dit.test=ColdStartBenchmark -Dgroups=benchmark -DargLine= -Dtests.excludedGroups= \
  -Dfailsafe.failIfNoSpecifiedTests=false 2>&1 \
  | grep --line-buffered '^BENCH' | sed -u 's/^BENCH //'
