#!/bin/sh
# SPDX-License-Identifier: MIT
# Run the whole test suite: installs what is missing, configures, builds, tests, and ends
# with one line "N passed, N failed". Extra arguments go to `meson test`.
set -eu
. "$(dirname -- "$0")/bootstrap.sh"

status=0
meson test -C "$BUILD_DIR" --print-errorlogs "$@" || status=$?

# The plain summary line, from meson's machine-readable log.
python3 - "$BUILD_DIR/meson-logs/testlog.json" <<'PY'
import json, sys
passed = failed = skipped = 0
with open(sys.argv[1]) as f:
    for line in f:
        r = json.loads(line).get("result")
        if r in ("OK", "EXPECTEDFAIL"):
            passed += 1
        elif r == "SKIP":
            skipped += 1
        else:
            failed += 1
print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
PY
exit $status
