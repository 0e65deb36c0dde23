#!/usr/bin/env bash
# Fails when a C++ file differs from what clang-format makes of it (.clang-format, Google style).
# Fix with: clang-format -i $(git ls-files '*.cpp' '*.hpp')
set -euo pipefail
cd "$(dirname "$0")/.."
command -v clang-format >/dev/null || ./scripts/install_packages.sh clang-format
mapfile -t files < <(git ls-files '*.cpp' '*.hpp')
clang-format --dry-run --Werror "${files[@]}"
echo "format: ${#files[@]} C++ files match .clang-format"
