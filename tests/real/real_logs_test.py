#!/usr/bin/env python3
"""Reads every real training log in the shared folder with dlcheck and checks what it found.

real_logs_test.py DLCHECK CASE [SHARED]: CASE is `public-logs` or `real-runs`. SHARED is the
shared folder (DLCHECK_SHARED_DIR overrides it); without it the test exits 77 (skipped).

public-logs: 58 logs from public repositories. Each log's curves are recomputed here with small
readers of our own (the csv and json modules, the column rules of docs/artifacts.md "Columns" and
of classify_column in src/artifacts/log_builder.cpp) and compared with dlcheck's JSON report:
count, first, best and last (value, x and line) of the training curve, of each validation set and
of each adversarial curve, and every stored point, to 1e-9 relative. Then the facts the folder's
README states about single files are asserted.

real-runs: files written by Lightning, the Hugging Face Trainer, SummaryWriter and tensorboard's
own writer. The points, first, last and minimum of the curves dlcheck chooses are checked against
the ground-truth table of real-runs/README.md, to 1e-5 relative (the table has six digits).

Every case is a copy in its own temporary git project; the shared folder is never written.
"""
import csv
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile

EXACT = 1e-9  # recomputed curves: the same doubles, up to the rounding of a running mean
TABLE = 1e-5  # README tables: six significant digits
SKIP = 77


# ---------------------------------------------------------------------------------------------
# Running dlcheck on a copy


class Project:
    """A temporary git project holding copies of shared files, checked with one evidence record."""

    def __init__(self, dlcheck):
        self.dlcheck = dlcheck
        self.root = tempfile.mkdtemp(prefix="dlcheck-real-")
        subprocess.run(["git", "init", "-q", self.root], check=True)

    def copy(self, source, relative):
        target = os.path.join(self.root, relative)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if os.path.isdir(source):
            shutil.copytree(source, target)
        else:
            shutil.copyfile(source, target)

    def check(self, training_log, **extra):
        """dlcheck's JSON report of the record {"task": "t", "training_log": training_log, **extra}."""
        record = {"task": "t", "training_log": training_log, **extra}
        with open(os.path.join(self.root, "evidence.json"), "w", encoding="utf-8") as out:
            json.dump(record, out)
        done = subprocess.run([self.dlcheck, "--format", "json", "--profile", "record", "evidence.json"],
                              cwd=self.root, capture_output=True, text=True)
        if done.returncode not in (0, 1):
            raise RuntimeError(f"dlcheck exited {done.returncode}: {done.stderr.strip()}")
        return json.loads(done.stdout)["files"][0]

    def remove(self):
        shutil.rmtree(self.root, ignore_errors=True)


def checked(dlcheck, source, relative, training_log=None, **extra):
    project = Project(dlcheck)
    try:
        project.copy(source, relative)
        return project.check(training_log or relative, **extra)
    finally:
        project.remove()


# ---------------------------------------------------------------------------------------------
# Comparing


class Case:
    """The mismatches found in one file."""

    def __init__(self, name):
        self.name = name
        self.problems = []

    def fail(self, message):
        self.problems.append(message)

    def expect(self, condition, message):
        if not condition:
            self.fail(message)
        return condition

    def equal(self, what, got, want):
        return self.expect(got == want, f"{what}: dlcheck has {got!r}, expected {want!r}")

    def rounds_to(self, what, got, shown):
        """`got` printed to as many decimals as the README's `shown` gives `shown`."""
        decimals = len(shown.split(".")[1]) if "." in shown else 0
        ok = isinstance(got, (int, float)) and abs(got - float(shown)) <= 0.5 * 10 ** -decimals * (1 + 1e-9)
        return self.expect(ok, f"{what}: dlcheck has {got!r}, the README says {shown}")

    def close(self, what, got, want, rel):
        ok = isinstance(got, (int, float)) and (got == want or abs(got - want) <= rel * max(abs(got), abs(want)))
        return self.expect(ok, f"{what}: dlcheck has {got!r}, expected {want!r}")


def log_findings(report, rule):
    return [f for f in report["findings"] if f["rule"] == rule]


def status(report, rule):
    for item in report["checklist"]:
        if item["rule"] == rule:
            return item.get("status")
    return None


def all_curves(log):
    curves = [log["train"]] if log.get("train") else []
    return curves + log.get("validation_sets", []) + log.get("adversarial", [])


