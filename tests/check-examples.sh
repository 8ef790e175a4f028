#!/bin/sh
# SPDX-License-Identifier: MIT
# The example programs of examples/, as a user builds them: install into a scratch
# DESTDIR, compile each with -Wall -Wextra -Werror against the installed headers and
# `pkg-config --cflags --libs privpol` only, run them with the installed library and a
# key file made by the installed `privpol keygen`, and check what they print, against
# the installed tool where it computes the same thing.
# Usage: check-examples.sh BUILD_DIR EXAMPLES_DIR EVENTS_JSONL CC
set -eu
build=$1 examples=$2 events=$3 cc=$4
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
passed=0 failed=0
ok() { echo "ok: $1"; passed=$((passed + 1)); }
fail() { echo "FAIL: $1"; failed=$((failed + 1)); }

meson install -C "$build" --destdir "$dest" --quiet >/dev/null
pc=$(find "$dest" -name privpol.pc | head -n 1)
[ -n "$pc" ] || { echo "FAIL: privpol.pc not installed"; exit 1; }
export PKG_CONFIG_PATH="$(dirname "$pc")" PKG_CONFIG_SYSROOT_DIR="$dest"
libdir=$(dirname "$(dirname "$pc")")
privpol=$(find "$dest" -path '*/bin/privpol' -type f | head -n 1)
[ -n "$privpol" ] || { echo "FAIL: privpol not installed"; exit 1; }
export LD_LIBRARY_PATH="$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
work=$dest/work
mkdir "$work"

# A key file of the installed tool: mode 0600, made afresh, never committed.
key=$work/demo.key
"$privpol" keygen -o "$key" 2>/dev/null
mode=$(stat -c %a "$key")
[ "$mode" = 600 ] && ok "keygen mode 0600" || fail "key file mode $mode, not 600"

for e in pseudonymize collector decide-retention subject-access; do
    # shellcheck disable=SC2046 # one word per flag
    if "$cc" -std=c11 -Wall -Wextra -Werror -pthread -o "$work/$e" "$examples/$e.c" \
           $(pkg-config --cflags --libs privpol); then
        ok "compile $e.c"
    else
        fail "compile $e.c"
    fi
done

# (a) One pseudonym; the same as the tool's (an IPv4-mapped address is the IPv4 address).
at=2026-01-01T00:00:00Z
got=$("$work/pseudonymize" "$key" acme ::ffff:192.0.2.1 "$at") || got="exit $?"
want=$("$privpol" pseudonymize -k "$key" -t acme -c connection.ip_address -a "$at" 192.0.2.1)
case $got in
    pd1.*) [ "$got" = "$want" ] && ok "pseudonymize: $got" ||
               fail "pseudonymize: $got, the tool says $want" ;;
    *) fail "pseudonymize: $got" ;;
esac

# (b) Two threads, one shared context: the same lines as privpol scrub, in input order,
# and the bad lines (truncated JSON, a tenant not configured) rejected by number.
tenants=acme-fixe-fr,acme-mobile-fr,acme-pro-fr,globex-be,initech-ch,umbrella-ma
{ head -n 400 "$events"; echo '{"ip":"192.0.2.1"'; echo '{"tenant":"evil","ip":"192.0.2.7"}'
  head -n 420 "$events" | tail -n 20; } >"$work/events.jsonl"
rc=0
"$work/collector" "$key" "$work/events.jsonl" >"$work/collector.out" 2>"$work/collector.err" ||
    rc=$?
"$privpol" scrub -k "$key" --tenant-field tenant --tenants "$tenants" --contract-period P13M \
    -o "$work/scrub.out" "$work/events.jsonl" 2>/dev/null || true
lines=$(wc -l <"$work/collector.out")
if [ "$rc" = 65 ] && [ "$lines" = 420 ] && cmp -s "$work/collector.out" "$work/scrub.out" &&
   grep -q '^line 401: rejected: ' "$work/collector.err" &&
   grep -q '^line 402: rejected: ' "$work/collector.err" &&
   grep -q '^422 lines, 420 scrubbed, 2 rejected$' "$work/collector.err" &&
   ! grep -q '192\.0\.2\.' "$work/collector.out" "$work/collector.err" &&
   [ "$(grep -c '"_privpol":{' "$work/collector.out")" = 420 ]; then
    ok "collector: 420 lines as privpol scrub writes them, 2 rejected"
else
    fail "collector: exit $rc, $lines lines"
    head -n 5 "$work/collector.err"
fi

# (c) Decisions and retention under the embedded default policy.
out=$("$work/decide-retention") || out="exit $?"
printf '%s\n' "$out"
if printf '%s\n' "$out" | grep -q '^connection.ip_address allow ' &&
   printf '%s\n' "$out" | grep -q '^geolocation.precise deny §12.3 (geolocation): ' &&
   printf '%s\n' "$out" | grep -q '^retain until 2027-02-28T10:00:00Z erase: §10.1 '; then
    ok "decide-retention"
else
    fail "decide-retention"
fi

# (d) Every pseudonym of a number over three days of daily rotation: those of the tool.
out=$("$work/subject-access" "$key" acme "06 12 34 56 78" 2026-02-01T00:00:00Z \
      2026-02-04T00:00:00Z) || out="exit $?"
want=$("$privpol" subject -k "$key" -t acme --msisdn "06 12 34 56 78" --from 2026-02-01 \
       --to 2026-02-03 --epoch-period day | grep "$(printf '\tterminal.msisdn\t')")
if [ "$(printf '%s\n' "$out" | sed -n 4p)" = "3 pseudonyms" ] &&
   [ "$(printf '%s\n' "$out" | sed 3q)" = "$want" ] &&
   [ "$(printf '%s\n' "$out" | cut -f1 | sed 3q | sort -u | wc -l)" = 3 ]; then
    ok "subject-access: 3 daily pseudonyms, as privpol subject lists them"
else
    fail "subject-access"
    printf '%s\n--- privpol subject:\n%s\n' "$out" "$want"
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
