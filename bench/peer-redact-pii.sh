#!/bin/sh
# SPDX-License-Identifier: MIT
# Peer of bench-scan: time the npm package redact-pii on the same corpus.
# usage: peer-redact-pii.sh CACHE_DIR CORPUS REPS
# Prints "ok mbps=<median MB/s> version=<version>", or "skipped: <reason>" (exit 0), so
# that bench-scan can report why there is no peer figure.
set -u
cache=$1
corpus=$2
reps=$3
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)

if ! command -v node >/dev/null 2>&1; then
    echo "skipped: node not found"
    exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
    echo "skipped: npm not found"
    exit 0
fi
if [ ! -f "$cache/node_modules/redact-pii/package.json" ]; then
    echo "peer: installing redact-pii@3 into $cache (once)" >&2
    mkdir -p "$cache" &&
        npm install --prefix "$cache" --no-audit --no-fund --silent redact-pii@3 >&2
    if [ ! -f "$cache/node_modules/redact-pii/package.json" ]; then
        echo "skipped: npm install redact-pii@3 failed (offline?)"
        exit 0
    fi
fi
exec node "$here/peer-redact-pii.js" "$cache" "$corpus" "$reps"
