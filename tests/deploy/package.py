#!/usr/bin/env python3
"""The Debian package, built, checked and installed on this machine.

  package.py install --build-dir BUILD --source SRC
      cpack -G DEB in BUILD; checks the metadata (name, version, architecture,
      Depends), the file list (exactly the expected files, the whole shipped
      content, modes), the conffiles and maintainer scripts; installs it with
      dpkg; checks the lantern, lantern-outbox and lantern-inbox users,
      /var/lib/lantern (3770), the content
      symlink, the enabled units and `systemd-analyze verify`; runs the kiosk
      (harness) and lanternctl validate as the lantern user on the installed
      config; imports a USB content folder from the staff screen on day one
      (issue 9); reinstalls over staff changes (a changed conffile and a swapped
      content symlink are kept, the data dir's mode is put back).
  package.py purge
      dpkg -r keeps the data, config and user; dpkg --purge removes them all.

Needs root (dpkg, the lantern user); exit 77 (skipped) otherwise. CI runs
install, then the cage smoke test, then purge (ctest fixtures)."""
import argparse
import glob
import grp
import json
import os
import pwd
import shutil
import stat
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Checks  # noqa: E402

UNITS = ["lantern.service", "lantern-display.service", "lantern-recover.service", "lantern-recover.timer",
         "lantern-retention.service", "lantern-retention.timer", "lantern-update.service", "lantern-update.timer",
         "lantern-outbox.service", "lantern-inbox.service"]
ENABLED = {"lantern.service": "multi-user.target.wants", "lantern-display.service": "multi-user.target.wants",
           "lantern-recover.timer": "timers.target.wants",
           "lantern-retention.timer": "timers.target.wants"}
CONFFILES = ["/etc/lantern/lantern.json", "/etc/lantern/session.conf", "/etc/pam.d/lantern"]
DEPENDS = ["libsdl2-2.0-0", "libsdl2-ttf-2.0-0", "libsdl2-image-2.0-0", "libcjson1", "libsqlite3-0",
           "libsodium23", "libsystemd0", "fonts-noto-core", "cage", "xwayland", "adduser", "libpam-systemd", "curl",
           "libpq5", "libmicrohttpd12", "libespeak-ng1"]  # SDL2_image and espeak-ng: dlopen, named by hand
# path -> mode; directories are not listed.
FILES = {
    "/usr/bin/lantern": 0o755, "/usr/bin/lanternctl": 0o755,
    "/usr/lib/lantern/lantern-session": 0o755, "/usr/lib/lantern/lantern-display": 0o755,
    "/usr/lib/lantern/lantern-update": 0o755, "/usr/lib/lantern/lanternctl-tools": 0o755,
    "/usr/share/doc/lantern/examples/update.conf.example": 0o644,
    "/usr/lib/lantern/lantern-outbox": 0o755, "/usr/lib/lantern/lantern-inbox": 0o755,
    "/usr/share/doc/lantern/examples/outbox.conf.example": 0o644,
    "/usr/share/doc/lantern/examples/inbox.conf.example": 0o644,
    "/etc/lantern/lantern.json": 0o644, "/etc/lantern/session.conf": 0o644, "/etc/pam.d/lantern": 0o644,
    "/usr/share/doc/lantern/README.deploy.md": 0o644,
    "/usr/share/doc/lantern/examples/99-lantern-touch.rules.example": 0o644,
    "/usr/share/lantern/assets/theme.json": 0o644,  # the kiosk's own look (issue 13)
}
FILES.update({f"/lib/systemd/system/{u}": 0o644 for u in UNITS})

c = Checks("package")


def run(argv, **kw):
    return subprocess.run(argv, capture_output=True, text=True, **kw)


def control_field(deb, field):
    return run(["dpkg-deb", "-f", deb, field]).stdout.strip()


def dep_names(depends):
    names = set()
    for part in depends.split(","):
        for alt in part.split("|"):
            alt = alt.strip()
            if alt:
                names.add(alt.split()[0])
    return names


def as_lantern(argv):
    u = pwd.getpwnam("lantern")
    return ["setpriv", f"--reuid={u.pw_uid}", f"--regid={u.pw_gid}", "--init-groups"] + argv