# ---------------------------------------------------------------------------------------------
# Our own reading of loss names (docs/artifacts.md "Columns"; classify_column in log_builder.cpp)

VALIDATION_WORDS = {"val", "valid", "validation", "eval", "dev"}
TRAIN_WORDS = {"train", "training", "trn"}
ADVERSARIAL_WORDS = {"d", "g", "disc", "gen", "discriminator", "generator", "critic", "errd", "errg"}
AVERAGE_WORDS = {"average", "avg", "mean"}
SERIES_ORDER = {"epoch": 0, "plain": 1, "step": 2}  # Lightning's _epoch series first, _step last


def ascii_lower(text):
    return "".join(c.lower() if "A" <= c <= "Z" else c for c in text)


def loss_name(column):
    """(role, base, series, rank) of a loss column, or None: see classify_column."""
    base = ascii_lower(column.strip(" "))
    series = "plain"
    for suffix, kind in (("_epoch", "epoch"), ("_step", "step")):
        if len(base) > len(suffix) and base.endswith(suffix):
            base, series = base[: -len(suffix)], kind
            break
    words = re.findall(r"[a-z0-9]+", base)
    split_average = any(w in AVERAGE_WORDS for w in words) and all(
        w in VALIDATION_WORDS | TRAIN_WORDS | AVERAGE_WORDS | {"epoch"} for w in words)
    loss = "loss" in base or any(w in ("errd", "errg") for w in words)
    if not (loss or split_average) or "test" in words:
        return None
    if any(w in ADVERSARIAL_WORDS for w in words):
        return ("adversarial", base, series, 0)
    if any(w in VALIDATION_WORDS for w in words):
        return ("validation", base, series, 0)
    plain = all(w in ("loss", "epoch") or w in TRAIN_WORDS for w in words)
    return ("train", base, series, 0 if plain else 1 if any(w in TRAIN_WORDS for w in words) else 2)


class Curve:
    """One loss column's values; a step back to where its run began starts a new run."""

    def __init__(self, column, name):
        self.column, self.name = column, name
        self.points = []  # (x, value, line), finite values of the current run
        self.first_x = self.last_x = self.last_step = None
        self.runs, self.restart_line = 1, None

    def add(self, x, value, line, step=None):
        # With a step beside the epoch, a new run needs the step to go back too.
        step_back = step is None or self.last_step is None or step < self.last_step
        if self.last_x is not None and x < self.last_x and x <= self.first_x and step_back:
            self.points, self.first_x = [], x
            self.runs, self.restart_line = self.runs + 1, line
        if self.first_x is None:
            self.first_x = x
        self.last_x = x
        if step is not None:
            self.last_step = step
        if math.isfinite(value):
            self.points.append((x, value, line))


class Curves:
    def __init__(self):
        self.curves = []

    def curve(self, column):
        column = column.strip(" ")
        for curve in self.curves:
            if curve.column == column:
                return curve
        name = loss_name(column)
        if name is None:
            return None
        self.curves.append(Curve(column, name))
        return self.curves[-1]

    def _better_series(self, a, b):
        if bool(a.points) != bool(b.points):
            return bool(a.points)
        return SERIES_ORDER[a.name[2]] < SERIES_ORDER[b.name[2]]

    def train(self):
        """A curve with values, then the plainest name, then the preferred series, then the longest."""
        chosen = None
        for curve in self.curves:
            if curve.name[0] != "train":
                continue
            if chosen is None:
                chosen = curve
            elif bool(curve.points) != bool(chosen.points):
                chosen = curve if curve.points else chosen
            elif curve.name[3] != chosen.name[3]:
                chosen = curve if curve.name[3] < chosen.name[3] else chosen
            elif curve.name[1] == chosen.name[1]:
                chosen = curve if self._better_series(curve, chosen) else chosen
            elif len(curve.points) > len(chosen.points):
                chosen = curve
        return chosen

    def sets(self, role):
        """Each base of this role once, in column order, as its preferred series."""
        chosen = []
        for curve in self.curves:
            if curve.name[0] != role:
                continue
            same = [i for i, c in enumerate(chosen) if c.name[1] == curve.name[1]]
            if not same:
                chosen.append(curve)
            elif self._better_series(curve, chosen[same[0]]):
                chosen[same[0]] = curve
        return chosen

    def appended(self):
        most = None
        for curve in self.curves:
            if curve.runs > 1 and (most is None or curve.runs > most.runs):
                most = curve
        return most


