#!/usr/bin/env python3
"""The contact form on the panel it runs on, through the headless harness
(issues 13 and 14):

  form_panel.py --lantern BIN --lanternctl BIN --content DIR --out DIR --png-probe BIN
                --lang en|es --size WxH [--a11y-taps N]

walks the whole form by tapping the on-screen keys (after N taps on "A+":
1 is 125 %, 2 is 150 %, 3 is 150 % in high contrast): every typed step with
an error and its fix, the accented letters' and the digits' second keyboard
page on a short panel, the options, consent, the review (paged where it must
be), Send and the thank-you screen. On every screen, from the dumps and the
PNGs: the crisis bar present and tappable, the A+ control on the bar, the
text step taken, nothing clipped or overlapping, every text at least the
secondary size (4.25 mm) and every target and key at least 12 mm with 2 mm
between them (e2e.check_physical), every key 2 mm at least from the screen's
edges; it prints the keys' size and their distance from the edges in
millimetres. The review (review_send): Send only on its last page, once
every page was shown; a tap on page 1 where Send stands sends nothing; the
request stored sealed, exactly as typed (lanternctl requests export).
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
from types import SimpleNamespace

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e  # noqa: E402
import form  # noqa: E402  (keygen, export: one passphrase for the form's tests)

check = e2e.check


ACT = e2e.actions()
ACT_KEY, ACT_SUBMIT = ACT["ACT_KEY"], ACT["ACT_SUBMIT"]


def harness(a, args, script, out, name):
    path = os.path.join(out, name + ".json")
    json.dump(script, open(path, "w", encoding="utf-8"), ensure_ascii=False)
    p = subprocess.run([a.lantern, "--headless", "--script", path, "--out", out] + args,
                       capture_output=True, text=True)
    check(p.returncode == 0, f"{name}: exit {p.returncode}: {p.stderr.strip()[-600:]}")
    check("has no glyph" not in p.stderr, f"{name}: a character the font cannot draw")
    return p


def dump(out, shot):
    return json.load(open(os.path.join(out, shot + ".json"), encoding="utf-8"))


def texts(out, shot):
    return [i["text"] for i in dump(out, shot)["items"]]


def target_centre(dump, action, text=None):
    """The centre of the button with this action (and words), or None."""
    for t in dump["targets"]:
        if t["action"] == action and (text is None or any(
                i["text"] == text and t["x"] <= i["x"] < t["x"] + t["w"] and t["y"] <= i["y"] < t["y"] + t["h"]
                for i in dump["items"])):
            return [t["x"] + t["w"] // 2, t["y"] + t["h"] // 2]
    return None


def backward(d, ui):
    """The backward buttons on a screen: (words, target rect) of each."""
    words = {ui["nav.back"], ui["nav.previous"], ui["form.back"]}
    found = []
    for i in d["items"]:
        if i["tap"] and i["text"] in words:
            x, y = i["x"] + i["w"] // 2, i["y"] + i["h"] // 2
            t = [t for t in d["targets"] if t["x"] <= x < t["x"] + t["w"] and t["y"] <= y < t["y"] + t["h"]]
            found.append((i["text"], (t[-1]["x"], t[-1]["y"], t[-1]["w"], t[-1]["h"]) if t else None))
    return found


def back_one(a, args, out, ui, to_review, pages, w, h):
    """One backward button on every review page, in one place (issue 13):
    Back (to the form) on the first, Previous (to the page before) on a
    later one, never both; Cancel does not move as its word changes. Then
    Previous from the last page walks back page by page, and Back on the
    first returns to the consent step, the review's rows all still there."""
    where, cancel_at = None, None
    for p in range(pages):
        d = dump(out, f"review-p{p + 1}")
        found = backward(d, ui)
        want = ui["nav.back"] if p == 0 else ui["nav.previous"]
        check([f[0] for f in found] == [want],
              f"review-p{p + 1}: backward buttons {[f[0] for f in found]}, want only {want!r}")
        cancels = [i for i in d["items"] if i["tap"] and i["text"] == ui["form.cancel"]]
        c = (cancels[0]["x"], cancels[0]["y"]) if cancels else None
        if found:
            where = where or found[0][1]
            check(found[0][1] == where, f"review-p{p + 1}: {want!r} at {found[0][1]}, Back's place is {where}")
            check(where[0] < w // 3 and where[1] > h // 2,
                  f"review-p{p + 1}: the backward button at {where}, not in the bottom row's left end")
        cancel_at = cancel_at or c
        check(c is not None and c == cancel_at, f"review-p{p + 1}: Cancel at {c}, on page 1 at {cancel_at}")
    if pages < 2:
        return
    steps = to_review + [{"tap_text": ui["form.review.more"]}] * (pages - 1) + [{"shot": "back-last"}]
    for p in range(pages - 1, 0, -1):
        steps += [{"tap_text": ui["nav.previous"]}, {"shot": f"back-to-p{p}"}]
    steps += [{"tap_text": ui["nav.back"]}, {"shot": "back-to-form"}]
    harness(a, args, steps, out, "review-back")
    for p in range(pages - 1, 0, -1):
        d = dump(out, f"back-to-p{p}")
        check(d["screen"] == "review" and d["page"] == p, f"Previous on review page {p + 1} went to {d['screen']} page {d['page']}")
    d = dump(out, "back-to-form")
    check(d["screen"] == "form" and d["page"] == d["pages"],
          f"Back on the review's first page went to {d['screen']} page {d['page']} of {d['pages']}, not the consent step")


