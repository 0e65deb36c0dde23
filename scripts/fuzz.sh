#!/usr/bin/env bash
# Builds the libFuzzer targets in ./build-fuzz and runs each for a bounded time:
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET[=SECONDS]...]
# SECONDS_PER_TARGET defaults to 60 (0: only build the targets and make the seeds); TARGET is
# evidence, training_log, tensorboard, predictions, config, mlflow_files, mlflow_sqlite or
# log_folder (default: all eight, one after the other); TARGET=SECONDS gives that one its own
# time (`scripts/fuzz.sh 60 evidence mlflow_sqlite=20`). Fails on the first crash, sanitizer report, leak,
# timeout (10 s for one input) or out-of-memory (2 GiB); the input that did it is written to
# build-fuzz/crashes/TARGET/. Each target's corpus grows in build-fuzz/corpus/TARGET across runs.
# Installs clang-14 and its runtimes (libclang-rt-14-dev: sanitizers and libFuzzer) when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

all_targets=(evidence training_log tensorboard predictions config mlflow_files mlflow_sqlite log_folder)
seconds=${1:-60}
shift || true
case "$seconds" in '' | *[!0-9]*) echo "fuzz: SECONDS_PER_TARGET must be a whole number, not '$seconds'" >&2; exit 2 ;; esac
targets=()
declare -A seconds_of=()
for argument in "${@:-${all_targets[@]}}"; do
  target=${argument%%=*}
  case " ${all_targets[*]} " in *" $target "*) ;; *) echo "fuzz: no target named '$target'" >&2; exit 2 ;; esac
  own=$seconds
  [ "$target" = "$argument" ] || own=${argument#*=}
  case "$own" in '' | *[!0-9]*) echo "fuzz: $target: SECONDS must be a whole number, not '$own'" >&2; exit 2 ;; esac
  targets+=("$target")
  seconds_of[$target]=$own
done

./scripts/install_packages.sh clang-14 libclang-rt-14-dev
CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDLCHECK_FUZZ=ON \
  -DDLCHECK_BUILD_TESTS=OFF >&2
cmake --build build-fuzz -j"$(nproc)" --target "${targets[@]/#/fuzz_}" >&2

# Seeds are made fresh from the repository on every run (nothing large is committed): the
# examples' files, the hand-written seeds in fuzz/seeds/, and every kept regression input.
seeds=build-fuzz/seeds
rm -rf "$seeds"
for target in "${all_targets[@]}"; do
  mkdir -p "$seeds/$target"
  cp fuzz/seeds/"$target"/* tests/regressions/"$target"/* "$seeds/$target/" 2>/dev/null || true
done
for example in examples/*/; do
  name=$(basename "$example")
  cp "$example/evidence.json" "$seeds/evidence/$name.json"
  for log in "$example"logs/*; do
    [ -f "$log" ] && cp "$log" "$seeds/training_log/$name-$(basename "$log")"
  done
  # Predictions and id lists are cut to their first lines: the fuzzer works on small inputs.
  [ -f "$example/predictions.csv" ] && head -n 40 "$example/predictions.csv" >"$seeds/predictions/$name.csv"
  for ids in "$example"splits/*; do
    [ -f "$ids" ] && head -n 20 "$ids" >"$seeds/predictions/$name-$(basename "$ids")"
  done
done
find examples -name .dlcheck.json -exec sh -c 'cp "$1" "$2/$(echo "$1" | tr / _)"' _ {} "$seeds/config" \;

declare -A max_len=([evidence]=8192 [training_log]=8192 [tensorboard]=8192 [predictions]=8192 [config]=4096
  [mlflow_files]=4096 [mlflow_sqlite]=16384 [log_folder]=8192)
# The targets keep a throwaway project in the temporary folder; a crash or an interrupt skips
# their clean-up, so the whole run gets one of its own, removed however it ends.
TMPDIR=$(mktemp -d "${TMPDIR:-/tmp}/dlcheck-fuzz-run.XXXXXX")
export TMPDIR
trap 'rm -rf "$TMPDIR"' EXIT
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
ran=0
for target in "${targets[@]}"; do
  # libFuzzer reads -max_total_time=0 as "no limit": 0 seconds only builds and makes the seeds.
  [ "${seconds_of[$target]}" -gt 0 ] || continue
  ran=$((ran + 1))
  corpus=build-fuzz/corpus/$target
  crashes=build-fuzz/crashes/$target
  mkdir -p "$corpus" "$crashes"
  echo "fuzz: $target for ${seconds_of[$target]}s" >&2
  # New inputs go to the first folder, the corpus; the seeds folder is only read.
  build-fuzz/fuzz/fuzz_"$target" -max_total_time="${seconds_of[$target]}" -timeout=10 -rss_limit_mb=2048 \
    -max_len="${max_len[$target]}" -dict=fuzz/"$target".dict -artifact_prefix="$crashes/" \
    -print_final_stats=1 "$corpus" "$seeds/$target" 2>build-fuzz/"$target".log || {
    tail -n 60 build-fuzz/"$target".log
    echo "fuzz: $target failed; the input is in $crashes/ (see docs/fuzzing.md to reproduce it)" >&2
    exit 1
  }
  grep -E '^(#[0-9]+[[:space:]]+DONE|stat::number_of_executed_units|stat::peak_rss_mb)' build-fuzz/"$target".log >&2 || true
  echo "fuzz: $target: no crash; corpus $(find "$corpus" -type f | wc -l) files" >&2
done
[ "$ran" -eq 0 ] || echo "fuzz: $ran passed, 0 failed"
