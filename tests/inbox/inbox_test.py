#!/usr/bin/env python3
"""The staff inbox (lantern-inbox) over real HTTPS, the real binary.

  inbox_test.py --lanternctl L --inbox I --feed F --key-dump K MODE

security  one-kiosk (sqlite): TLS only (plain HTTP refused), cookie flags,
          strict CSP, CSRF on every POST, another account's cookie refused,
          wrong-password lockout, passphrase, outcomes, CSV (formula-safe),
          the key gone from memory after sign-out and after the idle
          time-out, request contents never in the server log or audit log
central   several kiosks (a real PostgreSQL): the same pages over the central
          database; the USB hand-off file from a kiosk with no network
          written by lanternctl handoff and uploaded (twice: nothing added),
          a damaged file refused
"""
import argparse
import csv
import io
import os
import sqlite3
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "central"))
import inbox_env as env  # noqa: E402
from inbox_env import Client, Inbox, run  # noqa: E402

A = None
IDLE_S = 20  # the inbox's idle time-out in this test, in seconds
failures = 0
SECRET_NAME = "Zephyrine"


def check(cond, msg):
    global failures
    if not cond:
        failures += 1
        print(f"FAIL: {msg}", file=sys.stderr)


def feed(db, pub, tag, first, count):
    p = run(A.feed, db, pub, tag, first, count)
    assert p.returncode == 0, p.stderr


def add_users(config):
    for name, password in env.PASSWORDS.items():
        p = run(A.lanternctl, "inbox", "add-user", name, "--config", config, input=password + "\n")
        assert p.returncode == 0, p.stderr


def sk_hex(priv):
    p = run(A.key_dump, priv, input=env.PASSPHRASE + "\n")
    assert p.returncode == 0, p.stderr
    return bytes.fromhex(p.stdout.strip())


def test_security(base):
    cert, key = env.make_cert(base)
    pub, priv = env.keygen(A.lanternctl, base)
    db = os.path.join(base, "requests.db")
    feed(db, pub, SECRET_NAME, 1, 5)
    # A name that a spreadsheet would run as a formula.
    con = sqlite3.connect(db)
    con.close()
    config = os.path.join(base, "inbox.conf")
    os.makedirs(os.path.join(base, "data"))
    env.write_config(config, listen="127.0.0.1", port=0, cert=cert, cert_key=key, data=os.path.join(base, "data"),
                     private_key=priv, kiosk_db=db, kiosk_name="lobby")
    add_users(config)
    check(run(A.lanternctl, "inbox", "add-user", "dan", "--config", config, input="short\n").returncode == 1,
          "a short password is refused")
    log = os.path.join(base, "inbox.log")
    # The idle time-out is shortened to IDLE_S for the test, but kept well above
    # what a request and a memory probe can take on a loaded machine under
    # ASan (3 s failed there: a session timed out between two checks).
    ib = Inbox(A.inbox, config, log, env=dict(os.environ, LANTERN_TEST_IDLE_SECONDS=str(IDLE_S)))
    try:
        security_checks(ib, cert, priv, db, base)
    finally:
        code = ib.stop()
    check(code == 0, f"the inbox stops cleanly: {code}")
    server_log = ib.text()
    check(SECRET_NAME not in server_log and "2135550100" not in server_log and "(213)" not in server_log,
          "no request contents in the server log")
    check(env.PASSWORDS["ana"] not in server_log and env.PASSPHRASE not in server_log,
          "no password or passphrase in the server log")
    audit = sqlite3.connect(os.path.join(base, "data", "inbox.db")).execute(
        "SELECT group_concat(who || ' ' || action || ' ' || detail, char(10)) FROM audit").fetchone()[0]
    check(SECRET_NAME not in audit and "2135550100" not in audit, "no request contents in the audit log")
    for needed in ("signed in", "sign-in failed", "opened the staff key", "viewed new requests",
                   "recorded an outcome", "downloaded CSV", "signed out", "signed out after inactivity"):
        check(needed in audit, f"the audit log records \"{needed}\"")


