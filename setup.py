"""Builds the dlcheck wheel: the dlcheck binary and a `dlcheck` command that runs it.

The binary comes from, in order:
  1. DLCHECK_BINARY, a path (scripts/build-wheel.sh passes the static binary of dist/);
  2. on Linux x86-64, the release of this version (CMakeLists.txt), SHA-256 checked: from
     DLCHECK_RELEASE_URL, else from the GitHub repository this clone came from (pre-commit's);
  3. else a build from source with CMake, which needs the build packages (README, Quick start).
"""
import hashlib
import os
import re
import shutil
import subprocess
import sysconfig
import urllib.error
import urllib.request

from setuptools import setup
from setuptools.command.build_py import build_py
try:  # setuptools 70.1 and later carry bdist_wheel; before, the wheel package does
    from setuptools.command.bdist_wheel import bdist_wheel
except ImportError:
    from wheel.bdist_wheel import bdist_wheel

ROOT = os.path.dirname(os.path.abspath(__file__))
# Not build/, which is CMake's; scripts/build-wheel.sh passes a temporary folder.
WORK = os.environ.get("DLCHECK_PYTHON_BUILD") or os.path.join(ROOT, "build-python")
with open(os.path.join(ROOT, "CMakeLists.txt"), encoding="utf-8") as cmake:
    VERSION = re.search(r"^project\(dlcheck VERSION ([0-9.]+)", cmake.read(), re.M).group(1)
PLATFORM = sysconfig.get_platform().replace("-", "_").replace(".", "_")


def release_url():
    if os.environ.get("DLCHECK_RELEASE_URL"):
        return os.environ["DLCHECK_RELEASE_URL"]
    try:
        origin = subprocess.run(["git", "-C", ROOT, "remote", "get-url", "origin"], capture_output=True,
                                text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    match = re.match(r"(?:https://|git@)github\.com[/:]([^/]+/[^/]+?)(?:\.git)?/?$", origin)
    return f"https://github.com/{match.group(1)}/releases/download" if match else None


def download(base, target):
    """The release binary, or None when the release has none; a wrong checksum is an error."""
    name = f"dlcheck-{VERSION}-linux-x86_64"
    url = f"{base}/v{VERSION}/{name}"
    try:
        with urllib.request.urlopen(url) as response:
            data = response.read()
        with urllib.request.urlopen(url + ".sha256") as response:
            fields = response.read().decode("ascii", "replace").split()
    except (urllib.error.URLError, OSError) as error:
        print(f"dlcheck: no release binary at {url} ({error}): building from source")
        return None
    if not fields or hashlib.sha256(data).hexdigest() != fields[0]:
        raise SystemExit(f"dlcheck: the SHA-256 of {url} does not match {url}.sha256")
    with open(target, "wb") as out:
        out.write(data)
    print(f"dlcheck: downloaded {url}, SHA-256 verified")
    return target


def build_from_source():
    build = os.path.join(WORK, "cmake")
    subprocess.run(["cmake", "-S", ROOT, "-B", build, "-DCMAKE_BUILD_TYPE=Release", "-DDLCHECK_BUILD_TESTS=OFF"],
                   check=True)
    subprocess.run(["cmake", "--build", build, "--target", "dlcheck", "-j", str(os.cpu_count() or 1)], check=True)
    return os.path.join(build, "dlcheck")


def binary():
    if os.environ.get("DLCHECK_BINARY"):
        return os.environ["DLCHECK_BINARY"]
    base = release_url()
    if PLATFORM == "linux_x86_64" and base:
        os.makedirs(WORK, exist_ok=True)
        found = download(base, os.path.join(WORK, "dlcheck"))
        if found:
            return found
    print("dlcheck: building the binary from source (needs g++, cmake and the build packages)")
    return build_from_source()


class BuildWithBinary(build_py):
    def run(self):
        super().run()
        target = os.path.join(self.build_lib, "dlcheck", "bin", "dlcheck")
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copyfile(binary(), target)
        os.chmod(target, 0o755)


class PlatformWheel(bdist_wheel):
    """Any Python 3, no ABI: only the binary ties the wheel to a platform."""

    def finalize_options(self):
        super().finalize_options()
        self.root_is_pure = False

    def get_tag(self):
        return "py3", "none", PLATFORM


os.makedirs(WORK, exist_ok=True)
setup(
    name="dlcheck",
    version=VERSION,
    description="checks deep-learning project evidence against the roadmap checklist",
    license="MIT",
    python_requires=">=3.7",
    package_dir={"": "python"},
    packages=["dlcheck"],
    entry_points={"console_scripts": ["dlcheck = dlcheck:main"]},
    cmdclass={"build_py": BuildWithBinary, "bdist_wheel": PlatformWheel},
    options={"build": {"build_base": WORK}, "egg_info": {"egg_base": WORK}},
    zip_safe=False,
)
