#!/usr/bin/env python3
"""End-to-end tests: drive the real lantern binary through its headless
harness (virtual clock, no sleeps) and check every shot it writes.

  e2e.py walk --lantern BIN --content DIR --out DIR --lang es --size 1080x1920
      attract -> home -> every module's every page -> crisis screen (every
      page) -> idle warning -> idle reset, checking each shot.
  e2e.py cli --lantern BIN --content DIR --out DIR
      bad scripts, bad flags, bad config and bad content: exit status and
      the one clear line each must print.

Every shot is checked for: the crisis bar (in the JSON and in the pixels),
no overlapping text, no text outside its box or the screen, the right
language only, a PNG of the right size that is not blank.
"""
import argparse
import json
import os
import re
import shutil
import struct
import subprocess
import sys

import crisis_checks  # what "Get help now" must show (issue 13)

FAILS = []
PASSES = [0]


def check(cond, msg):
    if cond:
        PASSES[0] += 1
    else:
        FAILS.append(msg)
        print("FAIL: " + msg, file=sys.stderr)


# ---------------------------------------------------------------- content

def load_content(root):
    manifest = json.load(open(os.path.join(root, "manifest.json"), encoding="utf-8"))
    langs = {}
    for code in manifest["languages"]:
        ui = json.load(open(os.path.join(root, code, "ui.json"), encoding="utf-8"))["strings"]
        docs = {}
        mdir = os.path.join(root, code, "modules")
        for name in sorted(os.listdir(mdir)):
            if name.endswith(".json"):
                d = json.load(open(os.path.join(mdir, name), encoding="utf-8"))
                docs[d["id"]] = d
        help_doc = json.load(open(os.path.join(root, code, "help.json"), encoding="utf-8"))
        langs[code] = {"ui": ui, "docs": docs, "help": help_doc}
    return manifest, langs


def doc_texts(doc):
    out = [doc["title"], doc["summary"]]
    for b in doc["blocks"]:
        for k in ("text", "label", "name", "detail", "note"):
            if k in b:
                out.append(b[k])
        out.extend(b.get("items", []))
    return out


def lang_strings(lang):
    strings = set(v for k, v in lang["ui"].items() if k != "language.name")
    for d in list(lang["docs"].values()) + [lang["help"]]:
        strings.update(doc_texts(d))
    return strings


# ---------------------------------------------------------------- PNG

def probe_pngs(probe, paths):
    """Size, distinct colours and the top-left pixel of each PNG (tests/tools/png_probe.c)."""
    p = subprocess.run([probe] + paths, capture_output=True, text=True)
    check(p.returncode == 0, f"png_probe: {p.stderr.strip()}")
    out = {}
    for line in p.stdout.splitlines():
        path, w, h, colours, rgb = line.rsplit(" ", 4)
        out[path] = (int(w), int(h), int(colours), tuple(int(c) for c in rgb.split(",")))
    return out


# ---------------------------------------------------------------- shots

def overlaps(a, b):
    return a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"] and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"]


STAFF_SCREENS = ("pin", "staff", "touch_test", "exit_confirm", "cancel")


# Issue 13: sizes on the panel, from the dump's mm_per_px (the panel the kiosk
# assumed: the usual one for the size). Every text at least the secondary size
# (4.25 mm, body minus 15%), every target at least 12 mm either way, targets
# apart by at least 2 mm.
SECONDARY_MM, TARGET_MM, GAP_MM = 4.25, 12.0, 2.0


