#!/usr/bin/env python3
"""Smoke test of the installed package: the kiosk's real session
(/usr/lib/lantern/lantern-session: cage + the kiosk, with the packaged
/etc/lantern/lantern.json and /var/lib/lantern/content) as the lantern user,
on cage's headless backend (WLR_BACKENDS=headless, pixman renderer).

Plays systemd's part the way lantern.service sets it up (NOTIFY_SOCKET,
WATCHDOG_USEC, WATCHDOG_PID = the session's main process, KillMode=mixed):
  - READY=1 arrives, and WATCHDOG=1 pings come through from the kiosk, which
    is cage's child, not the main process;
  - cage and the kiosk run as lantern, the kiosk on SDL's Wayland driver;
  - a grim screenshot shows the attract screen (compared pixel by pixel with
    the harness's own shot of the same content at the same size), at
    LANTERN_ROTATE=90 (portrait) and 180;
  - SIGTERM to the session: the kiosk exits 0, STOPPING=1, the session exits
    0, nothing is left running and cage does not crash;
  - the session exits with the kiosk's status: 75 (staff "exit for
    maintenance": the unit does not restart), a crash (134);
  - a hung kiosk (the test-only switch) stops pinging, and the watchdog's
    SIGABRT to the session reaches it.

Needs root (to switch to the lantern user), the package installed, cage and
grim. Exit 77 (skipped) when not root.
usage: cage_smoke.py [--keep DIR]"""
import argparse
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Checks, NotifyListener, poll, read_png  # noqa: E402

SESSION = "/usr/lib/lantern/lantern-session"
LANTERN = "/usr/bin/lantern"
CONTENT = "/var/lib/lantern/content"

ap = argparse.ArgumentParser()
ap.add_argument("--keep", help="copy the screenshots and logs here")
args = ap.parse_args()

c = Checks("cage_smoke")
if os.geteuid() != 0:
    print("cage_smoke: skipped: needs root (switches to the lantern user)")
    sys.exit(77)
for what, ok in (("the lantern package (lantern user)", lambda: pwd.getpwnam("lantern")),
                 (SESSION, lambda: os.access(SESSION, os.X_OK) or None),
                 ("cage", lambda: shutil.which("cage")), ("grim", lambda: shutil.which("grim"))):
    try:
        found = ok()
    except KeyError:
        found = None
    if not c.check(found, f"installed: {what}"):
        sys.exit(c.finish())

user = pwd.getpwnam("lantern")
tmp = tempfile.mkdtemp(prefix="lantern-smoke-")
os.chmod(tmp, 0o755)
logs = []


def as_lantern(argv, env):
    return ["setpriv", f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}", "--init-groups",
            "env", "-i"] + [f"{k}={v}" for k, v in env.items()] + argv


def session(name, rotate=90, extra=None):
    """Starts lantern-session the way lantern.service does. Returns
    (process, notify listener, runtime dir, log path)."""
    run = os.path.join(tmp, name)
    os.mkdir(run, 0o700)
    os.chown(run, user.pw_uid, user.pw_gid)
    conf = os.path.join(tmp, name + ".conf")
    with open(conf, "w") as f:
        f.write(f"LANTERN_ROTATE={rotate}\n")
    os.chmod(conf, 0o644)
    sock = NotifyListener(os.path.join(tmp, name + ".notify"), mode=0o666)
    env = {"PATH": "/usr/bin:/bin", "HOME": user.pw_dir, "WLR_BACKENDS": "headless", "WLR_RENDERER": "pixman",
           "WLR_LIBINPUT_NO_DEVICES": "1", "WLR_HEADLESS_OUTPUTS": "1", "LANTERN_STATUS_DIR": run,
           "LANTERN_SESSION_CONF": conf, "NOTIFY_SOCKET": sock.path, "WATCHDOG_USEC": "2000000"}
    env.update(extra or {})
    log = os.path.join(tmp, name + ".log")
    logs.append(log)
    # WATCHDOG_PID is the session's own pid, as systemd sets it: the shell
    # execs setpriv, env and the session in place.
    cmd = " ".join("'" + a.replace("'", "'\\''") + "'" for a in as_lantern([SESSION], env))
    cmd = cmd.replace("'env' '-i'", "'env' '-i' \"WATCHDOG_PID=$$\"", 1)
    with open(log, "w") as out:
        p = subprocess.Popen(["sh", "-c", "exec " + cmd], stdout=out, stderr=subprocess.STDOUT,
                             start_new_session=True)
    return p, sock, run, log


