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
    def __init__(self, tls=False):
        self.tls = tls
        self.port = 5432
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
        if self.tls:
            self.ca, self.other_ca = self.make_tls()
        self.start()
        return self

    def start(self):
        opts = f"-c listen_addresses='' -k {self.sock} -c max_connections=50"
        if self.tls:
            opts = (f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.sock} -c max_connections=50 -c ssl=on "
                    f"-c ssl_cert_file={self.dir}/server.crt -c ssl_key_file={self.dir}/server.key")
        self.run("pg_ctl", "start", "-w", "-D", self.data, "-l", self.log, "-o", opts)

    def make_tls(self):
        """A CA, and a server certificate it signs for "localhost" only; TCP
        on 127.0.0.1 accepts TLS connections only (pg_hba.conf)."""
        import socket
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        self.port = s.getsockname()[1]
        s.close()
        d = self.dir
        steps = [
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Lantern test CA",
             "-keyout", f"{d}/ca.key", "-out", f"{d}/ca.crt"],
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Other CA",
             "-keyout", f"{d}/other-ca.key", "-out", f"{d}/other-ca.crt"],
            ["openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout",
             f"{d}/server.key", "-out", f"{d}/server.csr"],
            ["openssl", "x509", "-req", "-in", f"{d}/server.csr", "-CA", f"{d}/ca.crt", "-CAkey", f"{d}/ca.key",
             "-CAcreateserial", "-days", "2", "-out", f"{d}/server.crt", "-extfile", f"{d}/san.cnf"],
        ]
        with open(f"{d}/san.cnf", "w") as f:
            f.write("subjectAltName=DNS:localhost\n")
        for cmd in steps:
            subprocess.run(cmd, check=True, capture_output=True)
        os.chmod(f"{d}/server.key", 0o600)
        if self.as_user:
            os.chown(f"{d}/server.key", self.as_user["user"], self.as_user["group"])
            os.chown(f"{d}/server.crt", self.as_user["user"], self.as_user["group"])
        with open(os.path.join(self.data, "pg_hba.conf"), "w") as f:
            f.write("local all all trust\nhostssl all all 127.0.0.1/32 trust\nhostnossl all all 127.0.0.1/32 reject\n")
        return f"{d}/ca.crt", f"{d}/other-ca.crt"

    def stop(self, mode="fast"):
        return self.run("pg_ctl", "stop", "-w", "-m", mode, "-D", self.data, check=False)

    def __exit__(self, *exc):
        self.stop("fast")
        shutil.rmtree(self.dir, ignore_errors=True)

    def conninfo(self, db="postgres"):
        return f"host={self.sock} port={self.port} user={self.user} dbname={db}"

    def psql(self, sql, db="postgres", check=True):
        p = subprocess.run([os.path.join(self.bin, "psql"), "-X", "-At", "-v", "ON_ERROR_STOP=1", "-d",
                            self.conninfo(db), "-c", sql], capture_output=True, text=True)
        if check and p.returncode != 0:
            raise AssertionError(f"psql {sql!r}: {p.stderr}")
        return p.stdout.strip()

    def createdb(self, name):
        self.psql(f"CREATE DATABASE {name}")
        return self.conninfo(name)
