#!/usr/bin/env python3
"""lantern-outbox and the central schema against a real PostgreSQL (pg.py).

  outbox_test.py --lanternctl L --outbox O --feed F --verify V MODE

schema  lanternctl central init: created, idempotent, a newer schema refused
        (by init and by the outbox), a database with no schema refused
push    requests reach the central database sealed and decryptable; delivery
        state and health; the config must be owner-only; retention wipes
        delivered requests and never a waiting one
twice   the same batch delivered twice (the local mark lost after COMMIT) adds
        nothing; the kiosk killed mid-submission loses nothing it stored
tls     with a CA in the config: verify-full (another CA, a host name the
        certificate does not name, and no TLS are all refused; nothing marked)
watchdog  sd_notify: READY, WATCHDOG pings while idle and while backing off,
        no busy loop, STOPPING at SIGTERM
faults  three kiosks x 1,000 submissions, their outboxes SIGKILLed at random
        moments and PostgreSQL stopped and restarted mid-push: exactly 3,000
        rows centrally, no duplicates, every one opened with the private key
"""
import argparse
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pg import Postgres  # noqa: E402

A = None
failures = 0


def check(cond, msg):
    global failures
    if not cond:
        failures += 1
        print(f"FAIL: {msg}", file=sys.stderr)


def run(*cmd, input=None):
    return subprocess.run([str(c) for c in cmd], capture_output=True, text=True, input=input)


PASSPHRASE = "outbox test passphrase\n"


def keygen(base):
    keys = os.path.join(base, "keys")
    p = run(A.lanternctl, "keygen", "--out", keys, input=PASSPHRASE * 2)
    assert p.returncode == 0, p.stderr
    return os.path.join(keys, "lantern-public.key"), os.path.join(keys, "lantern-private.key")


def feed(db, pub, tag, first, count):
    p = run(A.feed, db, pub, tag, first, count)
    assert p.returncode == 0, p.stderr


def write_config(path, db, kiosk, conninfo, mode=0o600, **extra):
    lines = [f"db = {db}", f"kiosk_id = {kiosk}", f"pg = {conninfo}", "poll_seconds = 1",
             "backoff_max_seconds = 2"] + [f"{k} = {v}" for k, v in extra.items()]
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "w") as f:
        f.write("\n".join(lines) + "\n")
    os.chmod(path, mode)


def outbox_once(config):
    return run(A.outbox, "--config", config, "--once")


def verify(conninfo, priv):
    p = run(A.verify, conninfo, priv, input=PASSPHRASE)
    rows = [line.split("\t") for line in p.stdout.splitlines()]
    return p.returncode, p.stderr, rows


def local(db, sql):
    con = sqlite3.connect(db, timeout=10)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def init(pg, conninfo):
    p = run(A.lanternctl, "central", "init", "--pg", conninfo)
    assert p.returncode == 0, p.stderr
    return p