class Log:
    def __init__(self, fmt, x_name, rows, curves):
        self.format, self.x_name, self.rows, self.curves = fmt, x_name, rows, curves


def number(text):
    """A logged number as dlcheck's parse_cell reads it; None when missing; ValueError when not one."""
    text = text.strip()
    if ascii_lower(text) in ("", "na", "n/a", "null", "none"):
        return None
    if text.startswith("+"):
        text = text[1:]
    if "_" in text:  # Python reads 1_000, from_chars does not
        raise ValueError(text)
    return float(text)


def content_lines(text):
    """(line number, line) of every line that is not blank; any run of \\r before \\n is dropped."""
    for i, line in enumerate(text.split("\n"), 1):
        line = line.rstrip("\r")
        if line.strip(" \t\r"):
            yield i, line


def read_csv(text):
    lines = list(content_lines(text))
    header = lines[0][1]
    delimiter = "\t" if "\t" in header else ";" if header.count(";") > header.count(",") else ","
    names = next(csv.reader([header], delimiter=delimiter))
    lowered = [ascii_lower(n.strip(" ")) for n in names]
    epoch = lowered.index("epoch") if "epoch" in lowered else None
    step = lowered.index("step") if "step" in lowered else None
    curves = Curves()
    columns = []
    for i, name in enumerate(names):
        curve = curves.curve(name)
        if curve is not None and all(c is not curve for _, c in columns):
            columns.append((i, curve))
    if not columns:
        return None
    x_column = epoch if epoch is not None else step
    rows, last_x = 0, 0.0
    for line_number, line in lines[1:]:
        if line == header:
            continue  # a resumed logger repeats its header
        fields = next(csv.reader([line], delimiter=delimiter))
        rows += 1
        if x_column is None:
            x = float(rows)
        else:
            try:
                value = number(fields[x_column]) if x_column < len(fields) else None
            except ValueError:
                value = None
            if value is not None and math.isfinite(value):
                last_x = value
            x = last_x
        row_step = None
        if epoch is not None and step is not None and step < len(fields):
            try:
                row_step = number(fields[step])
            except ValueError:
                row_step = None
            if row_step is not None and not math.isfinite(row_step):
                row_step = None
        for i, curve in columns:
            if i < len(fields):
                value = number(fields[i])
                if value is not None:
                    curve.add(x, value, line_number, row_step)
    if epoch is not None and step is not None:
        fmt = "PyTorch Lightning metrics.csv"
    elif epoch == 0:
        fmt = "Keras CSVLogger"
    else:
        fmt = "CSV"
    x_name = "epoch" if epoch is not None else "step" if step is not None else "row"
    return Log(fmt, x_name, rows, curves)


class JsonAxis:
    """The x axis of JSON records: chosen from the first record with a loss, then carried forward."""

    def __init__(self):
        self.name, self.last = None, 0.0

    @staticmethod
    def _find(record, key):
        for k in sorted(record):
            if ascii_lower(k) == key:
                return record[k]
        return None

    def x(self, record, row):
        if self.name is None:
            self.name = "row"
            for key in ("epoch", "step"):
                value = self._find(record, key)
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    self.name = key
                    break
        if self.name == "row":
            return float(row)
        value = self._find(record, self.name)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
            self.last = float(value)
        return self.last


def add_record(record, row, axis, curves, line_of):
    x = None
    for key in sorted(record):
        curve = curves.curve(key)
        value = record[key]
        if curve is None or value is None:
            continue
        if x is None:
            x = axis.x(record, row)
        if isinstance(value, str):
            value = number(value)
            if value is None:
                continue
        step = next((v for k, v in record.items() if k.lower() == "step"), None)
        if not isinstance(step, (int, float)) or isinstance(step, bool) or not math.isfinite(step):
            step = None
        curve.add(x, float(value), line_of(key), step)


def flattened(record):
    """Nested objects one level deep: {"train": {"loss": 1}} also gives "train/loss"."""
    flat = dict(record)
    for key, value in record.items():
        if isinstance(value, dict):
            for inner, inner_value in value.items():
                if not isinstance(inner_value, dict):
                    flat[f"{key}/{inner}"] = inner_value
    return flat


def read_json_lines(text):
    curves, axis, rows = Curves(), JsonAxis(), 0
    for line_number, line in content_lines(text):
        rows += 1
        add_record(flattened(json.loads(line)), rows, axis, curves, lambda key: line_number)
    return Log("JSON Lines", axis.name or "row", rows, curves)


