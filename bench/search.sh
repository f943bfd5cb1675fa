#!/usr/bin/env bash
# Benchmark of search (figures in BENCHMARKS.md): indexer throughput draining BENCH_PRODUCTS catalog events
# (default 100000) against a raw bulk ceiling, a full reindex, and search latency at a constant 100 queries/s.
# The measuring code is local-run's SearchBenchmark.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q install -DskipTests
. bench/local-run-jvm.sh
# Benchmarks are tagged "benchmark", which the build excludes by default (tests.excludedGroups): select the tag
# and exclude nothing.
./mvnw -pl local-run verify -Dtest=SearchBenchmark -Dgroups=benchmark -DargLine="$LOCAL_RUN_JVM ${BENCH_JVM_OPTIONS:-}" -Dtests.excludedGroups= \
  -Dsurefire.failIfNoSpecifiedTests=false 2>&1 \
  | grep --line-buffered '^BENCH' | sed -u 's/^BENCH //'
