#!/usr/bin/env python3
"""CPU time by process kind over a window, to see where a benchmark's CPU goes on this machine.

Usage: bench/cpu-share.py SECONDS   (start it once the benchmark's measured phase has begun)

Reads utime + stime of every process from /proc at the start and the end of the window and groups them: the
local-run JVM under test, PostgreSQL, Elasticsearch, the test-resources JVM (which runs the embedded Kafka broker),
Maven, other JVMs and the rest. Then the local-run JVM's share by thread, its threads grouped by name with the
numbers taken out (all "kafka-coordinator-heartbeat-thread | fulfillment-inventory" threads as one, all C1
compiler threads as one, ...): which function of the local run the CPU went to. Linux only; no dependency beyond
Python 3.
"""
import collections
import os
import re
import sys
import time

HZ = os.sysconf("SC_CLK_TCK")
CORES = os.cpu_count()


def kind(pid):
    try:
        cmd = open(f"/proc/{pid}/cmdline", "rb").read().replace(b"\0", b" ").decode(errors="ignore")
        comm = open(f"/proc/{pid}/comm").read().strip()
    except OSError:
        return None
    if comm.startswith("postgres") or cmd.startswith("postgres"):
        return "PostgreSQL"
    if "org.elasticsearch" in cmd:
        return "Elasticsearch"
    if "test-resources" in cmd:
        return "test-resources JVM (embedded Kafka)"
    if "surefire" in cmd and "local-run" in cmd:
        return "local-run JVM (the functions under test)"
    if "plexus-classworlds" in cmd:
        return "Maven"
    if comm == "java":
        return "other JVMs"
    return "other processes"


def ticks():
    result = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
            result[pid] = int(fields[11]) + int(fields[12])
        except (OSError, IndexError):
            pass
    return result


def thread_ticks(pid):
    """utime + stime of each thread of a process, by thread id, with its name."""
    result = {}
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return result
    for tid in tids:
        try:
            head, tail = open(f"/proc/{pid}/task/{tid}/stat").read().rsplit(")", 1)
            fields = tail.split()
            result[tid] = (head.split("(", 1)[1], int(fields[11]) + int(fields[12]))
        except (OSError, IndexError):
            pass
    return result


def thread_group(name):
    """A thread's name without its numbers: the threads of one pool or listener count as one."""
    return re.sub(r"[-#]?\d+", "", name).strip() or name


def main():
    seconds = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    before = ticks()
    kinds = {pid: kind(pid) for pid in before}
    jvms = [pid for pid, k in kinds.items() if k and k.startswith("local-run JVM")]
    threads_before = {pid: thread_ticks(pid) for pid in jvms}
    time.sleep(seconds)
    after = ticks()
    threads_after = {pid: thread_ticks(pid) for pid in jvms}
    used = collections.Counter()
    for pid, value in after.items():
        used[kinds.get(pid) or kind(pid)] += (value - before.get(pid, 0)) / HZ
    available = CORES * seconds
    print(f"CPU over {seconds} s ({CORES} cores = {available} CPU-seconds): used {sum(used.values()):.1f}")
    for name, cpu in used.most_common():
        if cpu >= 0.05:
            print(f"  {cpu:7.1f} s  {100 * cpu / available:5.1f}%  {name}")
    for pid in jvms:
        by_group = collections.Counter()
        for tid, (name, value) in threads_after[pid].items():
            by_group[thread_group(name)] += (value - threads_before[pid].get(tid, (name, 0))[1]) / HZ
        print(f"local-run JVM {pid} by thread (names as the kernel keeps them, 15 characters):")
        for name, cpu in by_group.most_common(20):
            if cpu >= 0.05:
                print(f"  {cpu:7.1f} s  {100 * cpu / available:5.1f}%  {name}")


if __name__ == "__main__":
    main()
