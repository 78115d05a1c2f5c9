#!/usr/bin/env python3
"""Two sources of truth for the content format must agree: content/schema.json
(read by editors, checked here with python3-jsonschema) and the loader
(`lanternctl validate`).

Usage: schema_agree.py --lanternctl BIN --schema content/schema.json
                       --cases tests/content-broken --base tests/content-min
                       --shipped content

Every case of the broken-content corpus (prepared exactly as
tests/content-broken/run.py does) and the shipped content are judged by both
sides, file by file. A file is "rejected" by the loader when validate prints an
error (not a warning) about it, and by the schema when it is not JSON
(Python's strict reader: invalid UTF-8, NUL, malformed) or does not match the
schema. They must agree on every content JSON file (manifest.json,
<lang>/ui.json, groups.json, help.json, modules/*.json, facilitator/*.json):

- the schema rejects a file the loader accepts: always a failure (the schema
  would turn editors away from content the kiosk shows);
- the loader rejects a file the schema accepts: a failure, unless the case is
  listed in OUT_OF_REACH below with the reason the schema cannot judge it
  (cross-file rules, fit on screen, fonts, images, byte counts, special files);
- a listed case the schema now rejects too is reported, so the list stays true.

Standard library plus python3-jsonschema (Debian).
"""
import argparse
import concurrent.futures
import importlib.util
import json
import os
import re
import stat
import subprocess
import sys
import tempfile

try:
    import jsonschema
except ImportError:  # pragma: no cover
    print("schema_agree: python3-jsonschema is missing (apt-get install python3-jsonschema)")
    sys.exit(1)

# Cases whose loader error the schema cannot see, and why. Everything not listed
# here must be judged the same way by both sides.
OUT_OF_REACH = {
    "86-take-home-tel-in-module": "tel: links only in help.json: depends on which file the shared take_home holds",
    "90-audio-missing": "the recording must exist (a file next to the JSON)",
    "91-audio-not-wav": "the recording's bytes (RIFF/WAVE), not the JSON",
    "93-audio-good-and-cut": "the recording's bytes (its data chunk), not the JSON",
    "94-audio-does-not-decode": "the recording must decode (SDL), not the JSON",
    "13-file-over-4mib": "file size in bytes: the schema sees only the parsed value",
    "29-field-twice": "a JSON reader keeps one of two equal keys; the schema never sees the first",
    "35-help-kind-module": "help.json must be kind \"help\": depends on the file name",
    "41-review-past-due-strict": "depends on today's date and --strict",
    "46-duplicate-id": "id must match the file name",
    "49-home-missing-document": "Home ids must name documents in every language folder (cross-file)",
    "50-home-duplicate": "uniqueness of Home ids is checked by the loader with its position",
    "51-module-one-language": "every module in every language (cross-file)",
    "52-missing-help-file": "a missing file (cross-file)",
    "53-default-language-not-listed": "default_language must be one of languages (cross-field)",
    "55-language-without-folder": "a language folder must exist (file system)",
    "57-ui-extra-key-one-language": "the same UI keys in every language (cross-file)",
    "58-ui-key-twice": "a JSON reader keeps one of two equal keys; the schema never sees the first",
    "62-image-missing": "images are files: the schema sees only the path",
    "95-center-logo-missing": "images are files: the schema sees only the path",
    "63-image-corrupt": "images are files: the schema sees only the path",
    "65-image-too-wide": "image size is in the image file",
    "66-callout-too-tall": "fit on the screen at every kiosk size (layout with the kiosk's font)",
    "67-home-title-too-long": "fit on the Home tile (layout with the kiosk's font)",
    "68-image-header-huge": "image size is in the image file",
    "69-image-fifo": "images are files: a FIFO is a file-system property",
    "70-module-fifo": "a FIFO is a file-system property (never opened here: it would block)",
    "71-module-symlink": "a symbolic link is a file-system property",
    "72-image-symlink": "images are files: a symbolic link is a file-system property",
    "73-title-emoji": "what the kiosk's font can draw (font coverage)",
    "75-title-cjk": "what the kiosk's font can draw (font coverage)",
}

# Single-field changes whose verdict is the loader's alone.
MUTATIONS_OUT_OF_REACH = {
    "ui extra key in one language": "the same UI keys in every language (cross-file)",
    "group day 'wednesday' with a Tuesday cancellation": "a cancellation falls on a day its group meets (cross-field)",
}

DOC_RE = re.compile(r"^[a-z]{2}/(ui|groups|help)\.json$|^[a-z]{2}/(modules|facilitator)/[^/]+\.json$")
LINE_RE = re.compile(r"^content/(?P<file>[^:]+?)(?::\d+:\d+)?: (?P<msg>.*)$")


