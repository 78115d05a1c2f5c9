#!/usr/bin/env python3
"""Kiosk mode in a real window (Xvfb): full screen, and the keys a visitor
might try (Escape, Alt+F4, Ctrl+Q, Alt+Tab) do not quit it; SIGTERM does.

Waits are bounded polls on observable state (the window exists, the process
is alive), never fixed sleeps that a test outcome depends on."""
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

lantern, content = sys.argv[1], sys.argv[2]
fails, passes = [], [0]


def check(cond, msg):
    if cond:
        passes[0] += 1
    else:
        fails.append(msg)
        print("FAIL: " + msg, file=sys.stderr)


def poll(fn, seconds=30.0):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        v = fn()
        if v:
            return v
        time.sleep(0.05)
    return None


# Xvfb picks a free display number itself and writes it to a pipe once it
# listens (-displayfd). Choosing a number here by looking for lock files was
# the cause of this test failing when two runs overlapped (a suite under
# load, two checkouts on one machine): both chose the same number, the second
# server failed to start, its kiosk drew on the first run's server and lost
# its window when that run stopped its server.
read_fd, write_fd = os.pipe()
xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                        stderr=subprocess.DEVNULL, pass_fds=(write_fd,))
os.close(write_fd)
number = b""
while not number.endswith(b"\n"):
    chunk = os.read(read_fd, 16)  # blocks until Xvfb is ready, or EOF if it died
    if not chunk:
        break
    number += chunk
os.close(read_fd)
check(number.strip().isdigit(), "Xvfb did not start")
display = ":" + number.decode().strip()
# Plain X11 blits: no Mesa to load (and nothing of it for LeakSanitizer to report).
env = dict(os.environ, DISPLAY=display, SDL_RENDER_DRIVER="software", SDL_FRAMEBUFFER_ACCELERATION="0")
# Its own data folder: nothing shared with any other test running at the same time.
data = tempfile.mkdtemp(prefix="lantern-kiosk-")
kiosk = subprocess.Popen([lantern, "--content", content, "--data", data], env=env, stderr=subprocess.PIPE, text=True)
try:
    def window():
        if kiosk.poll() is not None:
            return "exited"  # no point waiting: say so at once
        p = subprocess.run(["xdotool", "search", "--name", "Lantern"], env=env, capture_output=True, text=True)
        return p.stdout.split()[0] if p.returncode == 0 and p.stdout.split() else None

    win = poll(window, 60)
    check(win != "exited", f"the kiosk exited at start with status {kiosk.returncode}")
    win = None if win == "exited" else win
    check(win is not None or kiosk.poll() is not None, "the kiosk window never appeared")
    if win:
        geo = poll(lambda: (lambda o: o if "1280x800" in o else None)(
            subprocess.run(["xdotool", "getwindowgeometry", win], env=env, capture_output=True, text=True).stdout))
        check(geo is not None, "the kiosk window does not fill the 1280x800 screen")
        for keys in (["Escape"], ["alt+F4"], ["ctrl+q"], ["alt+Tab"], ["ctrl+w"], ["super"]):
            subprocess.run(["xdotool", "key", "--window", win] + keys, env=env)
        # The X server processes requests in order: once it has answered a
        # round trip after the keys, the kiosk has had them delivered.
        subprocess.run(["xdotool", "getwindowname", win], env=env, capture_output=True)
        check(poll(lambda: kiosk.poll() is not None, 1.5) is None, "a key combination quit the kiosk")
        check(window() is not None, "the kiosk window went away")
    kiosk.send_signal(signal.SIGTERM)
    status = poll(lambda: kiosk.poll() is not None, 10)
    check(status and kiosk.returncode == 0, f"SIGTERM did not stop the kiosk cleanly: {kiosk.returncode}")
finally:
    if kiosk.poll() is None:
        kiosk.kill()
    kiosk.wait()
    xvfb.terminate()
    xvfb.wait()
    shutil.rmtree(data, ignore_errors=True)
err = kiosk.stderr.read()
check("lantern: error" not in err, f"the kiosk logged errors: {err.strip()}")
if fails:
    print(err[-3000:], file=sys.stderr)
print(f"kiosk: {passes[0]} passed, {len(fails)} failed")
sys.exit(1 if fails else 0)