def review_send(a, args, out, ui, to_review, data, private, w, h):
    """The review, paged on a 7" panel (issue 13): Send only once every page
    was shown. Replays the walk's taps (no shots) to the review, then:
    1. every page in turn ("More details" on each before the last, no Send
       there), Send on the last: stored, sealed, exactly as typed;
    2. again, a tap on page 1 where Send stands on the last page: nothing
       sent, the review still showing; then Send on the last page works.
    Returns the number of review pages."""
    more, send = ui["form.review.more"], ui["form.submit"]
    first = dump(out, "review")
    pages = first["pages"]
    shots = [{"shot": "review-p1"}]
    for p in range(1, pages):
        shots += [{"tap_text": more}, {"shot": f"review-p{p + 1}"}]
    harness(a, args, to_review + shots + [{"tap_text": send}, {"expect_screen": "thanks"}, {"shot": "thanks"}],
            out, "review-send")
    if not os.path.exists(os.path.join(out, "thanks.json")):
        return pages
    for p in range(pages):
        d = dump(out, f"review-p{p + 1}")
        tapped = [i["text"] for i in d["items"] if i["tap"]]
        last = p + 1 == pages
        check(d["screen"] == "review" and d["page"] == p + 1, f"review-p{p + 1}: page {d['page']} of {d['screen']}")
        check((send in tapped) == last, f"review-p{p + 1}: Send {'missing on the last page' if last else 'offered before the last page'}")
        check((more in tapped) == (not last), f"review-p{p + 1}: {more!r} {'on the last page' if last else 'missing'}")
    back_one(a, args, out, ui, to_review, pages, w, h)
    # Where more pages follow, the visitor is told how many (at the standard step it fits).
    if pages > 1 and a.a11y_taps == 0:
        of = ui["nav.page_of"].replace("{page}", "1").replace("{pages}", str(pages))
        check(of in texts(out, "review-p1"), f"review-p1: no {of!r}")
    # Every answer was on one of the pages the visitor saw before Send.
    seen = set(t for p in range(pages) for t in texts(out, f"review-p{p + 1}"))
    for v in ("José", "3234021622", "ana@ex7.com", ui["form.best_time.morning"], ui["form.topic.other"]):
        check(v in seen, f"the review never showed {v!r} before Send")
    db = os.path.join(data, "requests.db")
    rows = form.export(a, db, private)
    check(len(rows) == 1, f"{len(rows)} requests stored after one Send")
    want = {"name": "José", "phone": "3234021622", "email": "ana@ex7.com", "best_time": "morning",
            "topic": "other", "voicemail_ok": "no", "language": a.lang}
    for r in rows:
        check({k: r.get(k) for k in want} == want, f"stored {({k: r.get(k) for k in want})}, typed {want}")
    # Sealed: nothing typed in the clear in any file of the data folder.
    for f in os.listdir(data):
        raw = open(os.path.join(data, f), "rb").read()
        for t in ("José", "3234021622", "ana@ex7.com"):
            check(t.encode("utf-8") not in raw, f"{f} holds {t!r} in the clear")
    if pages < 2:
        check(send in [i["text"] for i in first["items"] if i["tap"]], "one review page and no Send on it")
        return pages
    # 2. Where Send stands on the last page, tapped on page 1: no send.
    spot = target_centre(dump(out, f"review-p{pages}"), ACT_SUBMIT, send)
    check(spot is not None, "no Send button on the review's last page")
    if spot is None:
        return pages
    steps = to_review + [{"tap": spot}, {"expect_screen": "review"}, {"shot": "review-tap-early"}]
    harness(a, args, steps, out, "review-early")
    early = dump(out, "review-tap-early")
    check(early["screen"] == "review", f"a tap where Send will be, on page 1, left the review ({early['screen']})")
    check(len(form.export(a, db, private)) == 1, "a tap on page 1 where Send will be sent the request")
    # Then the remaining pages: Send works, the second request as typed.
    rest = [{"tap_text": more}] * (pages - early["page"]) + [{"tap_text": send}, {"expect_screen": "thanks"}]
    harness(a, args, steps + rest, out, "review-late")
    rows = form.export(a, db, private)
    check(len(rows) == 2 and all({k: r.get(k) for k in want} == want for r in rows),
          f"after the pages were shown, Send stored {len(rows) - 1} request(s), not one as typed")
    return pages