# Single-field changes of the corpus base, each judged by both sides: the
# schema's reach is exactly this (types, required and unknown fields, lengths,
# enums, patterns). Lengths use ASCII: the loader counts bytes of UTF-8 and a
# JSON Schema counts characters, so "é" * 80 is within the schema's 80 and over
# the loader's 80 bytes (out of reach; docs/content.md says limits are bytes).
DELETE = object()
DOC_TEXTS = [  # (file, path, loader limit in bytes)
    ("en/modules/alpha.json", ["title"], 80),
    ("en/modules/alpha.json", ["summary"], 140),
    ("en/modules/alpha.json", ["sources", 0], 300),
    ("en/modules/alpha.json", ["blocks", 0, "text"], 120),
    ("en/modules/alpha.json", ["blocks", 1, "text"], 1200),
    ("en/modules/alpha.json", ["blocks", 2, "items", 0], 300),
    ("en/modules/alpha.json", ["blocks", 3, "label"], 40),
    ("en/modules/alpha.json", ["blocks", 3, "text"], 400),
    ("en/modules/alpha.json", ["blocks", 5, "alt"], 200),
    ("en/help.json", ["blocks", 0, "name"], 80),
    ("en/help.json", ["blocks", 0, "number"], 40),
    ("en/help.json", ["blocks", 0, "detail"], 200),
    ("en/ui.json", ["strings", "home.title"], 400),
    ("en/ui.json", ["strings", "contact.start"], 400),
    ("manifest.json", ["version"], 40),
]


def mutations():
    """Yields (name, file, path, value): set path in file to value (DELETE: remove it)."""
    for f, path, limit in DOC_TEXTS:
        tag = f"{f}:{'.'.join(str(p) for p in path)}"
        yield f"{tag} at the limit", f, path, "a" * limit
        yield f"{tag} one over", f, path, "a" * (limit + 1)
        yield f"{tag} empty", f, path, ""
        yield f"{tag} a number", f, path, 7
        for cp in (0x01, 0x7F, 0x85, 0xAD, 0x200B, 0x202E, 0x2066, 0xFEFF):
            yield f"{tag} U+{cp:04X}", f, path, f"Before{chr(cp)}after"
    for f in ("en/modules/alpha.json", "en/help.json"):
        yield f"{f} unknown field", f, ["subtitle"], "x"
        yield f"{f} block unknown field", f, ["blocks", 0, "colour"], "x"
        for field in ("id", "kind", "version", "title", "summary", "review_due", "blocks"):
            yield f"{f} without {field}", f, [field], DELETE
        for v in (0, 1000001, 1.5, "1", True, 1000000, 1):
            yield f"{f} version {v!r}", f, ["version"], v
        for v in ("2026-13-01", "2026-1-01", "1999-12-31", "2101-01-01", "2100-12-31", "2000-01-01",
                  "2026-02-29", "20260101", 20260101):
            yield f"{f} review_due {v!r}", f, ["review_due"], v
        yield f"{f} sources not a list", f, ["sources"], "x"
        yield f"{f} sources empty", f, ["sources"], []
        yield f"{f} without sources", f, ["sources"], DELETE
        yield f"{f} blocks empty", f, ["blocks"], []
        yield f"{f} blocks an object", f, ["blocks"], {}
    a = "en/modules/alpha.json"
    for v in ("module", "page", "help", "Module", "article", 1):
        yield f"kind {v!r}", a, ["kind"], v
    for v in ("alpha", "Alpha", "alpha_1", "", "a" * 41, 5):
        yield f"id {v!r}", a, ["id"], v
    for v in ("try", "avoid", "Try", "warning", "", 1):
        yield f"tone {v!r}", a, ["blocks", 3, "tone"], v
    for v in ("heading", "quote", "Heading", 1):
        yield f"block type {v!r}", a, ["blocks", 0, "type"], v
    yield "block without type", a, ["blocks", 0, "type"], DELETE
    yield "callout without label", a, ["blocks", 3, "label"], DELETE
    yield "callout without text", a, ["blocks", 3, "text"], DELETE
    yield "image without alt", a, ["blocks", 5, "alt"], DELETE
    yield "list without items", a, ["blocks", 2, "items"], DELETE
    for n in (0, 1, 12, 13):
        yield f"list of {n} items", a, ["blocks", 2, "items"], [f"Point {i}" for i in range(n)]
    yield "list items not a list", a, ["blocks", 2, "items"], "x"
    yield "list item a number", a, ["blocks", 2, "items", 0], 3
    yield "block a string", a, ["blocks", 1], "x"
    yield "page break", a, ["blocks", 1], {"type": "page_break"}
    yield "page break with text", a, ["blocks", 1], {"type": "page_break", "text": "x"}
    yield "top-level list", a, [], ["x"]
    m = "manifest.json"
    for field in ("version", "languages", "default_language", "home"):
        yield f"manifest without {field}", m, [field], DELETE
    yield "manifest unknown field", m, ["colour"], "x"
    yield "manifest $schema", m, ["$schema"], "../schema.json"
    for v in (["en"], ["en", "es", "en"], ["EN", "es"], ["eng", "es"], "en", [], ["en", "es", "fr", "de", "it"]):
        yield f"languages {v!r}", m, ["languages"], v
    for v in ("es", "EN", "e", 1):
        yield f"default_language {v!r}", m, ["default_language"], v
    for v in ([], "alpha", ["alpha", "Beta"], ["alpha", 1]):
        yield f"home {v!r}", m, ["home"], v
    u = "en/ui.json"
    yield "ui unknown field", u, ["colour"], "x"
    yield "ui without strings", u, ["strings"], DELETE
    yield "ui strings a list", u, ["strings"], []
    yield "ui extra key in one language", u, ["strings", "x.extra"], "Extra"


