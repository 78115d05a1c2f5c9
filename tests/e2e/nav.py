#!/usr/bin/env python3
"""Issue 13's navigation, end to end through the real binary's headless
harness (virtual clock, no sleeps).

  nav.py facilitator --size WxH --lang es
      a facilitator presenting a module follows a link, opens crisis help,
      comes back, opens the list of parts: Leave keeps one place on every
      screen (the module list's place), Back takes Home's place, Home goes to
      the module list, Leave ends the session.
  nav.py pick --size WxH --lang es
      the facilitator's module list: every module a whole button on some
      page at the buttons' text size, on screen, in Home's order; Leave in
      one place; Previous/Next only where they lead; the last module opens.
  nav.py contact_link --size WxH --lang es
      a module's link to the contact form (added to a copy of the content):
      a visitor's tap opens the form; presenting, it opens what the front
      desk offers (the form's own page), Back returns to the link's page.
  nav.py parts --size WxH --lang es
      the page count ("Page 2 of 9", a button) opens the module's list of parts; each part opens the
      page it starts on (its heading there); Back returns to the page the
      list was opened on; finger-down does not act, release does.
  nav.py groups --size WxH --lang es
      the paged schedule says where the visitor is (page x of y and the bar),
      and every page's cards fill it: no page but the last under half full.

Every shot goes through e2e.check_shot (crisis bar, no overlap or clipping,
no other language, targets >= 12 mm with 2 mm gaps, a real PNG).
"""
import argparse
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e  # noqa: E402

check = e2e.check
FACILITATOR_PIN = "7351"


