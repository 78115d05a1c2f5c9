#!/usr/bin/env python3
"""Issue 14 end to end, through the real binary's headless harness (virtual
clock, SDL's dummy audio driver, no sleeps).

  a11y.py listen --lantern BIN --content DIR --out DIR --lang en
      read-aloud on a reader page: the dump says what is spoken and which
      sentence is highlighted; the PCM the harness plays (--audio-out) is
      non-silent and as long as the virtual time that passed; a page turn,
      the crisis screen's Back, and the idle reset stop it (silence after).
  a11y.py qr --lantern BIN --content DIR --out DIR --size 800x480
      at every text step and in high contrast, in every language: the
      take-home codes on a module's last page and on the crisis screen,
      decoded from the PNG with zbarimg, are exactly the links in content.
"""
import argparse
import json
import os
import shutil
import struct
import subprocess
import sys

FAILS, PASSES = [], [0]
RATE = 22050


def check(cond, msg):
    if cond:
        PASSES[0] += 1
    else:
        FAILS.append(msg)
        print("FAIL: " + msg, file=sys.stderr)


def run(a, out, script, name, extra=()):
    path = os.path.join(out, name + ".script.json")
    json.dump(script, open(path, "w", encoding="utf-8"), ensure_ascii=False)
    p = subprocess.run([a.lantern, "--headless", "--content", a.content, "--script", path, "--out", out] + list(extra),
                       capture_output=True, text=True, env=dict(os.environ, SDL_AUDIODRIVER="dummy"))
    check(p.returncode == 0, f"{name}: exit {p.returncode}: {p.stderr.strip()[-400:]}")
    return p


def dump(out, name):
    return json.load(open(os.path.join(out, name + ".json"), encoding="utf-8"))


def content(root):
    manifest = json.load(open(os.path.join(root, "manifest.json"), encoding="utf-8"))
    langs = {}
    for code in manifest["languages"]:
        ui = json.load(open(os.path.join(root, code, "ui.json"), encoding="utf-8"))["strings"]
        docs = {}
        for f in sorted(os.listdir(os.path.join(root, code, "modules"))):
            d = json.load(open(os.path.join(root, code, "modules", f), encoding="utf-8"))
            docs[d["id"]] = d
        help_doc = json.load(open(os.path.join(root, code, "help.json"), encoding="utf-8"))
        langs[code] = {"ui": ui, "docs": docs, "help": help_doc}
    return manifest, langs


def start_steps(manifest, langs, lang, w, h):
    if lang == manifest["default_language"]:
        return [{"tap": [w // 2, h - 10]}]
    return [{"tap_text": langs[lang]["ui"]["language.name"]}]


def to_module(manifest, langs, lang, w, h, doc_id, home_page, pre=()):
    """The steps from the attract screen to a module's first page: start in
    the language, any steps before (text size), Home's page with its tile."""
    return start_steps(manifest, langs, lang, w, h) + list(pre) + [{"key": "Right"}] * home_page + [
        {"tap_text": langs[lang]["docs"][doc_id]["title"]}]


def find_tile(a, out, manifest, langs, lang, doc_id, w, h, pre):
    """Home's page holding the tile (keys turn Home's pages)."""
    title = langs[lang]["docs"][doc_id]["title"]
    script = start_steps(manifest, langs, lang, w, h) + pre
    for k in range(len(manifest["home"])):
        script += [{"shot": f"probe-{doc_id}-{k}"}, {"key": "Right"}]
    run(a, out, script, f"probe-{doc_id}", ["--size", f"{w}x{h}"])
    for k in range(len(manifest["home"])):
        if any(i["text"] == title for i in dump(out, f"probe-{doc_id}-{k}")["items"]):
            return k
    check(False, f"tile {doc_id} not found on Home")
    return 0


def pcm(path):
    data = open(path, "rb").read()
    n = len(data) // 2
    return struct.unpack("<%dh" % n, data[: n * 2])


def rms(samples):
    if not samples:
        return 0.0
    return (sum(s * s for s in samples) / len(samples)) ** 0.5


def listen(a):
    manifest, langs = content(a.content)
    ui = langs[a.lang]["ui"]
    w, h = 1920, 1080
    out = os.path.join(a.out, f"a11y-listen-{a.lang}")
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    cfg = os.path.join(out, "config.json")
    json.dump({"read_aloud": True, "volume": 100}, open(cfg, "w"))
    doc_id = "understanding-self-harm"
    page = find_tile(a, out, manifest, langs, a.lang, doc_id, w, h, [])
    capture = os.path.join(out, "audio.raw")
    script = to_module(manifest, langs, a.lang, w, h, doc_id, page) + [
        {"shot": "before"},
        {"tap_text": ui["listen.start"]}, {"wait_ms": 500}, {"shot": "listen-halfs"},
        {"wait_ms": 5500}, {"shot": "listen-6s"},
        {"key": "Right"}, {"shot": "turned"}, {"wait_ms": 2000}, {"shot": "turned-2s"},
        {"tap_text": ui["listen.start"]}, {"wait_ms": 1000}, {"shot": "again"},
        {"wait_ms": 120000 + 20000}, {"shot": "reset"}, {"wait_ms": 1000}]
    run(a, out, script, "listen", ["--size", f"{w}x{h}", "--config", cfg, "--audio-out", capture])
    before, d05, d3 = dump(out, "before"), dump(out, "listen-halfs"), dump(out, "listen-6s")
    check(not before["speaking"] and ui["listen.start"] in [i["text"] for i in before["items"]], "Listen not offered")
    check(d05["speaking"] and d05["sentences"] > 2, f"not speaking after 0.5 s: {d05['speaking']}, {d05['sentences']}")
    check(ui["listen.stop"] in [i["text"] for i in d05["items"]], "no Stop while speaking")
    check(d3["speaking"] and d3["sentence"] >= 1 and d3["spoken"], f"no sentence highlighted at 6 s: {d3['sentence']}")
    check(d3["sentence"] >= d05["sentence"], "the highlight went backwards")
    # What is spoken is on screen (numbers spoken digit by digit aside).
    shown = " ".join(i["text"] for i in d3["items"])
    first_words = (d3["spoken"] or "").split(" ")[0]
    check(first_words in shown, f"spoken {d3['spoken']!r} is not on screen")
    turned, t2, again, reset = dump(out, "turned"), dump(out, "turned-2s"), dump(out, "again"), dump(out, "reset")
    check(not turned["speaking"] and turned["page"] == 2, "a page turn did not stop the reading")
    check(not t2["speaking"], "speaking after the page turn")
    check(again["speaking"], "Listen on the next page did not start")
    check(not reset["speaking"] and reset["screen"] == "attract", "the idle reset did not stop the reading")
    # The PCM: as long as the virtual time played; sound while listening, silence after a stop.
    s = pcm(capture)
    total_ms = 500 + 5500 + 2000 + 1000 + 140000 + 1000
    check(abs(len(s) - total_ms * RATE // 1000) <= RATE // 50, f"captured {len(s)} samples for {total_ms} ms")
    listening = s[: 3000 * RATE // 1000]
    after_turn = s[(6000 + 50) * RATE // 1000: 8000 * RATE // 1000]
    after_reset = s[-1000 * RATE // 1000:]
    check(rms(listening) > 300, f"the reading is (nearly) silent: rms {rms(listening):.0f}")
    voiced = sum(1 for x in listening if abs(x) > 500)
    check(voiced > len(listening) // 5, f"only {voiced} of {len(listening)} samples are sound")
    check(rms(after_turn) == 0, f"sound after the page turn: rms {rms(after_turn):.0f}")
    check(rms(after_reset) == 0, "sound after the idle reset")
    # For a person to listen to: a WAV of the first 3 s (sox makes a spectrogram of it).
    with open(os.path.join(out, "reading.wav"), "wb") as f:
        data = struct.pack("<%dh" % len(listening), *listening)
        f.write(b"RIFF" + struct.pack("<I", 36 + len(data)) + b"WAVEfmt " +
                struct.pack("<IHHIIHH", 16, 1, 1, RATE, RATE * 2, 2, 16) + b"data" + struct.pack("<I", len(data)) + data)


def headphones(a):
    """headphones_only: Listen plays only through the named headphone output.
    Pulled out while reading, the reading stops at once, nothing more is
    played and Listen says to plug them in (a tap then does nothing); plugged
    back in, Listen works again. Named output absent from the start: the same
    "plug them in" state, never the loudspeaker."""
    manifest, langs = content(a.content)
    ui = langs[a.lang]["ui"]
    w, h = 1280, 800
    out = os.path.join(a.out, f"a11y-headphones-{a.lang}")
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    doc_id = "understanding-self-harm"
    page = find_tile(a, out, manifest, langs, a.lang, doc_id, w, h, [])
    module = to_module(manifest, langs, a.lang, w, h, doc_id, page)
    labels = lambda d: [i["text"] for i in d["items"]]
    # SDL's dummy driver has one output, named as below: "the headphones" here.
    cfg = os.path.join(out, "config.json")
    json.dump({"read_aloud": True, "volume": 100, "headphones_only": True,
               "audio_device": "System audio output device"}, open(cfg, "w"))
    capture = os.path.join(out, "audio.raw")
    script = module + [
        {"shot": "before"}, {"tap_text": ui["listen.headphones"]}, {"wait_ms": 1000}, {"shot": "reading"},
        {"headphones": False}, {"shot": "pulled"}, {"tap_text": ui["listen.plug_in"]}, {"wait_ms": 2000},
        {"shot": "tapped"}, {"headphones": True}, {"shot": "back"},
        {"tap_text": ui["listen.headphones"]}, {"wait_ms": 1000}, {"shot": "again"}]
    run(a, out, script, "headphones", ["--size", f"{w}x{h}", "--config", cfg, "--audio-out", capture])
    before, reading, pulled, tapped = (dump(out, n) for n in ("before", "reading", "pulled", "tapped"))
    back, again = dump(out, "back"), dump(out, "again")
    check(ui["listen.headphones"] in labels(before), "headphones plugged: no 'Listen with the headphones'")
    check(reading["speaking"], "Listen with the headphones did not read")
    check(not pulled["speaking"] and ui["listen.plug_in"] in labels(pulled),
          f"pulled out: speaking {pulled['speaking']}, no {ui['listen.plug_in']!r}")
    check(not tapped["speaking"] and ui["listen.plug_in"] in labels(tapped), "a tap without headphones read aloud")
    check(ui["listen.headphones"] in labels(back) and not back["speaking"], "plugged back: Listen not offered again")
    check(again["speaking"], "plugged back: Listen did not read")
    # Played: 1 s before they were pulled out, nothing while out, 1 s after.
    s = pcm(capture)
    check(abs(len(s) - 2000 * RATE // 1000) <= RATE // 50, f"captured {len(s)} samples, not 2 s: played while unplugged?")
    check(rms(s[: RATE]) > 300 and rms(s[RATE:]) > 300, "a reading was silent")
    # The named output absent from the start (a USB headset not plugged in).
    json.dump({"read_aloud": True, "volume": 100, "headphones_only": True,
               "audio_device": "USB headset that is not there"}, open(cfg, "w"))
    capture2 = os.path.join(out, "absent.raw")
    run(a, out, module + [{"shot": "absent"}, {"tap_text": ui["listen.plug_in"]}, {"wait_ms": 1000},
                             {"shot": "absent-tapped"}, {"headphones": True}, {"shot": "absent-still"}],
        "absent", ["--size", f"{w}x{h}", "--config", cfg, "--audio-out", capture2])
    for n in ("absent", "absent-tapped", "absent-still"):
        d = dump(out, n)
        check(not d["speaking"] and ui["listen.plug_in"] in labels(d), f"{n}: speaking {d['speaking']} or no plug-in label")
    check(len(pcm(capture2)) == 0, "sound without the headphones")


def zbar(png):
    p = subprocess.run(["zbarimg", "--raw", "-q", png], capture_output=True, text=True)
    return sorted(l for l in p.stdout.splitlines() if l)


def qr(a):
    manifest, langs = content(a.content)
    w, h = map(int, a.size.split("x"))
    out = os.path.join(a.out, f"a11y-qr-{a.size}")
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    doc_id = "how-treatment-works"
    for lang in manifest["languages"]:
        ui = langs[lang]["ui"]
        for taps in range(4):  # 100, 125, 150 %, then 150 % in high contrast
            pre = [{"tap_text": "A+"}] * taps
            tag = f"{lang}-{taps}"
            page = find_tile(a, out, manifest, langs, lang, doc_id, w, h, pre)
            doc = langs[lang]["docs"][doc_id]
            module = to_module(manifest, langs, lang, w, h, doc_id, page, pre)
            to_crisis = start_steps(manifest, langs, lang, w, h) + pre + [{"tap_text": ui["crisis.bar"]}]
            # How many pages each has, then every page shot: a code may be on any.
            run(a, out, module + [{"shot": f"count-m-{tag}"}] + [{"tap_text": ui["crisis.bar"]}] +
                [{"shot": f"count-c-{tag}"}], f"count-{tag}", ["--size", a.size])
            for kind, steps, want_doc in (("module", module, doc), ("crisis", to_crisis, langs[lang]["help"])):
                first = dump(out, f"count-{kind[0]}-{tag}")
                n = first["pages"]
                script = list(steps)
                for p in range(n):
                    script += [{"shot": f"{kind}-{tag}-p{p + 1}"}, {"key": "Right"}]
                # Help on one screen with the codes behind their own button.
                if ui["take_home.button"] in [i["text"] for i in first["items"]]:
                    script += [{"tap_text": ui["take_home.button"]}, {"shot": f"{kind}-{tag}-p{n + 1}"}]
                    n += 1
                run(a, out, script, f"qr-{kind}-{tag}", ["--size", a.size])
                want = sorted(l["url"] for l in want_doc.get("take_home", []))
                seen, decoded, caption_seen = [], [], False
                for p in range(n):
                    name = f"{kind}-{tag}-p{p + 1}"
                    d = dump(out, name)
                    check(d["text_percent"] == (100, 125, 150, 150)[taps] and d["high_contrast"] == (taps == 3),
                          f"{name}: text {d['text_percent']} hc {d['high_contrast']}")
                    codes = sorted(q["text"] for q in d["qr"])
                    seen += codes
                    for q in d["qr"]:
                        check(q["module_px"] >= 3 and q["w"] == (q["modules"] + 8) * q["module_px"],
                              f"{name}: module {q['module_px']} px")
                        check(q["x"] >= 0 and q["y"] >= 0 and q["x"] + q["w"] <= w and q["y"] + q["h"] <= h,
                              f"{name}: code off screen")
                    got = zbar(os.path.join(out, name + ".png")) if codes else []
                    check(got == codes, f"{name}: zbarimg read {got}, the screen shows {codes}")
                    decoded += got
                    caption_seen |= ui["take_home.caption"] in [i["text"] for i in d["items"]]
                # The crisis screen shows two pages side by side on a wide screen: a code may be in two shots.
                check(sorted(set(seen)) == want, f"{kind}-{tag}: codes {sorted(set(seen))} != content {want}")
                check(sorted(set(decoded)) == want, f"{kind}-{tag}: decoded {sorted(set(decoded))} != content {want}")
                check(caption_seen == bool(want), f"{kind}-{tag}: caption shown {caption_seen}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["listen", "qr", "headphones"])
    ap.add_argument("--lantern", required=True)
    ap.add_argument("--content", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--lang", default="en")
    ap.add_argument("--size", default="1920x1080")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    {"listen": listen, "qr": qr, "headphones": headphones}[a.mode](a)
    print(f"a11y {a.mode}: {PASSES[0]} passed, {len(FAILS)} failed")
    sys.exit(1 if FAILS else 0)


if __name__ == "__main__":
    main()