def read_trainer_state(text):
    """log_history entries, each key's line found in the text; the Trainer's summary entry skipped."""
    decoder = json.JSONDecoder()
    history = json.loads(text)["log_history"]
    start = re.search(r'"log_history"\s*:\s*\[', text).end()
    curves, axis = Curves(), JsonAxis()
    for row, entry in enumerate(history, 1):
        while text[start] in " \t\r\n,":
            start += 1
        _, end = decoder.raw_decode(text, start)
        if isinstance(entry, dict) and "train_runtime" not in entry and "total_flos" not in entry:
            def line_of(key, begin=start, stop=end):
                place = re.compile(re.escape(json.dumps(key, ensure_ascii=False)) + r"\s*:").search(text, begin, stop)
                return text.count("\n", 0, place.start()) + 1

            add_record(entry, row, axis, curves, line_of)
        start = end
    return Log("Hugging Face trainer_state.json", axis.name or "row", len(history), curves)


def read_log(path):
    with open(path, encoding="utf-8", newline="") as f:  # \r\r\n kept: dlcheck counts it one line
        text = f.read()
    first = next(content_lines(text))[1].strip()
    if first.startswith("{") or first.startswith("["):
        try:
            one = json.loads(first)
            if isinstance(one, dict) and "log_history" not in one:
                return read_json_lines(text)
        except ValueError:
            pass
        return read_trainer_state(text)
    return read_csv(text)


# ---------------------------------------------------------------------------------------------
# public-logs


def compare_points(case, what, curve, values):
    """Every stored point: the values themselves, or means of 2^k consecutive ones past 2,048."""
    points = curve["points"]
    stride = 1
    while (len(values) + stride - 1) // stride > 2048:
        stride *= 2
    groups = [values[i:i + stride] for i in range(0, len(values), stride)]
    if not case.equal(f"{what} stored points", len(points), len(groups)):
        return
    for i, (got, group) in enumerate(zip(points, groups)):
        if not case.close(f"{what} point {i}", got, sum(group) / len(group), EXACT):
            return


def compare_curve(case, what, got, want):
    """dlcheck's curve against ours: column, count, first, best (lowest, first met), last, points."""
    if want is None or not want.points:
        case.expect(got is None, f"{what}: dlcheck has {got and got['column']!r}, expected none")
        return
    if not case.expect(got is not None, f"{what}: dlcheck has none, expected {want.column!r}"):
        return
    case.equal(f"{what} column", got["column"], want.column)
    case.equal(f"{what} count", got["count"], len(want.points))
    best = min(want.points, key=lambda p: p[1])  # min keeps the first of equal values
    for place, (x, value, line) in (("first", want.points[0]), ("best", best), ("last", want.points[-1])):
        case.close(f"{what} {place} value", got[place]["value"], value, EXACT)
        case.close(f"{what} {place} x", got[place]["x"], x, EXACT)
        case.equal(f"{what} {place} line", got[place]["line"], line)
    compare_points(case, what, got, [p[1] for p in want.points])


def compare_log(case, report, want):
    log = report["artifacts"].get("training_log")
    if not case.expect(log is not None and "format" in log, "dlcheck read no training log"):
        return
    case.equal("format", log["format"], want.format)
    case.equal("rows", log["rows"], want.rows)
    train = want.curves.train()
    compare_curve(case, "train", log.get("train"), train)
    if train and train.points:
        case.equal("train x axis", log["train"]["x"], want.x_name)
    validation = [c for c in want.curves.sets("validation") if c.points]
    got_sets = log.get("validation_sets", [])
    case.equal("validation sets", [c["column"] for c in got_sets], [c.column for c in validation])
    for got, curve in zip(got_sets, validation):
        compare_curve(case, f"validation {curve.column}", got, curve)
    case.equal("validation (the first set)", log.get("validation"), got_sets[0] if got_sets else None)
    adversarial = [c for c in want.curves.sets("adversarial") if c.points]
    got_adversarial = log.get("adversarial", [])
    case.equal("adversarial curves", [c["column"] for c in got_adversarial], [c.column for c in adversarial])
    for got, curve in zip(got_adversarial, adversarial):
        compare_curve(case, f"adversarial {curve.column}", got, curve)
    appended = want.curves.appended()
    found = log_findings(report, "log-appended-runs")
    if appended is None:
        case.equal("log-appended-runs findings", [f["message"] for f in found], [])
    elif case.equal("log-appended-runs findings", len(found), 1):
        case.equal("log-appended-runs line", found[0]["artifact"]["line"], appended.restart_line)
        case.expect(f"holds {appended.runs} runs" in found[0]["message"],
                    f"log-appended-runs message {found[0]['message']!r} does not say {appended.runs} runs")