class Run:
    def __init__(self, a, name):
        self.a = a
        self.w, self.h = map(int, a.size.split("x"))
        self.out = os.path.abspath(os.path.join(a.out, f"nav-{name}-{a.lang}-{a.size}"))
        shutil.rmtree(self.out, ignore_errors=True)
        os.makedirs(self.out)
        self.manifest, self.langs = e2e.load_content(a.content)
        self.ui = self.langs[a.lang]["ui"]
        self.docs = self.langs[a.lang]["docs"]
        self.foreign = set()
        for code, lang in self.langs.items():
            if code != a.lang:
                self.foreign |= e2e.lang_strings(lang)
        self.foreign -= e2e.lang_strings(self.langs[a.lang])
        self.args = ["--content", a.content, "--size", a.size]
        self.n = 0

    def run(self, script, extra=()):
        path = os.path.join(self.out, f"script-{self.n}.json")
        self.n += 1
        json.dump(script, open(path, "w", encoding="utf-8"), ensure_ascii=False)
        env = dict(os.environ, TZ="America/Los_Angeles")
        p = subprocess.run([self.a.lantern, "--headless", "--script", path, "--out", self.out] + self.args +
                           list(extra), capture_output=True, text=True, env=env)
        check(p.returncode == 0, f"{path}: exit {p.returncode}: {p.stderr.strip()[-400:]}")
        check("has no glyph" not in p.stderr, f"{path}: a character the font cannot draw")

    def dump(self, name):
        return json.load(open(os.path.join(self.out, name + ".json"), encoding="utf-8"))

    def shots(self, names):
        """Every shot checked as a visitor's screen would be."""
        png = e2e.probe_pngs(self.a.png_probe, [os.path.join(self.out, n + ".png") for n in names])
        for n in names:
            e2e.check_shot(self.out, n, self.w, self.h, self.a.lang, self.langs, self.foreign, png)

    def start(self):
        if self.a.lang == self.manifest["default_language"]:
            return [{"tap": [self.w // 2, self.h - 10]}]
        return [{"tap_text": self.ui["language.name"]}]

    def home_page_of(self, doc_id):
        """Home's page with the module's tile (keys turn Home's pages)."""
        tiles = len(self.manifest["home"])
        self.run(self.start() + [s for k in range(tiles) for s in ({"shot": f"home{k}"}, {"key": "Right"})])
        title = self.docs[doc_id]["title"]
        for k in range(tiles):
            if any(i["text"] == title for i in self.dump(f"home{k}")["items"]):
                return k
        check(False, f"no tile for {doc_id} on Home")
        return 0

    def to_module(self, doc_id):
        return self.start() + self.from_home(doc_id)

    def from_home(self, doc_id):
        """From any page of Home to the module (Home keeps its page)."""
        if not hasattr(self, "tile_page"):
            self.tile_page = self.home_page_of(doc_id)
        return [{"key": "Left"}] * len(self.manifest["home"]) + [{"key": "Right"}] * self.tile_page + [
            {"tap_text": self.docs[doc_id]["title"]}]


def items(d, text):
    return [i for i in d["items"] if i["text"] == text]


def target_of(d, item):
    """The target under an item's centre (topmost: the last drawn)."""
    x, y = item["x"] + item["w"] // 2, item["y"] + item["h"] // 2
    hits = [t for t in d["targets"] if t["x"] <= x < t["x"] + t["w"] and t["y"] <= y < t["y"] + t["h"]]
    return hits[-1] if hits else None


def rect(t):
    return (t["x"], t["y"], t["w"], t["h"]) if t else None


def centre(i):
    return [i["x"] + i["w"] // 2, i["y"] + i["h"] // 2]


def head_item(r, d):
    """The button that opens the list of parts: the navigation's page count."""
    label = r.ui["nav.page_of"].replace("{page}", str(d["page"])).replace("{pages}", str(d["pages"]))
    # where the words do not fit the row: the ui's short form ("2 de 9")
    short = r.ui["nav.page_short"].replace("{page}", str(d["page"])).replace("{pages}", str(d["pages"]))
    counts = [i for i in d["items"] if i["text"] in (label, short) and i["tap"]]
    return counts[0] if counts else None


# ---------------------------------------------------------------- facilitator

def signed_in(a, name):
    """A run signed in as a facilitator (a PIN set in its own data folder),
    and the steps from the attract screen to the module list. Staff sign-in
    starts a session in the center's first language: a center that presents
    in Spanish has it first (a copy of the content)."""
    r = Run(a, name)
    data = os.path.join(r.out, "data")
    os.makedirs(data)
    p = subprocess.run([a.lanternctl, "set-pin", "--data", data, "--role", "facilitator"],
                       input=f"{FACILITATOR_PIN}\n{FACILITATOR_PIN}\n", capture_output=True, text=True)
    check(p.returncode == 0, f"set-pin: {p.stderr}")
    r.args += ["--data", data]
    if a.lang != r.manifest["default_language"]:
        content = os.path.join(r.out, "content")
        shutil.copytree(a.content, content)
        m = dict(r.manifest, default_language=a.lang)
        json.dump(m, open(os.path.join(content, "manifest.json"), "w", encoding="utf-8"), ensure_ascii=False)
        r.args[r.args.index("--content") + 1] = content
        r.manifest = m
    w, h = r.w, r.h
    gesture = [{"hold": [4, 4, 5200]}, {"tap": [w - 4, 4]}, {"tap": [w - 4, h - 4]}, {"tap": [4, h - 4]}]
    pin = [{"tap_text": d} for d in FACILITATOR_PIN] + [{"tap_text": r.ui["staff.pin.enter"]}]
    return r, r.start() + gesture + pin


def pick_steps(r, to_pick, title):
    """The module list's pages turned (Next) to the one with title's button."""
    r.run(to_pick + [{"shot": "pick-find"}])
    pages = r.dump("pick-find")["pages"]
    r.run(to_pick + [s for p in range(pages) for s in ({"shot": f"pick-find{p}"}, {"tap_text": r.ui["nav.next"]})][:-1])
    for p in range(pages):
        if any(i["text"] == title and i["tap"] for i in r.dump(f"pick-find{p}")["items"]):
            return [{"tap_text": r.ui["nav.next"]}] * p
    check(False, f"the module list has no button {title!r} on its {pages} pages")
    return []


def facilitator(a):
    r, to_pick = signed_in(a, "facilitator")
    ui = r.ui
    w, h = r.w, r.h
    doc_id = "recognizing-the-signs"  # links to other modules
    doc = r.docs[doc_id]
    present = to_pick + [{"shot": "pick"}] + pick_steps(r, to_pick, doc["title"]) + [{"tap_text": doc["title"]}]
    r.run(present + [{"shot": "first"}])
    pages = r.dump("first")["pages"]
    # The module's own words on its first page, beside the prompt or with it in
    # the text (a 7" panel has no room for a panel beside the page).
    opening = next(b["text"] for b in doc["blocks"] if b["type"] in ("heading", "paragraph"))
    check(any(it["text"].startswith(opening[:20]) for it in r.dump("first")["items"]),
          f"presenting at {a.size}: the first page shows none of the module ({opening[:30]!r})")
    r.run(present + [s for p in range(pages) for s in ({"shot": f"page{p + 1}"}, {"key": "Right"})])
    targets = {r.docs[b["module"]]["title"]: b["module"] for b in doc["blocks"] if b["type"] == "link"}
    link_page, label = None, None
    for p in range(pages):
        for it in r.dump(f"page{p + 1}")["items"]:
            if it["text"] in targets and link_page is None and r.docs[targets[it["text"]]]["id"] != \
                    r.manifest.get("contact_form"):
                link_page, label = p, it["text"]
    check(link_page is not None, f"{doc_id}: no link to another module in facilitator mode")
    if link_page is None:
        return
    script = present + [{"key": "Right"}] * link_page + [
        {"shot": "from"}, {"tap_text": label}, {"shot": "to"},
        {"tap_text": ui["crisis.bar"]}, {"shot": "crisis"}, {"tap_text": ui["nav.back"]}, {"shot": "crisis-back"},
        {"tap_text": ui["nav.back"]}, {"shot": "back"}]
    r.run(script)
    frm, to, crisis, cback, back = (r.dump(n) for n in ("from", "to", "crisis", "crisis-back", "back"))
    # Leave: one, at the module list's place, on every screen presenting reaches.
    pick = r.dump("pick")
    check(pick["screen"] == "facilitator_pick", f"the PIN opened {pick['screen']}, not the module list")
    leave_at = rect(target_of(pick, items(pick, ui["facilitator.leave"])[0])) if items(pick, ui["facilitator.leave"]) else None
    for name, d in (("first", r.dump("first")), ("from", frm), ("to", to), ("crisis", crisis),
                    ("crisis-back", cback), ("back", back)):
        leaves = items(d, ui["facilitator.leave"])
        check(len(leaves) == 1, f"{name} ({d['screen']}): {len(leaves)} Leave buttons, want 1")
        if leaves:
            at = rect(target_of(d, leaves[0]))
            check(at == leave_at, f"{name} ({d['screen']}): Leave at {at}, on the module list at {leave_at}")
    # Back in Home's place: the first slot of the navigation.
    home_at = rect(target_of(frm, items(frm, ui["nav.home"])[0])) if items(frm, ui["nav.home"]) else None
    check(home_at is not None and home_at[0] < w // 3 and home_at[1] > h // 2,
          f"presenting: no Home in the navigation's first slot ({home_at})")
    check(to["screen"] == "reader" and to["doc"] == targets[label] and to["page"] == 1,
          f"the link went to {to['screen']} {to.get('doc')} page {to['page']}")
    backs = items(to, ui["nav.back"])
    check(len(backs) == 1 and backs and rect(target_of(to, backs[0]))[:2] == (home_at or (0, 0))[:2],
          f"after the link: Back {[rect(target_of(to, b)) for b in backs]} not at Home's place {home_at}")
    check(not items(to, ui["nav.home"]), "after the link: Home and Back both shown")
    check(crisis["screen"] == "crisis", f"the crisis bar opened {crisis['screen']}")
    # Presenting, "Get help now" stays one screen (issue 13): Leave sits beside its title.
    check(crisis["pages"] == 1 or min(w, h) < 1080, f"presenting: crisis help takes {crisis['pages']} pages at {a.size}")
    check(cback["screen"] == "reader" and cback["doc"] == targets[label], "Back on crisis help did not return")
    check(back["screen"] == "reader" and back["doc"] == doc_id and back["page"] == link_page + 1,
          f"Back went to {back['screen']} {back.get('doc')} page {back['page']}, not {doc_id} page {link_page + 1}")
    # Home presenting is the module list; the list of parts keeps Leave; Leave ends the session.
    head = head_item(r, frm)
    check(head is not None, "presenting: the page count is not a button")
    script = present + [{"tap_text": ui["nav.home"]}, {"shot": "home"}, {"tap_text": doc["title"]}]
    if head:
        script += [{"tap": centre(head)}, {"shot": "parts"}]
    script += [{"key": "Home"}, {"shot": "home-key"}, {"tap_text": ui["facilitator.leave"]}, {"shot": "left"}]
    r.run(script)
    check(r.dump("home")["screen"] == "facilitator_pick", f"Home presenting went to {r.dump('home')['screen']}")
    check(r.dump("home-key")["screen"] == "facilitator_pick", "the Home key presenting left the module list")
    check(r.dump("left")["screen"] == "attract", "Leave did not end the session")
    names = ["first", "from", "to", "crisis", "back"]
    if head:
        parts = r.dump("parts")
        leaves = items(parts, ui["facilitator.leave"])
        check(len(leaves) == 1 and rect(target_of(parts, leaves[0])) == leave_at, "the list of parts: Leave moved")
        names.append("parts")
    r.shots(names)
    print(f"facilitator {a.lang} {a.size}: Leave at {leave_at} on {len(names) + 1} screens; link, crisis, Back, Home")


# ---------------------------------------------------------------- the module list

def pick(a):
    """The facilitator's list of modules at this size: every module a
    button on some page, whole and on screen, its words at the buttons'
    size (never shrunk to fit, never cut), targets at least 12 mm, 2 mm
    apart (check_shot); Leave in one place on every page; Previous and Next
    only where they lead somewhere; the last module opens."""
    r, to_pick = signed_in(a, "pick")
    ui = r.ui
    w, h = r.w, r.h
    titles = {d["title"]: d["id"] for d in r.docs.values() if d["kind"] == "module"}
    r.run(to_pick + [{"shot": "pick0"}])
    first = r.dump("pick0")
    check(first["screen"] == "facilitator_pick", f"the PIN opened {first['screen']}, not the module list")
    pages, mm = first["pages"], first["mm_per_px"]
    turn = [s for p in range(pages) for s in ({"shot": f"pick{p}"}, {"tap_text": ui["nav.next"]})][:-1]
    r.run(to_pick + turn + [{"tap_text": ui["nav.previous"]}] * (pages - 1) + [{"shot": "back-to-first"}])
    check(r.dump("back-to-first")["page"] == 1, "Previous did not turn back to the first page")
    seen, leave_at, order = {}, None, []
    edge = round(2 / mm)  # 2 mm: nothing in the screen's edge
    for p in range(pages):
        d = r.dump(f"pick{p}")
        where = f"pick {a.lang} {a.size} page {p + 1}"
        check(d["screen"] == "facilitator_pick" and d["page"] == p + 1 and d["pages"] == pages,
              f"{where}: {d['screen']} page {d['page']} of {d['pages']}")
        leaves = items(d, ui["facilitator.leave"])
        check(len(leaves) == 1, f"{where}: {len(leaves)} Leave buttons, want 1")
        if not leaves:
            continue
        at = rect(target_of(d, leaves[0]))
        leave_at = leave_at or at
        check(at == leave_at and at[1] < h // 3 and at[0] > w // 2, f"{where}: Leave at {at}, not at the top right {leave_at}")
        check(bool(items(d, ui["nav.previous"])) == (p > 0), f"{where}: Previous shown where it leads nowhere, or missing")
        check(bool(items(d, ui["nav.next"])) == (p + 1 < pages), f"{where}: Next shown where it leads nowhere, or missing")
        if pages > 1:
            count = ui["nav.page_of"].replace("{page}", str(p + 1)).replace("{pages}", str(pages))
            check(len(items(d, count)) == 1, f"{where}: no page count {count!r}")
        heading = items(d, ui["facilitator.pick"])
        check(len(heading) == 1 and not heading[0]["cut"], f"{where}: the list's heading missing or cut")
        for it in d["items"]:
            if it["text"] not in titles:
                continue
            t = target_of(d, it)
            name = f"{where}: {it['text']!r}"
            check(t is not None and it["tap"], f"{name} is not a button")
            check(not it["cut"], f"{name} is cut")
            check(it["px"] == leaves[0]["px"], f"{name} at {it['px']} px, the buttons' size is {leaves[0]['px']} px")
            if t:
                check(t["x"] >= edge and t["y"] >= 0 and t["x"] + t["w"] <= w - edge and t["y"] + t["h"] <= h - edge,
                      f"{name}: its button {rect(t)} is not on the screen (2 mm from its edges)")
                check(t["y"] >= at[1] + at[3], f"{name}: its button {rect(t)} is beside Leave, not under it")
            seen.setdefault(it["text"], []).append(p)
            order.append((p, t["y"] if t else 0, t["x"] if t else 0, it["text"]))
    # Facilitators may cancel a meeting too: one button, beside Leave or last in the list.
    content = r.args[r.args.index("--content") + 1]
    if json.load(open(os.path.join(content, a.lang, "groups.json"), encoding="utf-8")).get("groups"):
        cancels = [(p, rect(target_of(r.dump(f"pick{p}"), i)), i["tap"] and not i["cut"])
                   for p in range(pages) for i in items(r.dump(f"pick{p}"), ui["staff.cancel"])]
        up = len(cancels) == pages and all(c[1][1] == leave_at[1] and c[2] for c in cancels)  # beside Leave
        last = len(cancels) == 1 and cancels[0][0] == pages - 1 and cancels[0][2]  # the list's last button
        check(up or last, f"pick {a.lang} {a.size}: 'Cancel a meeting' neither beside Leave on every page "
                          f"nor last in the list: {cancels}")
    missing = sorted(set(titles) - set(seen))
    check(not missing, f"pick {a.lang} {a.size}: modules on no page: {missing}")
    twice = {k: v for k, v in seen.items() if len(v) > 1}
    check(not twice, f"pick {a.lang} {a.size}: modules on more than one page: {twice}")
    # Home's order: the modules Home shows first, in its order.
    home = [titles.get(r.docs[i]["title"]) for i in r.manifest["home"] if i in r.docs and r.docs[i]["kind"] == "module"]
    shown = [titles[t] for _, _, _, t in sorted(order)]
    check(shown == home + [i for i in shown if i not in home], f"pick {a.lang} {a.size}: not in Home's order: {shown}")
    r.shots([f"pick{p}" for p in range(pages)])
    if not order:
        return
    last = sorted(order)[-1]
    r.run(to_pick + [{"tap_text": ui["nav.next"]}] * last[0] + [{"tap_text": last[3]}, {"shot": "last-open"},
                                                                 {"tap_text": ui["nav.home"]}, {"shot": "last-home"}])
    opened, home_again = r.dump("last-open"), r.dump("last-home")
    check(opened["screen"] == "reader" and opened["doc"] == titles[last[3]] and opened["page"] == 1,
          f"the last module {titles[last[3]]} opened {opened['screen']} {opened.get('doc')} page {opened['page']}")
    check(home_again["screen"] == "facilitator_pick" and home_again["page"] == last[0] + 1,
          f"Home from the last module: {home_again['screen']} page {home_again['page']}, not the list's page {last[0] + 1}")
    r.shots(["last-open"])
    rows = sorted(set((p, y) for p, y, _, _ in order))
    print(f"pick {a.lang} {a.size}: {len(titles)} modules on {pages} page(s), {len(rows)} rows, "
          f"buttons at {leaves[0]['px'] * mm:.2f} mm text; Leave at {leave_at}; the last ({titles[last[3]]}) opens")


# ---------------------------------------------------------------- a link to the contact form

LINKED = "how-treatment-works"  # a module a facilitator presents (pick_steps finds its page)


def contact_link(a):
    """A module's link to the contact form (content a center may write: a
    copy of the shipped content with one added at the end of a module, in
    every language). A visitor's tap opens the form's notice. Presenting to
    a group, the same link is never a button that does nothing: it opens
    what the front desk offers (the contact form's own page, the kiosk's
    page for when there is no form: "ask the front desk"), no form screen;
    Back returns to the link's page, Leave stays in its place."""
    import form  # noqa: E402  (keygen: the form is offered to visitors)
    r = Run(a, "contact-link")
    ui = r.ui
    contact = r.manifest["contact_form"]
    content = os.path.join(r.out, "content")
    shutil.copytree(a.content, content)
    for code in r.langs:
        path = os.path.join(content, code, "modules", LINKED + ".json")
        doc = json.load(open(path, encoding="utf-8"))
        doc["blocks"].append({"type": "link", "module": contact})
        json.dump(doc, open(path, "w", encoding="utf-8"), ensure_ascii=False, indent=2)
    if a.lang != r.manifest["default_language"]:  # staff sign-in starts in the first language
        r.manifest = dict(r.manifest, default_language=a.lang)
        json.dump(r.manifest, open(os.path.join(content, "manifest.json"), "w", encoding="utf-8"), ensure_ascii=False)
    r.args[r.args.index("--content") + 1] = content
    data = os.path.join(r.out, "data")
    os.makedirs(data)
    form.keygen(a.lanternctl, data)
    p = subprocess.run([a.lanternctl, "set-pin", "--data", data, "--role", "facilitator"],
                       input=f"{FACILITATOR_PIN}\n{FACILITATOR_PIN}\n", capture_output=True, text=True)
    check(p.returncode == 0, f"set-pin: {p.stderr}")
    r.args += ["--data", data]
    w, h = r.w, r.h
    title = r.docs[LINKED]["title"]
    label = r.docs[contact]["title"]  # a link's words: its target's title
    # The module's pages as a visitor reads them: the link on its last.
    r.run(r.to_module(LINKED) + [{"shot": "v1"}])
    pages = r.dump("v1")["pages"]
    r.run(r.to_module(LINKED) + [s for p in range(pages) for s in ({"shot": f"v{p + 1}"}, {"key": "Right"})])
    link_page = next((p for p in range(pages) if any(i["text"] == label and i["tap"] for i in r.dump(f"v{p + 1}")["items"])), None)
    check(link_page is not None, f"{LINKED}: the added link to {contact} is on none of its {pages} pages")
    if link_page is None:
        return
    # A visitor: the link opens the form.
    r.run(r.to_module(LINKED) + [{"key": "Right"}] * link_page + [{"tap_text": label}, {"shot": "visitor-tapped"}])
    check(r.dump("visitor-tapped")["screen"] == "notice",
          f"a visitor's tap on the link opened {r.dump('visitor-tapped')['screen']}, not the form's notice")
    # Presenting: the link's page, the link tapped, Back.
    gesture = [{"hold": [4, 4, 5200]}, {"tap": [w - 4, 4]}, {"tap": [w - 4, h - 4]}, {"tap": [4, h - 4]}]
    pin = [{"tap_text": d} for d in FACILITATOR_PIN] + [{"tap_text": ui["staff.pin.enter"]}]
    to_pick = r.start() + gesture + pin
    present = to_pick + [{"shot": "pick"}] + pick_steps(r, to_pick, title) + [{"tap_text": title}]
    # Presenting lays the module out with its discussion prompts: its own pages.
    r.run(present + [{"shot": "f1"}])
    pages = r.dump("f1")["pages"]
    r.run(present + [s for p in range(pages) for s in ({"shot": f"f{p + 1}"}, {"key": "Right"})])
    link_page = next((p for p in range(pages) if any(i["text"] == label for i in r.dump(f"f{p + 1}")["items"])), None)
    check(link_page is not None, f"presenting {LINKED}: the link to {contact} is on none of its {pages} pages")
    if link_page is None:
        return
    r.run(present + [{"key": "Right"}] * link_page + [
        {"shot": "presenting"}, {"tap_text": label}, {"shot": "front-desk"},
        {"tap_text": ui["nav.back"]}, {"shot": "back"}])
    pick, shown, desk, back = (r.dump(n) for n in ("pick", "presenting", "front-desk", "back"))
    check(shown["screen"] == "reader" and shown["doc"] == LINKED and shown["page"] == link_page + 1,
          f"presenting: {shown['screen']} {shown.get('doc')} page {shown['page']}, not {LINKED} page {link_page + 1}")
    links = [i for i in shown["items"] if i["text"] == label]
    check(len(links) == 1 and links[0]["tap"], f"presenting: the link to {contact} is not one button ({len(links)})")
    check(desk["screen"] == "reader" and desk["doc"] == contact,
          f"presenting, the link did {desk['screen']} {desk.get('doc')}: nothing, or a visitor's form")
    # What the front desk offers: the contact page's own words are on screen.
    page_text = [b.get("text", "") for b in r.docs[contact]["blocks"] if b["type"] in ("heading", "paragraph")]
    on_screen = [i["text"] for i in desk["items"]]
    check(any(t and any(t.startswith(o) or o in t for o in on_screen if len(o) > 8) for t in page_text[:2]),
          f"presenting: the contact page's words are not on screen ({page_text[:1]})")
    check(sum(1 for t in on_screen if t == ui["nav.back"]) == 1 and ui["nav.home"] not in on_screen,
          "presenting, after the link: not one Back in Home's place")
    check(back["screen"] == "reader" and back["doc"] == LINKED and back["page"] == link_page + 1,
          f"Back went to {back['screen']} {back.get('doc')} page {back['page']}, not {LINKED} page {link_page + 1}")
    leave_at = [rect(target_of(d, items(d, ui["facilitator.leave"])[0])) if items(d, ui["facilitator.leave"]) else None
                for d in (pick, shown, desk, back)]
    check(len(set(leave_at)) == 1 and leave_at[0] is not None, f"Leave moved: {leave_at}")
    r.shots(["presenting", "front-desk", "back"])
    print(f"contact link {a.lang} {a.size}: {LINKED} page {link_page + 1} of {pages}; presenting it opens "
          f"{desk['screen']} {desk.get('doc')}")


# ---------------------------------------------------------------- parts

def parts(a):
    r = Run(a, "parts")
    ui = r.ui
    doc_id = "understanding-self-harm"
    doc = r.docs[doc_id]
    headings = [b["text"] for b in doc["blocks"] if b["type"] == "heading"]
    first_heading = doc["blocks"][0]["type"] == "heading"
    count = len(headings) + (0 if first_heading else 1)
    labels = ([] if first_heading else [f"1. {doc['title']}"]) + [
        f"{n + (1 if first_heading else 2)}. {t}" for n, t in enumerate(headings)]
    to_module = r.to_module(doc_id)
    r.run(to_module + [{"key": "Right"}, {"shot": "page2"}])
    page2 = r.dump("page2")
    head = head_item(r, page2)
    check(head is not None, "the page count is not a button")
    if not head:
        return
    ht = target_of(page2, head)
    mm = page2["mm_per_px"]
    check(ht["h"] * mm >= 12 - 0.01, f"the page count button is {ht['h'] * mm:.1f} mm tall, under 12 mm")
    # Finger down: nothing acts (the pressed look is press.c's); released inside: the list.
    open_list = [{"down": centre(head)}, {"shot": "down"}, {"up": centre(head)}, {"shot": "list1"}]
    r.run(to_module + [{"key": "Right"}] + open_list)
    down, list1 = r.dump("down"), r.dump("list1")
    check(down["screen"] == "reader" and ui["reader.parts"] not in [i["text"] for i in down["items"]],
          "finger-down on the head acted before release")
    check(ui["reader.parts"] in [i["text"] for i in list1["items"]], "the head did not open the list of parts")
    list_pages = list1["pages"]
    shown = []
    script = to_module + [{"key": "Right"}, {"tap": centre(head)}, {"key": "Left"} , {"key": "Left"}]
    for p in range(list_pages):
        script += [{"shot": f"list-p{p + 1}"}, {"key": "Right"}]
    r.run(script)
    for p in range(list_pages):
        d = r.dump(f"list-p{p + 1}")
        shown += [i["text"] for i in d["items"] if i["tap"] and i["text"] in labels]
    check(sorted(shown) == sorted(labels), f"the list shows {shown}, the module's parts are {labels}")
    # The part read now is marked; Back returns to the page the list opened on.
    r.run(to_module + [{"key": "Right"}, {"tap": centre(head)}, {"tap_text": ui["nav.back"]}, {"shot": "list-back"}])
    lb = r.dump("list-back")
    check(lb["screen"] == "reader" and lb["page"] == 2 and ui["reader.parts"] not in [i["text"] for i in lb["items"]],
          f"Back from the list went to {lb['screen']} page {lb['page']}, not page 2")
    # Each part opens the page it starts on: its heading is on that page, and not on the page before.
    script = r.start()
    for n, label in enumerate(labels):
        page_of = next(p for p in range(list_pages) if label in
                       [i["text"] for i in r.dump(f"list-p{p + 1}")["items"]]) if label in shown else 0
        script += r.from_home(doc_id) + [{"tap": centre(head)}, {"key": "Left"}, {"key": "Left"}] + \
            [{"key": "Right"}] * page_of + [{"tap_text": label}, {"shot": f"part{n + 1}"}, {"key": "Left"},
                                            {"shot": f"part{n + 1}-before"}, {"key": "Home"}]
    r.run(script)
    for n, label in enumerate(labels):
        d, before = r.dump(f"part{n + 1}"), r.dump(f"part{n + 1}-before")
        texts = [i["text"] for i in d["items"]]
        check(d["screen"] == "reader" and d["doc"] == doc_id, f"{label}: opened {d['screen']}")
        if n == 0 and not first_heading:
            check(d["page"] == 1, f"{label}: page {d['page']}, not 1")
            continue
        heading = headings[n - (0 if first_heading else 1)]
        check(heading in texts, f"{label}: page {d['page']} does not show its heading")
        check(d["page"] == 1 or heading not in [i["text"] for i in before["items"]],
              f"{label}: its heading is already on page {before['page']}")
        # The page's head names the part its first text is in: this part,
        # or the one before when this part's heading is lower on the page.
        check(d.get("part") in (n + 1, n), f"{label}: the dump says part {d.get('part')}")
    r.shots(["page2", "list1", "list-back"] + [f"list-p{p + 1}" for p in range(list_pages)] +
            [f"part{n + 1}" for n in range(len(labels))])
    print(f"parts {a.lang} {a.size}: {count} parts on {list_pages} list page(s), each opened on its page")


# ---------------------------------------------------------------- groups

def groups(a):
    r = Run(a, "groups")
    ui = r.ui
    r.run(r.to_module("support-groups") + [{"shot": "g1"}])
    g1 = r.dump("g1")
    check(g1["screen"] == "groups", f"the groups tile opened {g1['screen']}")
    pages = g1["pages"]
    r.run(r.to_module("support-groups") + [s for p in range(pages) for s in ({"shot": f"g-p{p + 1}"}, {"key": "Right"})])
    buttons = {ui[k] for k in ("nav.home", "nav.back", "nav.next", "nav.previous", "groups.more")} | {
        r.docs[r.manifest["contact_form"]]["title"] if r.manifest.get("contact_form") in r.docs else ""}
    fills = []
    for p in range(pages):
        d = r.dump(f"g-p{p + 1}")
        texts = [i["text"] for i in d["items"]]
        if pages == 1:
            check(ui["groups.title"] in texts, "one page: no title")
            continue
        want = ui["nav.page_of"].replace("{page}", str(p + 1)).replace("{pages}", str(pages))
        # The head names the screen; the page count is said once, in the navigation.
        heads = [i for i in d["items"] if i["text"] == ui["groups.title"] and i["y"] < r.h // 3]
        check(len(heads) == 1, f"page {p + 1}: no '{ui['groups.title']}' head")
        check(texts.count(want) == 1, f"page {p + 1}: {want!r} shown {texts.count(want)} times, once wanted")
        if not heads:
            continue
        # How full: the cards' text from under the head to the buttons (or the navigation).
        top = heads[0]["y"] + heads[0]["h"]
        below = [t["y"] for t in d["targets"] if t["y"] > top and t["w"] * t["h"] < r.w * r.h // 3]
        bottom = min(below) if below else r.h
        cards = [i for i in d["items"] if i["y"] > top and i["y"] + i["h"] <= bottom and i["text"] not in buttons
                 and i["text"] != want]
        used = max([i["y"] + i["h"] for i in cards] + [top]) - top
        fills.append(used * 100 // max(bottom - top, 1))
    for p, f in enumerate(fills[:-1]):
        check(f >= 50, f"groups page {p + 1} of {pages} only {f}% full")
    check_cards(r, pages)
    r.shots([f"g-p{p + 1}" for p in range(pages)])
    print(f"groups {a.lang} {a.size}: {pages} page(s), fill % {fills}")


def check_cards(r, pages):
    """Issue 13: every meeting card whole on one page (its name once, with its
    place on the same page: a card split over two reads as two meetings);
    the groups held in the visitor's language first; "Next meeting" once;
    the buttons after the meetings or with the first; few pages."""
    ui = r.ui
    groups = json.load(open(os.path.join(r.a.content, r.a.lang, "groups.json"), encoding="utf-8"))["groups"]
    own = ui["language.name"].lower()
    seen = []  # (page, y, x, group) in reading order
    labels = 0
    more_pages = []
    for p in range(pages):
        d = r.dump(f"g-p{p + 1}")
        texts = [i["text"] for i in d["items"]]
        labels += sum(1 for t in texts if t in (ui["groups.next"], ui["groups.now"]))
        if ui["groups.more"] in texts:
            more_pages.append(p)
        for g in groups:
            names = [i for i in d["items"] if i["text"] == g["name"]]
            for i in names:
                seen.append((p, i["y"], i["x"], g))
            if names:
                room = ui["groups.online" if g["mode"] == "online" else "groups.in_person"].replace("{room}", g.get("room", ""))
                check(any(t.startswith(room) for t in texts),
                      f"groups page {p + 1}: {g['name']!r} without its place {room[:40]!r} (a card split over pages)")
    for g in groups:
        n = sum(1 for s in seen if s[3] is g)
        check(n == 1, f"groups: {g['name']!r} shown {n} times over the pages (a card split, or missing)")
    order = [s[3] for s in sorted(seen, key=lambda s: (s[0], s[1], s[2]))]
    mine = [g["language"].lower() == own for g in order]
    check(mine == sorted(mine, reverse=True),
          f"groups: the visitor's language's groups not first: {[g['name'] for g in order]}")
    check(labels == 1, f"groups: 'Next meeting' shown {labels} times")
    check(more_pages and (more_pages[0] == 0 or more_pages[-1] == pages - 1),
          f"groups: 'About the groups' on pages {more_pages} of {pages}")
    check(pages <= len(groups) + 1, f"groups: {pages} pages for {len(groups)} meetings")
    if r.w >= 1920:  # two cards a row
        check(pages <= max(1, (len(groups) + 1) // 2), f"groups at {r.a.size}: {pages} pages for {len(groups)} meetings")
    print(f"groups {r.a.lang} {r.a.size}: order {[g['id'] for g in order]}, 'About the groups' on page(s) {[p + 1 for p in more_pages]}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["facilitator", "pick", "contact_link", "parts", "groups"])
    ap.add_argument("--lantern", required=True)
    ap.add_argument("--lanternctl", default="lanternctl")
    ap.add_argument("--content", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--lang", default="en")
    ap.add_argument("--size", default="1920x1080")
    ap.add_argument("--png-probe", dest="png_probe", default="png_probe")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    {"facilitator": facilitator, "pick": pick, "contact_link": contact_link, "parts": parts, "groups": groups}[a.mode](a)
    print(f"nav {a.mode}: {e2e.PASSES[0]} passed, {len(e2e.FAILS)} failed")
    sys.exit(1 if e2e.FAILS else 0)


if __name__ == "__main__":
    main()
