#!/usr/bin/env python3
"""The code's structure rules, checked (docs/architecture.md):

1. no source file under src/ is over 800 lines;
2. each outside library is included by its one owning folder only (SDL:
   src/platform, cJSON: src/content, sqlite3 and libsodium: src/store, libpq:
   src/central, libmicrohttpd: src/inbox, espeak-ng: src/speech, qrencode:
   src/qr), and src/core includes none of them;
3. the call graph of the kiosk's logic, read with nm from the object files of
   the core library: no screen module (app_visit, app_form, app_staff, app_cancel) calls
   another screen module or app.c; the shared pieces (app_widgets, session)
   call no screen module and not app.c; nothing in the core library outside
   app*.c, session and fit_check calls into the app;
4. lanternctl's small front (src/tools/lanternctl_front.c and what only it
   and the full tool share) includes, from src/, only the approval check and
   core headers, so that it keeps linking no SDL (CTest ctl_front checks the
   binary's NEEDED libraries).

Usage: structure.py --src DIR --core-lib liblantern_core.a
"""
import argparse
import os
import re
import subprocess
import sys

FAILS, PASSES = [], [0]


def check(cond, msg):
    if cond:
        PASSES[0] += 1
    else:
        FAILS.append(msg)
        print("FAIL: " + msg, file=sys.stderr)


OWNERS = {"SDL2/": "platform", "cjson/": "content", "sqlite3.h": "store", "sodium": "store",
          "libpq-fe.h": "central", "microhttpd.h": "inbox", "espeak-ng/": "speech", "qrencode.h": "qr"}
SCREENS = {"app_visit", "app_form", "app_staff", "app_cancel"}
SHARED = {"app_widgets", "session", "app_a11y", "app_home", "app_form_parts", "app_form_keys", "reader_nav", "app_groups", "app_pick"}  # app_home: Home and crisis layouts; reader_nav: the reader's place and Back after links (issue 13); app_groups: the groups schedule; app_pick: the facilitator's module list
# The front's sources -> the project headers each may include (see rule 4).
FRONT_INCLUDES = {"core/util.h", "tools/content_args.h", "tools/usage.h", "content_args.h", "usage.h",
                  "platform/approved.h", "store/approval_sign.h", "approved.h", "../content/approval_load.h",
                  "../core/util.h"}
FRONT = ["tools/lanternctl_front.c", "tools/content_args.c", "tools/content_args.h", "tools/usage.c",
         "tools/usage.h", "platform/approved_check.c"]


def sources(src):
    for root, _, files in os.walk(src):
        for f in files:
            if f.endswith((".c", ".h")):
                yield os.path.join(root, f)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--src", required=True)
    ap.add_argument("--core-lib", required=True)
    a = ap.parse_args()

    for path in sources(a.src):
        text = open(path, encoding="utf-8").read()
        rel = os.path.relpath(path, a.src)
        folder = rel.split(os.sep)[0]
        check(text.count("\n") <= 800, f"{rel} has {text.count(chr(10))} lines (at most 800)")
        for inc in re.findall(r'^\s*#\s*include\s*<([^>]+)>', text, re.M):
            for prefix, owner in OWNERS.items():
                if inc.startswith(prefix):
                    check(folder == owner, f"{rel} includes <{inc}>, which only src/{owner}/ may")

    for rel in FRONT:
        path = os.path.join(a.src, rel)
        check(os.path.exists(path), f"{rel}: missing (lanternctl's front)")
        if os.path.exists(path):
            for inc in re.findall(r'^\s*#\s*include\s*"([^"]+)"', open(path, encoding="utf-8").read(), re.M):
                check(inc in FRONT_INCLUDES, f"{rel} includes \"{inc}\": lanternctl's front may include only "
                      f"the approval check and core headers (docs/architecture.md)")

    # Which object defines which symbol, and which symbols each one uses.
    out = subprocess.run(["nm", "-A", a.core_lib], capture_output=True, text=True, check=True).stdout
    defines, uses = {}, {}
    for line in out.splitlines():
        m = re.match(r'^[^:]+:([^:]+)\.c\.o:\s*(?:[0-9a-f]+)?\s+([A-Za-z])\s+(\S+)$', line)
        if not m:
            continue
        obj, kind, sym = m.groups()
        if kind in "TDRB":
            defines.setdefault(obj, set()).add(sym)
        elif kind == "U":
            uses.setdefault(obj, set()).add(sym)
    owner = {sym: obj for obj, syms in defines.items() for sym in syms}
    check("app" in defines and SCREENS <= set(defines), f"objects not found in {a.core_lib}: {sorted(defines)}")
    for obj, syms in uses.items():
        callees = {owner[s] for s in syms if s in owner and owner[s] != obj}
        if obj in SCREENS:
            bad = callees & (SCREENS | {"app", "fit_check"})
            check(not bad, f"screen module {obj} calls {sorted(bad)}")
        elif obj in SHARED:
            bad = callees & (SCREENS | {"app", "fit_check"})
            check(not bad, f"shared module {obj} calls {sorted(bad)}")
        elif obj not in {"app", "fit_check"}:
            bad = callees & (SCREENS | SHARED | {"app", "fit_check"})
            check(not bad, f"{obj} (not part of the app) calls into the app: {sorted(bad)}")
    print(f"structure: {PASSES[0]} passed, {len(FAILS)} failed")
    sys.exit(1 if FAILS else 0)


if __name__ == "__main__":
    main()
