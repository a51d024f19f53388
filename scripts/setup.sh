#!/usr/bin/env bash
# Installs the Debian 12 packages Tessera needs (only those missing), then configures
# and builds into ./build. Usage: scripts/setup.sh [extra cmake arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
    g++ make cmake ninja-build pkg-config ccache git
    qt6-base-dev qt6-base-dev-tools qt6-websockets-dev qt6-httpserver-dev libqt6sql6-sqlite
    qt6-charts-dev libqt6opengl6-dev  # the Dashboard view's charts (Qt6Charts needs Qt6OpenGL's CMake files)
    qtkeychain-qt6-dev libsodium-dev libssl-dev libzxcvbn-dev libsqlite3-dev libgl-dev libxkbcommon-dev
    xvfb xauth openssl curl ca-certificates
    systemd  # systemd-analyze: the service unit's exposure is checked by a test (not run as init)
    dpkg-dev file lintian appstream  # the two .deb packages: shlibdeps, lintian and metainfo checks (tests/packaging)
    libical-dev  # tst_viewexport_libical: an independent parser reads the .ics export back
    jq  # scripts/bench.sh reads the benches' JSON (CTest's tst_bench_smoke)
    postgresql-15 libqt6sql6-psql  # issue #16: tests start a private cluster (tests/support/pgcluster.h), QPSQL driver
    haproxy  # tst_haproxy runs packaging/haproxy/tessera.cfg in front of two nodes (its own process, not the service)
)

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]}"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    export DEBIAN_FRONTEND=noninteractive
    if ! $SUDO apt-get install -y --no-install-recommends "${missing[@]}" >/tmp/tessera-apt.log 2>&1; then
        $SUDO apt-get update >/tmp/tessera-apt-update.log 2>&1
        $SUDO apt-get install -y --no-install-recommends "${missing[@]}" >/tmp/tessera-apt.log 2>&1 \
            || { cat /tmp/tessera-apt.log; echo "setup: package installation failed" >&2; exit 1; }
    fi
fi

build_dir="${TESSERA_BUILD_DIR:-build}"
cmake_args=(-S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo)
command -v ccache >/dev/null && cmake_args+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
[ "${CI:-}" = "true" ] && cmake_args+=(-DTESSERA_WARNINGS_AS_ERRORS=ON)
cmake "${cmake_args[@]}" "$@" >/dev/null
cmake --build "$build_dir" -j "$(nproc)"
