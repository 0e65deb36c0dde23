#!/usr/bin/env bash
# Batch benchmark: dlcheck on 1,000 copies of a full evidence pack (artifacts aside), next to
# ajv-cli validating the same files against dlcheck's own JSON Schema (structure only), in the
# same run.
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

# Two classes of packs from the image-classification example:
# - record/: evidence.json and README.md, artifacts aside (no training log, predictions or split
#   lists, the model summary as text), as a schema validator sees a pack. The target is judged here.
# - full/: the same plus the training log and model summary file, which dlcheck reads and judges.
python3 - "$repo/examples/image-classification" "$work" "$copies" <<'PY'
import copy, json, os, shutil, sys
source, work, copies = sys.argv[1], sys.argv[2], int(sys.argv[3])
example = json.load(open(f"{source}/evidence.json"))
example.pop("predictions")
example["dataset"].pop("ids")
record = copy.deepcopy(example)
record.pop("training_log")
record["model_summary"] = "ResNet-18 (11.2M parameters), global average pooling, 10-way linear head"
for name, pack in (("record", record), ("full", example)):
    os.makedirs(f"{work}/{name}/.git")
    for i in range(copies):
        folder = f"{work}/{name}/student{i:04d}"
        os.makedirs(f"{folder}/logs")
        json.dump(pack, open(f"{folder}/evidence.json", "w"), indent=2)
        shutil.copy(f"{source}/README.md", folder)
        if name == "full":
            shutil.copy(f"{source}/logs/train_log.csv", f"{folder}/logs/")
            shutil.copy(f"{source}/model_summary.txt", folder)
PY
"$dlcheck" schema >"$work/schema.json"

# Both must really check every file before they are timed. The glob is quoted for ajv-cli, which
# expands it itself: unquoted, the shell would pass 1,000 arguments and ajv-cli read only the first.
for class in record full; do
  # (exit 1 is expected for record/: without its training log, a record fails the roadmap checklist)
  { "$dlcheck" --isolated "$work/$class" --format json || [ $? -eq 1 ]; } |
    python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["summary"]["files"] == int(sys.argv[1]), d["summary"]' "$copies"
done
(cd "$work" && "$ajv" validate --spec=draft2020 -s schema.json -d "record/*/evidence.json" 2>&1 | grep -c " valid" | grep -qx "$copies")

runs=${RUNS:-10}
names=("dlcheck, records (text, all cores)" "dlcheck, records (json, all cores)" "dlcheck, records (text, -j 1)"
       "dlcheck, records + log + model summary (text, all cores)" "ajv-cli, records (schema only)")
commands=("$dlcheck --isolated $work/record"
          "$dlcheck --isolated --format json $work/record"
          "$dlcheck --isolated -j 1 $work/record"
          "$dlcheck --isolated $work/full"
          "$ajv validate --spec=draft2020 -s $work/schema.json -d '$work/record/*/evidence.json'")

# Median wall seconds of each command, one per line: hyperfine when installed, else date.
medians() {
  if command -v hyperfine >/dev/null; then
    hyperfine --style basic --warmup 2 --runs "$runs" --ignore-failure --export-json "$work/times.json" \
      "${commands[@]}" >&2
    python3 -c 'import json, sys; [print(r["median"]) for r in json.load(open(sys.argv[1]))["results"]]' "$work/times.json"
    return
  fi
  echo "(hyperfine not installed: medians of $runs runs timed with date; apt-get install -y hyperfine)" >&2
  for command in "${commands[@]}"; do
    for _ in $(seq "$runs"); do
      start=$(date +%s.%N)
      eval "$command" >/dev/null 2>&1 || true
      end=$(date +%s.%N)
      echo "$end - $start" | bc -l
    done | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'
  done
}

mapfile -t times < <(medians)
python3 - "$copies" "${names[@]}" "${times[@]}" <<'PY'
import sys
copies, rest = sys.argv[1], sys.argv[2:]
names, times = rest[:len(rest) // 2], [float(t) for t in rest[len(rest) // 2:]]
ajv = times[-1]
print(f"\n| {copies} files | median wall time | ajv-cli / this |\n|---|---:|---:|")
for name, seconds in zip(names, times):
    print(f"| {name} | {seconds:.3f} s | {ajv / seconds:.1f}x |")
verdict = "ok" if ajv / times[0] >= 4 else "MISSED"
print(f"\ntarget: ajv-cli / dlcheck, records (text, all cores) >= 4: {ajv / times[0]:.1f}x {verdict}")
PY
