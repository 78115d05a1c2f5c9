#!/usr/bin/env python3
"""The contact form's steps, one way on and one way out (issue 13, review
item 9), through the headless harness at one size and language:

  form_steps.py --lantern BIN --lanternctl BIN --content DIR --out DIR --png-probe BIN
                --lang en|es --size WxH

Walks the six steps with an error on each typed one and checks, from the
dumps and PNGs (every shot also through e2e.check_shots: nothing clipped,
off screen or overlapping, text never under the secondary size, targets
12 mm and 2 mm apart):
1. an error keeps the step's question and its step line ("Step 2 of 6") on
   screen, the error with them near the field (or, on a 7" panel where it
   has no room, over the keys just under the field until OK, the question
   and step line still there; after OK the keys are back);
2. Cancel on every step, in the buttons' row with Next (on a wide screen in
   the same place on every step), and on the phone and email steps it asks
   "Erase your answers?" first: keep them returns to the step with the
   answer, erase them empties the form and leaves it;
3. exactly one Next on every step (no Next key on the keyboard);
4. the keyboard's Shift, space and Delete keys show their words, never an
   icon in their place, in either language.
Prints each error's distance from the field in millimetres.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e  # noqa: E402
from form_panel import dump, harness, run, setup, texts  # noqa: E402

check = e2e.check
ACT = e2e.actions()
ACT_KEY, ACT_FORM_CANCEL, ACT_FORM_NEXT = ACT["ACT_KEY"], ACT["ACT_FORM_CANCEL"], ACT["ACT_FORM_NEXT"]
ACT_FORM_NOTE = ACT["ACT_FORM_NOTE"]
KEY_ICONS = ("keyboard_capslock", "space_bar", "backspace")


def inside(i, t):
    cx, cy = i["x"] + i["w"] // 2, i["y"] + i["h"] // 2
    return t["x"] <= cx < t["x"] + t["w"] and t["y"] <= cy < t["y"] + t["h"]


def targets(d, action):
    return [t for t in d["targets"] if t["action"] == action]


def field_target(d):
    """The answer's field: the target of no action in the buttons' row, as tall as a button."""
    nexts = targets(d, ACT_FORM_NEXT)
    boxes = [t for t in d["targets"] if t["action"] == 0 and nexts and t["h"] >= nexts[0]["h"] * 9 // 10
             and t["w"] < d.get("_w", 10 ** 6)]
    return boxes[0] if boxes else None


def one_next(d, ui, where):
    """Exactly one Next: one tappable Next word, no Next on a key (word or icon)."""
    words = [i for i in d["items"] if i["tap"] and i["text"] in (ui["form.next"], ui["key.done"])]
    check(len(words) == 1, f"{where}: {len(words)} Next buttons, want one")
    check(len(targets(d, ACT_FORM_NEXT)) == 1, f"{where}: {len(targets(d, ACT_FORM_NEXT))} Next targets")
    keys = targets(d, ACT_KEY)
    on_keys = [i["text"] for i in words if any(inside(i, k) for k in keys)]
    on_keys += [c["name"] for c in d["icons"] if c["name"] == "arrow_forward" and any(inside(c, k) for k in keys)]
    check(not on_keys, f"{where}: a Next on the keyboard ({on_keys})")


def cancel_in_row(d, ui, where, back):
    """Cancel (and Back after the first step) in the buttons' row with Next."""
    nexts = targets(d, ACT_FORM_NEXT)
    cancels = [i for i in d["items"] if i["tap"] and i["text"] == ui["form.cancel"]]
    check(len(cancels) == 1, f"{where}: {len(cancels)} Cancel buttons, want one")
    backs = [i for i in d["items"] if i["tap"] and i["text"] == ui["nav.back"]]
    check(len(backs) == (1 if back else 0), f"{where}: {len(backs)} Back buttons, want {1 if back else 0}")
    if not (cancels and nexts):
        return None
    c, n = targets(d, ACT_FORM_CANCEL)[0], nexts[0]
    check(c["y"] == n["y"] and c["x"] < n["x"], f"{where}: Cancel at {c} not in Next's row {n}")
    if backs:
        b = [t for t in d["targets"] if inside(backs[0], t)][-1]
        check(b["y"] == c["y"] and b["x"] < c["x"], f"{where}: Back at {b} not before Cancel at {c}")
    return (c["x"], c["y"], c["w"], c["h"]), (n["x"], n["y"], n["w"], n["h"])


def key_words(d, ui, where):
    """Shift, space and Delete in words wherever they are on the keys."""
    keys = targets(d, ACT_KEY)
    icons = [c["name"] for c in d["icons"] if c["name"] in KEY_ICONS and any(inside(c, k) for k in keys)]
    check(not icons, f"{where}: keys show icons {icons} in place of their words")
    return {w for w in (ui["key.shift"], ui["key.space"], ui["key.delete"]) if w in texts_of(d)}


