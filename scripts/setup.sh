#!/usr/bin/env bash
# Installs the Debian packages dlcheck needs (only the missing ones), then builds it in ./build.
# Works as root or through sudo on a fresh Debian 12 machine.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install_packages.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >&2
cmake --build build -j"$(nproc)" >&2
