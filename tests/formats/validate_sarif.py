#!/usr/bin/env python3
"""Validates dlcheck's SARIF against the official SARIF 2.1.0 schema.

usage: validate_sarif.py DLCHECK REPO

Runs dlcheck once, from the examples folder, on a passing, a failing, a partly unchecked and a hostile example, on a
file that is not valid JSON and on a missing file, then checks the log against REPO/../shared/schemas and what
GitHub code scanning requires beyond it (regions with start and end, unique fingerprints, rule help,
repository-relative uris). Exits 77 (a skip for ctest) when the schemas are absent.
"""

import json
import os
import pathlib
import subprocess
import sys
import tempfile

SKIP = 77

HOSTILE_RECORD = (
    '{"task": "=HYPERLINK(\\"x\\") <script>alert(1)</script> | \\u001b[2J",\n'
    ' "baseline_accuracy": 0.5, "current_accuracy": "\\n::error::pwned %0A <b>&amp;</b>"}'
)


def run_dlcheck(dlcheck, repo, scratch):
    invalid = scratch / "invalid.json"
    invalid.write_text('{"task": "t",\n  "next_step": }', encoding="utf-8")
    hostile = scratch / "hostile dir" / "évidence #1.json"
    hostile.parent.mkdir()
    hostile.write_text(HOSTILE_RECORD, encoding="utf-8")
    files = [
        "examples/image-classification/evidence.json",
        "examples/mistake-wrong-accuracy/evidence.json",
        "examples/roadmap-record/evidence.json",
        "examples/generative-model/evidence.json",  # items that cannot be checked
        str(invalid),
        str(hostile),
        str(scratch / "missing.json"),
    ]
    # From a subfolder, as a job with working-directory: set would: uris stay repository-relative.
    files = [f"../{path}" if path.startswith("examples/") else path for path in files]
    env = {key: value for key, value in os.environ.items() if key != "GITHUB_WORKSPACE"}
    env["GITHUB_WORKSPACE"] = str(repo)  # the repository, even where it is not a git checkout
    done = subprocess.run([dlcheck, "--format", "sarif", *files], cwd=repo / "examples", env=env, capture_output=True,
                          check=False)
    if done.returncode != 2:
        sys.exit(f"dlcheck exited {done.returncode}, expected 2 (an input error): {done.stderr.decode()}")
    return json.loads(done.stdout.decode("utf-8"))


def semantic_errors(log):
    """What the schema cannot check: rule references, and that every kind of file was reported."""
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    errors = []
    for result in run["results"]:
        index = result.get("ruleIndex")
        if index is None or rules[index]["id"] != result["ruleId"]:
            errors.append(f"ruleIndex {index} does not name rule {result['ruleId']}")
        for location in result["locations"] + result.get("relatedLocations", []):
            region = location["physicalLocation"].get("region", {})
            if region and region.get("startLine", 0) < 1:
                errors.append(f"a region without a startLine of at least 1: {region}")
    # What GitHub code scanning requires: a region with start and end on every location, a
    # fingerprint unique in the run, rule help; uris relative to %SRCROOT% inside the repository.
    fingerprints = [result.get("partialFingerprints", {}).get("dlcheck/v1") for result in run["results"]]
    if None in fingerprints:
        errors.append("a result without partialFingerprints")
    if len(set(fingerprints)) != len(fingerprints):
        errors.append("two results share a fingerprint")
    for result in run["results"]:
        for location in result["locations"] + result.get("relatedLocations", []):
            physical = location["physicalLocation"]
            region = physical.get("region", {})
            if any(region.get(key, 0) < 1 for key in ("startLine", "startColumn", "endLine", "endColumn")):
                errors.append(f"{result['ruleId']}: a region without start and end: {region}")
            uri = physical["artifactLocation"]["uri"]
            if uri.startswith("examples/") != (physical["artifactLocation"].get("uriBaseId") == "%SRCROOT%"):
                errors.append(f"{uri}: relative to %SRCROOT% only inside the repository")
    if "%SRCROOT%" not in run.get("originalUriBaseIds", {}):
        errors.append("no originalUriBaseIds for %SRCROOT%")
    for rule in rules:
        if not rule.get("help", {}).get("markdown") or not rule.get("help", {}).get("text"):
            errors.append(f"rule {rule['id']} has no help text and markdown")
        if not rule.get("helpUri", "").endswith(f"/docs/rules.md#{rule['id']}"):
            errors.append(f"rule {rule['id']} has no helpUri to its section of docs/rules.md")
    reported = {result["ruleId"] for result in run["results"]}
    for rule in ("invalid-json", "unreadable-file", "predictions-metric", "improvement"):
        if rule not in reported:
            errors.append(f"no result for {rule}")
    if not any("relatedLocations" in result for result in run["results"]):
        errors.append("no result in a named file relates the evidence field")
    notifications = run["invocations"][0]["toolExecutionNotifications"]
    for note in notifications:
        rule = note["associatedRule"]
        if rules[rule["index"]]["id"] != rule["id"] or note["level"] != "note":
            errors.append(f"a not-checked notification names rule {rule} wrongly")
    if not any(note["associatedRule"]["id"] == "log-no-decrease" for note in notifications):
        errors.append("no notification says log-no-decrease was not checked")
    return errors


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    dlcheck, repo = os.path.abspath(sys.argv[1]), pathlib.Path(sys.argv[2]).resolve()
    schema_path = repo.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"
    if not schema_path.is_file():
        print(f"skip: no SARIF schema at {schema_path}")
        return SKIP
    try:
        import jsonschema
    except ImportError:
        sys.exit("python3-jsonschema is not installed (scripts/setup.sh installs it)")

    with tempfile.TemporaryDirectory() as scratch:
        log = run_dlcheck(dlcheck, repo, pathlib.Path(scratch))
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    errors = [f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in validator.iter_errors(log)]
    errors += semantic_errors(log)
    for error in errors:
        print(f"FAIL: {error}")
    if errors:
        return 1
    print(f"ok: {len(log['runs'][0]['results'])} results validate against {schema_path.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
