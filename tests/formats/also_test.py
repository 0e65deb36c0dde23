#!/usr/bin/env python3
"""--also FORMAT=FILE: one check writes the main format to stdout and each extra format to its file,
byte for byte what separate runs print, with the exit code of the gate.

usage: also_test.py DLCHECK REPO
"""

import os
import pathlib
import re
import subprocess
import sys
import tempfile


def run(dlcheck, repo, *args):
    return subprocess.run([dlcheck, "--color", "never", *args], cwd=repo, capture_output=True)


def untimed(output):
    """JUnit's suites carry the seconds each check took, which differ between two runs."""
    return re.sub(rb'time="[0-9.]+"', b'time=""', output)


def main():
    dlcheck, repo = os.path.abspath(sys.argv[1]), pathlib.Path(sys.argv[2])
    failures = []
    formats = run(dlcheck, repo, "--help").stdout.decode()
    names = formats.split("output format: ", 1)[1].split("\n", 1)[0].strip().split(", ")
    assert {"concise", "classroom", "gitlab", "sarif"} <= set(names), names
    with tempfile.TemporaryDirectory() as scratch:
        scratch = pathlib.Path(scratch)
        broken = scratch / "broken" / "evidence.json"
        broken.parent.mkdir()
        broken.write_text('{"task": "t",,}', encoding="utf-8")
        cases = [(["examples/image-classification"], 0), (["examples/"], 1), (["examples/", str(broken)], 2)]
        for paths, code in cases:
            # The Action's run: annotations on stdout, SARIF and the Classroom result in files.
            sarif, classroom = scratch / "x.sarif", scratch / "y.json"
            both = run(dlcheck, repo, "--format", "github", "--also", f"sarif={sarif}", "--also",
                       f"classroom={classroom}", *paths)
            alone = {name: run(dlcheck, repo, "--format", name, *paths) for name in ("github", "sarif", "classroom")}
            if both.returncode != code or any(result.returncode != code for result in alone.values()):
                failures.append(f"{paths}: exit {both.returncode}, separate runs "
                                f"{[result.returncode for result in alone.values()]}, expected {code}")
            if both.stdout != alone["github"].stdout:
                failures.append(f"{paths}: stdout differs from --format github alone")
            if sarif.read_bytes() != alone["sarif"].stdout:
                failures.append(f"{paths}: --also sarif differs from --format sarif")
            if classroom.read_bytes() != alone["classroom"].stdout:
                failures.append(f"{paths}: --also classroom differs from --format classroom")
            # Every format as an extra, all from one check, beside -o.
            args = ["--format", "json", "-o", str(scratch / "main.json")]
            for name in names:
                args += ["--also", f"{name}={scratch / ('also.' + name)}"]
            every = run(dlcheck, repo, *args, *paths)
            if every.returncode != code or every.stdout:
                failures.append(f"{paths}: with every --also, exit {every.returncode} and stdout {every.stdout[:80]!r}")
            if (scratch / "main.json").read_bytes() != run(dlcheck, repo, "--format", "json", *paths).stdout:
                failures.append(f"{paths}: -o beside --also differs from --format json")
            for name in names:
                also = untimed((scratch / ("also." + name)).read_bytes())
                if also != untimed(run(dlcheck, repo, "--format", name, *paths).stdout):
                    failures.append(f"{paths}: --also {name} differs from --format {name}")
        # Usage errors: exit 2, a message naming the value, and nothing written.
        target = scratch / "never.sarif"
        for value, message in [
            (f"sarf={target}", f'dlcheck: error: --also sarf={target}: unknown format "sarf"; did you mean "sarif"?\n'),
            (f"xml={target}", f'dlcheck: error: --also xml={target}: unknown format "xml" (formats: {", ".join(names)})\n'),
            ("sarif", "dlcheck: error: --also sarif: expected FORMAT=FILE, e.g. --also sarif=dlcheck.sarif\n"),
            ("sarif=", "dlcheck: error: --also sarif=: expected FORMAT=FILE, e.g. --also sarif=dlcheck.sarif\n"),
        ]:
            result = run(dlcheck, repo, "--also", value, "examples/image-classification")
            if result.returncode != 2 or not result.stderr.decode().startswith(message) or result.stdout:
                failures.append(f"--also {value}: exit {result.returncode}, stderr {result.stderr.decode()!r}")
        result = run(dlcheck, repo, "--also", f"sarif={target}", "--also", f"gitlab={target}", "examples/")
        if result.returncode != 2 or f"{target} is written twice" not in result.stderr.decode():
            failures.append(f"a file named twice: exit {result.returncode}, stderr {result.stderr.decode()!r}")
        if target.exists():
            failures.append("a usage error still wrote a file")
    for failure in failures:
        print("FAIL:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
