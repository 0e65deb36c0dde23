#!/usr/bin/env bash
# Installs the Debian packages dlcheck needs (only the missing ones) and builds it in ./build.
# Works as root or through sudo on a fresh Debian 12 machine.
#   setup.sh          only what building the binary needs, and only the binary (./build/dlcheck)
#   setup.sh --tests  also the test dependencies, and the whole test suite (then run ctest)
set -euo pipefail
cd "$(dirname "$0")/.."

case "${1:-}" in
"")
  ./scripts/install_packages.sh --build
  cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DDLCHECK_BUILD_TESTS=OFF >&2
  cmake --build build -j"$(nproc)" --target dlcheck >&2
  ;;
--tests)
  ./scripts/install_packages.sh --test
  cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DDLCHECK_BUILD_TESTS=ON >&2
  cmake --build build -j"$(nproc)" >&2
  ;;
*)
  echo "usage: scripts/setup.sh [--tests]" >&2
  exit 2
  ;;
esac