def finish_session(p, sig=signal.SIGTERM, seconds=20):
    if p.poll() is None:
        p.send_signal(sig)
    try:
        return p.wait(seconds)
    except subprocess.TimeoutExpired:
        return None


def cleanup(p):
    if p.poll() is None:
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        p.wait()


def lantern_processes():
    """(pid, comm) of every process owned by the lantern user."""
    out = []
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                if os.stat(f"/proc/{d}").st_uid == user.pw_uid:
                    with open(f"/proc/{d}/comm") as f:
                        out.append((int(d), f.read().strip()))
            except OSError:
                pass
    return out


def reference(w, h):
    """The harness's shot of the attract screen of the same content."""
    out = os.path.join(tmp, f"ref-{w}x{h}")
    script = os.path.join(tmp, "attract.json")
    with open(script, "w") as f:
        f.write('[{"shot":"attract"}]')
    subprocess.run([LANTERN, "--headless", "--size", f"{w}x{h}", "--script", script, "--out", out,
                    "--content", CONTENT, "--data", tmp], capture_output=True)
    return os.path.join(out, "attract.png")


def compare(shot, ref):
    """(size matches, distinct colours, share of pixels off by more than 48)."""
    w, h, a = read_png(shot)
    rw, rh, b = read_png(ref)
    if (w, h) != (rw, rh):
        return False, 0, 1.0, (w, h)
    colours = set()
    off = 0
    for y in range(h):
        ra, rb = a[y], b[y]
        for x in range(0, w):
            pa, pb = ra[x], rb[x]
            if abs(pa[0] - pb[0]) > 48 or abs(pa[1] - pb[1]) > 48 or abs(pa[2] - pb[2]) > 48:
                off += 1
        if y % 8 == 0:
            colours.update(ra[::8])
    return True, len(colours), off / (w * h), (w, h)


