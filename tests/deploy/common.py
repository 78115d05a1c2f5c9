"""Shared helpers for the deploy tests (python3, standard library only):
pass/fail counting with the closing "N passed, M failed" line, bounded polls,
a listener for the sd_notify datagram protocol, and a small PNG reader."""
import os
import socket
import struct
import sys
import time
import zlib


class Checks:
    def __init__(self, name):
        self.name = name
        self.passed = 0
        self.failed = []

    def check(self, cond, msg):
        if cond:
            self.passed += 1
            print(f"ok: {msg}")
        else:
            self.failed.append(msg)
            print(f"FAIL: {msg}")
        sys.stdout.flush()
        return bool(cond)

    def finish(self):
        sys.stderr.flush()
        print(f"{self.name}: {self.passed} passed, {len(self.failed)} failed", flush=True)
        return 1 if self.failed else 0


def poll(fn, seconds=20.0, step=0.05):
    """fn() until it returns something true, for at most `seconds`."""
    end = time.monotonic() + seconds
    while True:
        v = fn()
        if v or time.monotonic() >= end:
            return v
        time.sleep(step)


class NotifyListener:
    """The systemd side of sd_notify(3): an AF_UNIX datagram socket at path.
    Every message is kept as (monotonic time, {KEY: value})."""

    def __init__(self, path, mode=0o600):
        self.path = path
        if os.path.exists(path):
            os.unlink(path)
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(path)
        os.chmod(path, mode)
        self.messages = []

    def drain(self, timeout=0.0):
        """Reads what has arrived, waiting up to timeout for the first one."""
        self.sock.settimeout(timeout if timeout > 0 else 0.0001)
        while True:
            try:
                data = self.sock.recv(4096)
            except (socket.timeout, BlockingIOError):
                return
            fields = {}
            for line in data.decode("utf-8", "replace").split("\n"):
                if "=" in line:
                    k, v = line.split("=", 1)
                    fields[k] = v
            self.messages.append((time.monotonic(), fields))
            self.sock.settimeout(0.0001)

    def wait_for(self, key, value, seconds):
        """The time of the first message with key=value, or None."""
        end = time.monotonic() + seconds
        while True:
            for t, f in self.messages:
                if f.get(key) == value:
                    return t
            left = end - time.monotonic()
            if left <= 0:
                return None
            self.drain(min(left, 0.2))

    def times(self, key, value, since=None, until=None):
        return [t for t, f in self.messages
                if f.get(key) == value and (since is None or t >= since) and (until is None or t <= until)]

    def close(self):
        self.sock.close()
        try:
            os.unlink(self.path)
        except FileNotFoundError:
            pass


def read_png(path):
    """(width, height, rows) of an 8-bit, non-interlaced PNG (grey, RGB, RGBA,
    grey+alpha); rows are lists of (r, g, b) tuples."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path}: not a PNG")
    pos, idat, w = 8, b"", None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        pos += 12 + n
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or interlace != 0 or ctype not in (0, 2, 4, 6):
                raise ValueError(f"{path}: unsupported PNG (depth {depth}, colour type {ctype}, interlace {interlace})")
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
    if w is None:
        raise ValueError(f"{path}: no IHDR")
    bpp = {0: 1, 2: 3, 4: 2, 6: 4}[ctype]
    raw = zlib.decompress(idat)
    stride = w * bpp
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(h):
        ftype = raw[i]
        line = bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if ftype == 1:
                line[x] = (line[x] + a) & 255
            elif ftype == 2:
                line[x] = (line[x] + b) & 255
            elif ftype == 3:
                line[x] = (line[x] + ((a + b) >> 1)) & 255
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[x] = (line[x] + pred) & 255
        prev = line
        if ctype in (2, 6):
            rows.append([tuple(line[x:x + 3]) for x in range(0, stride, bpp)])
        else:
            rows.append([(line[x], line[x], line[x]) for x in range(0, stride, bpp)])
    return w, h, rows
