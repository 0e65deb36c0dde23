#!/usr/bin/env python3
"""Checks every metric dlcheck recomputes against scikit-learn on random predictions.

f1_oracle.py DLCHECK: writes random predictions files (binary, multi-class, string labels, a
label only ever predicted, labels written as 1 and 1.0 or True and true, spam/ham with
metric.positive_label, numeric targets), and for each metric a record claiming scikit-learn's
value. dlcheck runs with --metric-tolerance 1e-9: the exact claim must pass, and claims 3e-9 off
either way must fail, so the two agree to 1e-9. Exits 77 (skipped) without scikit-learn (Debian:
python3-sklearn).
"""
import math
import os
import random
import sys
import tempfile

import oracle_support

try:
    from sklearn.metrics import (accuracy_score, balanced_accuracy_score, cohen_kappa_score, f1_score,
                                 matthews_corrcoef, mean_absolute_error, mean_absolute_percentage_error,
                                 mean_squared_error, precision_score, r2_score, recall_score, log_loss,
                                 top_k_accuracy_score, roc_auc_score)
except ImportError:
    oracle_support.system_python_or_skip("f1_oracle", "python3-sklearn")

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


METRICS = {
    **averaged("macro"), **averaged("micro"), **averaged("weighted"),
    "accuracy": accuracy_score,
    "error_rate": lambda t, p: 1 - accuracy_score(t, p),
    "balanced_accuracy": balanced_accuracy_score,
    "mcc": matthews_corrcoef,
    "cohen_kappa": cohen_kappa_score,
}
# Binary metrics, given the positive class and the other one.
BINARY = {
    "f1": lambda t, p, pos, neg: f1_score(t, p, pos_label=pos, zero_division=0),
    "precision": lambda t, p, pos, neg: precision_score(t, p, pos_label=pos, zero_division=0),
    "recall": lambda t, p, pos, neg: recall_score(t, p, pos_label=pos, zero_division=0),
    "specificity": lambda t, p, pos, neg: recall_score(t, p, pos_label=neg, zero_division=0),
}
REGRESSION = {
    "mae": mean_absolute_error,
    "mse": mean_squared_error,
    "rmse": lambda t, p: mean_squared_error(t, p) ** 0.5,
    "r2": r2_score,
    "mape": mean_absolute_percentage_error,
}


def random_file(rng, labels, rows, extra_predictions=()):
    """y_true and y_pred: mostly right, wrong ones drawn from the labels and extra predictions."""
    y_true = [rng.choice(labels) for _ in range(rows)]
    wrong = list(labels) + list(extra_predictions)
    y_pred = [t if rng.random() < 0.6 else rng.choice(wrong) for t in y_true]
    return y_true, y_pred


def spelled(rng, values, spellings):
    """The values as a file writes them, each in one of its spellings, drawn at random."""
    return [rng.choice(spellings[v]) for v in values]


class Case:
    """Values as scikit-learn sees them, as the file writes them, and the binary positive class."""

    def __init__(self, name, y_true, y_pred, written=None, positive=None, record_positive=None, numeric=False,
                 scores=None):
        self.name, self.y_true, self.y_pred, self.scores = name, y_true, y_pred, scores
        self.written = written or (y_true, y_pred)
        self.positive, self.record_positive, self.numeric = positive, record_positive, numeric


def cases(rng):
    yield Case("binary 0/1", *random_file(rng, ["0", "0", "1"], 57), positive=("1", "0"))
    yield Case("binary yes/no, skewed", *random_file(rng, ["no"] * 9 + ["yes"], 200), positive=("yes", "no"))
    yield Case("five integer classes", *random_file(rng, [str(i) for i in range(5)], 300))
    yield Case("string labels, one only predicted", *random_file(rng, ["cat", "dog", "bird"], 120, ["fox"]))
    yield Case("thirty classes", *random_file(rng, [f"class_{i:02}" for i in range(30)], 1000))
    yield Case("spam/ham with metric.positive_label", *random_file(rng, ["ham", "ham", "spam"], 150),
               positive=("spam", "ham"), record_positive="spam")
    t, p = random_file(rng, [0, 1, 2], 200)
    numbers = {0: ["0", "0.0", "0e0"], 1: ["1", "1.0", "1.00"], 2: ["2", "2.0", "2e0"]}
    yield Case("integers written as 1 and 1.0", t, p, written=(spelled(rng, t, numbers), spelled(rng, p, numbers)))
    t, p = random_file(rng, [False, True, True], 100)
    booleans = {False: ["False", "false", "FALSE"], True: ["True", "true", "TRUE"]}
    yield Case("booleans in any case", t, p, written=(spelled(rng, t, booleans), spelled(rng, p, booleans)),
               positive=(True, False))
    labels = ["ant", "bee", "cat", "dog", "eel"]
    t, p, matrix = scored_file(rng, labels, 300, 1)
    yield Case("score columns, ties", t, p, scores=(labels, matrix))
    labels = [f"c{i:02}" for i in range(12)]
    t, p, matrix = scored_file(rng, labels, 400, 6)
    yield Case("score columns, twelve classes", t, p, scores=(labels, matrix))
    labels = ["cat", "dog", "fox", "owl"]
    t, p, matrix = scored_file(rng, labels, 300, None)
    yield Case("score columns summing to 1", t, p, scores=(labels, matrix))
    labels = ["ham", "spam"]
    t, p, matrix = scored_file(rng, labels, 200, 2)
    yield Case("two score columns, ties", t, p, scores=(labels, matrix))
    t = [rng.uniform(-50, 100) for _ in range(500)]
    p = [v + rng.gauss(0, 3) for v in t]
    yield Case("numeric targets", t, p, written=([repr(v) for v in t], [repr(v) for v in p]), numeric=True)
    t = [round(rng.uniform(1e5, 1e5 + 10), 3) for _ in range(300)]
    p = [v + rng.gauss(0, 0.5) for v in t]
    yield Case("numeric targets far from zero", t, p, written=([repr(v) for v in t], [repr(v) for v in p]),
               numeric=True)