def readme_facts(case, name, report, dlcheck, path):
    """What public-logs/README.md says of single files."""
    log = report["artifacts"].get("training_log") or {}
    train, sets = log.get("train"), log.get("validation_sets", [])

    def val(column, count, first, best, last):
        curve = next((c for c in sets if c["column"] == column), None)
        if not case.expect(curve is not None, f"README: no validation curve {column}"):
            return
        case.equal(f"README: {column} points", curve["count"], count)
        for place, value in (("first", first), ("best", best), ("last", last)):
            if value is not None:
                case.rounds_to(f"README: {column} {place}", curve[place]["value"], value)

    def appended(runs, line):
        found = log_findings(report, "log-appended-runs")
        if case.equal("README: log-appended-runs findings", len(found), 1):
            case.equal("README: line of the last run", found[0]["artifact"]["line"], line)
            case.expect(f"holds {runs} runs" in found[0]["message"], f"README: not {runs} runs: {found[0]['message']}")
        # The curves hold only the last run: it begins at that line.
        case.equal("README: the train curve starts at the last run", train and train["first"]["line"], line)

    if name == "ke04_digits.csv":  # \r\r\n: val_loss, 30 points, 3.642 -> 0.00916, lowest at the last epoch
        val("val_loss", 30, "3.642", "0.00916", "0.00916")
        case.equal("README: val_loss best is the last epoch", sets and sets[0]["best"]["x"], 29.0)
    elif name == "ke06_facial.csv":  # \r\r\n: val_loss read (too-few-points is right)
        val("val_loss", 2, None, None, None)
        case.equal("README: log-too-few-points", status(report, "log-too-few-points"), "failed")
    elif name == "ke11_fingerprint.csv":  # \r\r\n: val_loss, 41 points, 1.235 -> min 0.155 at epoch 36 -> 0.173
        val("val_loss", 41, "1.235", "0.155", "0.173")
        case.equal("README: val_loss best at epoch", sets and sets[0]["best"]["x"], 36.0)
    elif name == "ke02_braintumor_append.csv":  # runs appended at rows 6, 10 and 20 (header at line 1)
        appended(4, 21)
    elif name == "ke09_irfanet5.log":  # at row 27
        appended(2, 28)
    elif name == "ke12_irfanet2.log":  # at row 36
        appended(2, 37)
    elif name == "hf12_viz.json":  # six eval sets, 31 points each, all overfitting
        columns = [f"eval_g{i}_loss" for i in range(6)]
        case.equal("README: validation sets", [c["column"] for c in sets], columns)
        for curve in sets:
            case.equal(f"README: {curve['column']} points", curve["count"], 31)
            case.expect(curve["best"]["x"] in (1.0, 2.0), f"README: {curve['column']} lowest at epoch 1-2")
            ratio = curve["last"]["value"] / curve["best"]["value"]
            case.expect(2.1 <= ratio < 2.55, f"README: {curve['column']} ends {ratio:.2f}x its minimum, not 2.1-2.5x")
        warned = [f["message"].split(" is lowest")[0] for f in log_findings(report, "log-overfitting")]
        case.equal("README: log-overfitting findings", warned, [f"overfitting: {c}" for c in columns])
        case.equal("README: log-overfitting status", status(report, "log-overfitting"), "failed")
    elif name == "lt12_hosein_v17.csv":  # validation_epoch_average is the validation loss
        case.equal("README: validation", (log.get("validation") or {}).get("column"), "validation_epoch_average")
    elif name == "lt14_autoencoder.csv":  # mse_loss, 20 epochs, 0.0294 -> 0.0119
        case.equal("README: train column", train and train["column"], "mse_loss")
        case.equal("README: mse_loss points", train and train["count"], 20)
        case.rounds_to("README: mse_loss first", train and train["first"]["value"], "0.0294")
        case.rounds_to("README: mse_loss last", train and train["last"]["value"], "0.0119")
    elif name == "cs01_gan1202.csv":  # GAN losses, named with a space: summarised, not judged
        case.equal("README: train", train, None)
        case.equal("README: adversarial", [c["column"] for c in log.get("adversarial", [])], ["Gen Loss", "Disc Loss"])
        for rule in ("log-too-few-points", "log-no-decrease", "log-overfitting"):
            case.equal(f"README: {rule}", status(report, rule), "not_checked")
    elif name == "cs05_diffusion.csv":  # Diffusion_Loss falls 327.2 -> 180.4
        case.equal("README: train column", train and train["column"], "Diffusion_Loss")
        case.rounds_to("README: Diffusion_Loss first", train and train["first"]["value"], "327.2")
        case.rounds_to("README: Diffusion_Loss last", train and train["last"]["value"], "180.4")
        case.equal("README: log-no-decrease", status(report, "log-no-decrease"), "passed")
    elif name == "js04_resnet50_nested.jsonl":  # nested {"train": {"loss": …}, "val": {"loss": …}}
        case.equal("README: train column", train and train["column"], "train/loss")
        case.equal("README: validation", [c["column"] for c in sets], ["val/loss"])
    elif name == "tx01_rooftop_text.log":  # plain text logging output
        found = log_findings(report, "log-format")
        if case.equal("README: log-format findings", len(found), 1):
            case.expect(found[0]["message"].startswith("this looks like plain text logging output, not a table"),
                        f"README: log-format message {found[0]['message']!r}")
            case.equal("README: log-format severity", found[0]["severity"], "error")
            case.equal("README: log-format line", found[0]["artifact"]["line"], 1)
    elif name == "hf18_whisperbraj.json":
        # No decrease is true (train 1.237 -> 1.787); eval_loss is lowest at epoch 1 (2.553) and rises to
        # 3.423 while the training loss rises too: not overfitting, and a self-check naming
        # overfitting must not be told the validation loss never rises.
        case.rounds_to("README: train first", train and train["first"]["value"], "1.237")
        case.rounds_to("README: train last", train and train["last"]["value"], "1.787")
        val("eval_loss", 20, "2.553", "2.553", "3.423")
        case.equal("README: log-no-decrease", status(report, "log-no-decrease"), "failed")
        case.equal("README: log-overfitting (the training loss rises)", status(report, "log-overfitting"), "passed")
        self_check_rises(case, dlcheck, path, "eval_loss", "(2.5529 at epoch 1, last 3.4234 at epoch 20)")
    elif name == "ke05_lung.csv":  # val 0.1624 (epoch 7) -> 0.2894 (epoch 9) while train rises too
        val("val_loss", 10, None, "0.1624", "0.2894")
        self_check_rises(case, dlcheck, path, "val_loss", "(0.1624 at epoch 7, last 0.2894 at epoch 9)")