def check_physical(dump, where, w, h):
    mm = dump.get("mm_per_px")
    if not mm or dump["screen"] in STAFF_SCREENS:
        return
    for it in dump["items"]:
        if it.get("px"):
            check(it["px"] * mm >= SECONDARY_MM - 0.01,
                  f"{where}: {it['text'][:40]!r} is {it['px'] * mm:.2f} mm, under {SECONDARY_MM} mm")
    targets = [t for t in dump["targets"] if t["w"] * t["h"] < w * h // 3]
    for t in targets:
        check(min(t["w"], t["h"]) * mm >= TARGET_MM - 0.01,
              f"{where}: a target {t['w']}x{t['h']} px is {min(t['w'], t['h']) * mm:.1f} mm, under {TARGET_MM} mm")
    gap = int(GAP_MM / mm)
    for i, a in enumerate(targets):
        for b in targets[i + 1:]:
            if (a["x"], a["y"], a["w"], a["h"]) == (b["x"], b["y"], b["w"], b["h"]):
                continue
            grown = {"x": a["x"] - gap, "y": a["y"] - gap, "w": a["w"] + 2 * gap, "h": a["h"] + 2 * gap}
            check(not overlaps(grown, b), f"{where}: targets {a} and {b} closer than {GAP_MM} mm")


BAR_RGB = [(0x17, 0x32, 0x4D)]  # the crisis bar's colour (high contrast: black)


def check_shot(out, name, w, h, lang, langs, foreign, png=None, bar_rgb=None):
    dump = json.load(open(os.path.join(out, name + ".json"), encoding="utf-8"))
    where = f"{name}"
    check(dump["lang"] == lang, f"{where}: lang {dump['lang']} != {lang}")
    check(not dump["overflow"], f"{where}: the draw list overflowed")
    items = dump["items"]
    check(len(items) >= 2, f"{where}: almost nothing on screen")
    bar = langs[lang]["ui"]["crisis.bar"]
    own_names = [b["name"] for b in langs[lang].get("help", {}).get("blocks", []) if b["type"] == "help"]
    bars = [i for i in items if i["text"] == bar]
    check(len(bars) == 1 and bars[0]["y"] < h // 8 and bars[0]["tap"], f"{where}: crisis bar missing, low or not tappable")
    for n, it in enumerate(items):
        x, y, iw, ih = it["x"], it["y"], it["w"], it["h"]
        cx, cy, cw, ch = it["clip"]
        check(x >= 0 and y >= 0 and x + iw <= w and y + ih <= h, f"{where}: item {n} {it['text']!r} off screen")
        check(x >= cx and y >= cy and x + iw <= cx + cw and y + ih <= cy + ch,
              f"{where}: item {n} {it['text']!r} clipped by its box")
        check(iw > 0 and ih > 0, f"{where}: item {n} empty")
        for m in range(n + 1, len(items)):
            check(not overlaps(it, items[m]), f"{where}: {it['text']!r} overlaps {items[m]['text']!r}")
        # Another language's words never show (a paragraph may be split: check pieces too),
        # but a proper name both use ("Crisis Text Line" in "Crisis Text Line (mensajes
        # de texto)") may stand alone on a line of a help card.
        check(it["text"] not in foreign or any(it["text"] in n for n in own_names),
              f"{where}: foreign-language text {it['text']!r}")
    # Unapproved content (no trusted approvers configured, as here): every
    # visitor screen carries the draft mark, once, under the crisis bar (the
    # idle question covers the page, the mark with it).
    if dump["screen"] not in STAFF_SCREENS and "draft.mark" in langs[lang]["ui"] and not dump.get("idle_warning"):
        # A module's pages on a 7" panel carry it, short, at the end of the
        # running head: its own line would take one of the page's few.
        # Not while presenting (the head's row is the facilitator's) nor on
        # the list of parts (no running head: its own line, at the list's top).
        lu = langs[lang]["ui"]
        marks = [lu["draft.mark"]]
        if (dump["screen"] == "reader" and h * dump.get("mm_per_px", 1) < 100 and
                not any(i["text"] in (lu["reader.parts"], lu["facilitator.leave"]) for i in items)):
            marks = [lu["draft.short"]]
        # The groups schedule's head (or title) carries it the same way.
        if dump["screen"] == "groups" and h * dump.get("mm_per_px", 1) < 100 and lu.get("draft.short"):
            marks = [lu["draft.short"]]
        mark = [i for i in items if i["text"] in marks]
        # The bar's A+ and Listen controls may sit in a row under its text.
        every_bar = set(l["ui"]["crisis.bar"] for l in langs.values()) | set(
            l["ui"].get(k) for l in langs.values() for k in ("text.larger", "listen.start", "listen.stop", "listen.headphones", "listen.plug_in"))
        under = max([i["y"] + i["h"] for i in items if i["text"] in every_bar] + [0]) + h // 10
        check(len(mark) == 1 and mark[0]["y"] < under, f"{where}: no draft mark under the crisis bar")
    check_physical(dump, where, w, h)
    # A phone number is never broken over two lines, on any screen (issue 13).
    for text, first, second in crisis_checks.split_numbers(dump):
        check(False, f"{where}: a phone number broken over two lines: {first!r} / {second!r} in {text[:60]!r}")
    if png:
        pw, ph, colours, corner = png[os.path.join(out, name + ".png")]
        check(pw == w and ph == h, f"{where}: PNG is {pw}x{ph}, not {w}x{h}")
        check(colours >= 4, f"{where}: the PNG looks blank ({colours} colours)")
        check(corner == (bar_rgb or BAR_RGB[0]), f"{where}: no crisis bar colour at the top of the PNG")
    return dump


def foreign_strings(langs, lang):
    """The other languages' words that never belong on a screen in lang."""
    foreign = set()
    for code, other in langs.items():
        if code != lang:
            foreign |= lang_strings(other)
    return foreign - lang_strings(langs[lang])


def check_shots(out, shots, w, h, lang, langs, png_probe=None):
    """check_shot() on every shot named (and its PNG, given png_probe): the
    crisis bar, nothing clipped, off screen or overlapping, one language,
    sizes in millimetres. Returns the dumps by name."""
    foreign = foreign_strings(langs, lang)
    png = probe_pngs(png_probe, [os.path.join(out, s + ".png") for s in shots]) if png_probe else None
    return {s: check_shot(out, s, w, h, lang, langs, foreign, png) for s in shots}


def start_steps(ui, lang, default_lang, w, h):
    """From the attract screen to Home in lang: its own words tapped, or a
    tap low on the screen for the default language."""
    return [{"tap_text": ui["language.name"]}] if lang != default_lang else [{"tap": [w // 2, h - 5]}]


def run(binary, args, script, out, expect=0):
    path = os.path.join(out, "script-%d.json" % run.n)
    run.n += 1
    json.dump(script, open(path, "w", encoding="utf-8"), ensure_ascii=False)
    p = subprocess.run([binary, "--headless", "--script", path, "--out", out] + args,
                       capture_output=True, text=True)
    check(p.returncode == expect, f"run {path}: exit {p.returncode}, stderr: {p.stderr.strip()}")
    check("has no glyph" not in p.stderr, f"run {path}: a character the font cannot draw: {p.stderr.strip()}")
    return p


run.n = 0


def walk(a):
    w, h = map(int, a.size.split("x"))
    manifest, langs = load_content(a.content)
    ui = langs[a.lang]["ui"]
    out = os.path.join(a.out, f"walk-{a.lang}-{a.size}" + (f"-a11y{a.a11y_taps}" if a.a11y_taps else ""))
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    args = ["--content", a.content, "--size", a.size]
    foreign = set()
    for code, lang in langs.items():
        if code != a.lang:
            foreign |= lang_strings(lang)
    foreign -= lang_strings(langs[a.lang])
    start = [] if a.lang == manifest["default_language"] else [{"tap_text": ui["language.name"]}]
    if a.lang == manifest["default_language"]:
        start = [{"tap": [w // 2, h - 10]}]  # any touch wakes; the tap does nothing else
    # Issue 14: the walk at a larger text step (A+ once: 125 %, twice: 150 %,
    # three times: 150 % in high contrast); the idle reset puts it back.
    start += [{"tap_text": ui["text.larger"]}] * a.a11y_taps
    if a.a11y_taps >= 3:
        BAR_RGB[0] = (0, 0, 0)

    # Phase 1: which tile is on which page of Home (keys turn pages and stop at the end).
    # Home pages grow with the modules: probe as many pages as there are tiles (keys stop at the end).
    probe_pages = len(manifest["home"])
    probe = start + [s for k in range(probe_pages) for s in ({"shot": f"home-probe{k}"}, {"key": "Right"})]
    run(a.lantern, args, probe, out)
    tile_page = {}
    for k in range(probe_pages):
        dump = json.load(open(os.path.join(out, f"home-probe{k}.json"), encoding="utf-8"))
        for it in dump["items"]:
            for doc_id in manifest["home"]:
                if it["text"] == langs[a.lang]["docs"][doc_id]["title"]:
                    tile_page.setdefault(doc_id, dump["page"])
    check(set(tile_page) == set(manifest["home"]), f"tiles missing from Home: {set(manifest['home']) - set(tile_page)}")
    # On a 1080p screen (either way up) Home shows every topic tile at once (issue 13);
    # the crisis topic and the contact form are never behind paging anywhere it fits.
    if min(w, h) >= 1080 and a.a11y_taps == 0:
        behind = sorted(d for d, p in tile_page.items() if p != 1)
        check(not behind, f"Home pages at {a.size}: {behind} not on page 1")
    for doc_id in ("in-a-crisis", manifest.get("contact_form")):
        if doc_id in tile_page and min(w, h) >= 1080 and a.a11y_taps == 0:
            check(tile_page[doc_id] == 1, f"{doc_id} is on Home page {tile_page[doc_id]}, not page 1")

    check_home(a, args, start, manifest, langs, out, w, h, tile_page)

    # The schedule's page with "About the groups": with the first meeting
    # where both fit, else after the last (a 7" panel).
    more_page = 0
    if manifest.get("groups_screen") in tile_page:
        want = tile_page[manifest["groups_screen"]]
        title = langs[a.lang]["docs"][manifest["groups_screen"]]["title"]
        run(a.lantern, args, start + [{"key": "Right"}] * (want - 1) + [{"tap_text": title}] + [
            s for k in range(16) for s in ({"shot": f"groups-probe{k}"}, {"key": "Right"})], out)
        for k in range(16):
            d = json.load(open(os.path.join(out, f"groups-probe{k}.json"), encoding="utf-8"))
            if d["screen"] != "groups" or any(i["text"] == ui["groups.more"] for i in d["items"]):
                more_page = k
                break

    # Home keeps its page while a module is read, so Home returns where the visitor was.
    home_page = [1]

    def open_doc(doc_id):
        want = tile_page[doc_id]
        key = "nav.next" if want > home_page[0] else "nav.previous"
        steps = [{"tap_text": ui[key]}] * abs(want - home_page[0])
        home_page[0] = want
        steps = steps + [{"tap_text": langs[a.lang]["docs"][doc_id]["title"]}]
        if doc_id == manifest.get("groups_screen"):
            # The groups tile opens the schedule screen; the page is one tap on.
            steps += [{"shot": f"groups-{len(steps)}"}] + [{"key": "Right"}] * more_page + [{"tap_text": ui["groups.more"]}]
        return steps

    # Leaving a module: Home; the groups screen's module was opened from the
    # schedule ("About the groups"), so its Back returns there, then Home.
    def leave(doc_id, shot=None):
        if doc_id == manifest.get("groups_screen"):
            return [{"tap_text": ui["nav.back"]}] + ([{"shot": shot}] if shot else []) + [{"tap_text": ui["nav.home"]}]
        return [{"tap_text": ui["nav.home"]}]

    # Phase 2: how many pages each module has at this size.
    probe = list(start)
    for doc_id in manifest["home"]:
        probe += open_doc(doc_id) + [{"shot": f"pages-{doc_id}"}] + leave(doc_id)
    run(a.lantern, args, probe, out)
    pages = {d: json.load(open(os.path.join(out, f"pages-{d}.json"), encoding="utf-8"))["pages"] for d in manifest["home"]}

    # Phase 3: the walk itself.
    home_page[0] = 1
    script = [{"shot": "attract"}] + start + [{"shot": "home"}]
    shots = [("attract", "attract"), ("home", "home")]
    for doc_id in manifest["home"]:
        script += open_doc(doc_id)
        for p in range(pages[doc_id]):
            script.append({"shot": f"{doc_id}-p{p + 1}"})
            shots.append((f"{doc_id}-p{p + 1}", "reader"))
            if p + 1 < pages[doc_id]:
                # Alternate the button and a swipe to the left: both turn the page.
                script.append({"tap_text": ui["nav.next"]} if p % 2 == 0 else {"swipe": [w * 4 // 5, h // 2, w // 5, h // 2]})
        script += leave(doc_id, "about-groups-back")
    script += [{"tap_text": ui["crisis.bar"]}, {"shot": "crisis-p1"}]
    shots.append(("crisis-p1", "crisis"))
    script += [{"wait_ms": 119999}, {"shot": "before-idle"}, {"wait_ms": 1}, {"shot": "idle"},
               {"wait_ms": 19999}, {"shot": "idle-last"}, {"wait_ms": 1}, {"shot": "reset"}]
    run(a.lantern, args, script, out)
    png = probe_pngs(a.png_probe, [os.path.join(out, n + ".png") for n, _ in shots] +
                     [os.path.join(out, n + ".png") for n in ("idle", "reset")])
    default = manifest["default_language"]
    foreign_default = set()
    for code, lang in langs.items():
        if code != default:
            foreign_default |= lang_strings(lang)
    foreign_default -= lang_strings(langs[default])
    # The attract screen is the one screen for every language: it invites in each.
    attract_ok = set(l["ui"][k] for l in langs.values() for k in ("attract.touch", "crisis.bar", "crisis.more", "attract.title", "attract.subtitle"))
    for name, screen in shots:
        if screen == "attract":
            check_shot(out, name, w, h, default, langs, foreign_default - attract_ok, png, bar_rgb=(0x17, 0x32, 0x4D))
            continue
        dump = check_shot(out, name, w, h, a.lang, langs, foreign, png)
        check(dump["screen"] == screen, f"{name}: screen {dump['screen']} != {screen}")
    # Each module's pages: numbered 1..N in order, "Page p of N" shown; no "Reviewed by" line
    # (it may only come from a verified approval).
    for doc_id in manifest["home"]:
        doc = langs[a.lang]["docs"][doc_id]
        for p in range(pages[doc_id]):
            dump = json.load(open(os.path.join(out, f"{doc_id}-p{p + 1}.json"), encoding="utf-8"))
            check(dump["page"] == p + 1 and dump["pages"] == pages[doc_id], f"{doc_id}-p{p + 1}: page {dump['page']}/{dump['pages']}")
            texts = [i["text"] for i in dump["items"]]
            if pages[doc_id] > 1:
                label = ui["nav.page_of"].replace("{page}", str(p + 1)).replace("{pages}", str(pages[doc_id]))
                # The count opens the list of parts: its short form from the
                # ui ("2 de 9", never "2/9": a date to a Spanish reader) where
                # the words do not fit the navigation's row (issue 13).
                short = ui["nav.page_short"].replace("{page}", str(p + 1)).replace("{pages}", str(pages[doc_id]))
                check(label in texts or short in texts, f"{doc_id}-p{p + 1}: no {label!r}")
                check(not any(t == f"{p + 1}/{pages[doc_id]}" for t in texts), f"{doc_id}-p{p + 1}: the count as a date")
            # One way out in the fixed place: Home, or Back to the schedule
            # for the module "About the groups" opens.
            way_out = ui["nav.back"] if doc_id == manifest.get("groups_screen") else ui["nav.home"]
            check(way_out in texts, f"{doc_id}-p{p + 1}: no {way_out!r} button")
            check(ui["nav.done"] not in texts and texts.count(ui["nav.home"]) + texts.count(ui["nav.back"]) == 1,
                  f"{doc_id}-p{p + 1}: one Home or Back, no second way back to the topics")
            check_part(dump, doc, f"{doc_id}-p{p + 1}", ui, w, h)
        last = json.load(open(os.path.join(out, f"{doc_id}-p{pages[doc_id]}.json"), encoding="utf-8"))
        reviewed = ui["reader.reviewed"].split("{")[0]
        check(not any(t["text"].startswith(reviewed) for t in last["items"]),
              f"{doc_id}: a reviewed line without an approval")
    if manifest.get("groups_screen") in manifest["home"]:  # "About the groups": Back returns to the schedule
        back = json.load(open(os.path.join(out, "about-groups-back.json"), encoding="utf-8"))
        check(back["screen"] == "groups", f"Back from the groups module went to {back['screen']}, not the schedule")
    check_links(a, args, start, manifest, langs, pages, open_doc, home_page, out, w, h)
    # Page fill (issue 13), from the dumps: a page's document items share the
    # reading area as their clip (the largest one under the whole screen; the
    # crisis bar's and the buttons' clips are smaller); how far down it the
    # last thing drawn ends: a line of text, a link's button (its target), a
    # picture or a code. A page whose reading area holds only a picture is skipped.
    fills, short = [], []
    for doc_id in manifest["home"]:
        for p in range(pages[doc_id] - 1):  # a module's last page may be short
            dump = json.load(open(os.path.join(out, f"{doc_id}-p{p + 1}.json"), encoding="utf-8"))
            areas = {}
            for it in dump["items"]:
                c = tuple(it["clip"])
                if c != (0, 0, w, h):
                    areas.setdefault(c, []).append(it)
            if not areas:
                continue
            area, its = max(areas.items(), key=lambda kv: kv[0][2] * kv[0][3])
            ax, ay, aw, ah = area
            inside = lambda r: ax <= r["x"] and r["x"] + r["w"] <= ax + aw and ay <= r["y"] and r["y"] + r["h"] <= ay + ah
            bottoms = [i["y"] + i["h"] for i in its]
            bottoms += [r["y"] + r["h"] for r in dump["targets"] + dump["images"] + dump["qr"] if inside(r)]
            if ah > 0:
                fill = 100 * (max(bottoms) - ay) // ah
                fills.append(fill)
                if fill < 60:
                    short.append(f"{doc_id} p{p + 1} {fill}%")
    if fills:
        buckets = [sum(1 for f in fills if lo <= f < hi) for lo, hi in ((0, 40), (40, 60), (60, 80), (80, 101))]
        print(f"page fill {a.lang} {a.size}: {len(fills)} pages before a module's last; under 40%: {buckets[0]}, "
              f"40-59%: {buckets[1]}, 60-79%: {buckets[2]}, 80-100%: {buckets[3]}; median {sorted(fills)[len(fills) // 2]}%")
        # Issue 13: no page under 60 % but a module's last, at the text size
        # every visitor starts with (with larger text, chosen with A+, a page
        # holds three or four lines: a block kept together may leave one short).
        msg = "pages under 60% (a block that stays together starts the next): " + ", ".join(short)
        if a.a11y_taps:
            print(msg if short else "no page under 60%")
        else:
            check(not short, msg)
    # Words shown cut short ("…") anywhere a visitor looks: counted for the
    # record (the running head's are checked in check_part).
    cut = sorted({i["text"] for name, _ in shots for i in json.load(open(os.path.join(out, name + ".json"),
                  encoding="utf-8"))["items"] if i.get("cut")})
    print(f"cut short on {a.lang} {a.size}: {len(cut)}" + (": " + "; ".join(t[:40] for t in cut) if cut else ""))
    crisis = json.load(open(os.path.join(out, "crisis-p1.json"), encoding="utf-8"))
    check_crisis_pages(a, args, start, ui, langs, foreign, out, w, h, crisis)
    # Idle: nothing at 119.999 s, the warning at 120 s with a 20 s countdown, reset at 140 s.
    before = check_shot(out, "before-idle", w, h, a.lang, langs, foreign, png=False)
    check(before["screen"] == "crisis" and not before["idle_warning"], "idle warning came early")
    idle = check_shot(out, "idle", w, h, a.lang, langs, foreign, png)
    count = ui["idle.countdown"].replace("{seconds}", "20")
    check(idle["idle_warning"] and count in [i["text"] for i in idle["items"]], f"idle: no {count!r}")
    last = check_shot(out, "idle-last", w, h, a.lang, langs, foreign, png=False)
    check(last["idle_warning"] and ui["idle.countdown_one"].replace("{seconds}", "1") in [i["text"] for i in last["items"]],
          "idle: the countdown did not reach 1")
    reset = check_shot(out, "reset", w, h, default, langs, foreign_default - attract_ok, png, bar_rgb=(0x17, 0x32, 0x4D))
    check(reset["screen"] == "attract" and not reset["idle_warning"], "idle reset did not return to the attract screen")
    check(reset["text_percent"] == 100 and not reset["high_contrast"], "the idle reset kept the larger text or contrast")
    if a.a11y_taps:
        walked = json.load(open(os.path.join(out, "home.json"), encoding="utf-8"))
        check(walked["text_percent"] == (100, 125, 150, 150)[min(a.a11y_taps, 3)] and
              walked["high_contrast"] == (a.a11y_taps >= 3), "A+ did not take")


def check_crisis_pages(a, args, start, ui, langs, foreign, out, w, h, first):
    """"Get help now" (issue 13, tests/e2e/crisis_checks.py): one screen on
    a panel taller than 100 mm at 100 % text; elsewhere every page walked,
    each with its count, Previous and Next; the numbers in content order (911
    first, 988 next), names without their repeated number, each line's
    detail or short note (else lanternctl validate says the notes do not fit
    there), no number broken over lines."""
    pages = first["pages"]
    if pages > 1:
        steps = start + [{"tap_text": ui["crisis.bar"]}]
        for p in range(2, pages + 1):
            steps += [{"tap_text": ui["nav.next"]}, {"shot": f"crisis-p{p}"}]
        run(a.lantern, args, steps, out)
    dumps = [first] + [check_shot(out, f"crisis-p{p}", w, h, a.lang, langs, foreign) for p in range(2, pages + 1)]
    help_doc = langs[a.lang]["help"]
    numbers = {b["number"] for b in help_doc["blocks"] if b["type"] == "help"}
    lines = [d for d in dumps if any(i["text"] in numbers for i in d["items"])]
    check(lines == dumps[:len(lines)], "crisis: help lines after the take-home codes")
    crisis_checks.check_front_desk(check, dumps, ui, f"crisis {a.lang} {a.size}")
    one_screen = h * first["mm_per_px"] > 100 and a.a11y_taps == 0
    missing = crisis_checks.check_crisis(check, lines, help_doc, ui, f"crisis {a.lang} {a.size}", one_screen, pages)
    if missing and a.lanternctl and a.a11y_taps == 0:
        p = subprocess.run([a.lanternctl, "validate", a.content], capture_output=True, text=True)
        said = f"{a.lang}/help.json: $.blocks: warning: the help lines fit one screen at {a.size} only without their notes"
        check(said in p.stdout + p.stderr, f"crisis: {missing} shown without detail or note, and validate does not say so")
    print(f"crisis {a.lang} {a.size}: {len(lines)} screen(s) of help lines of {pages}"
          + (f"; without notes: {missing}" if missing else ""))


def home_tiles(dump, titles):
    """Home's tiles on one page: each tile's module, its target and its title's item."""
    tiles = {}
    for it in dump["items"]:
        if it["text"] in titles:
            cx, cy = it["x"] + it["w"] // 2, it["y"] + it["h"] // 2
            box = [t for t in dump["targets"] if t["x"] <= cx < t["x"] + t["w"] and t["y"] <= cy < t["y"] + t["h"]]
            if box:
                tiles[titles[it["text"]]] = (min(box, key=lambda t: t["w"] * t["h"]), it)
    return tiles


def check_home(a, args, start, manifest, langs, out, w, h, tile_page):
    """Issue 13, Home on the panel: "In a crisis" and "Ask us to contact you"
    on page 1; the fewest pages (on a 7-inch landscape panel at 100 %, at
    least a 2x2 grid a page); each page full (the next page's first row of
    tiles would not fit under its last); and the same pages, tiles and title
    size without the staff key (the probes before) as with it."""
    ui = langs[a.lang]["ui"]
    titles = {langs[a.lang]["docs"][d]["title"]: d for d in manifest["home"]}
    count = len(manifest["home"])
    first_two = manifest["home"][0], manifest.get("contact_form", manifest["home"][0])
    # Where both fit a page: every landscape size, and upright up to 125 %
    # (at 150 % on a 480-px-wide panel a long Spanish title fills a page).
    if w > h or a.a11y_taps <= 1:
        for d in first_two:
            check(tile_page.get(d) == 1, f"Home {a.size}: {d} on page {tile_page.get(d)}, not page 1")
    first = json.load(open(os.path.join(out, "home-probe0.json"), encoding="utf-8"))
    pages, mm = first["pages"], first["mm_per_px"]
    if w > h and w * mm < 200 and a.a11y_taps == 0:  # a 7-inch panel lying down (under 200 mm wide)
        check(pages <= (count + 3) // 4, f"Home at {a.size}: {pages} pages for {count} tiles, under 4 tiles a page")
    dumps = [json.load(open(os.path.join(out, f"home-probe{k}.json"), encoding="utf-8")) for k in range(pages)]
    # The rows' gap as drawn (2 mm, or more on a 1080p screen), else 2 mm.
    gap = int(2.0 / mm)
    for d in dumps:
        tops = sorted(set((t["y"], t["h"]) for t, _ in home_tiles(d, titles).values()))
        if len(tops) > 1:
            gap = tops[1][0] - (tops[0][0] + tops[0][1])
            break
    nav_words = (ui["nav.next"], ui["nav.previous"])
    nav_top = min([i["y"] for d in dumps for i in d["items"] if i["text"] in nav_words or
                   i["text"] == ui["nav.page_of"].replace("{page}", str(d["page"])).replace("{pages}", str(pages))] + [h])
    for k in range(pages - 1):
        here, there = home_tiles(dumps[k], titles), home_tiles(dumps[k + 1], titles)
        if not here or not there:
            check(False, f"Home {a.size} page {k + 1}: no tiles")
            continue
        bottom = max(t["y"] + t["h"] for t, _ in here.values())
        top = min(t["y"] for t, _ in there.values())
        row = max(t["y"] + t["h"] for t, _ in there.values() if t["y"] == top) - top
        check(bottom + gap + row > nav_top - gap - 2,
              f"Home {a.size} page {k + 1} of {pages}: room for the next page's first row "
              f"({row} px under {bottom}, navigation at {nav_top})")
    # With the staff key (the form offered): the same pages, tiles and sizes.
    data = staff_key_folder(a.lanternctl, os.path.join(out, "home-key"))
    run(a.lantern, args + ["--data", data], list(start) + [
        s for k in range(count) for s in ({"shot": f"home-key{k}"}, {"key": "Right"})], out)
    keyed = [json.load(open(os.path.join(out, f"home-key{k}.json"), encoding="utf-8")) for k in range(count)]
    check(keyed[0]["pages"] == pages, f"Home {a.size}: {keyed[0]['pages']} pages with the staff key, {pages} without")
    px = {}
    for k in range(min(pages, keyed[0]["pages"])):
        plain, keyed_tiles = home_tiles(dumps[k], titles), home_tiles(keyed[k], titles)
        check(set(plain) == set(keyed_tiles), f"Home {a.size} page {k + 1}: tiles {sorted(plain)} without the key, "
              f"{sorted(keyed_tiles)} with it")
        for d in set(plain) & set(keyed_tiles):
            if plain[d][1]["px"]:  # 0: a title shortened with "…" (not measured)
                px.setdefault(plain[d][1]["px"], set()).add(d)
            check(plain[d][1]["px"] == keyed_tiles[d][1]["px"] and plain[d][0]["x"] == keyed_tiles[d][0]["x"],
                  f"Home {a.size}: the {d} tile's title or column differs with the staff key")
    check(len(px) == 1, f"Home {a.size}: tile titles at several sizes {sorted(px)}")
    print(f"home {a.lang} {a.size}: {pages} page(s), tiles a page "
          f"{[len(home_tiles(d, titles)) for d in dumps]}, the same with the staff key")


def doc_sections(doc):
    """Each block's part (1-based: the first block starts part 1, each later
    heading the next), and each part's heading (None before the first)."""
    part, parts, headings = 0, [], {}
    for n, b in enumerate(doc["blocks"]):
        if n == 0 or b["type"] == "heading":
            part += 1
            headings[part] = b["text"] if b["type"] == "heading" else None
        parts.append(part)
    return parts, headings


def check_part(dump, doc, where, ui, w, h):
    """Issue 13: the reader says which part of the module its page is in. The
    expected part comes from the content: the block the page's first text
    belongs to (a paragraph continued from the page before shows its tail)."""
    parts, headings = doc_sections(doc)
    check(dump.get("doc") == doc["id"], f"{where}: the dump names module {dump.get('doc')!r}, not {doc['id']!r}")
    check(dump.get("parts") == parts[-1], f"{where}: {dump.get('parts')} parts, the content has {parts[-1]}")
    # The page's text shares the reading area as its clip: the largest box
    # under the crisis bar and the draft mark (buttons have boxes of their own).
    top = max([i["clip"][1] + i["clip"][3] for i in dump["items"]
               if i["text"] in (ui["crisis.bar"], ui.get("draft.mark"))] + [0])
    area_items = {(): []}
    for it in dump["items"]:
        if it["clip"] != [0, 0, w, h] and it["clip"][1] >= top:
            area_items.setdefault(tuple(it["clip"]), []).append(it)
    page_items = area_items[max(area_items, key=lambda c: c[2] * c[3] if c else -1)]  # the largest box
    want = None
    # The block of the page's first text: of the blocks that hold it (a
    # callout's label such as "Try saying", or the last word of a paragraph,
    # may be in several), the last one before the first text that only one
    # block holds.
    holders = []
    for it in sorted(page_items, key=lambda i: (i["y"], i["x"])):
        holders.append([n for n, b in enumerate(doc["blocks"]) if b["type"] != "link" and any(
            it["text"] in t for t in [b.get(k) for k in ("text", "label", "name", "detail", "number") if b.get(k)]
            + b.get("items", []))])
        if len(holders[-1]) == 1:
            before = [n for n in holders[0] if n <= holders[-1][0]]
            want = parts[max(before)] if before else None
            break
    if want is None:  # a page of links or codes only: the part of the module's last text
        want = dump.get("part")
    check(dump.get("part") == want, f"{where}: the dump says part {dump.get('part')}, the page's text is in part {want}")
    if parts[-1] <= 1:
        return
    # The running head, over the page's text: the module's name; on a page
    # that goes on with a part, its heading after it (or the heading alone
    # on a narrow line, maybe shortened: the item holds the words shown).
    # No part number beside the page count.
    area_top = min([i["y"] for i in page_items] + [h])
    bar_words = (ui["crisis.bar"], ui.get("draft.mark"), ui.get("draft.short"), ui["crisis.more"])
    head_items = [i for i in dump["items"] if i["clip"] == [0, 0, w, h] and i["y"] < area_top
                  and i["text"] not in bar_words and i["text"] != ui.get("facilitator.leave")]
    head = [i["text"] for i in head_items]
    # Shortened ("…", the dump's "cut"; the item holds the line's words):
    # a heading standing alone, or the module's name alone where even it
    # does not fit the line (a narrow panel at larger text), never the name
    # cut to make room for more.
    title = doc["title"]
    for i in head_items:
        check(not i.get("cut") or (headings.get(want) or "").startswith(i["text"]) or title.startswith(i["text"]),
              f"{where}: the running head {i['text']!r} is shown cut short")
    check(len(head) == 1, f"{where}: running head {head!r}, not one line")
    # The page opens with its part's heading: its first line, at the page's
    # left edge (not a help box's "988", inset in its box, that a heading
    # such as "988 is for you too" also holds).
    top_item = min(page_items, key=lambda i: (i["y"], i["x"])) if page_items else None
    opens = not headings.get(want) or (top_item is not None and headings[want].startswith(top_item["text"]) and
                                       top_item["x"] == top_item["clip"][0])
    if head and opens:
        cut = head_items[0].get("cut")
        check(head[0].endswith(title) or (cut and title.startswith(head[0])),
              f"{where}: the running head {head[0]!r} is not the module's name")
    elif head:
        full = title + " · " + headings[want]
        check(head[0] == full or (len(head[0]) >= 4 and headings[want].startswith(head[0])),
              f"{where}: the running head {head[0]!r} is neither {full!r} nor the heading")


def actions():
    """The action numbers, in the order core/draw.h declares them."""
    src = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src", "core", "draw.h"),
               encoding="utf-8").read()
    body = re.sub(r"/\*.*?\*/", "", src[src.index("ACT_NONE"):src.index("} action;")], flags=re.S)
    return {name.strip(): n for n, name in enumerate(x for x in body.split(",") if x.strip())}



def staff_key_folder(lanternctl, data):
    """A fresh data folder with a staff key pair (the contact form offered)."""
    shutil.rmtree(data, ignore_errors=True)
    os.makedirs(data)
    p = subprocess.run([lanternctl, "keygen", "--out", data], capture_output=True, text=True,
                       input="e2e walk passphrase\n" * 2)
    check(p.returncode == 0, f"keygen: {p.stderr}")
    return data


def check_links(a, args, start, manifest, langs, pages, open_doc, home_page, out, w, h):
    """Issue 13: every link in every module lands on its target (the reader
    on that module's first page; the contact form's module; the schedule for
    the groups module) and Back returns to the page it is on."""
    ui = langs[a.lang]["ui"]
    docs = langs[a.lang]["docs"]
    found = []
    for doc_id in manifest["home"]:
        targets = {docs[b["module"]]["title"]: b["module"] for b in docs[doc_id]["blocks"] if b["type"] == "link"}
        seen = set()
        for p in range(pages[doc_id]):
            dump = json.load(open(os.path.join(out, f"{doc_id}-p{p + 1}.json"), encoding="utf-8"))
            for it in dump["items"]:
                # On the page (the running head above it may name a module
                # a link points to: "Support groups for families").
                if it["text"] in targets and it["clip"] != [0, 0, w, h]:
                    check(it["tap"], f"{doc_id}-p{p + 1}: the link {it['text']!r} is not tappable")
                    found.append((doc_id, p, it["text"], targets[it["text"]]))
                    seen.add(it["text"])
        check(seen == set(targets), f"{doc_id}: links never shown: {sorted(set(targets) - seen)}")
    home_page[0] = 1
    script = list(start)
    for n, (doc_id, p, label, target) in enumerate(found):
        script += open_doc(doc_id) + [{"key": "Right"}] * p + [{"shot": f"link{n}-from"}, {"tap_text": label},
                                                               {"shot": f"link{n}-to"}, {"tap_text": ui["nav.back"]},
                                                               {"shot": f"link{n}-back"}, {"key": "Home"}]
    if not found:
        return
    run(a.lantern, args, script, out)
    png = probe_pngs(a.png_probe, [os.path.join(out, f"link{n}-to.png") for n in range(len(found))])
    foreign = set()
    for n, (doc_id, p, label, target) in enumerate(found):
        where = f"link {doc_id} p{p + 1} -> {target}"
        src = json.load(open(os.path.join(out, f"link{n}-from.json"), encoding="utf-8"))
        check(src["doc"] == doc_id and src["page"] == p + 1, f"{where}: not on the link's page before the tap")
        to = check_shot(out, f"link{n}-to", w, h, a.lang, langs, foreign, png)
        if target == manifest.get("groups_screen"):
            check(to["screen"] == "groups", f"{where}: landed on {to['screen']}, not the groups schedule")
        elif target == manifest.get("contact_form") and to["screen"] == "notice":
            pass  # the contact form's first screen (a kiosk with the staff's key)
        else:
            check(to["screen"] == "reader" and to["doc"] == target and to["page"] == 1,
                  f"{where}: landed on {to['screen']} {to.get('doc')} page {to['page']}, not {target} page 1")
        check(ui["nav.back"] in [i["text"] for i in to["items"]] or to["screen"] == "notice",
              f"{where}: no Back on the target")
        back = json.load(open(os.path.join(out, f"link{n}-back.json"), encoding="utf-8"))
        check(back["screen"] == "reader" and back["doc"] == doc_id and back["page"] == p + 1,
              f"{where}: Back went to {back['screen']} {back.get('doc')} page {back['page']}, not {doc_id} page {p + 1}")
    # With the staff's key the contact form is offered: its link opens the
    # form's first screen, and Cancel there returns to the page too.
    keyed = [(n, f) for n, f in enumerate(found) if f[3] == manifest.get("contact_form")]
    if keyed:
        data = staff_key_folder(a.lanternctl, os.path.join(out, "keyed-data"))
        # Home may page differently with the form offered: find each tile's page again.
        tiles = len(manifest["home"])
        run(a.lantern, args + ["--data", data], list(start) + [
            s for k in range(tiles) for s in ({"shot": f"keyed-home{k}"}, {"key": "Right"})], out)
        keyed_page = {}
        if min(w, h) >= 1080 and a.a11y_taps == 0:  # every tile at once with the form offered too
            keyed0 = json.load(open(os.path.join(out, "keyed-home0.json"), encoding="utf-8"))
            check(keyed0["pages"] == 1, f"Home with the form offered takes {keyed0['pages']} pages at {a.size}")
        for k in range(tiles):
            texts = [i["text"] for i in json.load(open(os.path.join(out, f"keyed-home{k}.json"), encoding="utf-8"))["items"]]
            for _n, (doc_id, _p, _l, _t) in keyed:
                if docs[doc_id]["title"] in texts:
                    keyed_page.setdefault(doc_id, k)
        script = list(start)
        for n, (doc_id, p, label, target) in keyed:
            script += [{"key": "Left"}] * tiles + [{"key": "Right"}] * keyed_page.get(doc_id, 0) + [
                {"tap_text": docs[doc_id]["title"]}] + [{"key": "Right"}] * p + [
                {"tap_text": label}, {"shot": f"keyed{n}-to"}, {"tap_text": ui["form.cancel"]},
                {"shot": f"keyed{n}-back"}, {"key": "Home"}]
        run(a.lantern, args + ["--data", data], script, out)
        for n, (doc_id, p, label, target) in keyed:
            to = json.load(open(os.path.join(out, f"keyed{n}-to.json"), encoding="utf-8"))
            back = json.load(open(os.path.join(out, f"keyed{n}-back.json"), encoding="utf-8"))
            check(to["screen"] == "notice", f"link {doc_id} -> {target} with the staff's key: {to['screen']}, not the form")
            check(back["screen"] == "reader" and back["doc"] == doc_id and back["page"] == p + 1,
                  f"link {doc_id} -> {target}: Cancel on the form went to {back['screen']} {back.get('doc')}, not the page")
    print(f"links {a.lang} {a.size}: {len(found)} followed and back ({len(keyed)} to the form with the staff's key)")


def expect_fail(binary, args, status, want, out, name):
    p = subprocess.run([binary] + args, capture_output=True, text=True)
    check(p.returncode == status, f"{name}: exit {p.returncode}, want {status} (stderr: {p.stderr.strip()})")
    check(want in p.stderr, f"{name}: stderr {p.stderr.strip()!r} lacks {want!r}")


def cli(a):
    out = os.path.join(a.out, "cli")
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    args = ["--content", a.content, "--size", "1280x720"]
    p = subprocess.run([a.lantern, "--help"], capture_output=True, text=True)
    check(p.returncode == 0 and "--headless" in p.stdout and "--windowed" in p.stdout, "--help")

    def script(name, steps):
        path = os.path.join(out, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(steps if isinstance(steps, str) else json.dumps(steps))
        return path

    hl = lambda s: [a.lantern, "--headless", "--script", s, "--out", out] + args
    expect_fail(a.lantern, hl(script("unknown.json", [{"shot": "a"}, {"jump": 1}]))[1:], 3,
                "step 1: unknown step \"jump\"", out, "unknown step")
    expect_fail(a.lantern, hl(script("notext.json", [{"tap": [5, 300]}, {"tap_text": "No such words"}]))[1:], 3,
                "step 1: no visible tappable item with text \"No such words\"", out, "tap_text with no match")
    expect_fail(a.lantern, hl(script("off.json", [{"tap": [1280, 10]}]))[1:], 3,
                "step 0: tap is off the 1280x720 screen", out, "tap off screen")
    expect_fail(a.lantern, hl(script("swipeoff.json", [{"swipe": [10, 10, -5, 10]}]))[1:], 3,
                "step 0: swipe is off the 1280x720 screen", out, "swipe off screen")
    expect_fail(a.lantern, hl(script("badtap.json", [{"tap": [1]}]))[1:], 3,
                "step 0: \"tap\" expects [x, y] in whole pixels", out, "malformed tap")
    expect_fail(a.lantern, hl(script("twokeys.json", [{"tap": [1, 1], "shot": "x"}]))[1:], 3,
                "step 0: expected an object with exactly one key", out, "two keys in a step")
    expect_fail(a.lantern, hl(script("badkey.json", [{"key": "F13"}]))[1:], 3,
                "step 0: unknown key \"F13\"", out, "unknown key")
    expect_fail(a.lantern, hl(script("badshot.json", [{"shot": "../escape"}]))[1:], 3,
                "step 0: \"shot\" expects a name of letters, digits, - and _", out, "shot name with a path")
    expect_fail(a.lantern, hl(script("trunc.json", "[{\"tap\": [1,"))[1:], 3,
                "trunc.json:1:13: malformed JSON (the file ends too early)", out, "truncated script")
    # Bad flags and config: one line naming the flag or key, exit 2.
    expect_fail(a.lantern, ["--bogus"], 2, "unknown flag \"--bogus\"", out, "unknown flag")
    expect_fail(a.lantern, ["--size", "big"], 2, "--size expects WxH", out, "bad size")
    expect_fail(a.lantern, ["--idle", "soon"], 2, "--idle expects whole seconds", out, "bad idle")
    expect_fail(a.lantern, ["--idle", "1"], 2, "idle_seconds must be from 10 to 3600", out, "idle too short")
    expect_fail(a.lantern, ["--headless"], 2, "--headless needs --script FILE and --out DIR", out, "headless alone")
    cfg = os.path.join(out, "bad-config.json")
    open(cfg, "w").write('{"idle_seconds": 90, "colour": "red"}')
    expect_fail(a.lantern, ["--config", cfg], 2, "bad-config.json: unknown key \"colour\"", out, "config key")
    open(cfg, "w").write('{"countdown_seconds": "soon"}')
    expect_fail(a.lantern, ["--config", cfg], 2, "\"countdown_seconds\" must be a whole number", out, "config type")
    # Flags override the config file.
    open(cfg, "w").write(json.dumps({"idle_seconds": 30, "content_dir": "/nonexistent"}))
    s = script("idle.json", [{"tap": [5, 300]}, {"wait_ms": 30000}, {"shot": "flag-idle"}])
    p = subprocess.run([a.lantern, "--config", cfg, "--idle", "60", "--headless", "--script", s, "--out", out] + args,
                       capture_output=True, text=True)
    check(p.returncode == 0, f"config + flags: {p.stderr}")
    if p.returncode == 0:
        d = json.load(open(os.path.join(out, "flag-idle.json")))
        check(not d["idle_warning"], "--idle 60 did not override idle_seconds 30 from the file")
    # Bad content: every problem as file:line:col, exit 1, never a blank screen.
    broken = os.path.join(out, "broken-content")
    shutil.copytree(a.content, broken)
    open(os.path.join(broken, "en", "modules", "what-helps.json"), "w").write('{\n  "id": "what-helps",\n  "kind": 7\n')
    os.remove(os.path.join(broken, "es", "modules", "contact.json"))
    p = subprocess.run([a.lantern, "--content", broken, "--windowed"], capture_output=True, text=True)
    check(p.returncode == 1, f"bad content: exit {p.returncode}")
    check(f"{broken}/es/modules/contact.json:1:1: file missing: the translation of {broken}/en/modules/contact.json" in p.stderr,
          f"bad content: no missing-translation line in {p.stderr!r}")
    check("not starting" in p.stderr, "bad content: no summary line")
    expect_fail(a.lantern, ["--content", "/nonexistent"], 1, "/nonexistent:1:1: content folder not found", out,
                "missing content folder")
    expect_fail(a.lantern, ["--lang", "fr"] + args + ["--headless", "--script", s, "--out", out], 2,
                "\"fr\" is not a language of the content", out, "unknown language")
    expect_fail(a.lantern, ["--font", "/nonexistent.ttf"] + args + ["--headless", "--script", s, "--out", out], 1,
                "/nonexistent.ttf: cannot open font", out, "missing font")
    # Rasterize once: a second shot of an unchanged screen renders no new text.
    s = script("cache.json", [{"shot": "c1"}, {"wait_ms": 5000}, {"shot": "c2"}, {"tap": [5, 300]}, {"shot": "c3"}])
    run(a.lantern, args, json.load(open(s)), out)
    c1, c2, c3 = (json.load(open(os.path.join(out, n + ".json"))) for n in ("c1", "c2", "c3"))
    check(c1["text_rasterized"] > 0 and c2["text_rasterized"] == c1["text_rasterized"],
          f"text was rasterized again for an unchanged screen: {c1['text_rasterized']} -> {c2['text_rasterized']}")
    check(c3["text_rasterized"] > c2["text_rasterized"], "a new screen rasterized no text")


def reload_test(a):
    """Safe reload: a valid update switches at the attract screen, never under
    a reader; an invalid one is logged and the old content stays."""
    out = os.path.join(a.out, "reload")
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    manifest, langs = load_content(a.content)
    en = langs["en"]
    first = en["docs"][manifest["home"][0]]
    for name in ("content-a", "content-b", "content-bad"):
        shutil.copytree(a.content, os.path.join(out, name))
    # Version B: a new welcome line and a new title for the first module.
    ui_b = os.path.join(out, "content-b", "en", "ui.json")
    data = json.load(open(ui_b, encoding="utf-8"))
    data["strings"]["attract.title"] = "Welcome back. Version B."
    json.dump(data, open(ui_b, "w", encoding="utf-8"), ensure_ascii=False)
    doc_b = os.path.join(out, "content-b", "en", "modules", first["id"] + ".json")
    data = json.load(open(doc_b, encoding="utf-8"))
    data["title"] = "Version B title"
    json.dump(data, open(doc_b, "w", encoding="utf-8"), ensure_ascii=False)
    man_b = os.path.join(out, "content-b", "manifest.json")
    data = json.load(open(man_b, encoding="utf-8"))
    data["version"] = "test-b"
    json.dump(data, open(man_b, "w", encoding="utf-8"))
    bad = os.path.join(out, "content-bad", "es", "modules", first["id"] + ".json")
    open(bad, "w", encoding="utf-8").write('{\n  "id": "' + first["id"] + '",\n  "title": \n')
    live = os.path.join(out, "live")
    os.symlink(os.path.join(out, "content-a"), live)
    args = ["--content", live, "--size", "1280x800"]
    ui = en["ui"]
    script = [{"tap_text": ui["language.name"]}, {"tap_text": first["title"]}, {"shot": "v1"},
              {"publish": os.path.join(out, "content-b")}, {"shot": "v2"}, {"key": "Right"}, {"shot": "v3"},
              {"tap_text": ui["nav.home"]}, {"shot": "v4"},
              {"wait_ms": 140000}, {"shot": "v5"}, {"tap_text": ui["language.name"]}, {"shot": "v6"}]
    p = run(a.lantern, args, script, out)
    texts = lambda n: [i["text"] for i in json.load(open(os.path.join(out, n + ".json"), encoding="utf-8"))["items"]]
    # The reader names its module in the running head, with the part ("In a crisis · Part 1 of 9").
    shows = lambda n, s: any(s in t for t in texts(n))
    # Under the reader nothing changes, not even on the next page or on Home.
    check(shows("v2", first["title"]) and not shows("v2", "Version B title"), "reload switched under a reader")
    check(not shows("v3", "Version B title"), "reload switched on a page turn")
    check(first["title"] in texts("v4"), "reload switched on Home mid-session")
    # At the attract screen, the new version.
    check("Welcome back. Version B." in texts("v5"), "the valid update did not go live at the attract screen")
    check("Version B title" in texts("v6"), "the new module title is not on Home after the switch")
    check("content: version test-b is live" in p.stderr, f"no 'is live' log line: {p.stderr!r}")

    # An invalid update: logged with every problem, the old content stays.
    os.remove(live)
    os.symlink(os.path.join(out, "content-a"), live)
    script = [{"shot": "w1"}, {"publish": os.path.join(out, "content-bad")}, {"wait_ms": 1000}, {"shot": "w2"},
              {"tap_text": ui["language.name"]}, {"tap_text": first["title"]}, {"shot": "w3"}]
    p = run(a.lantern, args, script, out)
    check(texts("w1") == texts("w2"), "an invalid update changed the screen")
    check(shows("w3", first["title"]), "the old content is gone after an invalid update")
    check(f"{live}/es/modules/{first['id']}.json:3:" in p.stderr and "malformed JSON" in p.stderr,
          f"the invalid file's problem was not logged with file:line:col: {p.stderr!r}")
    check("update rejected" in p.stderr, "no 'update rejected' log line")

    # Issue 9: a kiosk started in Spanish stays Spanish-first after an update.
    os.remove(live)
    os.symlink(os.path.join(out, "content-a"), live)
    script = [{"shot": "l1"}, {"publish": os.path.join(out, "content-b")}, {"wait_ms": 1000}, {"shot": "l2"}]
    p = run(a.lantern, args + ["--lang", "es"], script, out)
    dump = lambda n: json.load(open(os.path.join(out, n + ".json"), encoding="utf-8"))
    check(dump("l1")["lang"] == "es", "--lang es did not start in Spanish")
    check("content: version test-b is live" in p.stderr and dump("l2")["lang"] == "es",
          f"the start language was lost after a reload: {dump('l2')['lang']}")


def preview_test(a):
    """lanternctl preview: every page of every document in each language, as
    PNGs of the asked size drawn by the kiosk's renderer, plus a contact sheet."""
    out = os.path.join(a.out, "preview")
    shutil.rmtree(out, ignore_errors=True)
    base = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "content-min")
    p = subprocess.run([a.lanternctl, "preview", base, "--out", out, "--size", "1280x720"], capture_output=True, text=True)
    check(p.returncode == 0, f"preview failed: {p.stderr}")
    manifest, langs = load_content(base)
    html = open(os.path.join(out, "index.html"), encoding="utf-8").read()
    pngs = []
    for code, lang in langs.items():
        for doc in lang["docs"].values():
            check(doc["title"] in html, f"preview: {doc['title']!r} missing from index.html")
            shots = sorted(f for f in os.listdir(os.path.join(out, code)) if f.startswith(doc["id"] + "-p"))
            check(len(shots) >= 1, f"preview: no pages for {code}/{doc['id']}")
            for f in shots:
                check(f'href="{code}/{f}"' in html, f"preview: {code}/{f} not linked from index.html")
                pngs.append(os.path.join(out, code, f))
        for prefix in ("home-p1", "crisis-p1"):
            pngs.append(os.path.join(out, code, prefix + ".png"))
    probe = probe_pngs(a.png_probe, pngs)
    for path in pngs:
        w, h, colours, corner = probe.get(path, (0, 0, 0, None))
        check((w, h) == (1280, 720) and colours >= 4 and corner == (0x17, 0x32, 0x4D), f"preview: {path} is not a real screen")
    # Issue 14: the shipped content's take-home codes are in the preview, and read back
    # (zbarimg) as the links in content: help.json's on the crisis screen's pages.
    shipped = os.path.join(out, "shipped")
    p = subprocess.run([a.lanternctl, "preview", a.content, "--out", shipped, "--size", "800x480"],
                       capture_output=True, text=True)
    check(p.returncode == 0, f"preview of the shipped content failed: {p.stderr}")
    _, shipped_langs = load_content(a.content)
    for code, lang in shipped_langs.items():
        found = set()
        for f in sorted(os.listdir(os.path.join(shipped, code))):
            if f.startswith("crisis-p"):
                r = subprocess.run(["zbarimg", "--raw", "-q", os.path.join(shipped, code, f)], capture_output=True, text=True)
                found |= set(l for l in r.stdout.splitlines() if l)
        want = set(l["url"] for l in lang["help"].get("take_home", []))
        check(want and found == want, f"preview {code}: crisis codes read {sorted(found)}, content has {sorted(want)}")
    # Bad usage and bad content are refused with their exit status.
    p = subprocess.run([a.lanternctl, "preview", base], capture_output=True, text=True)
    check(p.returncode == 2 and "--out" in p.stderr, "preview without --out is not bad usage")
    p = subprocess.run([a.lanternctl, "preview", "/nonexistent", "--out", out], capture_output=True, text=True)
    check(p.returncode == 1 and "/nonexistent:1:1: content folder not found" in p.stdout, "preview of a missing folder")
    # Issue 9: the preview never writes inside the content folder it shows,
    # however the path is spelled (a subfolder, the folder itself, "..",
    # a symbolic link to it, a relative path from inside it).
    copy = os.path.join(a.out, "preview-content")
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(base, copy)
    link = os.path.join(a.out, "preview-link")
    if os.path.lexists(link):
        os.remove(link)
    os.symlink(copy, link)
    before = sorted(os.listdir(copy))
    for target, cwd in ((os.path.join(copy, "preview"), None), (copy, None), (copy + "/", None),
                        (os.path.join(copy, "en"), None), (os.path.join(copy, "..", "preview-content", "x"), None),
                        (os.path.join(link, "new", "deeper"), None), ("out", copy)):
        p = subprocess.run([a.lanternctl, "preview", copy if cwd is None else ".", "--out", target, "--size", "640x480"],
                           capture_output=True, text=True, cwd=cwd)
        check(p.returncode == 2 and "is inside the content folder" in p.stderr,
              f"preview --out {target} (inside the content folder) was not refused: {p.returncode} {p.stderr.strip()}")
    check(sorted(os.listdir(copy)) == before and not os.path.exists(os.path.join(copy, "en", "index.html")),
          "a refused preview wrote into the content folder")
    p = subprocess.run([a.lanternctl, "frobnicate"], capture_output=True, text=True)
    check(p.returncode == 2 and "unknown command" in p.stderr, "unknown lanternctl command")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["walk", "cli", "reload", "preview"])
    ap.add_argument("--lanternctl", default="lanternctl")
    ap.add_argument("--lantern", required=True)
    ap.add_argument("--content", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--lang", default="en")
    ap.add_argument("--size", default="1920x1080")
    ap.add_argument("--a11y-taps", dest="a11y_taps", type=int, default=0)
    ap.add_argument("--png-probe", dest="png_probe", default="png_probe")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    {"walk": walk, "cli": cli, "reload": reload_test, "preview": preview_test}[a.mode](a)
    print(f"e2e {a.mode}: {PASSES[0]} passed, {len(FAILS)} failed")
    sys.exit(1 if FAILS else 0)


if __name__ == "__main__":
    main()
