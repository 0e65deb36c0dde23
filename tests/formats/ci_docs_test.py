#!/usr/bin/env python3
"""The GitHub Classroom workflow and the .gitlab-ci.yml of docs/ci.md, run as their services run them,
and the README's install lines for the static binary, against a local release.

usage: ci_docs_test.py DLCHECK REPO

Takes each YAML example from docs/ci.md, runs its dlcheck commands with bash -e (as a runner does)
in a copy of a passing and of a failing example project, with the built dlcheck first on PATH,
and checks what the next step or GitLab reads: the Classroom step output decoded as the reporter
decodes it, and the two report artifacts.
"""

import base64
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree

import yaml


def yaml_blocks(markdown):
    return [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", markdown, re.S)]


def project(scratch, example, name):
    """A student's repository holding one example project at its root."""
    root = scratch / name
    shutil.copytree(example, root)
    (root / ".git").mkdir()
    return root


def run_step(script, cwd, env):
    return subprocess.run(["bash", "-e", "-c", script], cwd=cwd, env=env, capture_output=True, text=True)


def check_classroom(workflow, dlcheck_dir, repo, scratch, failures):
    steps = workflow["jobs"]["run-autograding-tests"]["steps"]
    dlcheck_step = next(step for step in steps if step.get("id") == "dlcheck")
    reporter = next(step for step in steps if "autograding-grading-reporter" in step.get("uses", ""))
    if reporter["with"]["runners"] != "dlcheck":
        failures.append(f"classroom: the reporter's runners are {reporter['with']['runners']!r}")
    if reporter["env"] != {"DLCHECK_RESULTS": "${{ steps.dlcheck.outputs.result }}"}:
        failures.append(f"classroom: the reporter's env is {reporter['env']}")
    for example, status in [("image-classification", "pass"), ("mistake-no-failure-cases", "fail")]:
        root = project(scratch, repo / "examples" / example, f"classroom-{example}")
        runner_temp, output = scratch / f"temp-{example}", scratch / f"output-{example}"
        runner_temp.mkdir()
        output.write_text("")
        env = dict(os.environ, PATH=f"{dlcheck_dir}:{os.environ['PATH']}", RUNNER_TEMP=str(runner_temp),
                   GITHUB_OUTPUT=str(output))
        result = run_step(dlcheck_step["run"], root, env)
        if result.returncode != 0:
            failures.append(f"classroom {example}: the dlcheck step failed: {result.stderr}")
            continue
        if status == "fail" and "::error file=" not in result.stdout:
            failures.append(f"classroom {example}: no annotation in the step's log")
        lines = output.read_text().splitlines()
        if len(lines) != 1 or not lines[0].startswith("result="):
            failures.append(f"classroom {example}: $GITHUB_OUTPUT holds {lines}")
            continue
        # The reporter: env DLCHECK_RESULTS, Buffer.from(value, "base64"), JSON.parse.
        results = json.loads(base64.b64decode(lines[0][len("result="):], validate=True).decode("utf-8"))
        report = json.loads(subprocess.run([f"{dlcheck_dir}/dlcheck", "--format", "json", "."], cwd=root,
                                           capture_output=True).stdout)
        score = report["files"][0]["score"]
        points = sum(test["score"] for test in results["tests"])
        if (results["status"], points, results["max_score"]) != (status, score["earned"], score["possible"]):
            failures.append(f"classroom {example}: status {results['status']}, {points}/{results['max_score']}; "
                            f"expected {status}, {score['earned']}/{score['possible']}")


def check_gitlab(pipeline, dlcheck_dir, repo, scratch, failures):
    job = pipeline["dlcheck"]
    reports = job["artifacts"]["reports"]
    if job["artifacts"].get("when") != "always":
        failures.append("gitlab: the reports are not uploaded when the job fails")
    for example, code in [("image-classification", 0), ("mistake-no-failure-cases", 1)]:
        root = project(scratch, repo / "examples" / example, f"gitlab-{example}")
        env = dict(os.environ, PATH=f"{dlcheck_dir}:{os.environ['PATH']}")
        result = run_step("\n".join(job["script"]), root, env)
        if result.returncode != code:
            failures.append(f"gitlab {example}: exit {result.returncode}, expected {code}: {result.stderr}")
        issues = json.loads((root / reports["codequality"]).read_text())
        for issue in issues:
            if not (issue["description"] and issue["check_name"] and issue["fingerprint"]
                    and issue["severity"] in ("info", "minor", "major", "critical", "blocker")
                    and issue["location"]["path"] and issue["location"]["lines"]["begin"] >= 1):
                failures.append(f"gitlab {example}: an incomplete issue {issue}")
            if issue["location"]["path"].startswith(("/", "./")):
                failures.append(f"gitlab {example}: path {issue['location']['path']} is not repository-relative")
        if code == 1 and not any(issue["severity"] == "major" for issue in issues):
            failures.append(f"gitlab {example}: no major issue for a failing project")
        suite = ElementTree.parse(root / reports["junit"]).getroot()
        if suite.tag != "testsuites":
            failures.append(f"gitlab {example}: the JUnit report's root is {suite.tag}")


RELEASE_URL = "https://github.com/OWNER/dlcheck/releases/download/"


def fake_release(dlcheck_dir, repo, scratch):
    """A folder laid out as the release page: the binary of this version and its sum file."""
    version = re.search(r"project\(dlcheck VERSION ([0-9.]+)", (repo / "CMakeLists.txt").read_text()).group(1)
    folder = scratch / "releases" / f"v{version}"
    folder.mkdir(parents=True)
    name = f"dlcheck-{version}-linux-x86_64"
    shutil.copy(dlcheck_dir / "dlcheck", folder / name)
    subprocess.run(f"sha256sum {name} > {name}.sha256", shell=True, cwd=folder, check=True)
    return f"file://{scratch}/releases/"


def check_install(script, release, scratch, name, failures):
    """An install step of the docs, run against the fake release (apt-get left out): it must
    verify the sum and leave a dlcheck that runs."""
    if RELEASE_URL not in script:
        failures.append(f"{name}: the install step does not download the release")
        return None
    lines = [line for line in script.splitlines() if "apt-get" not in line]
    runner_temp, github_path = scratch / f"install-{name}", scratch / f"path-{name}"
    runner_temp.mkdir()
    github_path.write_text("")
    env = dict(os.environ, RUNNER_TEMP=str(runner_temp), GITHUB_PATH=str(github_path))
    result = run_step("\n".join(lines).replace(RELEASE_URL, release), runner_temp, env)
    if result.returncode != 0:
        failures.append(f"{name}: the install step failed: {result.stdout}{result.stderr}")
    return result


def check_readme_install(repo, release, scratch, failures):
    """The README's install lines for the static binary, run against the fake release: the sum is
    checked and a working dlcheck lands where the README says."""
    readme = (repo / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Install\n.*?```sh\n(.*?)```", readme, re.S).group(1)
    lines = block.splitlines()
    base = next(line for line in lines if line.startswith("base="))
    binary = [line for line in lines if "linux-x86_64" in line and not line.startswith("#")]
    home = scratch / "readme-home"
    (home / ".local/bin").mkdir(parents=True)
    script = "\n".join([base.replace(RELEASE_URL, release)] + binary)
    result = run_step(script, scratch, dict(os.environ, HOME=str(home)))
    installed = home / ".local/bin/dlcheck"
    if result.returncode != 0 or subprocess.run([installed, "--version"], capture_output=True).returncode != 0:
        failures.append(f"README install: the static binary lines failed: {result.stdout}{result.stderr}")


def main():
    dlcheck, repo = pathlib.Path(os.path.abspath(sys.argv[1])), pathlib.Path(sys.argv[2]).resolve()
    blocks = yaml_blocks((repo / "docs/ci.md").read_text(encoding="utf-8"))
    workflow = next(block for block in blocks if isinstance(block, dict) and "run-autograding-tests" in
                    block.get("jobs", {}))
    pipeline = next(block for block in blocks if isinstance(block, dict) and "dlcheck" in block
                    and "artifacts" in block["dlcheck"])
    failures = []
    with tempfile.TemporaryDirectory() as scratch:
        scratch = pathlib.Path(scratch)
        bin_dir = scratch / "bin"
        bin_dir.mkdir()
        os.symlink(dlcheck, bin_dir / "dlcheck")
        release = fake_release(bin_dir, repo, scratch)
        check_readme_install(repo, release, scratch, failures)
        install = next(step for step in workflow["jobs"]["run-autograding-tests"]["steps"]
                       if step.get("name") == "Install dlcheck")
        if check_install(install["run"], release, scratch, "classroom", failures) is not None:
            added = (scratch / "path-classroom").read_text().split()
            if len(added) != 1 or subprocess.run([f"{added[0]}/dlcheck", "--version"]).returncode != 0:
                failures.append(f"classroom: the install step put no working dlcheck on GITHUB_PATH: {added}")
        gitlab_install = scratch / "gitlab-install"
        gitlab_install.mkdir()
        script = "\n".join(pipeline["dlcheck"]["before_script"]).replace("/usr/local/bin/dlcheck",
                                                                        str(gitlab_install / "dlcheck"))
        if check_install(script, release, scratch, "gitlab", failures) is not None:
            if not os.access(gitlab_install / "dlcheck", os.X_OK):
                failures.append("gitlab: the install step installed no dlcheck")
        # A sum that does not match stops the install.
        for binary in (scratch / "releases").glob("*/dlcheck-*-linux-x86_64"):
            binary.write_bytes(binary.read_bytes() + b"tampered")
        (scratch / "tampered").mkdir()
        result = run_step(install["run"].replace(RELEASE_URL, release), scratch,
                          dict(os.environ, RUNNER_TEMP=str(scratch / "tampered"), GITHUB_PATH="/dev/null"))
        if result.returncode == 0 or "FAILED" not in result.stdout + result.stderr:
            failures.append("classroom: the install step accepted a binary whose SHA-256 does not match")
        check_classroom(workflow, bin_dir, repo, scratch, failures)
        check_gitlab(pipeline, bin_dir, repo, scratch, failures)
    for failure in failures:
        print("FAIL:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
