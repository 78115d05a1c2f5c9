#!/usr/bin/env bash
# Content load benchmark (issue: 500 generated modules, goal <= 2x a bare
# cJSON parse of the same bytes). Generates 250 modules in each of the two
# languages from the shipped ones, builds bench/load.c, and appends its
# section to bench/results.md.   usage: bench/load.sh [RUNS]
set -euo pipefail
bench=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$bench")
runs=${1:-21}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lantern-load.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
python3 "$bench/gen_modules.py" "$root/content" "$tmp/content"  # 250 modules a language
# The loader as the kiosk links it: the static libraries run.sh built in
# build-bench (a hand-kept list of sources went stale each time a file was
# added).
lib="$root/build-bench"
cc -std=c11 -O2 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Wall -Wextra -Werror -Wno-missing-field-initializers \
    -I"$root/src" "$bench/load.c" "$lib/liblantern_content.a" "$lib/liblantern_approval_json.a" \
    "$lib/liblantern_qr.a" "$lib/liblantern_core.a" $(pkg-config --cflags --libs libcjson libqrencode) -lm -o "$tmp/load"
read -r files lantern floor < <("$tmp/load" "$tmp/content" "$runs")
ratio=$(python3 -c "print(f'{$lantern / $floor:.2f}')")
met=$(python3 -c "print('yes' if $lantern / $floor <= 2.0 else 'no')")
echo "load: $files files; lantern ${lantern} ms, floor ${floor} ms, ratio ${ratio}x (goal <= 2x: $met)"
results="$bench/results.md"
load=$(cut -d' ' -f1-3 /proc/loadavg)
python3 - "$results" "$files" "$lantern" "$floor" "$ratio" "$met" "$runs" "$load" <<'PY'
import sys, datetime
path, files, lantern, floor, ratio, met, runs, load = sys.argv[1:]
start, end = "<!-- load-benchmark -->", "<!-- /load-benchmark -->"
section = f"""{start}
## Content load (500 generated modules)

Run {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC by `bench/load.sh` (median of {runs} runs each, the two alternating; same machine as above; load average after the run {load}).

| Measure | Lantern | Floor | Ratio | Goal | Met |
|---|---:|---:|---:|---|---|
| load {files} JSON files (250 modules in each of 2 languages, plus UI, help, manifest) | {float(lantern):.2f} ms | {float(floor):.2f} ms | {ratio}x | ≤ 2x floor | {met} |

Lantern: `content_load()` (read, UTF-8 check, cJSON parse, every field checked, copied into plain structs, then freed; a take-home link's QR code is only sized here, the renderer encodes it when it first draws it). Floor: read each file and `cJSON_ParseWithLength` + `cJSON_Delete`, nothing else.
{end}
"""
text = open(path, encoding="utf-8").read() if __import__("os").path.exists(path) else ""
if start in text:
    text = text[:text.index(start)] + section + text[text.index(end) + len(end) + 1:]
else:
    text = text.rstrip("\n") + "\n\n" + section
open(path, "w", encoding="utf-8").write(text)
PY
