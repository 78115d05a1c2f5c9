#!/usr/bin/env python3
"""Edits made in place in the live content folder, through the real binary
and the harness's virtual clock: each edit postpones the reload, the folder is
loaded once it has been quiet for 1.5 s (not a millisecond before), a burst of
edits gives one reload, and the edited version goes live on the attract screen.

Usage: reload_quiet.py --lantern BIN --content DIR --out DIR"""
import argparse
import json
import os
import shutil
import subprocess
import sys

QUIET_MS = 1500
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what, file=sys.stderr)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lantern", required=True)
    ap.add_argument("--content", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    out = os.path.join(a.out, "reload-quiet")
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    folder = os.path.join(out, "content-a")
    shutil.copytree(a.content, folder)
    live = os.path.join(out, "live")
    os.symlink(folder, live)
    ui_path = os.path.join(live, "en", "ui.json")
    ui = json.load(open(ui_path, encoding="utf-8"))
    old_title = ui["strings"]["attract.title"]
    manifest_path = os.path.join(live, "manifest.json")
    manifest = json.load(open(manifest_path, encoding="utf-8"))

    def ui_with(title):
        ui["strings"]["attract.title"] = title
        return json.dumps(ui, ensure_ascii=False)

    def manifest_with(version):
        manifest["version"] = version
        return json.dumps(manifest)

    # A burst: 20 files written at once (a copy in progress), then two more
    # edits 1 s apart, each postponing the reload.
    burst = [{"write": [ui_path, ui_with(f"Edited in place, step {i}.")]} for i in range(20)]
    script = ([{"shot": "q0"}] + burst + [{"wait_ms": 1000}, {"shot": "q1"},
              {"write": [manifest_path, manifest_with("edited-in-place")]}, {"wait_ms": 1000}, {"shot": "q2"},
              {"write": [ui_path, ui_with("Edited in place, the last step.")]},
              {"wait_ms": QUIET_MS - 1}, {"shot": "q3"}, {"wait_ms": 1}, {"shot": "q4"}])
    path = os.path.join(out, "script.json")
    json.dump(script, open(path, "w", encoding="utf-8"), ensure_ascii=False)
    p = subprocess.run([a.lantern, "--headless", "--script", path, "--out", out, "--content", live,
                        "--size", "1280x800"], capture_output=True, text=True)
    check(p.returncode == 0, f"exit {p.returncode}: {p.stderr}")

    def texts(name):
        try:
            return [i["text"] for i in json.load(open(os.path.join(out, name + ".json"), encoding="utf-8"))["items"]]
        except OSError:
            return []

    check(old_title in texts("q0"), "the first shot does not show the old welcome")
    for shot in ("q1", "q2", "q3"):
        check(old_title in texts(shot), f"{shot}: the folder was reloaded before it had been quiet for 1.5 s")
    check("Edited in place, the last step." in texts("q4"), f"q4: the edited version is not live: {texts('q4')}")
    checked = p.stderr.count("checked; it goes live")
    check(checked == 1, f"{checked} reloads for one burst of edits (want 1): {p.stderr}")
    check("content: version edited-in-place is live" in p.stderr, f"no 'is live' line: {p.stderr}")
    if failures:
        print(f"reload_quiet: {len(failures)} failed", file=sys.stderr)
        return 1
    print("reload_quiet: passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