# groups.json and a facilitator file, added to the base (in every language) for
# the changes below; a path "*/..." is changed in every language, so that the
# loader's cross-language rules (same schedule, same groups) stay met.
EXTRA_FILES = {
    "groups.json": {
        "groups": [
            {"id": "family-evening", "name": "Family support group", "for": "Adult family members",
             "day": "tuesday", "start": "18:30", "minutes": 90, "mode": "in_person",
             "room": "Family room", "language": "English", "join": "Free. Just come."},
            {"id": "family-online", "name": "Online group", "for": "Families",
             "day": "thursday", "start": "19:00", "minutes": 60, "mode": "online",
             "language": "English", "join": "Ask at the front desk for the link."},
        ],
        "cancellations": [{"date": "2026-12-22", "group": "family-evening", "note": "Holiday week"}],
    },
    "facilitator/alpha.json": {"module": "alpha", "prompts": [{"section": 1, "text": "What helped you?"}]},
}


def extra_mutations():
    g = "*/groups.json"
    texts = [(["groups", 0, "name"], 80), (["groups", 0, "for"], 200), (["groups", 0, "room"], 120),
             (["groups", 0, "language"], 60), (["groups", 0, "join"], 300), (["cancellations", 0, "note"], 200)]
    for path, limit in texts:
        tag = f"groups {'.'.join(str(p) for p in path)}"
        yield f"{tag} at the limit", g, path, "a" * limit
        yield f"{tag} one over", g, path, "a" * (limit + 1)
        yield f"{tag} empty", g, path, ""
        yield f"{tag} a number", g, path, 7
        for cp in (0x01, 0x85, 0x202E):
            yield f"{tag} U+{cp:04X}", g, path, f"Before{chr(cp)}after"
    for v in ("monday", "Tuesday", "tues", 2):
        yield f"group day {v!r}", g, ["groups", 1, "day"], v
    yield "group day 'wednesday' with a Tuesday cancellation", g, ["groups", 0, "day"], "wednesday"
    for v in ("00:00", "23:59", "24:00", "9:30", "18:60", "18:30:00", 1830):
        yield f"group start {v!r}", g, ["groups", 0, "start"], v
    for v in (15, 480, 14, 481, 90.5, "90"):
        yield f"group minutes {v!r}", g, ["groups", 0, "minutes"], v
    for v in ("online", "In person", "hybrid", 1):
        yield f"group mode {v!r}", g, ["groups", 1, "mode"], v
    for v in ("family-evening-2", "Family", "", "a" * 41):
        yield f"group id {v!r}", g, ["groups", 1, "id"], v
    yield "in-person group without room", g, ["groups", 0, "room"], DELETE
    yield "online group with a room", g, ["groups", 1, "room"], "Room 2"
    for field in ("id", "name", "for", "day", "start", "minutes", "mode", "language", "join"):
        yield f"group without {field}", g, ["groups", 1, field], DELETE
    yield "group unknown field", g, ["groups", 1, "colour"], "x"
    yield "groups empty", g, ["groups"], []
    yield "groups 21", g, ["groups"], [dict(EXTRA_FILES["groups.json"]["groups"][1], id=f"g{i}")
                                        for i in range(21)]
    yield "groups an object", g, ["groups"], {}
    yield "without cancellations", g, ["cancellations"], DELETE
    yield "cancellations empty", g, ["cancellations"], []
    yield "cancellation without group", g, ["cancellations", 0, "group"], DELETE
    yield "cancellation without note", g, ["cancellations", 0, "note"], DELETE
    yield "cancellation without date", g, ["cancellations", 0, "date"], DELETE
    yield "cancellation unknown field", g, ["cancellations", 0, "colour"], "x"
    for v in ("2026-12-22", "2026-02-30", "2026-12-1", "22/12/2026", 20261222):
        yield f"cancellation date {v!r}", g, ["cancellations", 0, "date"], v
    yield "groups file unknown field", g, ["colour"], "x"
    yield "groups file $schema", g, ["$schema"], "../schema.json"
    f = "*/facilitator/alpha.json"
    for v in (1, 2, 0, 201, 1.5, "1"):
        yield f"prompt section {v!r}", f, ["prompts", 0, "section"], v
    for v, name in (("a" * 400, "at the limit"), ("a" * 401, "one over"), ("", "empty"), (7, "a number"),
                    ("Why\u202e?", "U+202E"), ("Why\x01?", "U+0001")):
        yield f"prompt text {name}", f, ["prompts", 0, "text"], v
    yield "prompt without text", f, ["prompts", 0, "text"], DELETE
    yield "prompt without section", f, ["prompts", 0, "section"], DELETE
    yield "prompt unknown field", f, ["prompts", 0, "colour"], "x"
    yield "prompts empty", f, ["prompts"], []
    yield "prompts a string", f, ["prompts"], "x"
    yield "facilitator without module", f, ["module"], DELETE
    yield "facilitator module 'Alpha'", f, ["module"], "Alpha"
    yield "facilitator unknown field", f, ["colour"], "x"