def self_check_rises(case, dlcheck, path, column, numbers):
    """With a self-check naming overfitting, log-self-check says the loss rises, with the train loss."""
    self_check = {"failure_mode": "overfitting", "evidence": "the validation loss rises after its minimum",
                  "observed": True}
    report = checked(dlcheck, path, "log", self_check=self_check)
    found = log_findings(report, "log-self-check")
    want = (f"the self-check says overfitting happened, but {column} in log rises after its minimum while the "
            f"training loss rises too, which is not overfitting {numbers}")
    case.equal("README: log-self-check messages", [f["message"] for f in found], [want])


def public_logs(dlcheck, shared):
    folder = os.path.join(shared, "public-logs")
    with open(os.path.join(folder, "README.md"), encoding="utf-8") as f:
        listed = re.findall(r"^\| `([^`]+)` \|", f.read(), re.M)
    cases = []
    for relative in listed:
        path = os.path.join(folder, relative)
        name = os.path.basename(relative)
        case = Case(relative)
        try:
            report = checked(dlcheck, path, name)
            want = None if name.startswith("tx") else read_log(path)
            if want is None:
                case.equal("log-format", status(report, "log-format"), "failed")
            else:
                compare_log(case, report, want)
            readme_facts(case, name, report, dlcheck, path)
        except Exception as error:  # an unexpected report shape fails this file, not the run
            case.fail(f"cannot check: {error!r}")
            report = {"artifacts": {}}
        log = report["artifacts"].get("training_log") or {}
        train = log.get("train")
        summary = (f"train {train['column']} {train['count']}" if train else "no train") + \
                  f", {len(log.get('validation_sets', []))} validation, {len(log.get('adversarial', []))} adversarial"
        print(f"{'ok  ' if not case.problems else 'FAIL'} {relative}: {log.get('format', 'unread')}, {summary}")
        cases.append(case)
    if len(listed) != 58:
        bad = Case("public-logs/README.md")
        bad.fail(f"the README lists {len(listed)} logs, not 58")
        cases.append(bad)
    return cases