def security_checks(ib, cert, priv, db, base):
    c = Client(ib.port, cert)
    # HTTPS only: a plain HTTP request to the same port gets no page.
    import http.client
    try:
        conn = http.client.HTTPConnection("127.0.0.1", ib.port, timeout=10)
        conn.request("GET", "/login")
        resp = conn.getresponse()
        body = resp.read()
        check(resp.status != 200 and b"Sign in" not in body, "plain HTTP is refused")
    except (http.client.HTTPException, ConnectionError, OSError):
        pass
    # The login page: cookie flags and headers.
    r, page = c.get("/login")
    cookie = r.getheader("Set-Cookie") or ""
    check(r.status == 200 and "HttpOnly" in cookie and "Secure" in cookie and "SameSite=Strict" in cookie,
          f"session cookie flags: {cookie}")
    csp = r.getheader("Content-Security-Policy") or ""
    check("default-src 'none'" in csp and "script-src" not in csp and "frame-ancestors 'none'" in csp,
          f"strict CSP: {csp}")
    check(r.getheader("Strict-Transport-Security") and r.getheader("X-Content-Type-Options") == "nosniff",
          "HSTS and nosniff")
    check("<script" not in page and "http://" not in page and "https://" not in page,
          "no scripts, no external assets")
    r, css = c.get("/style.css")
    check(r.status == 200 and r.getheader("Content-Type").startswith("text/css") and "url(" not in css,
          "the stylesheet is served by the inbox, with no external references")
    # A POST without the CSRF token (or with a wrong one) is refused.
    r, _ = c.post("/login", {"name": "ana", "password": env.PASSWORDS["ana"]})
    check(r.status == 403, f"login without CSRF: {r.status}")
    r, _ = c.post("/login", {"csrf": "0" * 64, "name": "ana", "password": env.PASSWORDS["ana"]})
    check(r.status == 403, f"login with a wrong CSRF token: {r.status}")
    # Wrong-password lockout: five wrong, then even the right one is refused.
    for i in range(5):
        r, page = c.login("ana", "not the password")
        check(r.status == 401, f"wrong password {i}: {r.status}")
    r, page = c.login("ana")
    check(r.status == 429 and "locked" in page, f"locked account: {r.status}")
    # Another account is not locked.
    b = Client(ib.port, cert)
    r, _ = b.login("ben")
    check(r.status == 303 and r.getheader("Location") == "/unlock", f"ben signs in: {r.status}")
    r, _ = b.get("/")
    check(r.status == 303 and r.getheader("Location") == "/unlock", "no requests before the passphrase")
    r, page = b.unlock("wrong passphrase")
    check(r.status == 401 and "does not open" in page, f"wrong passphrase: {r.status}")
    r, _ = b.unlock()
    check(r.status == 303 and r.getheader("Location") == "/", f"passphrase: {r.status}")
    r, page = b.get("/")
    check(r.status == 200 and "<title>(5) New requests" in page, "the count is in the title")
    check(page.count(f"{SECRET_NAME} ") == 5 and "(213) 555-0100" in page, "the requests are shown")
    check(page.index(f"{SECRET_NAME} 5") < page.index(f"{SECRET_NAME} 1"), "newest first")
    csrf_b = Client.csrf(page)
    # A POST from another site is refused even with the token.
    r, _ = b.post("/outcome", {"csrf": csrf_b, "id": "5", "outcome": "reached"},
                  headers={"Origin": "https://evil.example"})
    check(r.status == 403, f"cross-origin POST: {r.status}")
    # Without the token: refused, nothing changed.
    r, _ = b.post("/outcome", {"id": "5", "outcome": "reached"})
    check(r.status == 403, f"outcome without CSRF: {r.status}")
    # Another account's session cookie with this page's token: refused.
    cara = Client(ib.port, cert)
    cara.login("cara")
    cara.unlock()
    r, _ = cara.post("/outcome", {"csrf": csrf_b, "id": "5", "outcome": "reached"})
    check(r.status == 403, f"cara's cookie with ben's token: {r.status}")
    # A made-up cookie is no session.
    forged = Client(ib.port, cert)
    forged.cookie = "ab" * 32
    r, _ = forged.get("/")
    check(r.status == 303 and r.getheader("Location") == "/login", "a forged cookie leads to sign-in")
    r, page = b.get("/")
    check("<title>(5) New requests" in page, "refused POSTs changed nothing")
    # One tap: the outcome.
    r, _ = b.post("/outcome", {"csrf": csrf_b, "id": "5", "outcome": "reached"})
    check(r.status == 303, f"outcome: {r.status}")
    r, page = b.get("/")
    check("<title>(4) New requests" in page and f"{SECRET_NAME} 5" not in page, "handled leaves the new list")
    r, page = b.get("/handled")
    check(f"{SECRET_NAME} 5" in page and "Reached, by ben" in page, "handled list with who")
    check(sqlite3.connect(db).execute("SELECT status FROM requests WHERE id = 5").fetchone()[0] == "handled",
          "the kiosk's database says handled too")
    r, _ = b.post("/outcome", {"csrf": csrf_b, "id": "5", "outcome": "closed"})
    check(r.status == 200, "a second outcome is refused politely")
    # CSV: all new requests, formula-safe.
    r, body = b.post("/export.csv", {"csrf": csrf_b})
    check(r.status == 200 and r.getheader("Content-Type").startswith("text/csv") and
          "attachment" in (r.getheader("Content-Disposition") or ""), "CSV download")
    rows = list(csv.reader(io.StringIO(body)))
    check(len(rows) == 5 and rows[0][0] == "id" and SECRET_NAME in rows[1][5], f"CSV rows: {rows[:2]}")
    r, _ = b.post("/export.csv", {})
    check(r.status == 403, "CSV without CSRF")
    # Too big a form body.
    r, _ = b.request("POST", "/outcome", body="x" * 70000,
                     headers={"Content-Type": "application/x-www-form-urlencoded"})
    check(r.status in (403, 413), f"an oversized body is refused: {r.status}")
    # The audit page holds no request contents.
    r, page = b.get("/audit")
    check(r.status == 200 and SECRET_NAME not in page and "recorded an outcome" in page, "audit page")
    # The opened key is in the server's memory while ben's session is open, and gone after sign-out.
    sk = sk_hex(priv)
    check(env.memory_holds(ib.proc.pid, sk), "the opened key is in memory while a session uses it (probe works)")
    cara.post("/logout", {"csrf": Client.csrf(cara.get("/")[1])})
    r, _ = b.post("/logout", {"csrf": csrf_b})
    check(r.status == 303 and r.getheader("Location") == "/login?why=signedout", "sign out")
    check(not env.memory_holds(ib.proc.pid, sk), "the key is gone from memory after sign-out")
    r, _ = b.get("/")
    check(r.status == 303 and r.getheader("Location") == "/login", "the old cookie is no session")
    r, _ = b.post("/outcome", {"csrf": csrf_b, "id": "4", "outcome": "reached"})
    check(r.status == 403, "a signed-out session cannot post")
    # Idle time-out (IDLE_S in this test): the key is wiped without any request.
    b2 = Client(ib.port, cert)
    b2.login("ben")
    b2.unlock()
    check(env.memory_holds(ib.proc.pid, sk), "the key is back in memory for a new session")
    deadline = time.monotonic() + IDLE_S + 60
    while time.monotonic() < deadline and env.memory_holds(ib.proc.pid, sk):
        time.sleep(0.5)
    check(not env.memory_holds(ib.proc.pid, sk), "the key is wiped at the idle time-out")
    r, _ = b2.get("/")
    check(r.status == 303 and r.getheader("Location").startswith("/login"), "timed out: sign in again")
    # Methods other than GET and POST.
    r, _ = b2.request("DELETE", "/")
    check(r.status == 405, f"DELETE: {r.status}")


