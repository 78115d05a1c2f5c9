#!/usr/bin/env python3
"""Issue 13 through the real binary and its PNGs (headless harness):

  pressed   a finger down draws the pressed look at once (pixels change inside
            the target, nowhere else that matters), lifting inside acts, a drag
            off cancels, a 6-second hold on the crisis bar still opens help;
  crisis    "Get help now" on one screen at every size whose panel is taller
            than 100 mm, in both languages: 911 first (drawn red, measured from
            the pixels), 988 next, each line's detail or short note, no phone
            number broken over lines, Back and no paging buttons; on a 7"
            panel every page, with its count, Previous and Next;
  attract   tapping the Spanish words starts in Spanish, the English in English;
  contrast  measured from the PNG pixels (tests/tools/png_pixels): every
            button's, tile's, key's and field's edge against the page outside it
            at least 3:1 (WCAG 1.4.11), and every text item's ink against its
            background at least 7:1 (4.5:1 for text on a disabled button), on
            Home, a reader page, the crisis screen, a form step and the review;
  shots     every screen kind at 800x480 and 1920x1080 in both languages, for
            looking at (written to OUT/shots-<lang>-<size>/).
"""
import argparse
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e  # noqa: E402  (check(), the shared start steps and shot checks)
import crisis_checks  # noqa: E402  (what "Get help now" must show)

FAILS, PASSES, check = e2e.FAILS, e2e.PASSES, e2e.check


def lum(c):
    def ch(v):
        v /= 255.0
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    return 0.2126 * ch(c[0]) + 0.7152 * ch(c[1]) + 0.0722 * ch(c[2])


