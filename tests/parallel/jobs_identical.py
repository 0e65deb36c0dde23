#!/usr/bin/env python3
"""The report is the same, byte for byte, with -j 1 and -j 4, in every output format.

    jobs_identical.py DLCHECK

Writes projects whose predictions file is large enough to be split in chunks (over 8 MiB): a
plain one with watched and leaked ids in many chunks, one with a quoted field spanning lines
(read in one pass), one with errors in several chunks (the first in the file is reported), and
a TSV with CRLF line ends; each with split lists of 2 MB that leak into each other. Each is checked alone and all together as a class, in every format
`dlcheck --help` lists, with -j 1 and with -j 4; stdout and the exit code must match. Where
strace is installed, it also shows that -j 4 read the plain file in chunks (pread64).
Python 3 standard library only.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROWS = 300_000  # about 10.5 MB: over the 8 MiB from which a predictions file is split
CLASSES = ["cat", "dog", "automobile", "truck", "airplane", "ship", "deer", "horse", "bird", "frog"]


def rows(delimiter=",", line_end="\n", change=None):
    out = [delimiter.join(["id", "label", "prediction", "confidence"]) + line_end]
    for n in range(1, ROWS + 1):
        label = CLASSES[(n * 7) % 10]
        prediction = CLASSES[(n * 7 + n % 9 + 1) % 10] if n % 11 < 2 else label
        fields = [f"img_{n:08}", label, prediction, f"0.{n % 97:02}"]
        line = delimiter.join(fields)
        if change:
            line = change(n, line)
        out.append(line + line_end)
    return "".join(out)


def project(folder, name, predictions_text, predictions_name="predictions.csv"):
    path = os.path.join(folder, name)
    os.makedirs(os.path.join(path, ".git"))
    os.makedirs(os.path.join(path, "splits"))
    with open(os.path.join(path, predictions_name), "w", newline="") as out:
        out.write(predictions_text)
    # Train ids that are also prediction ids, in many chunks: leakage.
    with open(os.path.join(path, "splits", "train_ids.txt"), "w") as out:
        out.write("".join(f"img_{n:08}\n" for n in range(7, ROWS, 9973)))
        out.write("".join(f"train_{n:06}\n" for n in range(5000)))
    # Half the prediction ids, 2 MB: the split lists (over 1 MiB) are read and checked on threads.
    with open(os.path.join(path, "splits", "test_ids.txt"), "w") as out:
        out.write("".join(f"img_{n:08}\n" for n in range(1, ROWS + 1, 2)))
    samples = [{"input": f"img_{n:08}", "label": "cat", "prediction": "cat", "note": "clear"}
               for n in (3, 150_001, 299_999, 7)]
    failures = [{"input": f"img_{n:08}", "label": "dog", "prediction": "cat", "note": "looks alike"}
                for n in (11, 120_012, 240_010, 1_000_000)]
    record = {
        "task": "image classification",
        "run_command": "python train.py",
        "dataset": {"name": "CIFAR-10", "ids": {"train": "splits/train_ids.txt", "test": "splits/test_ids.txt"}},
        "metric": {"name": "accuracy", "split": "test", "higher_is_better": True},
        "baseline": {"method": "small CNN", "value": 0.5},
        "current": {"method": "ResNet-18", "value": 0.84},
        "predictions": predictions_name,
        "success_samples": samples,
        "failure_cases": failures,
        "failure_case_count": 100,
        "next_step": {"change": "augment", "reason": "cat -> dog is the largest confusion"},
    }
    with open(os.path.join(path, "evidence.json"), "w") as out:
        json.dump(record, out, indent=2)
    return path


def formats(dlcheck):
    help_text = subprocess.run([dlcheck, "--help"], capture_output=True, text=True, check=False).stdout
    found = re.search(r"--format TEXT:\{([^}]*)\}", help_text)
    if not found:
        sys.exit("jobs_identical: no --format list in dlcheck --help")
    return found.group(1).split(",")


def run(dlcheck, jobs, output_format, paths):
    result = subprocess.run([dlcheck, "-j", str(jobs), "--format", output_format, "--color", "never", *paths],
                            capture_output=True, check=False)
    # JUnit suites carry the seconds each check took, which differ between any two runs.
    return result.returncode, re.sub(rb'time="[0-9.]+"', b'time=""', result.stdout)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: jobs_identical.py DLCHECK")
    dlcheck = os.path.abspath(sys.argv[1])
    folder = tempfile.mkdtemp(prefix="dlcheck-jobs.")
    failures = 0
    try:
        def quoted(n, line):
            return f'"img_{n:08}\nsecond line",cat,dog,0.5' if n == 200_000 else line

        def broken(n, line):
            if n == 90_000:
                return f"img_{n:08},,cat,0.5"  # an empty label
            if n == 250_000:
                return line + ",extra"  # one field too many
            return line

        projects = [
            project(folder, "plain", rows()),
            project(folder, "quoted", rows(change=quoted)),
            project(folder, "errors", rows(change=broken)),
            project(folder, "tsv-crlf", rows("\t", "\r\n"), "predictions.tsv"),
        ]
        cases = [[os.path.join(p, "evidence.json")] for p in projects] + [projects]
        for output_format in formats(dlcheck):
            for paths in cases:
                one, four = run(dlcheck, 1, output_format, paths), run(dlcheck, 4, output_format, paths)
                name = f"--format {output_format} on {', '.join(os.path.basename(os.path.dirname(p)) if p.endswith('.json') else os.path.basename(p) for p in paths)}"
                if one != four:
                    failures += 1
                    print(f"FAIL: {name}: -j 1 and -j 4 differ (exit {one[0]} and {four[0]})")
                elif not one[1]:
                    failures += 1
                    print(f"FAIL: {name}: no output")
        # The reports must say what each file holds, or the comparison above proves little.
        _, text = run(dlcheck, 4, "text", projects)
        text = text.decode()
        # The errors file: the first of its two errors, in an early chunk, with its place.
        for expected in ["predictions.csv:90001:14: error[predictions-format]: empty label in column \"label\"",
                         "data leakage: 31 prediction ids of "]:
            if expected not in text:
                failures += 1
                print(f"FAIL: the report lacks: {expected}")
        if shutil.which("strace"):
            # LeakSanitizer cannot run under ptrace: a sanitizer build is traced without it.
            asan = os.environ.get("ASAN_OPTIONS", "")
            traced_env = dict(os.environ, ASAN_OPTIONS=(asan + ":" if asan else "") + "detect_leaks=0")
            traced = subprocess.run(["strace", "-f", "-qq", "-e", "trace=pread64", "-o", os.path.join(folder, "trace"),
                                     dlcheck, "-j", "4", os.path.join(projects[0], "evidence.json")],
                                    capture_output=True, check=False, env=traced_env)
            with open(os.path.join(folder, "trace")) as trace:
                preads = sum(1 for line in trace if "pread64(" in line)
            if preads < 8:
                failures += 1
                print(f"FAIL: -j 4 read the plain file with {preads} pread64 calls: not in chunks")
        else:
            print("note: strace is not installed; not checked that -j 4 splits the file")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"{failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
