#!/usr/bin/env bash
# Reading one secret from Secrets Manager in a fresh JVM with the Lambda java17 runtime's flags (figures in
# BENCHMARKS.md): the project's own GetSecretValue call (platform, SigV4 over HttpURLConnection) against the AWS SDK
# v2 client with url-connection-client, both against a stand-in on loopback (bench/secrets-client/standin.py).
# Prints the wall time of each JVM (median of BENCH_RUNS, default 15, alternating) and the jars each needs.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -pl platform -am package -DskipTests
./mvnw -q -f bench/secrets-client/pom.xml package dependency:copy-dependencies -DincludeScope=runtime
work=$(mktemp -d)
trap 'kill "$standin" 2>/dev/null; rm -rf "$work"' EXIT
jackson=$(./mvnw -q -pl platform dependency:build-classpath -Dmdep.outputFile=/dev/stdout | tr ':' '\n' \
  | grep -E '/(jackson-core|micronaut-core|micronaut-inject)-[0-9.]+\.jar$' | paste -sd:)
cp -r platform/target/classes "$work/tiny"
javac -d "$work/tiny" -cp "$work/tiny:$jackson" bench/secrets-client/tiny/com/example/commerce/platform/secrets/TinyMain.java
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 bench/secrets-client/standin.py "$port" & standin=$!
sleep 1
export AWS_ACCESS_KEY_ID=AKIDBENCH AWS_SECRET_ACCESS_KEY=bench-secret AWS_SESSION_TOKEN=bench-token AWS_REGION=eu-west-1
arn=arn:aws:secretsmanager:eu-west-1:123456789012:secret:commerce-db-AbCdEf
flags=(-XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto)
millis() { local start=$(date +%s%N); "$@" >/dev/null 2>&1; echo $(( ($(date +%s%N) - start) / 1000000 )); }
median() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
tiny=(); sdk=(); jvm=()
for _ in $(seq 1 "${BENCH_RUNS:-15}"); do
  jvm+=("$(millis java "${flags[@]}" -version)")
  tiny+=("$(millis java "${flags[@]}" -cp "$work/tiny:$jackson" com.example.commerce.platform.secrets.TinyMain "http://127.0.0.1:$port/" "$arn")")
  sdk+=("$(millis java "${flags[@]}" -cp "bench/secrets-client/target/classes:bench/secrets-client/target/dependency/*" bench.SdkMain "http://127.0.0.1:$port/" "$arn")")
done
echo "JVM alone (java -version): median $(median "${jvm[@]}") ms"
echo "own client: JVM start to secret read, median $(median "${tiny[@]}") ms (${tiny[*]})"
echo "AWS SDK v2 + url-connection-client: median $(median "${sdk[@]}") ms (${sdk[*]})"
echo "AWS SDK jars: $(ls bench/secrets-client/target/dependency/*.jar | wc -l) jars, $(du -cb bench/secrets-client/target/dependency/*.jar | tail -1 | cut -f1) bytes"
echo "own client: $(du -cb platform/target/classes/com/example/commerce/platform/secrets/*.class | tail -1 | cut -f1) bytes of classes"