def test_schema(pg, base):
    conn = pg.createdb("central")
    p = run(A.lanternctl, "central", "init", "--pg", conn)
    check(p.returncode == 0 and "created (version 1)" in p.stdout, f"init: {p.stdout} {p.stderr}")
    tables = pg.psql("SELECT string_agg(tablename, ' ' ORDER BY tablename) FROM pg_tables WHERE schemaname='public'",
                     "central")
    check(tables == "audit kiosks lantern_meta requests", f"tables: {tables}")
    cols = pg.psql("SELECT string_agg(column_name, ' ' ORDER BY ordinal_position) FROM information_schema.columns "
                   "WHERE table_name='requests'", "central")
    check(cols == "id kiosk record_id format sealed created_at received_at via status outcome outcome_by outcome_at",
          f"columns: {cols}")
    before = pg.psql("SELECT md5(string_agg(column_name || data_type, ',' ORDER BY table_name, column_name)) "
                     "FROM information_schema.columns WHERE table_schema='public'", "central")
    p = run(A.lanternctl, "central", "init", "--pg", conn)
    check(p.returncode == 0 and "nothing changed" in p.stdout, f"second init: {p.stdout} {p.stderr}")
    after = pg.psql("SELECT md5(string_agg(column_name || data_type, ',' ORDER BY table_name, column_name)) "
                    "FROM information_schema.columns WHERE table_schema='public'", "central")
    check(before == after, "a second init changed the schema")
    check(pg.psql("SELECT count(*) FROM lantern_meta", "central") == "1", "lantern_meta has one row")
    # A newer schema: refused by init (and left alone) and by the outbox.
    pg.psql("UPDATE lantern_meta SET value = '99' WHERE key = 'schema_version'", "central")
    p = run(A.lanternctl, "central", "init", "--pg", conn)
    check(p.returncode == 1 and "schema version is 99, newer than this program knows (1)" in p.stderr,
          f"newer schema: {p.returncode} {p.stderr}")
    check(pg.psql("SELECT value FROM lantern_meta", "central") == "99", "init changed a newer schema")
    pub, _ = keygen(base)
    db = os.path.join(base, "kiosk.db")
    feed(db, pub, "s", 1, 3)
    cfg = os.path.join(base, "outbox.conf")
    write_config(cfg, db, "lobby-1", conn)
    p = outbox_once(cfg)
    check(p.returncode == 1 and "schema version is 99" in p.stderr, f"outbox on a newer schema: {p.stderr}")
    # A database with no schema: the outbox says what to run.
    empty = pg.createdb("empty")
    write_config(cfg, db, "lobby-1", empty)
    p = outbox_once(cfg)
    check(p.returncode == 1 and "central init" in p.stderr, f"outbox on no schema: {p.stderr}")
    check(local(db, "SELECT count(*) FROM delivery")[0][0] == 0, "nothing may be marked delivered on a failure")
    # Bad usage.
    check(run(A.lanternctl, "central", "init").returncode == 2, "init without --pg")
    check(run(A.lanternctl, "central", "frob").returncode == 2, "unknown central command")
    # Unreachable server: a clear error, status 1.
    p = run(A.lanternctl, "central", "init", "--pg", f"host={base}/nowhere dbname=x connect_timeout=2")
    check(p.returncode == 1 and "cannot connect" in p.stderr, f"unreachable: {p.stderr}")


KIOSK_GRANTS = """CREATE ROLE {r} LOGIN;
GRANT SELECT ON lantern_meta TO {r};
GRANT SELECT, INSERT, UPDATE ON kiosks TO {r};
GRANT INSERT, SELECT (kiosk, record_id) ON requests TO {r};
GRANT USAGE ON SEQUENCE requests_id_seq TO {r};"""


def test_push(pg, base):
    conn = pg.createdb("central")
    init(pg, conn)
    # The outbox connects as a role with only the grants deploy/README.md gives a kiosk.
    pg.psql(KIOSK_GRANTS.format(r="kiosk_lobby_1"), "central")
    admin = conn
    conn = conn.replace(f"user={pg.user}", "user=kiosk_lobby_1")
    check(pg.psql("SELECT count(*) FROM information_schema.role_table_grants WHERE grantee = 'kiosk_lobby_1' "
                  "AND table_name = 'requests' AND privilege_type IN ('SELECT', 'UPDATE', 'DELETE')",
                  "central") == "0", "the kiosk role cannot read or change requests (only two columns)")
    check(subprocess.run([os.path.join(pg.bin, "psql"), "-X", "-At", "-d", conn, "-c", "SELECT sealed FROM requests"],
                         capture_output=True, text=True).returncode != 0, "the kiosk role cannot read sealed bytes")
    pub, priv = keygen(base)
    db = os.path.join(base, "kiosk.db")
    feed(db, pub, "a", 1, 250)
    cfg = os.path.join(base, "outbox.conf")
    # Connection settings readable by others: refused before anything is read.
    write_config(cfg, db, "lobby-1", conn, mode=0o644, batch=40)
    p = outbox_once(cfg)
    check(p.returncode == 1 and "chmod 600" in p.stderr, f"0644 config: {p.stderr}")
    write_config(cfg, db, "lobby-1", conn, batch=40)
    p = outbox_once(cfg)
    check(p.returncode == 0, f"push: {p.stderr}")
    check(p.stderr.count("pushed 40 requests") == 6 and "pushed 10 requests" in p.stderr,
          "batches of 40: 6 full and one of 10")
    check("Feed" not in p.stderr, "the outbox log holds no request contents")
    rc, err, rows = verify(admin, priv)
    check(rc == 0 and "rows 250 distinct 250 opened 250 failed 0" in err, f"verify: {err}")
    names = sorted(r[2] for r in rows)
    check(names == sorted(f"Feed a {i}" for i in range(1, 251)), "every name arrived once")
    check(all(r[0] == "lobby-1" for r in rows), "kiosk id")
    check(pg.psql("SELECT count(*) FROM requests WHERE via = 'outbox' AND status = 'new'", "central") == "250",
          "status new, via outbox")
    # The server holds only sealed bytes.
    check(pg.psql("SELECT count(*) FROM requests WHERE position('Feed'::bytea IN sealed) > 0", "central") == "0",
          "no plain text centrally")
    check(pg.psql("SELECT last_push IS NOT NULL FROM kiosks WHERE id = 'lobby-1'", "central") == "t", "last_push")
    p = run(A.lanternctl, "outbox", "status", "--db", db)
    check(p.returncode == 0 and "waiting: 0" in p.stdout and "last push: never" not in p.stdout,
          f"status: {p.stdout} {p.stderr}")
    # Retention: delivered long ago are wiped, a waiting one never (even with the server down).
    feed(db, pub, "b", 1, 5)
    con = sqlite3.connect(db)
    con.execute("UPDATE delivery SET at = at - 8 * 86400")
    con.commit()
    con.close()
    pg.stop()
    p = outbox_once(cfg)
    check(p.returncode == 1 and "wiped 250 requests" in p.stderr, f"retention: {p.stderr}")
    left = local(db, "SELECT count(*) FROM requests")[0][0]
    check(left == 5, f"the 5 waiting requests stay: {left}")
    p = run(A.lanternctl, "outbox", "status", "--db", db)
    check("waiting: 5" in p.stdout, f"status while down: {p.stdout}")
    pg.start()
    p = outbox_once(cfg)
    check(p.returncode == 0, f"push after restart: {p.stderr}")
    rc, err, _ = verify(admin, priv)
    check("rows 255 distinct 255 opened 255" in err, f"verify after restart: {err}")
    # A request id is never reused after a wipe (the central key is kiosk + record id).
    ids = local(db, "SELECT max(id) FROM requests")[0][0]
    check(ids == 255, f"ids continue after the wipe: {ids}")


