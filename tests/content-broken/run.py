#!/usr/bin/env python3
"""Broken-content corpus for `lanternctl validate` (python3, standard library only).

Usage: run.py --lanternctl BIN --cases DIR --base DIR [--update]

Each case is a folder under --cases (for example 07-title-number/) holding:

  <relative paths>  files that replace or add to a copy of --base
                    (for example en/modules/alpha.json); binary files are
                    stored as the real bytes
  delete.txt        optional: paths to remove from the copy, one a line
  edit.json         optional: [{"file": PATH, "find": TEXT, "replace": TEXT}, ...]:
                    each TEXT found exactly once in the base file is replaced
                    (so a case changes one sentence without copying a whole
                    file and its other fields)
  command.txt       optional: "lint" to run `BIN lint content` instead of
                    validate (the base has a lint.json)
  args.txt          optional: extra validate arguments on one line
  pad.txt           optional: "PATH BYTES" lines: the overlaid file is padded
                    with spaces to BYTES (so a 4 MiB case needs no 4 MiB file)
  special.txt       optional: files git cannot hold, one a line: "fifo PATH"
                    (a named pipe), "symlink PATH TARGET", or "keys PATH N"
                    (PATH becomes a module-shaped JSON object with N extra keys)
  expect.txt        the exact stdout of validate, the folder being `content`
  status.txt        the expected exit status
  KNOWN_BUG         optional: one line describing a bug in the tool; expect.txt
                    then holds what the tool SHOULD print, and a mismatch is
                    counted as "known", not as a failure. A KNOWN_BUG case that
                    passes is reported (and fails the run) so that the file is
                    removed once the bug is fixed.

For each case the base is copied to a fresh temporary folder as `content`,
delete.txt, the overlay and edit.json are applied, and `BIN validate content
[args]` (or lint) runs with that folder as the working directory. The base
itself must validate and lint with 0 errors and 0 warnings (validate with and
without --strict); that check counts as one case.

--update rewrites expect.txt and status.txt from the tool's output (for
maintainers, after a deliberate change of a message); KNOWN_BUG cases are left
alone. Read the diff before committing it.
"""
import argparse
import difflib
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile

SPECIAL = {"expect.txt", "status.txt", "args.txt", "delete.txt", "pad.txt", "special.txt", "edit.json",
           "command.txt", "KNOWN_BUG"}
TIMEOUT = 60


