#!/usr/bin/env python3
"""The kiosk's side of the systemd watchdog protocol, without systemd.

This test plays systemd: it listens on an AF_UNIX datagram socket, starts the
real kiosk (SDL's dummy video driver: the real event loop, no display) with
NOTIFY_SOCKET and WATCHDOG_USEC pointing at it, and checks:
  - READY=1 once the first frame is shown;
  - WATCHDOG=1 pings every WATCHDOG_USEC/2, measured, with no gap as long as
    WATCHDOG_USEC (systemd would kill the kiosk), also for an interval longer
    than the loop's one-second wake-up;
  - a hang (the test-only switch LANTERN_TEST_HANG_AFTER_MS) stops the pings
    and SIGTERM no longer works, and SIGABRT (systemd's WatchdogSignal) ends it;
  - SIGTERM: STOPPING=1 and exit status 0;
  - no pings when WATCHDOG_PID names another process (why the unit's session
    wrapper unsets it), and the hang switch does nothing without a watchdog.

usage: watchdog.py LANTERN CONTENT_DIR"""
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Checks, NotifyListener, poll  # noqa: E402

lantern, content = sys.argv[1], sys.argv[2]
c = Checks("watchdog")
tmp = tempfile.mkdtemp(prefix="lantern-watchdog-")
data = os.path.join(tmp, "data")
os.mkdir(data)


def start(env_extra, name):
    sock = NotifyListener(os.path.join(tmp, name + ".sock"))
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", NOTIFY_SOCKET=sock.path)
    for k in ("WATCHDOG_USEC", "WATCHDOG_PID", "LANTERN_TEST_HANG_AFTER_MS"):
        env.pop(k, None)
    env.update(env_extra)
    log = open(os.path.join(tmp, name + ".log"), "w")
    p = subprocess.Popen([lantern, "--content", content, "--data", data, "--size", "1280x720"],
                         env=env, stdout=log, stderr=subprocess.STDOUT)
    return p, sock, log


def stop(p, sig=signal.SIGTERM, seconds=10):
    if p.poll() is None:
        p.send_signal(sig)
    try:
        return p.wait(seconds)
    except subprocess.TimeoutExpired:
        return None


def gaps(times):
    return [(b - a) * 1000 for a, b in zip(times, times[1:])]


def interval_case(usec, seconds):
    """Pings for `seconds` after READY=1; the gaps against usec/2."""
    want = usec / 2000
    p, sock, log = start({"WATCHDOG_USEC": str(usec)}, f"interval-{usec}")
    try:
        ready = sock.wait_for("READY", "1", 30)
        c.check(ready is not None, f"WATCHDOG_USEC={usec}: READY=1 after the first frame")
        if ready is None:
            return
        end = ready + seconds
        while time.monotonic() < end and p.poll() is None:
            sock.drain(0.1)
        pings = sock.times("WATCHDOG", "1", since=ready)
        g = gaps(pings)
        c.check(len(g) >= max(3, int(seconds * 1000 / want) - 2),
                f"WATCHDOG_USEC={usec}: {len(pings)} pings in {seconds} s (want about {seconds * 1000 / want:.0f})")
        if g:
            med, worst = statistics.median(g), max(g)
            print(f"measured: WATCHDOG_USEC={usec} (ping every {want:.0f} ms): {len(g)} gaps, median "
                  f"{med:.1f} ms, mean {statistics.mean(g):.1f} ms, min {min(g):.1f} ms, max {worst:.1f} ms")
            c.check(abs(med - want) <= want * 0.15, f"WATCHDOG_USEC={usec}: median gap {med:.1f} ms is {want:.0f} ms ±15%")
            c.check(min(g) >= want * 0.9, f"WATCHDOG_USEC={usec}: no ping sooner than 90% of the interval ({min(g):.1f} ms)")
            c.check(worst < usec / 1000, f"WATCHDOG_USEC={usec}: longest gap {worst:.1f} ms < the {usec / 1000:.0f} ms limit")
        c.check(p.poll() is None, f"WATCHDOG_USEC={usec}: the kiosk is still running")
        status = stop(p)
        c.check(status == 0, f"WATCHDOG_USEC={usec}: SIGTERM: exit status 0 (got {status})")
        sock.drain(1.0)
        c.check(sock.wait_for("STOPPING", "1", 5) is not None, f"WATCHDOG_USEC={usec}: STOPPING=1 at exit")
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
        sock.close()
        log.close()


