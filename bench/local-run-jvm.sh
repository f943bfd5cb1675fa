# Sourced by the benchmarks that run the whole local system in a test JVM: the flag ./run-local's mn:run starts the
# application with (C1 only), so that they measure the reference set-up. The Lambda runtime flags in template.yaml
# stop at C1 too. BENCH_JVM_OPTIONS (a profiler, say) is added after it by each script.
LOCAL_RUN_JVM="-XX:TieredStopAtLevel=1"
