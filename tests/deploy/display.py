#!/usr/bin/env python3
"""lantern-display, the night schedule, with a stand-in backlight
(LANTERN_DISPLAY_SYSFS) and clock (LANTERN_DISPLAY_NOW) and no input devices:
the schedule's parsing and day/night decision (also across midnight), the
one-shot on/off, the daemon turning the screen off at night and back on at
SIGTERM, leaving it on by day (also after a restart that finds it off), and
bad settings refused. (Grabbing the touch screen needs real input devices,
which CI does not have; see deploy/README.md.)

usage: display.py LANTERN_DISPLAY"""
import os
import shutil
import signal
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Checks, poll  # noqa: E402

binary = sys.argv[1]
c = Checks("display")
tmp = tempfile.mkdtemp(prefix="lantern-display-")
panel = os.path.join(tmp, "backlight", "panel0")
os.makedirs(panel)
os.mkdir(os.path.join(tmp, "input"))
bl_power = os.path.join(panel, "bl_power")
conf = os.path.join(tmp, "session.conf")


def setup(night, wake="5", power="0"):
    with open(conf, "w") as f:
        f.write(f"# test\nLANTERN_ROTATE=90\nLANTERN_NIGHT={night}\nLANTERN_WAKE_MINUTES={wake}\n")
    with open(bl_power, "w") as f:
        f.write(power + "\n")


def power():
    with open(bl_power) as f:
        return f.read().strip()


def env(now):
    return dict(os.environ, LANTERN_SESSION_CONF=conf, LANTERN_DISPLAY_SYSFS=os.path.dirname(panel),
                LANTERN_DISPLAY_INPUT=os.path.join(tmp, "input"), LANTERN_DISPLAY_NO_DDC="1", LANTERN_DISPLAY_NOW=now)


def check_run(now):
    return subprocess.run([binary, "--check"], env=env(now), capture_output=True, text=True)


for night, now, want in (('"21:00-07:00"', "22:30", "night"), ("21:00-07:00", "06:59", "night"),
                         ("21:00-07:00", "07:00", "day"), ("21:00-07:00", "12:00", "day"),
                         ("12:00-13:30", "13:00", "night"), ("12:00-13:30", "13:30", "day"),
                         ("'00:00-06:00'", "00:00", "night")):
    setup(night)
    p = check_run(now)
    c.check(p.returncode == 0 and f"now: {want}" in p.stdout, f"LANTERN_NIGHT={night} at {now}: {want}")
setup("")
p = check_run("23:00")
c.check(p.returncode == 0 and "schedule: none" in p.stdout, "no LANTERN_NIGHT: no schedule")
for bad in ("25:00-07:00", "21:00", "21:00-21:00", "9pm-7am"):
    setup(bad)
    p = check_run("12:00")
    c.check(p.returncode == 2 and "LANTERN_NIGHT" in p.stderr, f"LANTERN_NIGHT={bad} refused with exit 2")
setup("21:00-07:00", wake="0")
c.check(check_run("12:00").returncode == 2, "LANTERN_WAKE_MINUTES=0 refused")

setup("21:00-07:00")
subprocess.run([binary, "off"], env=env("12:00"), capture_output=True)
c.check(power() == "4", "lantern-display off: bl_power 4")
subprocess.run([binary, "on"], env=env("12:00"), capture_output=True)
c.check(power() == "0", "lantern-display on: bl_power 0")

setup("", power="0")
p = subprocess.run([binary], env=env("23:00"), capture_output=True, text=True, timeout=10)
c.check(p.returncode == 0 and power() == "0", "the daemon without a schedule exits 0 and leaves the screen on")

setup("21:00-07:00", power="0")
d = subprocess.Popen([binary], env=env("23:00"), stderr=subprocess.PIPE, text=True)
c.check(poll(lambda: power() == "4", 10), "the daemon at night: the screen goes off")
d.send_signal(signal.SIGTERM)
try:
    status = d.wait(10)
except subprocess.TimeoutExpired:
    d.kill()
    status = d.wait()
c.check(status == 0 and power() == "0", f"SIGTERM: the screen is back on, exit 0 ({status})")

setup("21:00-07:00", power="4")  # e.g. restarted by day after a crash at night
d = subprocess.Popen([binary], env=env("12:00"), stderr=subprocess.PIPE, text=True)
c.check(poll(lambda: power() == "0", 10), "the daemon by day turns on a screen it finds off")
c.check(d.poll() is None, "the daemon keeps running by day (waiting for the night)")
d.send_signal(signal.SIGTERM)
try:
    status = d.wait(10)
except subprocess.TimeoutExpired:
    d.kill()
    status = d.wait()
c.check(status == 0 and power() == "0", "SIGTERM by day: exit 0, the screen on")
shutil.rmtree(tmp, ignore_errors=True)
sys.exit(c.finish())
