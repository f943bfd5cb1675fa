#!/usr/bin/env python3
"""Turns the CPU samples of a JFR recording (jdk.ExecutionSample) into collapsed stacks, one line per distinct stack
with its count, the thread's name as the root frame: the format of async-profiler's `.collapsed` output, which
bench/profile-summary.py reads. JFR samples threads running Java code only (no GC, JIT or native threads).
Usage: bench/jfr-collapse.py RECORDING.jfr > RECORDING.collapsed
"""
import re
import subprocess
import sys
from collections import Counter

FRAME = re.compile(r"^\s+(\S+?)\((.*)\)(?:\s+line:.*)?$")


def frame_name(qualified):
    cls, _, method = qualified.rpartition(".")
    return cls.replace(".", "/") + "." + method


def main():
    printed = subprocess.run(["jfr", "print", "--stack-depth", "512", "--events", "jdk.ExecutionSample", sys.argv[1]],
                             check=True, capture_output=True, text=True).stdout
    stacks = Counter()
    thread, frames = None, None
    for line in printed.splitlines():
        if line.startswith("jdk.ExecutionSample"):
            thread, frames = "unknown", []
        elif line.strip().startswith("sampledThread = "):
            thread = line.split("=", 1)[1].strip().split(' (javaThreadId')[0].strip('"')
        elif line.strip() == "stackTrace = [":
            frames = []
        elif frames is not None and (match := FRAME.match(line)):
            frames.append(frame_name(match.group(1)))
        elif line.strip() == "]" and frames is not None:
            stacks[";".join(["[" + thread + "]"] + frames[::-1])] += 1
            frames = None
    for stack, count in stacks.most_common():
        print(stack, count)


if __name__ == "__main__":
    main()
