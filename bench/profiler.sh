#!/usr/bin/env bash
# Prints the JVM option that runs async-profiler in a benchmark's JVM for its whole life, writing OUTPUT when the JVM
# exits: a flame graph (.html), collapsed stacks (.collapsed, for bench/profile-summary.py) or a JFR file (.jfr).
# CPU samples every 10 ms by default, one stack per thread (thread names in the stacks). Usage, e.g.:
#   BENCH_JVM_OPTIONS="$(bench/profiler.sh /tmp/saga.collapsed)" BENCH_RATE=20 bench/saga.sh
# Every benchmark script passes BENCH_JVM_OPTIONS to the JVM that runs its measuring class.
set -euo pipefail
output=${1:?usage: bench/profiler.sh OUTPUT.html|OUTPUT.collapsed|OUTPUT.jfr [interval]}
interval=${2:-10ms}
here="$(cd "$(dirname "$0")" && pwd)"
jar_list=$(mktemp)
trap 'rm -f "$jar_list"' EXIT
"$here/../mvnw" -q -f "$here/async-profiler/pom.xml" dependency:build-classpath -Dmdep.outputFile="$jar_list" >&2
agent_dir="$here/async-profiler/target"
mkdir -p "$agent_dir"
unzip -o -q -j "$(cat "$jar_list")" 'linux-x64/libasyncProfiler.so' -d "$agent_dir"
case "$output" in /*) ;; *) output="$PWD/$output" ;; esac
echo "-agentpath:$agent_dir/libasyncProfiler.so=start,event=cpu,interval=$interval,threads,file=$output"
