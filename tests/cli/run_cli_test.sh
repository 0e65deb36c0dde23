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
  # A folder is searched for evidence files; finding none is a usage error.
  expect_exit 2 "$dlcheck" "$scratch"
  expect_in "$scratch/err" "dlcheck: error: no file named evidence.json found"
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
  ;;
help-and-version)
  expect_exit 0 "$dlcheck" --help
  expect_in "$scratch/out" "Examples:"
  expect_in "$scratch/out" "dlcheck --profile record evidence.json"
  expect_in "$scratch/out" "Exit codes: 0 every file passes, 1 a checklist item fails, 2 bad usage or unreadable input."
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
  [ "$(grep -c . "$scratch/out")" -eq 41 ] || fail "dlcheck rules should list 40 rules and a header"
  expect_exit 0 "$dlcheck" explain shape-checks
  expect_in "$scratch/out" "shape-checks: tensor-shape checks are recorded and every one matches"
  expect_in "$scratch/out" "how to fix: "
  expect_exit 2 "$dlcheck" explain shape-check
  expect_in "$scratch/err" "unknown rule \"shape-check\"; did you mean \"shape-checks\"?"
  # docs/rules.md is generated from the rule table and must not go stale.
  "$dlcheck" rules --format markdown >"$scratch/rules.md"
  diff -u docs/rules.md "$scratch/rules.md" >"$scratch/diff" || fail "docs/rules.md is stale: run 'build/dlcheck rules --format markdown > docs/rules.md'"
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
  expect_exit 0 "$dlcheck" --color never "$class"
  expect_in "$scratch/out" "2 files checked: 2 passed, 0 failed, 0 could not be read; 0 errors, 1 warning"
  expect_exit 1 "$dlcheck" --fail-on warning "$class"
  expect_exit 1 "$dlcheck" --isolated "$class"          # without the config: the roadmap profile
  expect_exit 0 "$dlcheck" --isolated --exit-zero "$class"
  expect_exit 1 "$dlcheck" --profile roadmap "$class"   # the command line wins over the config
  printf '{"profile": "record", "rules": {"unknown-field": "error"}, "points": {"task": 5}}' >"$scratch/strict.json"
  expect_exit 1 "$dlcheck" --config "$scratch/strict.json" --format json "$class"
  expect_in "$scratch/out" '"earned": 10,'
  # A bad config is a usage error with its position and a suggestion.
  printf '{\n  "rules": {"unknown-feild": "off"}\n}' >"$class/.dlcheck.json"
  expect_exit 2 "$dlcheck" "$class"
  expect_in "$scratch/err" "$class/.dlcheck.json:2:13: unknown rule \"unknown-feild\"; did you mean \"unknown-field\"?"
  expect_exit 2 "$dlcheck" --exit-zero "$class"
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
           DLCHECK_SARIF=f"{scratch}/out.sarif")
result = subprocess.run(["bash", "-e", "-c", run["run"]], env=env, capture_output=True, text=True)
assert result.returncode == 0, result.stdout + result.stderr
assert "dlcheck: 2 files, 2 passed" in result.stdout, result.stdout
assert os.path.getsize(f"{scratch}/summary.md") > 0 and os.path.getsize(f"{scratch}/out.sarif") > 0
env["DLCHECK_PATHS"] = "examples/mistake-leakage"
assert subprocess.run(["bash", "-e", "-c", run["run"]], env=env, capture_output=True).returncode == 1
hooks = yaml.safe_load(open(".pre-commit-hooks.yaml"))
assert hooks[0]["id"] == "dlcheck" and hooks[0]["entry"] == "dlcheck" and hooks[0]["language"] == "system"
import re
assert re.search(hooks[0]["files"], "course/week6/evidence.json") and not re.search(hooks[0]["files"], "data/labels.json")
PY
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
