#!/usr/bin/env python3
"""Issue 9: a key file that is a FIFO (named pipe) must not hang any command.

Every lanternctl command that reads a key (requests list/export --key,
content approve --key, content verify --trust) and the kiosk's --public-key
are given a FIFO nobody writes to. Each must give up at once with a message
that names the file and says what it is. A hang shows as the subprocess
timeout (a generous bound for a hang, not a timing assert: the commands finish
in well under a second).

Usage: key_fifo.py --lanternctl BIN --lantern BIN --content-min DIR
(python3, standard library only)
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

HANG = 60  # seconds: only a command that waits for ever reaches it

failures = 0


def check(cond, msg):
    global failures
    if not cond:
        failures += 1
        print("FAIL: " + msg)


def run(cmd, name, stdin_text="", cwd=None):
    try:
        return subprocess.run(cmd, input=stdin_text, capture_output=True, text=True, timeout=HANG, cwd=cwd)
    except subprocess.TimeoutExpired:
        check(False, f"{name}: hangs on a FIFO given as a key ({' '.join(cmd)})")
        return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lanternctl", required=True)
    ap.add_argument("--lantern", required=True)
    ap.add_argument("--content-min", required=True)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="lantern-key-fifo-") as tmp:
        fifo = os.path.join(tmp, "key.fifo")
        os.mkfifo(fifo)
        content = os.path.join(tmp, "content")
        shutil.copytree(a.content_min, content)
        db = os.path.join(tmp, "requests.sqlite")
        cases = [
            ("requests list", [a.lanternctl, "requests", "list", "--db", db, "--key", fifo]),
            ("requests export", [a.lanternctl, "requests", "export", "--db", db, "--key", fifo, "--format", "csv"]),
            ("content verify", [a.lanternctl, "content", "verify", content, "--trust", fifo]),
            ("content approve", [a.lanternctl, "content", "approve", content, "--key", fifo, "--name", "Dr. A",
                                 "--role", "Clinical Director"]),
        ]
        for name, cmd in cases:
            p = run(cmd, name, stdin_text="a passphrase\n")
            if p is None:
                continue
            check(p.returncode != 0, f"{name}: exit 0 with a FIFO as the key")
            check(fifo in p.stderr and "FIFO" in p.stderr,
                  f"{name}: the message does not name the file and say it is a FIFO: {p.stderr.strip()!r}")
        check(not os.path.exists(os.path.join(content, "approval.json")), "content approve wrote an approval")

        # The kiosk: a FIFO as the staff public key must not stop it from
        # starting (the contact form is simply not offered), and it says why.
        script = os.path.join(tmp, "script.json")
        with open(script, "w", encoding="utf-8") as f:
            f.write('[{"shot": "start"}]\n')
        out = os.path.join(tmp, "out")
        p = run([a.lantern, "--headless", "--script", script, "--out", out, "--content", content, "--data",
                 os.path.join(tmp, "data"), "--public-key", fifo, "--size", "1280x720"], "kiosk --public-key")
        if p is not None:
            check(p.returncode == 0 and os.path.exists(os.path.join(out, "start.png")),
                  f"kiosk with a FIFO public key did not run: {p.returncode} {p.stderr.strip()!r}")
            check("FIFO" in p.stderr, f"kiosk: the log does not say the public key is a FIFO: {p.stderr.strip()!r}")
    print(f"key_fifo: {'ok' if not failures else str(failures) + ' failed'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
