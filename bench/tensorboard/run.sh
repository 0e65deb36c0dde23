#!/usr/bin/env bash
# Times the TensorBoard event-file reader on a generated 10 MB event file (200,000 steps of
# `train/loss`, `val/loss` every 100 steps) against `cat FILE > /dev/null` (the floor: just
# reading the file), and measures its peak memory; then the whole command line
# (`dlcheck --profile record evidence.json` on a record naming the file, in a project of its own)
# on that file and on one twice as long, to show its peak memory does not grow with the file.
#
#   bench/tensorboard/run.sh [DLCHECK]     DLCHECK (or $DLCHECK) defaults to ./build/dlcheck
#
# Environment: STEPS (default 200000), VAL_EVERY (100), RUNS (11), KEEP=1 keeps the temp folder.
# Builds nothing but the small driver bench/tensorboard/read_events.cpp, with g++, against the
# static library next to DLCHECK (its build folder's libdlcheck_core.a), so it runs the binary's
# code.
set -euo pipefail

cd "$(dirname "$0")/../.."
DLCHECK=${1:-${DLCHECK:-./build/dlcheck}}
STEPS=${STEPS:-200000}
VAL_EVERY=${VAL_EVERY:-100}
RUNS=${RUNS:-11}
BUILD=$(dirname "$DLCHECK")
LIBRARY=$BUILD/libdlcheck_core.a
# The sources the library was built from, for its headers.
SOURCE=$(sed -n 's/^CMAKE_HOME_DIRECTORY:INTERNAL=//p' "$BUILD/CMakeCache.txt" 2>/dev/null || true)

for tool in g++ python3 git /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is needed (Debian: apt-get install -y g++ python3 git time)" >&2; exit 2; }
done
if [[ ! -f "$LIBRARY" || -z "$SOURCE" ]]; then
  echo "run.sh: $LIBRARY or $BUILD/CMakeCache.txt is missing: build first (cmake --build $BUILD)" >&2
  exit 2
fi
if [[ ! -f "$SOURCE/src/artifacts/tensorboard_events.hpp" ]]; then
  echo "run.sh: $SOURCE has no event-file reader (src/artifacts/tensorboard_events.hpp)" >&2
  exit 2
fi
# shellcheck source=bench/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../common.sh"
machine

WORK=$(mktemp -d "${TMPDIR:-/tmp}/dlcheck-bench-tb.XXXXXX")
if [[ "${KEEP:-0}" == 1 ]]; then echo "files kept in $WORK"; else trap 'rm -rf "$WORK"' EXIT; fi
EVENTS=$WORK/events.out.tfevents.1795693586.bench.1.0
DRIVER=$WORK/read_events

echo "== generating $STEPS steps, val/loss every $VAL_EVERY, in $WORK"
python3 bench/tensorboard/gen_events.py "$EVENTS" --steps "$STEPS" --val-every "$VAL_EVERY" 2>"$WORK/written.txt"
ls -l "$EVENTS" | awk '{printf "%s: %.1f MB\n", $NF, $5 / 1e6}'

echo "== compiling the driver against $LIBRARY"
g++ -O3 -std=c++20 -I "$SOURCE/src" -o "$DRIVER" bench/tensorboard/read_events.cpp "$LIBRARY" -lfmt -pthread

echo "== results"
echo "written: $(cat "$WORK/written.txt")"
"$DRIVER" "$EVENTS" | tee "$WORK/read.txt" | sed 's/^/driver:  /'
# The driver must find every record and scalar the generator wrote before anything is timed.
cmp -s "$WORK/written.txt" "$WORK/read.txt" || { echo "run.sh: the driver and the generator disagree" >&2; exit 1; }

