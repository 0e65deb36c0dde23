#!/usr/bin/env bash
# Batch benchmark: dlcheck on 1,000 copies of a full evidence pack, next to ajv-cli validating
# the same files against dlcheck's own JSON Schema (structure only), in the same run.
# Usage: bench/batch/run.sh [DLCHECK] [COPIES]
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
dlcheck=$(realpath "${1:-$repo/build/dlcheck}")
copies=${2:-1000}
here="$repo/bench/batch"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# ajv-cli from the npm registry, installed into this folder only.
if [ ! -x "$here/node_modules/.bin/ajv" ]; then
  (cd "$here" && npm install --no-audit --no-fund --silent ajv-cli@5 >/dev/null)
fi
ajv="$here/node_modules/.bin/ajv"

# The packs: the image-classification example with its training log and model summary, without
# the predictions and split lists (artifacts aside, as for a schema validator).
python3 - "$repo/examples/image-classification" "$work/class" "$copies" <<'PY'
import json, os, shutil, sys
source, target, copies = sys.argv[1], sys.argv[2], int(sys.argv[3])
record = json.load(open(f"{source}/evidence.json"))
record.pop("predictions")
record["dataset"].pop("ids")
os.makedirs(f"{target}/.git")
for i in range(copies):
    folder = f"{target}/student{i:04d}"
    os.makedirs(f"{folder}/logs")
    json.dump(record, open(f"{folder}/evidence.json", "w"), indent=2)
    shutil.copy(f"{source}/logs/train_log.csv", f"{folder}/logs/")
    shutil.copy(f"{source}/model_summary.txt", folder)
    shutil.copy(f"{source}/README.md", folder)
PY
"$dlcheck" schema >"$work/schema.json"

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
time_runs() {  # time_runs RUNS COMMAND...: median wall seconds
  local runs=$1
  shift
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null 2>&1 || true
    end=$(date +%s.%N)
    echo "$end - $start" | bc -l
  done | median
}

# Both must really check every file before they are timed.
"$dlcheck" --isolated "$work/class" --format json | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["summary"]["files"] == int(sys.argv[1]), d["summary"]' "$copies"
(cd "$work" && "$ajv" validate --spec=draft2020 -s schema.json -d "class/*/evidence.json" 2>&1 | grep -c " valid" | grep -qx "$copies")

runs=5
t_dlcheck=$(time_runs $runs "$dlcheck" --isolated --format json "$work/class")
t_dlcheck_j1=$(time_runs $runs "$dlcheck" --isolated -j 1 --format json "$work/class")
t_ajv=$(cd "$work" && time_runs $runs "$ajv" validate --spec=draft2020 -s schema.json -d "class/*/evidence.json")

printf '\n| %s files | median wall time (s) |\n|---|---|\n' "$copies"
printf '| dlcheck, all cores | %.3f |\n| dlcheck, -j 1 | %.3f |\n| ajv-cli (schema only) | %.3f |\n' "$t_dlcheck" "$t_dlcheck_j1" "$t_ajv"
printf '\nratio ajv-cli / dlcheck: %.1fx (all cores), %.1fx (-j 1)\n' \
  "$(echo "$t_ajv / $t_dlcheck" | bc -l)" "$(echo "$t_ajv / $t_dlcheck_j1" | bc -l)"
