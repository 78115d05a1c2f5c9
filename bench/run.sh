#!/usr/bin/env bash
# Lantern's performance benchmark, one command:
#   bench/run.sh
# Builds lantern (Release) in build-bench/, builds the floor (bench/floor.c),
# starts a private Xvfb, runs the four measurements side by side with the
# floor (bench/measure.py), prints a table and rewrites bench/results.md.
# Takes about a minute and a half. Needs: cmake, a C compiler, pkg-config,
# SDL2, SDL2_ttf, SDL2_image, cJSON, Xvfb, python3.
#
# Environment: BENCH_RUNS (start-up runs, default 15), BENCH_IDLE (idle
# seconds, default 30), BENCH_FRAMES (page turns, default 600).
set -euo pipefail

bench=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$bench")
build="$root/build-bench"
cc=${CC:-cc}

echo "bench: building lantern (Release) in $build ..."
log=$(mktemp)
if ! { cmake -S "$root" -B "$build" -DBUILD_TESTING=OFF -DCMAKE_BUILD_TYPE=Release &&
       make -C "$build" -j2 lantern; } >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    echo "bench: building lantern failed" >&2
    exit 1
fi
rm -f "$log"

echo "bench: building the floor ..."
# shellcheck disable=SC2046
"$cc" -std=c11 -O2 -Wall -Wextra -Werror -Wshadow -D_POSIX_C_SOURCE=200809L \
    "$bench/floor.c" -o "$build/floor" $(pkg-config --cflags --libs sdl2 SDL2_ttf)

# A private X server; -displayfd lets it pick a free display number.
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lantern-bench-x.XXXXXX")
xvfb_pid=
cleanup() {
    if [ -n "$xvfb_pid" ]; then
        kill "$xvfb_pid" 2>/dev/null || true
        wait "$xvfb_pid" 2>/dev/null || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

Xvfb -displayfd 3 -screen 0 1920x1080x24 -nolisten tcp 3>"$tmp/display" 2>"$tmp/xvfb.log" &
xvfb_pid=$!
for _ in $(seq 100); do
    [ -s "$tmp/display" ] && break
    if ! kill -0 "$xvfb_pid" 2>/dev/null; then
        cat "$tmp/xvfb.log" >&2
        echo "bench: Xvfb did not start" >&2
        exit 1
    fi
    sleep 0.05
done
display=$(tr -dc '0-9' <"$tmp/display")
if [ -z "$display" ]; then
    echo "bench: Xvfb gave no display number" >&2
    exit 1
fi
echo "bench: Xvfb on :$display (pid $xvfb_pid)"

DISPLAY=":$display" SDL_RENDER_DRIVER=software python3 "$bench/measure.py" \
    --lantern "$build/lantern" --floor "$build/floor" --content "$root/content" \
    --results "$bench/results.md" \
    --runs "${BENCH_RUNS:-15}" --idle "${BENCH_IDLE:-30}" --frames "${BENCH_FRAMES:-600}"

# The other benchmarks append their own sections to results.md.
"$bench/load.sh"
"$bench/store.sh"
"$bench/speech.sh"
