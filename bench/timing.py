#!/usr/bin/env python3
"""Times commands in interleaved rounds; prints the median wall and CPU seconds of each, a line each.

    timing.py RUNS COMMAND...

Each command runs once as a warm-up (and to fill the page cache), then RUNS rounds run every
command once each, the order rotated by one every round. On a shared machine the load drifts;
interleaving gives every command the same mix of quiet and busy moments, so the ratios between
commands of one run stay fair where back-to-back batches (hyperfine's way) would not. Commands are
split like a shell line (quotes kept) and run without a shell; exit codes are ignored. The
minimum, median and maximum wall time of each go to stderr, with the median CPU time (user +
system, all threads), which the load disturbs less.
Python 3 standard library only.
"""

import resource
import shlex
import statistics
import subprocess
import sys
import time


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_once(argv):
    """Wall and CPU seconds of one run."""
    cpu, start = cpu_seconds(), time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start, cpu_seconds() - cpu


def main():
    if len(sys.argv) < 3 or not sys.argv[1].isdigit() or int(sys.argv[1]) < 1:
        sys.exit("usage: timing.py RUNS COMMAND...")
    runs, commands = int(sys.argv[1]), [shlex.split(c) for c in sys.argv[2:]]
    walls, cpus = [[] for _ in commands], [[] for _ in commands]
    for argv in commands:
        run_once(argv)
    for round_ in range(runs):
        for k in range(len(commands)):
            index = (round_ + k) % len(commands)
            wall, cpu = run_once(commands[index])
            walls[index].append(wall)
            cpus[index].append(cpu)
    print("    wall: min   median      max   cpu: median", file=sys.stderr)
    for command, wall, cpu in zip(sys.argv[2:], walls, cpus):
        print(f"{min(wall):10.3f} {statistics.median(wall):8.3f} {max(wall):8.3f} s {statistics.median(cpu):8.3f} s"
              f"  {command}", file=sys.stderr)
    for wall, cpu in zip(walls, cpus):
        print(statistics.median(wall), statistics.median(cpu))


if __name__ == "__main__":
    main()
