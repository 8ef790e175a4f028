#!/bin/sh
# SPDX-License-Identifier: MIT
# Install into a scratch DESTDIR, then build and run an outside program with nothing but
# `pkg-config --cflags --libs privpol`, shared and static.
# Usage: check-install.sh BUILD_DIR OUTSIDE_C CC
set -eu
build=$1 src=$2 cc=$3
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
meson install -C "$build" --destdir "$dest" --quiet >/dev/null
pc=$(find "$dest" -name privpol.pc | head -n 1)
[ -n "$pc" ] || { echo "FAIL: privpol.pc not installed"; exit 1; }
export PKG_CONFIG_PATH="$(dirname "$pc")" PKG_CONFIG_SYSROOT_DIR="$dest"
libdir=$(dirname "$(dirname "$pc")")
ls "$libdir"/libprivpol.so.0 >/dev/null
# shellcheck disable=SC2046
"$cc" -std=c11 -Wall -Werror -o "$dest/outside" "$src" $(pkg-config --cflags --libs privpol)
LD_LIBRARY_PATH="$libdir" "$dest/outside"
soname=$(objdump -p "$libdir/libprivpol.so" | awk '/SONAME/ {print $2}')
[ "$soname" = "libprivpol.so.0" ] || { echo "FAIL: SONAME is $soname"; exit 1; }
# shellcheck disable=SC2046
"$cc" -std=c11 -Wall -Werror -o "$dest/outside-static" "$src" \
    $(pkg-config --static --cflags privpol) "$libdir/libprivpol.a" \
    $(pkg-config --static --libs-only-l --libs-only-other privpol | sed 's/-lprivpol//')
"$dest/outside-static" >/dev/null
echo "1 passed, 0 failed"
