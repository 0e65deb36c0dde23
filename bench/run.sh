#!/usr/bin/env bash
# Times the predictions check on a generated 5,000,000-row CSV against `wc -l` (the floor: just
# reading the file) and an awk one-liner computing only the accuracy, and measures its peak memory.
#
#   bench/run.sh [DLCHECK]     DLCHECK defaults to ./build/dlcheck; it is only timed if it exists
#
# Environment: ROWS (default 5000000), CLASSES (10), RUNS (5), KEEP=1 keeps the temp folder.
# Builds nothing but the small driver bench/predictions_bench.cpp, with g++.
set -euo pipefail

cd "$(dirname "$0")/.."
DLCHECK=${1:-./build/dlcheck}
ROWS=${ROWS:-5000000}
CLASSES=${CLASSES:-10}
RUNS=${RUNS:-5}

for tool in g++ python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is needed (Debian: apt-get install -y g++ python3 time)" >&2; exit 2; }
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/dlcheck-bench.XXXXXX")
if [[ "${KEEP:-0}" == 1 ]]; then echo "files kept in $WORK"; else trap 'rm -rf "$WORK"' EXIT; fi
CSV=$WORK/predictions.csv
DRIVER=$WORK/predictions_bench

echo "== generating $ROWS rows, $CLASSES classes, in $WORK"
python3 bench/gen_predictions.py "$CSV" --rows "$ROWS" --classes "$CLASSES" --ids-dir "$WORK/ids" --overlap 7
ls -l "$CSV" | awk '{printf "%s: %.0f MB\n", $NF, $5 / 1e6}'

echo "== compiling the driver"
g++ -O3 -std=c++20 -I src -o "$DRIVER" bench/predictions_bench.cpp \
  src/artifacts/predictions.cpp src/io/line_reader.cpp src/io/csv.cpp src/text/source_text.cpp \
  src/json/json_lines.cpp src/json/json_parser.cpp src/text/text_match.cpp -lfmt

# A minimal record naming the same file, for the whole binary (its findings do not matter here).
cat >"$WORK/evidence.json" <<'EOF'
{"metric": {"name": "accuracy"}, "current": {"value": 0.82}, "predictions": "predictions.csv"}
EOF

WC="wc -l $CSV"
AWK="awk -F, 'NR>1{n++; if(\$2==\$3)c++} END{print c/n}' $CSV"
CHECK="$DRIVER $CSV"
LEAKAGE="$DRIVER $CSV $WORK/ids/train_ids.txt sample_0000017 sample_0001203 not_a_row"
WHOLE="$DLCHECK --profile record $WORK/evidence.json"
NAMES=("wc -l" "awk accuracy" "predictions check" "  + 100k train ids, 3 watched ids")
COMMANDS=("$WC" "$AWK" "$CHECK" "$LEAKAGE")
if [[ -x "$DLCHECK" ]]; then
  NAMES+=("dlcheck binary (whole record)")
  COMMANDS+=("$WHOLE")
else
  echo "($DLCHECK not found: the whole binary is not timed)"
fi

echo "== results"
echo "awk:    $(eval "$AWK")"
$CHECK | sed 's/^/driver: /'

# Median wall time of each command, in seconds, one per line.
medians() {
  if command -v hyperfine >/dev/null; then
    hyperfine --style basic --warmup 1 --runs "$RUNS" --ignore-failure --export-json "$WORK/times.json" \
      "${COMMANDS[@]}" >&2
    python3 -c 'import json, sys; [print(r["median"]) for r in json.load(open(sys.argv[1]))["results"]]' \
      "$WORK/times.json"
    return
  fi
  echo "(hyperfine not installed: the median of $RUNS runs timed with date; apt-get install -y hyperfine)" >&2
  for command in "${COMMANDS[@]}"; do
    eval "$command" >/dev/null 2>&1 || true  # warm-up, and the page cache
    for _ in $(seq "$RUNS"); do
      start=$(date +%s.%N)
      eval "$command" >/dev/null 2>&1 || true
      end=$(date +%s.%N)
      awk -v start="$start" -v end="$end" 'BEGIN {print end - start}'
    done | sort -g | awk '{t[NR] = $1} END {print (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2}'
  done
}

# Peak resident set size of a command, in kB (the whole binary exits 1 for its findings).
peak_rss() {
  eval "/usr/bin/time -v $1" >/dev/null 2>"$WORK/time.txt" || true
  awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/time.txt"
}

echo "== timing (median of $RUNS runs)"
mapfile -t TIMES < <(medians)
RSS=()
for command in "${COMMANDS[@]}"; do RSS+=("$(peak_rss "$command")"); done

python3 - "${#COMMANDS[@]}" "${NAMES[@]}" "${TIMES[@]}" "${RSS[@]}" <<'EOF'
import sys

count = int(sys.argv[1])
names, times, rss = sys.argv[2:2 + count], sys.argv[2 + count:2 + 2 * count], sys.argv[2 + 2 * count:]
times = [float(t) for t in times]
wc, awk, check = times[0], times[1], times[2]
print()
print("| command | median wall time | peak RSS |")
print("|---|---:|---:|")
for name, seconds, kilobytes in zip(names, times, rss):
    print(f"| {name} | {seconds:.3f} s | {int(kilobytes) / 1024:.1f} MB |")
verdict = lambda ok: "ok" if ok else "MISSED"
# The targets are judged on the whole binary when it was timed (start-up, record and report
# included), else on the driver alone.
judged = [("predictions check", check, int(rss[2]) / 1024)]
if count > 4:
    judged.append(("dlcheck binary", times[4], int(rss[4]) / 1024))
print()
print("| target | measured | |")
print("|---|---:|---|")
for name, seconds, megabytes in judged:
    print(f"| {name} / wc -l ≤ 6 | {seconds / wc:.2f}× | {verdict(seconds / wc <= 6)} |")
    print(f"| awk / {name} ≥ 3 | {awk / seconds:.2f}× | {verdict(awk / seconds >= 3)} |")
    print(f"| {name}: peak RSS < 32 MB | {megabytes:.1f} MB | {verdict(megabytes < 32)} |")
EOF
