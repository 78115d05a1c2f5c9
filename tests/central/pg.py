"""A real PostgreSQL for a test: initdb and pg_ctl in a temporary folder, run
as an unprivileged user (nobody when the test runs as root, else the current
user), listening only on a unix socket in that folder. Stopped (and the
folder removed) when the `with` block ends, whatever happened."""
import glob
import os
import pwd
import shutil
import subprocess
import tempfile


def pg_bin():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if not found:
        raise SystemExit("PostgreSQL server binaries not found (apt-get install postgresql; deploy/dev.sh does)")
    return os.path.dirname(found[-1])


class Postgres:
    def __init__(self):
        self.bin = pg_bin()
        self.dir = tempfile.mkdtemp(prefix="lantern-pg-")
        self.data = os.path.join(self.dir, "data")
        self.sock = self.dir
        self.log = os.path.join(self.dir, "postgres.log")
        self.user = "lantern"
        self.as_user = {}
        if os.geteuid() == 0:
            pw = pwd.getpwnam("nobody")
            os.chown(self.dir, pw.pw_uid, pw.pw_gid)
            self.as_user = {"user": pw.pw_uid, "group": pw.pw_gid, "extra_groups": []}
        os.chmod(self.dir, 0o755)

    def run(self, *args, check=True):
        return subprocess.run([os.path.join(self.bin, args[0]), *args[1:]], capture_output=True, text=True,
                              check=check, cwd=self.dir, **self.as_user)

    def __enter__(self):
        self.run("initdb", "-D", self.data, "-U", self.user, "--auth=trust", "-E", "UTF8", "--no-sync")
        self.start()
        return self

    def start(self):
        self.run("pg_ctl", "start", "-w", "-D", self.data, "-l", self.log,
                 "-o", f"-c listen_addresses='' -k {self.sock} -c max_connections=50")

    def stop(self, mode="fast"):
        return self.run("pg_ctl", "stop", "-w", "-m", mode, "-D", self.data, check=False)

    def __exit__(self, *exc):
        self.stop("fast")
        shutil.rmtree(self.dir, ignore_errors=True)

    def conninfo(self, db="postgres"):
        return f"host={self.sock} user={self.user} dbname={db}"

    def psql(self, sql, db="postgres", check=True):
        p = subprocess.run([os.path.join(self.bin, "psql"), "-X", "-At", "-v", "ON_ERROR_STOP=1", "-d",
                            self.conninfo(db), "-c", sql], capture_output=True, text=True)
        if check and p.returncode != 0:
            raise AssertionError(f"psql {sql!r}: {p.stderr}")
        return p.stdout.strip()

    def createdb(self, name):
        self.psql(f"CREATE DATABASE {name}")
        return self.conninfo(name)
