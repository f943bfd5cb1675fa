#!/usr/bin/env bash
# Prints the JVM options that profile a benchmark's JVM; every benchmark script but the cold-start ones passes
# BENCH_JVM_OPTIONS to the JVM that runs its measuring class. Two kinds of output:
#   OUTPUT.jfr [delay] [duration]  a JFR recording from `delay` after start (e.g. 40s, to leave start-up and warm-up
#                                  out) for `duration` (e.g. 60s; default: until the JVM exits), CPU samples every
#                                  10 ms (JFR's "profile" settings), stacks 512 frames deep. Then:
#                                  bench/jfr-collapse.py OUTPUT.jfr > OUTPUT.collapsed
#   OUTPUT.html | OUTPUT.collapsed async-profiler for the JVM's whole life, start-up included: a flame graph, or
#                                  collapsed stacks; CPU samples every 10 ms with GC, JIT and native frames.
# PROFILE_INTERVAL (default 10ms) sets async-profiler's sampling interval, e.g. 1ms for a JVM that lives 2 s; a
# file name with %p gets each JVM's process id, for a benchmark that starts many (the cold starts: see
# bench/cold-start-profile.py).
# Then bench/profile-summary.py OUTPUT.collapsed says which function and which library the CPU went to. E.g.:
#   BENCH_JVM_OPTIONS="$(bench/profiler.sh /tmp/saga.jfr 60s 60s)" BENCH_RATE=20 bench/saga.sh
set -euo pipefail
output=${1:?usage: bench/profiler.sh OUTPUT.jfr [delay] [duration] | OUTPUT.html | OUTPUT.collapsed}
case "$output" in /*) ;; *) output="$PWD/$output" ;; esac
here="$(cd "$(dirname "$0")" && pwd)"

if [[ "$output" == *.jfr ]]; then
  recording="settings=profile,filename=$output,delay=${2:-0s}"
  [[ -n "${3:-}" ]] && recording="$recording,duration=$3"
  echo "-XX:StartFlightRecording:$recording -XX:FlightRecorderOptions:stackdepth=512"
  exit 0
fi

jar_list=$(mktemp)
trap 'rm -f "$jar_list"' EXIT
"$here/../mvnw" -q -f "$here/async-profiler/pom.xml" dependency:build-classpath -Dmdep.outputFile="$jar_list" >&2
agent_dir="$here/async-profiler/target"
mkdir -p "$agent_dir"
unzip -o -q -j "$(cat "$jar_list")" 'linux-x64/libasyncProfiler.so' -d "$agent_dir"
echo "-agentpath:$agent_dir/libasyncProfiler.so=start,event=cpu,interval=${PROFILE_INTERVAL:-10ms},threads,file=$output"
