#!/usr/bin/env python3
"""The staff screen's delivery health and "Copy requests to USB" through the
harness (issue 10, sections 1 and 4).

  handoff.py copy      a visitor sends two requests; staff see "2 waiting" with
                       the oldest's date; Copy to USB writes one file on the
                       drive (a tmpfs mounted under the media folder) holding
                       exactly those sealed records and nothing readable; the
                       records are marked handed off; the health lines say so.
                       At 800x480 in English and 1920x1080 in Spanish.
  handoff.py failures  no drive mounted, a read-only drive (English, 1280x720)
                       and a full drive (Spanish, 800x480): a calm message on
                       the staff screen, nothing marked, nothing left on the
                       drive.

The drive is a real mount point (delivery_usb_targets offers mount points
only, never the kiosk's own disk): lantern runs in a private mount namespace
(`unshare -m` as root, `unshare -rm` otherwise) where a tmpfs is mounted, and
what the drive holds is copied out before the namespace goes. The copy runs
on a worker thread; a "wait" step lets it finish, so the script stays
deterministic on the virtual clock.
"""
import argparse
import binascii
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e  # noqa: E402
import form  # noqa: E402
import staff  # noqa: E402

check = e2e.check
KIOSK = "annex-1"
CLOCK = "2026-12-01T09:30"


def namespace_prefix():
    """How to get a private mount namespace here, or None."""
    for cmd in (["unshare", "-m"], ["unshare", "-rm"]):
        if subprocess.run(cmd + ["true"], capture_output=True).returncode == 0:
            return cmd
    return None


def layout(a, name, lang):
    out, data = staff.setup(a, name)
    form.keygen(a.lanternctl, data)
    media = os.path.join(out, "media")
    drive = os.path.join(media, "ana", "USBSTICK")
    os.makedirs(drive)
    cfg = os.path.join(out, "config.json")
    json.dump({"usb_dir": media, "kiosk_id": KIOSK, "language": lang}, open(cfg, "w"))
    return out, data, drive, ["--config", cfg, "--content", a.content, "--data", data]


