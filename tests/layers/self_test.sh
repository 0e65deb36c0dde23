#!/usr/bin/env bash
# The layer check must fail on an upward include and pass on a downward one.
set -euo pipefail
check=$1
tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
for layer in text io json metrics record artifacts report rules engine format; do
  mkdir -p "$tree/src/$layer"
  echo '#include "text/a.hpp"' >"$tree/src/$layer/a.hpp"
done
python3 "$check" "$tree" >/dev/null || { echo "a tree of downward includes was refused"; exit 1; }
echo '#include "engine/a.hpp"' >>"$tree/src/format/a.hpp"
if out=$(python3 "$check" "$tree"); then echo "an upward include passed"; exit 1; fi
grep -q "src/format/a.hpp:2: layer 'format' may not include 'engine/a.hpp'" <<<"$out" || { echo "unexpected message: $out"; exit 1; }
echo "layers self-test: ok"