def texts_of(d):
    return [i["text"] for i in d["items"]]


def error_kept(d, ui, where, label, step, error, mm, w):
    """The question, its step line and the error together; the error near the field."""
    t = texts_of(d)
    check(label in t, f"{where}: the question {label!r} is gone")
    check(step in t, f"{where}: the step line {step!r} is gone")
    check(error in t, f"{where}: the error {error!r} is not shown")
    sheet = bool(targets(d, ACT_FORM_NOTE))
    f = field_target(d)
    check(f is not None, f"{where}: no field")
    err = [i for i in d["items"] if i["text"] == error]
    if not (f and err):
        return None, sheet
    e = dict(err[0])
    # Its warning icon before it is part of it.
    for c in d["icons"]:
        if c["name"] == "warning" and c["y"] < e["y"] + e["h"] and e["y"] < c["y"] + c["h"] and \
                0 <= e["x"] - (c["x"] + c["w"]) <= c["w"]:
            e["w"] += e["x"] - c["x"]
            e["x"] = c["x"]
    check(any(c["name"] == "warning" and c["x"] == e["x"] for c in d["icons"]),
          f"{where}: no warning icon before the error")
    dy = max(f["y"] - (e["y"] + e["h"]), e["y"] - (f["y"] + f["h"]), 0)
    dx = max(f["x"] - (e["x"] + e["w"]), e["x"] - (f["x"] + f["w"]), 0)
    dist = max(dx, dy) * mm
    check(dist <= 15, f"{where}: the error {dist:.1f} mm from the field")
    if not sheet:
        check(len(targets(d, ACT_KEY)) >= 10, f"{where}: the keyboard is gone with the error showing")
    for k in targets(d, ACT_KEY):
        check(k["y"] + k["h"] <= d["_h"] and k["x"] + k["w"] <= w, f"{where}: a key off screen")
    return dist, sheet