def test_twice(pg, base):
    conn = pg.createdb("central")
    init(pg, conn)
    pub, priv = keygen(base)
    db = os.path.join(base, "kiosk.db")
    feed(db, pub, "t", 1, 100)
    cfg = os.path.join(base, "outbox.conf")
    write_config(cfg, db, "lobby-2", conn)
    check(outbox_once(cfg).returncode == 0, "first push")
    # The COMMIT happened but the local mark was lost (power cut between the two).
    con = sqlite3.connect(db)
    con.execute("DELETE FROM delivery")
    con.commit()
    con.close()
    p = outbox_once(cfg)
    check(p.returncode == 0 and "(0 new centrally)" in p.stderr, f"second push: {p.stderr}")
    rc, err, _ = verify(conn, priv)
    check("rows 100 distinct 100 opened 100" in err, f"same batch twice: {err}")
    check(local(db, "SELECT count(*) FROM delivery")[0][0] == 100, "marked delivered again")
    # The kiosk killed mid-submission: what it stored is delivered, nothing else appears.
    proc = subprocess.Popen([A.feed, db, pub, "k", "1", "100000"], stdout=subprocess.DEVNULL)
    while local(db, "SELECT count(*) FROM requests")[0][0] < 300:
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    stored = local(db, "SELECT count(*) FROM requests")[0][0]
    check(outbox_once(cfg).returncode == 0, "push after the kiosk was killed")
    rc, err, _ = verify(conn, priv)
    check(f"rows {stored} distinct {stored} opened {stored} failed 0" in err, f"after kill: {stored} {err}")


