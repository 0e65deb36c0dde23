#!/usr/bin/env bash
# Times dlcheck's top-5 accuracy and ROC AUC claims on a generated 1,000,000-row CSV with 10
# score columns, against `wc -l` (the floor: just reading the file) and an awk one-liner computing
# only the top-5 accuracy, and measures peak memory.
#
#   bench/scores/run.sh [DLCHECK]     DLCHECK (or $DLCHECK) defaults to ./build/dlcheck
#
# Environment: ROWS (default 1000000), CLASSES (10), RUNS (5), KEEP=1 keeps the temp folder.
set -euo pipefail

cd "$(dirname "$0")/../.."
DLCHECK=${1:-${DLCHECK:-./build/dlcheck}}
ROWS=${ROWS:-1000000}
CLASSES=${CLASSES:-10}
RUNS=${RUNS:-5}

for tool in python3 awk /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is needed (Debian: apt-get install -y python3 gawk time)" >&2; exit 2; }
done
[[ -x "$DLCHECK" ]] || { echo "run.sh: $DLCHECK is missing: build first" >&2; exit 2; }
# shellcheck source=bench/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../common.sh"
machine

WORK=$(mktemp -d "${TMPDIR:-/tmp}/dlcheck-scores.XXXXXX")
if [[ "${KEEP:-0}" == 1 ]]; then echo "files kept in $WORK"; else trap 'rm -rf "$WORK"' EXIT; fi
CSV=$WORK/predictions.csv
echo "== generating $ROWS rows, $CLASSES score columns, in $WORK"
python3 bench/scores/gen_scores.py "$CSV" --rows "$ROWS" --classes "$CLASSES"
ls -l "$CSV" | awk '{printf "%s: %.0f MB\n", $NF, $5 / 1e6}'

# The label's rank among the row's scores, counting the strictly higher ones.
AWK="awk -F, 'NR==1{for(i=1;i<=NF;i++){if(\$i==\"label\")l=i; if(substr(\$i,1,5)==\"prob_\"){c[substr(\$i,6)]=i; p[++k]=i}}; next} {s=\$(c[\$l]); r=0; for(j=1;j<=k;j++) if(\$(p[j])>s) r++; n++; if(r<5) h++} END{print h/n}' $CSV"
TOP5=$(eval "$AWK")
echo "awk top-5 accuracy: $TOP5"
for metric in top_5_accuracy roc_auc; do
  printf '{"metric": {"name": "%s"}, "current": {"value": %s}, "predictions": "predictions.csv"}\n' \
    "$metric" "$TOP5" >"$WORK/$metric.json"
  # The claim is the awk value for both: the finding (if any) shows dlcheck's own value.
  "$DLCHECK" --profile record --color never "$WORK/$metric.json" | grep -E "predictions-metric.*(give|not checked)|predictions-format" | sed "s|$WORK/||g" || true
done

NAMES=("wc -l" "awk top-5 accuracy" "dlcheck top_5_accuracy" "dlcheck roc_auc")
COMMANDS=("wc -l $CSV" "$AWK" "$DLCHECK --profile record $WORK/top_5_accuracy.json"
  "$DLCHECK --profile record $WORK/roc_auc.json")

echo "== timing (median of $RUNS interleaved runs)"
time_commands
machine
python3 - "${#COMMANDS[@]}" "${NAMES[@]}" "${TIMES[@]}" "${RSS[@]}" <<'PY'
import sys

count = int(sys.argv[1])
names, times, rss = sys.argv[2:2 + count], sys.argv[2 + count:2 + 2 * count], sys.argv[2 + 2 * count:]
cpus = [float(t.split()[1]) for t in times]
walls = [float(t.split()[0]) for t in times]
print()
print("| command | median wall time | median CPU time | peak RSS | wall / wc -l | awk / this (wall) |")
print("|---|---:|---:|---:|---:|---:|")
for name, seconds, cpu, kilobytes in zip(names, walls, cpus, rss):
    print(f"| {name} | {seconds:.3f} s | {cpu:.3f} s | {int(kilobytes) / 1024:.1f} MB | {seconds / walls[0]:.1f}× "
          f"| {walls[1] / seconds:.2f}× |")
PY
