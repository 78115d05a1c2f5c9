#!/usr/bin/env bash
# Approval check benchmark (issue 11: `lanternctl content verify` at most 1.5x
# the time `b2sum` takes to hash the same bytes). Approves the shipped content
# and 500 generated modules with a throw-away key, then times, alternating,
# `lanternctl content verify` and `b2sum` over exactly the files the approval
# lists (approval.json too), and appends its section to bench/results.md.
#   usage: bench/verify.sh [BUILD_DIR] [RUNS]     (BUILD_DIR default: build)
set -euo pipefail
bench=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$bench")
build=$(cd "${1:-$root/build}" && pwd)
runs=${2:-31}
ctl="$build/lanternctl"
[ -x "$ctl" ] || { echo "verify.sh: no $ctl (build first)" >&2; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lantern-verify.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cp -r "$root/content" "$tmp/shipped"
python3 "$bench/gen_modules.py" "$root/content" "$tmp/generated"  # 250 modules a language
pass="benchmark passphrase"
printf '%s\n%s\n' "$pass" "$pass" | "$ctl" keygen --approver --out "$tmp/keys" >/dev/null
for set in shipped generated; do
    echo "$pass" | "$ctl" content approve "$tmp/$set" --key "$tmp/keys/approver-secret.key" --name Bench \
        --role Benchmark --review-due 2099-01-01 >/dev/null
done
python3 - "$ctl" "$tmp" "$runs" "$bench/results.md" <<'PY'
import datetime, json, os, resource, statistics, subprocess, sys, time
ctl, tmp, runs, results = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]

def timed(argv, cwd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    p = subprocess.run(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert p.returncode == 0, argv
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall * 1000, cpu * 1000

rows = []
for name, label in (("shipped", "the bundled content"), ("generated", "500 generated modules")):
    folder = os.path.join(tmp, name)
    files = ["approval.json"] + [f["path"] for f in json.load(open(os.path.join(folder, "approval.json")))["files"]]
    size = sum(os.path.getsize(os.path.join(folder, f)) for f in files)
    verify = [ctl, "content", "verify", ".", "--trust", os.path.join(tmp, "keys", "approver-public.key")]
    floor = ["b2sum", "--"] + files
    startup = [ctl, "--help"]
    v, b, s = [], [], []
    for i in range(runs + 1):  # the first round warms the caches and is dropped
        rv, rb, rs = timed(verify, folder), timed(floor, folder), timed(startup, folder)
        if i:
            v.append(rv), b.append(rb), s.append(rs)
    med = lambda xs, k: statistics.median(x[k] for x in xs)
    rows.append((label, len(files), size, med(v, 0), med(b, 0), med(v, 1), med(b, 1), med(s, 0), med(s, 1)))
    print(f"verify {label}: {len(files)} files, {size} bytes: verify {med(v, 0):.2f} ms, b2sum {med(b, 0):.2f} ms "
          f"(wall); lanternctl start alone {med(s, 0):.2f} ms")

def line(r):
    label, n, size, vw, bw, vc, bc, sw, sc = r
    ratio = vw / bw
    work = (vw - sw) / bw
    return (f"| {label}: {n} files, {size / 1024:.0f} KiB | {vw:.2f} ms | {bw:.2f} ms | {ratio:.2f}x | "
            f"{vc:.2f} / {bc:.2f} ms | {sw:.2f} ms | {work:.2f}x | {'yes' if ratio <= 1.5 else 'no'} |")

start, end = "<!-- verify-benchmark -->", "<!-- /verify-benchmark -->"
section = f"""{start}
## Approval check (`lanternctl content verify` vs `b2sum`)

Run {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC by `bench/verify.sh` (median of {runs} runs each, the three commands alternating, after a warm-up round; same machine as above; load average at start {os.getloadavg()[0]:.2f}).

| Content | verify, wall | b2sum, wall | Ratio (goal ≤ 1.5x) | CPU verify / b2sum | lanternctl start alone | Ratio without the start | Met |
|---|---:|---:|---:|---:|---:|---:|---|
{chr(10).join(line(r) for r in rows)}

verify: the whole command (process start, approval.json parsed, signature checked, every file read and hashed with BLAKE2b-256, the folder walked for added files and symlinks). b2sum: `b2sum` (BLAKE2b-512) over the same files, approval.json included, one process. "lanternctl start alone": `lanternctl --help`, the cost of starting a binary that links SDL2, SDL2_ttf, SDL2_image (for preview and validate) and their ~70 shared libraries; "without the start" subtracts it from verify, leaving the checking work against b2sum's whole run.
{end}
"""
text = open(results, encoding="utf-8").read() if os.path.exists(results) else ""
if start in text:
    text = text[:text.index(start)] + section + text[text.index(end) + len(end) + 1:]
else:
    text = text.rstrip("\n") + "\n\n" + section
open(results, "w", encoding="utf-8").write(text)
PY
