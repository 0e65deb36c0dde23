#!/usr/bin/env python3
"""The CI formats name files relative to the repository root, whatever the working folder.

usage: repository_paths.py DLCHECK REPO

Copies two examples into a scratch repository (a folder holding .git), then checks them from a
subfolder as ../examples/..., and from outside with $GITHUB_WORKSPACE set: SARIF uris, GitHub
annotation paths, JUnit suite files and GitLab Code Quality paths are the same repository-relative paths every time.
"""

import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

EXAMPLE = "examples/mistake-wrong-accuracy/evidence.json"
# The files it names: one beside it, one in another folder (as ../image-classification/...).
NAMED = {"examples/mistake-wrong-accuracy/logs/train_log.csv", "examples/image-classification/predictions.csv"}


def run(dlcheck, fmt, path, cwd, env):
    done = subprocess.run([dlcheck, "--format", fmt, path], cwd=cwd, env=env, capture_output=True, check=False)
    if done.returncode != 1:
        sys.exit(f"FAIL: dlcheck --format {fmt} {path} exited {done.returncode}: {done.stderr.decode()}")
    return done.stdout.decode("utf-8")


def paths_seen(dlcheck, path, cwd, env):
    """The paths each CI format gives for the evidence file and the file it names."""
    sarif = json.loads(run(dlcheck, "sarif", path, cwd, env))["runs"][0]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["results"]}
    uris |= {a["location"]["uri"] for a in sarif["artifacts"]}
    bases = {r["locations"][0]["physicalLocation"]["artifactLocation"].get("uriBaseId") for r in sarif["results"]}
    github = {line.split("file=", 1)[1].split(",", 1)[0] for line in run(dlcheck, "github", path, cwd, env).splitlines()
              if line.startswith("::") and "file=" in line}
    junit = {suite.get("file") for suite in ET.fromstring(run(dlcheck, "junit", path, cwd, env)).iter("testsuite")}
    gitlab = {issue["location"]["path"] for issue in json.loads(run(dlcheck, "gitlab", path, cwd, env))}
    return uris, bases, github, junit, gitlab


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    dlcheck, repo = os.path.abspath(sys.argv[1]), pathlib.Path(sys.argv[2])
    failures = []
    with tempfile.TemporaryDirectory() as scratch:
        root = pathlib.Path(scratch) / "student repo"
        for example in ("mistake-wrong-accuracy", "image-classification"):
            shutil.copytree(repo / "examples" / example, root / "examples" / example)
        (root / ".git").mkdir()
        (root / "sub").mkdir()
        env = {k: v for k, v in os.environ.items() if k != "GITHUB_WORKSPACE"}
        cases = {
            "from the root": (EXAMPLE, root, env),
            "from a subfolder": ("../" + EXAMPLE, root / "sub", env),
            "by absolute path from elsewhere": (str(root / EXAMPLE), scratch, env),
            "with GITHUB_WORKSPACE": (str(root / EXAMPLE), "/", {**env, "GITHUB_WORKSPACE": str(root)}),
        }
        for name, (path, cwd, case_env) in cases.items():
            uris, bases, github, junit, gitlab = paths_seen(dlcheck, path, cwd, case_env)
            if uris != {EXAMPLE} | NAMED:
                failures.append(f"{name}: sarif uris {sorted(uris)}")
            if bases != {"%SRCROOT%"}:
                failures.append(f"{name}: sarif uriBaseIds {bases}")
            if github != NAMED:
                failures.append(f"{name}: annotation paths {sorted(github)}")
            if junit != {EXAMPLE}:
                failures.append(f"{name}: junit files {sorted(junit)}")
            if gitlab != NAMED:
                failures.append(f"{name}: gitlab paths {sorted(gitlab)}")
    for failure in failures:
        print(f"FAIL: {failure}")
    if not failures:
        print(f"ok: {len(cases)} ways of naming the file give the same repository paths")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
