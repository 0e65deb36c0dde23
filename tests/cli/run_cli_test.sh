#!/usr/bin/env bash
# Command-line tests of the real binary: run_cli_test.sh DLCHECK SOURCE_DIR CASE [BUILD_DIR]
set -u
dlcheck=$1
root=$2
case_name=$3
build_dir=${4:-}
cd "$root" || exit 1
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
failures=0

fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

# expect_exit CODE COMMAND...: runs COMMAND, keeps stdout/stderr in $scratch/out and $scratch/err.
expect_exit() {
  local want=$1
  shift
  "$@" >"$scratch/out" 2>"$scratch/err"
  local got=$?
  [ "$got" -eq "$want" ] || fail "exit $got, expected $want: $*"
}

expect_in() {  # expect_in FILE TEXT
  grep -qF -- "$2" "$1" || fail "$(basename "$1") lacks: $2"
}

case "$case_name" in
roadmap-four-lines)
  printf 'task: image classification\nimprovement: 0.11\nfailure_case_count: 5\nnext_step: inspect confused classes and add augmentation\n' >"$scratch/expected"
  for profile in record roadmap; do
    want=0
    [ "$profile" = roadmap ] && want=1
    expect_exit $want "$dlcheck" --profile "$profile" --color never examples/roadmap-record/evidence.json
    head -n 4 "$scratch/out" >"$scratch/head"
    cmp -s "$scratch/head" "$scratch/expected" || fail "the first four lines differ under --profile $profile: $(cat "$scratch/head")"
  done
  # Also with colour forced: the four lines stay plain.
  FORCE_COLOR=1 "$dlcheck" --profile record examples/roadmap-record/evidence.json | head -n 4 >"$scratch/head"
  cmp -s "$scratch/head" "$scratch/expected" || fail "the four lines are not plain under FORCE_COLOR"
  # Under the default profile the record's own habit passes and only roadmap items fail: one line
  # says so, in text and markdown; under --profile record, or when a record item fails, it is not said.
  hint='the roadmap'"'"'s "Keep One Evidence Record" habit passes; run with --profile record to check only that. The default profile checks a finished project.'
  for format in text markdown; do
    expect_exit 1 "$dlcheck" --color never --format "$format" examples/roadmap-record/evidence.json
    [ "$(grep -cxF -- "$hint" "$scratch/out")" -eq 1 ] || fail "$format lacks the record-profile hint once"
    expect_exit 0 "$dlcheck" --profile record --color never --format "$format" examples/roadmap-record/evidence.json
    grep -qF -- "--profile record to check" "$scratch/out" && fail "$format gives the hint under --profile record"
    expect_exit 1 "$dlcheck" --color never --format "$format" examples/mistake-string-number/evidence.json
    grep -qF -- "--profile record to check" "$scratch/out" && fail "$format gives the hint when a record item fails"
  done
  ;;
