#!/usr/bin/env bash
# Times the predictions check on a generated 5,000,000-row CSV against `wc -l` (the floor: just
# reading the file) and an awk one-liner computing only the accuracy, and measures its peak memory.
#
#   bench/run.sh [DLCHECK]     DLCHECK (or $DLCHECK) defaults to ./build/dlcheck
#
# Environment: ROWS (default 5000000), CLASSES (10), RUNS (5), COLUMNS (the CSV's column order,
# default id,label,prediction,confidence), KEEP=1 keeps the temp folder.
# Builds nothing but the small driver bench/predictions_bench.cpp, with g++, against the static
# library next to DLCHECK (its build folder's libdlcheck_core.a), so it runs the binary's code.
set -euo pipefail

cd "$(dirname "$0")/.."
DLCHECK=${1:-${DLCHECK:-./build/dlcheck}}
ROWS=${ROWS:-5000000}
CLASSES=${CLASSES:-10}
RUNS=${RUNS:-5}
COLUMNS=${COLUMNS:-id,label,prediction,confidence}
BUILD=$(dirname "$DLCHECK")
LIBRARY=$BUILD/libdlcheck_core.a
# The sources the library was built from, for its headers.
SOURCE=$(sed -n 's/^CMAKE_HOME_DIRECTORY:INTERNAL=//p' "$BUILD/CMakeCache.txt" 2>/dev/null || true)

for tool in g++ python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is needed (Debian: apt-get install -y g++ python3 time)" >&2; exit 2; }
done

if [[ ! -f "$LIBRARY" || -z "$SOURCE" ]]; then
  echo "run.sh: $LIBRARY or $BUILD/CMakeCache.txt is missing: build first (cmake --build $BUILD)" >&2
  exit 2
fi
# shellcheck source=bench/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
machine

WORK=$(mktemp -d "${TMPDIR:-/tmp}/dlcheck-bench.XXXXXX")
if [[ "${KEEP:-0}" == 1 ]]; then echo "files kept in $WORK"; else trap 'rm -rf "$WORK"' EXIT; fi
CSV=$WORK/predictions.csv
DRIVER=$WORK/predictions_bench

echo "== generating $ROWS rows, $CLASSES classes, in $WORK"
python3 bench/gen_predictions.py "$CSV" --rows "$ROWS" --classes "$CLASSES" --columns "$COLUMNS" \
  --ids-dir "$WORK/ids" --overlap 7 2>"$WORK/written.txt"
cat "$WORK/written.txt"
ls -l "$CSV" | awk '{printf "%s: %.0f MB\n", $NF, $5 / 1e6}'

echo "== compiling the driver against $LIBRARY"
g++ -O3 -std=c++20 -I "$SOURCE/src" -I "$SOURCE/include" -o "$DRIVER" bench/predictions_bench.cpp \
  "$LIBRARY" -lfmt -pthread

# A minimal record naming the same file, for the whole binary (its findings do not matter here).
cat >"$WORK/evidence.json" <<'EOF'
{"metric": {"name": "accuracy"}, "current": {"value": 0.82}, "predictions": "predictions.csv"}
EOF

WC="wc -l $CSV"
# The columns are found by name in the header, as a student's script would, whatever their order.
AWK="awk -F, 'NR==1{for(i=1;i<=NF;i++){if(\$i==\"label\")l=i; if(\$i==\"prediction\")p=i}; next} {n++; if(\$l==\$p)c++} END{print c/n}' $CSV"
CHECK="$DRIVER $CSV"
ONE_THREAD="env THREADS=1 $DRIVER $CSV"
LEAKAGE="$DRIVER $CSV $WORK/ids/train_ids.txt img_00000017 img_00001203 not_a_row"
WHOLE="$DLCHECK --profile record $WORK/evidence.json"
NAMES=("wc -l" "awk accuracy" "predictions check" "  + 100k train ids, 3 watched ids" "predictions check, 1 thread")
COMMANDS=("$WC" "$AWK" "$CHECK" "$LEAKAGE" "$ONE_THREAD")
if [[ -x "$DLCHECK" ]]; then
  NAMES+=("dlcheck binary (whole record)")
  COMMANDS+=("$WHOLE")
