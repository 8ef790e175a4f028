#!/bin/sh
# SPDX-License-Identifier: MIT
# Sourced by sample.sh, run by test.sh: install what is missing (Debian packages, when
# run as root), configure the meson build in $BUILD_DIR (default: build/, with the
# Doxygen docs) and build it. With PRIVPOL_BOOTSTRAP_CHECKS=1 (test.sh --full, CI) it also
# installs what the sanitizer, valgrind and libFuzzer runs need.
set -eu

ROOT=$(CDPATH='' cd -- "$(dirname -- "$0")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$ROOT/build}

# Debian packages the build and the test suite need.
PACKAGES="meson ninja-build pkg-config gcc g++ libc6-dev libsodium-dev libcmocka-dev libyaml-dev libjsmn-dev liburiparser-dev python3 doxygen re2c groff-base"
# ... and the full checks: clang with libFuzzer and its sanitizer runtimes, the LLVM
# symbolizer for readable clang reports (gcc's ASan and UBSan runtimes come with gcc),
# valgrind.
if [ "${PRIVPOL_BOOTSTRAP_CHECKS:-0}" = 1 ]; then
    PACKAGES="$PACKAGES clang libclang-rt-14-dev llvm-14 valgrind"
fi
# ... and for the test suite (PRIVPOL_BOOTSTRAP_TESTS=1, set by test.sh): Dask distributed,
# for the python suite's py-dask test, venv and setuptools for its offline pip install
# test (sample.sh does without them).
if [ "${PRIVPOL_BOOTSTRAP_TESTS:-0}" = 1 ]; then
    PACKAGES="$PACKAGES python3-distributed python3-venv python3-setuptools"
fi

missing=""
for p in $PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    if [ "$(id -u)" -eq 0 ]; then
        echo "bootstrap: installing:$missing" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >&2
        # shellcheck disable=SC2086
        apt-get install -y -qq --no-install-recommends $missing >&2
    else
        echo "bootstrap: missing Debian packages:$missing" >&2
        echo "bootstrap: run as root, or: sudo apt-get install$missing" >&2
        exit 1
    fi
fi

if [ ! -f "$BUILD_DIR/build.ninja" ]; then
    meson setup "$BUILD_DIR" "$ROOT" -Ddocs=enabled >&2
fi
ninja -C "$BUILD_DIR" >&2
