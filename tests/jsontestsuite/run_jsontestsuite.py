#!/usr/bin/env python3
"""The JSON Parsing Test Suite through the real binary.

run_jsontestsuite.py DLCHECK SOURCE_DIR SUITE_DIR

Every file of test_parsing/ and test_transform/ is checked as an evidence file. None may crash
dlcheck or take more than a few seconds; y_ files must parse (an array is then refused as "not an
evidence object", which is not a JSON error); n_ files must be refused with file:line:col; i_ and
test_transform files must behave as the tables in docs/untrusted-input.md say, which this script
reads, so the documentation cannot drift. Accepted one-value arrays are also wrapped in a record to
check that the number or string dlcheck reads is the one Python reads. Exits 77 (ctest's skip)
when the suite is not there.
"""

import json
import math
import os
import re
import subprocess
import sys
import tempfile

SKIP = 77
TIMEOUT_SECONDS = 5
NOT_AN_OBJECT = "the top level must be an object of evidence fields"
CRASH_SIGNS = ("Sanitizer", "runtime error:", "internal error", "terminate called", "Segmentation fault")

dlcheck, source_dir, suite = sys.argv[1], sys.argv[2], sys.argv[3]
if not os.path.isdir(os.path.join(suite, "test_parsing")):
    print(f"skipped: no JSON Parsing Test Suite at {suite}")
    sys.exit(SKIP)

failures = []


def fail(name, why, output=""):
    failures.append(f"{name}: {why}" + (f"\n    {output.strip()[:300]}" if output else ""))