def test_central(base):
    from pg import Postgres
    with Postgres() as pg:
        conn = pg.createdb("central")
        assert run(A.lanternctl, "central", "init", "--pg", conn).returncode == 0
        # The inbox connects as a role with only the grants deploy/README.md gives it.
        pg.psql("CREATE ROLE lantern_inbox LOGIN; GRANT SELECT ON lantern_meta TO lantern_inbox;"
                "GRANT SELECT, INSERT, UPDATE ON kiosks, requests TO lantern_inbox;"
                "GRANT SELECT, INSERT ON audit TO lantern_inbox;"
                "GRANT USAGE ON SEQUENCE requests_id_seq, audit_id_seq TO lantern_inbox;", "central")
        inbox_conn = conn.replace(f"user={pg.user}", "user=lantern_inbox")
        cert, key = env.make_cert(base)
        pub, priv = env.keygen(A.lanternctl, base)
        # A kiosk with no network: its requests go by USB.
        kiosk_db = os.path.join(base, "kiosk.db")
        feed(kiosk_db, pub, SECRET_NAME, 1, 7)
        usb = os.path.join(base, "usb")
        os.makedirs(usb)
        p = run(A.lanternctl, "handoff", "--db", kiosk_db, "--kiosk", "annex-1", "--out", usb)
        check(p.returncode == 0 and "wrote 7 requests" in p.stdout, f"handoff: {p.stdout} {p.stderr}")
        files = [f for f in os.listdir(usb) if not f.startswith(".")]
        check(len(files) == 1 and files[0].startswith("lantern-requests-annex-1-"), f"one file: {files}")
        data = open(os.path.join(usb, files[0]), "rb").read()
        check(SECRET_NAME.encode() not in data, "the USB file holds only sealed records")
        p = run(A.lanternctl, "outbox", "status", "--db", kiosk_db)
        check("waiting: 0" in p.stdout and "last USB hand-off: never" not in p.stdout, f"status: {p.stdout}")
        p = run(A.lanternctl, "handoff", "--db", kiosk_db, "--kiosk", "annex-1", "--out", usb)
        check(p.returncode == 0 and "nothing was written" in p.stdout, "a second hand-off writes nothing")
        config = os.path.join(base, "inbox.conf")
        os.makedirs(os.path.join(base, "data"))
        env.write_config(config, listen="127.0.0.1", port=0, cert=cert, cert_key=key,
                         data=os.path.join(base, "data"), private_key=priv, pg=inbox_conn)
        add_users(config)
        ib = Inbox(A.inbox, config, os.path.join(base, "inbox.log"))
        try:
            c = Client(ib.port, cert)
            c.login("ana")
            c.unlock()
            r, page = c.get("/")
            check("<title>(0) New requests" in page, "empty at first")
            r, page = c.upload(data)
            check(r.status == 200 and "7 requests, 7 of them new" in page, f"upload: {r.status}")
            r, page = c.upload(data)
            check(r.status == 200 and "7 requests, 0 of them new" in page, "the same file twice adds nothing")
            damaged = data.replace(b" 1 ", b" 2 ", 1)
            r, page = c.upload(damaged)
            check(r.status == 400 and "damaged" in page, f"a changed file is refused: {r.status}")
            r, page = c.upload(data[: len(data) // 2])
            check(r.status == 400, "half a file is refused")
            r, page = c.get("/")
            check("<title>(7) New requests" in page and page.count(f"{SECRET_NAME} ") == 7 and "annex-1" in page,
                  "the uploaded requests are listed, with their kiosk")
            csrf = Client.csrf(page)
            import re
            first_id = re.search(r'name="id" value="(\d+)"', page).group(1)
            r, _ = c.post("/outcome", {"csrf": csrf, "id": first_id, "outcome": "left_message"})
            check(r.status == 303, "outcome over PostgreSQL")
            check(pg.psql("SELECT outcome || ' ' || outcome_by FROM requests WHERE status = 'handled'", "central")
                  == "left_message ana", "the outcome and who are in PostgreSQL")
            check(pg.psql("SELECT count(*) FROM requests WHERE via = 'usb'", "central") == "7", "via usb")
            audit = pg.psql("SELECT string_agg(action || ' ' || detail, ';') FROM audit", "central")
            check("uploaded a kiosk file" in audit and SECRET_NAME not in audit, f"central audit: {audit}")
            r, body = c.post("/export.csv", {"csrf": csrf})
            check(r.status == 200 and body.count(SECRET_NAME) == 6, "CSV over PostgreSQL")
        finally:
            check(ib.stop() == 0, "the inbox stops cleanly")
        check(SECRET_NAME not in ib.text(), "no request contents in the server log")


def main():
    global A
    ap = argparse.ArgumentParser()
    for opt in ("--lanternctl", "--inbox", "--feed", "--key-dump"):
        ap.add_argument(opt, required=True)
    ap.add_argument("mode", choices=["security", "central"])
    A = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="lantern-inbox-") as base:
        {"security": test_security, "central": test_central}[A.mode](base)
    if failures:
        print(f"{A.mode}: {failures} check(s) failed", file=sys.stderr)
        return 1
    print(f"{A.mode}: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
