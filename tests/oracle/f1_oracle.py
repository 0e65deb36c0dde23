#!/usr/bin/env python3
"""Checks dlcheck's averaged F1, precision and recall against scikit-learn on random predictions.

f1_oracle.py DLCHECK: writes random predictions files (binary, multi-class, string labels, a
label only ever predicted), and for each metric a record claiming scikit-learn's value. dlcheck
runs with --metric-tolerance 1e-9: the exact claim must pass, and claims 3e-9 off either way must
fail, so the two agree to 1e-9. Exits 77 (skipped) without scikit-learn (Debian: python3-sklearn).
"""
import json
import os
import random
import subprocess
import sys
import tempfile

try:
    from sklearn.metrics import f1_score, precision_score, recall_score
except ImportError:
    # python3-sklearn installs into the system Python, which a pyenv or venv python3 does not see.
    system = "/usr/bin/python3"
    if os.path.exists(system) and os.path.realpath(sys.executable) != os.path.realpath(system) \
            and not os.environ.get("DLCHECK_ORACLE_REEXEC"):
        os.environ["DLCHECK_ORACLE_REEXEC"] = "1"
        os.execv(system, [system, *sys.argv])
    print("f1_oracle: scikit-learn is not installed (apt-get install python3-sklearn): skipped")
    sys.exit(77)

import warnings

warnings.filterwarnings("ignore")  # labels with no true or no predicted rows: zero_division=0, as dlcheck
TOLERANCE = 1e-9
OFFSET = 3e-9


def averaged(average):
    return {
        f"{average}_f1": lambda t, p: f1_score(t, p, average=average, zero_division=0),
        f"{average}_precision": lambda t, p: precision_score(t, p, average=average, zero_division=0),
        f"{average}_recall": lambda t, p: recall_score(t, p, average=average, zero_division=0),
    }


METRICS = {**averaged("macro"), **averaged("micro"), **averaged("weighted")}


def random_file(rng, labels, rows, extra_predictions=()):
    """y_true and y_pred: mostly right, wrong ones drawn from the labels and extra predictions."""
    y_true = [rng.choice(labels) for _ in range(rows)]
    wrong = list(labels) + list(extra_predictions)
    y_pred = [t if rng.random() < 0.6 else rng.choice(wrong) for t in y_true]
    return y_true, y_pred


def cases(rng):
    yield "binary 0/1", *random_file(rng, ["0", "0", "1"], 57)
    yield "binary yes/no, skewed", *random_file(rng, ["no"] * 9 + ["yes"], 200)
    yield "five integer classes", *random_file(rng, [str(i) for i in range(5)], 300)
    yield "string labels, one only predicted", *random_file(rng, ["cat", "dog", "bird"], 120, ["fox"])
    yield "thirty classes", *random_file(rng, [f"class_{i:02}" for i in range(30)], 1000)


def findings(dlcheck, folder, metric, claim):
    record = {"metric": {"name": metric}, "baseline": {"value": 0.0}, "current": {"value": claim},
              "predictions": "predictions.csv"}
    path = os.path.join(folder, "evidence.json")
    with open(path, "w") as out:
        out.write(json.dumps(record))  # json.dumps writes repr(float): every digit
    run = subprocess.run([dlcheck, "--format", "json", "--profile", "record", "--metric-tolerance", str(TOLERANCE),
                          path], capture_output=True, text=True)
    if run.returncode not in (0, 1):
        raise SystemExit(f"dlcheck exited {run.returncode}: {run.stderr}")
    report = json.loads(run.stdout)["files"][0]
    problems = [f for f in report["findings"] if f["rule"] in ("predictions-format", "project-file")]
    if problems:
        raise SystemExit(f"the predictions were not read: {problems}")
    return [f["message"] for f in report["findings"] if f["rule"] == "predictions-metric"]


def main():
    dlcheck = os.path.abspath(sys.argv[1])
    rng = random.Random(20240611)
    failures = checked = 0
    with tempfile.TemporaryDirectory() as folder:
        for name, y_true, y_pred in cases(rng):
            with open(os.path.join(folder, "predictions.csv"), "w") as out:
                out.write("label,prediction\n" + "".join(f"{t},{p}\n" for t, p in zip(y_true, y_pred)))
            for metric, formula in METRICS.items():
                expected = float(formula(y_true, y_pred))
                checked += 1
                exact = findings(dlcheck, folder, metric, expected)
                off = [findings(dlcheck, folder, metric, expected + sign * OFFSET) for sign in (1, -1)]
                if exact or not all(off):
                    failures += 1
                    print(f"FAIL {name}: {metric} = {expected!r} (scikit-learn); dlcheck says {exact or 'nothing'} "
                          f"for the exact claim and {off} for claims {OFFSET} off")
    print(f"f1_oracle: {checked - failures}/{checked} metric values agree with scikit-learn to {TOLERANCE}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