def run(path, *options):
    """dlcheck's exit code and output, or None after recording a crash or a hang."""
    command = [dlcheck, "--isolated", "--color", "never", "--profile", "record", *options, path]
    name = os.path.basename(path)
    try:
        result = subprocess.run(command, capture_output=True, timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        fail(name, f"took more than {TIMEOUT_SECONDS} s")
        return None
    out = result.stdout.decode("utf-8", "replace")
    err = result.stderr.decode("utf-8", "replace")
    if result.returncode < 0 or result.returncode >= 128 or any(sign in out + err for sign in CRASH_SIGNS):
        fail(name, f"crashed (exit {result.returncode})", err or out)
        return None
    if result.returncode not in (0, 1, 2):
        fail(name, f"exit {result.returncode}", err or out)
        return None
    return result.returncode, out, err


def json_error(path, out):
    """The invalid-json message of the file's first line, or None; the line must carry path:line:col."""
    match = re.match(re.escape(path) + r":(\d+):(\d+): error\[invalid-json\]: (.*)", out.splitlines()[0] if out else "")
    return match.group(3) if match else None


def expect_accepted(path):
    result = run(path)
    if result is None:
        return
    code, out, err = result
    message = json_error(path, out)
    if code == 2 and message is not None and message.startswith(NOT_AN_OBJECT):
        return
    if code in (0, 1) and "error[invalid-json]" not in out:
        return
    fail(os.path.basename(path), f"should parse, but exit {code}", out + err)


def expect_refused(path, fragment=""):
    result = run(path)
    if result is None:
        return
    code, out, err = result
    message = json_error(path, out)
    if code != 2 or message is None:
        fail(os.path.basename(path), f"should be refused with file:line:col, but exit {code}", out + err)
    elif message.startswith(NOT_AN_OBJECT) or fragment not in message:
        fail(os.path.basename(path), f"should be refused with \"{fragment or 'a JSON error'}\", not \"{message}\"")


def documented_outcomes(table_heading):
    """{file name: (accepted, message fragment)} from the table under `table_heading` in docs/untrusted-input.md."""
    text = open(os.path.join(source_dir, "docs", "untrusted-input.md"), encoding="utf-8").read()
    section = text.split(table_heading, 1)[1].split("\n#", 1)[0]
    outcomes = {}
    for row in section.splitlines():
        cells = [cell.strip() for cell in row.strip().strip("|").split("|")]
        if len(cells) < 2 or not cells[0].startswith("`"):
            continue
        if cells[1] == "accepted":
            outcome = (True, "")
        elif cells[1].startswith("refused: `") and cells[1].endswith("`"):
            outcome = (False, cells[1][len("refused: `"):-1])
        else:
            fail("docs/untrusted-input.md", f"unreadable outcome \"{cells[1]}\"")
            continue
        for name in re.findall(r"`([^`]+\.json)`", cells[0]):
            outcomes[name] = outcome
    return outcomes


def check_documented(folder, names, table_heading):
    outcomes = documented_outcomes(table_heading)
    for name in sorted(set(outcomes) - set(names)):
        fail(name, f"documented in docs/untrusted-input.md but not in {folder}")
    for name in names:
        if name not in outcomes:
            fail(name, "not documented in docs/untrusted-input.md")
        elif outcomes[name][0]:
            expect_accepted(os.path.join(suite, folder, name))
        else:
            expect_refused(os.path.join(suite, folder, name), outcomes[name][1])
    return [name for name in names if outcomes.get(name, (False,))[0]]


def reject_duplicate_keys(pairs):
    keys = [key for key, _ in pairs]
    if len(keys) != len(set(keys)):
        raise KeyError("duplicate")
    return dict(pairs)


def check_value_read(folder, name, scratch):
    """A one-value array of a number or string, wrapped in a record: dlcheck must read what Python reads."""
    try:
        text = open(os.path.join(suite, folder, name), "rb").read().decode("utf-8-sig")
        value = json.loads(text)
    except ValueError:  # Python refuses it too (a lone surrogate, say): nothing to compare
        return
    if isinstance(value, dict):
        try:
            json.loads(text, object_pairs_hook=reject_duplicate_keys)
            duplicated = False
        except KeyError:
            duplicated = True
        result = run(os.path.join(suite, folder, name), "--format", "json")
        if result is not None:
            rules = [finding["rule"] for finding in json.loads(result[1])["files"][0]["findings"]]
            if duplicated != ("duplicate-key" in rules):
                fail(name, "a duplicate key should be a finding exactly when a key repeats")
        return
    if not isinstance(value, list) or len(value) != 1 or isinstance(value[0], bool):
        return
    item = value[0]
    inner = text.strip()[1:-1].strip()
    if isinstance(item, (int, float)):
        record, read = '{"baseline_accuracy": %s, "current_accuracy": 0.5}' % inner, lambda f: f["metric"]["baseline"]
        expected = float(item)  # Python reads [-0] as the integer 0, and so does dlcheck
    elif isinstance(item, str):
        record, read = '{"task": %s}' % inner, lambda f: f["task"]
        expected = item
    else:
        return
    wrapped = os.path.join(scratch, name)
    with open(wrapped, "w", encoding="utf-8") as out:
        out.write(record)
    result = run(wrapped, "--format", "json")
    if result is None:
        return
    got = read(json.loads(result[1])["files"][0])
    same = got == expected and (not isinstance(expected, float) or math.copysign(1, got) == math.copysign(1, expected))
    if not same:
        fail(name, f"dlcheck reads {got!r}, Python reads {expected!r}")


parsing = sorted(os.listdir(os.path.join(suite, "test_parsing")))
transform = sorted(os.listdir(os.path.join(suite, "test_transform")))
for name in parsing:
    if name.startswith("y_"):
        expect_accepted(os.path.join(suite, "test_parsing", name))
    elif name.startswith("n_"):
        expect_refused(os.path.join(suite, "test_parsing", name))
accepted_i = check_documented("test_parsing", [n for n in parsing if n.startswith("i_")],
                              "### Implementation-defined files (`i_`)")
accepted_transform = check_documented("test_transform", transform, "### Transform files (`test_transform`)")

# The nesting limit is an option: 500 levels parse once it allows them.
deep = os.path.join(suite, "test_parsing", "i_structure_500_nested_arrays.json")
result = run(deep, "--max-depth", "500")
if result is not None and (result[0] != 2 or not (json_error(deep, result[1]) or "").startswith(NOT_AN_OBJECT)):
    fail(os.path.basename(deep), "should parse with --max-depth 500", result[1])

with tempfile.TemporaryDirectory() as scratch:
    for name in parsing:
        if name.startswith("y_") or name in accepted_i:
            check_value_read("test_parsing", name, scratch)
    for name in accepted_transform:
        check_value_read("test_transform", name, scratch)

checked = len(parsing) + len(transform)
if failures:
    print("\n".join(failures))
    print(f"{len(failures)} problem(s) in {checked} files")
    sys.exit(1)
print(f"ok: {checked} files of the JSON Parsing Test Suite behave as documented")