def build(build_dir, out):
    p = run(["cpack", "-G", "DEB", "-B", out], cwd=build_dir)
    debs = glob.glob(os.path.join(out, "*.deb"))
    if not c.check(p.returncode == 0 and len(debs) == 1, "cpack -G DEB makes one .deb"):
        print(p.stdout[-1500:] + p.stderr[-1500:])
    return debs[0] if len(debs) == 1 else None


def check_metadata(deb, build_dir):
    version = run([os.path.join(build_dir, "lantern"), "--version"]).stdout.split()[-1]
    arch = run(["dpkg", "--print-architecture"]).stdout.strip()
    c.check(os.path.basename(deb) == f"lantern_{version}_{arch}.deb", f"file name lantern_{version}_{arch}.deb "
                                                                      f"({os.path.basename(deb)})")
    c.check(control_field(deb, "Package") == "lantern", "Package: lantern")
    c.check(control_field(deb, "Version") == version, f"Version: {version} (lantern --version)")
    c.check(control_field(deb, "Architecture") == arch, f"Architecture: {arch}")
    c.check(control_field(deb, "Maintainer") != "", "a Maintainer")
    c.check(len(control_field(deb, "Description").splitlines()) >= 3, "a summary and a long description")
    names = dep_names(control_field(deb, "Depends"))
    missing = [d for d in DEPENDS if d not in names]
    c.check(not missing, f"Depends names the runtime libraries, fonts, cage and xwayland (missing: {missing})")
    c.check("libsdl2-dev" not in names and not any(n.endswith("-dev") for n in names), "no -dev package in Depends")
    p = run(["dpkg-deb", "--info", deb])
    c.check(p.returncode == 0, "dpkg-deb --info reads it")


def check_files(deb, source):
    listing = run(["dpkg-deb", "--contents", deb]).stdout.splitlines()
    files, owners = {}, set()
    for line in listing:
        parts = line.split(None, 5)
        if len(parts) < 6:
            continue
        perms, owner, path = parts[0], parts[1], parts[5].split(" -> ")[0]
        owners.add(owner)
        path = path[1:] if path.startswith(".") else path
        if perms.startswith("d"):
            continue
        mode = 0
        for i, ch in enumerate(perms[1:10]):
            if ch != "-":
                mode |= 1 << (8 - i)
        files[path] = mode
    content = {}
    src_content = os.path.join(source, "content")
    for root, _, names in os.walk(src_content):
        for n in names:
            rel = os.path.relpath(os.path.join(root, n), src_content)
            content["/usr/share/lantern/content/" + rel] = 0o644
    want = dict(FILES, **content)
    c.check(set(files) == set(want), "the file list is exactly the expected one "
            f"(missing {sorted(set(want) - set(files))[:5]}, unexpected {sorted(set(files) - set(want))[:5]})")
    wrong = [f"{p} {oct(m)}" for p, m in files.items() if p in want and m != want[p]]
    c.check(not wrong, f"file modes (wrong: {wrong[:5]})")
    c.check(owners == {"root/root"}, f"every file belongs to root ({owners})")
    c.check(len(content) > 10, f"the whole shipped content is in it ({len(content)} files)")
    with tempfile.TemporaryDirectory() as d:
        run(["dpkg-deb", "--control", deb, d])
        with open(os.path.join(d, "conffiles")) as f:
            conf = f.read().split()
        c.check(sorted(conf) == sorted(CONFFILES), f"conffiles: {', '.join(CONFFILES)} ({conf})")
        for script in ("postinst", "prerm", "postrm"):
            path = os.path.join(d, script)
            ok = os.path.exists(path) and os.stat(path).st_mode & 0o111 and run(["sh", "-n", path]).returncode == 0
            c.check(ok, f"maintainer script {script}: there, executable, valid sh")


