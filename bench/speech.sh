#!/usr/bin/env bash
# Read-aloud benchmark (issue 14: tap to first sound under 250 ms for a
# typical page, against espeak-ng's own command-line synthesis of the same
# text in the same run). Builds bench_speech and writes its section to
# bench/results.md.   usage: bench/speech.sh [RUNS]
set -euo pipefail
bench=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$bench")
runs=${1:-15}
build="$root/build-bench"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j2 --target bench_speech >/dev/null
out=$("$build/bench_speech" "$root/content" "$runs")
echo "$out"
python3 - "$bench/results.md" "$runs" "$out" <<'PY'
import sys, datetime, os
path, runs, out = sys.argv[1], sys.argv[2], sys.argv[3]
rows = []
for line in out.strip().splitlines():
    lang, words, say_max, synth, lead, first, cli = line.split()
    first, cli = float(first), float(cli)
    met = "yes" if first < 250 else "no"
    rows.append(f"| {lang}: tap → first sound, {words}-word page | {first:.1f} ms | {cli:.1f} ms | {first / cli:.2f}x | < 250 ms | {met} |")
    rows.append(f"| {lang}: of which synthesis of the first sound / espeak-ng's leading silence | {float(synth):.1f} ms / {float(lead):.1f} ms | | | | |")
    rows.append(f"| {lang}: UI thread's cost of Listen (speech_say, worst of {runs}) | {float(say_max):.3f} ms | | | — | — |")
start, end = "<!-- speech-benchmark -->", "<!-- /speech-benchmark -->"
section = f"""{start}
## Read-aloud: tap to first sound

Run {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC by `bench/speech.sh` (median of {runs} runs; same machine as above).

| Measure | Lantern | Floor: `espeak-ng --stdout` of the page | Ratio | Goal | Met |
|---|---:|---:|---:|---|---|
""" + "\n".join(rows) + f"""

Lantern: `speech_say()` with the page's sentences (the first section of "Understanding self-harm", split as the kiosk splits it), then the time until the first sample above the silence threshold is in the ring, or espeak-ng's leading silence if that is longer, plus one audio device buffer (1024 samples, 46 ms). The worker synthesizes sentence by sentence, so the first sound needs only the first sentence. Floor: the espeak-ng command line synthesizing the same text (`-v en-us`/`es-419 -s 155 --stdout -f FILE > /dev/null`), spawn to exit.
{end}
"""
text = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
if start in text:
    text = text[:text.index(start)] + section + text[text.index(end) + len(end) + 1:]
else:
    text = text.rstrip("\n") + "\n\n" + section
open(path, "w", encoding="utf-8").write(text)
PY