example-exit-codes)
  # examples/EXPECTED: folder, profile, exit code, rule ids that must fire (comma-separated or -).
  checked=0
  while read -r folder profile code rules; do
    case "$folder" in ''|'#'*) continue ;; esac
    expect_exit "$code" "$dlcheck" --profile "$profile" --format json "examples/$folder/evidence.json"
    checked=$((checked + 1))
    if [ "$rules" != "-" ]; then
      for rule in ${rules//,/ }; do
        expect_in "$scratch/out" "\"rule\": \"$rule\""
      done
    fi
  done <examples/EXPECTED
  for dir in examples/*/; do
    grep -q "^$(basename "$dir") " examples/EXPECTED || fail "examples/EXPECTED does not list $dir"
  done
  [ "$checked" -ge 10 ] || fail "only $checked examples checked"
  ;;
bad-input)
  expect_exit 2 "$dlcheck" "$scratch/missing.json"
  expect_in "$scratch/out" "$scratch/missing.json:1:1: error[unreadable-file]: cannot open the file: no such file or directory"
  # A folder is searched for evidence files; one holding none is a file of its own, an error.
  expect_exit 2 "$dlcheck" "$scratch"
  expect_in "$scratch/out" "$scratch/:1:1: error[missing-evidence]: no file named evidence.json in this folder or below"
  [ -s "$scratch/err" ] && fail "an empty folder is not a usage error: $(cat "$scratch/err")"
  : >"$scratch/empty.json"
  expect_exit 2 "$dlcheck" "$scratch/empty.json"
  expect_in "$scratch/out" "empty.json:1:1: error[invalid-json]: the file is empty: expected a JSON object"
  expect_in "$scratch/out" "    | ^"
  printf '{"task": "x",\n "baseline_accuracy": 0.5,,\n}' >"$scratch/invalid.json"
  expect_exit 2 "$dlcheck" "$scratch/invalid.json"
  expect_in "$scratch/out" "invalid.json:2:27: error[invalid-json]: unexpected character ',', expected a member name in double quotes"
  expect_in "$scratch/out" "  2 |  \"baseline_accuracy\": 0.5,,"
  expect_in "$scratch/out" "    |                           ^"
  printf '[{"task": "x"}]' >"$scratch/array.json"
  expect_exit 2 "$dlcheck" "$scratch/array.json"
  expect_in "$scratch/out" "array.json:1:1: error[invalid-json]: the top level must be an object of evidence fields, not an array"
  printf '{"baseline_accuracy": 1e400}' >"$scratch/huge.json"
  expect_exit 2 "$dlcheck" "$scratch/huge.json"
  expect_in "$scratch/out" "huge.json:1:23: error[invalid-json]: number 1e400 is too large for a double"
  printf '\xef\xbb\xbf{"task": "t", "baseline_accuracy": 0.5, "current_accuracy": 0.6, "failure_case_count": 3, "next_step": "x"}' >"$scratch/bom.json"
  expect_exit 0 "$dlcheck" --profile record "$scratch/bom.json"
  printf '{"current": {"value": 1},\n "current": {"value": 2}}' >"$scratch/dup.json"
  expect_exit 1 "$dlcheck" --profile record "$scratch/dup.json"
  expect_in "$scratch/out" "dup.json:2:2: error[duplicate-key]: duplicate key: current is already set at line 1; only this later value is used"
  # Several files: the worst exit code wins, and every file is reported.
  expect_exit 2 "$dlcheck" --profile record "$scratch/bom.json" "$scratch/dup.json" "$scratch/missing.json"
  expect_in "$scratch/out" "3 files checked: 1 passed, 1 failed, 1 could not be read; 8 errors, 0 warnings"
  # The checked file is never modified.
  before=$(sha256sum "$scratch/dup.json")
  "$dlcheck" "$scratch/dup.json" >/dev/null 2>&1
  [ "$before" = "$(sha256sum "$scratch/dup.json")" ] || fail "the evidence file was modified"
  ;;
usage)
  expect_exit 2 "$dlcheck"
  expect_in "$scratch/err" "dlcheck: error: no evidence file given"
  expect_exit 2 "$dlcheck" --no-such-option examples/roadmap-record/evidence.json
  expect_in "$scratch/err" "Run 'dlcheck --help' for usage."
  expect_exit 2 "$dlcheck" --profile strict examples/roadmap-record/evidence.json
  expect_exit 2 "$dlcheck" --format yaml examples/roadmap-record/evidence.json
  expect_exit 2 "$dlcheck" --color sometimes examples/roadmap-record/evidence.json
  # "Did you mean" for a mistyped option, with or without its value, and for a subcommand.
  printf '%s\n' 'dlcheck: error: unknown option "--fromat"; did you mean "--format"?' "Run 'dlcheck --help' for usage." >"$scratch/want"
  expect_exit 2 "$dlcheck" --fromat json examples/roadmap-record/evidence.json
  cmp -s "$scratch/err" "$scratch/want" || fail "--fromat: $(cat "$scratch/err")"
  expect_exit 2 "$dlcheck" --fromat=json examples/roadmap-record/evidence.json
  cmp -s "$scratch/err" "$scratch/want" || fail "--fromat=json: $(cat "$scratch/err")"
  expect_exit 2 "$dlcheck" rules --fromat markdown
  cmp -s "$scratch/err" "$scratch/want" || fail "rules --fromat: $(cat "$scratch/err")"
  expect_exit 2 "$dlcheck" --zzzzzzzz examples/roadmap-record/evidence.json
  [ "$(head -n 1 "$scratch/err")" = 'dlcheck: error: unknown option "--zzzzzzzz"' ] || fail "--zzzzzzzz: $(cat "$scratch/err")"
  (cd "$scratch" && "$dlcheck" rule >out 2>err)
  [ $? -eq 2 ] || fail "dlcheck rule did not exit 2"
  [ "$(head -n 1 "$scratch/err")" = 'dlcheck: error: "rule" is neither a file nor a command; did you mean "rules"?' ] ||
    fail "dlcheck rule: $(cat "$scratch/err")"
  # A file that is there is checked, whatever its name.
  mkdir -p "$scratch/named" && cp examples/roadmap-record/evidence.json "$scratch/named/rule"
  (cd "$scratch/named" && "$dlcheck" --profile record rule >/dev/null 2>&1)
  [ $? -eq 0 ] || fail "a file named rule was not checked"
  ;;
help-and-version)
  expect_exit 0 "$dlcheck" --help
  expect_in "$scratch/out" "Examples:"
  expect_in "$scratch/out" "dlcheck --profile record evidence.json"
  expect_in "$scratch/out" "Exit codes: 0 every file passes, 1 a checklist item fails, 2 bad usage or unreadable input."
  # The docs an installed user has: where cmake --install and the .deb put them.
  prefix=$(sed -n 's/^CMAKE_INSTALL_PREFIX:PATH=//p' "$build_dir/CMakeCache.txt" 2>/dev/null)
  [ -z "$prefix" ] || expect_in "$scratch/out" "$prefix/share/doc/dlcheck/docs"
  expect_exit 0 "$dlcheck" --version
  grep -qE '^dlcheck [0-9]+\.[0-9]+\.[0-9]+$' "$scratch/out" || fail "--version printed: $(cat "$scratch/out")"
  ;;
color)
  esc=$(printf '\033')
  NO_COLOR=1 FORCE_COLOR=1 "$dlcheck" examples/roadmap-record/evidence.json >"$scratch/out"
  grep -q "$esc" "$scratch/out" && fail "NO_COLOR did not disable colour"
  FORCE_COLOR=1 "$dlcheck" examples/roadmap-record/evidence.json >"$scratch/out"
  grep -q "$esc" "$scratch/out" || fail "FORCE_COLOR did not force colour"
  NO_COLOR=1 "$dlcheck" --color always examples/roadmap-record/evidence.json >"$scratch/out"
  grep -q "$esc" "$scratch/out" || fail "--color always did not colour"
  FORCE_COLOR=1 "$dlcheck" --color never examples/roadmap-record/evidence.json >"$scratch/out"
  grep -q "$esc" "$scratch/out" && fail "--color never still coloured"
  env -u NO_COLOR -u FORCE_COLOR "$dlcheck" examples/roadmap-record/evidence.json >"$scratch/out"
  grep -q "$esc" "$scratch/out" && fail "auto coloured a pipe"
  ;;
json-output)
  expect_exit 1 "$dlcheck" --format json examples/roadmap-record/evidence.json examples/image-classification/evidence.json
  python3 - "$scratch/out" <<'PY' || fail "the JSON report does not follow the contract"
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["tool"]["name"] == "dlcheck"
assert doc["profile"] == "roadmap"
# Files are reported sorted by path, whatever order they were given in.
assert [f["path"] for f in doc["files"]] == ["examples/image-classification/evidence.json", "examples/roadmap-record/evidence.json"]
assert [f["verdict"] for f in doc["files"]] == ["pass", "fail"]
assert doc["summary"] == {"files": 2, "passed": 1, "failed": 1, "errored": 0, "exit_code": 1}
record = doc["files"][1]
assert record["metric"]["name"] == "accuracy" and record["metric"]["higher_is_better"] is True
assert abs(record["metric"]["improvement"] - 0.11) < 1e-9
assert len(record["findings"]) == 11
for finding in record["findings"]:
    assert set(finding) >= {"rule", "severity", "message", "hint", "pointer", "line", "column"}
PY
  ;;
rules-and-explain)
  expect_exit 0 "$dlcheck" rules
  expect_in "$scratch/out" "metric-range               error    record, roadmap  metric values lie in the metric's range, all on one scale"
  [ "$(grep -c . "$scratch/out")" -eq 49 ] || fail "dlcheck rules should list 48 rules and a header"
  expect_exit 0 "$dlcheck" explain shape-checks
  expect_in "$scratch/out" "shape-checks: tensor-shape checks are recorded and every one matches"
  expect_in "$scratch/out" "how to fix: "
  expect_exit 2 "$dlcheck" explain shape-check
  expect_in "$scratch/err" "unknown rule \"shape-check\"; did you mean \"shape-checks\"?"
  # explain without a rule lists them all.
  expect_exit 2 "$dlcheck" explain
  [ "$(head -n 1 "$scratch/err")" = 'dlcheck: error: explain needs a rule id, e.g. dlcheck explain metric-range; the rules are:' ] ||
    fail "explain without a rule: $(head -n 1 "$scratch/err")"
  "$dlcheck" rules >"$scratch/list"
  tail -n +2 "$scratch/err" | cmp -s - "$scratch/list" || fail "explain without a rule does not list the rules"
  # docs/rules.md is generated from the rule table and must not go stale.
  "$dlcheck" rules --format markdown >"$scratch/rules.md"
  diff -u docs/rules.md "$scratch/rules.md" >"$scratch/diff" || fail "docs/rules.md is stale: run 'build/dlcheck rules --format markdown > docs/rules.md'"
  ;;
metrics-list)
  expect_exit 0 "$dlcheck" metrics
  expect_in "$scratch/out" "macro_f1            higher  [0, 1]  class labels  recomputed"
  expect_in "$scratch/out" "f1                  higher  [0, 1]  class labels  recomputed for two classes with a known positive label"
  [ "$(grep -c . "$scratch/out")" -eq 45 ] || fail "dlcheck metrics should list 44 metrics and a header"
  # docs/metrics.md is generated from the metric catalog and must not go stale.
  "$dlcheck" metrics --format markdown >"$scratch/metrics.md"
  diff -u docs/metrics.md "$scratch/metrics.md" >"$scratch/diff" || fail "docs/metrics.md is stale: run 'build/dlcheck metrics --format markdown > docs/metrics.md'"
  expect_exit 2 "$dlcheck" metrics --format html
  ;;
readme-quick-start)
  # The README's test command is the one CI runs; the example command must work as written.
  test_command=$(grep -F 'ctest --test-dir build' .ci/run)
  expect_in README.md "$test_command"
  grep -qF './scripts/setup.sh && ./build/dlcheck examples/image-classification/evidence.json' README.md ||
    fail "README lacks the example command"
  expect_exit 0 "$dlcheck" examples/image-classification/evidence.json
  # Every ./build/dlcheck command in the docs runs with a documented exit code (0 or 1, never 2).
  grep -hoE '^ *\./build/dlcheck [^#|;]*' README.md docs/*.md examples/README.md | sed 's/^ *//; s/ *$//' | sort -u >"$scratch/commands"
  while read -r command; do
    args=${command#./build/dlcheck }
    # shellcheck disable=SC2086
    "$dlcheck" $args >/dev/null 2>&1
    code=$?
    [ "$code" -le 1 ] || fail "documented command exits $code: $command"
  done <"$scratch/commands"
  [ -s "$scratch/commands" ] || fail "no documented commands found"
  ;;
install)
  # cmake --install puts a working binary under the prefix.
  [ -n "$build_dir" ] || fail "the install test needs the build folder"
  cmake --install "$build_dir" --prefix "$scratch/prefix" >"$scratch/install.log" 2>&1 || fail "cmake --install failed: $(cat "$scratch/install.log")"
  expect_exit 0 "$scratch/prefix/bin/dlcheck" --version
  expect_exit 0 "$scratch/prefix/bin/dlcheck" --profile record examples/roadmap-record/evidence.json
  ;;
ci-gate)
  # A class folder with a rubric config, batch mode, exit options and report files.
  class="$scratch/class"
  mkdir -p "$class/.git" "$class/alice" "$class/bob" "$class/node_modules/x"
  cp examples/roadmap-record/evidence.json "$class/alice/evidence.json"
  printf '{"task": "t", "baseline_accuracy": 0.5, "current_accuracy": 0.6, "failure_case_count": 3, "next_step": "x", "run_comand": "typo"}' >"$class/bob/evidence.json"
  cp examples/roadmap-record/evidence.json "$class/node_modules/x/evidence.json"
  printf '{"profile": "record"}' >"$class/.dlcheck.json"
  # Two files are a class: the config found beside them is only reported, until it is trusted.
  expect_exit 1 "$dlcheck" --color never "$class"
  expect_in "$scratch/out" "warning[local-config-ignored]: $class/.dlcheck.json is not applied"
  expect_exit 0 "$dlcheck" --color never --trust-local-configs "$class"
  expect_in "$scratch/out" "2 files checked: 2 passed, 0 failed, 0 could not be read; 0 errors, 1 warning"
  expect_exit 1 "$dlcheck" --trust-local-configs --fail-on warning "$class"
  expect_exit 1 "$dlcheck" --trust-local-configs --isolated "$class"  # without the config: the roadmap profile
  expect_exit 0 "$dlcheck" --isolated --exit-zero "$class"
  expect_exit 1 "$dlcheck" --trust-local-configs --profile roadmap "$class"  # the command line wins over the config
  # Every threshold has an option, and it wins over the config's value; bob counts 3 failure cases.
  expect_exit 1 "$dlcheck" --trust-local-configs --min-failure-cases 4 "$class"
  printf '{"profile": "record", "thresholds": {"min_failure_cases": 10}}' >"$class/.dlcheck.json"
  expect_exit 1 "$dlcheck" --trust-local-configs "$class"
  expect_exit 0 "$dlcheck" --trust-local-configs --min-failure-cases 3 "$class"
  expect_exit 2 "$dlcheck" --min-failure-cases 2.5 "$class"
  expect_in "$scratch/err" "--min-failure-cases: must be a whole number from 0 to 1000000, not 2.5"
  printf '{"profile": "record"}' >"$class/.dlcheck.json"
  printf '{"profile": "record", "rules": {"unknown-field": "error"}, "points": {"task": 5}}' >"$scratch/strict.json"
  expect_exit 1 "$dlcheck" --config "$scratch/strict.json" --format json "$class"
  expect_in "$scratch/out" '"earned": 10,'
  # A bad config found for the files makes them error rows, with its position and a suggestion.
  printf '{\n  "rules": {"unknown-feild": "off"}\n}' >"$class/.dlcheck.json"
  expect_exit 2 "$dlcheck" "$class"
  expect_in "$scratch/out" "error[invalid-config]: $class/.dlcheck.json:2:13: unknown rule \"unknown-feild\"; did you mean \"unknown-field\"?"
  expect_exit 2 "$dlcheck" --exit-zero "$class"
  # The same mistake in --config is the instructor's: a usage error before anything is checked.
  expect_exit 2 "$dlcheck" --config "$class/.dlcheck.json" "$class"
  expect_in "$scratch/err" "dlcheck: error: $class/.dlcheck.json:2:13: unknown rule \"unknown-feild\"; did you mean \"unknown-field\"?"
  [ ! -s "$scratch/out" ] || fail "a bad --config still checked files"
  # A threshold takes one range, from the config and from the command line alike.
  printf '{"thresholds": {"overfit_patience": 0}}' >"$class/.dlcheck.json"
  expect_exit 2 "$dlcheck" "$class"
  expect_in "$scratch/out" "$class/.dlcheck.json:1:17: overfit_patience must be a whole number from 1 to 1000000, not 0"
  expect_exit 2 "$dlcheck" --overfit-patience 0 --isolated "$class"
  expect_in "$scratch/err" "--overfit-patience: must be a whole number from 1 to 1000000, not 0"
  expect_exit 2 "$dlcheck" --overfit-rise 1e3 --isolated "$class"
  expect_in "$scratch/err" "--overfit-rise: must be a number from 0 to 100, not 1e3"
  rm "$class/.dlcheck.json"
  # -o writes the report atomically; --summary writes Markdown next to it.
  expect_exit 1 "$dlcheck" --format json -o "$scratch/report.json" --summary "$scratch/summary.md" "$class"
  [ ! -s "$scratch/out" ] || fail "-o still wrote to stdout"
  python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$scratch/report.json" || fail "-o did not write JSON"
  [ -s "$scratch/summary.md" ] || fail "--summary wrote nothing"
  GITHUB_STEP_SUMMARY="$scratch/step.md" "$dlcheck" --summary --profile record "$class" >/dev/null
  [ -s "$scratch/step.md" ] || fail "--summary did not append to GITHUB_STEP_SUMMARY"
  # Deterministic whatever -j is.
  "$dlcheck" -j 1 --format json examples >"$scratch/j1.json"
  "$dlcheck" -j 4 --format json examples >"$scratch/j4.json"
  cmp -s "$scratch/j1.json" "$scratch/j4.json" || fail "output differs between -j 1 and -j 4"
  expect_exit 0 "$dlcheck" --name "*.json" --profile record "$class/bob"
  expect_in "$scratch/out" "bob/evidence.json (profile: record)"
  ;;
