#!/usr/bin/env bash
# Approval check benchmark (issue 11: `lanternctl content verify` at most 1.5x
# the time `b2sum` takes to hash the same bytes). Approves the shipped content
# and 500 generated modules with a throw-away key, then times, alternating,
# `lanternctl content verify` and `b2sum` over exactly the files the approval
# lists (approval.json too), and appends its section to bench/results.md.
# The whole measurement is repeated SERIES times (the machine may be shared):
# the table gives the series with the median ratio, and every series' ratio.
#   usage: bench/verify.sh [BUILD_DIR] [RUNS] [SERIES]   (defaults: build, 31, 3)
set -euo pipefail
bench=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$bench")
build=$(cd "${1:-$root/build}" && pwd)
runs=${2:-31}
series=${3:-3}
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
python3 - "$ctl" "$tmp" "$runs" "$bench/results.md" "$series" <<'PY'
import datetime, json, os, resource, statistics, subprocess, sys, time
ctl, tmp, runs, results, series = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], int(sys.argv[5])

def timed(argv, cwd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    p = subprocess.run(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert p.returncode == 0, argv
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall * 1000, cpu * 1000

loads = [os.getloadavg()[0]]
rows, all_ratios = [], []
for name, label in (("shipped", "the bundled content"), ("generated", "500 generated modules")):
    folder = os.path.join(tmp, name)
    files = ["approval.json"] + [f["path"] for f in json.load(open(os.path.join(folder, "approval.json")))["files"]]
    size = sum(os.path.getsize(os.path.join(folder, f)) for f in files)
    verify = [ctl, "content", "verify", ".", "--trust", os.path.join(tmp, "keys", "approver-public.key")]
    floor = ["b2sum", "--"] + files
    startup = [ctl, "--help"]
    done = []
    for n in range(series):
        v, b, s = [], [], []
        for i in range(runs + 1):  # the first round warms the caches and is dropped
            rv, rb, rs = timed(verify, folder), timed(floor, folder), timed(startup, folder)
            if i:
                v.append(rv), b.append(rb), s.append(rs)
        med = lambda xs, k: statistics.median(x[k] for x in xs)
        row = (label, len(files), size, med(v, 0), med(b, 0), med(v, 1), med(b, 1), med(s, 0), med(s, 1))
        done.append(row)
        loads.append(os.getloadavg()[0])
        print(f"verify {label}, series {n + 1}: {len(files)} files, {size} bytes: verify {row[3]:.2f} ms, "
              f"b2sum {row[4]:.2f} ms (wall), {row[3] / row[4]:.2f}x; lanternctl start alone {row[7]:.2f} ms")
    done.sort(key=lambda r: r[3] / r[4])
    rows.append(done[len(done) // 2])
    all_ratios.append((label, [r[3] / r[4] for r in done]))

# For comparison: starting the full tool, which verify no longer does.
tools = os.path.join(os.path.dirname(ctl), "lanternctl-tools")
full_start = statistics.median(timed([tools, "--help"], tmp)[0] for _ in range(runs)) if os.path.exists(tools) else None
loads.append(os.getloadavg()[0])


def line(r):
    label, n, size, vw, bw, vc, bc, sw, sc = r
    ratio = vw / bw
    work = (vw - sw) / bw
    return (f"| {label}: {n} files, {size / 1024:.0f} KiB | {vw:.2f} ms | {bw:.2f} ms | {ratio:.2f}x | "
            f"{vc:.2f} / {bc:.2f} ms | {sw:.2f} ms | {work:.2f}x | {'yes' if ratio <= 1.5 else 'no'} |")

start, end = "<!-- verify-benchmark -->", "<!-- /verify-benchmark -->"
section = f"""{start}
## Approval check (`lanternctl content verify` vs `b2sum`)

Run {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC by `bench/verify.sh` ({series} series of {runs} runs each, the three commands alternating, after a warm-up round; medians per series, the series with the median ratio shown; same machine as above, shared with other builds: 1-minute load average {min(loads):.2f} to {max(loads):.2f} during the run).

| Content | verify, wall | b2sum, wall | Ratio (goal ≤ 1.5x) | CPU verify / b2sum | lanternctl start alone | Ratio without the start | Met |
|---|---:|---:|---:|---:|---:|---:|---|
{chr(10).join(line(r) for r in rows)}

Every series' ratio (sorted): {"; ".join(f"{label}: " + ", ".join(f"{x:.2f}x" for x in xs) for label, xs in all_ratios)}.

verify: the whole command (process start, approval.json parsed, signature checked, every file read and hashed with BLAKE2b-256, the folder walked for added files and symlinks). b2sum: `b2sum` (BLAKE2b-512) over the same files, approval.json included, one process. "lanternctl start alone": `lanternctl --help`, the cost of starting lanternctl, the small front that runs `content verify` itself and links only libc, cJSON and libsodium (the full tool, lanternctl-tools, links SDL2, SDL2_ttf, sqlite3, libpq and ~85 shared libraries in all: {f"{full_start:.2f} ms" if full_start else "not measured"} to start in this run, median of {runs}; verify does not start it); "without the start" subtracts it from verify, leaving the checking work against b2sum's whole run. Before the split (2026-12-05 15:01 UTC, one lanternctl linking all of that) the ratios were 6.51x and 2.60x, ~10.5 ms of each run being the start. Reproduce: build (see README), then `bench/verify.sh build 31 3`.
{end}
"""
text = open(results, encoding="utf-8").read() if os.path.exists(results) else ""
if start in text:
    text = text[:text.index(start)] + section + text[text.index(end) + len(end) + 1:]
else:
    text = text.rstrip("\n") + "\n\n" + section
open(results, "w", encoding="utf-8").write(text)
PY
