#!/bin/sh
# SPDX-License-Identifier: MIT
# Run every fuzz target of a -Dfuzzing=true build for SECONDS each.
#
#   fuzz/run-fuzzers.sh BUILD_DIR SECONDS [TARGET...]
#
# Each target fuzzes a writable corpus in BUILD_DIR/fuzz/work/<target>/, seeded from
# fuzz/corpus/<target>/ and fuzz/regressions/<target>/ (the sources stay untouched; the
# work corpus grows from one run to the next). Crashes, leaks, timeouts and sanitizer
# reports are saved in BUILD_DIR/fuzz/crashes/<target>/ and logged in
# BUILD_DIR/fuzz/logs/<target>.log; the script exits non-zero if any target found
# anything. Keep an input that failed in fuzz/regressions/<target>/ once it is fixed.
set -u

usage() {
    echo "usage: $0 BUILD_DIR SECONDS [TARGET...]" >&2
    exit 2
}
[ $# -ge 2 ] || usage
build=$1
seconds=$2
shift 2
case $seconds in '' | *[!0-9]*) usage ;; esac
[ "$seconds" -gt 0 ] || usage # libFuzzer reads 0 as "no limit"
src=$(cd "$(dirname "$0")" && pwd)
[ -d "$build/fuzz" ] || { echo "$0: $build/fuzz: no such directory" >&2; exit 2; }

if [ $# -eq 0 ]; then
    set --
    for d in "$src"/corpus/*/; do
        set -- "$@" "$(basename "$d")"
    done
fi

# UBSan only reports and goes on unless told to stop: make every report fatal. Leaks
# are reported at exit by LeakSanitizer, which libFuzzer also runs after each input.
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:abort_on_error=1:print_stacktrace=1}"

failed=0
for t in "$@"; do
    exe=$build/fuzz/fuzz-$t
    work=$build/fuzz/work/$t
    crashes=$build/fuzz/crashes/$t
    log=$build/fuzz/logs/$t.log
    if [ ! -x "$exe" ]; then
        echo "$t: $exe not built (configure with -Dfuzzing=true)" >&2
        failed=1
        continue
    fi
    mkdir -p "$work" "$crashes" "$(dirname "$log")"
    for f in "$src/corpus/$t"/* "$src/regressions/$t"/*; do
        case $(basename "$f") in README*) continue ;; esac
        [ -f "$f" ] && cp "$f" "$work/seed-$(basename "$(dirname "$f")")-$(basename "$f")"
    done
    "$exe" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$crashes/" "$work" >"$log" 2>&1
    rc=$?
    # A sanitizer report that did not stop the run still counts.
    if [ $rc -ne 0 ] || grep -Eq 'ERROR: (Address|Leak|Memory|Thread|UndefinedBehavior)Sanitizer|runtime error:|property broken' "$log"; then
        echo "$t: FAILED (exit $rc): see $log and $crashes/" >&2
        grep -E '^(==[0-9]+==ERROR|SUMMARY|.*property broken|.*runtime error)' "$log" | head -5 >&2
        failed=1
    fi
    stats=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1)
    execs=$(sed -n 's/^stat::number_of_executed_units:[[:space:]]*//p' "$log")
    speed=$(sed -n 's/^stat::average_exec_per_sec:[[:space:]]*//p' "$log")
    echo "$t: ${execs:-?} runs, ${speed:-?} exec/s; ${stats:-no final line}"
done
exit $failed