else
  echo "($DLCHECK not found: the whole binary is not timed)"
fi

echo "== results"
WRITTEN=$(sed -n 's/.*accuracy \([0-9.]*\).*/\1/p' "$WORK/written.txt")
AWK_ACCURACY=$(eval "$AWK")
echo "awk:    $AWK_ACCURACY"
$CHECK | tee "$WORK/driver.txt" | sed 's/^/driver: /'
DRIVER_ACCURACY=$(sed -n 's/.*accuracy \([0-9.]*\),.*/\1/p' "$WORK/driver.txt")
# All three must agree on the accuracy before anything is timed.
python3 -c 'import sys; a = [float(x) for x in sys.argv[1:]]; sys.exit(max(a) - min(a) > 1e-6)' \
  "$WRITTEN" "$AWK_ACCURACY" "$DRIVER_ACCURACY" ||
  { echo "run.sh: accuracies differ: written $WRITTEN, awk $AWK_ACCURACY, driver $DRIVER_ACCURACY" >&2; exit 1; }

echo "== timing (median of $RUNS interleaved runs)"
time_commands

machine
python3 - "${#COMMANDS[@]}" "${NAMES[@]}" "${TIMES[@]}" "${RSS[@]}" <<'EOF'
import sys

count = int(sys.argv[1])
names, times, rss = sys.argv[2:2 + count], sys.argv[2 + count:2 + 2 * count], sys.argv[2 + 2 * count:]
cpus = [float(t.split()[1]) for t in times]
times = [float(t.split()[0]) for t in times]
wc, awk, check = times[0], times[1], times[2]
print()
print("| command | median wall time | median CPU time | peak RSS |")
print("|---|---:|---:|---:|")
for name, seconds, cpu, kilobytes in zip(names, times, cpus, rss):
    print(f"| {name} | {seconds:.3f} s | {cpu:.3f} s | {int(kilobytes) / 1024:.1f} MB |")
verdict = lambda ok: "ok" if ok else "MISSED"
# The targets are judged on the whole binary when it was timed (start-up, record and report
# included), else on the driver alone.
judged = [("predictions check", 2)]
if count > 5:
    judged.append(("dlcheck binary", 5))
# Judged on wall time; the CPU-time ratio beside it is what a busy machine disturbs less.
print()
print("| target | measured (wall) | (CPU) | |")
print("|---|---:|---:|---|")
for name, row in judged:
    seconds, cpu, megabytes = times[row], cpus[row], int(rss[row]) / 1024
    print(f"| {name} / wc -l ≤ 6 | {seconds / wc:.2f}× | {cpu / cpus[0]:.2f}× | {verdict(seconds / wc <= 6)} |")
    print(f"| awk / {name} ≥ 3 | {awk / seconds:.2f}× | {cpus[1] / cpu:.2f}× | {verdict(awk / seconds >= 3)} |")
    print(f"| {name}: peak RSS < 32 MB | {megabytes:.1f} MB | | {verdict(megabytes < 32)} |")
# Issue 15's targets, on all cores, and how the check scales from one thread to all.
seconds, cpu = times[2], cpus[2]
print(f"| predictions check / wc -l ≤ 4 (all cores) | {seconds / wc:.2f}× | {cpu / cpus[0]:.2f}× | {verdict(seconds / wc <= 4)} |")
print(f"| awk / predictions check ≥ 6 (all cores) | {awk / seconds:.2f}× | {cpus[1] / cpu:.2f}× | {verdict(awk / seconds >= 6)} |")
print(f"| 1 thread / all cores (scaling) | {times[4] / seconds:.2f}× | {cpus[4] / cpu:.2f}× | |")
EOF
