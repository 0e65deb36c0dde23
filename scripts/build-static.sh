#!/usr/bin/env bash
# Builds a static x86-64 Linux dlcheck (fmt header-only, libsqlite3.a, -static) in its own
# build folder and writes it to dist/: dist/dlcheck, and dist/dlcheck-VERSION-linux-x86_64 with
# its .sha256. With --deb, also the Debian package dist/dlcheck_VERSION_amd64.deb and its .sha256.
# The release workflow (.github/workflows/release.yml) and the test cli.static-binary run it.
# DLCHECK_STATIC_BUILD and DLCHECK_DIST move the build folder (build-static) and dist/.
set -euo pipefail
cd "$(dirname "$0")/.."

deb=false
case "${1:-}" in
"") ;;
--deb) deb=true ;;
*) echo "usage: scripts/build-static.sh [--deb]" >&2; exit 2 ;;
esac
[ "$(uname -m)" = x86_64 ] || { echo "build-static: builds on x86-64 Linux only, not $(uname -m)" >&2; exit 2; }
build=$(realpath -m "${DLCHECK_STATIC_BUILD:-build-static}")
dist=$(realpath -m "${DLCHECK_DIST:-dist}")

cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DDLCHECK_STATIC=ON -DDLCHECK_BUILD_TESTS=OFF \
  -DCMAKE_INSTALL_PREFIX=/usr >&2
cmake --build "$build" -j"$(nproc)" --target dlcheck >&2
version=$("$build/dlcheck" --version | awk '{print $NF}')
name=dlcheck-$version-linux-x86_64

mkdir -p "$dist"
install -m 755 "$build/dlcheck" "$dist/dlcheck"
install -m 755 "$build/dlcheck" "$dist/$name"
(cd "$dist" && sha256sum "$name" >"$name.sha256")
echo "$dist/$name"
if $deb; then
  rm -rf "$build/package"
  (cd "$build" && cpack -G DEB -B "$build/package" >&2)
  package=dlcheck_${version}_amd64.deb
  mv "$build/package/$package" "$dist/$package"
  (cd "$dist" && sha256sum "$package" >"$package.sha256")
  echo "$dist/$package"
fi