def check_installed(deb):
    p = run(["dpkg", "-i", deb], env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))
    if not c.check(p.returncode == 0, "dpkg -i installs it"):
        print(p.stdout[-2000:] + p.stderr[-2000:])
        return False
    status = run(["dpkg-query", "-W", "-f=${Status}", "lantern"]).stdout
    c.check(status == "install ok installed", f"dpkg: install ok installed ({status})")
    q = run(["dpkg-query", "-W", "-f=${Conffiles}", "lantern"]).stdout
    c.check(all(f in q for f in CONFFILES), "dpkg records the conffiles")
    try:
        u = pwd.getpwnam("lantern")
    except KeyError:
        c.check(False, "the lantern user exists")
        return False
    c.check(u.pw_uid < 1000, f"lantern is a system user (uid {u.pw_uid})")
    c.check(u.pw_shell in ("/usr/sbin/nologin", "/bin/false"), f"lantern cannot log in ({u.pw_shell})")
    c.check(u.pw_dir == "/var/lib/lantern", f"lantern's home is /var/lib/lantern ({u.pw_dir})")
    c.check(grp.getgrgid(u.pw_gid).gr_name == "lantern", "lantern's group is lantern")
    c.check(not [g.gr_name for g in grp.getgrall() if "lantern" in g.gr_mem], "lantern is in no other group")
    # The outbox and the inbox: their own system users, in group lantern (requests.db) and no other.
    for svc in ("lantern-outbox", "lantern-inbox"):
        try:
            s = pwd.getpwnam(svc)
        except KeyError:
            c.check(False, f"the {svc} user exists")
            continue
        c.check(s.pw_uid < 1000 and s.pw_shell in ("/usr/sbin/nologin", "/bin/false"),
                f"{svc} is a system user that cannot log in")
        groups = sorted(g.gr_name for g in grp.getgrall() if svc in g.gr_mem)
        c.check(groups == ["lantern"], f"{svc} is in group lantern only ({groups})")
        c.check(not os.path.islink(f"/etc/systemd/system/multi-user.target.wants/{svc}.service"),
                f"{svc}.service is not enabled before staff write its config")
    # A self-signed certificate for a first try of the inbox: the key is the inbox's alone.
    inbox_user = pwd.getpwnam("lantern-inbox") if "lantern-inbox" in {p.pw_name for p in pwd.getpwall()} else None
    if os.path.exists("/usr/bin/openssl") and inbox_user:
        key = os.stat("/etc/lantern/inbox.key") if os.path.exists("/etc/lantern/inbox.key") else None
        c.check(os.path.exists("/etc/lantern/inbox.crt") and key and stat.S_IMODE(key.st_mode) == 0o600
                and key.st_uid == inbox_user.pw_uid, "a self-signed inbox certificate, its key 0600 lantern-inbox's")
    st = os.lstat("/var/lib/lantern")
    c.check(stat.S_ISDIR(st.st_mode) and stat.S_IMODE(st.st_mode) == 0o3770 and st.st_uid == u.pw_uid
            and st.st_gid == u.pw_gid, f"/var/lib/lantern: a directory, 3770 (setgid, sticky), lantern's "
                                       f"({oct(stat.S_IMODE(st.st_mode))} uid {st.st_uid})")
    link = "/var/lib/lantern/content"
    c.check(os.path.islink(link) and os.readlink(link) == "/usr/share/lantern/content",
            "/var/lib/lantern/content is a symlink to the shipped content")
    for unit, wants in ENABLED.items():
        c.check(os.path.islink(f"/etc/systemd/system/{wants}/{unit}"), f"{unit} is enabled ({wants})")
    # Content updates are off until a center configures them.
    c.check(not os.path.exists("/etc/systemd/system/timers.target.wants/lantern-update.timer"),
            "lantern-update.timer is not enabled by the package")
    for path, mode in FILES.items():
        c.check(os.path.exists(path) and stat.S_IMODE(os.stat(path).st_mode) == mode, f"{path} installed, {oct(mode)}")
    p = run(["systemd-analyze", "verify"] + [f"/lib/systemd/system/{u}" for u in UNITS])
    noise = [line for line in (p.stdout + p.stderr).splitlines() if "lantern" in line]
    c.check(p.returncode == 0 and not noise, f"systemd-analyze verify: clean ({noise[:5]})")
    p = run(["lanternctl", "validate", "--strict", "/var/lib/lantern/content"])
    if not c.check(p.returncode == 0, "lanternctl validate --strict on the installed content"):
        print(p.stdout[-1500:] + p.stderr[-500:])
    check_installed_verify()
    # The kiosk itself, as lantern, on the installed config (harness mode: no display).
    with tempfile.TemporaryDirectory() as d:
        os.chmod(d, 0o755)
        out = os.path.join(d, "out")
        os.mkdir(out)
        os.chown(out, u.pw_uid, u.pw_gid)
        script = os.path.join(d, "s.json")
        with open(script, "w") as f:
            f.write('[{"shot":"attract"},{"tap_text":"English"},{"shot":"home"}]')
        os.chmod(script, 0o644)
        p = run(as_lantern(["lantern", "--config", "/etc/lantern/lantern.json", "--headless", "--size", "1280x720",
                            "--script", script, "--out", out]))
        if not c.check(p.returncode == 0 and os.path.exists(os.path.join(out, "home.png")),
                       "the kiosk runs as lantern on /etc/lantern/lantern.json (harness: attract, tap English, Home)"):
            print(p.stdout[-1000:] + p.stderr[-1000:])
        p = run(as_lantern(["sh", "-c", "touch /var/lib/lantern/.w && rm /var/lib/lantern/.w"]))
        c.check(p.returncode == 0, "lantern can write its data dir")
        p = run(as_lantern(["sh", "-c", "touch /etc/lantern/x"]))
        c.check(p.returncode != 0, "lantern cannot change its config")
    return True