def hang_case():
    usec, hang_ms = 1000000, 2000
    p, sock, log = start({"WATCHDOG_USEC": str(usec), "LANTERN_TEST_HANG_AFTER_MS": str(hang_ms)}, "hang")
    try:
        ready = sock.wait_for("READY", "1", 30)
        c.check(ready is not None, "hang switch: READY=1 first")
        before = poll(lambda: (sock.drain(0.2), len(sock.times("WATCHDOG", "1")) >= 3)[1], 10)
        c.check(before, "hang switch: pings before the hang")
        # The hang starts hang_ms after start; wait for the pings to stop,
        # then watch a silence longer than WATCHDOG_USEC.
        def silent_for(ms):
            sock.drain(0.1)
            pings = sock.times("WATCHDOG", "1")
            return pings and (time.monotonic() - pings[-1]) * 1000 >= ms
        quiet = poll(lambda: silent_for(usec / 1000 * 2.5), 15)
        pings = sock.times("WATCHDOG", "1")
        c.check(quiet, f"hang switch: the pings stop ({len(pings)} pings, then none for "
                       f"{2.5 * usec / 1e6:.1f} s, {2.5:.1f}x WATCHDOG_USEC: systemd would kill it)")
        c.check(p.poll() is None, "hang switch: the hung kiosk is still running (a hang, not a crash)")
        p.send_signal(signal.SIGTERM)
        c.check(not poll(lambda: p.poll() is not None, 1.5), "hang switch: a hung loop does not act on SIGTERM")
        sock.drain(0.3)
        c.check(len(sock.times("WATCHDOG", "1")) == len(pings), "hang switch: still no ping after SIGTERM")
        status = stop(p, signal.SIGABRT)
        c.check(status == -signal.SIGABRT, f"hang switch: SIGABRT (WatchdogSignal) ends it (status {status})")
        with open(log.name) as f:
            text = f.read()
        c.check("LANTERN_TEST_HANG_AFTER_MS" in text, "hang switch: the armed test switch is logged")
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
        sock.close()
        log.close()


def foreign_pid_case():
    # WATCHDOG_PID of another process: the pings are not for us (sd_watchdog_enabled).
    p, sock, log = start({"WATCHDOG_USEC": "400000", "WATCHDOG_PID": str(os.getpid())}, "foreign")
    try:
        c.check(sock.wait_for("READY", "1", 30) is not None, "WATCHDOG_PID of another process: READY=1 still sent")
        sock.drain(1.5)
        c.check(not sock.times("WATCHDOG", "1"), "WATCHDOG_PID of another process: no pings")
        c.check(stop(p) == 0, "WATCHDOG_PID of another process: SIGTERM: exit 0")
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
        sock.close()
        log.close()


def switch_without_watchdog_case():
    # The hang switch is inert unless systemd's watchdog is on.
    p, sock, log = start({"LANTERN_TEST_HANG_AFTER_MS": "200"}, "inert")
    try:
        c.check(sock.wait_for("READY", "1", 30) is not None, "no WATCHDOG_USEC: READY=1 sent")
        sock.drain(1.5)
        c.check(not sock.times("WATCHDOG", "1"), "no WATCHDOG_USEC: no pings")
        c.check(stop(p) == 0, "no WATCHDOG_USEC: the hang switch is inert, SIGTERM still stops it (exit 0)")
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
        sock.close()
        log.close()


interval_case(1000000, 4)   # ping every 500 ms
interval_case(3000000, 7)   # every 1500 ms: longer than the loop's 1-s wake-up
hang_case()
foreign_pid_case()
switch_without_watchdog_case()
if c.failed:
    for name in sorted(os.listdir(tmp)):
        if name.endswith(".log"):
            with open(os.path.join(tmp, name)) as f:
                print(f"--- {name}\n{f.read()[-2000:]}")
shutil.rmtree(tmp, ignore_errors=True)
sys.exit(c.finish())
