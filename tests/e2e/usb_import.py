#!/usr/bin/env python3
"""The staff screen's USB import and roll-back through the harness (issue 9).

  usb_import.py same_second  two imports in the same second: the right version
                             live; roll-back twice walks back (never forward)
  usb_import.py symlink      a drive folder with a link into the drive is refused,
                             by file name, and the kiosk starts with the drive gone
  usb_import.py full         a data folder filled by the copy itself (a tmpfs):
                             nothing switches, the screen says why, and the
                             roll-back target is still there

The import runs on a worker thread; a "wait" step lets it finish, so a shot
right after the tap shows "importing..." and one after a wait the result.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e  # noqa: E402
import staff  # noqa: E402

check = e2e.check
W, H = staff.W, staff.H


def version_of(a, path, version, title):
    """A copy of the shipped content at path with its own version and attract title."""
    shutil.copytree(a.content, path)
    u = json.load(open(os.path.join(path, "en", "ui.json"), encoding="utf-8"))
    u["strings"]["attract.title"] = title
    json.dump(u, open(os.path.join(path, "en", "ui.json"), "w", encoding="utf-8"), ensure_ascii=False)
    m = json.load(open(os.path.join(path, "manifest.json")))
    m["version"] = version
    json.dump(m, open(os.path.join(path, "manifest.json"), "w"))


def layout(a, name):
    """The data folder with PINs, the live link at content-a, a drive with b and c."""
    out, data = staff.setup(a, name)
    live_a = os.path.join(out, "content-a")
    shutil.copytree(a.content, live_a)
    live = os.path.join(out, "live")
    os.symlink(live_a, live)
    media = os.path.join(out, "media")
    drive = os.path.join(media, "STAFF", "KIOSK")
    version_of(a, os.path.join(drive, "b"), "usb-b", "Welcome B.")
    version_of(a, os.path.join(drive, "c"), "usb-c", "Welcome C.")
    cfg = os.path.join(out, "config.json")
    json.dump({"usb_dir": media}, open(cfg, "w"))
    return out, data, live, live_a, media, ["--config", cfg, "--content", live, "--data", data]


def no_internal_paths(out, shots, where):
    for s in shots:
        for t in staff.texts(out, s):
            check(out not in t, f"{where}: an internal path on the staff screen: {t}")


def same_second(a):
    out, data, live, live_a, media, args = layout(a, "usb-same-second")
    ui = e2e.load_content(a.content)[1]["en"]["ui"]
    imp, close, rb = ui["staff.import"], ui["staff.close"], ui["staff.rollback"]
    signin = [*staff.GESTURE, *staff.pin_taps(staff.STAFF_PIN, ui)]
    script = [*signin,
              {"tap_text": f"{imp}: b"}, {"shot": "importing"}, {"wait_ms": 1}, {"shot": "b"},
              # Then c, in the same second (the virtual clock moved 2 ms).
              {"tap_text": f"{imp}: c"}, {"wait_ms": 1}, {"shot": "c"},
              {"tap_text": close}, {"wait_ms": 1000}, {"shot": "attract-c"},
              *signin, {"tap_text": rb}, {"shot": "rolled-1"}, {"tap_text": close}, {"wait_ms": 1000},
              {"shot": "attract-b"},
              *signin, {"tap_text": rb}, {"shot": "rolled-2"}, {"tap_text": close}, {"wait_ms": 1000},
              {"shot": "attract-a"},
              *signin, {"shot": "no-more"}]
    p = staff.run(a, out, args, script, "same-second")
    if p.returncode:
        return
    # "importing..." on the shot right after the tap depends on the worker
    # thread's speed: not asserted (unit_import checks the running state).
    imported = ui["staff.result.imported"].split("{")[1].split("}")[1].strip()
    check(any("usb-b" in t and imported in t for t in staff.texts(out, "b")), f"b not imported: {staff.texts(out, 'b')}")
    check(any("usb-c" in t and imported in t for t in staff.texts(out, "c")), f"c not imported: {staff.texts(out, 'c')}")
    check("Welcome C." in staff.texts(out, "attract-c"),
          f"the second import in the same second did not publish its own version: {staff.texts(out, 'attract-c')}")
    check(any(ui["staff.result.rolled_back"] in t for t in staff.texts(out, "rolled-1")), "roll-back not confirmed")
    check("Welcome B." in staff.texts(out, "attract-b"), f"roll-back did not return to b: {staff.texts(out, 'attract-b')}")
    check(ui["attract.title"] in staff.texts(out, "attract-a"),
          f"a second roll-back did not go further back (to the first content): {staff.texts(out, 'attract-a')}")
    check(ui["staff.rollback"] not in staff.texts(out, "no-more"), "roll-back offered with nowhere to go")
    check(os.path.realpath(live) == os.path.realpath(live_a) and os.path.isfile(os.path.join(live_a, "manifest.json")),
          "the first content folder was lost")
    check(all(not n.startswith("content-import-") for n in os.listdir(data)),
          f"withdrawn imports left in the data folder: {os.listdir(data)}")
    no_internal_paths(out, ["importing", "b", "c", "rolled-1", "rolled-2"], "same_second")


def symlink(a):
    out, data, live, live_a, media, args = layout(a, "usb-symlink")
    ui = e2e.load_content(a.content)[1]["en"]["ui"]
    drive = os.path.join(media, "STAFF", "KIOSK")
    linked = os.path.join(drive, "linked")
    version_of(a, linked, "usb-linked", "Welcome, linked.")
    os.remove(os.path.join(linked, "en", "ui.json"))
    os.symlink(os.path.join(drive, "b", "en", "ui.json"), os.path.join(linked, "en", "ui.json"))
    script = [*staff.GESTURE, *staff.pin_taps(staff.STAFF_PIN, ui), {"tap_text": f"{ui['staff.import']}: linked"},
              {"wait_ms": 1}, {"shot": "linked"}, {"tap_text": ui["staff.close"]}, {"wait_ms": 1000}]
    p = staff.run(a, out, args, script, "symlink")
    if p.returncode:
        return
    t = staff.texts(out, "linked")
    bad = ui["staff.result.import_bad"].split("{")[0]
    check(any(bad in x and "en/ui.json is a symbolic link" in x for x in t), f"the link was not refused by name: {t}")
    no_internal_paths(out, ["linked"], "symlink")
    check(os.path.realpath(live) == os.path.realpath(live_a), "the live content changed")
    # The drive is pulled out: the kiosk still starts, on the content it had.
    shutil.rmtree(media)
    p = staff.run(a, out, args, [{"wait_ms": 1000}, {"shot": "restart"}], "restart")
    if p.returncode == 0:
        check(ui["attract.title"] in staff.texts(out, "restart"), "the kiosk did not start on its own content")


def pages(path):
    """Bytes a tmpfs needs for the files under path (whole pages; folders cost none)."""
    total = 0
    for d, _, files in os.walk(path):
        for f in files:
            p = os.path.join(d, f)
            if not os.path.islink(p):
                total += (os.path.getsize(p) + 4095) // 4096 * 4096
    return total


def full(a):
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True)
    if probe.returncode != 0:
        print("full: unshare -m is not allowed here: skipping the full data folder case")
        return
    ui = e2e.load_content(a.content)[1]["en"]["ui"]
    imp = ui["staff.import"]
    signin = [*staff.GESTURE, *staff.pin_taps(staff.STAFF_PIN, ui)]
    # A dry run measures what the data folder holds after importing b.
    out, data, live, live_a, media, args = layout(a, "usb-full-dry")
    staff.run(a, out, args, [*signin, {"tap_text": f"{imp}: b"}, {"wait_ms": 1}], "dry")
    used = pages(data)
    # The real run: a data folder with room for b and for exactly c's files,
    # so the copy of c fills it and the list of versions cannot be written.
    out, data, live, live_a, media, args = layout(a, "usb-full")
    size = used + pages(os.path.join(media, "STAFF", "KIOSK", "c"))
    pins = os.path.join(out, "pins")
    shutil.copytree(data, pins)
    script = [*signin, {"tap_text": f"{imp}: b"}, {"wait_ms": 1}, {"shot": "b"},
              {"tap_text": f"{imp}: c"}, {"wait_ms": 1}, {"shot": "c-full"},
              {"tap_text": ui["staff.rollback"]}, {"shot": "rolled"}]
    path = os.path.join(out, "full.json")
    json.dump(script, open(path, "w", encoding="utf-8"), ensure_ascii=False)
    shell = f"mount -t tmpfs -o size={size} tmpfs {data} && cp -a {pins}/. {data}/ && exec \"$@\""
    p = subprocess.run(["unshare", "-m", "sh", "-c", shell, "sh", a.lantern, "--headless", "--script", path,
                        "--out", out, "--size", f"{W}x{H}"] + args,
                       capture_output=True, text=True, env=dict(os.environ, TZ="America/Los_Angeles"))
    check(p.returncode == 0, f"full: exit {p.returncode}: {p.stderr.strip()[-400:]}")
    if p.returncode:
        return
    imported = ui["staff.result.imported"].split("{")[1].split("}")[1].strip()
    check(any("usb-b" in t and imported in t for t in staff.texts(out, "b")), f"b not imported: {staff.texts(out, 'b')}")
    t = staff.texts(out, "c-full")
    history_full = ui["staff.result.history_full"].split(",")[0]
    copy_full = ui["staff.result.copy_failed"].split("{")[0]
    said = any(history_full in x for x in t) or any(copy_full in x and "data folder is full" in x for x in t)
    check(said, f"a full data folder was not said on the staff screen: {t}")
    check(not any(imported in x for x in t), "c was published with a full data folder")
    check(any(ui["staff.result.rolled_back"] in x for x in staff.texts(out, "rolled")),
          f"the roll-back target was lost: {staff.texts(out, 'rolled')}")
    check(os.path.realpath(live) == os.path.realpath(live_a), "roll-back did not return to the content before b")
    no_internal_paths(out, ["b", "c-full", "rolled"], "full")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["same_second", "symlink", "full"])
    ap.add_argument("--lantern", required=True)
    ap.add_argument("--lanternctl", required=True)
    ap.add_argument("--content", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    globals()[a.mode](a)
    print(f"usb_import {a.mode}: {e2e.PASSES[0]} passed, {len(e2e.FAILS)} failed")
    sys.exit(1 if e2e.FAILS else 0)


if __name__ == "__main__":
    main()