def check_installed_verify():
    """lanternctl's small front runs `content verify` itself (no SDL) and
    hands the rest to /usr/lib/lantern/lanternctl-tools: keygen and approve
    through it, verify in the front, on a copy of the installed content."""
    with tempfile.TemporaryDirectory() as d:
        folder = os.path.join(d, "content")
        shutil.copytree("/usr/share/lantern/content", folder)
        secret, public = os.path.join(d, "keys", "approver-secret.key"), os.path.join(d, "keys", "approver-public.key")
        pw = "installed package passphrase\n"
        p = run(["lanternctl", "keygen", "--approver", "--out", os.path.join(d, "keys")], input=pw + pw)
        c.check(p.returncode == 0, f"installed lanternctl keygen --approver ({p.stderr.strip()})")
        p = run(["lanternctl", "content", "approve", folder, "--key", secret, "--name", "Package Test",
                 "--role", "Test", "--review-due", "2099-01-01"], input=pw)
        c.check(p.returncode == 0, f"installed lanternctl content approve ({p.stderr.strip()})")
        p = run(["lanternctl", "content", "verify", folder, "--trust", public])
        c.check(p.returncode == 0 and "files verified" in p.stdout,
                f"installed lanternctl content verify ({p.stdout.strip()[-300:]} {p.stderr.strip()})")
        with open(os.path.join(folder, "en", "help.json"), "a") as f:
            f.write(" ")
        p = run(["lanternctl", "content", "verify", folder, "--trust", public])
        c.check(p.returncode == 1 and "en/help.json: changed since it was approved" in p.stdout,
                f"installed lanternctl content verify refuses a changed file ({p.stdout.strip()[-300:]})")
    p = run(["readelf", "-d", "/usr/bin/lanternctl"])
    needed = [line.split("[")[1].rstrip("]") for line in p.stdout.splitlines() if "(NEEDED)" in line]
    c.check(needed and not [n for n in needed if "SDL" in n or "sqlite" in n or "pq" in n],
            f"/usr/bin/lanternctl links no SDL, sqlite3 or libpq ({needed})")


