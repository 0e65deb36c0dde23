#!/usr/bin/env bash
# Installs the Debian packages dlcheck needs (only the missing ones), then builds it in ./build.
# Works as root or through sudo on a fresh Debian 12 machine.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(g++ cmake make nlohmann-json3-dev libcli11-dev libfmt-dev catch2 python3 python3-jsonschema python3-yaml libxml2-utils chromium fonts-dejavu-core)
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

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >&2
cmake --build build -j"$(nproc)" >&2