def contrast(a, b):
    la, lb = lum(a), lum(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


class Kiosk:
    def __init__(self, a, size, lang, out):
        self.a, self.size, self.lang, self.out = a, size, lang, out
        self.w, self.h = map(int, size.split("x"))
        self.ui = json.load(open(os.path.join(a.content, lang, "ui.json"), encoding="utf-8"))["strings"]
        self.n = 0

    def run(self, steps, expect=0, key=True):
        os.makedirs(self.out, exist_ok=True)
        path = os.path.join(self.out, "script-%d.json" % self.n)
        self.n += 1
        json.dump(steps, open(path, "w", encoding="utf-8"), ensure_ascii=False)
        args = [self.a.lantern, "--headless", "--script", path, "--out", self.out, "--content", self.a.content,
                "--size", self.size, "--data", os.path.join(self.out, "data")]
        if key:
            args += ["--public-key", self.a.key]
        os.makedirs(os.path.join(self.out, "data"), exist_ok=True)
        p = subprocess.run(args, capture_output=True, text=True)
        check(p.returncode == expect, f"{path}: exit {p.returncode}: {p.stderr.strip()[-400:]}")
        return p

    def dump(self, name):
        return json.load(open(os.path.join(self.out, name + ".json"), encoding="utf-8"))

    def start(self):
        """From the attract screen to Home in this language."""
        return e2e.start_steps(self.ui, self.lang, "en", self.w, self.h)


def pixels(a, png, points):
    p = subprocess.run([a.png_pixels, png] + [f"{x},{y}" for x, y in points], capture_output=True, text=True)
    check(p.returncode == 0, f"png_pixels {png}: {p.stderr.strip()}")
    out = []
    for line in p.stdout.splitlines():
        out.append(tuple(int(v) for v in line.split()[1].split(",")))
    return out


def boxes(a, png, rects):
    args = [a.png_pixels, png]
    for r in rects:
        args += ["--box", "%d,%d,%d,%d" % r]
    p = subprocess.run(args, capture_output=True, text=True)
    check(p.returncode == 0, f"png_pixels {png}: {p.stderr.strip()}")
    res = []
    for line in p.stdout.splitlines():
        f = line.split()
        res.append((tuple(int(v) for v in f[3].split(",")), tuple(int(v) for v in f[5].split(","))))
    return res


def item(dump, text):
    return next((i for i in dump["items"] if i["text"] == text), None)


def centre(r):
    return (r["x"] + r["w"] // 2, r["y"] + r["h"] // 2)


def test_pressed(a):
    k = Kiosk(a, "1920x1080", "en", os.path.join(a.out, "pressed"))
    shutil.rmtree(k.out, ignore_errors=True)
    k.run(k.start() + [{"shot": "home"}])
    home = k.dump("home")
    tile = item(home, "Understanding self-harm")
    check(tile is not None, "pressed: no tile to press")
    if not tile:
        return
    x, y = centre(tile)
    # Down: the pressed look in the next frame; up inside: the module opens.
    k.run(k.start() + [{"down": [x, y]}, {"shot": "down"}, {"up": [x, y]}, {"shot": "up"}])
    down, up = k.dump("down"), k.dump("up")
    check(down["screen"] == "home", "pressed: finger-down acted before release")
    check(up["screen"] == "reader", f"pressed: release inside did not act ({up['screen']})")
    # The target's own pixels changed (the tint and ring), its neighbours' did not.
    target = next(t for t in home["targets"] if t["x"] <= x < t["x"] + t["w"] and t["y"] <= y < t["y"] + t["h"])
    inside = [(target["x"] + 3, target["y"] + target["h"] // 2), (target["x"] + target["w"] // 2, target["y"] + 3),
              (target["x"] + target["w"] - 20, target["y"] + target["h"] - 20)]
    other = item(home, "Recognizing the signs")
    far = [centre(other)] if other else []
    before = pixels(a, os.path.join(k.out, "home.png"), inside + far)
    after = pixels(a, os.path.join(k.out, "down.png"), inside + far)
    changed = sum(1 for b, c in zip(before[:3], after[:3]) if b != c)
    check(changed == 3, f"pressed: the pressed look is not drawn ({changed} of 3 points changed)")
    check(before[3:] == after[3:], "pressed: another tile changed too")
    ring = after[0]
    check(contrast(ring, (0xF6, 0xF3, 0xEE)) >= 3.0, f"pressed: the ring {ring} is faint against the page")
    # A drag off the target cancels: lifting does nothing, the look goes.
    k.run(k.start() + [{"down": [x, y]}, {"move": [x, k.h - 5]}, {"shot": "dragged"}, {"up": [x, k.h - 5]},
                       {"shot": "after-drag"}])
    check(k.dump("after-drag")["screen"] == "home", "pressed: a drag off the tile still acted")
    check(pixels(a, os.path.join(k.out, "dragged.png"), inside[:1]) == before[:1],
          "pressed: the pressed look stayed after the drag off")
    # Down, up elsewhere (another tile): neither acts.
    if other:
        ox, oy = centre(other)
        k.run(k.start() + [{"down": [x, y]}, {"up": [ox, oy]}, {"shot": "elsewhere"}])
        check(k.dump("elsewhere")["screen"] == "home", "pressed: lifting on another tile acted")
    # A visitor's long press on the crisis bar (where the staff gesture starts) opens help.
    k.run(k.start() + [{"down": [5, 5]}, {"wait_ms": 6000}, {"up": [5, 5]}, {"shot": "held"}])
    check(k.dump("held")["screen"] == "crisis", "pressed: a 6-second press on the crisis bar did not open help")
    k.run(k.start() + [{"hold": [5, 5, 6000]}, {"shot": "held2"}])
    check(k.dump("held2")["screen"] == "crisis", "pressed: a held tap on the crisis bar did not open help")


def test_crisis(a):
    """Every page of "Get help now" at the five sizes in both languages
    (tests/e2e/crisis_checks.py): one screen on every panel taller than
    100 mm; on a 7" panel the pages, each with its count and the way back
    and on; 911 first and red, large, with its icon; each line's detail or
    note, or else lanternctl validate says the notes do not fit there."""
    validate = subprocess.run([a.lanternctl, "validate", a.content], capture_output=True, text=True)
    for size in ("800x480", "1024x600", "1280x800", "1920x1080", "1080x1920"):
        for lang in ("en", "es"):
            k = Kiosk(a, size, lang, os.path.join(a.out, f"crisis-{lang}-{size}"))
            shutil.rmtree(k.out, ignore_errors=True)
            k.run(k.start() + [{"tap_text": k.ui["crisis.more"]}, {"shot": "crisis"}])
            d = k.dump("crisis")
            where = f"crisis {lang} {size}"
            check(d["screen"] == "crisis", f"{where}: the crisis bar's 'More help' did not open help")
            if d["screen"] != "crisis":
                continue
            help_doc = json.load(open(os.path.join(a.content, lang, "help.json"), encoding="utf-8"))
            # The lines' pages (the take-home codes may follow on pages of their own).
            pages = d["pages"]
            if pages > 1:
                steps = [{"tap_text": k.ui["crisis.more"]}, {"shot": "crisis-p1"}]
                for p in range(2, pages + 1):
                    steps += [{"tap_text": k.ui["nav.next"]}, {"shot": f"crisis-p{p}"}]
                k.run(k.start() + steps)
            names = ["crisis"] + [f"crisis-p{p}" for p in range(2, pages + 1)]
            dumps = [k.dump(n) for n in names]
            numbers = {b["number"] for b in help_doc["blocks"] if b["type"] == "help"}
            lines = [x for x in dumps if any(i["text"] in numbers for i in x["items"])]
            codes = dumps[len(lines):]
            check(all(x["qr"] and x not in lines for x in codes), f"{where}: help lines after the take-home codes")
            crisis_checks.check_front_desk(check, dumps, k.ui, where)
            tall_mm = k.h * d["mm_per_px"]
            missing = crisis_checks.check_crisis(check, lines, help_doc, k.ui, where, tall_mm > 100, pages)
            for x, n in zip(codes, names[len(lines):]):
                check(crisis_checks.page_label(k.ui, x["page"], pages) in [i["text"] for i in x["items"]],
                      f"{where} {n}: no page count on the take-home codes' page")
                for text, l1, l2 in crisis_checks.split_numbers(x):
                    check(False, f"{where} {n}: a phone number broken over two lines: {l1!r} / {l2!r}")
            if missing:
                # Only where validate tells staff the notes do not fit (names to shorten).
                said = f"{lang}/help.json: $.blocks: warning: the help lines fit one screen at {size} only without their notes"
                check(said in validate.stdout + validate.stderr,
                      f"{where}: {missing} shown without detail or note, and lanternctl validate does not say so")
                print(f"{where}: shown without notes: {missing} (validate warns)")
            nine = item(d, "911")
            if nine:
                (bg, ink), = boxes(a, os.path.join(k.out, "crisis.png"), [(nine["x"], nine["y"], nine["w"], nine["h"])])
                check(ink[0] > ink[1] + 60 and ink[0] > ink[2] + 60, f"{where}: 911 is not drawn red ({ink})")
                check(nine["px"] * d["mm_per_px"] >= 5.0, f"{where}: 911 is small ({nine['px'] * d['mm_per_px']:.1f} mm)")
            check(any(i["name"] == "emergency" for i in d["icons"]), f"{where}: no emergency icon")
            check(any(i["name"] == "phone" for i in d["icons"]), f"{where}: no phone icon")
            print(f"{where}: {len(lines)} screen(s) of help lines, {len(codes)} of take-home codes")


def test_attract(a):
    for lang, words in (("es", "Toque la pantalla para comenzar"), ("en", "Touch anywhere to begin")):
        k = Kiosk(a, "1920x1080", lang, os.path.join(a.out, f"attract-{lang}"))
        shutil.rmtree(k.out, ignore_errors=True)
        k.run([{"shot": "attract"}, {"tap_text": words}, {"shot": "after"}])
        att, after = k.dump("attract"), k.dump("after")
        check(after["screen"] == "home" and after["lang"] == lang,
              f"attract: tapping {words!r} gave {after['screen']} in {after['lang']}")
        sizes = {i["px"] for i in att["items"] if i["text"] in ("Toque la pantalla para comenzar", "Touch anywhere to begin")}
        check(len(sizes) == 1, f"attract: the invitations differ in size {sizes}")
    # Every size, both languages alike on the one screen for both (issue 13):
    # the crisis line at one size, "More help" in each language, the welcome
    # and the invitations each at one size, both subtitles or neither; the
    # Spanish words start in Spanish on a 7-inch panel too.
    uis = {l: json.load(open(os.path.join(a.content, l, "ui.json"), encoding="utf-8"))["strings"] for l in ("en", "es")}
    for size in ("800x480", "1024x600", "1280x800", "1920x1080", "1080x1920", "480x800"):
        k = Kiosk(a, size, "es", os.path.join(a.out, f"attract-both-{size}"))
        shutil.rmtree(k.out, ignore_errors=True)
        k.run([{"shot": "attract"}, {"tap_text": uis["es"]["attract.touch"]}, {"shot": "after"}])
        att, after = k.dump("attract"), k.dump("after")
        check(after["screen"] == "home" and after["lang"] == "es", f"attract {size}: the Spanish words gave {after['lang']}")
        for key in ("crisis.bar", "attract.title", "attract.touch", "attract.subtitle"):
            shown = [item(att, uis[l][key]) for l in ("en", "es")]
            if key == "attract.subtitle":
                check((shown[0] is None) == (shown[1] is None), f"attract {size}: one subtitle without the other")
                continue
            check(None not in shown, f"attract {size}: {key} missing in a language")
            if None not in shown:
                check(shown[0]["px"] == shown[1]["px"] and shown[0]["px"] > 0,
                      f"attract {size}: {key} at {shown[0]['px']} px in English, {shown[1]['px']} px in Spanish")
        more = [item(att, uis[l]["crisis.more"]) for l in ("en", "es")]
        if w_of(size) > 600:  # a narrow screen's pill keeps its chevron alone
            check(None not in more and more[0]["px"] == more[1]["px"],
                  f"attract {size}: 'More help' not in both languages at one size")
    # The center's name and logo (manifest "center") at the top, at every size
    # with room: a logo of its own colour, inside the screen, about 15 mm tall
    # at most, over nothing else.
    content = os.path.join(a.out, "attract-logo", "content")
    shutil.rmtree(os.path.dirname(content), ignore_errors=True)
    shutil.copytree(a.content, content)
    os.makedirs(os.path.join(content, "images"), exist_ok=True)
    logo_rgb = (0x2A, 0x6F, 0x97)
    write_png(os.path.join(content, "images", "center-logo.png"), 600, 200, logo_rgb)
    manifest = json.load(open(os.path.join(content, "manifest.json"), encoding="utf-8"))
    name = manifest["center"]["name"]
    manifest["center"]["logo"] = "images/center-logo.png"
    json.dump(manifest, open(os.path.join(content, "manifest.json"), "w", encoding="utf-8"), ensure_ascii=False)
    for size in ("800x480", "1024x600", "1280x800", "1920x1080", "1080x1920"):
        w, h = map(int, size.split("x"))
        k = Kiosk(a, size, "en", os.path.join(a.out, "attract-logo", size))
        k.a = argparse.Namespace(**dict(vars(a), content=content))
        k.run([{"shot": "attract"}])
        d = k.dump("attract")
        logos = [i for i in d["images"] if i["src"] == "images/center-logo.png"]
        named = item(d, name)
        # On a 7" panel the welcome, the invitations and the languages fill the
        # screen under the bilingual crisis bar: the name and logo give way there.
        if size not in ("800x480", "1024x600"):
            check(named is not None, f"attract {size}: no center name")
            check(len(logos) == 1, f"attract {size}: {len(logos)} logos")
        for lg in logos:
            check(lg["x"] >= 0 and lg["y"] >= 0 and lg["x"] + lg["w"] <= w and lg["y"] + lg["h"] <= h,
                  f"attract {size}: logo off screen {lg}")
            check(lg["h"] * d["mm_per_px"] <= 15.1 and abs(lg["w"] * 200 - lg["h"] * 600) <= 600,
                  f"attract {size}: logo {lg['w']}x{lg['h']} px")
            for it in d["items"]:
                check(not overlaps(lg, it), f"attract {size}: the logo covers {it['text']!r}")
            got = pixels(a, os.path.join(k.out, "attract.png"), [centre(lg)])[0]
            check(max(abs(x - y) for x, y in zip(got[:3], logo_rgb)) <= 2, f"attract {size}: logo pixel {got}")
        if named:
            for it in d["items"]:
                if it is not named:
                    check(not overlaps(named, it), f"attract {size}: the name overlaps {it['text']!r}")


def w_of(size):
    return int(size.split("x")[0])


def overlaps(p, q):
    return p["x"] < q["x"] + q["w"] and q["x"] < p["x"] + p["w"] and p["y"] < q["y"] + q["h"] and q["y"] < p["y"] + p["h"]


def write_png(path, w, h, rgb):
    """A plain PNG of one colour (the test's stand-in for a center's logo)."""
    import struct
    import zlib
    raw = b"".join(b"\0" + bytes(rgb) * w for _ in range(h))
    chunk = lambda t, d: struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    open(path, "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
                          chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def edge_contrasts(a, png, dump, w, h):
    """For each bordered target: the edge's colour against the page just outside, per side."""
    points, sides = [], []
    for t in dump["targets"]:
        if t["w"] * t["h"] > w * h // 3 or t["y"] == 0:
            continue  # whole-screen targets and the crisis bar (its own colour, checked below)
        cx, cy = t["x"] + t["w"] // 2, t["y"] + t["h"] // 2
        for (ix, iy), (ox, oy) in (((t["x"] + 1, cy), (t["x"] - 3, cy)),
                                    ((t["x"] + t["w"] - 2, cy), (t["x"] + t["w"] + 2, cy)),
                                    ((cx, t["y"] + 1), (cx, t["y"] - 3)),
                                    ((cx, t["y"] + t["h"] - 2), (cx, t["y"] + t["h"] + 2))):
            if 0 <= ox < w and 0 <= oy < h:
                points += [(ix, iy), (ox, oy)]
                sides.append(t)
    colours = pixels(a, png, points) if points else []
    return [(sides[i], contrast(colours[2 * i], colours[2 * i + 1])) for i in range(len(sides))]


def test_contrast(a, k, name, dump, disabled=()):
    png = os.path.join(k.out, name + ".png")
    page = (0xF6, 0xF3, 0xEE)
    # Components: the best side of each target (a side may touch a neighbour of its own colour).
    best = {}
    for t, c in edge_contrasts(a, png, dump, k.w, k.h):
        key = (t["x"], t["y"], t["w"], t["h"])
        best[key] = max(best.get(key, 0), c)
    for key, c in best.items():
        check(c >= 3.0, f"contrast {k.lang} {k.size} {name}: component {key} edge {c:.2f}:1 against the page")
    # Text: ink against background in each item's box (typed text included).
    items = [i for i in dump["items"] if i["w"] > 2 and i["h"] > 2]
    res = boxes(a, png, [(i["x"], i["y"], i["w"], i["h"]) for i in items])
    for it, (bg, ink) in zip(items, res):
        need = 4.5 if it["text"] in disabled else 7.0
        c = contrast(bg, ink)
        check(c >= need - 0.05, f"contrast {k.lang} {k.size} {name}: {it['text'][:30]!r} {c:.2f}:1 (ink {ink} on {bg})")
    top = pixels(a, png, [(k.w // 2, 2)])[0]
    check(contrast(top, page) >= 3.0, f"contrast {name}: the crisis bar against the page")


def shots_and_contrast(a):
    for size in ("800x480", "1920x1080"):
        for lang in ("en", "es"):
            k = Kiosk(a, size, lang, os.path.join(a.out, f"shots-{lang}-{size}"))
            shutil.rmtree(k.out, ignore_errors=True)
            ui = k.ui
            mods = json.load(open(os.path.join(a.content, "manifest.json"), encoding="utf-8"))
            title = lambda d: json.load(open(os.path.join(a.content, lang, "modules", d + ".json"),
                                             encoding="utf-8"))["title"]
            contact, groups = title(mods["contact_form"]), title(mods["groups_screen"])
            steps = [{"shot": "01-attract"}] + k.start() + [{"shot": "02-home"},
                     {"tap_text": title("in-a-crisis")}, {"shot": "03-reader"},
                     {"tap_text": ui["nav.next"]}, {"shot": "04-reader-p2"}, {"tap_text": ui["nav.home"]},
                     {"tap_text": ui["crisis.more"]}, {"shot": "05-crisis"}, {"tap_text": ui["nav.back"]},
                     {"wait_ms": 120000}, {"shot": "06-idle"}, {"tap_text": ui["idle.stay"]}]
            # The groups schedule is on Home's page 1 at 1080p; on a small panel, page on.
            steps += [{"key": "Right"}] * 8 + [{"tap_text": groups}, {"shot": "07-groups"}, {"tap_text": ui["nav.home"]}]
            steps += [{"key": "Left"}] * 8 + [{"tap_text": contact}, {"shot": "08-notice"}]
            # The notice pages on a 7" panel: Next to its last page, then Continue.
            k.run(steps)
            steps += [{"tap_text": ui["nav.next"]}] * (k.dump("08-notice")["pages"] - 1)
            steps += [{"tap_text": ui["contact.start"]}, {"shot": "09-name"}, {"type": "Ann"}, {"shot": "10-name-typed"},
                      {"tap_text": ui["form.next"]}, {"type": "3234021622"}, {"tap_text": ui["form.next"]},
                      {"tap_text": ui["form.next"]}, {"shot": "11-prefs"}, {"tap_text": ui["form.best_time.morning"]},
                      {"shot": "12-option-chosen"}, {"tap_text": ui["form.next"]},
                      {"tap_text": ui["form.topic.loved-one"]}, {"tap_text": ui["form.next"]}, {"shot": "13-consent"},
                      {"tap_text": ui["form.next"]}, {"shot": "14-review-no-consent"}]
            # The review pages on a 7" panel: Send is on its last page, once
            # every page was shown (issue 13).
            k.run(steps)
            steps += [{"tap_text": ui["form.review.more"]}] * (k.dump("14-review-no-consent")["pages"] - 1)
            steps += [{"shot": "14b-review-last"},
                      {"tap_text": ui["form.submit"]}, {"shot": "15-send-why"},
                      {"tap_text": ui["form.cancel"]}, {"shot": "16-erase-question"},
                      {"tap_text": ui["form.cancel.keep"]}, {"shot": "17-kept"},
                      {"tap_text": ui["form.cancel"]}, {"tap_text": ui["form.cancel.erase"]}, {"shot": "18-erased"}]
            k.run(steps)
            d = {n: k.dump(n) for n in ("02-home", "03-reader", "05-crisis", "06-idle", "07-groups", "09-name",
                                         "12-option-chosen", "14-review-no-consent", "14b-review-last", "15-send-why",
                                         "16-erase-question", "17-kept", "18-erased")}
            where = f"{lang} {size}"
            check(d["06-idle"]["idle_warning"], f"{where}: no idle warning")
            check(d["07-groups"]["screen"] == "groups", f"{where}: the groups tile did not open the schedule")
            check(d["14-review-no-consent"]["screen"] == "review", f"{where}: not on the review")
            send = item(d["14b-review-last"], ui["form.submit"])
            check(send is not None and send["tap"], f"{where}: the disabled Send says nothing when tapped")
            check(d["15-send-why"]["screen"] == "review", f"{where}: a disabled Send acted")
            check(item(d["16-erase-question"], ui["form.cancel.ask"]) is not None, f"{where}: Cancel did not ask")
            check(d["17-kept"]["screen"] == "review" and not d["17-kept"]["form_empty"], f"{where}: keep lost the answers")
            check(d["18-erased"]["screen"] == "home" and d["18-erased"]["form_empty"], f"{where}: erase did not erase")
            check(any(i["name"] == "check" for i in d["12-option-chosen"]["icons"]), f"{where}: no check mark on the choice")
            check(any(i["name"] == "phone" for i in d["02-home"]["icons"]), f"{where}: no phone icon on the crisis bar")
            check(len([i for i in d["02-home"]["icons"] if i["y"] > 150]) >= 2, f"{where}: no icons on the Home tiles")
            names = ["02-home", "03-reader", "05-crisis", "09-name", "12-option-chosen", "14-review-no-consent",
                     "14b-review-last"]
            # The review of eight answers pages on a 7" panel rather than run
            # under the buttons: nothing on it overlaps, nothing is off screen.
            _, langs = e2e.load_content(a.content)
            e2e.check_shots(k.out, ["14-review-no-consent", "14b-review-last", "15-send-why"], k.w, k.h, lang, langs,
                            a.png_probe)
            for name in names:
                test_contrast(a, k, name, d[name], disabled=(ui["form.submit"],))
            if size == "1920x1080":
                home = d["02-home"]
                check(home["pages"] == 1, f"{where}: Home needs {home['pages']} pages on a 1080p screen")
                tiles = [i["text"] for i in home["items"] if i["text"] in (title("in-a-crisis"), contact)]
                check(tiles[:2] == [title("in-a-crisis"), contact], f"{where}: crisis and contact are not first: {tiles}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lantern", required=True)
    ap.add_argument("--lanternctl", required=True)
    ap.add_argument("--content", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--png-pixels", dest="png_pixels", required=True)
    ap.add_argument("--png-probe", dest="png_probe", default=None)
    ap.add_argument("part", choices=["pressed", "crisis", "attract", "shots"])
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    keys = os.path.join(a.out, "keys")
    if not os.path.exists(os.path.join(keys, "lantern-public.key")):
        shutil.rmtree(keys, ignore_errors=True)
        subprocess.run([a.lanternctl, "keygen", "--out", keys], check=True, capture_output=True, text=True,
                       input="look test passphrase\n" * 2)
    a.key = os.path.join(keys, "lantern-public.key")
    {"pressed": test_pressed, "crisis": test_crisis, "attract": test_attract, "shots": shots_and_contrast}[a.part](a)
    print(f"look {a.part}: {PASSES[0]} passed, {len(FAILS)} failed")
    sys.exit(1 if FAILS else 0)


if __name__ == "__main__":
    main()