def check_day_one_import(deb):
    """Issue 9: a freshly installed kiosk imports content from a USB drive on
    day one. The live link points into the read-only packaged content, so the
    copy must go to the writable data folder (it went next to
    /usr/share/lantern/content and failed, blaming a full disk)."""
    u = pwd.getpwnam("lantern")
    link, data = "/var/lib/lantern/content", "/var/lib/lantern"
    before = set(os.listdir(data))
    kept = {}
    for n in ("staff-pin", "pin-lockout", "content-history"):
        if os.path.exists(os.path.join(data, n)):
            kept[n] = open(os.path.join(data, n), "rb").read()
    ui = json.load(open("/usr/share/lantern/content/en/ui.json", encoding="utf-8"))["strings"]
    pin = "482916"
    with tempfile.TemporaryDirectory() as d:
        os.chmod(d, 0o755)
        drive = os.path.join(d, "media", "STAFF")
        folder = os.path.join(drive, "day-one")
        shutil.copytree("/usr/share/lantern/content", folder)
        man = os.path.join(folder, "manifest.json")
        m = json.load(open(man, encoding="utf-8"))
        m["version"] = "usb-day-one"
        json.dump(m, open(man, "w", encoding="utf-8"))
        for root, dirs, files in os.walk(d):
            for n in dirs:
                os.chmod(os.path.join(root, n), 0o755)
        cfg = json.load(open("/etc/lantern/lantern.json", encoding="utf-8"))
        cfg["usb_dir"] = os.path.join(d, "media")
        conf = os.path.join(d, "lantern.json")
        json.dump(cfg, open(conf, "w"))
        os.chmod(conf, 0o644)
        out = os.path.join(d, "out")
        os.mkdir(out)
        os.chown(out, u.pw_uid, u.pw_gid)
        try:
            p = run(as_lantern(["lanternctl", "set-pin", "--data", data, "--role", "staff"]),
                    input=f"{pin}\n{pin}\n")
            c.check(p.returncode == 0, f"set-pin as lantern ({p.stderr.strip()[-200:]})")
            w, h = 1280, 720
            steps = [{"hold": [4, 4, 5200]}, {"tap": [w - 4, 4]}, {"tap": [w - 4, h - 4]}, {"tap": [4, h - 4]}]
            steps += [{"tap_text": k} for k in pin] + [{"tap_text": ui["staff.pin.enter"]}]
            steps += [{"tap_text": f"{ui['staff.import']}: day-one"}, {"wait_ms": 1}, {"shot": "imported"}]
            script = os.path.join(d, "import.json")
            json.dump(steps, open(script, "w", encoding="utf-8"), ensure_ascii=False)
            os.chmod(script, 0o644)
            p = run(as_lantern(["lantern", "--config", conf, "--headless", "--size", f"{w}x{h}", "--script", script,
                                "--out", out]))
            shot = os.path.join(out, "imported.json")
            texts = [i["text"] for i in json.load(open(shot))["items"]] if os.path.exists(shot) else []
            ok = p.returncode == 0 and any("usb-day-one" in t for t in texts)
            if not c.check(ok, "a fresh install imports a USB content folder on day one (staff screen)"):
                print(texts, p.stderr[-1500:])
            real = os.path.realpath(link)
            c.check(real.startswith("/var/lib/lantern/content-import-") and os.stat(real).st_uid == u.pw_uid,
                    f"the import is a new folder in the data folder, owned by lantern ({real})")
            c.check(os.path.isdir("/usr/share/lantern/content") and
                    not [n for n in os.listdir("/usr/share/lantern") if n not in ("content", "assets")],
                    "nothing was written next to the packaged content")
            p = run(["lanternctl", "validate", "--strict", link])
            c.check(p.returncode == 0, "the imported content validates")
        finally:
            subprocess.run(["ln", "-sfn", "/usr/share/lantern/content", link + ".new"])
            subprocess.run(["mv", "-T", link + ".new", link])
            for n in set(os.listdir(data)) - before:
                path = os.path.join(data, n)
                shutil.rmtree(path) if os.path.isdir(path) and not os.path.islink(path) else os.remove(path)
            for n, raw in kept.items():
                with open(os.path.join(data, n), "wb") as f:
                    f.write(raw)


