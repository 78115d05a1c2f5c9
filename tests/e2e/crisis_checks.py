"""What "Get help now" must show, read from the harness dumps (issue 13).

Shared by the e2e walk (e2e.py) and the look test (look.py crisis):

  split_numbers(dump)   every text drawn over two lines with a phone number
                        (a run of digits and dashes) broken between them;
  card_name(name, num)  the name as a card shows it: without its number
                        repeated ("988 Suicide & Crisis Lifeline" -> "Suicide &
                        Crisis Lifeline"), as src/core/crisis_card.c does;
  check_crisis(...)     the help lines over the crisis screen's pages: every
                        number in content order (911 first, 988 next), each
                        name whole without the repeat, each line's detail or
                        short note, Back alone on one screen or, where the
                        list pages, the page count with Previous and Next
                        exactly where they lead somewhere.
"""
import re

NUMBER_END = re.compile(r"[0-9][0-9-]*$")
NUMBER_START = re.compile(r"^[0-9-]*[0-9]")


def split_numbers(dump):
    """Items whose drawn lines break inside a phone number: (text, line, next line)."""
    found = []
    for it in dump["items"]:
        lines = it.get("lines") or []
        for a, b in zip(lines, lines[1:]):
            # Adjacent in the text with nothing between them: a word broken over lines.
            if a + b in it["text"] and a + " " + b not in it["text"]:
                if NUMBER_END.search(a) and NUMBER_START.search(b) and re.search(r"\d", a + b):
                    found.append((it["text"], a, b))
    return found


def card_name(name, number):
    for m in re.finditer(re.escape(number), name):
        s, e = m.start(), m.end()
        if (s > 0 and name[s - 1] != " ") or (e < len(name) and name[e] not in " ,:)"):
            continue
        if e < len(name) and name[e] == " ":
            e += 1
        elif s > 0:
            s -= 1
        out = name[:s] + name[e:]
        return out if out else name
    return name


def page_label(ui, page, pages):
    return ui["nav.page_of"].replace("{page}", str(page)).replace("{pages}", str(pages))


def check_front_desk(check, dumps, ui, where):
    """The front-desk line on the first screen, or (where the first row of
    cards leaves it no room: the largest text on a 7" panel) on a screen of
    its own after the help lines."""
    shows = [p for p, d in enumerate(dumps, 1) if ui["crisis.front_desk"] in [i["text"] for i in d["items"]]]
    # Its own screen: after the help lines, before the codes, with nothing else on it.
    alone = [p for p, d in enumerate(dumps, 1)
             if not d["qr"] and p > 1 and not any(re.search(r"\d{3}", i["text"]) and i["y"] > d["items"][0]["y"] + 80
                                                  for i in d["items"] if i["text"] != ui["crisis.bar"])]
    check(shows == [1] or (len(shows) == 1 and shows == alone[:1]), f"{where}: the front-desk line on pages {shows}")


def check_crisis(check, dumps, help_doc, ui, where, one_screen, total=None):
    """dumps: the crisis screen's pages of help lines in order (total: all
    its pages, the take-home codes' after them). Returns the help lines
    (numbers) shown without their detail or note, for the caller to hold
    against lanternctl validate's warning."""
    pages = total or len(dumps)
    lines = [b for b in help_doc["blocks"] if b["type"] == "help"]
    numbers = [b["number"] for b in lines]
    check(numbers[:2] == ["911", "988"], f"{where}: content does not list 911 then 988 first")
    if one_screen:
        check(pages == 1, f"{where}: help takes {pages} screens")
    shown, texts_all, joined_all = [], [], []
    for p, d in enumerate(dumps, 1):
        w = f"{where} page {p}"
        texts = [i["text"] for i in d["items"]]
        check(d["screen"] == "crisis", f"{w}: screen {d['screen']}")
        check(d["pages"] == pages and d["page"] == p, f"{w}: page {d['page']} of {d['pages']}, expected {p} of {pages}")
        check(texts.count(ui["nav.back"]) == 1, f"{w}: not one Back")
        if pages == 1:
            check(ui["nav.next"] not in texts and ui["nav.previous"] not in texts,
                  f"{w}: paging buttons on a one-screen crisis help")
        else:
            # Where it pages: where the visitor is, and a way each way that leads somewhere.
            check(page_label(ui, p, pages) in texts, f"{w}: no {page_label(ui, p, pages)!r}")
            check((ui["nav.previous"] in texts) == (p > 1), f"{w}: Previous {'missing' if p > 1 else 'on the first page'}")
            check((ui["nav.next"] in texts) == (p < pages), f"{w}: Next {'missing' if p < pages else 'on the last page'}")
        for n in (t for t in texts if t in numbers):
            shown.append(n)
        texts_all += texts
        joined_all.append(" ".join(texts))
        for text, a, b in split_numbers(d):
            check(False, f"{w}: a phone number broken over two lines: {a!r} / {b!r} in {text!r}")
    check(shown == numbers, f"{where}: numbers shown {shown}, content has {numbers} (in that order)")
    joined = " ".join(joined_all)
    missing = []
    for b in lines:
        name = card_name(b["name"], b["number"])
        check(name in joined, f"{where}: {b['number']}: name {name!r} not shown whole")
        if name != b["name"]:
            # The number is not repeated inside the name ("988 · 988 Suicide...").
            at = b["name"].index(b["number"])
            window = b["name"][max(0, at - 6):at + len(b["number"]) + 4].strip()
            check(not any(window in t for t in texts_all),
                  f"{where}: {b['number']}: the name repeats its number ({window!r})")
        if b["detail"] not in texts_all and b.get("note") not in texts_all:
            missing.append(b["number"])
    return missing