def test_tls(pg, base):
    """With a CA in the config the outbox verifies the server (verify-full)."""
    admin = pg.createdb("central")
    init(pg, admin)
    pub, priv = keygen(base)
    db = os.path.join(base, "kiosk.db")
    feed(db, pub, "tls", 1, 20)
    cfg = os.path.join(base, "outbox.conf")
    good = f"host=localhost port={pg.port} user={pg.user} dbname=central"
    # The conninfo asks for no TLS at all; the configured CA wins: verify-full.
    write_config(cfg, db, "tls-kiosk", good + " sslmode=disable", ca=pg.ca)
    p = outbox_once(cfg)
    check(p.returncode == 0 and "pushed 20 requests" in p.stderr, f"verify-full with the right CA: {p.stderr}")
    feed(db, pub, "tls", 21, 5)
    # A certificate from another CA: refused, nothing marked.
    write_config(cfg, db, "tls-kiosk", good, ca=pg.other_ca)
    p = outbox_once(cfg)
    check(p.returncode == 1 and "certificate verify failed" in p.stderr, f"another CA: {p.stderr}")
    # The right CA but a host name the certificate does not name.
    write_config(cfg, db, "tls-kiosk", good.replace("host=localhost", "host=127.0.0.1"), ca=pg.ca)
    p = outbox_once(cfg)
    check(p.returncode == 1 and "does not match host name" in p.stderr, f"wrong host name: {p.stderr}")
    # Without TLS the server refuses (pg_hba.conf), and the request waits.
    write_config(cfg, db, "tls-kiosk", good + " sslmode=disable")
    p = outbox_once(cfg)
    check(p.returncode == 1, "no TLS: refused")
    check(local(db, "SELECT count(*) FROM delivery")[0][0] == 20, "only the verified push marked anything")
    write_config(cfg, db, "tls-kiosk", good, ca=pg.ca)
    check(outbox_once(cfg).returncode == 0, "the waiting ones go once the settings are right")
    rc, err, _ = verify(admin, priv)
    check("rows 25 distinct 25 opened 25" in err, f"verify: {err}")
    # An unreadable CA file: a clear error at start.
    write_config(cfg, db, "tls-kiosk", good, ca=os.path.join(base, "missing-ca.crt"))
    p = outbox_once(cfg)
    check(p.returncode == 1 and "missing-ca.crt: cannot read" in p.stderr, f"missing CA: {p.stderr}")


def test_watchdog(pg, base):
    """Under systemd's watchdog protocol (this test plays systemd, as
    tests/deploy/watchdog.py does for the kiosk): READY=1, then WATCHDOG=1
    at least every half interval while the outbox waits for new requests and
    while it backs off from a server that is down; it never spins; SIGTERM
    stops it with STOPPING=1 and status 0."""
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "deploy"))
    from common import NotifyListener
    conn = pg.createdb("central")
    init(pg, conn)
    pub, priv = keygen(base)
    db = os.path.join(base, "kiosk.db")
    feed(db, pub, "w", 1, 10)
    cfg = os.path.join(base, "outbox.conf")
    write_config(cfg, db, "wd-kiosk", conn)
    listener = NotifyListener(os.path.join(base, "notify.sock"))
    env = dict(os.environ, NOTIFY_SOCKET=listener.path, WATCHDOG_USEC="2000000")
    log = open(os.path.join(base, "outbox.log"), "w")
    proc = subprocess.Popen([A.outbox, "--config", cfg], stderr=log, env=env)
    try:
        ready = listener.wait_for("READY", "1", 20)
        check(ready is not None, "READY=1")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and local(db, "SELECT count(*) FROM delivery")[0][0] < 10:
            listener.drain(0.2)
        check(local(db, "SELECT count(*) FROM delivery")[0][0] == 10, "delivered while under the watchdog")
        # Idle (nothing waiting), then backing off (the server down, requests waiting).
        phases = []
        for phase in ("idle", "backing off"):
            if phase == "backing off":
                pg.stop("immediate")
                feed(db, pub, "w", 11, 5)
            start = time.monotonic()
            cpu_before = sum(int(x) for x in open(f"/proc/{proc.pid}/stat").read().rsplit(")", 1)[1].split()[11:13])
            while time.monotonic() - start < 4:
                listener.drain(0.2)
            cpu_after = sum(int(x) for x in open(f"/proc/{proc.pid}/stat").read().rsplit(")", 1)[1].split()[11:13])
            pings = listener.times("WATCHDOG", "1", since=start)
            gaps = [b - a for a, b in zip([start] + pings, pings)]
            check(len(pings) >= 3 and max(gaps) <= 1.6, f"{phase}: WATCHDOG=1 every half interval ({gaps})")
            ticks = os.sysconf("SC_CLK_TCK")
            check((cpu_after - cpu_before) / ticks < 0.5, f"{phase}: no busy loop "
                  f"({(cpu_after - cpu_before) / ticks:.2f} s of CPU in 4 s)")
            phases.append(len(pings))
        pg.start()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and local(db, "SELECT count(*) FROM delivery")[0][0] < 15:
            listener.drain(0.2)
        check(local(db, "SELECT count(*) FROM delivery")[0][0] == 15, "delivered once the server is back")
        proc.send_signal(signal.SIGTERM)
        check(proc.wait(timeout=20) == 0, "SIGTERM: status 0")
        check(listener.wait_for("STOPPING", "1", 5) is not None, "STOPPING=1")
    finally:
        if proc.poll() is None:
            proc.kill()
        log.close()
        listener.close()
    check("retry" in open(os.path.join(base, "outbox.log")).read(), "the back-off is in the log")