init-and-schema)
  project="$scratch/project"
  mkdir -p "$project"
  expect_exit 0 "$dlcheck" init "$project"
  expect_in "$scratch/out" "wrote $project/evidence.json"
  # The untouched template fails, with every placeholder flagged.
  expect_exit 1 "$dlcheck" --format json "$project/evidence.json"
  expect_in "$scratch/out" '"rule": "placeholder"'
  expect_in "$scratch/out" '"message": "task is still a placeholder: \"<fill in: what the model does, e.g. image classification>\""'
  # A placeholder counts as missing for every rule: the fresh template passes no item.
  expect_in "$scratch/out" '"earned": 0,'
  python3 -c 'import json, sys; s = json.load(open(sys.argv[1]))["files"][0]["score"]; assert (s["earned"], s["possible"]) == (0, 34), s; assert not [c for c in json.load(open(sys.argv[1]))["files"][0]["checklist"] if c["status"] == "passed"]' "$scratch/out" ||
    fail "the fresh template passes an item under the roadmap profile"
  expect_exit 1 "$dlcheck" --profile record --format json "$project/evidence.json"
  python3 -c 'import json, sys; s = json.load(open(sys.argv[1]))["files"][0]["score"]; assert (s["earned"], s["possible"]) == (0, 6), s' "$scratch/out" ||
    fail "the fresh template passes an item under the record profile"
  # init never overwrites; --force keeps a copy of what was there.
  echo '{"task": "mine"}' >"$project/evidence.json"
  expect_exit 2 "$dlcheck" init "$project"
  expect_in "$scratch/err" "exists; dlcheck init never overwrites it"
  grep -q '"mine"' "$project/evidence.json" || fail "init overwrote the evidence file"
  expect_exit 0 "$dlcheck" init --force "$project"
  grep -q '"mine"' "$project/evidence.json.bak" || fail "--force kept no .bak copy"
  expect_exit 0 "$dlcheck" init --force "$project"
  grep -q '"mine"' "$project/evidence.json.bak" || fail "a second --force replaced the first backup"
  [ -f "$project/evidence.json.bak.2" ] || fail "a second --force kept no .bak.2"
  # init DIR creates DIR, one level deep; a missing parent or a dangling symlink is refused.
  expect_exit 0 "$dlcheck" init "$scratch/new-project"
  [ -f "$scratch/new-project/evidence.json" ] || fail "init did not create a new folder"
  expect_exit 2 "$dlcheck" init "$scratch/no-parent/project"
  [ "$(cat "$scratch/err")" = "dlcheck: error: cannot create $scratch/no-parent/project: its parent folder $scratch/no-parent does not exist" ] ||
    fail "init of a folder without a parent: $(cat "$scratch/err")"
  [ ! -e "$scratch/no-parent" ] || fail "init created a missing parent"
  ln -s "$scratch/outside-target" "$scratch/dangling"
  expect_exit 2 "$dlcheck" init "$scratch/dangling"
  [ "$(cat "$scratch/err")" = "dlcheck: error: $scratch/dangling is not a folder" ] ||
    fail "init of a dangling symlink: $(cat "$scratch/err")"
  [ ! -e "$scratch/outside-target" ] || fail "init followed a dangling symlink"
  # The field list of docs/evidence-format.md is generated from the field table and must not go stale.
  expect_exit 0 "$dlcheck" schema --format markdown
  sed -n '/^<!-- fields:begin/,/^<!-- fields:end -->$/p' docs/evidence-format.md >"$scratch/fields.md"
  [ -s "$scratch/fields.md" ] || fail "docs/evidence-format.md lacks the fields:begin and fields:end markers"
  diff -u "$scratch/fields.md" "$scratch/out" >"$scratch/diff" ||
    fail "the field list of docs/evidence-format.md is stale: replace it with the output of 'build/dlcheck schema --format markdown'"
  # The schema is a valid draft 2020-12 schema, and every passing example validates against it.
  expect_exit 0 "$dlcheck" schema
  python3 - "$scratch/out" examples <<'PY' || fail "the JSON Schema check failed"
import glob, json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
for folder in ["roadmap-record", "image-classification", "sentiment-analysis", "generative-model", "mistake-leakage", "mistake-nan-loss"]:
    errors = list(validator.iter_errors(json.load(open(f"{sys.argv[2]}/{folder}/evidence.json"))))
    assert not errors, (folder, [e.message for e in errors])
bad = json.load(open(f"{sys.argv[2]}/mistake-string-number/evidence.json"))
assert list(validator.iter_errors(bad)), "a string value must not validate"
PY
  ;;
