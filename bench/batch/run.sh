#!/usr/bin/env bash
# Batch benchmark: dlcheck on a class of 1,000 student repositories (full evidence packs, each its
# own .git, named by an absolute path), next to ajv-cli validating the same evidence.json files
# against dlcheck's own JSON Schema (structure only), in the same run.
#
#   bench/batch/run.sh [DLCHECK] [COPIES]     DLCHECK (or $DLCHECK) defaults to build/dlcheck
#
# Environment: RUNS (default 5) runs of each command; SPLITS_SHARE (default 1) the share of packs
# with split id lists; EXTRA=1 adds the rows --format json and -j 1; BENCH_DIR=DIR generates the
# classes into DIR and keeps them, reusing them on the next run with the same COPIES, SPLITS_SHARE
# and generator (to time two binaries on the same files); without it they go to a temporary
# folder, removed at the end.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
dlcheck=$(realpath "${1:-${DLCHECK:-$repo/build/dlcheck}}")
copies=${2:-${COPIES:-1000}}
runs=${RUNS:-5}
splits_share=${SPLITS_SHARE:-1}
here="$repo/bench/batch"
# shellcheck source=bench/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../common.sh"
machine

if [ -n "${BENCH_DIR:-}" ]; then
  mkdir -p "$BENCH_DIR"
  work=$(realpath "$BENCH_DIR")
else
  work=$(realpath "$(mktemp -d)")
  trap 'rm -rf "$work"' EXIT
fi

# ajv-cli from the npm registry, at the versions of package-lock.json, into this folder only.
if [ ! -x "$here/node_modules/.bin/ajv" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --silent >/dev/null)
fi
ajv="$here/node_modules/.bin/ajv"

# Two classes of the same students (bench/batch/gen_class.py):
# - class/: the full packs (record, README, training log, predictions, split lists, model summary,
#   code), 5 % naming a file that is absent. The target is judged here.
# - records/: evidence.json and README.md alone, the artifact fields taken out of the record: the
#   benchmark's shape before, kept for comparison.
stamp="copies $copies, splits share $splits_share, $(cat "$here/gen_class.py" "$repo/bench/gen_predictions.py" | sha1sum)"
if [ "$(cat "$work/stamp" 2>/dev/null)" != "$stamp" ]; then
  rm -rf "$work/class" "$work/records" "$work/stamp"
  echo "== generating $copies student repositories in $work"
  python3 "$here/gen_class.py" "$work/class" --packs "$copies" --splits-share "$splits_share" \
    --records-only "$work/records"
  echo "$stamp" >"$work/stamp"
fi
du -sh "$work/class" "$work/records"
"$dlcheck" schema >"$work/schema.json"

# Both must really check every file before they are timed (dlcheck exits 1 for the failed packs).
# The glob is quoted for ajv-cli, which expands it itself: unquoted, the shell would pass 1,000
# arguments and ajv-cli read only the first.
for class in class records; do
  { "$dlcheck" --isolated "$work/$class" --format json || [ $? -eq 1 ]; } |
    python3 -c 'import json,sys; d=json.load(sys.stdin)["summary"]; assert d["files"] == int(sys.argv[2]), d; print(sys.argv[1], d)' "$class" "$copies"
done
"$ajv" validate --spec=draft2020 -s "$work/schema.json" -d "$work/class/*/evidence.json" 2>&1 | grep -c " valid$" | grep -qx "$copies" ||
  { echo "run.sh: ajv-cli did not find all $copies records valid" >&2; exit 1; }

# The target row first, ajv-cli last.
names=("dlcheck, full packs (text, all cores)" "dlcheck, records only (text, all cores)")
commands=("$dlcheck --isolated $work/class" "$dlcheck --isolated $work/records")
if [ "${EXTRA:-0}" = 1 ]; then
  names+=("dlcheck, full packs (json, all cores)" "dlcheck, full packs (text, -j 1)")
  commands+=("$dlcheck --isolated --format json $work/class" "$dlcheck --isolated -j 1 $work/class")
fi
# The floor: reading the files dlcheck reads (record, README, log, predictions, split lists,
# model summary) with cat, no checking at all. A target below it cannot be met by any checker.
find "$work/class" -name .git -prune -o -type f \( -name evidence.json -o -name README.md -o -name predictions.csv \
  -o -name model_summary.txt -o -path '*/logs/*' -o -path '*/splits/*' \) -print >"$work/read-list"
names+=("cat, the files dlcheck reads (reading alone)")
commands+=("xargs -a $work/read-list cat")
names+=("ajv-cli, the same records (schema only)")
commands+=("$ajv validate --spec=draft2020 -s $work/schema.json -d '$work/class/*/evidence.json'")

echo "== timing $dlcheck (median of $runs interleaved runs)"
mapfile -t times < <(python3 "$repo/bench/timing.py" "$runs" "${commands[@]}")
machine
python3 - "$copies" "${names[@]}" "${times[@]}" <<'PY'
import sys
copies, rest = sys.argv[1], sys.argv[2:]
names, measured = rest[:len(rest) // 2], rest[len(rest) // 2:]
times, cpus = [float(t.split()[0]) for t in measured], [float(t.split()[1]) for t in measured]
ajv, ajv_cpu = times[-1], cpus[-1]
print(f"\n| {copies} packs | median wall time | ajv-cli / this | median CPU time | ajv-cli / this (CPU) |")
print("|---|---:|---:|---:|---:|")
for name, seconds, cpu in zip(names, times, cpus):
    print(f"| {name} | {seconds:.3f} s | {ajv / seconds:.3g}x | {cpu:.3f} s | {ajv_cpu / cpu:.3g}x |")
verdict = "ok" if ajv / times[0] >= 4 else "MISSED"
print(f"\ntarget: ajv-cli / dlcheck, full packs (text, all cores) >= 4 (wall): {ajv / times[0]:.3g}x {verdict}")
print(f"reading alone (cat) takes {times[-2] / ajv:.3g}x ajv-cli's time; dlcheck, full packs, takes "
      f"{times[0] / times[-2]:.3g}x cat's")
PY
