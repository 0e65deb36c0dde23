#!/usr/bin/env bash
# Builds dist/dlcheck-VERSION-py3-none-linux_x86_64.whl: the static binary of dist/ (built by
# scripts/build-static.sh when missing) and a `dlcheck` command that runs it. Offline, with
# Debian's python3-build, python3-wheel and python3-setuptools (no build isolation).
# DLCHECK_DIST moves dist/, as for build-static.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

dist=$(realpath -m "${DLCHECK_DIST:-dist}")
[ -x "$dist/dlcheck" ] || ./scripts/build-static.sh >&2
# Debian's Python, where python3-build is, even when another python3 comes first on the PATH.
python=/usr/bin/python3
[ -x "$python" ] || python=python3
root=$PWD
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Run from dist/: in the source folder, CMake's build/ would shadow the module named build.
(cd "$dist" && DLCHECK_BINARY="$dist/dlcheck" DLCHECK_PYTHON_BUILD="$work" "$python" -m build --no-isolation --wheel --outdir "$dist" "$root" >&2)
version=$("$dist/dlcheck" --version | awk '{print $NF}')
wheel="$dist/dlcheck-$version-py3-none-linux_x86_64.whl"
[ -f "$wheel" ] || { echo "build-wheel: $wheel was not written" >&2; exit 1; }
echo "$wheel"
