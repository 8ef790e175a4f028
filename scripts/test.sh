#!/bin/sh
# SPDX-License-Identifier: MIT
# Run the test suite: installs what is missing (Debian packages, as root), configures,
# builds and tests, then ends with one line "N passed, N failed" (", N skipped" if any)
# that adds up every step; exits non-zero if anything failed.
#
#   scripts/test.sh [--quick | --full] [MESON_TEST_ARGS...]
#
# Steps (each test of each step counts once in the closing line):
#   1. build/: the ordinary build (gcc), with the Doxygen HTML (warnings are errors), and
#      its whole meson test suite.
#   2. build-asan/: AddressSanitizer + UndefinedBehaviorSanitizer build; the unit, cli
#      and fuzz suites (every suite but 'install'). Any report (invalid access, leak,
#      undefined behaviour) fails, even from a privpol run whose exit code a test ignores.
#  2b. build-tsan/: ThreadSanitizer build of the thread test only (8 threads sharing one
#      context; tests/test-threads.c), run under TSan.
#  2c. build-release/: an optimized build (--buildtype=release, no docs); its unit suite
#      and, where the Python binding builds, its python suite. Catches what only -O2
#      shows: uninitialized bytes, padding read by memcmp(), undefined behaviour the
#      optimizer exploits.
#   3. valgrind memcheck over build/: the C unit tests (through `meson test --wrapper`)
#      and the CLI test with every privpol run under valgrind (scripts/cli-valgrind.py,
#      in parallel shards; counts as one test). No leak, no invalid access.
#   4. build-fuzz/: the libFuzzer build (clang, ASan+UBSan), then each fuzz target for
#      $FUZZ_SECONDS (default 30) s with fuzz/run-fuzzers.sh; one test per target.
#
# Plain `scripts/test.sh` runs steps 1 and 2 (a few minutes; the builds are kept and
# rebuilt incrementally). `--full`, or CI=true, runs every step (2b, 2c, 3 and 4 run only
# there) and installs what they need: clang, libclang-rt-14-dev, llvm-14 (symbolizer),
# valgrind. `--quick` runs step 1 only. Other arguments go to `meson test` in steps 1
# and 2 (e.g. a test name, or `--suite fuzz`); steps 2b-4 take none. A failed build
# counts as one failed test and the other steps go on.
# Logs: build*/meson-logs/, build-asan/sanitizer-logs/, build/valgrind-cli/,
# build-fuzz/fuzz/logs/. .ci/run runs this script with CI=true.
set -u

SCRIPTS=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
ROOT=$(dirname -- "$SCRIPTS")
BUILD_DIR=${BUILD_DIR:-$ROOT/build}
ASAN_DIR=${ASAN_BUILD_DIR:-$ROOT/build-asan}
TSAN_DIR=${TSAN_BUILD_DIR:-$ROOT/build-tsan}
RELEASE_DIR=${RELEASE_BUILD_DIR:-$ROOT/build-release}
FUZZ_DIR=${FUZZ_BUILD_DIR:-$ROOT/build-fuzz}
FUZZ_SECONDS=${FUZZ_SECONDS:-30}
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}

mode=default
[ "${CI:-}" = true ] && mode=full
case ${1:-} in
    --full) mode=full; shift ;;
    --quick) mode=quick; shift ;;
esac

RESULTS=$(mktemp)
trap 'rm -f "$RESULTS"' EXIT
record() { # PASS|FAIL|SKIP step name
    printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$RESULTS"
}
step_t0=0
step_begin() { # step description
    step_t0=$(date +%s)
    echo
    echo "== $1: $2"
}
step_end() { # step description
    printf 'TIME\t%s\t%s\t%s\n' "$1" "$(($(date +%s) - step_t0))" "$2" >>"$RESULTS"
}
meson_results() { # step log_json
    python3 "$SCRIPTS/test-results.py" meson "$1" "$2" >>"$RESULTS"
}

# Step 1 (with the packages: bootstrap.sh installs them and builds build/).
desc1="build/ (gcc, docs) and its whole test suite"
step_begin build "$desc1"
[ "$mode" = full ] && export PRIVPOL_BOOTSTRAP_CHECKS=1
export PRIVPOL_BOOTSTRAP_TESTS=1
if BUILD_DIR=$BUILD_DIR sh "$SCRIPTS/bootstrap.sh"; then
    build_ok=1
    rm -f "$BUILD_DIR/meson-logs/test-build.json"
    meson test -C "$BUILD_DIR" --num-processes "$JOBS" --print-errorlogs \
        --logbase test-build "$@"
    meson_results build "$BUILD_DIR/meson-logs/test-build.json"
