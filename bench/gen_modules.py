#!/usr/bin/env python3
"""Generated content for the benchmarks (load.sh, verify.sh): a copy of the
content folder SRC at DST whose every language holds PER_LANG modules
(default 250: 500 in all), made from the shipped ones in turn, all on Home.
Facilitator prompts (they name the real modules), the contact form and the
groups screen are left out. A link block points at the copy made first from
its target (or is dropped when there is none), so the content still loads.
    usage: gen_modules.py SRC DST [PER_LANG]"""
import copy
import json
import os
import shutil
import sys


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    src, dst = sys.argv[1], sys.argv[2]
    per_lang = int(sys.argv[3]) if len(sys.argv) == 4 else 250
    shutil.copytree(src, dst)
    manifest = json.load(open(os.path.join(dst, "manifest.json"), encoding="utf-8"))
    for lang in manifest["languages"]:
        shutil.rmtree(os.path.join(dst, lang, "facilitator"), ignore_errors=True)
        mdir = os.path.join(dst, lang, "modules")
        base = [json.load(open(os.path.join(mdir, f), encoding="utf-8")) for f in sorted(os.listdir(mdir))]
        first_copy = {b["id"]: f"module-{i:03d}" for i, b in enumerate(base) if i < per_lang}
        for f in os.listdir(mdir):
            os.remove(os.path.join(mdir, f))
        for i in range(per_lang):
            d = copy.deepcopy(base[i % len(base)])
            d["id"] = f"module-{i:03d}"
            blocks = []
            for block in d.get("blocks", []):
                if block.get("type") == "link":
                    # No target copied, or a link to itself (only the groups
                    # screen's document may, and that screen is left out).
                    if first_copy.get(block.get("module"), d["id"]) == d["id"]:
                        continue
                    block["module"] = first_copy[block["module"]]
                blocks.append(block)
            d["blocks"] = blocks
            with open(os.path.join(mdir, d["id"] + ".json"), "w", encoding="utf-8") as f:
                json.dump(d, f, ensure_ascii=False, indent=2)
    manifest["home"] = [f"module-{i:03d}" for i in range(per_lang)]
    manifest.pop("contact_form", None)
    manifest.pop("groups_screen", None)
    with open(os.path.join(dst, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)


if __name__ == "__main__":
    main()
