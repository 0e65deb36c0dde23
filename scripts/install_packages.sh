#!/usr/bin/env bash
# Installs the Debian packages dlcheck needs, plus any named on the command line, but only the
# missing ones. Works as root or through sudo on a fresh Debian 12 machine.
#   install_packages.sh --build [PACKAGE...]   what building the dlcheck binary needs
#   install_packages.sh [--test] [PACKAGE...]  that, and what the test suite needs (the default)
set -euo pipefail

build=(g++ cmake make nlohmann-json3-dev libcli11-dev libfmt-dev libsqlite3-dev)
# python3-build, -wheel, -setuptools and -venv build and install the wheel; groff-base renders
# the man page; dpkg-dev's dpkg-shlibdeps is what cpack asks for the .deb's dependencies.
test=(catch2 python3 python3-jsonschema python3-sklearn python3-levenshtein python3-yaml libxml2-utils chromium
      fonts-dejavu-core python3-build python3-wheel python3-setuptools python3-venv python3-pip groff-base dpkg-dev)
packages=("${build[@]}" "${test[@]}")
case "${1:-}" in
--build) packages=("${build[@]}"); shift ;;
--test) shift ;;
esac
packages+=("$@")
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  as_root=()
  [ "$(id -u)" -eq 0 ] || as_root=(sudo)
  echo "setup: installing ${missing[*]}" >&2
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi
