#!/usr/bin/env python3
"""Read-aloud and the reader's list of parts (issue 13), through the real
binary's headless harness (virtual clock, SDL's dummy audio driver):

  readaloud_parts.py --lantern BIN --content DIR --out DIR --png-probe BIN --lang es --size 800x480

1. Listen on a module's page, then the page count opens the list of parts:
   the reading stops at once (the dump says so, and the captured PCM is
   silent from then on): the list is not the page that was being read.
2. With the list open, Listen reads the list: its title, the module's name
   and each part shown, a part's number with its name ("2. Why do people do
   it?") as one sentence; every sentence heard is a text on the list's
   screen and none is a text of the page behind it.
3. The list's own page turned (where it has more than one) or the list
   closed by Back: the reading stops.
Every shot goes through e2e.check_shot (crisis bar, fit, language, targets).
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import a11y  # noqa: E402  (pcm, rms: the listen test's measures)
import e2e  # noqa: E402

check = e2e.check
DOC = "understanding-self-harm"  # six parts: the list is paged on a 7" panel


ACT = e2e.actions()


def main():
    ap = argparse.ArgumentParser()
    for opt in ("--lantern", "--content", "--out", "--png-probe"):
        ap.add_argument(opt, required=True)
    ap.add_argument("--lang", default="en")
    ap.add_argument("--size", default="1920x1080")
    a = ap.parse_args()
    w, h = map(int, a.size.split("x"))
    manifest, langs = e2e.load_content(a.content)
    ui = langs[a.lang]["ui"]
    foreign = set()
    for code, lang in langs.items():
        if code != a.lang:
            foreign |= e2e.lang_strings(lang)
    foreign -= e2e.lang_strings(langs[a.lang])
    out = os.path.abspath(os.path.join(a.out, f"readaloud-parts-{a.lang}-{a.size}"))
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    cfg = os.path.join(out, "config.json")
    json.dump({"read_aloud": True, "volume": 100}, open(cfg, "w"))
    n = [0]

    def run(script, audio=None):
        path = os.path.join(out, f"script-{n[0]}.json")
        n[0] += 1
        json.dump(script, open(path, "w", encoding="utf-8"), ensure_ascii=False)
        extra = ["--audio-out", audio] if audio else []
        p = subprocess.run([a.lantern, "--headless", "--content", a.content, "--size", a.size, "--config", cfg,
                            "--script", path, "--out", out] + extra,
                           capture_output=True, text=True, env=dict(os.environ, SDL_AUDIODRIVER="dummy"))
        check(p.returncode == 0, f"{path}: exit {p.returncode}: {p.stderr.strip()[-400:]}")

    def dump(name):
        return json.load(open(os.path.join(out, name + ".json"), encoding="utf-8"))

    def texts(d):
        return [i["text"] for i in d["items"]]

    # The module's second page (its first part continues or the second starts there).
    start = e2e.start_steps(ui, a.lang, manifest["default_language"], w, h)
    title = langs[a.lang]["docs"][DOC]["title"]
    run(start + [s for k in range(len(manifest["home"])) for s in ({"shot": f"home{k}"}, {"key": "Right"})])
    tile = next((k for k in range(len(manifest["home"])) if title in texts(dump(f"home{k}"))), None)
    check(tile is not None, f"no tile for {DOC} on Home")
    if tile is None:
        return
    page = start + [{"key": "Right"}] * tile + [{"tap_text": title}, {"key": "Right"}]
    run(page + [{"shot": "page"}])
    behind = dump("page")
    count = [t for t in behind["targets"] if t["action"] == ACT["ACT_PARTS"]]
    check(behind["screen"] == "reader" and behind["page"] == 2 and len(count) == 1,
          f"{DOC} page 2: {behind['screen']} page {behind['page']}, {len(count)} buttons to the list of parts")
    if len(count) != 1:
        return
    opener = {"tap": [count[0]["x"] + count[0]["w"] // 2, count[0]["y"] + count[0]["h"] // 2]}
    listen = {"tap_text": ui["listen.start"]}
    # The page's own words: not a button's, not the running head's (it names
    # the module), not the draft mark's (on the list too).
    page_words = {i["text"] for i in behind["items"] if not i["tap"] and title not in i["text"]}

    # 1. Reading the page, then the list opened: silence from then on.
    capture = os.path.join(out, "page-then-list.raw")
    run(page + [listen, {"wait_ms": 1000}, {"shot": "reading"}, opener, {"shot": "opened"},
                {"wait_ms": 2000}, {"shot": "opened-2s"}], capture)
    reading, opened, later = dump("reading"), dump("opened"), dump("opened-2s")
    check(reading["speaking"] and reading["spoken"], "Listen on the page did not read it")
    check(ui["reader.parts"] in texts(opened), "the page count did not open the list of parts")
    check(not opened["speaking"] and not later["speaking"],
          f"the list of parts opened over a reading: still speaking {opened['spoken']!r} / {later['spoken']!r}")
    s = a11y.pcm(capture)
    rate = a11y.RATE
    check(a11y.rms(s[: rate]) > 300, f"the page's reading was silent (rms {a11y.rms(s[:rate]):.0f})")
    after = s[(1000 + 50) * rate // 1000:]
    check(len(after) > rate and a11y.rms(after) == 0,
          f"sound after the list of parts opened: rms {a11y.rms(after):.0f} over {len(after)} samples")

    # 2. Listen with the list open: the list, each of its sentences in turn.
    steps = page + [opener, {"shot": "list"}, listen]
    shots = 60
    for k in range(shots):
        steps += [{"wait_ms": 400}, {"shot": f"list-{k}"}]
    run(steps)
    shown = dump("list")
    on_list = texts(shown)
    page_words -= set(on_list)
    parts = [i["text"] for i in shown["items"] if i["tap"] and re.match(r"^\d+\. ", i["text"])]
    check(len(parts) >= 1, f"the list of parts shows no part: {on_list}")
    heard, order, ended = [], [], False
    for k in range(shots):
        d = dump(f"list-{k}")
        if not d["speaking"]:
            ended = k > 0 and bool(heard)
            break
        check(d["screen"] == "reader" and ui["reader.parts"] in texts(d), f"list-{k}: the list closed while reading")
        if d["spoken"] and (not heard or heard[-1] != d["spoken"]):
            heard.append(d["spoken"])
            order.append(d["sentence"])
    check(ended, f"the reading of the list did not end in {shots * 0.4:.0f} s (heard {len(heard)} sentences)")
    check(order == sorted(order), f"the highlight went backwards: {order}")
    check(ui["reader.parts"] in heard and title in heard, f"the list's title and module not read: {heard[:3]}")
    for p in parts:
        check(p in heard, f"the part {p!r} on the list was not read (heard {heard})")
    for sentence in heard:
        check(any(sentence in t for t in on_list), f"heard {sentence!r}, not a text on the list's screen")
        check(not any(sentence in t for t in page_words), f"heard {sentence!r} from the page behind the list")

    # 3. The list turned or closed while reading: the reading stops.
    stops = [("back", [{"tap_text": ui["nav.back"]}])]
    if shown["pages"] > 1:
        stops.append(("turned", [{"tap_text": ui["nav.next"]}]))
    for name, act in stops:
        run(page + [opener, listen, {"wait_ms": 600}, {"shot": f"{name}-before"}] + act + [
            {"shot": name}, {"wait_ms": 1000}, {"shot": f"{name}-1s"}])
        before, d, d1 = dump(f"{name}-before"), dump(name), dump(f"{name}-1s")
        check(before["speaking"], f"{name}: the list was not being read")
        check(not d["speaking"] and not d1["speaking"], f"{name}: still reading {d['spoken']!r} after it")
    check(dump("back")["screen"] == "reader" and ui["reader.parts"] not in texts(dump("back")) and
          dump("back")["page"] == 2, "Back on the list did not return to the page it was opened on")

    names = ["page", "reading", "opened", "list"] + [f"list-{k}" for k in (1, 4)] + [s[0] for s in stops]
    png = e2e.probe_pngs(a.png_probe, [os.path.join(out, n + ".png") for n in names])
    for name in names:
        e2e.check_shot(out, name, w, h, a.lang, langs, foreign, png)
    print(f"readaloud parts {a.lang} {a.size}: heard on the list: {heard}")
    print(f"readaloud parts: {e2e.PASSES[0]} passed, {len(e2e.FAILS)} failed")
    sys.exit(1 if e2e.FAILS else 0)


if __name__ == "__main__":
    main()