def setup(a, name, a11y_taps=0):
    """What the form's walks share: the content, a fresh out folder with its
    data and a staff key, the steps to the first screen (with a11y_taps A+
    taps) and the Home page that holds the contact tile (page None: said)."""
    w, h = map(int, a.size.split("x"))
    manifest, langs = e2e.load_content(a.content)
    ui = langs[a.lang]["ui"]
    out = os.path.join(a.out, name)
    shutil.rmtree(out, ignore_errors=True)
    data = os.path.join(out, "data")
    os.makedirs(data)
    private = form.keygen(a.lanternctl, data)
    args = ["--content", a.content, "--data", data, "--size", a.size]
    title = langs[a.lang]["docs"][manifest["contact_form"]]["title"]
    start = e2e.start_steps(ui, a.lang, manifest["default_language"], w, h)
    start += [{"tap_text": ui["text.larger"]}] * a11y_taps
    # Which Home page has the contact tile.
    probe = start + [s for k in range(len(manifest["home"])) for s in ({"shot": f"hp{k}"}, {"key": "Right"})]
    harness(a, args, probe, out, "probe")
    page = next((k for k in range(len(manifest["home"])) if title in texts(out, f"hp{k}")), None)
    check(page is not None, "the contact tile is on no Home page")
    return SimpleNamespace(w=w, h=h, manifest=manifest, langs=langs, ui=ui, out=out, data=data, private=private,
                           args=args, title=title, start=start, page=page)


