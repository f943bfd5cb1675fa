#!/usr/bin/env python3
"""Where a JVM's CPU went, from async-profiler's collapsed stacks recorded with `threads` (bench/profiler.sh).

Prints two Markdown tables, in percent of all samples:
  1. by owner: the project's outermost frame (com/example/commerce/<package>/<package>), which says which function
     of the local run spent the time; stacks without one by their thread (HTTP event loop, Kafka client I/O,
     garbage collection, JIT compiler, ...);
  2. by library of the leaf frame: the code that was running (PostgreSQL driver, Jackson, Kafka client, Netty, ...).
Usage: bench/profile-summary.py FILE.collapsed [rows]  (from bench/profiler.sh, or bench/jfr-collapse.py)
"""
import re
import sys
from collections import Counter

PROJECT = "com/example/commerce/"

THREADS = [  # (pattern on the thread name, owner); names are cut to 15 characters by the OS
    (r"^GC |^G1 |^VM Periodic|^VM Thread", "JVM: garbage collection and VM operations"),
    (r"^C[12] Compiler", "JVM: JIT compiler"),
    (r"^kafka-producer", "Kafka producer I/O thread"),
    (r"^kafka-coordinat|^kafka-consumer|^pool-.*-thread", "Kafka consumer threads (outside project code)"),
    (r"nioEventLoop|^default-nioEven|^event-loop", "HTTP event loop (outside project code)"),
    (r"^HttpClient|^bench-http|^I/O dispatcher|^pool-", "HTTP clients"),
]

LIBRARIES = [  # (prefix of the leaf frame, library)
    ("org/postgresql/", "PostgreSQL JDBC driver"),
    ("com/zaxxer/hikari/", "HikariCP"),
    ("com/fasterxml/jackson/", "Jackson"),
    ("io/micronaut/serde/", "Micronaut Serde"),
    ("io/micronaut/", "Micronaut (other)"),
    ("org/apache/kafka/", "Kafka client"),
    ("io/netty/", "Netty"),
    ("co/elastic/", "Elasticsearch client"),
    ("org/apache/http", "Apache HTTP client"),
    ("org/elasticsearch/", "Elasticsearch client"),
    ("com/nimbusds/", "JWT (Nimbus)"),
    ("ch/qos/logback/", "Logback"),
    ("reactor/", "Reactor"),
    ("io/micrometer/", "Micrometer"),
    ("org/HdrHistogram/", "HdrHistogram"),
    ("com/example/commerce/", "project code"),
    ("java/", "JDK (java.*)"),
    ("javax/", "JDK (javax.*)"),
    ("jdk/", "JDK (jdk.*)"),
    ("sun/", "JDK (sun.*)"),
    ("com/sun/", "JDK (com.sun.*)"),
]


def owner(frames):
    for frame in frames[1:]:
        if frame.startswith(PROJECT):
            packages = frame[len(PROJECT):].split("/")[:-1]  # the last part is Class.method
            return "project: " + ".".join(packages[:2])
    thread = frames[0].strip("[]").split(" tid=")[0] if frames[0].startswith("[") else ""
    for pattern, name in THREADS:
        if re.search(pattern, thread):
            return name
    return "other threads (" + (thread or "unnamed") + ")"


def library(frames):
    leaf = frames[-1]
    if leaf.endswith("_[k]"):
        return "kernel (system calls, page faults)"
    for prefix, name in LIBRARIES:
        if leaf.startswith(prefix):
            return name
    return "native (JVM, libc)" if "/" not in leaf else "other Java"


def main():
    path = sys.argv[1]
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    owners, libraries, total = Counter(), Counter(), 0
    with open(path, encoding="utf-8", errors="replace") as collapsed:
        for line in collapsed:
            stack, _, count = line.rstrip("\n").rpartition(" ")
            if not stack or not count.isdigit():
                continue
            frames, samples = stack.split(";"), int(count)
            total += samples
            owners[owner(frames)] += samples
            libraries[library(frames)] += samples
    print(f"{total} samples in {path}\n")
    for title, counter in (("owner (outermost project frame, else thread)", owners),
                           ("library of the running frame", libraries)):
        print(f"| {title} | share |\n| --- | ---: |")
        for name, samples in counter.most_common(rows):
            print(f"| {name} | {100 * samples / total:.1f}% |")
        print()


if __name__ == "__main__":
    main()
