#!/usr/bin/env python3
"""Approval, bundles and the kiosk's gate, with the real lanternctl and lantern.

  approval.py tamper   content verify: each kind of tampering refused with its own message
  approval.py bundle   pack / install: good, older (refused, then --rollback), forged, truncated, kept sets
  approval.py kill     SIGKILL at random moments during install: the live set is always old or new, whole
  approval.py kiosk    approvers configured: unapproved content refused at start (falls back), on reload;
                       the review stamp from the approval; no draft mark on approved content
  approval.py update   deploy/update/lantern-update against an HTTPS server on 127.0.0.1 started here:
                       new bundle installed, conditional GET, 404, truncated, stalled, forged: nothing changes
"""
import argparse
import hashlib
import http.server
import ssl
import threading
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e  # noqa: E402

check = e2e.check
PASS = "a long passphrase for tests"
W, H = 1280, 800


def ctl(a, *args, stdin=None):
    return subprocess.run([a.lanternctl, *args], input=stdin, capture_output=True, text=True)


def keygen(a, out):
    p = ctl(a, "keygen", "--approver", "--out", out, stdin=f"{PASS}\n{PASS}\n")
    check(p.returncode == 0, f"keygen: {p.stderr}")
    check(PASS not in p.stdout + p.stderr, "keygen printed the passphrase")
    return os.path.join(out, "approver-secret.key"), os.path.join(out, "approver-public.key")


def approve(a, folder, secret, at, name="Dr. Ana Ruiz", role="Clinical Director", due="2099-01-01"):
    p = ctl(a, "content", "approve", folder, "--key", secret, "--name", name, "--role", role, "--review-due", due,
            "--at", at, stdin=PASS + "\n")
    check(p.returncode == 0, f"approve {folder}: {p.stdout} {p.stderr}")
    return p


def verify(a, folder, *trust, today=None):
    args = ["content", "verify", folder, "--trust", *trust] + (["--today", today] if today else [])
    p = ctl(a, *args)
    return p.returncode, p.stdout.splitlines()


def hashes(folder):
    """Every file under folder (approval.json too) with its BLAKE2b."""
    out = {}
    for root, dirs, files in os.walk(folder):
        for f in files:
            path = os.path.join(root, f)
            out[os.path.relpath(path, folder)] = hashlib.blake2b(open(path, "rb").read()).hexdigest()
    return out


def fresh(out, name):
    path = os.path.join(out, name)
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    return path


def copy_of(src, dst):
    shutil.rmtree(dst, ignore_errors=True)
    shutil.copytree(src, dst, symlinks=True)
    return dst


# ---------------------------------------------------------------------------

