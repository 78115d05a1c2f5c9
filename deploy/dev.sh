#!/usr/bin/env bash
# Developer set-up, build, run and test, on Debian 12 as root (or with sudo).
#   deploy/dev.sh run    install what is missing, build, run the kiosk in a window
#   deploy/dev.sh test   install what is missing, build, run every test
#                        (the content loader under libFuzzer for 60 s, then
#                        unit + end-to-end, then again under ASan and UBSan)
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(build-essential cmake pkg-config python3 fonts-noto-core fonts-material-design-icons-iconfont
          libsdl2-dev libsdl2-ttf-dev libsdl2-image-dev libcjson-dev
          libsqlite3-dev libsodium-dev xvfb xauth xdotool
          clang libclang-rt-14-dev
          libsystemd-dev cage xwayland grim libpam-systemd libegl-mesa0 libgl1-mesa-dri
          curl openssl postgresql libpq-dev libmicrohttpd-dev
          python3-selenium python3-jsonschema chromium chromium-driver
          libespeak-ng-dev espeak-ng-data espeak-ng libqrencode-dev zbar-tools sox)

install_missing() {
    local missing=()
    for p in "${PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        echo "dev.sh: installing ${missing[*]}"
        local sudo=""
        [ "$(id -u)" -eq 0 ] || sudo=sudo
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
}

build() { # build DIR [cmake args...]
    local dir=$1
    shift
    cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
    cmake --build "$dir" -j2
}

case "${1:-}" in
run)
    install_missing
    build build
    mkdir -p data
    # A throw-away demo key pair, so the contact form can be tried; the kiosk
    # marks every form screen "demo" while it uses it.
    [ -f data/lantern-public.key ] || ./build/lanternctl keygen --out data --demo
    args=(--windowed --size "${LANTERN_SIZE:-1280x800}" --content content --data data)
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
        echo "dev.sh: no display here; running under Xvfb (set DISPLAY to see the window)"
        exec xvfb-run -a -s "-screen 0 1920x1080x24" ./build/lantern "${args[@]}"
    fi
    exec ./build/lantern "${args[@]}"
    ;;
test)
    install_missing
    # The content loader under libFuzzer for a bounded time (FUZZ_SECONDS).
    tests/fuzz/run.sh "${FUZZ_SECONDS:-60}"
    build build
    (cd build && ctest --output-on-failure -j2)
    build build-asan -DLANTERN_SANITIZE=ON
    export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
    export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0"
    (cd build-asan && ctest --output-on-failure -j2)
    ;;
*)
    echo "usage: deploy/dev.sh run|test" >&2
    exit 2
    ;;
esac
