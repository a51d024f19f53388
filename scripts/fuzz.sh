#!/usr/bin/env bash
# Fuzzes one target (or all) with libFuzzer + AddressSanitizer + UBSan for N seconds each.
#   scripts/fuzz.sh [clientframe|serverframe|command|mentions|rank|httpbodies|all] [SECONDS]
#   scripts/fuzz.sh merge [TARGET|all]   minimizes build-fuzz/corpus-<target>/ into
#                                        tests/fuzz/corpus/<target>/ (commit what it adds)
# Every sanitizer finding is fatal (-fno-sanitize-recover=all, halt_on_error): a report
# stops the run, saves the input as build-fuzz/crash-* and the script exits non-zero.
# Copy a crash into tests/fuzz/corpus/<target>/ and it becomes a regression test that
# every CI run replays (tst_fuzz_<target>).
set -euo pipefail
cd "$(dirname "$0")/.."
targets=(clientframe serverframe command mentions rank httpbodies)

if [ "${1:-}" = merge ]; then
    target="${2:-all}"
    [ "$target" = all ] || targets=("$target")
    for t in "${targets[@]}"; do
        [ -x "build-fuzz/tests/fuzz/fuzz_$t" ] || { echo "fuzz.sh: build fuzz_$t first" >&2; exit 1; }
        mkdir -p "build-fuzz/corpus-$t"
        echo "merging corpus-$t into tests/fuzz/corpus/$t"
        (cd build-fuzz && "./tests/fuzz/fuzz_$t" -merge=1 -max_len=65536 "../tests/fuzz/corpus/$t" "corpus-$t")
    done
    exit 0
fi

target="${1:-all}"
seconds="${2:-60}"
scripts/setup.sh >/dev/null   # installs clang's runtime with the rest of the packages
dpkg-query -W -f='${Status}' clang libclang-rt-14-dev 2>/dev/null | grep -c "install ok installed" | grep -q 2 \
    || apt-get install -y --no-install-recommends clang libclang-rt-14-dev >/dev/null
cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
    -DCMAKE_CXX_FLAGS="-fno-sanitize-recover=all" \
    -DTESSERA_FUZZ=ON -DTESSERA_SANITIZE=ON -DTESSERA_BUILD_APP=OFF >/dev/null
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:abort_on_error=1"
export ASAN_OPTIONS="abort_on_error=1:detect_leaks=1"
[ "$target" = all ] || targets=("$target")
for t in "${targets[@]}"; do
    cmake --build build-fuzz --target "fuzz_$t"
    mkdir -p "build-fuzz/corpus-$t"
    echo "fuzzing $t for ${seconds}s"
    (cd build-fuzz && "./tests/fuzz/fuzz_$t" "corpus-$t" "../tests/fuzz/corpus/$t" \
        -max_total_time="$seconds" -max_len=65536 -print_final_stats=1)
done