# ---------------------------------------------------------------------------------------------
# real-runs: real-runs/README.md, "What a correct reader finds (ground truth)"

# (points, first, last, min) of each tag
LIGHTNING_TRAIN = ("train_loss_epoch", 25, 2.15181, 0.00581317, 0.00581317)
LIGHTNING_VAL = ("val_loss", 25, 1.73093, 0.0857661, 0.0769783)
HF_TRAIN = ("train/loss", 55, 0.69342, 0.220186, 0.0952071)
HF_EVAL = ("eval/loss", 8, 0.414857, 0.230336, 0.223119)
WRITER_TRAIN = ("loss/train", 25, 2.32066, 1.86376, 1.86376)
WRITER_VAL = ("loss/val", 25, 2.29068, 1.8624, 1.8624)
KERAS_TRAIN = (20, 1.95, 0.306662, 0.306662)
KERAS_VAL = (20, 2.05, 0.559416, 0.525205)
TENSORBOARD = "TensorBoard event files"

LIGHTNING_TB = "lightning-csv-and-tensorboard/tb/version_0"
LIGHTNING_FIT = f"{LIGHTNING_TB}/events.out.tfevents.1795693586.vm.437.0"
LIGHTNING_TEST = f"{LIGHTNING_TB}/events.out.tfevents.1795693590.vm.437.1"
HF_RUN = "hf-trainer/runs/Nov26_11-46-41_vm"
HF_EVENTS = f"{HF_RUN}/events.out.tfevents.1795693601.vm.437.8"
KERAS_TRAIN_EVENTS = "tf2-scalars/logs/train/events.out.tfevents.1795695317.vm.433.4.v2"
KERAS_VAL_EVENTS = "tf2-scalars/logs/validation/events.out.tfevents.1795695317.vm.433.5.v2"

# training_log, format, run, train (column, points, first, last, min), validation sets
REAL_RUNS = [
    ("lightning-csv-and-tensorboard/tb", TENSORBOARD, "version_0", LIGHTNING_TRAIN, [LIGHTNING_VAL]),
    (LIGHTNING_TB, TENSORBOARD, None, LIGHTNING_TRAIN, [LIGHTNING_VAL]),
    (LIGHTNING_FIT, TENSORBOARD, None, LIGHTNING_TRAIN, [LIGHTNING_VAL]),
    ("lightning-csv-and-tensorboard/csv/version_0/metrics.csv", "PyTorch Lightning metrics.csv", None,
     LIGHTNING_TRAIN, [LIGHTNING_VAL]),
    ("hf-trainer/runs", TENSORBOARD, "Nov26_11-46-41_vm", HF_TRAIN, [HF_EVAL]),
    (HF_RUN, TENSORBOARD, None, HF_TRAIN, [HF_EVAL]),
    (HF_EVENTS, TENSORBOARD, None, HF_TRAIN, [HF_EVAL]),
    ("hf-trainer/trainer_state.json", "Hugging Face trainer_state.json", None, ("loss",) + HF_TRAIN[1:],
     [("eval_loss",) + HF_EVAL[1:]]),
    ("torch-summarywriter/simple", TENSORBOARD, None, WRITER_TRAIN, [WRITER_VAL]),
    ("torch-summarywriter/newstyle", TENSORBOARD, None, WRITER_TRAIN, [WRITER_VAL]),
    ("torch-summarywriter/simple/events.out.tfevents.1795695317.vm.433.2", TENSORBOARD, None, WRITER_TRAIN,
     [WRITER_VAL]),
    ("torch-summarywriter/newstyle/events.out.tfevents.1795695317.vm.433.3", TENSORBOARD, None, WRITER_TRAIN,
     [WRITER_VAL]),
    ("tf2-scalars/logs", TENSORBOARD, None, ("train/epoch_loss",) + KERAS_TRAIN,
     [("validation/epoch_loss",) + KERAS_VAL]),
    # One side of a Keras log named alone: a single event file is its tag; a split folder prefixes its name.
    # A split folder named on its own keeps its split: its name prefixes the tag.
    ("tf2-scalars/logs/train", TENSORBOARD, None, ("train/epoch_loss",) + KERAS_TRAIN, []),
    (KERAS_TRAIN_EVENTS, TENSORBOARD, None, ("epoch_loss",) + KERAS_TRAIN, []),
    ("tf2-scalars/logs/validation", TENSORBOARD, None, None, [("validation/epoch_loss",) + KERAS_VAL]),
    (KERAS_VAL_EVENTS, TENSORBOARD, None, ("epoch_loss",) + KERAS_VAL, []),
]