else
    build_ok=0
    record FAIL build "packages, compile or docs (build/)"
fi
step_end build "$desc1"

# Step 2.
if [ "$mode" != quick ]; then
    desc2="build-asan/ (ASan+UBSan): every suite but install"
    step_begin asan "$desc2"
    if { [ -f "$ASAN_DIR/build.ninja" ] ||
         meson setup "$ASAN_DIR" "$ROOT" -Db_sanitize=address,undefined -Db_lundef=false \
             -Ddocs=disabled >&2; } && ninja -C "$ASAN_DIR" >&2; then
        # Reports go to files as well as failing the process: a report from a privpol run
        # whose exit code a CLI test does not check still fails the step.
        san_logs=$ASAN_DIR/sanitizer-logs
        rm -rf "$san_logs" "$ASAN_DIR/meson-logs/test-asan.json" && mkdir -p "$san_logs"
        ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:log_path=$san_logs/asan" \
        UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:log_path=$san_logs/ubsan" \
            meson test -C "$ASAN_DIR" --num-processes "$JOBS" --print-errorlogs \
                --no-suite install --logbase test-asan "$@"
        meson_results asan "$ASAN_DIR/meson-logs/test-asan.json"
        if [ -n "$(find "$san_logs" -type f)" ]; then
            find "$san_logs" -type f -exec sh -c \
                'for f; do echo "--- $f"; head -n 60 "$f"; done' sh {} +
            record FAIL asan "sanitizer reports in $san_logs"
        fi
    else
        record FAIL asan "configure or compile (build-asan/)"
    fi
    step_end asan "$desc2"
fi

