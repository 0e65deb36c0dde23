#!/usr/bin/env bash
# Validates dlcheck's JUnit XML against the JUnit schema: validate_junit.sh DLCHECK REPO
# Runs dlcheck once on a passing, a failing and a hostile example, on a file that is not valid
# JSON and on a missing file; then checks that a passing and a failing example have the same test
# cases. Exits 77 (a skip for ctest) when REPO/../shared/schemas is absent.
set -u
dlcheck=$1
repo=$(cd "$2" && pwd)
schema="$repo/../shared/schemas/junit-10.xsd"
if [ ! -f "$schema" ]; then
  echo "skip: no JUnit schema at $schema"
  exit 77
fi
if ! command -v xmllint >/dev/null; then
  echo "FAIL: xmllint is not installed (libxml2-utils; scripts/setup.sh installs it)"
  exit 1
fi

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
printf '{"task": "t",\n  "next_step": }' >"$scratch/invalid.json"
# Student text with everything XML must escape or cannot hold: markup, quotes, an ESC, a NUL escape.
printf '%s\n' '{"task": "<script>alert(1)</script> & \"q\" '"'"'a'"'"' \u001b[2J \u0000",' \
  ' "baseline_accuracy": 0.5, "current_accuracy": "</failure><script> \u0007 \uffff"}' >"$scratch/hostile & 'q' <b>.json"

cd "$repo" || exit 1
"$dlcheck" --format junit \
  examples/image-classification/evidence.json \
  examples/mistake-wrong-accuracy/evidence.json \
  examples/roadmap-record/evidence.json \
  examples/generative-model/evidence.json \
  "$scratch/invalid.json" "$scratch/hostile & 'q' <b>.json" "$scratch/missing.json" >"$scratch/report.xml"
code=$?
if [ "$code" -ne 2 ]; then
  echo "FAIL: dlcheck exited $code, expected 2 (an input error)"
  exit 1
fi

failures=0
xmllint --noout --schema "$schema" "$scratch/report.xml" || failures=$((failures + 1))
for expected in '<error message=' '<failure message=' '<skipped message="not checked: ' 'type="invalid-json"' 'type="unreadable-file"' \
                '<property name="score" value="33/34"/>' '&lt;script&gt;'; do
  if ! grep -qF -- "$expected" "$scratch/report.xml"; then
    echo "FAIL: the report lacks $expected"
    failures=$((failures + 1))
  fi
done
if grep -qF '<script>' "$scratch/report.xml"; then
  echo "FAIL: student markup reached the XML unescaped"
  failures=$((failures + 1))
fi
# Every suite carries its time and file.
if grep '<testsuite ' "$scratch/report.xml" | grep -vqE ' time="[0-9]+\.[0-9]{3}" file="[^"]+">$'; then
  echo "FAIL: a testsuite without time and file"
  failures=$((failures + 1))
fi

# A passing and a failing project of one profile have the same test cases in the same order.
case_names() {  # case_names EVIDENCE: the suite's test-case names, one a line
  "$dlcheck" --format junit "$1" | sed -n 's/^    <testcase classname="[^"]*" name="\([^"]*\)".*/\1/p'
}
case_names examples/image-classification/evidence.json >"$scratch/passing.names"
case_names examples/mistake-wrong-accuracy/evidence.json >"$scratch/failing.names"
"$dlcheck" --format junit examples/image-classification/evidence.json >"$scratch/passing.xml"
if ! grep -qF 'failures="0" errors="0"' "$scratch/passing.xml"; then
  echo "FAIL: the passing example has a failing test case"
  failures=$((failures + 1))
fi
if [ "$(wc -l <"$scratch/passing.names")" -lt 40 ] || ! cmp -s "$scratch/passing.names" "$scratch/failing.names"; then
  echo "FAIL: a passing and a failing file have different test cases:"
  diff "$scratch/passing.names" "$scratch/failing.names" | head -20
  failures=$((failures + 1))
fi
[ "$failures" -eq 0 ] && echo "ok: the JUnit report validates against $(basename "$schema")"
[ "$failures" -eq 0 ]