def read_text(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def prepare(base, case_dir, tmp):
    """Copies base to tmp/content and applies the case; returns the content path."""
    content = os.path.join(tmp, "content")
    shutil.copytree(base, content, symlinks=True)
    if case_dir is None:
        return content
    delete = os.path.join(case_dir, "delete.txt")
    if os.path.exists(delete):
        for line in read_text(delete).splitlines():
            rel = line.strip()
            if not rel or rel.startswith("#"):
                continue
            target = os.path.normpath(os.path.join(content, rel))
            if not target.startswith(content + os.sep):
                raise ValueError(f"delete.txt: {rel!r} is outside the content folder")
            if os.path.isdir(target) and not os.path.islink(target):
                shutil.rmtree(target)
            elif os.path.lexists(target):
                os.remove(target)
            else:
                raise ValueError(f"delete.txt: {rel!r} is not in the base folder")
    for dirpath, dirnames, filenames in os.walk(case_dir):
        dirnames.sort()
        rel_dir = os.path.relpath(dirpath, case_dir)
        for name in sorted(filenames):
            if rel_dir == "." and name in SPECIAL:
                continue
            rel = os.path.normpath(os.path.join(rel_dir, name))
            dest = os.path.join(content, rel)
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            if os.path.isdir(dest):
                shutil.rmtree(dest)
            shutil.copyfile(os.path.join(dirpath, name), dest)
    edit = os.path.join(case_dir, "edit.json")
    if os.path.exists(edit):
        for e in json.loads(read_text(edit)):
            target = os.path.normpath(os.path.join(content, e["file"]))
            if not target.startswith(content + os.sep) or not os.path.isfile(target):
                raise ValueError(f"edit.json: {e['file']!r} is not a file in the content folder")
            text = read_text(target)
            if text.count(e["find"]) != 1:
                raise ValueError(f"edit.json: {e['find']!r} is not exactly once in {e['file']}")
            with open(target, "w", encoding="utf-8") as f:
                f.write(text.replace(e["find"], e["replace"]))
    pad = os.path.join(case_dir, "pad.txt")
    if os.path.exists(pad):
        for line in read_text(pad).splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            rel, size = line.rsplit(None, 1)
            target = os.path.normpath(os.path.join(content, rel))
            if not target.startswith(content + os.sep) or not os.path.isfile(target):
                raise ValueError(f"pad.txt: {rel!r} is not a file in the content folder")
            with open(target, "ab") as f:
                f.write(b" " * max(0, int(size) - os.path.getsize(target)))
    special = os.path.join(case_dir, "special.txt")
    if os.path.exists(special):
        for line in read_text(special).splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            kind, rel, *rest = line.split()
            target = os.path.normpath(os.path.join(content, rel))
            if not target.startswith(content + os.sep):
                raise ValueError(f"special.txt: {rel!r} is outside the content folder")
            if os.path.lexists(target):
                os.remove(target)
            if kind == "fifo":
                os.mkfifo(target)
            elif kind == "symlink":
                os.symlink(rest[0], target)
            elif kind == "keys":
                with open(target, "w", encoding="utf-8") as f:
                    f.write('{"id": "alpha", "kind": "module"')
                    for i in range(int(rest[0])):
                        f.write(f',"k{i}":0')
                    f.write("}\n")
            else:
                raise ValueError(f"special.txt: unknown kind {kind!r}")
    return content


def run_validate(lanternctl, tmp, args, command="validate"):
    proc = subprocess.run([lanternctl, command, "content", *args], cwd=tmp, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=TIMEOUT)
    return proc.stdout, proc.returncode, proc.stderr


def lines_of(data):
    return data.decode("utf-8", errors="backslashreplace").splitlines(keepends=True)


def show_diff(expected, actual):
    diff = difflib.unified_diff(lines_of(expected), lines_of(actual), "expect.txt", "stdout")
    for line in diff:
        sys.stdout.write("    " + line.rstrip("\n") + "\n")


def check_base(lanternctl, base):
    """The base must be clean, with and without --strict."""
    with tempfile.TemporaryDirectory(prefix="lantern-broken-") as tmp:
        prepare(base, None, tmp)
        expected = b"content: 0 errors, 0 warnings\n"
        for args in ([], ["--strict"]):
            out, status, err = run_validate(lanternctl, tmp, args)
            if out != expected or status != 0:
                print(f"FAIL base {base} (validate {' '.join(args)}): exit status {status}, expected 0")
                show_diff(expected, out)
                if err:
                    print("    stderr: " + err.decode("utf-8", "replace").strip())
                return False
        out, status, err = run_validate(lanternctl, tmp, [], "lint")
        if out != expected or status != 0:
            print(f"FAIL base {base} (lint): exit status {status}, expected 0")
            show_diff(expected, out)
            return False
    return True


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lanternctl", required=True)
    ap.add_argument("--cases", required=True)
    ap.add_argument("--base", required=True)
    ap.add_argument("--update", action="store_true")
    opts = ap.parse_args()
    lanternctl = os.path.abspath(opts.lanternctl)
    base = os.path.abspath(opts.base)
    cases_root = os.path.abspath(opts.cases)

    passed = failed = known = 0
    try:
        base_ok = check_base(lanternctl, base)
    except (OSError, subprocess.SubprocessError) as e:
        print(f"FAIL base {base}: {e}")
        base_ok = False
    if base_ok:
        passed += 1
    else:
        failed += 1

    cases = sorted(n for n in os.listdir(cases_root)
                   if os.path.isdir(os.path.join(cases_root, n)) and not n.startswith((".", "_")))
    for name in cases:
        case_dir = os.path.join(cases_root, name)
        expect_path = os.path.join(case_dir, "expect.txt")
        status_path = os.path.join(case_dir, "status.txt")
        bug_path = os.path.join(case_dir, "KNOWN_BUG")
        is_known = os.path.exists(bug_path)
        args_path = os.path.join(case_dir, "args.txt")
        args = shlex.split(read_text(args_path)) if os.path.exists(args_path) else []
        command_path = os.path.join(case_dir, "command.txt")
        command = read_text(command_path).strip() if os.path.exists(command_path) else "validate"
        try:
            with tempfile.TemporaryDirectory(prefix="lantern-broken-") as tmp:
                prepare(base, case_dir, tmp)
                out, status, err = run_validate(lanternctl, tmp, args, command)
        except (OSError, ValueError, subprocess.SubprocessError) as e:
            print(f"FAIL {name}: {e}")
            failed += 1
            continue

        if opts.update and not is_known:
            with open(expect_path, "wb") as f:
                f.write(out)
            with open(status_path, "w") as f:
                f.write(f"{status}\n")

        try:
            with open(expect_path, "rb") as f:
                expected = f.read()
            expected_status = int(read_text(status_path).strip())
        except (OSError, ValueError) as e:
            print(f"FAIL {name}: {e}")
            failed += 1
            continue
        ok = out == expected and status == expected_status
        if is_known:
            reason = read_text(bug_path).strip().splitlines()[0] if read_text(bug_path).strip() else "?"
            if ok:
                print(f"FAIL {name}: passes, but has KNOWN_BUG ({reason}): the bug looks fixed, remove KNOWN_BUG")
                failed += 1
            else:
                print(f"KNOWN {name}: {reason}")
                known += 1
            continue
        if ok:
            passed += 1
            continue
        failed += 1
        print(f"FAIL {name}: exit status {status}, expected {expected_status}"
              + ("" if out == expected else "; stdout differs:"))
        if out != expected:
            show_diff(expected, out)
        if err:
            print("    stderr: " + err.decode("utf-8", "replace").strip())

    if known:
        print(f"content-broken: {known} known bug{'s' if known != 1 else ''} (expected failures)")
    print(f"content-broken: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