def visitor_steps(a, out, args, lang, size, count):
    """A visitor sends count requests (the form as in form.py)."""
    w, h = size
    manifest, langs = e2e.load_content(a.content)
    ui = langs[lang]["ui"]
    title = langs[lang]["docs"][manifest["contact_form"]]["title"]
    start = [{"tap": [w // 2, h - 5]}]
    page = form.tile_page(a, args + ["--size", f"{w}x{h}"], out, ui, title, start)
    turns = form.notice_turns(a, args + ["--size", f"{w}x{h}"], out, ui, title, start, page)
    review = form.review_turns(a, args + ["--size", f"{w}x{h}"], out, ui, title, start, page, turns)
    steps = [{"clock": CLOCK}, *start]
    for i in range(count):
        steps += form.submission_steps(ui, i, title, i == 0, page, turns, review)
    return steps


def run_ns(a, out, args, script, name, size, drive, mount, saved, prefix):
    """lantern --headless in a private mount namespace with mount (a shell
    command, or "") run first; the drive's files are copied to saved after."""
    path = os.path.join(out, name + ".json")
    json.dump(script, open(path, "w", encoding="utf-8"), ensure_ascii=False)
    os.makedirs(saved, exist_ok=True)
    shell = (f"{mount} \"$@\"; rc=$?; cp -a {drive}/. {saved}/ 2>/dev/null; exit $rc")
    cmd = prefix + ["sh", "-c", shell, "sh", a.lantern, "--headless", "--script", path, "--out", out,
                    "--size", f"{size[0]}x{size[1]}"] + args
    p = subprocess.run(cmd, capture_output=True, text=True, env=dict(os.environ, TZ="America/Los_Angeles"))
    check(p.returncode == 0, f"{name}: exit {p.returncode}: {p.stderr.strip()[-600:]}")
    check("has no glyph" not in p.stderr, f"{name}: a character the font cannot draw")
    return p


def signin(ui):
    return [*staff_gesture(), *staff.pin_taps(staff.STAFF_PIN, ui)]


SIZE = [staff.W, staff.H]


def staff_gesture():
    w, h = SIZE
    return [{"hold": [4, 4, 5200]}, {"tap": [w - 4, 4]}, {"tap": [w - 4, h - 4]}, {"tap": [4, h - 4]}]


def prefix_of(template):
    return template.split("{")[0]


def db_state(data):
    db = sqlite3.connect(os.path.join(data, "requests.db"))
    rows = db.execute("SELECT id, created_at, format, sealed FROM requests ORDER BY id").fetchall()
    marks = dict(db.execute("SELECT id, state FROM delivery").fetchall())
    db.close()
    return rows, marks


def parse_handoff(raw):
    """The file as store_handoff.h describes it; records by id."""
    text = raw.decode("ascii")
    lines = text.split("\n")
    check(lines[-1] == "", "the file does not end with a newline")
    head = lines[:4]
    check(head[0] == "lantern-handoff 1" and head[1] == f"kiosk {KIOSK}" and head[2].startswith("written ")
          and head[3].startswith("count "), f"header: {head}")
    n = int(head[3].split()[1])
    recs = {}
    for line in lines[4:4 + n]:
        rid, created, fmt, hexed = line.split(" ")
        recs[int(rid)] = (int(created), int(fmt), binascii.unhexlify(hexed))
    end = lines[4 + n]
    body = raw[:raw.rindex(b"\nend ") + 1]
    check(end == "end " + hashlib.blake2b(body, digest_size=32).hexdigest(), "the checksum does not match")
    return recs


def copy_case(a, lang, size, prefix):
    global SIZE
    SIZE = list(size)
    name = f"handoff-{lang}-{size[0]}x{size[1]}"
    out, data, drive, args = layout(a, name, lang)
    ui = e2e.load_content(a.content)[1][lang]["ui"]
    saved = os.path.join(out, "drive-after")
    script = visitor_steps(a, out, args, lang, size, 2) + [
        *signin(ui), {"shot": "health"},
        {"tap_text": ui["staff.handoff"]}, {"wait_ms": 1}, {"shot": "copied"},
        {"tap_text": ui["staff.close"]}, {"wait_ms": 1000},
        *signin(ui), {"shot": "again"}]
    p = run_ns(a, out, args, script, "copy", size, drive, f"mount -t tmpfs -o size=4m tmpfs {drive} &&", saved,
               prefix)
    if p.returncode:
        return
    waiting = prefix_of(ui["staff.delivery.waiting"])
    t = staff.texts(out, "health")
    check(any(x.startswith(waiting + "2") and prefix_of(ui["staff.delivery.oldest"]) in x for x in t),
          f"{name}: no \"{waiting}2\" with the oldest's date: {t}")
    never = ui["staff.delivery.never"]
    check(any(x.startswith(prefix_of(ui["staff.delivery.last"])) and never in x for x in t),
          f"{name}: no last push / last USB copy line: {t}")
    check(ui["staff.handoff"] in t, f"{name}: no Copy to USB button: {t}")
    t = staff.texts(out, "copied")
    done = prefix_of(ui["staff.handoff.done"])
    check(any(x.startswith(done + "USBSTICK: 2") for x in t), f"{name}: the copy was not confirmed: {t}")
    check(any(x.startswith(waiting + "0") for x in t), f"{name}: still waiting after the copy: {t}")
    check(ui["staff.handoff"] not in t, f"{name}: Copy to USB offered with nothing waiting")
    check(not any(out in x for x in t), f"{name}: an internal path on the staff screen")
    # The copy's date now stands where "never" stood for the USB copy.
    last = [x for x in staff.texts(out, "again") if x.startswith(prefix_of(ui["staff.delivery.last"]))]
    check(last and last[0].count(never) == 1 and "2026-12-01" in last[0], f"{name}: the last USB copy: {last}")
    # The drive: exactly one file, the two sealed records, nothing readable.
    files = sorted(os.listdir(saved))
    check(len(files) == 1 and files[0].startswith(f"lantern-requests-{KIOSK}-") and files[0].endswith(".txt"),
          f"{name}: files on the drive: {files}")
    if len(files) != 1:
        return
    raw = open(os.path.join(saved, files[0]), "rb").read()
    recs = parse_handoff(raw)
    rows, marks = db_state(data)
    check(len(rows) == 2 and sorted(recs) == [r[0] for r in rows], f"{name}: records {sorted(recs)} vs {rows}")
    for rid, created, fmt, sealed in rows:
        check(recs.get(rid) == (created, fmt, bytes(sealed)), f"{name}: record {rid} differs from the database")
        check(marks.get(rid) == "handed_off", f"{name}: record {rid} not marked handed off: {marks}")
    for clear in ("Durable", "Aaa", "Aab", "2135550000", "2135550001", "555 0000"):
        check(clear.encode() not in raw and binascii.hexlify(clear.encode()) not in raw,
              f"{name}: \"{clear}\" readable in the file")
    # Both records open with the staff's key (what the inbox will do): the
    # passphrase-protected private key, through lanternctl.
    rows_out = form.export(a, os.path.join(data, "requests.db"), os.path.join(data, "lantern-private.key"))
    check(len(rows_out) == 2, f"{name}: {len(rows_out)} records open with the key")


def failure_case(a, kind, lang, size, prefix):
    global SIZE
    SIZE = list(size)
    name = f"handoff-{kind}-{lang}-{size[0]}x{size[1]}"
    out, data, drive, args = layout(a, name, lang)
    ui = e2e.load_content(a.content)[1][lang]["ui"]
    saved = os.path.join(out, "drive-after")
    mount = {"missing": "",
             "readonly": f"mount -t tmpfs -o size=1m,ro tmpfs {drive} &&",
             "full": f"mount -t tmpfs -o size=64k tmpfs {drive} && "
                     f"(dd if=/dev/zero of={drive}/filler bs=4k 2>/dev/null; true) &&"}[kind]
    script = visitor_steps(a, out, args, lang, SIZE, 1) + [
        *signin(ui), {"tap_text": ui["staff.handoff"]}, {"wait_ms": 1}, {"shot": "result"}]
    p = run_ns(a, out, args, script, kind, SIZE, drive, mount, saved, prefix)
    if p.returncode:
        return
    t = staff.texts(out, "result")
    if kind == "full":
        # Said in the screen's language, with the drive's label.
        want = ui["staff.handoff.full"].replace("{folder}", "USBSTICK")
        said = [x for x in t if want.startswith(x.rstrip("…")) or x == want]
    else:
        want = ui["staff.handoff.no_drive"]
        said = [x for x in t if x == want or want.startswith(x.rstrip("…"))]
    check(said, f"{name}: no calm message ({want!r}) on the staff screen: {t}")
    check(not any(out in x for x in t), f"{name}: an internal path on the staff screen: {t}")
    check(any(x.startswith(prefix_of(ui["staff.delivery.waiting"]) + "1") for x in t),
          f"{name}: the request no longer waits: {t}")
    check(ui["staff.handoff"] in t, f"{name}: Copy to USB no longer offered")
    rows, marks = db_state(data)
    check(len(rows) == 1 and not marks, f"{name}: marked although nothing was copied: {marks}")
    left = [f for f in os.listdir(saved) if f != "filler"]
    check(not left, f"{name}: left on the drive: {left}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["copy", "failures"])
    ap.add_argument("--lantern", required=True)
    ap.add_argument("--lanternctl", required=True)
    ap.add_argument("--content", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    prefix = namespace_prefix()
    check(prefix is not None, "no private mount namespace (unshare -m as root, or unshare -rm): "
                              "the USB drive cannot be a real mount point")
    if prefix:
        if a.mode == "copy":
            copy_case(a, "en", (800, 480), prefix)
            copy_case(a, "es", (1920, 1080), prefix)
        else:
            failure_case(a, "missing", "en", (1280, 720), prefix)
            failure_case(a, "readonly", "en", (1280, 720), prefix)
            failure_case(a, "full", "es", (800, 480), prefix)
    print(f"handoff {a.mode}: {e2e.PASSES[0]} passed, {len(e2e.FAILS)} failed")
    sys.exit(1 if e2e.FAILS else 0)


if __name__ == "__main__":
    main()