def scored_file(rng, labels, rows, digits):
    """Labels, predictions and a score per class (sorted labels), rounded to `digits` so that some tie."""
    y_true = [rng.choice(labels) for _ in range(rows)]
    classes = sorted(labels)
    scores = []
    for t in y_true:
        row = [rng.random() + (1.5 if c == t and rng.random() < 0.5 else 0) for c in classes]
        total = sum(row)
        scores.append([v / total if digits is None else round(v / total, digits) for v in row])
    y_pred = [classes[max(range(len(classes)), key=lambda j: (row[j], j))] for row in scores]
    return y_true, y_pred, scores


def auc_of(y_true, matrix, labels):
    """ROC AUC as scikit-learn gives it: of the later class with two, one-vs-rest macro with more
    (which needs scores summing to 1); none where it raises."""
    try:
        if len(labels) == 2:
            return [("roc_auc", roc_auc_score(y_true, [row[1] for row in matrix]))]
        return [("roc_auc", roc_auc_score(y_true, matrix, multi_class="ovr", labels=labels))]
    except ValueError:
        return []


def metrics_of(case):
    """(name, expected value) for every metric the case supports."""
    if case.scores:
        labels = sorted(set(case.scores[0]))
        matrix = case.scores[1]
        top_k = [] if len(labels) < 4 else [  # scikit-learn's binary top-k thresholds one score instead
            (f"top_{k}_accuracy", top_k_accuracy_score(case.y_true, matrix, k=k, labels=labels)) for k in (2, 3)]
        return top_k + \
            [("log_loss", log_loss(case.y_true, matrix, labels=labels))] + auc_of(case.y_true, matrix, labels)
    if case.numeric:
        return [(name, formula(case.y_true, case.y_pred)) for name, formula in REGRESSION.items()]
    out = [(name, formula(case.y_true, case.y_pred)) for name, formula in METRICS.items()]
    if case.positive:
        pos, neg = case.positive
        out += [(name, formula(case.y_true, case.y_pred, pos, neg)) for name, formula in BINARY.items()]
    return out


def findings(dlcheck, folder, metric, claim, positive=None):
    record = {"metric": {"name": metric}, "baseline": {"value": 0.0}, "current": {"value": claim},
              "predictions": "predictions.csv"}
    if positive is not None:
        record["metric"]["positive_label"] = positive
    return oracle_support.check_claim(dlcheck, folder, record, TOLERANCE)[1]


def main():
    dlcheck = os.path.abspath(sys.argv[1])
    rng = random.Random(20240611)
    failures = checked = 0
    with tempfile.TemporaryDirectory() as folder:
        for case in cases(rng):
            written_true, written_pred = case.written
            with open(os.path.join(folder, "predictions.csv"), "w") as out:
                if case.scores:
                    classes = sorted(case.scores[0])
                    out.write("label,prediction," + ",".join(f"prob_{c}" for c in classes) + "\n")
                    out.write("".join(f"{t},{p}," + ",".join(repr(v) for v in row) + "\n"
                                      for t, p, row in zip(written_true, written_pred, case.scores[1])))
                else:
                    out.write("label,prediction\n" + "".join(f"{t},{p}\n" for t, p in zip(written_true, written_pred)))
            for metric, expected in metrics_of(case):
                expected = float(expected)
                if math.isnan(expected):
                    continue
                checked += 1
                exact = findings(dlcheck, folder, metric, expected, case.record_positive)
                off = [findings(dlcheck, folder, metric, expected + sign * OFFSET * max(1, abs(expected)),
                                case.record_positive) for sign in (1, -1)]
                if exact or not all(off) or any(m.startswith("not checked") for o in off for m in o):
                    failures += 1
                    print(f"FAIL {case.name}: {metric} = {expected!r} (scikit-learn); dlcheck says "
                          f"{exact or 'nothing'} for the exact claim and {off} for claims {OFFSET} off")
    print(f"f1_oracle: {checked - failures}/{checked} metric values agree with scikit-learn to {TOLERANCE}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