debian-package)
  # CPack builds a .deb whose binary runs after dpkg -x.
  [ -n "$build_dir" ] || fail "the package test needs the build folder"
  (cd "$build_dir" && cpack -G DEB -B "$scratch/package" >"$scratch/cpack.log" 2>&1) || fail "cpack failed: $(tail -5 "$scratch/cpack.log")"
  deb=$(ls "$scratch"/package/*.deb 2>/dev/null | head -n 1)
  [ -n "$deb" ] || fail "no .deb was built"
  dpkg-deb --field "$deb" Package Version Depends >"$scratch/fields" || fail "dpkg-deb cannot read the package"
  expect_in "$scratch/fields" "Package: dlcheck"
  dpkg -x "$deb" "$scratch/root" || fail "dpkg -x failed"
  expect_exit 0 "$scratch/root/usr/bin/dlcheck" --version
  grep -qE '^dlcheck [0-9]+\.[0-9]+\.[0-9]+$' "$scratch/out" || fail "the packaged binary printed: $(cat "$scratch/out")"
  ;;
integrations)
  # The GitHub Action's run step and the pre-commit hook, exercised with the real binary.
  python3 - "$dlcheck" "$scratch" <<'PY' || fail "action.yml or .pre-commit-hooks.yaml does not work as written"
import os, subprocess, sys, yaml
dlcheck, scratch = sys.argv[1], sys.argv[2]
action = yaml.safe_load(open("action.yml"))
assert action["runs"]["using"] == "composite"
steps = {step["name"]: step for step in action["runs"]["steps"]}
build = steps["Build dlcheck"]["run"]
assert "-DDLCHECK_BUILD_TESTS=OFF" in build and "$GITHUB_ACTION_PATH" in build
run = steps["Run dlcheck"]
os.makedirs(f"{scratch}/runner/dlcheck-build", exist_ok=True)
os.symlink(os.path.abspath(dlcheck), f"{scratch}/runner/dlcheck-build/dlcheck")
env = dict(os.environ, RUNNER_TEMP=f"{scratch}/runner", GITHUB_STEP_SUMMARY=f"{scratch}/summary.md",
           DLCHECK_PATHS="examples/image-classification examples/sentiment-analysis", DLCHECK_ARGS="--profile roadmap",
           DLCHECK_SARIF=f"{scratch}/out.sarif", DLCHECK_CONFIG="", DLCHECK_CLASSROOM="false",
           GITHUB_OUTPUT=f"{scratch}/github_output")
result = subprocess.run(["bash", "-e", "-c", run["run"]], env=env, capture_output=True, text=True)
assert result.returncode == 0, result.stdout + result.stderr
assert "dlcheck: 2 files, 2 passed" in result.stdout, result.stdout
assert os.path.getsize(f"{scratch}/summary.md") > 0 and os.path.getsize(f"{scratch}/out.sarif") > 0
env["DLCHECK_PATHS"] = "examples/mistake-leakage"
assert subprocess.run(["bash", "-e", "-c", run["run"]], env=env, capture_output=True).returncode == 1
# Every input at its default (no args, no sarif): a passing project passes, and the summary is written.
os.makedirs(f"{scratch}/student/.git")
with open("examples/roadmap-record/evidence.json") as source, open(f"{scratch}/student/evidence.json", "w") as out:
    out.write(source.read())
os.remove(f"{scratch}/summary.md")
defaults = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
env.update(DLCHECK_PATHS=defaults["paths"], DLCHECK_ARGS=defaults["args"], DLCHECK_SARIF=defaults["sarif"],
           DLCHECK_CONFIG=defaults["config"], DLCHECK_CLASSROOM=defaults["classroom"])
result = subprocess.run(["bash", "-e", "-c", run["run"]], env=env, capture_output=True, text=True, cwd=f"{scratch}/student")
assert "no evidence file" not in result.stderr, result.stderr
assert "dlcheck: 1 file" in result.stdout, result.stdout + result.stderr
assert os.path.getsize(f"{scratch}/summary.md") > 0
# With sarif set, a broken evidence.json still reaches the annotation step, which reports it (exit 2).
with open(f"{scratch}/student/evidence.json", "w") as out:
    out.write('{"task": "t",,}')
env["DLCHECK_SARIF"] = f"{scratch}/broken.sarif"
result = subprocess.run(["bash", "-e", "-c", run["run"]], env=env, capture_output=True, text=True, cwd=f"{scratch}/student")
assert result.returncode == 2, result.stdout + result.stderr
assert "::error file=" in result.stdout and "invalid-json" in result.stdout, result.stdout
assert '"ruleId": "invalid-json"' in open(f"{scratch}/broken.sarif").read()
assert not os.path.exists(f"{scratch}/github_output"), "no classroom result unless asked"
# classroom: true publishes the grade as the output result (base64, one line) and leaves failing
# to the reporter; the grade decodes as the reporter decodes it.
import base64, json
env.update(DLCHECK_CLASSROOM="true", DLCHECK_SARIF="", DLCHECK_PATHS=os.path.abspath("examples/mistake-leakage"))
result = subprocess.run(["bash", "-e", "-c", run["run"]], env=env, capture_output=True, text=True, cwd=f"{scratch}/student")
assert result.returncode == 0, result.stdout + result.stderr
assert "::error file=" in result.stdout, result.stdout
lines = open(f"{scratch}/github_output").read().splitlines()
assert len(lines) == 1 and lines[0].startswith("result="), lines
grade = json.loads(base64.b64decode(lines[0][len("result="):], validate=True))
earned = sum(test["score"] for test in grade["tests"])
assert grade["status"] == "fail" and 0 < earned < grade["max_score"], (grade["status"], earned, grade["max_score"])
assert action["outputs"]["result"]["value"] == "${{ steps.run.outputs.result }}" and run["id"] == "run"
hooks = yaml.safe_load(open(".pre-commit-hooks.yaml"))
assert hooks[0]["id"] == "dlcheck" and hooks[0]["entry"] == "dlcheck" and hooks[0]["language"] == "system"
import re
assert re.search(hooks[0]["files"], "course/week6/evidence.json") and not re.search(hooks[0]["files"], "data/labels.json")
PY
  ;;
limits)
  # Each limit has a default, an option and a config key; the command line wins over the config,
  # and hitting a limit says file:line:col and the option that raises it.
  project="$scratch/limits"
  mkdir -p "$project/.git" "$project/logs"
  record='"task": "t", "baseline_accuracy": 0.5, "current_accuracy": 0.6, "failure_case_count": 3, "next_step": "x"'
  printf '{%s, "notes": %s%s}' "$record" "$(printf '[%.0s' $(seq 20))" "$(printf ']%.0s' $(seq 20))" >"$project/deep.json"
  expect_exit 0 "$dlcheck" --profile record "$project/deep.json"
  expect_exit 2 "$dlcheck" --profile record --max-depth 10 "$project/deep.json"
  expect_in "$scratch/out" "deep.json:1:127: error[invalid-json]: nesting is deeper than 10 levels (--max-depth)"
  printf '{"limits": {"max_depth": 10, "max_file_size": "1K"}}' >"$project/.dlcheck.json"
  expect_exit 2 "$dlcheck" --profile record "$project/deep.json"
  expect_in "$scratch/out" "nesting is deeper than 10 levels (--max-depth)"
  expect_exit 0 "$dlcheck" --profile record --max-depth 21 "$project/deep.json"  # the option wins
  # Sizes: over the config's 1K, then raised with a suffix on the command line.
  printf '{%s, "notes": "%s"}' "$record" "$(head -c 2000 /dev/zero | tr '\0' x)" >"$project/big.json"
  expect_exit 2 "$dlcheck" --profile record "$project/big.json"
  expect_in "$scratch/out" "big.json:1:1: error[unreadable-file]: the file is 2120 bytes, over the limit of 1024 bytes (--max-file-size)"
  expect_exit 0 "$dlcheck" --profile record --max-file-size 3k "$project/big.json"
  expect_exit 0 "$dlcheck" --profile record --isolated "$project/big.json"  # the default is 16M
  rm "$project/.dlcheck.json"
  # The config itself is read under --max-file-size as given on the command line, and only if
  # it is a regular file (a FIFO would otherwise hang the run).
  printf '{"profile": "record"%s}' "$(printf ' %.0s' $(seq 2000))" >"$project/rubric.json"
  expect_exit 0 "$dlcheck" --config "$project/rubric.json" "$project/deep.json"
  expect_exit 2 "$dlcheck" --max-file-size 1K --config "$project/rubric.json" "$project/deep.json"
  expect_in "$scratch/err" "rubric.json:1:1: the file is 2021 bytes, over the limit of 1024 bytes (--max-file-size)"
  mkfifo "$project/fifo.json"
  expect_exit 2 timeout 10 "$dlcheck" --config "$project/fifo.json" "$project/deep.json"
  expect_in "$scratch/err" "fifo.json:1:1: this is not a regular file (a FIFO, socket or device is never read)"
  rm "$project/rubric.json" "$project/fifo.json"
  # Lines of named files.
  printf 'epoch,loss\n1,0.9\n2,0.5\n3,0.25000000000000000000000000001\n' >"$project/logs/train.csv"
  printf '{%s, "training_log": "logs/train.csv"}' "$record" >"$project/evidence.json"
  expect_exit 0 "$dlcheck" --profile record "$project/evidence.json"
  expect_exit 1 "$dlcheck" --profile record --max-line-length 16 "$project/evidence.json"
  expect_in "$scratch/out" "logs/train.csv:4:17: error[log-format]: cannot read the training log: line 4 is longer than the limit of 16 bytes (--max-line-length)"
  printf '{"limits": {"max_line_length": 16}}' >"$project/.dlcheck.json"
  expect_exit 1 "$dlcheck" --profile record "$project/evidence.json"
  expect_exit 0 "$dlcheck" --profile record --max-line-length 1M "$project/evidence.json"
  rm "$project/.dlcheck.json"
  # Findings: one note counts the rest; the verdict, exit code and counts stay whole.
  printf '{"notes": [%s]}' "$(printf '"TODO %s",' $(seq 40))\"TODO\"" >"$project/todo.json"
  expect_exit 1 "$dlcheck" --profile record --format json "$project/todo.json"
  python3 - "$scratch/out" 47 <<'PY' || fail "without a limit every finding is listed"
import json, sys
file = json.load(open(sys.argv[1]))["files"][0]
assert len(file["findings"]) == int(sys.argv[2]) and file["counts"]["errors"] == int(sys.argv[2]), file["counts"]
PY
  expect_exit 1 "$dlcheck" --profile record --max-findings 10 --format json "$project/todo.json"
  python3 - "$scratch/out" <<'PY' || fail "--max-findings did not keep 10 findings and a note with the true counts"
import json, sys
file = json.load(open(sys.argv[1]))["files"][0]
assert file["verdict"] == "fail" and file["counts"] == {"errors": 47, "warnings": 0, "infos": 1}, file["counts"]
assert len(file["findings"]) == 11, len(file["findings"])
note = file["findings"][-1]
assert note["rule"] == "too-many-findings" and note["severity"] == "info", note
assert note["message"] == "37 more findings are left out (37 errors): the report keeps at most 10 per file (--max-findings)", note
PY
  expect_exit 1 "$dlcheck" --profile record --max-findings 10 "$project/todo.json"
  expect_in "$scratch/out" "todo.json:1:1: info[too-many-findings]: 37 more findings are left out (37 errors): the report keeps at most 10 per file (--max-findings)"
  expect_in "$scratch/out" "verdict: fail: 0/6 checklist items passed, 47 errors, 0 warnings"
  # Bad values are usage errors that say what is allowed.
  expect_exit 2 "$dlcheck" --max-depth 0 "$project/deep.json"
  expect_in "$scratch/err" "--max-depth: must be a whole number from 1 to 1000, not 0"
  expect_exit 2 "$dlcheck" --max-file-size 2T "$project/deep.json"
  expect_in "$scratch/err" "--max-file-size: must be a number of bytes (or with K, M or G) from 1 to 1G, not 2T"
  expect_exit 2 "$dlcheck" --max-findings lots "$project/deep.json"
  printf '{"limits": {"max_depth": 100000}}' >"$project/.dlcheck.json"
  expect_exit 2 "$dlcheck" "$project/deep.json"
  expect_in "$scratch/out" "$project/.dlcheck.json:1:13: max_depth must be a whole number from 1 to 1000, not 100000"
  expect_exit 0 "$dlcheck" --help
  for option in "--max-file-size BYTES=16M" "--max-depth N=256" "--max-line-length BYTES=1M" "--max-findings N=200" \
    "--min-failure-cases UINT=3" "--min-success-samples UINT=1" "--min-improvement FLOAT=0" \
    "--min-relative-improvement FLOAT=0" "--min-log-points UINT=3" "--metric-tolerance FLOAT=0.001"; do
    expect_in "$scratch/out" "$option"
  done
  ;;
hostile-input)
  # Files that are not what they claim to be: each is an error with its place, never a crash.
  project="$scratch/hostile"
  mkdir -p "$project/.git" "$project/folder"
  record='"task": "t", "baseline_accuracy": 0.5, "current_accuracy": 0.6, "failure_case_count": 3, "next_step": "x"'
  expect_exit 2 "$dlcheck" /dev/null
  expect_in "$scratch/out" "/dev/null:1:1: error[unreadable-file]: this is not a regular file (a FIFO, socket or device is never read)"
  ln -s /dev/zero "$project/zero.json"
  expect_exit 2 "$dlcheck" "$project/zero.json"
  expect_in "$scratch/out" "zero.json:1:1: error[symlinked-evidence]: zero.json is a symlink to \"/dev/zero\", which is not followed"
  expect_exit 2 "$dlcheck" --follow-symlinks "$project/zero.json"
  expect_in "$scratch/out" "zero.json:1:1: error[unreadable-file]: this is not a regular file"
  mkfifo "$project/fifo.json"
  expect_exit 2 timeout 10 "$dlcheck" "$project/fifo.json"
  expect_in "$scratch/out" "fifo.json:1:1: error[unreadable-file]: this is not a regular file"
  mkdir "$project/folder/evidence.json"  # a folder named like an evidence file is not one
  expect_exit 2 "$dlcheck" "$project/folder"
  expect_in "$scratch/out" "$project/folder/:1:1: error[missing-evidence]: no file named evidence.json in this folder or below"
  # Unreadable: /proc/self/mem opens, but reading it at offset 0 fails, even for root.
  expect_exit 2 "$dlcheck" /proc/self/mem
  expect_in "$scratch/out" "/proc/self/mem:1:1: error[unreadable-file]: cannot read the file: input/output error"
  printf '{%s}' "$record" >"$project/secret.json"
  chmod 000 "$project/secret.json"
  if [ "$(id -u)" -ne 0 ]; then  # root reads a chmod 000 file anyway
    expect_exit 2 "$dlcheck" "$project/secret.json"
    expect_in "$scratch/out" "secret.json:1:1: error[unreadable-file]: cannot open the file: permission denied"
  fi
  chmod 644 "$project/secret.json"
  ln -s loop2.json "$project/loop1.json"
  ln -s loop1.json "$project/loop2.json"
  expect_exit 2 "$dlcheck" "$project/loop1.json"
  expect_in "$scratch/out" "loop1.json:1:1: error[symlinked-evidence]: loop1.json is a symlink to \"loop2.json\", which is not followed"
  expect_exit 2 "$dlcheck" --follow-symlinks "$project/loop1.json"
  expect_in "$scratch/out" "loop1.json:1:1: error[unreadable-file]: cannot open the file: too many levels of symbolic links"
  # Bytes: NUL, binary garbage, numbers out of range, CRLF and a byte-order mark.
  printf '{"task": "a\0b"}' >"$project/nul.json"
  expect_exit 2 "$dlcheck" "$project/nul.json"
  expect_in "$scratch/out" "nul.json:1:12: error[invalid-json]: control character U+0000 must be escaped inside a string"
  garbage() { python3 -c 'import random, sys; random.seed(int(sys.argv[1])); sys.stdout.buffer.write(random.randbytes(4096))' "$1"; }
  garbage 1 >"$project/garbage.json"
  expect_exit 2 "$dlcheck" "$project/garbage.json"
  grep -qE "garbage.json:[0-9]+:[0-9]+: error\[invalid-json\]" "$scratch/out" || fail "garbage is not an invalid-json error: $(head -c 300 "$scratch/out")"
  printf '{"baseline_accuracy": -1e400}' >"$project/negative.json"
  expect_exit 2 "$dlcheck" "$project/negative.json"
  expect_in "$scratch/out" "negative.json:1:23: error[invalid-json]: number -1e400 is too large for a double"
  printf '{"failure_case_count": 1%05000d}' 0 >"$project/digits.json"
  expect_exit 2 "$dlcheck" "$project/digits.json"
  expect_in "$scratch/out" "digits.json:1:24: error[invalid-json]: number 100000000000000000000000…(5001 digits) is too large for a double"
  printf '\xef\xbb\xbf{"task": "t",\r\n "baseline_accuracy": 0.5, "current_accuracy": 0.6,\r\n "failure_case_count": 3, "next_step": 7}\r\n' >"$project/crlf.json"
  expect_exit 1 "$dlcheck" --profile record "$project/crlf.json"
  expect_in "$scratch/out" "crlf.json:3:27: error[next-step]: next_step must be a string or an object with \"change\" and \"reason\", not the number 7"
  # Named files: outside the root, devices, loops, unreadable; the evidence file is still checked.
  ln -s /etc/passwd "$project/passwd.csv"
  ln -s /dev/zero "$project/zero.csv"
  ln -s loop2.csv "$project/loop1.csv"
  ln -s loop1.csv "$project/loop2.csv"
  for named in ../outside.csv /etc/passwd passwd.csv zero.csv loop1.csv folder/evidence.json; do
    printf '{%s, "predictions": "%s"}' "$record" "$named" >"$project/named.json"
    expect_exit 1 "$dlcheck" --profile record "$project/named.json"
    grep -qE "error\[project-file\]: predictions names \"$named\": (the path leaves the project root|an absolute path is not allowed|the path is a symlink that resolves outside the project root|the path is a symlink loop|this is a directory, not a file)" "$scratch/out" ||
      fail "$named is not refused: $(grep project-file "$scratch/out")"
  done
  # A named file that cannot be read (as root too): /proc/self/mem, inside --root /.
  mem=$(python3 -c 'import os, sys; print(os.path.relpath("/proc/self/mem", sys.argv[1]))' "$project")
  printf '{%s, "training_log": "%s"}' "$record" "$mem" >"$project/mem.json"
  expect_exit 1 "$dlcheck" --profile record --root / "$project/mem.json"
  expect_in "$scratch/out" "error[log-format]: cannot read the training log: cannot read: Input/output error"
  # Many files: one unreadable and one garbage file among good ones stop nothing.
  class="$scratch/class"
  for student in alice bob carol dave erin; do mkdir -p "$class/$student"; done
  mkdir -p "$class/.git"
  for student in alice carol erin; do printf '{%s}' "$record" >"$class/$student/evidence.json"; done
  ln -s /proc/self/mem "$class/bob/evidence.json"
  garbage 2 >"$class/dave/evidence.json"
  expect_exit 2 "$dlcheck" --profile record --color never "$class"
  expect_in "$scratch/out" "5 files checked: 3 passed, 0 failed, 2 could not be read; 2 errors, 0 warnings"
  expect_in "$scratch/out" "$class/bob/evidence.json:1:1: error[symlinked-evidence]: evidence.json is a symlink to \"/proc/self/mem\", which is not followed"
  for student in alice carol erin; do
    grep -qE "^$class/$student/evidence.json +pass " "$scratch/out" || fail "$student is not reported as passing"
  done
  expect_exit 2 "$dlcheck" --profile record --format json -j 2 "$class"
  python3 - "$scratch/out" <<'PY' || fail "the JSON report lost or misjudged a file"
import json, sys
doc = json.load(open(sys.argv[1]))
verdicts = {f["path"].split("/")[-2]: f["verdict"] for f in doc["files"]}
assert verdicts == {"alice": "pass", "bob": "error", "carol": "pass", "dave": "error", "erin": "pass"}, verdicts
assert doc["summary"] == {"files": 5, "passed": 3, "failed": 0, "errored": 2, "exit_code": 2}, doc["summary"]
PY
  ;;
symlinked-evidence)
  # An evidence file that is a symlink may lead to any file of the CI machine: it is never read,
  # so no format shows a byte of it, alone or in a class run. Only --follow-symlinks, for a file
  # named on the command line, reads it.
  secret="dlcheck-test-secret-$$-$RANDOM-q7Zx"
  env_secret="dlcheck-env-secret-$$-$RANDOM-k2Wv"
  mkdir -p "$scratch/outside"
  printf 'https://student:%s@example.com\n' "$secret" >"$scratch/outside/credentials"
  class="$scratch/class"
  mkdir -p "$class/.git" "$class/alice" "$class/bob" "$class/carol"
  ln -s "$scratch/outside/credentials" "$class/alice/evidence.json"
  ln -s /proc/self/environ "$class/bob/evidence.json"
  printf '{"task": "t", "baseline_accuracy": 0.5, "current_accuracy": 0.6, "failure_case_count": 3, "next_step": "x"}' \
    >"$class/carol/evidence.json"
  no_secret() {  # no_secret WHAT: neither secret is in the output
    ! grep -qF -e "$secret" -e "$env_secret" "$scratch/out" "$scratch/err" || fail "$1 shows the secret"
  }
  findings_of() {  # findings_of RULE: how many findings of RULE $scratch/out shows, in $format
    case $format in
    csv) echo csv ;;  # a row per file and no findings: the rows are checked by path
    sarif) python3 -c 'import json, sys; print(sum(r["ruleId"] == sys.argv[2] for r in json.load(open(sys.argv[1]))["runs"][0]["results"]))' "$scratch/out" "$1" ;;
    junit) grep -o "type=\"$1\"" "$scratch/out" | wc -l ;;
    html) grep -v '^<tr><td><a href="#file-' "$scratch/out" | grep -o "$1" | wc -l ;;  # the class table names failed rules
    *) grep -o "$1" "$scratch/out" | wc -l ;;
    esac
  }
  expect_findings() {  # expect_findings RULE COUNT WHAT
    local got
    got=$(findings_of "$1")
    [ "$got" = csv ] || [ "$got" -eq "$2" ] || fail "$format, $3: $got $1 findings, expected $2"
  }
  for format in text json github markdown sarif junit csv html; do
    expect_exit 2 env DLCHECK_SECRET="$env_secret" "$dlcheck" --profile record --color never --format "$format" \
      "$class/alice/evidence.json"
    no_secret "$format, one file"
    # The CI formats name files from the repository root (the class folder holds .git).
    case $format in github | sarif | junit) at="" ;; *) at="$class/" ;; esac
    expect_in "$scratch/out" "${at}alice/evidence.json"
    [ "$format" = csv ] || expect_in "$scratch/out" "evidence.json is a symlink to"
    expect_findings symlinked-evidence 1 "one file"
    # The class by student, then as one folder: a link found in a folder is refused even with
    # --follow-symlinks, which covers only the files the grader names.
    for run in by-student folder; do
      if [ $run = by-student ]; then paths=("$class"/*); else paths=(--follow-symlinks "$class"); fi
      expect_exit 2 env DLCHECK_SECRET="$env_secret" "$dlcheck" --profile record --color never --format "$format" \
        "${paths[@]}"
      no_secret "$format, the class $run"
      for student in alice bob; do expect_in "$scratch/out" "$at$student/evidence.json"; done
      expect_findings symlinked-evidence 2 "the class $run"
    done
  done
  expect_exit 2 env DLCHECK_SECRET="$env_secret" "$dlcheck" --profile record --color never "$class"
  expect_in "$scratch/out" "$class/alice/evidence.json:1:1: error[symlinked-evidence]: evidence.json is a symlink to \"$scratch/outside/credentials\", which is not followed"
  expect_in "$scratch/out" "$class/bob/evidence.json:1:1: error[symlinked-evidence]: evidence.json is a symlink to \"/proc/self/environ\", which is not followed"
  expect_in "$scratch/out" "3 files checked: 1 passed, 0 failed, 2 could not be read; 2 errors, 0 warnings"
  # The grader's flag reads a link named on the command line, still only a regular file within
  # the limits; the credentials are then not JSON, and the excerpt shows them.
  for format in text json github markdown sarif junit csv html; do
    expect_exit 2 "$dlcheck" --format "$format" --follow-symlinks "$class/alice/evidence.json"
    expect_findings symlinked-evidence 0 "--follow-symlinks"
    expect_findings invalid-json 1 "--follow-symlinks"
  done
  expect_exit 2 "$dlcheck" --color never --follow-symlinks "$class/alice/evidence.json"
  expect_in "$scratch/out" "$class/alice/evidence.json:1:1: error[invalid-json]: unexpected character 'h', expected a value"
  expect_in "$scratch/out" "$secret"
  expect_exit 2 "$dlcheck" --color never --follow-symlinks --max-file-size 10 "$class/alice/evidence.json"
  expect_in "$scratch/out" "error[unreadable-file]: the file is $(wc -c <"$scratch/outside/credentials") bytes, over the limit of 10 bytes (--max-file-size)"
  # A student's .dlcheck.json that is a symlink is not read either: a link to a JSON secret
  # would show its keys in the config's error message.
  solo="$scratch/solo"
  mkdir -p "$solo/.git"
  printf '{"%s": 1}' "$secret" >"$scratch/outside/secret.json"
  ln -s "$scratch/outside/secret.json" "$solo/.dlcheck.json"
  printf '{"task": "t"}' >"$solo/evidence.json"
  for format in text json github markdown sarif junit csv html; do
    expect_exit 2 "$dlcheck" --color never --format "$format" "$solo/evidence.json"
    if grep -q "$secret" "$scratch/out" "$scratch/err"; then fail "--format $format showed a symlinked config's target"; fi
  done
  expect_exit 2 "$dlcheck" --color never "$solo/evidence.json"
  expect_in "$scratch/out" "the config is a symlink, which is not followed"
  ;;
missing-evidence)
  # A class run names each student's folder; one holding no evidence file is a row of its own,
  # an error (exit 2) in every format, and the others are still checked.
  class="$scratch/class"
  mkdir -p "$class/.git" "$class/alice" "$class/bob/notes" "$class/carol"
  record='{"task": "t", "baseline_accuracy": 0.5, "current_accuracy": 0.6, "failure_case_count": 3, "next_step": "x"}'
  printf '%s' "$record" >"$class/alice/evidence.json"
  printf '%s' "$record" >"$class/carol/evidence.json"
  run() { expect_exit 2 "$dlcheck" --profile record --color never --format "$1" "$class"/*; }
  run text
  expect_in "$scratch/out" "$class/bob/:1:1: error[missing-evidence]: no file named evidence.json in this folder or below"
  expect_in "$scratch/out" "3 files checked: 2 passed, 0 failed, 1 could not be read; 1 error, 0 warnings"
  grep -qE "^$class/bob/ +error " "$scratch/out" || fail "text: no class-table row for bob"
  [ -s "$scratch/err" ] && fail "an empty folder is not a usage error: $(cat "$scratch/err")"
  run json
  python3 - "$scratch/out" "$class" <<'PY' || fail "json: the empty folder is not a missing-evidence row"
import json, sys
doc, cls = json.load(open(sys.argv[1])), sys.argv[2]
rows = {f["path"]: f for f in doc["files"]}
assert list(rows) == [cls + "/alice/evidence.json", cls + "/bob/", cls + "/carol/evidence.json"], list(rows)
bob = rows[cls + "/bob/"]
assert bob["verdict"] == "error" and [f["rule"] for f in bob["findings"]] == ["missing-evidence"], bob
assert doc["summary"]["exit_code"] == 2 and doc["summary"]["errored"] == 1, doc["summary"]
PY
  run github
  # The CI formats name files from the repository root: the class folder holds .git.
  expect_in "$scratch/out" "::error file=bob/,line=1,col=1,title=dlcheck missing-evidence::bob/:1:1: no file named evidence.json in this folder or below%0Ahint: "
  run markdown
  expect_in "$scratch/out" "| $class/bob/ | ⚠️ error | 0/6 | n/a | 1 | 0 |"
  expect_in "$scratch/out" "| $class/bob/:1:1 | error | missing-evidence | no file named evidence.json in this folder or below<br>hint: add the evidence file (dlcheck init writes a template), or check the folder and --name |"
  run sarif
  python3 - "$scratch/out" "$class" <<'PY' || fail "sarif: no missing-evidence result for bob"
import json, sys
results = json.load(open(sys.argv[1]))["runs"][0]["results"]
bob = [r for r in results if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "bob/"]
assert [r["ruleId"] for r in bob] == ["missing-evidence"] and bob[0]["level"] == "error", bob
PY
  run junit
  python3 - "$scratch/out" "$class" <<'PY' || fail "junit: the empty folder is not an errored suite"
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
suites = {s.get("name"): s for s in root.iter("testsuite")}
assert list(suites) == ["alice/evidence.json", "bob/", "carol/evidence.json"], list(suites)
assert suites["bob/"].get("errors") == "1" and root.get("errors") == "1"
assert suites["bob/"].find("testcase/error").get("type") == "missing-evidence"
PY
  run csv
  [ "$(wc -l <"$scratch/out")" -eq 4 ] || fail "csv: not a header and three rows: $(cat "$scratch/out")"
  expect_in "$scratch/out" "$class/bob/,,,,,,error,1,0,"
  run html
  expect_in "$scratch/out" "$class/bob/"
  expect_in "$scratch/out" "missing-evidence"
  expect_in "$scratch/out" "no file named evidence.json in this folder or below"
  # --exit-zero does not hide a student who handed nothing in; --name is the name looked for.
  expect_exit 2 "$dlcheck" --profile record --exit-zero "$class"/*
  expect_exit 2 "$dlcheck" --profile record --color never --name '*.evidence.json' "$class"/*
  expect_in "$scratch/out" "$class/alice/:1:1: error[missing-evidence]: no file named *.evidence.json in this folder or below"
  expect_in "$scratch/out" "3 files checked: 0 passed, 0 failed, 3 could not be read"
  # Named alone, an empty folder is still a row, not a usage error.
  expect_exit 2 "$dlcheck" --profile record --color never "$class/bob"
  expect_in "$scratch/out" "$class/bob/:1:1: error[missing-evidence]"
  [ -s "$scratch/err" ] && fail "an empty folder is not a usage error: $(cat "$scratch/err")"
  ;;
injection)
  # Student text reaches every format from every place it can: the record, file names, the
  # labels of the predictions and the header of a training log. None may escape its medium.
  project="$scratch/evil"
  mkdir -p "$project/.git" "$project/a/logs" "$project/b"
  evil_log=$(printf 'logs/<b>\n::error::x\033[31m.csv')
  printf 'epoch,loss,val_loss\n1,0.9,1.0\n2,0.5,0.8\n3,0.25,0.9\n4,0.2,1.1\n' >"$project/a/$evil_log"
  printf 'id,label,prediction\na,<script>alert(1)</script>,=1+1|::warning::y\nb,\033[2Jcat\xff,@x\ttab\nc,dog,dog\nd,dog,dog\n' >"$project/a/preds.csv"
  printf 'epoch,<script>x</script>,\033]0;title\a|col,@cmd\xfe\n1,2,3,4\n' >"$project/b/header.csv"
  python3 - "$project" "$evil_log" <<'PY'
import json, sys
evil = "<script>alert(1)</script> | \x1b[2J \n::error file=x::pwned %0A =HYPERLINK(\"x\") \u202e `x` \x00"
record = {"task": evil, "metric": {"name": evil, "higher_is_better": True}, "baseline": {"value": 0.1, "method": evil},
          "current": {"value": 0.9}, "next_step": {"change": evil, "reason": evil}, "run_command": evil,
          "training_log": sys.argv[2], "predictions": "preds.csv",
          "failure_cases": [{"input": "a", "label": evil, "prediction": evil, "note": evil}] * 3,
          "success_samples": [{"input": "c", "label": "dog", "prediction": "dog", "note": evil}],
          "dataset": {"name": evil, "source": evil, "split": {"train": 1, "test": 1}, "split_method": evil},
          evil: evil}
json.dump(record, open(sys.argv[1] + "/a/evidence.json", "w"))
record.update(training_log="header.csv", predictions=evil)
json.dump(record, open(sys.argv[1] + "/b/evidence.json", "w"))
PY
  for format in text json github markdown sarif junit csv html; do
    "$dlcheck" --format "$format" --color always "$project" >"$scratch/evil.$format" 2>"$scratch/err"
    code=$?
    [ "$code" -eq 1 ] || fail "--format $format exits $code: $(cat "$scratch/err")"
  done
  python3 - "$scratch" <<'PY' || fail "student text escaped its medium"
import csv, io, json, re, sys, xml.etree.ElementTree as ET
scratch = sys.argv[1]
def read(fmt):
    return open(f"{scratch}/evil.{fmt}", "rb").read().decode("utf-8")  # every format is valid UTF-8
text = read("text")
# Every escape byte starts one of dlcheck's own colour sequences.
assert not re.search(r"\x1b(?!\[[0-9;]*m)", text), "a raw escape sequence in the text report"
assert not re.search(r"[\x00-\x08\x0b-\x1a\x1c-\x1f\x7f\u202e]", text), "a control character in the text report"
for shown in ["\\x1b[2J \\n::error file=x::pwned", "\\u202e `x` \\x00",             # task, next step, metric name
              "logs/<b>\\n::error::x\\x1b[31m.csv",                                   # a file name
              "most confused: \\x1b[2Jcat\ufffd → @x\\ttab: 1, <script>alert(1)</script> → =1+1|::warning::y: 1",
              "(epoch,<script>x</script>,\\x1b]0;title\\x07|col,@cmd\ufffd)"]:       # a log header
    assert shown in text, shown
for fmt in ("json", "sarif"):
    json.loads(read(fmt))
labels = json.loads(read("json"))["files"][0]["artifacts"]["predictions"]["top_confusions"]
assert {"label": "\x1b[2Jcat\ufffd", "prediction": "@x\ttab", "count": 1} in labels, labels
for line in read("github").splitlines():
    assert re.match(r"(::(error|warning|notice) file=[^:]*::|::notice::dlcheck found |dlcheck: )", line), line
    assert "\x1b" not in line and "\r" not in line
md = read("markdown")
assert "<script" not in md.lower() and "\x1b" not in md
html = read("html").lower()
assert "<script" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
junit = read("junit")
assert ET.fromstring(junit.encode("utf-8")).tag == "testsuites"
assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", junit)
for row in csv.reader(io.StringIO(read("csv"))):
    for cell in row:
        if cell[:1] in ("=", "+", "-", "@"):
            float(cell)  # only a real number may start like a formula
PY
  # Markdown tables keep their columns: each row has as many unescaped pipes as its header.
  python3 - "$scratch/evil.markdown" <<'PY' || fail "a Markdown table row lost its columns"
import re, sys
width = None
for line in open(sys.argv[1], encoding="utf-8"):
    if not line.startswith("|"):
        width = None
        continue
    pipes = len(re.findall(r"(?<!\\)\|", line))
    width = width or pipes
    assert pipes == width, line
PY
  ;;
nothing-lost)
  # dlcheck never changes the project it checks, and its output depends on nothing but the input.
  projects="$scratch/projects"
  mkdir -p "$projects/.git"
  cp -r examples/image-classification examples/mistake-wrong-accuracy examples/mistake-nan-loss "$projects/"
  cp -r examples/image-classification "$projects/broken"
  printf '{"task": ' >"$projects/broken/evidence.json"
  snapshot() { (cd "$projects" && find . -path ./.git -prune -o -print0 | sort -z | xargs -0 stat -c '%n %s %Y %a' &&
                find . -type f -print0 | sort -z | xargs -0 sha256sum); }
  snapshot >"$scratch/before"
  for format in text json github markdown sarif junit csv html; do
    for run in 1 2; do
      "$dlcheck" --format "$format" -j 1 "$projects" >"$scratch/out.$format.$run" 2>&1
      [ $? -eq 2 ] || fail "--format $format does not exit 2 with a broken file"
    done
    "$dlcheck" --format "$format" -j 2 "$projects" >"$scratch/out.$format.j2" 2>&1
    "$dlcheck" --format "$format" -j 2 -o "$scratch/report.$format" --summary "$scratch/summary.$format.md" "$projects" >/dev/null 2>&1
    # JUnit's times are measured, the one thing that may differ.
    [ "$format" != junit ] || sed -i -E 's/ time="[0-9]+\.[0-9]{3}"/ time=""/g' "$scratch"/out.junit.* "$scratch/report.junit"
    cmp -s "$scratch/out.$format.1" "$scratch/out.$format.2" || fail "--format $format differs between two runs"
    cmp -s "$scratch/out.$format.1" "$scratch/out.$format.j2" || fail "--format $format differs between -j 1 and -j 2"
    cmp -s "$scratch/out.$format.1" "$scratch/report.$format" || fail "-o $format differs from stdout"
    [ -s "$scratch/summary.$format.md" ] || fail "--summary wrote nothing"
  done
  cmp -s "$scratch/summary.text.md" "$scratch/summary.html.md" || fail "the summary depends on --format"
  GITHUB_STEP_SUMMARY="$scratch/step.md" "$dlcheck" --summary "$projects" >/dev/null 2>&1
  snapshot >"$scratch/after"
  diff "$scratch/before" "$scratch/after" >"$scratch/diff" || fail "the checked projects changed: $(head -5 "$scratch/diff")"
  ;;
root-per-folder)
  # Submissions unpacked inside the grader's own repository: by default they share its root, so a
  # record may name the grader's answer key; --root-per-folder makes each named folder a root.
  grader=$scratch/grader
  mkdir -p "$grader/.git" "$grader/answers" "$grader/submissions/alice" "$grader/submissions/bob/logs"
  printf 'epoch,loss\n1,KEY-SECRET-51\n' >"$grader/answers/key.csv"
  printf '{"task": "t", "baseline_accuracy": 0.5, "current_accuracy": 0.6, "training_log": "../../answers/key.csv"}\n' \
    >"$grader/submissions/alice/evidence.json"
  printf 'epoch,loss\n1,0.9\n2,0.5\n3,0.3\n' >"$grader/submissions/bob/logs/train.csv"
  printf '{"task": "t", "baseline_accuracy": 0.5, "current_accuracy": 0.6, "training_log": "logs/train.csv"}\n' \
    >"$grader/submissions/bob/evidence.json"
  expect_exit 1 "$dlcheck" --profile record --color never "$grader/submissions/alice" "$grader/submissions/bob"
  expect_in "$scratch/out" "KEY-SECRET-51"  # the default: the grader's repository is the root
  for format in text json github markdown sarif junit csv html; do
    expect_exit 1 "$dlcheck" --root-per-folder --profile record --color never --format "$format" \
      "$grader/submissions/alice" "$grader/submissions/bob"
    if grep -q "KEY-SECRET-51" "$scratch/out" "$scratch/err"; then fail "--format $format read outside alice's folder"; fi
  done
  expect_exit 1 "$dlcheck" --root-per-folder --profile record --color never "$grader/submissions/alice" "$grader/submissions/bob"
  expect_in "$scratch/out" "the path leaves the project root"
  expect_exit 2 "$dlcheck" --root-per-folder --root "$grader" "$grader/submissions/alice"
  ;;
class-configs)
  # A student's own .dlcheck.json cannot weaken the gate of a class or stop its run. Each student
  # folder is its own repository, so each config is found for that student's file alone.
  class="$scratch/class"
  mkdir -p "$class/alice/.git" "$class/bob/.git"
  printf '{}' >"$class/alice/evidence.json"
  failing='{"task": "t", "baseline_accuracy": 0.8, "current_accuracy": 0.6, "failure_case_count": 3, "next_step": "x"}'
  printf '%s' "$failing" >"$class/bob/evidence.json"
  # alice turns every rule off (those the previous release knew too); bob picks the record profile.
  "$dlcheck" rules | awk 'NR > 1 && $1 !~ /config/ {print $1}' |
    python3 -c 'import json, sys; print(json.dumps({"rules": {line.strip(): "off" for line in sys.stdin}}))' \
      >"$class/alice/.dlcheck.json"
  printf '{"profile": "record"}' >"$class/bob/.dlcheck.json"
  expect_exit 1 "$dlcheck" --format json "$class"
  python3 - "$scratch/out" "$class" <<'PY' || fail "a class applied its students' configs"
import json, sys
files = {f["path"].split("/")[-2]: f for f in json.load(open(sys.argv[1]))["files"]}
cls = sys.argv[2]
for name, change in [("alice", "turn off 45 rules"), ("bob", "set profile record")]:
    f = files[name]
    assert f["verdict"] == "fail" and f["profile"] == "roadmap" and f["config"] is None, f
    warnings = [x for x in f["findings"] if x["rule"] == "local-config-ignored"]
    assert [w["severity"] for w in warnings] == ["warning"], warnings
    assert warnings[0]["message"] == (f"{cls}/{name}/.dlcheck.json is not applied: when several files are checked, a "
                                      "config found beside them applies only with --trust-local-configs; "
                                      f"it would {change}"), warnings[0]["message"]
assert files["alice"]["score"] == {"earned": 1, "possible": 34, "not_checked": 0, "not_applicable": 15}, files["alice"]["score"]
PY
  # The warning alone fails nobody, unless warnings fail (--fail-on warning).
  printf '%s' "${failing/0.6/0.9}" >"$class/bob/evidence.json"
  expect_exit 0 "$dlcheck" --profile record --color never "$class/bob/evidence.json" examples/roadmap-record/evidence.json
  expect_in "$scratch/out" "2 files checked: 2 passed, 0 failed, 0 could not be read; 0 errors, 1 warning"
  expect_exit 1 "$dlcheck" --profile record --fail-on warning "$class/bob/evidence.json" examples/roadmap-record/evidence.json
  printf '%s' "$failing" >"$class/bob/evidence.json"
  # Trusted, the configs apply, and every format names them per file.
  expect_exit 1 "$dlcheck" --trust-local-configs --format json "$class"
  python3 - "$scratch/out" "$class" <<'PY' || fail "--trust-local-configs did not apply and name the configs"
import json, sys
files = {f["path"].split("/")[-2]: f for f in json.load(open(sys.argv[1]))["files"]}
cls = sys.argv[2]
alice, bob = files["alice"], files["bob"]
assert alice["verdict"] == "pass" and alice["score"] == {"earned": 0, "possible": 0, "not_checked": 0, "not_applicable": 0}, alice
assert alice["profile"] == "roadmap" and alice["config"] == f"{cls}/alice/.dlcheck.json", alice
assert bob["verdict"] == "fail" and bob["profile"] == "record" and bob["config"] == f"{cls}/bob/.dlcheck.json", bob
assert not [x for x in alice["findings"] + bob["findings"] if x["rule"] == "local-config-ignored"]
PY
  expect_exit 1 "$dlcheck" --trust-local-configs --color never "$class"
  expect_in "$scratch/out" "$class/bob/evidence.json (profile: record, config: $class/bob/.dlcheck.json)"
  expect_exit 1 "$dlcheck" --trust-local-configs --format html "$class"
  expect_in "$scratch/out" "<div class=\"profile\">profile record · config <code>$class/bob/.dlcheck.json</code></div>"
  expect_in "$scratch/out" "profile roadmap for 1, record for 1"
  expect_exit 1 "$dlcheck" --trust-local-configs --format markdown "$class"
  expect_in "$scratch/out" "2 files checked (profile roadmap for 1, record for 1)"
  expect_exit 1 "$dlcheck" --trust-local-configs --format csv "$class"
  expect_in "$scratch/out" ",fail,1,0,5,record,$class/bob/.dlcheck.json,0,6,improvement"
  # The instructor's --config applies to all, and the students' are not looked for.
  printf '{"profile": "roadmap"}' >"$scratch/rubric.json"
  expect_exit 1 "$dlcheck" --config "$scratch/rubric.json" --format csv "$class"
  expect_in "$scratch/out" ",fail,18,0,1,roadmap,$scratch/rubric.json,15,34,"
  # A single file is a student checking their own work: its config applies, named.
  expect_exit 1 "$dlcheck" --format json "$class/bob/evidence.json"
  expect_in "$scratch/out" "\"profile\": \"record\","
  expect_in "$scratch/out" "\"config\": \"$class/bob/.dlcheck.json\","
  # A malformed config is its student's error row; the other student is still checked.
  printf '{"profile": "record",' >"$class/alice/.dlcheck.json"
  expect_exit 2 "$dlcheck" --color never "$class"
  expect_in "$scratch/out" "$class/alice/evidence.json:1:1: error[invalid-config]: $class/alice/.dlcheck.json:1:22: unexpected end of file, expected a member name in double quotes"
  expect_in "$scratch/out" "2 files checked: 0 passed, 1 failed, 1 could not be read"
  expect_exit 2 "$dlcheck" --format json "$class"
  python3 - "$scratch/out" <<'PY' || fail "a malformed config stopped the class"
import json, sys
files = {f["path"].split("/")[-2]: f for f in json.load(open(sys.argv[1]))["files"]}
assert files["alice"]["verdict"] == "error", files["alice"]
assert [x["rule"] for x in files["alice"]["findings"]] == ["invalid-config"]
assert files["bob"]["verdict"] == "fail" and files["bob"]["findings"], files["bob"]
PY
  # A config refused unread is named, never echoed.
  printf '{"profile": "SECRET-BYTES"%s}' "$(printf ' %.0s' $(seq 2000))" >"$class/alice/.dlcheck.json"
  expect_exit 2 "$dlcheck" --max-file-size 1K --color never "$class"
  expect_in "$scratch/out" "error[invalid-config]: $class/alice/.dlcheck.json:1:1: the file is 2027 bytes, over the limit of 1024 bytes (--max-file-size)"
  grep -q SECRET "$scratch/out" && fail "the refused config's bytes were shown"
  # A FIFO is not taken for a config at all (discovery looks for regular files): nothing hangs.
  rm "$class/alice/.dlcheck.json"
  mkfifo "$class/alice/.dlcheck.json"
  expect_exit 1 timeout 10 "$dlcheck" --color never "$class"
  expect_in "$scratch/out" "2 files checked: 0 passed, 2 failed, 0 could not be read"
  rm "$class/alice/.dlcheck.json"
  # A found config cannot raise a limit past its default: bob's 17 MiB record stays refused.
  printf '{"limits": {"max_file_size": "1G"}}' >"$class/bob/.dlcheck.json"
  python3 -c 'import sys; open(sys.argv[1], "w").write("{\"notes\": \"" + "x" * (17 << 20) + "\"}")' "$class/bob/evidence.json"
  expect_exit 2 "$dlcheck" --color never "$class/bob/evidence.json"
  expect_in "$scratch/out" "info[local-config-limit]: $class/bob/.dlcheck.json asks for max_file_size 1G, over the default: a config found beside the evidence may only lower a limit, so it stays 16M (--max-file-size or --config may raise it)"
  expect_in "$scratch/out" "error[unreadable-file]: the file is 17825805 bytes, over the limit of 16777216 bytes (--max-file-size)"
  expect_exit 1 "$dlcheck" --max-file-size 32M --color never "$class/bob/evidence.json"  # the command line may
  printf '{"limits": {"max_file_size": "1G"}}' >"$scratch/rubric.json"
  expect_exit 1 "$dlcheck" --config "$scratch/rubric.json" "$class/bob/evidence.json"  # and so may --config
  ;;
*)
  fail "unknown test case $case_name"
  ;;
esac

if [ "$failures" -gt 0 ]; then
  echo "$failures check(s) failed in $case_name"
  exit 1
fi
echo "ok: $case_name"
