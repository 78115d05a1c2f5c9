#!/usr/bin/env python3
"""lanternctl's small front (src/tools/lanternctl_front.c) and the full tool.

- What each links (readelf -d, NEEDED): the front only libc, libm, cJSON and
  libsodium: no SDL, sqlite3, libpq, libmicrohttpd, espeak-ng, qrencode,
  libsystemd; lanternctl-tools links SDL (it does validate and preview).
- `content verify` on the minimal install: the front alone in a folder, no
  lanternctl-tools anywhere, verifies approved content and refuses a changed
  file, a removed file and an untrusted key; every other command says
  clearly that the full tool is missing (status 1).
- The front says exactly what the full tool says: for good, tampered, missing
  approval and bad usage, the same stdout, stderr and status from
  `lanternctl content verify` and `lanternctl-tools content verify`.
- The packaged layout (bin/lanternctl, lib/lantern/lanternctl-tools): the
  front finds the full tool (validate runs), passes stdin through (keygen
  reads the passphrase) and its exit status (2 for bad usage).

usage: ctl_front.py --lanternctl BUILD/lanternctl --tools BUILD/lanternctl-tools --content DIR --out DIR
"""
import argparse
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e  # noqa: E402

check = e2e.check
PASS = "a long passphrase for tests"
FORBIDDEN = ("libSDL2", "libsqlite3", "libpq", "libmicrohttpd", "libespeak", "libqrencode", "libsystemd")
# The sanitizer runtimes come with the ASan build (-DLANTERN_SANITIZE=ON).
ALLOWED = ("libc.so", "libm.so", "libcjson.so", "libsodium.so", "ld-linux", "libasan.so", "libubsan.so")


def needed(binary):
    p = subprocess.run(["readelf", "-d", binary], capture_output=True, text=True, check=True)
    return [line.split("[", 1)[1].rstrip("]") for line in p.stdout.splitlines() if "(NEEDED)" in line]


