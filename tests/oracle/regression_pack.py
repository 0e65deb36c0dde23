#!/usr/bin/env python3
"""A pack of real regression output, made with scikit-learn, judged by dlcheck.

regression_pack.py DLCHECK: fits LinearRegression on scikit-learn's diabetes data set, writes
the test split's predictions (id,label,prediction) and an evidence record claiming the MAE that
scikit-learn computes, with the three smallest errors as success samples and the three largest
as failure cases (values rounded to 2 decimals, as a student copies them). dlcheck must pass
predictions-metric and predictions-samples; with one success and one failure swapped,
predictions-samples must fail on both, and a claim 0.5 off must fail predictions-metric.
Exits 77 (skipped) without scikit-learn (Debian: python3-sklearn).
"""
import csv
import json
import os
import subprocess
import sys
import tempfile

import oracle_support

try:
    from sklearn.datasets import load_diabetes
    from sklearn.linear_model import LinearRegression
    from sklearn.metrics import mean_absolute_error
    from sklearn.model_selection import train_test_split
except ImportError:
    oracle_support.system_python_or_skip("regression_pack", "python3-sklearn")


def make_pack(folder):
    """Writes predictions.csv and returns the rows as (id, label, prediction, error) and the MAE."""
    x, y = load_diabetes(return_X_y=True)
    ids = [f"patient_{i:03}" for i in range(len(y))]
    x_train, x_test, y_train, y_test, _, ids_test = train_test_split(x, y, ids, test_size=0.25, random_state=0)
    model = LinearRegression().fit(x_train, y_train)
    predicted = model.predict(x_test)
    with open(os.path.join(folder, "predictions.csv"), "w", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["id", "label", "prediction"])
        writer.writerows((i, repr(float(t)), repr(float(p))) for i, t, p in zip(ids_test, y_test, predicted))
    rows = sorted(((i, float(t), float(p), abs(float(p) - float(t))) for i, t, p in zip(ids_test, y_test, predicted)),
                  key=lambda row: row[3])
    return rows, float(mean_absolute_error(y_test, predicted))


def sample(row):
    return {"input": row[0], "label": round(row[1], 2), "prediction": round(row[2], 2)}


def judge(dlcheck, folder, mae, successes, failures):
    """The findings of predictions-metric and predictions-samples, and those items' statuses."""
    record = {"task": "regression of disease progression on the diabetes data set",
              "metric": {"name": "mae"}, "baseline": {"value": 62.0}, "current": {"value": mae},
              "predictions": "predictions.csv",
              "success_samples": [sample(r) for r in successes], "failure_cases": [sample(r) for r in failures]}
    path = os.path.join(folder, "evidence.json")
    with open(path, "w") as out:
        json.dump(record, out)
    run = subprocess.run([dlcheck, "--format", "json", "--profile", "record", path], capture_output=True, text=True)
    if run.returncode not in (0, 1):
        raise SystemExit(f"dlcheck exited {run.returncode}: {run.stderr}")
    report = json.loads(run.stdout)["files"][0]
    rules = ("predictions-format", "predictions-metric", "predictions-samples")
    statuses = {item["rule"]: item["status"] for item in report["checklist"] if item.get("rule") in rules}
    findings = [(f["rule"], f["message"]) for f in report["findings"] if f["rule"] in rules]
    return statuses, findings


def main():
    dlcheck = os.path.abspath(sys.argv[1])
    problems = []
    with tempfile.TemporaryDirectory() as folder:
        rows, mae = make_pack(folder)
        successes, failures = rows[:3], rows[-3:]
        statuses, findings = judge(dlcheck, folder, mae, successes, failures)
        if findings or statuses.get("predictions-metric") != "passed" or \
                statuses.get("predictions-samples") != "passed":
            problems.append(f"the honest pack (MAE {mae!r}) does not pass: {statuses} {findings}")
        swapped_successes, swapped_failures = [failures[0]] + successes[1:], [successes[0]] + failures[1:]
        statuses, findings = judge(dlcheck, folder, mae, swapped_successes, swapped_failures)
        swapped = [f for f in findings if f[0] == "predictions-samples"]
        if statuses.get("predictions-samples") != "failed" or len(swapped) != 2 or \
                not all(successes[0][0] in m or failures[0][0] in m for _, m in swapped):
            problems.append(f"the pack with a swapped success and failure does not fail on both: {statuses} {findings}")
        statuses, findings = judge(dlcheck, folder, mae + 0.5, successes, failures)
        if statuses.get("predictions-metric") != "failed":
            problems.append(f"a claim of MAE {mae + 0.5!r} does not fail: {statuses} {findings}")
    for problem in problems:
        print(f"FAIL {problem}")
    print(f"regression_pack: {3 - len(problems)}/3 judgements of a scikit-learn regression pack as expected")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
