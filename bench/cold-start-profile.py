#!/usr/bin/env python3
"""Where a Lambda function's cold start goes, from async-profiler's collapsed stacks of its JVM.

Counts the samples of the thread that runs init and the first event (the runtime interface client's main thread,
whose stacks start at AWSLambda.main) and prints, as a Markdown table, the share of them spent under each of the
steps below (a sample can be under several: the shares do not add up to 100%). Record a profile per cold start:
  ./mvnw -pl lambda-smoke-test verify -Dit.test=ColdStartBenchmark -Dgroups=benchmark -DargLine= \\
    -Dtests.excludedGroups= -Dfailsafe.failIfNoSpecifiedTests=false \\
    -Dlambda.jvm-options="$(PROFILE_INTERVAL=1ms bench/profiler.sh /tmp/cold/%p.collapsed)"
(one file per JVM, in the order OrderApiFunction, OutboxRelayFunction, NotificationFunction, IndexerFunction).
Usage: bench/cold-start-profile.py FILE.collapsed...
"""
import sys

STEPS = [  # (what, a frame it runs under)
    ("loading every bean definition", "DefaultBeanContext.resolveBeanDefinitionReferences"),
    ("loading every bean introspection", "DefaultBeanIntrospector.getIntrospections"),
    ("micronaut-kafka's listener processor (and its AdminClient)", "KafkaConsumerProcessor$Definition"),
    ("Micrometer binders and registry", "io/micronaut/configuration/metrics"),
    ("the connection pool (Hikari)", "com/zaxxer/hikari"),
    ("PostgreSQL driver", "org/postgresql"),
    ("Kafka client", "org/apache/kafka"),
    ("Micronaut Serde", "io/micronaut/serde"),
    ("secrets read from Secrets Manager", "platform/secrets"),
    ("HTTP routing", "io/micronaut/web/router"),
    ("security (JWT)", "io/micronaut/security"),
    ("the first event (handleRequest)", "handleRequest"),
    ("class loading (any)", "ClassLoader.loadClass"),
]
ENTRY = "com/amazonaws/services/lambda/runtime/api/client/AWSLambda.main"


def main():
    print("| profile | main-thread samples | " + " | ".join(name for name, _ in STEPS) + " |")
    print("| --- | ---: |" + " ---: |" * len(STEPS))
    for path in sys.argv[1:]:
        total, under = 0, [0] * len(STEPS)
        with open(path, encoding="utf-8", errors="replace") as collapsed:
            for line in collapsed:
                stack, _, count = line.rstrip("\n").rpartition(" ")
                if ENTRY not in stack or not count.isdigit():
                    continue
                total += int(count)
                for i, (_, frame) in enumerate(STEPS):
                    if frame in stack:
                        under[i] += int(count)
        shares = " | ".join(f"{100 * n / total:.1f}%" if total else "-" for n in under)
        print(f"| {path} | {total} | {shares} |")


if __name__ == "__main__":
    main()