def table_curve(case, what, got, want):
    if want is None:  # no curve of this kind is expected
        case.equal(f"{what}", got, None)
        return
    column, points, first, last, lowest = want
    if not case.expect(got is not None, f"{what}: dlcheck has none, expected {column}"):
        return
    case.equal(f"{what} column", got["column"], column)
    case.equal(f"{what} points", got["count"], points)
    case.close(f"{what} first", got["first"]["value"], first, TABLE)
    case.close(f"{what} last", got["last"]["value"], last, TABLE)
    case.close(f"{what} min", got["best"]["value"], lowest, TABLE)
    stored = got["points"]
    if case.equal(f"{what} stored points", len(stored), points):
        case.close(f"{what} first point", stored[0], got["first"]["value"], EXACT)
        case.close(f"{what} last point", stored[-1], got["last"]["value"], EXACT)
        case.close(f"{what} lowest point", min(stored), got["best"]["value"], EXACT)


def real_runs(dlcheck, shared):
    folder = os.path.join(shared, "real-runs")
    cases = []
    for training_log, fmt, run, train, validation in REAL_RUNS:
        case = Case(training_log)
        top = training_log.split("/")[0]
        log = {}
        try:
            report = checked(dlcheck, os.path.join(folder, top), top, training_log)
            log = report["artifacts"].get("training_log") or {}
            case.equal("format", log.get("format"), fmt)
            case.equal("run", log.get("run"), run)
            case.equal("log-format", status(report, "log-format"), "passed")
            table_curve(case, "train", log.get("train"), train)
            sets = log.get("validation_sets", [])
            case.equal("validation sets", [c["column"] for c in sets], [v[0] for v in validation])
            for got, want in zip(sets, validation):
                table_curve(case, f"validation {want[0]}", got, want)
            case.equal("adversarial", log.get("adversarial"), [])
            names = [c["column"] for c in all_curves(log)]
            case.expect(not any("test" in n for n in names), f"test losses read as curves: {names}")
            if training_log.endswith((".csv", ".json")):  # also against our own reader
                compare_log(case, report, read_log(os.path.join(folder, training_log)))
        except Exception as error:  # an unexpected report shape fails this file, not the run
            case.fail(f"cannot check: {error!r}")
        summary = ", ".join(f"{c['column']} {c['count']}" for c in all_curves(log))
        print(f"{'ok  ' if not case.problems else 'FAIL'} {training_log}: {log.get('format', 'unread')}, {summary}")
        cases.append(case)

    # The test event file alone: only test_loss and test_acc, which are never a training or validation loss.
    case = Case(LIGHTNING_TEST)
    report = checked(dlcheck, os.path.join(folder, "lightning-csv-and-tensorboard"), "lightning-csv-and-tensorboard",
                     LIGHTNING_TEST)
    found = log_findings(report, "log-format")
    want = ("no loss found in the TensorBoard event file (tags: hp_metric, test_loss, test_acc, epoch): dlcheck "
            "looks for names with \"loss\" in them")
    case.equal("log-format findings", [f["message"] for f in found], [want])
    print(f"{'ok  ' if not case.problems else 'FAIL'} {LIGHTNING_TEST}: no loss but test_loss")
    cases.append(case)
    return cases


def main():
    if len(sys.argv) < 3 or sys.argv[2] not in ("public-logs", "real-runs"):
        print("usage: real_logs_test.py DLCHECK public-logs|real-runs [SHARED]", file=sys.stderr)
        return 2
    dlcheck, which = os.path.abspath(sys.argv[1]), sys.argv[2]
    shared = os.environ.get("DLCHECK_SHARED_DIR") or (sys.argv[3] if len(sys.argv) > 3 else "")
    if not shared or not os.path.isdir(os.path.join(shared, which)):
        print(f"real_logs_test: no {which} folder in the shared folder ({shared or 'not given'}): skipped")
        return SKIP
    cases = (public_logs if which == "public-logs" else real_runs)(dlcheck, shared)
    failed = [c for c in cases if c.problems]
    print(f"{which}: {len(cases) - len(failed)} of {len(cases)} files as expected")
    for case in failed:
        print(f"\n{case.name}:")
        for problem in case.problems:
            print(f"  {problem}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
