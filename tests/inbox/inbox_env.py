"""Shared set-up for the staff inbox tests: a protected staff key, a kiosk
database, a self-signed TLS certificate, inbox accounts, the real
lantern-inbox started on a free port of 127.0.0.1 and stopped at the end,
and a small HTTPS client that keeps one session cookie."""
import http.client
import os
import re
import signal
import ssl
import subprocess
import time
import urllib.parse

PASSPHRASE = "inbox test passphrase"
PASSWORDS = {"ana": "ana's password 1", "ben": "ben's password 2", "cara": "cara's password 3"}


def run(*cmd, input=None, env=None):
    return subprocess.run([str(c) for c in cmd], capture_output=True, text=True, input=input, env=env)


def make_cert(base):
    cert, key = os.path.join(base, "inbox.crt"), os.path.join(base, "inbox.key")
    p = run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2",
            "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1")
    assert p.returncode == 0, p.stderr
    os.chmod(key, 0o600)
    return cert, key


def keygen(lanternctl, base):
    keys = os.path.join(base, "keys")
    p = run(lanternctl, "keygen", "--out", keys, input=(PASSPHRASE + "\n") * 2)
    assert p.returncode == 0, p.stderr
    return os.path.join(keys, "lantern-public.key"), os.path.join(keys, "lantern-private.key")


def write_config(path, **values):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write("".join(f"{k} = {v}\n" for k, v in values.items()))


class Inbox:
    """lantern-inbox as a child process; its stderr is the server log."""

    def __init__(self, binary, config, log_path, env=None):
        self.log_path = log_path
        self.log = open(log_path, "w")
        env = dict(env if env is not None else os.environ)
        if os.geteuid() != 0:
            # Without root a non-dumpable process's memory cannot be read (memory_holds).
            env["LANTERN_TEST_KEEP_DUMPABLE"] = "1"
        self.proc = subprocess.Popen([binary, "--config", config], stderr=self.log, env=env)
        deadline = time.monotonic() + 20
        self.port = None
        while time.monotonic() < deadline and self.port is None and self.proc.poll() is None:
            m = re.search(r"listening on \S+ port (\d+)", open(log_path).read())
            if m:
                self.port = int(m.group(1))
            else:
                time.sleep(0.05)
        assert self.port, f"lantern-inbox did not start: {open(log_path).read()}"

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        code = self.proc.wait(timeout=20)
        self.log.close()
        return code

    def text(self):
        return open(self.log_path).read()


class Client:
    """HTTPS with the test certificate as the only CA; one cookie."""

    def __init__(self, port, cafile):
        self.port = port
        self.ctx = ssl.create_default_context(cafile=cafile)
        self.cookie = None

    def request(self, method, path, fields=None, body=None, headers=None, cookie=True):
        conn = http.client.HTTPSConnection("127.0.0.1", self.port, context=self.ctx, timeout=30)
        h = {"Host": f"127.0.0.1:{self.port}"}
        if cookie and self.cookie:
            h["Cookie"] = f"lantern_session={self.cookie}"
        if fields is not None:
            body = urllib.parse.urlencode(fields)
            h["Content-Type"] = "application/x-www-form-urlencoded"
        h.update(headers or {})
        conn.request(method, path, body=body, headers=h)
        r = conn.getresponse()
        data = r.read()
        set_cookie = r.getheader("Set-Cookie")
        if set_cookie and cookie:
            self.cookie = set_cookie.split(";")[0].split("=", 1)[1]
        conn.close()
        return r, data.decode("utf-8", "replace")

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, fields, **kw):
        return self.request("POST", path, fields=fields, **kw)

    @staticmethod
    def csrf(page):
        m = re.search(r'name="csrf" value="([0-9a-f]{64})"', page)
        return m.group(1) if m else ""

    def login(self, name, password=None):
        r, page = self.get("/login")
        return self.post("/login", {"csrf": self.csrf(page), "name": name,
                                    "password": password or PASSWORDS[name]})

    def unlock(self, passphrase=PASSPHRASE):
        r, page = self.get("/unlock")
        return self.post("/unlock", {"csrf": self.csrf(page), "passphrase": passphrase})

    def upload(self, data, filename="requests.txt"):
        r, page = self.get("/upload")
        boundary = "----lanterntestboundary7d1"
        parts = [f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{self.csrf(page)}\r\n"
                 .encode(),
                 f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\n"
                 f"Content-Type: text/plain\r\n\r\n".encode() + data + b"\r\n",
                 f"--{boundary}--\r\n".encode()]
        return self.request("POST", "/upload", body=b"".join(parts),
                            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})


def memory_holds(pid, needle):
    """True when the process's writable memory holds needle (as root).
    Mappings over 1 GiB are skipped: under ASan those are shadow memory and
    allocator reservations (terabytes of mostly untouched pages)."""
    found = False
    with open(f"/proc/{pid}/maps") as maps, open(f"/proc/{pid}/mem", "rb", 0) as mem:
        for line in maps:
            fields = line.split()
            if "w" not in fields[1]:
                continue
            start, end = (int(x, 16) for x in fields[0].split("-"))
            if end - start > 1 << 30:
                continue  # sanitizer shadow and allocator reservations, not data
            try:
                mem.seek(start)
                chunk = mem.read(end - start)
            except (OSError, ValueError, OverflowError):
                continue
            if needle in chunk:
                found = True
                break
    return found