def walk(a):
    s = setup(a, f"form-steps-{a.lang}-{a.size}")
    w, h, langs, ui, out, args, title, start, page = (
        s.w, s.h, s.langs, s.ui, s.out, s.args, s.title, s.start, s.page)
    if page is None:
        return
    harness(a, args, start + [{"key": "Right"}] * page + [{"tap_text": title}, {"shot": "notice"}], out, "to-notice")
    notice_pages = dump(out, "notice")["pages"]
    to_form = start + [{"key": "Right"}] * page + [{"tap_text": title}] + [{"tap_text": ui["nav.next"]}] * (
        notice_pages - 1) + [{"tap_text": ui["contact.start"]}]
    nxt, cancel = {"tap_text": ui["form.next"]}, {"tap_text": ui["form.cancel"]}
    ask, keep, erase = ui["form.cancel.ask"], ui["form.cancel.keep"], ui["form.cancel.erase"]
    # The walk: each typed step empty, with its error, Cancel asked and kept.
    steps = to_form + [
        {"shot": "s1"}, nxt, {"shot": "s1-error"}, {"key": "Backspace"}, {"shot": "s1-after"},
        {"tap_text": "A"}, {"tap_text": "n"}, {"tap_text": "n"}, cancel, {"shot": "s1-ask"}, {"tap_text": keep},
        {"shot": "s1-kept"}, nxt,
        {"shot": "s2"}, {"tap_text": "3"}, {"tap_text": "2"}, {"tap_text": "3"}, nxt, {"shot": "s2-error"},
        cancel, {"shot": "s2-ask"}, {"tap_text": keep}, {"shot": "s2-kept"},
        *[{"key": "Backspace"}] * 3, *[{"tap_text": c} for c in "3234021622"], nxt,
        {"shot": "s3"}, {"tap_text": "a"}, {"tap_text": "@"}, nxt, {"shot": "s3-error"},
        cancel, {"shot": "s3-ask"}, {"tap_text": keep}, {"shot": "s3-kept"},
        {"key": "Backspace"}, {"key": "Backspace"}, nxt,
        {"shot": "s4"}, nxt, {"shot": "s5"}, nxt, {"shot": "s6"},
        cancel, {"shot": "s6-ask"}, {"tap_text": erase}, {"shot": "erased"}]
    harness(a, args, steps, out, "walk")
    shots = ["s1", "s1-error", "s1-after", "s1-kept", "s2", "s2-error", "s2-kept", "s3", "s3-error", "s3-kept",
             "s4", "s5", "s6"]
    if not os.path.exists(os.path.join(out, "erased.json")):
        return
    dumps = e2e.check_shots(out, shots + ["s1-ask", "s2-ask", "s3-ask", "s6-ask"], w, h, a.lang, langs, a.png_probe)
    mm = dumps["s1"]["mm_per_px"]
    compact = w > h and h * mm < 100
    for d in dumps.values():
        d["_h"], d["_w"] = h, w
    # 2 and 3: one Next and a Cancel on every step; on a wide screen the row
    # stands in one place on every step (Back joins it after the first).
    places = {}
    for s in shots:
        d = dumps[s]
        step = int(s[1])
        check(d["screen"] == "form" and d["page"] == step, f"{s}: {d['screen']} page {d['page']}, want form step {step}")
        one_next(d, ui, s)
        place = cancel_in_row(d, ui, s, step > 1)
        if place and step > 1:
            places.setdefault(place, []).append(s)
    if not compact:
        check(len(places) == 1, f"Cancel and Next stand in {len(places)} places across the steps: {list(places.values())}")
    else:
        # A 7" panel: the choice steps' row in one place at the bottom; on a
        # typed step the row stands right over the keys (2 to 4 mm), the
        # keypad's shorter than the letters'.
        choice = [p for p, ss in places.items() if any(x in ss for x in ("s4", "s5", "s6"))]
        check(len(choice) == 1, f"the choice steps' Cancel and Next in {len(choice)} places")
        for s in shots[:10]:
            d = dumps[s]
            keys = targets(d, ACT_KEY)
            row = targets(d, ACT_FORM_NEXT)
            if keys and row:
                gap = (min(k["y"] for k in keys) - row[0]["y"] - row[0]["h"]) * mm
                check(1.99 <= gap <= 4, f"{s}: the buttons' row {gap:.1f} mm over the keys, not right over them")
    # Cancel asks first, on the typed steps too; keep returns with the answer.
    for s, st, value in (("s1", 1, "Ann"), ("s2", 2, "323"), ("s3", 3, "a@")):
        d = dumps[f"{s}-ask"]
        check(ask in texts_of(d) and keep in texts_of(d) and erase in texts_of(d),
              f"{s}-ask: Cancel did not ask {ask!r}")
        check(value not in texts_of(d), f"{s}-ask: the answer shows behind the question")
        k = dumps[f"{s}-kept"]
        check(k["screen"] == "form" and k["page"] == st and value in texts_of(k),
              f"{s}-kept: {keep!r} did not return to step {st} with {value!r}")
    check(ask in texts_of(dumps["s6-ask"]), "s6-ask: Cancel on the last step did not ask")
    er = dump(out, "erased")
    check(er["screen"] != "form" and er["form_empty"], f"erased: on {er['screen']}, form empty {er['form_empty']}")
    # 1: the error with the question and the step line, near the field.
    labels = {1: ui["form.name.label"], 2: ui["form.phone.label"], 3: ui["form.email.label"]}
    errors = {1: ui["form.error.name.empty"], 2: ui["form.error.phone.bad"], 3: ui["form.error.email.bad"]}
    figures = []
    for st in (1, 2, 3):
        step_line = ui["form.step"].replace("{step}", str(st)).replace("{steps}", "6")
        s = f"s{st}-error"
        dist, sheet = error_kept(dumps[s], ui, s, labels[st], step_line, errors[st], mm, w)
        figures.append(f"{s} {'sheet' if sheet else 'inline'} {dist if dist is None else round(dist, 1)} mm")
        for k in (f"s{st}", f"s{st}-kept"):
            t = texts_of(dumps[k])
            check(labels[st] in t and step_line in t, f"{k}: no question or step line")
    after = dumps["s1-after"]
    check(len(targets(after, ACT_KEY)) >= 10, "s1-after: the keys did not come back after the error")
    # 4: the keys' words.
    words = set()
    for s in ("s1", "s1-kept", "s2", "s3"):
        words |= key_words(dumps[s], ui, s)
    if compact:  # the accents' page too
        harness(a, args, to_form + [{"tap_text": "áñ"}, {"shot": "accents"}], out, "accents")
        acc = e2e.check_shots(out, ["accents"], w, h, a.lang, langs, a.png_probe)["accents"]
        check("é" in texts_of(acc) or "É" in texts_of(acc), "the accents' page did not show")
        words |= key_words(acc, ui, "accents")
    want = {ui["key.shift"], ui["key.space"], ui["key.delete"]}
    check(words == want, f"the keys' words shown: {sorted(words)}, want {sorted(want)}")
    print(f"form steps {a.lang} {a.size}: errors: " + ", ".join(figures))
    print(f"form steps {a.lang} {a.size}: Cancel/Next places: {len(places)}; key words {sorted(words)}")


def main():
    run(walk, "form steps")


if __name__ == "__main__":
    main()