def test_faults(pg, base):
    conn = pg.createdb("central")
    init(pg, conn)
    pub, priv = keygen(base)
    rng = random.Random(int(os.environ.get("LANTERN_TEST_SEED", "10")))
    kiosks = []
    for k in range(3):
        db = os.path.join(base, f"kiosk{k}.db")
        cfg = os.path.join(base, f"outbox{k}.conf")
        write_config(cfg, db, f"kiosk-{k}", conn, batch=rng.choice([7, 50, 100]))
        feed(db, pub, f"k{k}", 0, 1)  # the kiosk creates its database before the outbox starts
        kiosks.append({"db": db, "cfg": cfg, "log": open(os.path.join(base, f"outbox{k}.log"), "w")})

    def start(k):
        k["proc"] = subprocess.Popen([A.outbox, "--config", k["cfg"]], stdout=k["log"], stderr=k["log"])

    for k in kiosks:
        start(k)
    # 1,000 submissions per kiosk in 20 rounds of parallel feeders; in each
    # round one outbox is SIGKILLed at a random moment and restarted, and
    # PostgreSQL goes down (as in a crash) for rounds 5 to 12 while the
    # outboxes keep pushing.
    kills = 0
    for chunk in range(20):
        first = 1 + chunk * 50
        count = min(50, 1000 - first)
        feeders = [subprocess.Popen([A.feed, k["db"], pub, f"k{i}", str(first), str(count)],
                                    stdout=subprocess.DEVNULL) for i, k in enumerate(kiosks)]
        time.sleep(rng.uniform(0.0, 0.08))
        k = rng.choice(kiosks)
        k["proc"].send_signal(signal.SIGKILL)
        k["proc"].wait()
        kills += 1
        start(k)
        for f in feeders:
            check(f.wait() == 0, "a feeder failed")
        if chunk == 5:
            time.sleep(0.3)
            pg.stop("immediate")
        elif chunk == 12:
            time.sleep(2.5)  # long enough for every outbox to have tried and backed off at least once
            pg.start()
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        waiting = [local(k["db"], "SELECT count(*) FROM requests r WHERE NOT EXISTS "
                                  "(SELECT 1 FROM delivery d WHERE d.id = r.id)")[0][0] for k in kiosks]
        if sum(waiting) == 0:
            break
        time.sleep(0.2)
    check(sum(waiting) == 0, f"still waiting: {waiting}")
    for k in kiosks:
        k["proc"].send_signal(signal.SIGTERM)
        check(k["proc"].wait(timeout=30) == 0, "the outbox stops cleanly on SIGTERM")
        k["log"].close()
    rc, err, rows = verify(conn, priv)
    check(rc == 0 and "rows 3000 distinct 3000 opened 3000 failed 0" in err, f"verify: {err}")
    expected = sorted(f"kiosk-{i}\tFeed k{i} {n}" for i in range(3) for n in range(1000))
    check(sorted(f"{r[0]}\t{r[2]}" for r in rows) == expected, "every request of every kiosk arrived once")
    logs = "".join(open(os.path.join(base, f"outbox{i}.log")).read() for i in range(3))
    check("retry" in logs, "the outboxes saw the server go away and retried")
    check("Feed" not in logs, "no request contents in the outbox logs")
    print(f"faults: {kills} SIGKILLs of an outbox, PostgreSQL stopped once mid-push", file=sys.stderr)


def main():
    global A
    ap = argparse.ArgumentParser()
    ap.add_argument("--lanternctl", required=True)
    ap.add_argument("--outbox", required=True)
    ap.add_argument("--feed", required=True)
    ap.add_argument("--verify", required=True)
    ap.add_argument("mode", choices=["schema", "push", "twice", "faults", "tls", "watchdog"])
    A = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="lantern-outbox-") as base, Postgres(tls=A.mode == "tls") as pg:
        {"schema": test_schema, "push": test_push, "twice": test_twice, "faults": test_faults,
         "tls": test_tls, "watchdog": test_watchdog}[A.mode](pg, base)
    if failures:
        print(f"{A.mode}: {failures} check(s) failed", file=sys.stderr)
        return 1
    print(f"{A.mode}: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
