#!/usr/bin/env bash
# Runs two dlcheck binaries on every bundled example, alone and as one class, in every output
# format and both profiles, plus the documentation commands, and compares the outputs byte for
# byte. Used to show that a refactoring changed no behaviour:
#   scripts/compare_outputs.sh OLD_BINARY NEW_BINARY
# Prints one line per difference (with a diff below it when DIFF=1) and a total; exits 1 when
# anything differs.
set -uo pipefail
if [[ $# -ne 2 ]]; then
  echo "usage: $0 OLD_BINARY NEW_BINARY" >&2
  exit 2
fi
old=$(realpath "$1")
new=$(realpath "$2")
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

runs=0
differences=0
compare() {  # compare NAME ARGS...: runs both binaries with ARGS from the repository root
  local name=$1
  shift
  runs=$((runs + 1))
  # JUnit's time="…" is the seconds a check took, different in any two runs: blanked.
  { "$old" "$@" 2>"$work/old.err"; echo "exit $?"; } | sed 's/ time="[0-9.]*"/ time=""/g' >"$work/old.out"
  { "$new" "$@" 2>"$work/new.err"; echo "exit $?"; } | sed 's/ time="[0-9.]*"/ time=""/g' >"$work/new.out"
  if ! cmp -s "$work/old.out" "$work/new.out" || ! cmp -s "$work/old.err" "$work/new.err"; then
    differences=$((differences + 1))
    echo "differs: $name"
    if [[ "${DIFF:-0}" == 1 ]]; then
      diff "$work/old.out" "$work/new.out" | head -40
      diff "$work/old.err" "$work/new.err" | head -10
    fi
  fi
}

formats=(text concise json github markdown sarif junit gitlab classroom csv html)
for format in "${formats[@]}"; do
  for profile in roadmap record; do
    for evidence in examples/*/evidence.json; do
      compare "$format $profile $evidence" --color never --format "$format" --profile "$profile" "$evidence"
    done
    compare "$format $profile examples/ (class)" --color never --format "$format" --profile "$profile" examples/
  done
done
compare "rules" rules
compare "schema" schema
for rule in $("$old" rules | awk '{print $1}'); do
  compare "explain $rule" explain "$rule"
done
echo "compared $runs runs: $differences differ"
[[ $differences -eq 0 ]]