if [ "$mode" = full ]; then
    # Step 2b.
    desc2b="build-tsan/ (ThreadSanitizer): the thread test"
    step_begin tsan "$desc2b"
    if { [ -f "$TSAN_DIR/build.ninja" ] ||
         meson setup "$TSAN_DIR" "$ROOT" -Db_sanitize=thread -Ddocs=disabled >&2; } &&
       ninja -C "$TSAN_DIR" tests/test-threads >&2; then
        rm -f "$TSAN_DIR/meson-logs/test-tsan.json"
        TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1" \
            meson test -C "$TSAN_DIR" --no-rebuild --num-processes "$JOBS" \
                --print-errorlogs --logbase test-tsan threads
        meson_results tsan "$TSAN_DIR/meson-logs/test-tsan.json"
    else
        record FAIL tsan "configure or compile (build-tsan/)"
    fi
    step_end tsan "$desc2b"

    # Step 2c.
    desc2c="build-release/ (--buildtype=release): the unit and python suites"
    step_begin release "$desc2c"
    if { [ -f "$RELEASE_DIR/build.ninja" ] ||
         meson setup "$RELEASE_DIR" "$ROOT" --buildtype=release -Ddocs=disabled >&2; } &&
       ninja -C "$RELEASE_DIR" >&2; then
        rm -f "$RELEASE_DIR/meson-logs/test-release.json"
        # --suite python selects nothing where the binding is not built (no Python
        # headers): the unit suite alone then
        meson test -C "$RELEASE_DIR" --no-rebuild --num-processes "$JOBS" --print-errorlogs \
            --logbase test-release --suite unit --suite python
        meson_results release "$RELEASE_DIR/meson-logs/test-release.json"
    else
        record FAIL release "configure or compile (build-release/)"
    fi
    step_end release "$desc2c"

    # Step 3.
    desc3="valgrind memcheck over build/: C unit tests and the CLI"
    step_begin valgrind "$desc3"
    if [ "$build_ok" = 1 ]; then
        vg="valgrind --error-exitcode=1 --leak-check=full"
        vg="$vg --errors-for-leak-kinds=definite,indirect --track-origins=no"
        unit_tests=$(python3 "$SCRIPTS/test-results.py" elf-tests "$BUILD_DIR" unit)
        if [ -n "$unit_tests" ]; then
            rm -f "$BUILD_DIR"/meson-logs/test-valgrind*.json
            # shellcheck disable=SC2086 # one word per test name
            meson test -C "$BUILD_DIR" --num-processes "$JOBS" --print-errorlogs \
                --timeout-multiplier 10 --logbase test-valgrind --wrapper "$vg" $unit_tests
            # meson names the log after --logbase and the wrapper: test-valgrind-valgrind.json
            vlog=$(find "$BUILD_DIR/meson-logs" -name 'test-valgrind*.json' | head -n 1)
            meson_results valgrind "${vlog:-$BUILD_DIR/meson-logs/test-valgrind.json}"
        else
            record FAIL valgrind "no C unit test found in build/"
        fi
        if python3 "$SCRIPTS/cli-valgrind.py" "$BUILD_DIR/tools/privpol" \
               "$BUILD_DIR/valgrind-cli" --jobs "$JOBS"; then
            record PASS valgrind cli
        else
            record FAIL valgrind cli
        fi
        # privpol scrub over the sample events and access log, with hostile lines added
        # and two worker threads: no invalid access, no leak.
        vgdir="$BUILD_DIR/valgrind-cli"
        mkdir -p "$vgdir"
        rm -f "$vgdir/scrub.key" "$vgdir/scrub-rejects.jsonl"
        "$BUILD_DIR/tools/privpol" keygen -o "$vgdir/scrub.key" >/dev/null 2>&1
        { cat "$ROOT/data/events-sample.jsonl"
          printf '{"ip":"192.0.2.1"\n[1,2]\n{"a":"\377"}\n{"a":1,}\n'; } >"$vgdir/scrub-in.jsonl"
        for fmt in jsonl accesslog; do
            in="$vgdir/scrub-in.jsonl"
            [ "$fmt" = accesslog ] && in="$ROOT/data/access-sample.log"
            $vg --log-file="$vgdir/scrub-$fmt.%p.log" "$BUILD_DIR/tools/privpol" scrub \
                -k "$vgdir/scrub.key" --tenant-field tenant --tenants acme-mobile-fr,acme-fixe-fr,acme-pro-fr,globex-be,initech-ch,umbrella-ma -t acme --format "$fmt" -j 2 \
                --contract-period P13M --rejects "$vgdir/scrub-rejects.jsonl" --stats \
                -o /dev/null "$in" 2>/dev/null
            rc=$?
            # 65: some lines were rejected, as they must be; valgrind's own exit is 1
            if [ "$rc" = 0 ] || [ "$rc" = 65 ]; then
                record PASS valgrind "scrub $fmt"
            else
                record FAIL valgrind "scrub $fmt (exit $rc, logs in $vgdir)"
            fi
        done
    else
        echo "build/ did not build: nothing to run under valgrind"
    fi
    step_end valgrind "$desc3"

    # Step 4.
    desc4="build-fuzz/ (clang, libFuzzer, ASan+UBSan): each target ${FUZZ_SECONDS} s"
    step_begin fuzz "$desc4"
    if { [ -f "$FUZZ_DIR/build.ninja" ] ||
         CC=clang meson setup "$FUZZ_DIR" "$ROOT" -Dfuzzing=true \
             -Db_sanitize=address,undefined -Db_lundef=false -Dtests=disabled \
             -Ddocs=disabled >&2; } && ninja -C "$FUZZ_DIR" >&2; then
        symbolizer=/usr/lib/llvm-14/bin/llvm-symbolizer
        [ -x "$symbolizer" ] && export ASAN_SYMBOLIZER_PATH="$symbolizer"
        runs=$FUZZ_DIR/fuzz/runs
        rm -rf "$runs" && mkdir -p "$runs"
        # The targets that fuzz/run-fuzzers.sh runs by default (one per corpus
        # directory), JOBS at a time, each on one core; sh -c 'JOB' sh ROOT DIR SECONDS T RUNS.
        # shellcheck disable=SC2016 # expanded by the inner sh
        job='"$1"/fuzz/run-fuzzers.sh "$2" "$3" "$4" >"$5/$4.out" 2>&1; echo $? >"$5/$4.rc"'
        for d in "$ROOT"/fuzz/corpus/*/; do basename "$d"; done |
            env ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
                UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stacktrace=1 \
                xargs -P "$JOBS" -I{} sh -c "$job" sh "$ROOT" "$FUZZ_DIR" "$FUZZ_SECONDS" {} "$runs"
        for d in "$ROOT"/fuzz/corpus/*/; do
            t=$(basename "$d")
            cat "$runs/$t.out" 2>/dev/null
            if [ "$(cat "$runs/$t.rc" 2>/dev/null)" = 0 ]; then
                record PASS fuzz "$t"
            else
                record FAIL fuzz "$t"
            fi
        done
    else
        record FAIL fuzz "configure or compile (build-fuzz/)"
    fi
    step_end fuzz "$desc4"
fi

python3 "$SCRIPTS/test-results.py" summary "$RESULTS"
