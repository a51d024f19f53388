#!/usr/bin/env bash
# Fuzzes one target (or all) with libFuzzer + AddressSanitizer + UBSan for N seconds each.
#   scripts/fuzz.sh [clientframe|serverframe|command|mentions|rank|httpbodies|all] [SECONDS]
# Interesting new inputs land in build-fuzz/corpus-<target>/; a crash is saved as
# build-fuzz/crash-*. Copy a crash into tests/fuzz/corpus/<target>/ and it becomes a
# regression test that every CI run replays (tst_fuzz_<target>).
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:-all}"
seconds="${2:-60}"
scripts/setup.sh >/dev/null   # installs clang's runtime with the rest of the packages
dpkg-query -W -f='${Status}' clang libclang-rt-14-dev 2>/dev/null | grep -c "install ok installed" | grep -q 2 \
    || apt-get install -y --no-install-recommends clang libclang-rt-14-dev >/dev/null
cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
    -DTESSERA_FUZZ=ON -DTESSERA_SANITIZE=ON -DTESSERA_BUILD_APP=OFF >/dev/null
targets=(clientframe serverframe command mentions rank httpbodies)
[ "$target" = all ] || targets=("$target")
for t in "${targets[@]}"; do
    cmake --build build-fuzz --target "fuzz_$t"
    mkdir -p "build-fuzz/corpus-$t"
    echo "fuzzing $t for ${seconds}s"
    (cd build-fuzz && "./tests/fuzz/fuzz_$t" "corpus-$t" "../tests/fuzz/corpus/$t" \
        -max_total_time="$seconds" -max_len=65536 -print_final_stats=1)
done
