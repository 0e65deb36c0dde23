#!/usr/bin/env bash
# Installs the Debian packages dlcheck needs to build and test, plus any named on the command
# line, but only the missing ones. Works as root or through sudo on a fresh Debian 12 machine.
set -euo pipefail

packages=(g++ cmake make nlohmann-json3-dev libcli11-dev libfmt-dev libsqlite3-dev catch2 python3 python3-jsonschema python3-sklearn python3-levenshtein python3-yaml libxml2-utils chromium fonts-dejavu-core "$@")
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