# A project of its own (its own .git, so the file is beneath its root) whose record names the
# file; the whole program reads it. Exit code 1 is expected: the record's other fields are missing.
make_project() {  # FOLDER EVENTS
  mkdir -p "$1"
  git init -q "$1"
  mv "$2" "$1/events.out.tfevents.bench"
  echo '{"task": "t", "training_log": "events.out.tfevents.bench"}' >"$1/evidence.json"
}
# The binary must have read every record: its report names the log with the records as rows.
check_binary() {  # PROJECT WRITTEN
  local records expected
  records=$(sed -n 's/^records \([0-9]*\),.*/\1/p' "$2")
  expected="training log: $1/events.out.tfevents.bench (TensorBoard event files, $records rows)"
  "$DLCHECK" --profile record --color never "$1/evidence.json" >"$WORK/report.txt" 2>&1 || true
  grep -qF "$expected" "$WORK/report.txt" || {
    echo "run.sh: dlcheck did not read all $records records of $1:" >&2
    cat "$WORK/report.txt" >&2
    exit 1
  }
  echo "binary:  $expected"
}
make_project "$WORK/project" "$EVENTS"
EVENTS=$WORK/project/events.out.tfevents.bench
check_binary "$WORK/project" "$WORK/written.txt"
echo "== generating the 2x file: $((2 * STEPS)) steps"
python3 bench/tensorboard/gen_events.py "$WORK/double.tfevents" --steps $((2 * STEPS)) --val-every "$VAL_EVERY" \
  2>"$WORK/written2.txt"
make_project "$WORK/project2" "$WORK/double.tfevents"
ls -l "$WORK/project2/events.out.tfevents.bench" | awk '{printf "%s: %.1f MB\n", $NF, $5 / 1e6}'
check_binary "$WORK/project2" "$WORK/written2.txt"

NAMES=("cat" "event-file reader" "dlcheck binary" "cat (2x file)" "dlcheck binary (2x file)")
COMMANDS=("cat $EVENTS" "$DRIVER $EVENTS" "$DLCHECK --profile record $WORK/project/evidence.json"
  "cat $WORK/project2/events.out.tfevents.bench" "$DLCHECK --profile record $WORK/project2/evidence.json")

echo "== timing (median of $RUNS interleaved runs; stdout to /dev/null)"
time_commands

machine
python3 - "${#COMMANDS[@]}" "${NAMES[@]}" "${TIMES[@]}" "${RSS[@]}" <<'PY'
import sys

count = int(sys.argv[1])
names, times, rss = sys.argv[2:2 + count], sys.argv[2 + count:2 + 2 * count], sys.argv[2 + 2 * count:]
cpus = [float(t.split()[1]) for t in times]
times = [float(t.split()[0]) for t in times]
print()
print("| command | median wall time | median CPU time | peak RSS |")
print("|---|---:|---:|---:|")
for name, seconds, cpu, kilobytes in zip(names, times, cpus, rss):
    print(f"| {name} | {seconds:.4f} s | {cpu:.4f} s | {int(kilobytes) / 1024:.1f} MB |")
verdict = lambda ok: "ok" if ok else "MISSED"
seconds, cpu, megabytes = times[1], cpus[1], int(rss[1]) / 1024
binary, binary_cpu, binary_mb = times[2], cpus[2], int(rss[2]) / 1024
double_mb = int(rss[4]) / 1024
ratio = lambda a, b: a / max(b, 1e-9)
print()
print("| target | measured (wall) | (CPU) | |")
print("|---|---:|---:|---|")
print(f"| event-file reader / cat ≤ 10 | {ratio(seconds, times[0]):.2f}× | {ratio(cpu, cpus[0]):.2f}× | {verdict(ratio(seconds, times[0]) <= 10)} |")
print(f"| event-file reader: peak RSS < 16 MB | {megabytes:.1f} MB | | {verdict(megabytes < 16)} |")
print(f"| dlcheck binary / cat ≤ 10 | {ratio(binary, times[0]):.2f}× | {ratio(binary_cpu, cpus[0]):.2f}× | {verdict(ratio(binary, times[0]) <= 10)} |")
print(f"| dlcheck binary (2x file) / cat (2x file) ≤ 10 | {ratio(times[4], times[3]):.2f}× | {ratio(cpus[4], cpus[3]):.2f}× | {verdict(ratio(times[4], times[3]) <= 10)} |")
print(f"| dlcheck binary: peak RSS < 16 MB, not growing with the file | {binary_mb:.1f} MB, {double_mb:.1f} MB (2x file) | | {verdict(binary_mb < 16 and double_mb < 16 and double_mb < binary_mb * 1.25 + 0.5)} |")
PY
