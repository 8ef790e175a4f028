#!/bin/sh
# SPDX-License-Identifier: MIT
# The main job on the bundled sample data: scrub the sample events of a customer-care
# collector (data/events-sample.jsonl) with privpol scrub, under the embedded default
# policy and a demo key made for the occasion (in a temporary directory, deleted at the
# end), with a contract period of 13 months so that each record gets its retain-until
# date. Shows three records side by side (input field, output field), the --stats
# summary and where the full output is. Installs what is missing and builds first.
set -eu
. "$(dirname -- "$0")/bootstrap.sh"

PRIVPOL=$BUILD_DIR/tools/privpol
EVENTS=$ROOT/data/events-sample.jsonl
OUT=$BUILD_DIR/sample
mkdir -p "$OUT"
KEYDIR=$(mktemp -d "${TMPDIR:-/tmp}/privpol-sample.XXXXXX")
trap 'rm -rf "$KEYDIR"' EXIT INT TERM
"$PRIVPOL" keygen -o "$KEYDIR/demo.key" 2>/dev/null

rc=0
"$PRIVPOL" scrub -k "$KEYDIR/demo.key" --tenant-field tenant \
    --tenants acme-mobile-fr,acme-fixe-fr,acme-pro-fr,globex-be,initech-ch,umbrella-ma --contract-period P13M \
    --rejects "$OUT/events.rejects.jsonl" --stats -o "$OUT/events.scrubbed.jsonl" \
    "$EVENTS" 2>"$OUT/events.stats" || rc=$?
[ "$rc" -eq 0 ] || [ "$rc" -eq 65 ] || { cat "$OUT/events.stats" >&2; exit "$rc"; }

echo "libprivpol sample: privpol scrub on $(wc -l <"$EVENTS") customer-care events"
echo "(embedded default policy, processor, purpose interaction_digitization, contract"
echo "period P13M, tenant read from each record, a fresh demo key)"
python3 - "$EVENTS" "$OUT/events.scrubbed.jsonl" <<'EOF'
import json, sys

W = 38  # width of a value column


def show(v):
    t = v if isinstance(v, str) else json.dumps(v, ensure_ascii=False,
                                                separators=(",", ":"))
    return t if len(t) <= W else t[:W - 3] + "..."


with open(sys.argv[1], encoding="utf-8") as f_in, \
        open(sys.argv[2], encoding="utf-8") as f_out:
    for n, (a, b) in enumerate(zip(f_in, f_out), 1):
        if n > 3:
            break
        ev, res = json.loads(a), json.loads(b)
        print("\nrecord %d\n%-12s %-*s %s" % (n, "field", W, "input", "output"))
        for k, v in ev.items():
            print("%-12s %-*s %s" % (k, W, show(v),
                                    show(res[k]) if k in res else "(dropped)"))
        meta = res["_privpol"]
        print("%-12s %-*s identifiability %s" % ("_privpol", W, "", meta["identifiability"]))
        print("%-12s %-*s retain_until %s" % ("", W, "", meta["retain_until"]))
        print("%-12s %-*s policy %s %s" % ("", W, "", meta["policy"]["id"],
                                          meta["policy"]["version"]))
EOF
echo
echo "summary (--stats):"
tail -n 1 "$OUT/events.stats"
echo
echo "full output: $OUT/events.scrubbed.jsonl"
echo "rejects:     $OUT/events.rejects.jsonl ($(wc -l <"$OUT/events.rejects.jsonl") lines)"
