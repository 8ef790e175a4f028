#!/bin/sh
# SPDX-License-Identifier: MIT
# Check man pages with groff, all warnings on: any output fails the check.
# Usage: check-man.sh GROFF PAGE...
set -u
groff=$1
shift
status=0
for page in "$@"; do
    if ! out=$("$groff" -man -Tutf8 -ww -z "$page" 2>&1); then
        status=1
    fi
    if [ -n "$out" ]; then
        printf '%s\n' "$out" >&2
        status=1
    fi
done
[ "$status" -eq 0 ] && echo "man pages: no groff warnings ($#)"
exit "$status"