def run(argv, stdin=None):
    p = subprocess.run(argv, input=stdin, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lanternctl", required=True)
    ap.add_argument("--tools", required=True)
    ap.add_argument("--content", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    out = os.path.join(os.path.abspath(a.out), "ctl-front")
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)

    # What each program links.
    front = needed(a.lanternctl)
    check(front and all(n.startswith(ALLOWED) for n in front),
          f"lanternctl links only libc, libm, cJSON and libsodium: {front}")
    check(not [n for n in front if n.startswith(FORBIDDEN)], f"lanternctl links a heavy library: {front}")
    tools = needed(a.tools)
    check(any(n.startswith("libSDL2") for n in tools), f"lanternctl-tools links SDL (validate, preview): {tools}")

    # Keys and an approved folder, made by the full tool through the front.
    keys, stranger_keys = os.path.join(out, "keys"), os.path.join(out, "stranger")
    for k in (keys, stranger_keys):
        rc, _, err = run([a.lanternctl, "keygen", "--approver", "--out", k], stdin=f"{PASS}\n{PASS}\n")
        check(rc == 0, f"keygen --approver through the front: {err}")
    secret, public = os.path.join(keys, "approver-secret.key"), os.path.join(keys, "approver-public.key")
    stranger = os.path.join(stranger_keys, "approver-public.key")
    good = os.path.join(out, "approved")
    shutil.copytree(a.content, good)
    rc, _, err = run([a.lanternctl, "content", "approve", good, "--key", secret, "--name", "Dr. Ana Ruiz",
                      "--role", "Clinical Director", "--review-due", "2099-01-01",
                      "--at", "2026-12-01T10:00:00Z"], stdin=PASS + "\n")
    check(rc == 0, f"content approve through the front: {err}")
    changed = os.path.join(out, "changed")
    shutil.copytree(good, changed)
    with open(os.path.join(changed, "en", "help.json"), "a") as f:
        f.write(" ")
    removed = os.path.join(out, "removed")
    shutil.copytree(good, removed)
    os.remove(os.path.join(removed, "es", "help.json"))
    unapproved = os.path.join(out, "unapproved")
    shutil.copytree(a.content, unapproved)

    # The minimal install: the front alone.
    alone = os.path.join(out, "alone")
    os.makedirs(alone)
    shutil.copy2(a.lanternctl, os.path.join(alone, "lanternctl"))
    lone = os.path.join(alone, "lanternctl")
    rc, so, se = run([lone, "content", "verify", good, "--trust", public, "--today", "2026-12-05"])
    check(rc == 0 and "1 problem" not in so and so.rstrip().endswith("review due 2099-01-01")
          and "files verified" in so and se == "", f"the front alone verifies approved content: {rc} {so} {se}")
    for name, folder, trust, want in (
            ("changed", changed, public, "en/help.json: changed since it was approved"),
            ("removed", removed, public, "es/help.json: removed since it was approved"),
            ("untrusted", good, stranger, "which is not a trusted approver key")):
        rc, so, se = run([lone, "content", "verify", folder, "--trust", trust])
        check(rc == 1 and want in so and "NOT APPROVED: 1 problem" in so,
              f"the front alone refuses {name}: {rc} {so} {se}")
    rc, so, se = run([lone, "--help"])
    check(rc == 0 and "content verify DIR --trust PUBLIC" in so, f"the front alone: --help {rc} {se}")
    rc, so, se = run([lone, "validate", a.content])
    check(rc == 1 and "cannot find lanternctl-tools" in se and so == "",
          f"the front alone: validate says the full tool is missing: {rc} {so} {se}")

    # Front and full tool: the same words and status for verify.
    today = ["--today", "2026-12-05"]
    cases = [
        ["content", "verify", good, "--trust", public] + today,
        ["content", "verify", good, "--trust", stranger, public] + today,
        ["content", "verify", changed, "--trust", public] + today,
        ["content", "verify", removed, "--trust", stranger] + today,
        ["content", "verify", unapproved, "--trust", public] + today,
        ["content", "verify", good, "--trust", public, "--today", "2100-01-02"],
        ["content", "verify", good, "--trust", os.path.join(out, "no-such.key")],
        ["content", "verify", good],
        ["content", "verify", good, "--trust"],
        ["content", "verify", good, "--trust", public, "--today", "12/05/2026"],
        ["content", "verify", good, "--trust", public, "--bogus"],
        ["content", "verify", good, good, "--today", "2026-12-05"],
    ]
    for args in cases:
        got, want = run([a.lanternctl, *args]), run([a.tools, *args])
        check(got == want, f"lanternctl {' '.join(args[2:])}: the front says {got}, the full tool {want}")

    # The packaged layout: bin/lanternctl runs lib/lantern/lanternctl-tools.
    prefix = os.path.join(out, "usr")
    os.makedirs(os.path.join(prefix, "bin"))
    os.makedirs(os.path.join(prefix, "lib", "lantern"))
    shutil.copy2(a.lanternctl, os.path.join(prefix, "bin", "lanternctl"))
    shutil.copy2(a.tools, os.path.join(prefix, "lib", "lantern", "lanternctl-tools"))
    installed = os.path.join(prefix, "bin", "lanternctl")
    rc, so, se = run([installed, "validate", "--strict", a.content])
    check(rc == 0 and "0 errors" in so, f"packaged layout: validate runs the full tool: {rc} {so[-300:]} {se}")
    rc, so, se = run([installed, "keygen", "--approver", "--out", os.path.join(out, "keys2")], stdin=f"{PASS}\nother\n")
    check(rc == 1 and "the two passphrases differ" in se, f"packaged layout: stdin reaches keygen: {rc} {se}")
    rc, so, se = run([installed, "validate"])
    check(rc == 2 and "validate needs a content folder" in se, f"packaged layout: status 2 passed on: {rc} {se}")
    rc, so, se = run([installed, "content", "verify", good, "--trust", public])
    check(rc == 0 and "files verified" in so, f"packaged layout: verify {rc} {so} {se}")

    print(f"ctl_front: {e2e.PASSES[0]} passed, {len(e2e.FAILS)} failed")
    sys.exit(1 if e2e.FAILS else 0)


if __name__ == "__main__":
    main()
