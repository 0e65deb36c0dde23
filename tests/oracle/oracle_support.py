"""What the oracle tests share: finding the system Python that holds the oracle's package, and
checking one metric claim with dlcheck."""

import json
import os
import subprocess
import sys

SYSTEM_PYTHON = "/usr/bin/python3"


def system_python_or_skip(test, package):
    """Called when the oracle's import failed. Debian installs `package` into the system Python,
    which a pyenv or venv python3 does not see: run again there once, else skip (exit 77)."""
    if os.path.exists(SYSTEM_PYTHON) and os.path.realpath(sys.executable) != os.path.realpath(SYSTEM_PYTHON) \
            and not os.environ.get("DLCHECK_ORACLE_REEXEC"):
        os.environ["DLCHECK_ORACLE_REEXEC"] = "1"
        os.execv(SYSTEM_PYTHON, [SYSTEM_PYTHON, *sys.argv])
    print(f"{test}: {package} is not installed (apt-get install {package}): skipped")
    sys.exit(77)


def check_claim(dlcheck, folder, record, tolerance):
    """Writes `record` as folder/evidence.json and checks it under the record profile. Returns the
    file's JSON report and the predictions-metric messages, a not-checked reason as
    "not checked: …". Exits when the predictions were not read: the oracle would compare nothing."""
    path = os.path.join(folder, "evidence.json")
    with open(path, "w") as out:
        out.write(json.dumps(record))  # json.dumps writes repr(float): every digit
    run = subprocess.run([dlcheck, "--format", "json", "--profile", "record", "--metric-tolerance", str(tolerance),
                          path], capture_output=True, text=True)
    if run.returncode not in (0, 1):
        raise SystemExit(f"dlcheck exited {run.returncode}: {run.stderr}")
    report = json.loads(run.stdout)["files"][0]
    problems = [f for f in report["findings"] if f["rule"] in ("predictions-format", "project-file")]
    if problems:
        raise SystemExit(f"the predictions were not read: {problems}")
    messages = [f["message"] for f in report["findings"] if f["rule"] == "predictions-metric"]
    messages += [f"not checked: {item['reason']}" for item in report.get("checklist", [])
                 if item.get("rule") == "predictions-metric" and item.get("status") == "not_checked"]
    return report, messages
