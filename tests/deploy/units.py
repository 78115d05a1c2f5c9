#!/usr/bin/env python3
"""The systemd units, read as files (no root, no systemd needed):

- lantern.service, which holds what visitors type, never gets the network:
  PrivateNetwork=yes and no IP address family (AF_UNIX, plus AF_NETLINK for
  udev's device events, which is not a network).
- lantern-outbox.service and lantern-inbox.service run as their own users
  with the kiosk's hardening, minus only the network (AF_INET, AF_INET6) and
  the kiosk's display, tty and devices, which they never had.

  units.py DEPLOY_DIR
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Checks  # noqa: E402

c = Checks("units")


def read_unit(path):
    values = {}
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if not line or line.startswith(("#", ";", "[")) or "=" not in line:
            continue
        key, value = line.split("=", 1)
        values.setdefault(key.strip(), []).append(value.strip())
    return values


# What every service holding or passing request data keeps.
HARDENING = {
    "NoNewPrivileges": "yes", "ProtectSystem": "strict", "ProtectHome": "yes", "PrivateTmp": "yes",
    "CapabilityBoundingSet": "", "AmbientCapabilities": "", "RestrictSUIDSGID": "yes",
    "ProtectKernelTunables": "yes", "ProtectKernelModules": "yes", "ProtectKernelLogs": "yes",
    "ProtectControlGroups": "yes", "ProtectHostname": "yes", "ProtectProc": "invisible",
    "LockPersonality": "yes", "RestrictRealtime": "yes", "RestrictNamespaces": "yes",
    "SystemCallArchitectures": "native", "SystemCallErrorNumber": "EPERM",
}
IP = {"AF_INET", "AF_INET6", "AF_PACKET"}


def families(u):
    return set(" ".join(u.get("RestrictAddressFamilies", [])).split())


def main():
    d = os.path.join(sys.argv[1], "systemd")
    kiosk = read_unit(os.path.join(d, "lantern.service"))
    c.check(kiosk.get("PrivateNetwork") == ["yes"], "lantern.service: PrivateNetwork=yes")
    fam = families(kiosk)
    c.check("AF_UNIX" in fam and not fam & IP and fam <= {"AF_UNIX", "AF_NETLINK"},
            f"lantern.service: AF_UNIX (and AF_NETLINK for udev) only, no IP family ({sorted(fam)})")
    for key, value in HARDENING.items():
        c.check(kiosk.get(key) == [value], f"lantern.service: {key}={value}")
    for name, user in (("lantern-outbox.service", "lantern-outbox"), ("lantern-inbox.service", "lantern-inbox")):
        u = read_unit(os.path.join(d, name))
        c.check(u.get("User") == [user] and u.get("Group") == [user], f"{name}: runs as {user}")
        c.check(u.get("SupplementaryGroups") == ["lantern"], f"{name}: in group lantern (requests.db) only")
        for key, value in HARDENING.items():
            c.check(u.get(key) == [value], f"{name}: {key}={value} as in lantern.service ({u.get(key)})")
        c.check(u.get("PrivateDevices") == ["yes"], f"{name}: no devices")
        c.check("PrivateNetwork" not in u, f"{name}: has the network it exists for")
        c.check(families(u) == {"AF_UNIX", "AF_INET", "AF_INET6"}, f"{name}: AF_UNIX, AF_INET, AF_INET6 only")
        filters = u.get("SystemCallFilter", [])
        c.check("@system-service" in filters and any(f.startswith("~@privileged") for f in filters),
                f"{name}: system-call filter like the kiosk's")
        c.check(u.get("Type") == ["notify"] and u.get("WatchdogSec") and u.get("Restart") == ["always"],
                f"{name}: sd_notify watchdog and restart")
        c.check(not any(k.startswith("TTY") or k == "PAMName" for k in u), f"{name}: no tty, no PAM session")
        c.check(u.get("LimitCORE") == ["0"], f"{name}: no core dumps")
        c.check("/etc/lantern/" in u.get("ExecStart", [""])[0] and u.get("ConditionPathExists"),
                f"{name}: starts only once its config exists")
    return c.finish()


if __name__ == "__main__":
    sys.exit(main())
