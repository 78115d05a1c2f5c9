#!/usr/bin/env python3
"""Delivery benchmarks (issue 10), against a local PostgreSQL 15 started for
the run (tests/central/pg.py: initdb in a temporary folder, a unix socket):

- Outbox push throughput: lantern-outbox's loop (bench_outbox) against a
  bare multi-row INSERT of the same sealed bytes in batches of the same size
  (goal: at least 0.5x the floor's throughput).
- Inbox "New requests" with 10,000 waiting: the page's server time
  (bench_inbox) against a bare SELECT of the same rows plus opening each
  sealed record (goal: under 10x), for the sqlite and PostgreSQL stores.

Writes its section of bench/results.md.
  usage: bench/delivery.py BUILD_DIR     (a build with bench_outbox, bench_inbox)
"""
import datetime
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "central"))
from pg import Postgres  # noqa: E402


def run(*cmd):
    p = subprocess.run([str(c) for c in cmd], capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"{cmd[0]} failed: {p.stderr[-2000:]}")
    return p.stdout


def main():
    build = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build")
    parent = os.environ.get("STORE_BENCH_DIR", "/var/tmp")
    with Postgres() as pg, tempfile.TemporaryDirectory(dir=parent, prefix="lantern-delivery-bench-") as d:
        os.makedirs(os.path.join(d, "outbox"))
        os.makedirs(os.path.join(d, "inbox"))
        version = pg.psql("SHOW server_version")
        out = run(os.path.join(build, "bench_outbox"), pg.createdb("outbox_bench"), os.path.join(d, "outbox"),
                  5000, 100)
        lantern, floor, copy, n, batch, nbytes = out.split()
        inbox = run(os.path.join(build, "bench_inbox"), os.path.join(d, "inbox"), 10000, pg.createdb("inbox_bench"))
    lantern, floor, copy = float(lantern), float(floor), float(copy)
    push_ratio = floor / lantern
    rows = {}
    for line in inbox.splitlines():
        label, l_ms, f_ms, page_bytes, count = line.split()
        rows[label] = (float(l_ms), float(f_ms), int(page_bytes), int(count))
    load = open("/proc/loadavg").read().split()[:3]
    lines = [
        "<!-- delivery-benchmark -->",
        "## Delivery: outbox and staff inbox",
        "",
        f"Run {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC by `bench/delivery.py` "
        f"(load average at start {' '.join(load)}); PostgreSQL {version} started for the run in a temporary "
        f"folder on {parent} (unix socket, default settings: fsync on, synchronous_commit on); Release or "
        "RelWithDebInfo build.",
        "",
        "| Measure | Lantern | Floor | Ratio | Goal | Met |",
        "|---|---:|---:|---:|---|---|",
        f"| Outbox push, {n} requests in batches of {batch} | {lantern:.1f} ms ({int(n) / lantern * 1000:.0f}/s) | "
        f"{floor:.1f} ms ({int(n) / floor * 1000:.0f}/s) | {push_ratio:.2f}x throughput | ≥ 0.5x floor | "
        f"{'yes' if push_ratio >= 0.5 else 'no'} |",
    ]
    for label, name in (("sqlite", "one kiosk, sqlite"), ("pg", "several kiosks, PostgreSQL")):
        if label in rows:
            l_ms, f_ms, page_bytes, count = rows[label]
            ratio = l_ms / f_ms
            lines.append(f"| Inbox \"New requests\", {count} waiting ({name}) | {l_ms:.1f} ms | {f_ms:.1f} ms | "
                         f"{ratio:.2f}x | < 10x floor | {'yes' if ratio < 10 else 'no'} |")
    lines += [
        "",
        f"- Outbox: `bench_outbox` runs lantern-outbox's own loop (`outbox_run`, once) in process on a fresh copy of "
        f"a kiosk database holding {n} sealed requests ({int(nbytes) // int(n)} bytes each): read a batch of waiting "
        "records, push it as one statement (the kiosk row and a multi-row `INSERT ... ON CONFLICT (kiosk, record_id) "
        "DO NOTHING`, autocommit), mark the batch delivered after it returned, until none is waiting; the connection "
        "is made inside the timed part. Floor: the same bytes, `BEGIN; INSERT ... VALUES (...), ...; COMMIT` per "
        "batch through libpq into an identical table (same indexes and checks), no local reads or marks. "
        f"Diagnostic: one `COPY` of all the rows takes {copy:.1f} ms. 5 runs each on emptied tables, medians.",
        "- Inbox: `bench_inbox` times `page_requests()` for \"New requests\", the server's whole work for that page "
        "apart from TLS and the socket: count, read every waiting request, open (`crypto_box_seal_open`) and decode "
        f"each, build the HTML ({rows.get('sqlite', (0, 0, 0, 1))[2] // 1024} KiB for 10,000). Floor: a bare "
        "`SELECT` of the same rows newest first and `crypto_box_seal_open` of each, nothing else. Opening the "
        "sealed records (X25519) is most of both. 7 runs each, medians.",
        "<!-- /delivery-benchmark -->",
    ]
    section = "\n".join(lines) + "\n"
    path = os.path.join(HERE, "results.md")
    text = open(path, encoding="utf-8").read()
    start, end = "<!-- delivery-benchmark -->", "<!-- /delivery-benchmark -->"
    if start in text:
        text = text[:text.index(start)] + section + text[text.index(end) + len(end) + 1:]
    else:
        text = text.rstrip("\n") + "\n\n" + section
    open(path, "w", encoding="utf-8").write(text)
    print(section)


if __name__ == "__main__":
    main()