def tamper(a):
    out = fresh(a.out, "approval-tamper")
    secret, public = keygen(a, os.path.join(out, "keys"))
    _, stranger = keygen(a, os.path.join(out, "stranger"))
    good = copy_of(a.content, os.path.join(out, "approved"))
    approve(a, good, secret, "2026-12-01T10:00:00Z", due="2027-06-01")
    rc, lines = verify(a, good, public, today="2026-12-05")
    check(rc == 0 and "files verified" in lines[-1], f"approved content does not verify: {lines}")

    def case(name, change, want, trust=public, today="2026-12-05"):
        folder = copy_of(good, os.path.join(out, name))
        change(folder)
        rc, lines = verify(a, folder, trust, today=today)
        check(rc == 1, f"{name}: accepted: {lines}")
        problems = lines[:-1]
        check(len(problems) == 1 and want in problems[0], f"{name}: want exactly one problem with {want!r}: {lines}")
        check(lines and "NOT APPROVED: 1 problem" in lines[-1], f"{name}: no summary: {lines}")

    # One changed byte, in every file of the folder in turn (same size: only the hash can tell).
    files = sorted(f for f in hashes(good) if f != "approval.json")
    for rel in files:
        def flip(folder, rel=rel):
            path = os.path.join(folder, rel)
            data = bytearray(open(path, "rb").read())
            data[len(data) // 2] ^= 0x20
            open(path, "wb").write(bytes(data))
        case("byte-" + rel.replace("/", "_"), flip, f"{rel}: changed since it was approved (same size")
    case("added", lambda f: open(os.path.join(f, "en", "notes.txt"), "w").write("x"),
         "en/notes.txt: added since it was approved")
    case("removed", lambda f: os.remove(os.path.join(f, "es", "help.json")), "es/help.json: removed since")
    case("renamed", lambda f: os.rename(os.path.join(f, "en", "help.json"), os.path.join(f, "en", "help2.json")),
         "en/help.json: renamed to en/help2.json since")

    def to_symlink(f):
        target = os.path.join(out, "outside.json")
        shutil.copy(os.path.join(f, "en", "help.json"), target)
        os.remove(os.path.join(f, "en", "help.json"))
        os.symlink(target, os.path.join(f, "en", "help.json"))
    case("symlink", to_symlink, "en/help.json: is a symbolic link")

    def edit_approval(f):
        path = os.path.join(f, "approval.json")
        data = json.load(open(path, encoding="utf-8"))
        data["name"] = "Someone Else"
        json.dump(data, open(path, "w", encoding="utf-8"))
    case("approval-edited", edit_approval, "approval.json: the signature does not match")
    case("untrusted", lambda f: None, "which is not a trusted approver key", trust=stranger)
    case("review-passed", lambda f: None, "the clinical review was due on 2027-06-01", today="2027-06-02")
    # Several keys may be trusted; any one of them is enough.
    rc, lines = verify(a, good, stranger, public, today="2026-12-05")
    check(rc == 0, f"two trusted keys: {lines}")
    # No approval at all.
    plain = copy_of(a.content, os.path.join(out, "plain"))
    rc, lines = verify(a, plain, public)
    check(rc == 1 and any("missing: this content is not approved" in l for l in lines), f"no approval: {lines}")
    # Wrong passphrase: nothing approved.
    p = ctl(a, "content", "approve", plain, "--key", secret, "--name", "N", "--role", "R", "--review-due",
            "2099-01-01", stdin="not the passphrase\n")
    check(p.returncode == 1 and "wrong passphrase" in p.stderr, f"wrong passphrase: {p.stderr}")
    check(not os.path.exists(os.path.join(plain, "approval.json")), "an approval.json was written anyway")
    # Content with problems cannot be approved.
    broken = copy_of(a.content, os.path.join(out, "broken"))
    open(os.path.join(broken, "en", "help.json"), "w").write("{")
    p = ctl(a, "content", "approve", broken, "--key", secret, "--name", "N", "--role", "R", stdin=PASS + "\n")
    check(p.returncode == 1 and not os.path.exists(os.path.join(broken, "approval.json")), "broken content approved")
    # The secret key file is refused when others can read it.
    os.chmod(secret, 0o644)
    p = ctl(a, "content", "approve", plain, "--key", secret, "--name", "N", "--role", "R", "--review-due",
            "2099-01-01", stdin=PASS + "\n")
    check(p.returncode == 1 and "chmod 600" in p.stderr, f"a world-readable secret key was used: {p.stderr}")
    os.chmod(secret, 0o600)


# ---------------------------------------------------------------------------

def make_versions(a, out, secret, count):
    """count approved folders, each a new version, approved an hour apart."""
    versions = []
    for i in range(count):
        folder = copy_of(a.content, os.path.join(out, f"v{i}"))
        man = os.path.join(folder, "manifest.json")
        data = json.load(open(man, encoding="utf-8"))
        data["version"] = f"test-{i}"
        json.dump(data, open(man, "w", encoding="utf-8"))
        approve(a, folder, secret, f"2026-12-01T{10 + i:02d}:00:00Z")
        bundle = os.path.join(out, f"v{i}.bundle")
        p = ctl(a, "content", "pack", folder, "--out", bundle)
        check(p.returncode == 0, f"pack v{i}: {p.stdout} {p.stderr}")
        versions.append((folder, bundle, hashes(folder)))
    return versions


def install(a, bundle, live, public, *extra):
    return ctl(a, "content", "install", bundle, "--content", live, "--trust", public, *extra)


def live_hashes(live):
    return hashes(os.path.realpath(live))


def bundle(a):
    out = fresh(a.out, "approval-bundle")
    secret, public = keygen(a, os.path.join(out, "keys"))
    _, stranger = keygen(a, os.path.join(out, "stranger"))
    v = make_versions(a, out, secret, 6)
    sets = fresh(out, "kiosk")
    live = os.path.join(sets, "content")
    os.symlink(a.content, live)  # the shipped, unapproved content
    for i in (0, 1):
        p = install(a, v[i][1], live, public)
        check(p.returncode == 0 and "is live" in p.stdout, f"install v{i}: {p.stdout} {p.stderr}")
        check(live_hashes(live) == v[i][2], f"after install v{i} the live files differ")
    p = install(a, v[1][1], live, public)
    check(p.returncode == 0 and "already live" in p.stdout, f"same bundle twice: {p.stdout}")
    # Older: refused, then --rollback.
    p = install(a, v[0][1], live, public)
    check(p.returncode == 1 and "only with --rollback" in p.stdout, f"downgrade: {p.stdout}")
    check(live_hashes(live) == v[1][2], "a refused downgrade changed the live files")
    p = install(a, v[0][1], live, public, "--rollback")
    check(p.returncode == 0 and live_hashes(live) == v[0][2], f"--rollback: {p.stdout} {p.stderr}")
    p = install(a, v[1][1], live, public)
    check(p.returncode == 0 and live_hashes(live) == v[1][2], f"forward again: {p.stdout} {p.stderr}")

    def refused(name, data, want, key=public):
        path = os.path.join(out, name + ".bundle")
        open(path, "wb").write(data)
        before = os.readlink(live)
        p = install(a, path, live, key)
        check(p.returncode == 1 and want in p.stdout, f"{name}: {p.stdout} {p.stderr}")
        check(os.readlink(live) == before and live_hashes(live) == v[1][2], f"{name}: the live content changed")
        check(not [d for d in os.listdir(sets) if d.startswith(".content-install")], f"{name}: leftovers")

    good = open(v[2][1], "rb").read()
    forged = bytearray(good)
    forged[-100] ^= 0x01  # inside the last file's bytes
    refused("forged", bytes(forged), "changed since it was approved")
    refused("truncated", good[: len(good) // 2], "truncated")
    refused("garbage", b"<html>404 Not Found</html>", "not a Lantern content bundle")
    refused("untrusted", good, "not a trusted approver key", key=stranger)
    # Expired approval: refused by install (publish nothing past its review date).
    p = ctl(a, "content", "install", v[2][1], "--content", live, "--trust", public, "--today", "2099-02-01")
    check(p.returncode == 1 and "clinical review was due" in p.stdout, f"expired: {p.stdout}")
    # Kept sets: after v2..v5, the newest 3 (live included) and the previous live remain.
    for i in range(2, 6):
        p = install(a, v[i][1], live, public, "--keep", "3")
        check(p.returncode == 0, f"install v{i}: {p.stdout} {p.stderr}")
    kept = sorted(d for d in os.listdir(sets) if d.startswith("content-"))
    check(len(kept) == 3, f"kept sets: {kept}")
    check(live_hashes(live) == v[5][2], "the newest set is not live")


# ---------------------------------------------------------------------------

def kill(a):
    out = fresh(a.out, "approval-kill")
    secret, public = keygen(a, os.path.join(out, "keys"))
    v = make_versions(a, out, secret, 2)
    sets = fresh(out, "kiosk")
    live = os.path.join(sets, "content")
    os.symlink(a.content, live)  # the shipped, unapproved content
    check(install(a, v[0][1], live, public).returncode == 0, "install v0")
    old_target = os.readlink(live)
    # How long one install takes, to kill anywhere inside it.
    start = time.monotonic()
    check(install(a, v[1][1], live, public).returncode == 0, "install v1")
    took = time.monotonic() - start
    rng = random.Random(int(os.environ.get("LANTERN_KILL_SEED", "11")))
    outcomes = {"old": 0, "new": 0}
    for n in range(a.kills):
        # Back to v0 live, v1's set gone: the state before an update.
        for d in os.listdir(sets):
            if d.startswith("content-") and os.path.join(sets, d) != os.path.join(sets, old_target):
                shutil.rmtree(os.path.join(sets, d))
        tmp = live + ".reset"
        os.symlink(old_target, tmp)
        os.rename(tmp, live)
        p = subprocess.Popen([a.lanternctl, "content", "install", v[1][1], "--content", live, "--trust", public],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0, took * 1.2))  # the moment of the kill; no assert depends on it
        p.send_signal(signal.SIGKILL)
        p.wait()
        now = live_hashes(live)
        which = "old" if now == v[0][2] else "new" if now == v[1][2] else None
        check(which is not None, f"kill {n}: the live content is neither the old nor the new set, whole")
        if which:
            outcomes[which] += 1
    # The next install cleans up whatever a killed one left behind.
    check(install(a, v[1][1], live, public).returncode == 0, "install after the kills")
    check(live_hashes(live) == v[1][2], "install after the kills: not the new set")
    check(not [d for d in os.listdir(sets) if d.startswith(".")], f"leftovers: {os.listdir(sets)}")
    print(f"kill: {a.kills} kills, old set live {outcomes['old']} times, new set {outcomes['new']}")


# ---------------------------------------------------------------------------

def kiosk(a):
    out = fresh(a.out, "approval-kiosk")
    secret, public = keygen(a, os.path.join(out, "keys"))
    manifest, langs = e2e.load_content(a.content)
    v = make_versions(a, out, secret, 1)
    approved_dir = v[0][0]
    draft = copy_of(a.content, os.path.join(out, "draft"))  # never approved
    sets = fresh(out, "kiosk")
    live = os.path.join(sets, "content")
    check(install(a, v[0][1], live, public).returncode == 0, "install the approved set")
    installed = os.readlink(live)
    config = os.path.join(out, "lantern.json")
    json.dump({"approvers": [public]}, open(config, "w"))
    en = langs["en"]
    first = en["docs"][manifest["home"][0]]

    def run(name, script, content=live, expect=0, cfg=config):
        path = os.path.join(out, name + ".json")
        json.dump(script, open(path, "w", encoding="utf-8"), ensure_ascii=False)
        args = ["--headless", "--script", path, "--out", out, "--size", f"{W}x{H}", "--content", content]
        if cfg:
            args = ["--config", cfg] + args
        p = subprocess.run([a.lantern, *args], capture_output=True, text=True)
        check(p.returncode == expect, f"{name}: exit {p.returncode}, want {expect}: {p.stderr[-600:]}")
        return p

    def texts(shot):
        return [i["text"] for i in json.load(open(os.path.join(out, shot + ".json"), encoding="utf-8"))["items"]]

    def last_page(prefix):
        return [{"tap_text": en["ui"]["language.name"]}, {"tap_text": first["title"]},
                *[{"key": "Right"}] * 30, {"shot": prefix}]

    # Approved and trusted: no draft mark; the last page says who approved it and when.
    run("approved", [{"shot": "approved-attract"}] + last_page("approved-last"))
    stamp = "Reviewed by Dr. Ana Ruiz, Clinical Director on December 1, 2026"
    check(stamp in texts("approved-last"), f"no review stamp: {texts('approved-last')}")
    for shot in ("approved-attract", "approved-last"):
        check(en["ui"]["draft.mark"] not in texts(shot), f"{shot}: draft mark on approved content")
    # Spanish: the stamp in Spanish.
    es = langs["es"]
    first_es = es["docs"][manifest["home"][0]]
    run("approved-es", [{"tap_text": es["ui"]["language.name"]}, {"tap_text": first_es["title"]},
                        *[{"key": "Right"}] * 30, {"shot": "approved-es-last"}])
    check("Revisado por Dr. Ana Ruiz, Clinical Director, el 1 de diciembre de 2026" in texts("approved-es-last"),
          f"no Spanish review stamp: {texts('approved-es-last')}")

    # Without approvers: the same approved folder is shown as a draft, with no stamp.
    run("unconfigured", last_page("unconfigured-last"), cfg=None)
    t = texts("unconfigured-last")
    check(en["ui"]["draft.mark"] in t and not any(x.startswith("Reviewed by") for x in t),
          f"without approvers: {t}")

    # Start with the live link on an unapproved folder: the approved set next to it is shown.
    tmp = live + ".new"
    os.symlink(draft, tmp)
    os.rename(tmp, live)
    p = run("fallback", [{"shot": "fallback-attract"}] + last_page("fallback-last"))
    check("is not approved" in p.stderr and "showing approved version test-0" in p.stderr,
          f"no fallback log line: {p.stderr[-800:]}")
    check("missing: this content is not approved" in p.stderr, "the reason is not logged")
    check(stamp in texts("fallback-last"), "the fallback is not the approved set")
    # No approved set anywhere: the kiosk does not start.
    lone = fresh(out, "lone")
    lone_live = os.path.join(lone, "content")
    os.symlink(copy_of(a.content, os.path.join(lone, "draft")), lone_live)
    p = run("no-fallback", [{"shot": "never"}], content=lone_live, expect=1)
    check("no approved version" in p.stderr, f"no-fallback: {p.stderr[-400:]}")

    # Reload of unapproved content while running: refused, logged, the approved set stays.
    tmp = live + ".new"
    os.symlink(installed, tmp)
    os.rename(tmp, live)
    p = run("reload", [{"shot": "r1"}, {"publish": draft}, {"wait_ms": 140000}, {"shot": "r2"}] + last_page("r3"))
    check("update refused: not approved by a trusted clinician" in p.stderr, f"reload: {p.stderr[-800:]}")
    check(stamp in texts("r3") and en["ui"]["draft.mark"] not in texts("r2"), "the unapproved reload went live")
    # An approved update on reload goes live.
    v2 = copy_of(approved_dir, os.path.join(out, "v-next"))
    man = os.path.join(v2, "manifest.json")
    data = json.load(open(man, encoding="utf-8"))
    data["version"] = "test-next"
    json.dump(data, open(man, "w", encoding="utf-8"))
    approve(a, v2, secret, "2026-12-02T10:00:00Z")
    p = run("reload-ok", [{"publish": v2}, {"wait_ms": 140000}, {"shot": "k1"}])
    check("version test-next is live" in p.stderr, f"approved reload: {p.stderr[-600:]}")

    # The staff screen's USB import takes a bundle file: a forged one is refused in plain
    # words, a good one installed through the same checks and switch as lanternctl.
    import staff  # noqa: E402  (the gesture and PIN taps of the staff tests)
    data = fresh(out, "data")
    p = ctl(a, "set-pin", "--data", data, "--role", "staff", stdin=f"{staff.STAFF_PIN}\n{staff.STAFF_PIN}\n")
    check(p.returncode == 0, f"set-pin: {p.stderr}")
    usb = fresh(out, "media")
    drive = os.path.join(usb, "STAFF", "KIOSK")
    os.makedirs(drive)
    folder = copy_of(approved_dir, os.path.join(out, "v-usb"))
    man = os.path.join(folder, "manifest.json")
    data_m = json.load(open(man, encoding="utf-8"))
    data_m["version"] = "usb-bundle"
    json.dump(data_m, open(man, "w", encoding="utf-8"))
    approve(a, folder, secret, "2026-12-03T10:00:00Z")
    good = os.path.join(drive, "content.bundle")
    check(ctl(a, "content", "pack", folder, "--out", good).returncode == 0, "pack for USB")
    forged = bytearray(open(good, "rb").read())
    forged[-100] ^= 1
    open(os.path.join(drive, "forged.bundle"), "wb").write(bytes(forged))
    cfg = os.path.join(out, "usb.json")
    json.dump({"approvers": [public], "usb_dir": usb}, open(cfg, "w"))
    ui = en["ui"]
    imp = ui["staff.import"]
    before = os.readlink(live)
    # The import runs on a worker thread; a "wait" step lets it finish.
    script = [*staff.GESTURE, *staff.pin_taps(staff.STAFF_PIN, ui), {"tap_text": f"{imp}: forged.bundle"},
              {"wait_ms": 1}, {"shot": "usb-forged"}, {"tap_text": f"{imp}: content.bundle"}, {"wait_ms": 1},
              {"shot": "usb-good"},
              {"tap_text": ui["staff.close"]}, {"wait_ms": 140000}, {"shot": "usb-after"}]
    path = os.path.join(out, "usb-script.json")
    json.dump(script, open(path, "w", encoding="utf-8"), ensure_ascii=False)
    p = subprocess.run([a.lantern, "--headless", "--script", path, "--out", out, "--size", f"{staff.W}x{staff.H}",
                        "--config", cfg, "--content", live, "--data", data], capture_output=True, text=True)
    check(p.returncode == 0, f"usb run: {p.stderr[-800:]}")
    refused = ui["staff.result.unapproved"].split("{")[0]
    check(any(refused in t and "changed since it was approved" in t for t in texts("usb-forged")),
          f"forged bundle not refused in plain words: {texts('usb-forged')}")
    imported = ui["staff.result.imported"].split("{")[1].split("}")[1].strip()
    check(any("usb-bundle" in t and imported in t for t in texts("usb-good")), f"bundle not imported: {texts('usb-good')}")
    check(os.readlink(live) != before and live_hashes(live) == hashes(folder), "the USB bundle is not the live set")
    check("version usb-bundle is live" in p.stderr, f"the USB bundle did not go live: {p.stderr[-600:]}")
    # Roll-back on the staff screen goes back to the set that was live before the bundle.
    script = [*staff.GESTURE, *staff.pin_taps(staff.STAFF_PIN, ui), {"tap_text": ui["staff.rollback"]},
              {"shot": "usb-rolled"}]
    json.dump(script, open(path, "w", encoding="utf-8"), ensure_ascii=False)
    p = subprocess.run([a.lantern, "--headless", "--script", path, "--out", out, "--size", f"{staff.W}x{staff.H}",
                        "--config", cfg, "--content", live, "--data", data], capture_output=True, text=True)
    check(p.returncode == 0 and os.path.realpath(live) == os.path.realpath(os.path.join(sets, before)),
          f"roll-back after a USB bundle: {os.readlink(live)} (was {before}): {p.stderr[-400:]}")
    # A refused reload is on the staff screen too.
    cfg_plain = os.path.join(out, "plain.json")
    json.dump({"approvers": [public]}, open(cfg_plain, "w"))
    tmp = live + ".new"
    os.symlink(installed, tmp)
    os.rename(tmp, live)
    script = [{"publish": draft}, {"wait_ms": 1000}, *staff.GESTURE, *staff.pin_taps(staff.STAFF_PIN, ui),
              {"shot": "reload-refused"}]
    json.dump(script, open(path, "w", encoding="utf-8"), ensure_ascii=False)
    p = subprocess.run([a.lantern, "--headless", "--script", path, "--out", out, "--size", f"{staff.W}x{staff.H}",
                        "--config", cfg_plain, "--content", live, "--data", data], capture_output=True, text=True)
    check(any(refused in t and "approval.json: missing" in t for t in texts("reload-refused")),
          f"the refused reload is not on the staff screen: {texts('reload-refused')}")

    # Review date passed (policy: still shown, the staff screen warns). Approved with a
    # review due on 2026-12-31; the kiosk's clock set to 2027-01-05.
    due_dir = copy_of(approved_dir, os.path.join(out, "v-due"))
    approve(a, due_dir, secret, "2026-12-04T10:00:00Z", due="2026-12-31")
    due_live = os.path.join(fresh(out, "due"), "content")
    os.symlink(due_dir, due_live)
    cfg = os.path.join(out, "due.json")
    json.dump({"approvers": [public]}, open(cfg, "w"))
    script = [{"clock": "2027-01-05T10:00"}, *staff.GESTURE, *staff.pin_taps(staff.STAFF_PIN, ui),
              {"shot": "due-staff"}, {"tap_text": ui["staff.close"]}, {"tap_text": ui["language.name"]},
              {"tap_text": first["title"]}, *[{"key": "Right"}] * 30, {"shot": "due-last"}]
    json.dump(script, open(path, "w", encoding="utf-8"), ensure_ascii=False)
    p = subprocess.run([a.lantern, "--headless", "--script", path, "--out", out, "--size", f"{staff.W}x{staff.H}",
                        "--config", cfg, "--content", due_live, "--data", data], capture_output=True, text=True)
    check(p.returncode == 0, f"due run: {p.stderr[-800:]}")
    warning = ui["staff.approval.review_passed"].replace("{date}", "December 31, 2026").replace("{name}", "Dr. Ana Ruiz")
    check(warning in texts("due-staff"), f"no review-passed warning on the staff screen: {texts('due-staff')}")
    check("Reviewed by Dr. Ana Ruiz, Clinical Director on December 4, 2026" in texts("due-last"),
          f"content past its review date is not shown: {texts('due-last')}")
    # And content verify calls the passed date a problem on that day.
    rc, lines = verify(a, due_dir, public, today="2027-01-05")
    check(rc == 1 and "the clinical review was due on 2026-12-31" in lines[0], f"verify past due: {lines}")


# ---------------------------------------------------------------------------

class BundleServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, addr, handler):
        super().__init__(addr, handler)
        self.mode = "ok"
        self.body = b""
        self.etag = '"none"'
        self.requests = []
        self.release = threading.Event()


class BundleHandler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        srv = self.server
        srv.requests.append(dict(self.headers))
        if srv.mode == "404":
            self.send_error(404)
            return
        if self.headers.get("If-None-Match") == srv.etag:
            self.send_response(304)
            self.send_header("ETag", srv.etag)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(srv.body)))
        self.send_header("ETag", srv.etag)
        self.end_headers()
        if srv.mode == "truncated":
            self.wfile.write(srv.body[: len(srv.body) // 2])
            self.wfile.flush()
            self.close_connection = True
        elif srv.mode == "stall":
            self.wfile.write(srv.body[:100])
            self.wfile.flush()
            srv.release.wait(60)  # until the test is done with it; curl gives up long before
        else:
            self.wfile.write(srv.body)


def update(a):
    out = fresh(a.out, "approval-update")
    secret, public = keygen(a, os.path.join(out, "keys"))
    v = make_versions(a, out, secret, 3)
    sets = fresh(out, "kiosk")
    live = os.path.join(sets, "content")
    os.symlink(a.content, live)
    cert, key = os.path.join(out, "cert.pem"), os.path.join(out, "key.pem")
    p = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                        "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                       capture_output=True, text=True)
    check(p.returncode == 0, f"openssl: {p.stderr}")
    srv = BundleServer(("127.0.0.1", 0), BundleHandler)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    state = os.path.join(out, "state")
    conf = os.path.join(out, "update.conf")
    open(conf, "w").write(f"# test\nurl=https://127.0.0.1:{srv.server_address[1]}/content.bundle\n"
                          f"approvers = {public}\ncontent={live}\nstate_dir={state}\nca_file={cert}\n"
                          "connect_timeout=5\nmax_time=20\nspeed_limit=1000\nspeed_time=2\n")
    env = dict(os.environ, LANTERN_UPDATE_CONF=conf, LANTERNCTL=a.lanternctl)

    def fetch(name, mode, body, etag, want_rc, want):
        srv.mode, srv.body, srv.etag = mode, body, etag
        before = os.readlink(live)
        p = subprocess.run([a.update, ], capture_output=True, text=True, env=env)
        text = p.stdout + p.stderr
        check(p.returncode == want_rc and want in text, f"{name}: exit {p.returncode}, want {want_rc} and {want!r}: "
                                                        f"{text[-600:]}")
        check(not [f for f in os.listdir(state) if f != "etag"], f"{name}: leftovers in {os.listdir(state)}")
        return before

    b = [open(x[1], "rb").read() for x in v]
    fetch("first", "ok", b[0], '"v0"', 0, "installed")
    check(live_hashes(live) == v[0][2], "first: not installed")
    check("If-None-Match" not in srv.requests[-1], "first: a conditional GET without an installed bundle")
    fetch("again", "ok", b[0], '"v0"', 0, "not modified")
    check(srv.requests[-1].get("If-None-Match") == '"v0"', f"again: no conditional GET: {srv.requests[-1]}")
    check(live_hashes(live) == v[0][2], "again: changed")
    for name, mode, body, want in (("404", "404", b[1], "curl exit 22"),
                                   ("truncated", "truncated", b[1], "curl exit 18"),
                                   ("stalled", "stall", b[1], "curl exit 28"),
                                   ("forged", "ok", b[1][:-100] + bytes([b[1][-100] ^ 1]) + b[1][-99:],
                                    "changed since it was approved"),
                                   ("not-a-bundle", "ok", b"<html>maintenance</html>", "not a Lantern content bundle")):
        before = fetch(name, mode, body, '"' + name + '"', 1, want)
        check(os.readlink(live) == before and live_hashes(live) == v[0][2], f"{name}: the live content changed")
    srv.release.set()
    # A refused download is fetched again next time (its ETag was not kept).
    check(open(os.path.join(state, "etag")).read().strip() == '"v0"', "the ETag of a refused bundle was kept")
    fetch("next", "ok", b[1], '"v1"', 0, "installed")
    check(live_hashes(live) == v[1][2], "next: not installed")
    # Plain http is refused by the configuration check.
    open(conf, "a").write(f"url=http://127.0.0.1:{srv.server_address[1]}/content.bundle\n")
    p = subprocess.run([a.update], capture_output=True, text=True, env=env)
    check(p.returncode == 2 and "https://" in p.stderr, f"http url: {p.stderr}")
    srv.shutdown()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["tamper", "bundle", "kill", "kiosk", "update"])
    ap.add_argument("--update", help="deploy/update/lantern-update")
    ap.add_argument("--lantern", required=True)
    ap.add_argument("--lanternctl", required=True)
    ap.add_argument("--content", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--kills", type=int, default=40)
    a = ap.parse_args()
    a.out = os.path.abspath(a.out)
    os.makedirs(a.out, exist_ok=True)
    globals()[a.mode](a)
    print(f"approval {a.mode}: {e2e.PASSES[0]} passed, {len(e2e.FAILS)} failed")
    sys.exit(1 if e2e.FAILS else 0)


if __name__ == "__main__":
    main()
