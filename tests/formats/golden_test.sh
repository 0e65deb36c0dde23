#!/usr/bin/env bash
# Golden files of the CI formats (concise, classroom, gitlab) on the bundled examples, byte for byte.
#   golden_test.sh DLCHECK REPO           compares
#   UPDATE=1 golden_test.sh DLCHECK REPO  rewrites tests/formats/golden/ after an intended change
set -u
dlcheck=$(realpath "$1")
cd "$2" || exit 1
golden=tests/formats/golden
failures=0
check() {  # check NAME ARGS...: dlcheck ARGS, run from the repository root, against $golden/NAME
  local name=$1
  shift
  local out
  out=$(mktemp)
  "$dlcheck" --color never "$@" >"$out"
  echo "exit $?" >>"$out"
  if [[ "${UPDATE:-0}" == 1 ]]; then
    cp "$out" "$golden/$name" && chmod 644 "$golden/$name"
  elif ! cmp -s "$out" "$golden/$name"; then
    echo "FAIL: $name differs (dlcheck $*):"
    diff "$golden/$name" "$out" | head -20
    failures=$((failures + 1))
  fi
  rm -f "$out"
}
check concise-class.txt --format concise examples/
check concise-record.txt --format concise --profile record examples/roadmap-record/evidence.json
check classroom-passing.json --format classroom examples/image-classification/evidence.json
check classroom-failing.json --format classroom examples/roadmap-record/evidence.json
check classroom-unchecked.json --format classroom examples/generative-model/evidence.json
check gitlab-class.json --format gitlab examples/
[[ $failures -eq 0 ]]