def add_extra_files(root):
    for lang in ("en", "es"):
        for rel, data in EXTRA_FILES.items():
            target = os.path.join(root, lang, rel)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "w", encoding="utf-8") as f:
                json.dump(data, f, ensure_ascii=False, indent=2)


def apply_mutation(root, rel, path, value):
    if rel.startswith("*/"):
        for lang in ("en", "es"):
            apply_mutation(root, lang + rel[1:], path, value)
        return
    target = os.path.join(root, rel)
    with open(target, encoding="utf-8") as f:
        data = json.load(f)
    if not path:
        data = value
    else:
        node = data
        for p in path[:-1]:
            node = node[p]
        if value is DELETE:
            del node[path[-1]]
        else:
            node[path[-1]] = value
    with open(target, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=2)


def load_run_py(cases):
    spec = importlib.util.spec_from_file_location("content_broken_run", os.path.join(cases, "run.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def content_files(root):
    """The content JSON files the schema judges, as paths relative to root."""
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            rel = os.path.relpath(os.path.join(dirpath, name), root)
            if rel == "manifest.json" or DOC_RE.match(rel):
                out.append(rel)
    return out


def schema_verdicts(validator, root):
    """{rel: None (accepted) | reason (rejected) | 'special' (not a regular file)}."""
    verdicts = {}
    for rel in content_files(root):
        path = os.path.join(root, rel)
        st = os.lstat(path)
        if not stat.S_ISREG(st.st_mode):
            verdicts[rel] = "special"  # a FIFO would block open(): not the schema's business
            continue
        try:
            with open(path, "rb") as f:
                data = f.read()
            if b"\0" in data:
                raise ValueError("NUL byte")
            value = json.loads(data.decode("utf-8"))
        except (ValueError, RecursionError) as e:
            verdicts[rel] = f"not JSON: {str(e)[:80]}"
            continue
        errors = sorted(validator.iter_errors(value), key=lambda e: list(e.absolute_path))
        verdicts[rel] = None if not errors else "; ".join(
            f"{'/'.join(str(p) for p in e.absolute_path) or '$'}: {e.message[:100]}" for e in errors[:3])
    return verdicts


def loader_verdicts(lanternctl, parent, args, positioned_only=False):
    proc = subprocess.run([lanternctl, "validate", "content", *args], cwd=parent, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=60)
    rejected = {}
    for line in proc.stdout.decode("utf-8", "replace").splitlines():
        m = LINE_RE.match(line)
        if not m or m.group("msg").split(": ", 1)[-1].startswith("warning:") or ": warning: " in line:
            continue
        if positioned_only and not re.match(r"^content/[^:]+:\d+:\d+: ", line):
            continue  # fit on screen and review dates: the loader's alone
        rejected.setdefault(m.group("file"), m.group("msg"))
    return proc.returncode, rejected


def compare(name, validator, lanternctl, parent, args, out_of_reach, positioned_only=False):
    """Returns (problems, schema-rejected files) for one content folder."""
    root = os.path.join(parent, "content")
    sv = schema_verdicts(validator, root)
    status, lv = loader_verdicts(lanternctl, parent, args, positioned_only)
    problems = []
    if status == 2:
        return [f"{name}: validate refused its arguments"], set()
    schema_rejects = set()
    for rel, why in sv.items():
        if why == "special":
            continue
        if why:
            schema_rejects.add(rel)
        if why and rel not in lv:
            problems.append(f"{name}: {rel}: the schema rejects it ({why}), the loader accepts it")
        elif not why and rel in lv and not out_of_reach:
            problems.append(f"{name}: {rel}: the loader rejects it ({lv[rel]}), the schema accepts it")
    return problems, schema_rejects


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lanternctl", required=True)
    ap.add_argument("--schema", required=True)
    ap.add_argument("--cases", required=True)
    ap.add_argument("--base", required=True)
    ap.add_argument("--shipped", required=True)
    opts = ap.parse_args()
    lanternctl = os.path.abspath(opts.lanternctl)
    with open(opts.schema, encoding="utf-8") as f:
        schema = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
    run_py = load_run_py(os.path.abspath(opts.cases))

    problems = []
    checked = 0
    # The shipped content and the corpus base: both sides accept every file.
    for label, src in (("shipped", opts.shipped), ("base", opts.base)):
        with tempfile.TemporaryDirectory(prefix="lantern-schema-") as tmp:
            run_py.prepare(os.path.abspath(src), None, tmp)
            p, _ = compare(label, validator, lanternctl, tmp, [], False)
            problems += p
            checked += 1

    cases_root = os.path.abspath(opts.cases)
    cases = sorted(n for n in os.listdir(cases_root)
                   if os.path.isdir(os.path.join(cases_root, n)) and not n.startswith((".", "_")))
    for name in cases:
        case_dir = os.path.join(cases_root, name)
        if os.path.exists(os.path.join(case_dir, "KNOWN_BUG")):
            continue
        args_path = os.path.join(case_dir, "args.txt")
        args = run_py.shlex.split(run_py.read_text(args_path)) if os.path.exists(args_path) else []
        if any(a.startswith("--today") for a in args) and int(run_py.read_text(
                os.path.join(case_dir, "status.txt")).strip() or 0) == 2:
            continue  # a case about validate's own arguments: no content verdict
        reach = OUT_OF_REACH.get(name)
        with tempfile.TemporaryDirectory(prefix="lantern-schema-") as tmp:
            run_py.prepare(base=os.path.abspath(opts.base), case_dir=case_dir, tmp=tmp)
            p, rejects = compare(name, validator, lanternctl, tmp, args, reach is not None)
        problems += p
        if reach and rejects:
            problems.append(f"{name}: listed as out of the schema's reach ({reach}), but the schema "
                            f"rejects {', '.join(sorted(rejects))} too: remove it from OUT_OF_REACH")
        checked += 1

    base = os.path.abspath(opts.base)
    def one(mutation):
        extra, (name, rel, path, value) = mutation
        reach = MUTATIONS_OUT_OF_REACH.get(name)
        with tempfile.TemporaryDirectory(prefix="lantern-schema-") as tmp:
            run_py.prepare(base, None, tmp)
            if extra:
                add_extra_files(os.path.join(tmp, "content"))
            if rel:
                apply_mutation(os.path.join(tmp, "content"), rel, path, value)
            p, rejects = compare(name, validator, lanternctl, tmp, [], reach is not None,
                                 positioned_only=True)
        if reach and rejects:
            p.append(f"{name}: listed as out of the schema's reach ({reach}), but the schema rejects "
                     f"{', '.join(sorted(rejects))} too: remove it from MUTATIONS_OUT_OF_REACH")
        return p

    all_mutations = [(False, m) for m in mutations()]
    all_mutations += [(True, ("base with groups and prompts", None, None, None))]  # the base with groups and prompts: clean
    all_mutations += [(True, m) for m in extra_mutations()]
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        for p in pool.map(one, all_mutations):
            problems += p
    checked += len(all_mutations)

    for p in problems:
        print("DISAGREE " + p)
    print(f"schema_agree: {checked} content folders ({len(all_mutations)} single-field changes), "
          f"{len(OUT_OF_REACH) + len(MUTATIONS_OUT_OF_REACH)} out of the schema's reach, "
          f"{len(problems)} disagreements")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
