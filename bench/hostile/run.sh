#!/usr/bin/env bash
# Hostile evidence files: time and peak memory of dlcheck on each, next to a reference of the
# same size that has no findings (issue targets: findings cost at most 20x the parse; the
# document model at most 10x the file). Ratios, not seconds, are the result.
#   bench/hostile/run.sh [DLCHECK]   (default build/dlcheck)
set -euo pipefail
cd "$(dirname "$0")/../.."
DLCHECK=${1:-${DLCHECK:-build/dlcheck}}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/dlcheck-hostile.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

python3 - "$WORK" <<'PY'
import sys, pathlib
work = pathlib.Path(sys.argv[1])
n = 1_000_000
# One line, 1,000,000 members with the same key: a duplicate-key finding each.
(work / "dup.json").write_text("{" + ",".join('"k":%d' % i for i in range(n)) + "}")
# The same bytes but no findings: one member holding an array of the same numbers.
size = (work / "dup.json").stat().st_size
body = ",".join("%d" % i for i in range(n))
pad = size - len('{"task":[' + body + "]}")
(work / "dup-reference.json").write_text('{"task":[' + body + "]}" + " " * max(pad, 0))
# 200,000 failure cases on one line.
cases = ",".join('{"input":"x%d","label":"a","prediction":"b"}' % i for i in range(200_000))
(work / "cases.json").write_text('{"task":"t","failure_cases":[' + cases + "]}")
# The document model's shapes, each about 16 MiB: deep nesting up to the default --max-depth
# (256, the root array included), flat numbers, empty containers, short strings, many members.
# Memory is peak RSS above that of a tiny file, divided by the file's size.
size = 16 << 20
def fill(name, head, unit, tail):
    count = (size - len(head) - len(tail)) // (len(unit) + 1)
    (work / name).write_text(head + ",".join([unit] * count) + tail)
fill("nested.json", "[", "[" * 254 + "]" * 254, "]")
fill("numbers.json", "[", "1", "]")
fill("empty.json", "[", "[],{}", "]")
fill("strings.json", "[", '"a"', "]")
count = size // len('"a1000000":1,')
(work / "members.json").write_text("{" + ",".join('"a%d":1' % i for i in range(count)) + "}")
(work / "tiny.json").write_text("{}")
PY

measure() {  # measure NAME FILE: median wall seconds of 3 runs and peak RSS in KB
  local best=() rss=0
  for _ in 1 2 3; do
    /usr/bin/time -f '%e %M' -o "$WORK/time" "$DLCHECK" --format json "$2" >/dev/null 2>&1 || true
    read -r seconds kb < <(tail -1 "$WORK/time")
    best+=("$seconds")
    rss=$kb
  done
  local median
  median=$(printf '%s\n' "${best[@]}" | sort -n | sed -n 2p)
  local size
  size=$(stat -c %s "$2")
  if [[ -z ${baseline_kb:-} ]]; then
    printf '%-16s %10s bytes %8s s %10s KB peak  (the baseline)\n' "$1" "$size" "$median" "$rss"
  else
    printf '%-16s %10s bytes %8s s %10s KB peak  (%.1fx the file above the baseline)\n' "$1" "$size" \
      "$median" "$rss" "$(echo "($rss - $baseline_kb) * 1024 / $size" | bc -l)"
  fi
  eval "${1//-/_}_seconds=$median"
  rss_kb=$rss
}

echo "machine: nproc $(nproc), load $(cut -d' ' -f1-3 /proc/loadavg)"
measure tiny "$WORK/tiny.json"
baseline_kb=$rss_kb
measure dup-reference "$WORK/dup-reference.json"
measure dup "$WORK/dup.json"
measure cases "$WORK/cases.json"
measure nested "$WORK/nested.json"
measure numbers "$WORK/numbers.json"
measure empty "$WORK/empty.json"
measure strings "$WORK/strings.json"
measure members "$WORK/members.json"
printf '1,000,000 duplicate keys / the same bytes without findings: %.1fx (target at most 20x)\n' \
  "$(echo "$dup_seconds / $dup_reference_seconds" | bc -l)"

# 10,000,000 distinct labels (0.1 took 3.6 GB): --max-labels (default 100,000) bounds the reader.
# LABELS=0 leaves this out; the file is about 300 MB.
labels=${LABELS:-10000000}
if [[ $labels -gt 0 ]]; then
  mkdir -p "$WORK/labels"
  awk -v n="$labels" 'BEGIN { print "id,label,prediction"; for (i = 0; i < n; i++) printf "img_%08d,class_%d,class_%d\n", i, i, i }' \
    >"$WORK/labels/predictions.csv"
  printf '{"task": "t", "metric": {"name": "accuracy"}, "current": {"value": 1.0}, "predictions": "predictions.csv"}\n' \
    >"$WORK/labels/evidence.json"
  /usr/bin/time -f '%e %M' -o "$WORK/time" "$DLCHECK" --profile record --format json "$WORK/labels/evidence.json" \
    >"$WORK/labels.out" 2>&1 || true
  read -r seconds kb < <(tail -1 "$WORK/time")
  printf '%s distinct labels: %s s, %s KB peak; finding: %s\n' "$labels" "$seconds" "$kb" \
    "$(grep -o 'more than [0-9,]* distinct[^"]*' "$WORK/labels.out" | head -1)"
fi
