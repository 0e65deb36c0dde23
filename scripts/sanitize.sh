#!/usr/bin/env bash
# Builds dlcheck and its tests with clang, AddressSanitizer (with LeakSanitizer) and
# UndefinedBehaviorSanitizer in ./build-asan, then runs the whole test suite there.
# Fails on a failing test or on any sanitizer report, even one from a process whose exit code a
# test script ignores: every report is also written to build-asan/sanitizer-logs/.
# Installs clang-14 and its sanitizer runtimes (libclang-rt-14-dev) when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install_packages.sh clang-14 libclang-rt-14-dev
CC=clang-14 CXX=clang++-14 cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDLCHECK_SANITIZE=ON >&2
cmake --build build-asan -j"$(nproc)" >&2

logs="$PWD/build-asan/sanitizer-logs"
rm -rf "$logs"
mkdir -p "$logs"
status=0
ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1:strict_init_order=1:log_path=$logs/asan" \
UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:log_path=$logs/ubsan" \
  ctest --test-dir build-asan --output-on-failure -j2 || status=$?

if compgen -G "$logs/*" >/dev/null; then
  for report in "$logs"/*; do
    echo "=== sanitizer report $report"
    cat "$report"
  done
  echo "sanitize: sanitizer reports found (above)" >&2
  exit 1
fi
[ "$status" -eq 0 ] || exit "$status"
echo "sanitize: the whole test suite passed under ASan, LSan and UBSan with no report"
