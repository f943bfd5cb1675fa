#!/usr/bin/env python3
"""CPU time by process kind over a window, to see where a benchmark's CPU goes on this machine.

Usage: bench/cpu-share.py SECONDS   (start it once the benchmark's measured phase has begun)

Reads utime + stime of every process from /proc at the start and the end of the window and groups them: the
local-run JVM under test, PostgreSQL, Elasticsearch, the test-resources JVM (which runs the embedded Kafka broker),
Maven, other JVMs and the rest. Linux only; no dependency beyond Python 3.
"""
import collections
import os
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


def main():
    seconds = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    before = ticks()
    kinds = {pid: kind(pid) for pid in before}
    time.sleep(seconds)
    after = ticks()
    used = collections.Counter()
    for pid, value in after.items():
        used[kinds.get(pid) or kind(pid)] += (value - before.get(pid, 0)) / HZ
    available = CORES * seconds
    print(f"CPU over {seconds} s ({CORES} cores = {available} CPU-seconds): used {sum(used.values()):.1f}")
    for name, cpu in used.most_common():
        if cpu >= 0.05:
            print(f"  {cpu:7.1f} s  {100 * cpu / available:5.1f}%  {name}")


if __name__ == "__main__":
    main()
