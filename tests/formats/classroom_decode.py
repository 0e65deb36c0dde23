#!/usr/bin/env python3
"""Decodes dlcheck's Classroom output the way GitHub Classroom's reporter does, and checks the points.

usage: classroom_decode.py DLCHECK REPO

The workflow publishes `dlcheck --format classroom` as a step output `result` holding base64 on one
line; classroom-resources/autograding-grading-reporter (src/main.js) reads, for each id in its
`runners` input, the env var `<ID upper-cased>_RESULTS`, decodes it with
Buffer.from(value, "base64").toString("utf-8") and JSON.parse, and then (src/notify-classroom.js)
skips a runner whose `max_score` is falsy, adds up every test's `score` as the points and every
runner's `max_score` as the points possible. Those two numbers are Classroom's grade; here they
must equal the score the JSON report gives the same files. With equal points (the examples have
no rubric), the console's passed/total x max_score must be the same grade.
"""

import base64
import json
import os
import pathlib
import subprocess
import sys
import tempfile

TEST_FIELDS = {"name": str, "status": str, "score": int, "message": str, "test_code": str, "filename": str,
               "line_no": int, "duration": int}


def run(dlcheck, repo, *args):
    return subprocess.run([dlcheck, "--color", "never", *args], cwd=repo, capture_output=True)


def step_output(classroom_json):
    """What the workflow step does: base64 -w0 of the output, written as `result=...` to $GITHUB_OUTPUT."""
    encoded = subprocess.run(["base64", "-w0"], input=classroom_json, capture_output=True, check=True).stdout
    assert b"\n" not in encoded, "the step output must be one line"
    return encoded.decode("ascii")


def reporter_decode(env, runners):
    """src/main.js: runners split on ',' and trimmed; each env var decoded from base64 and parsed as JSON."""
    results = []
    for runner in runners.split(","):
        encoded = env[f"{runner.strip().upper()}_RESULTS"]
        text = base64.b64decode(encoded, validate=True).decode("utf-8")
        results.append({"runner": runner.strip(), "results": json.loads(text)})
    return results


def notify_classroom_points(runner_results):
    """src/notify-classroom.js: the sum of the tests' scores over the sum of the runners' max_score."""
    total, maximum = 0, 0
    for runner in runner_results:
        results = runner["results"]
        if not results.get("max_score"):
            continue
        maximum += results["max_score"]
        for test in results["tests"]:
            total += test["score"]
    return total, maximum


def main():
    dlcheck, repo = os.path.abspath(sys.argv[1]), pathlib.Path(sys.argv[2])
    failures = []
    with tempfile.TemporaryDirectory() as scratch:
        broken = pathlib.Path(scratch) / "evidence.json"
        broken.write_text('{"task": "t",,}', encoding="utf-8")
        cases = [
            ("passing", ["examples/image-classification/evidence.json"], "pass", 0),
            ("failing", ["examples/roadmap-record/evidence.json"], "fail", 1),
            ("unchecked items", ["examples/generative-model/evidence.json"], "pass", 0),
            ("a class", ["examples/"], "fail", 1),
            ("unreadable", [str(broken)], "error", 2),
        ]
        for name, paths, status, code in cases:
            classroom = run(dlcheck, repo, "--format", "classroom", *paths)
            report = run(dlcheck, repo, "--format", "json", *paths)
            if classroom.returncode != code or report.returncode != code:
                failures.append(f"{name}: exit {classroom.returncode} and {report.returncode}, expected {code}")
            env = {"DLCHECK_RESULTS": step_output(classroom.stdout)}
            runner_results = reporter_decode(env, " dlcheck")
            results = runner_results[0]["results"]
            if results.get("version") != 1 or results.get("status") != status:
                failures.append(f"{name}: version {results.get('version')}, status {results.get('status')}")
            for test in results["tests"]:
                for field, kind in TEST_FIELDS.items():
                    if not isinstance(test.get(field), kind):
                        failures.append(f"{name}: test {test.get('name')!r} has no {kind.__name__} {field}")
                if test["status"] not in ("pass", "fail", "error"):
                    failures.append(f"{name}: test {test['name']!r} has status {test['status']!r}")
                if test["status"] != "pass" and test["score"] != 0:
                    failures.append(f"{name}: test {test['name']!r} is not passed but scores {test['score']}")
            files = json.loads(report.stdout)["files"]
            earned = sum(file["score"]["earned"] for file in files)
            possible = sum(file["score"]["possible"] for file in files)
            points = notify_classroom_points(runner_results)
            expected = (earned, possible) if possible else (0, 0)  # a runner with no max_score is skipped
            if points != expected:
                failures.append(f"{name}: the reporter adds up {points[0]}/{points[1]}, the report says {earned}/{possible}")
            if results["max_score"] != possible:
                failures.append(f"{name}: max_score {results['max_score']}, the report's possible points {possible}")
            passed_items = sum(1 for file in files for item in file["checklist"] if item["status"] == "passed")
            passed_tests = sum(1 for test in results["tests"] if test["status"] == "pass")
            if passed_tests != passed_items:
                failures.append(f"{name}: {passed_tests} tests pass, the report passes {passed_items} items")
            # Some reporter versions print passed tests / all tests x max_score (aggregate-results.js): with the
            # examples' equal points it must equal the grade, so no test may exist beside the items.
            if results["max_score"] and passed_tests * results["max_score"] != points[0] * len(results["tests"]):
                failures.append(f"{name}: the console's {passed_tests}/{len(results['tests'])} x "
                                f"{results['max_score']} is not the grade {points[0]}")
    for failure in failures:
        print("FAIL:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
