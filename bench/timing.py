#!/usr/bin/env python3
"""Times commands in interleaved rounds and prints the median wall seconds of each, one per line.

    timing.py RUNS COMMAND...

Each command runs once as a warm-up (and to fill the page cache), then RUNS rounds run every
command once each, the order rotated by one every round. On a shared machine the load drifts;
interleaving gives every command the same mix of quiet and busy moments, so the ratios between
commands of one run stay fair where back-to-back batches (hyperfine's way) would not. Commands are
split like a shell line (quotes kept) and run without a shell; exit codes are ignored. The
minimum, median and maximum of each go to stderr.
Python 3 standard library only.
"""

import shlex
import statistics
import subprocess
import sys
import time


def wall_seconds(argv):
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main():
    if len(sys.argv) < 3 or not sys.argv[1].isdigit() or int(sys.argv[1]) < 1:
        sys.exit("usage: timing.py RUNS COMMAND...")
    runs, commands = int(sys.argv[1]), [shlex.split(c) for c in sys.argv[2:]]
    times = [[] for _ in commands]
    for argv in commands:
        wall_seconds(argv)
    for round_ in range(runs):
        for k in range(len(commands)):
            index = (round_ + k) % len(commands)
            times[index].append(wall_seconds(commands[index]))
    for command, seconds in zip(sys.argv[2:], times):
        print(f"{min(seconds):8.3f} {statistics.median(seconds):8.3f} {max(seconds):8.3f} s  {command}",
              file=sys.stderr)
    for seconds in times:
        print(statistics.median(seconds))


if __name__ == "__main__":
    main()