def check_reinstall(deb):
    """Staff changes survive a reinstall; the data dir's mode is put back."""
    conf = "/etc/lantern/lantern.json"
    with open(conf) as f:
        original = f.read()
    changed = original.rstrip().rstrip("}").rstrip() + ',\n  "idle_seconds": 300\n}\n'
    staff = "/var/lib/lantern/content-staff"
    link = "/var/lib/lantern/content"
    try:
        with open(conf, "w") as f:
            f.write(changed)
        shutil.copytree("/usr/share/lantern/content", staff)
        subprocess.run(["ln", "-sfn", staff, link + ".new"], check=True)
        subprocess.run(["mv", "-T", link + ".new", link], check=True)
        os.chmod("/var/lib/lantern", 0o755)
        p = run(["dpkg", "-i", "--force-confold", deb], env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))
        c.check(p.returncode == 0, "reinstall over staff changes")
        with open(conf) as f:
            c.check(f.read() == changed, "a changed /etc/lantern/lantern.json is kept (conffile)")
        c.check(os.readlink(link) == staff, "a published content symlink is kept")
        c.check(stat.S_IMODE(os.stat("/var/lib/lantern").st_mode) == 0o3770, "/var/lib/lantern is 3770 again")
    finally:
        with open(conf, "w") as f:
            f.write(original)
        subprocess.run(["ln", "-sfn", "/usr/share/lantern/content", link + ".new"])
        subprocess.run(["mv", "-T", link + ".new", link])
        shutil.rmtree(staff, ignore_errors=True)
        os.chmod("/var/lib/lantern", 0o3770)


def install(a):
    with tempfile.TemporaryDirectory(prefix="lantern-deb-") as out:
        deb = build(a.build_dir, out)
        if not deb:
            return
        check_metadata(deb, a.build_dir)
        check_files(deb, a.source)
        if check_installed(deb):
            check_day_one_import(deb)
            check_reinstall(deb)


def purge(_):
    if not c.check(run(["dpkg-query", "-W", "lantern"]).returncode == 0, "lantern is installed"):
        return
    marker = "/var/lib/lantern/requests.db"
    existed = os.path.exists(marker)
    if not existed:
        with open(marker, "w") as f:
            f.write("stand-in")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    p = run(["dpkg", "-r", "lantern"], env=env)
    c.check(p.returncode == 0, f"dpkg -r lantern ({p.stderr.strip()[-300:]})")
    c.check(not os.path.exists("/usr/bin/lantern") and not os.path.exists("/lib/systemd/system/lantern.service"),
            "remove: the programs and units are gone")
    c.check(os.path.exists(marker), "remove: the data stays (/var/lib/lantern/requests.db)")
    c.check(os.path.exists("/etc/lantern/lantern.json"), "remove: the config stays")
    try:
        pwd.getpwnam("lantern")
        kept = True
    except KeyError:
        kept = False
    c.check(kept, "remove: the lantern user stays (it owns the data)")
    p = run(["dpkg", "--purge", "lantern"], env=env)
    c.check(p.returncode == 0, f"dpkg --purge lantern ({p.stderr.strip()[-300:]})")
    for path in ("/var/lib/lantern", "/var/cache/lantern", "/etc/lantern", "/etc/pam.d/lantern", "/usr/share/lantern"):
        c.check(not os.path.lexists(path), f"purge: {path} is gone")
    try:
        pwd.getpwnam("lantern")
        gone = False
    except KeyError:
        gone = True
    c.check(gone, "purge: the lantern user is gone")
    for svc in ("lantern-outbox", "lantern-inbox"):
        c.check(svc not in {p.pw_name for p in pwd.getpwall()} and svc not in {g.gr_name for g in grp.getgrall()},
                f"purge: the {svc} user and group are gone")
    try:
        grp.getgrnam("lantern")
        ggone = False
    except KeyError:
        ggone = True
    c.check(ggone, "purge: the lantern group is gone")
    left = glob.glob("/etc/systemd/system/**/lantern*", recursive=True)
    c.check(not left, f"purge: no unit links or masks are left ({left})")
    c.check(run(["dpkg-query", "-W", "lantern"]).returncode != 0, "purge: dpkg no longer knows lantern")


ap = argparse.ArgumentParser()
sub = ap.add_subparsers(dest="cmd", required=True)
i = sub.add_parser("install")
i.add_argument("--build-dir", required=True)
i.add_argument("--source", required=True)
sub.add_parser("purge")
a = ap.parse_args()
if os.geteuid() != 0:
    print("package: skipped: needs root (dpkg)")
    sys.exit(77)
install(a) if a.cmd == "install" else purge(a)
sys.exit(c.finish())