def screenshot_case(rotate, w, h):
    name = f"rotate{rotate}"
    p, sock, run, log = session(name, rotate)
    try:
        ready = sock.wait_for("READY", "1", 60)
        c.check(ready is not None, f"{name}: READY=1 from the kiosk under cage")
        sock.drain(2.5)
        pings = sock.times("WATCHDOG", "1")
        c.check(len(pings) >= 2, f"{name}: WATCHDOG=1 pings reach systemd through cage ({len(pings)} in 2.5 s, "
                                 "WATCHDOG_USEC=2 s)")
        pid = int(open(os.path.join(run, "kiosk.pid")).read()) if os.path.exists(os.path.join(run, "kiosk.pid")) else 0
        if pid:
            c.check(os.stat(f"/proc/{pid}").st_uid == user.pw_uid, f"{name}: the kiosk runs as lantern")
            c.check(os.readlink(f"/proc/{pid}/exe") == LANTERN, f"{name}: the kiosk is {LANTERN}")
            with open(f"/proc/{pid}/maps") as f:
                c.check("libwayland-client" in f.read(), f"{name}: the kiosk talks Wayland to cage")
        else:
            c.check(False, f"{name}: the session recorded the kiosk's pid")
        procs = lantern_processes()
        c.check(any(comm == "cage" for _, comm in procs), f"{name}: cage runs as lantern")
        ref = reference(w, h)
        shot = os.path.join(run, "shot.png")
        result = [None]

        def take():
            subprocess.run(as_lantern(["grim", shot], {"PATH": "/usr/bin:/bin", "XDG_RUNTIME_DIR": run,
                                                       "WAYLAND_DISPLAY": "wayland-0"}), capture_output=True)
            if not os.path.exists(shot):
                return False
            result[0] = compare(shot, ref)
            same_size, colours, off, _ = result[0]
            return same_size and colours >= 5 and off < 0.01

        # The first frame may be drawn before cage's fullscreen size arrives:
        # allow a few tries for the resized frame.
        matched = poll(take, 10, 0.5)
        if result[0]:
            same_size, colours, off, size = result[0]
            print(f"measured: {name}: grim shot {size[0]}x{size[1]}, {colours} colours sampled, "
                  f"{off * 100:.2f}% of pixels differ from the harness's attract screen by more than 48")
            c.check(same_size, f"{name}: the screenshot is {w}x{h} (got {size[0]}x{size[1]})")
            c.check(colours >= 5, f"{name}: the screenshot is not blank ({colours} colours)")
        c.check(matched, f"{name}: the screenshot shows the attract screen")
        if args.keep and os.path.exists(shot):
            os.makedirs(args.keep, exist_ok=True)
            shutil.copy(shot, os.path.join(args.keep, name + ".png"))
            shutil.copy(ref, os.path.join(args.keep, name + "-expected.png"))
        if rotate == 90:
            status = finish_session(p)
            c.check(status == 0, f"{name}: SIGTERM to the session (systemctl stop): exit status 0 (got {status})")
            c.check(sock.wait_for("STOPPING", "1", 5) is not None, f"{name}: STOPPING=1 from the kiosk")
            c.check(poll(lambda: not lantern_processes(), 10), f"{name}: nothing left running as lantern")
            with open(log) as f:
                text = f.read()
            c.check("Assertion" not in text and "Aborted" not in text, f"{name}: cage did not crash on the way out")
    finally:
        cleanup(p)
        sock.close()


def exit_status_case(name, body, want):
    script = os.path.join(tmp, name + ".sh")
    with open(script, "w") as f:
        f.write("#!/bin/sh\n" + body + "\n")
    os.chmod(script, 0o755)
    p, sock, run, log = session(name, 90, {"LANTERN_BIN": script})
    try:
        try:
            status = p.wait(30)
        except subprocess.TimeoutExpired:
            status = None
        c.check(status == want, f"{name}: the session exits with the kiosk's status {want} (got {status})")
    finally:
        cleanup(p)
        sock.close()


def watchdog_case():
    name = "hang"
    p, sock, run, log = session(name, 90, {"LANTERN_TEST_HANG_AFTER_MS": "3000"})
    try:
        c.check(sock.wait_for("READY", "1", 60) is not None, f"{name}: READY=1")

        def silent():
            sock.drain(0.2)
            pings = sock.times("WATCHDOG", "1")
            return pings and time.monotonic() - pings[-1] > 3.0
        c.check(poll(silent, 20), f"{name}: the hung kiosk stops pinging (3 s of silence, WATCHDOG_USEC=2 s)")
        c.check(p.poll() is None, f"{name}: the session is still up (a hang, not a crash)")
        status = finish_session(p, signal.SIGABRT, 20)
        c.check(status == 128 + signal.SIGABRT,
                f"{name}: the watchdog's SIGABRT to the session reaches the kiosk (status {status})")
    finally:
        cleanup(p)
        sock.close()


try:
    screenshot_case(90, 720, 1280)
    screenshot_case(180, 1280, 720)
    exit_status_case("maintenance", "exit 75", 75)
    exit_status_case("crash", "kill -ABRT $$", 128 + signal.SIGABRT)
    watchdog_case()
finally:
    if c.failed:
        for log in logs:
            with open(log) as f:
                print(f"--- {os.path.basename(log)}\n{f.read()[-3000:]}")
    if args.keep:
        os.makedirs(args.keep, exist_ok=True)
        for log in logs:
            shutil.copy(log, args.keep)
    shutil.rmtree(tmp, ignore_errors=True)
sys.exit(c.finish())
