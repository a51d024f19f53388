#!/usr/bin/env bash
# Command (2): install what is missing, build, and run every test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh -DTESSERA_BUILD_TESTS=ON
cd "${TESSERA_BUILD_DIR:-build}"
QT_QPA_PLATFORM=offscreen ctest --output-on-failure --timeout 600 -j 2