def walk(a):
    if a.a11y_taps >= 3:
        e2e.BAR_RGB[0] = (0, 0, 0)
    s = setup(a, f"form-panel-{a.lang}-{a.size}-a{a.a11y_taps}", a.a11y_taps)
    w, h, langs, ui, out, data, private, args, title, start, page = (
        s.w, s.h, s.langs, s.ui, s.out, s.data, s.private, s.args, s.title, s.start, s.page)
    if page is None:
        return
    # The notice pages where it does not fit (a 7" panel, a larger step).
    harness(a, args, start + [{"key": "Right"}] * page + [{"tap_text": title}, {"shot": "notice-probe"}], out,
            "probe-notice")
    notice_pages = dump(out, "notice-probe")["pages"]
    turns = [s for p in range(1, notice_pages) for s in ({"tap_text": ui["nav.next"]}, {"shot": f"notice-p{p + 1}"})]
    # A short panel (under 100 mm tall, on its side) has the compact keyboard.
    mm = dump(out, "hp0")["mm_per_px"]
    short = w > h and h * mm < 100
    accents = [{"tap_text": "áñ"}] if short else []
    letters = [{"tap_text": "abc"}] if short else []
    digits = [{"tap_text": "123"}] if short else []
    # After an error, a Backspace (a physical key) always brings the keys
    # back: on a short panel a long error may wait over them until seen.
    script = start + [{"key": "Right"}] * page + [
        {"tap_text": title}, {"shot": "notice"}, *turns, {"tap_text": ui["contact.start"]},
        {"shot": "name-empty"}, {"tap_text": ui["form.next"]}, {"shot": "name-error"}, {"key": "Backspace"},
        # "Ann-": the hyphen from the accents' page (a short panel), then refused by Next.
        {"tap_text": "A"}, {"tap_text": "n"}, {"tap_text": "n"}, *accents, {"tap_text": "-"},
        {"tap_text": ui["form.next"]}, {"shot": "name-bad"}, {"key": "Backspace"},
        *[{"key": "Backspace"}] * 3,
        # José: the accented letter from the second page, which turns back by itself.
        {"tap_text": "J"}, {"tap_text": "o"}, {"tap_text": "s"}, *accents, {"shot": "name-accents"},
        {"tap_text": "é"}, {"shot": "name-typed"}, {"tap_text": ui["form.next"]},
        # Phone: too short, then the rest of it.
        {"shot": "phone-empty"}, {"tap_text": "3"}, {"tap_text": "2"}, {"tap_text": "3"},
        {"tap_text": ui["form.next"]}, {"shot": "phone-bad"}, {"key": "Backspace"},
        *[{"tap_text": d} for d in "34021622"], {"shot": "phone-typed"}, {"tap_text": ui["form.next"]},
        # Email: not plausible, then good; ".com" from the digits' page.
        {"shot": "email-empty"}, {"tap_text": "a"}, {"tap_text": "n"}, {"tap_text": "a"}, {"tap_text": "@"},
        {"tap_text": ui["form.next"]}, {"shot": "email-bad"}, {"key": "Backspace"}, {"tap_text": "@"},
        {"tap_text": "e"}, {"tap_text": "x"}, *digits, {"shot": "email-digits"}, {"tap_text": "7"}, {"tap_text": ".com"},
        *letters, {"shot": "email-typed"}, {"tap_text": ui["form.next"]},
        {"shot": "prefs"}, {"tap_text": ui["form.best_time.morning"]}, {"shot": "prefs-chosen"},
        {"tap_text": ui["form.next"]},
        {"shot": "topic"}, {"tap_text": ui["form.topic.other"]}, {"tap_text": ui["form.next"]},
        {"shot": "consent"}, {"tap_text": ui["form.consent.label"]}, {"tap_text": ui["form.next"]},
        {"shot": "review"}]
    harness(a, args, script, out, "walk")
    if not os.path.exists(os.path.join(out, "review.json")):
        return
    review_pages = review_send(a, args, out, ui, [st for st in script if "shot" not in st], data, private, w, h)
    shots = ["notice"] + [f"notice-p{p + 1}" for p in range(1, notice_pages)] + ["name-empty", "name-error", "name-bad", "name-accents", "name-typed", "phone-empty",
             "phone-bad", "phone-typed", "email-empty", "email-bad", "email-digits", "email-typed", "prefs",
             "prefs-chosen", "topic", "consent"] + [f"review-p{p + 1}" for p in range(review_pages)] + ["thanks"]
    if not os.path.exists(os.path.join(out, "thanks.json")):
        return
    want_percent = (100, 125, 150, 150)[min(a.a11y_taps, 3)]
    for s, d in e2e.check_shots(out, shots, w, h, a.lang, langs, a.png_probe).items():
        check(d["text_percent"] == want_percent, f"{s}: text step {d['text_percent']} %, not {want_percent} %")
        check(ui["text.larger"] in [i["text"] for i in d["items"] if i["tap"]], f"{s}: no A+ on the form's screen")
    # Back on every step after the first: one, in the words Back has on every
    # screen (issue 13: the same words in each language), never "Previous".
    for s in ("phone-empty", "phone-bad", "phone-typed", "email-empty", "email-typed", "prefs", "topic", "consent"):
        found = [f[0] for f in backward(dump(out, s), ui)]
        check(found == [ui["nav.back"]], f"{s}: backward buttons {found}, want one {ui['nav.back']!r}")
    # What was asked for happened: errors shown, the letters typed, sent.
    check(ui["form.error.name.empty"] in texts(out, "name-error"), "no error for an empty name")
    check(ui["form.error.name.format"] in texts(out, "name-bad") and "Ann-" in texts(out, "name-bad"),
          "Ann- typed from the keys was not refused with its error")
    check("José" in texts(out, "name-typed"), "José was not typed from the keys")
    check(ui["form.error.phone.bad"] in texts(out, "phone-bad"), "no error for a short phone number")
    check("3234021622" in texts(out, "phone-typed"), "the phone number was not typed from the keypad")
    check(ui["form.error.email.bad"] in texts(out, "email-bad"), "no error for a bad email")
    check("ana@ex7.com" in texts(out, "email-typed"), "the email was not typed from the keys")
    # Every paragraph of the notice was on one of its pages.
    seen = set(t for s in ["notice"] + [f"notice-p{p + 1}" for p in range(1, notice_pages)] for t in texts(out, s))
    for key in ("contact.notice.purpose", "contact.notice.emergency", "contact.notice.health", "contact.notice.privacy"):
        check(any(ui[key].startswith(t) or t in ui[key] for t in seen if len(t) > 20), f"the notice never showed {key}")
    check(dump(out, "review")["screen"] == "review", "Next on consent did not reach the review")
    check(dump(out, "thanks")["screen"] == "thanks", "Send did not send")
    check(any(i["name"] == "check" for i in dump(out, "prefs-chosen")["icons"]), "no check on the chosen option")
    # The keys: 12 mm both ways (2 mm apart: check_physical), and 2 mm at
    # least from every edge of the screen (a finger on the bottom row must
    # not meet the bezel); sizes and the least distance printed.
    sizes, edges = [], []
    for s in ("name-typed", "phone-typed", "email-typed", "name-accents", "email-digits"):
        d = dump(out, s)
        mm = d["mm_per_px"]
        keys = [t for t in d["targets"] if t["action"] == ACT_KEY]
        check(len(keys) >= 10, f"{s}: no keyboard ({len(keys)} keys)")
        if keys:
            kh, kw = min(t["h"] for t in keys) * mm, min(t["w"] for t in keys) * mm
            check(kh >= 11.99 and kw >= 11.99, f"{s}: keys {kw:.1f} x {kh:.1f} mm, under 12 mm")
            sizes.append(f"{s} {kw:.1f}x{kh:.1f}")
            side = {"left": min(t["x"] for t in keys), "top": min(t["y"] for t in keys),
                    "right": w - max(t["x"] + t["w"] for t in keys), "bottom": h - max(t["y"] + t["h"] for t in keys)}
            for where, px in side.items():
                check(px * mm >= e2e.GAP_MM - 0.01,
                      f"{s}: a key {px * mm:.1f} mm from the screen's {where} edge, under {e2e.GAP_MM} mm")
            edges.append(f"{s} {min(side.values()) * mm:.1f}")
        icons = {i["name"] for i in d["icons"]}
        want = {"name-typed": "person", "phone-typed": "phone", "email-typed": "mail"}.get(s)
        if want:
            check(want in icons, f"{s}: no {want} icon by the question")
    if short:
        check("é" in texts(out, "name-accents") and "q" not in texts(out, "name-accents"),
              "the accents' page did not show")
        check("q" in texts(out, "name-typed"), "the letters did not come back after an accented letter")
        check("7" in texts(out, "email-digits"), "the digits' page did not show")
    print(f"form panel {a.lang} {a.size} +{a.a11y_taps}: smallest keys (w x h mm): " + ", ".join(sizes))
    print(f"form panel {a.lang} {a.size} +{a.a11y_taps}: keys from the screen's edges (least, mm): " + ", ".join(edges))
    print(f"form panel {a.lang} {a.size} +{a.a11y_taps}: review pages: {review_pages}")


def run(walk_fn, name):
    """A form walk's command line (the form's tests share it): walk, then the tally."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--lantern", required=True)
    ap.add_argument("--lanternctl", required=True)
    ap.add_argument("--content", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--png-probe", dest="png_probe", required=True)
    ap.add_argument("--lang", default="en")
    ap.add_argument("--size", default="800x480")
    ap.add_argument("--a11y-taps", dest="a11y_taps", type=int, default=0)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    walk_fn(a)
    print(f"{name}: {e2e.PASSES[0]} passed, {len(e2e.FAILS)} failed")
    sys.exit(1 if e2e.FAILS else 0)


def main():
    run(walk, "form panel")


if __name__ == "__main__":
    main()
