#!/usr/bin/env bash
# Builds everything with -fsanitize=address,undefined into build-asan and runs the
# unit and integration tests there. Any sanitizer report fails the run: every finding is
# fatal (-fno-sanitize-recover=all, halt_on_error), and LeakSanitizer reports leaks, except
# the intentional process-lifetime allocations of Qt and the system libraries listed in
# scripts/lsan.supp.
#   scripts/sanitize.sh [ctest arguments, e.g. -R tst_codec]
set -euo pipefail
cd "$(dirname "$0")/.."
TESSERA_BUILD_DIR=build-asan scripts/setup.sh -DCMAKE_BUILD_TYPE=Debug -DTESSERA_SANITIZE=ON -DTESSERA_BUILD_TESTS=ON
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1"
export LSAN_OPTIONS="suppressions=$PWD/scripts/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
cd build-asan
QT_QPA_PLATFORM=offscreen ctest --output-on-failure --timeout 900 -j 2 "$@"
