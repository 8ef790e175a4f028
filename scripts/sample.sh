#!/bin/sh
# SPDX-License-Identifier: MIT
# The main job on the bundled sample data: pseudonymize the identifiers of the sample
# events (IP addresses, MSISDNs, phone numbers as people write them, emails) for one
# tenant, with a key made for the occasion. Installs what is missing and builds first.
set -eu
. "$(dirname -- "$0")/bootstrap.sh"

PRIVPOL=$BUILD_DIR/tools/privpol
OUT=$BUILD_DIR/sample
SAMPLES=$ROOT/data/samples
mkdir -p "$OUT"
if [ ! -f "$OUT/sample.key" ]; then
    "$PRIVPOL" keygen -o "$OUT/sample.key"
fi

run() { # category input-file
    name=$(basename "$2" .txt)
    rc=0
    "$PRIVPOL" pseudonymize -k "$OUT/sample.key" -t acme-fixe-fr -c "$1" --at 2025-01-06 \
        <"$2" >"$OUT/$name.pseudonyms" 2>"$OUT/$name.errors" || rc=$?
    [ "$rc" -eq 0 ] || [ "$rc" -eq 65 ] || { cat "$OUT/$name.errors" >&2; exit "$rc"; }
    total=$(wc -l <"$2")
    bad=$(wc -l <"$OUT/$name.errors")
    printf '%-9s %-22s %5d values, %4d pseudonymized, %3d rejected -> %s\n' \
        "$name" "$1" "$total" $((total - bad)) "$bad" "$OUT/$name.pseudonyms"
}

echo "libprivpol sample: pseudonyms for tenant acme-fixe-fr (key $OUT/sample.key)"
run connection.ip_address "$SAMPLES/ips.txt"
run terminal.msisdn "$SAMPLES/msisdns.txt"
run contact.phone "$SAMPLES/phones.txt"
run contact.email "$SAMPLES/emails.txt"
echo
echo "first IP addresses and their pseudonyms:"
paste "$SAMPLES/ips.txt" "$OUT/ips.pseudonyms" | head -n 3
