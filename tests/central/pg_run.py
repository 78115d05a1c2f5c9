#!/usr/bin/env python3
"""Runs a command against a fresh PostgreSQL (pg.py): every argument
"{conninfo}" becomes the connection string of a new empty database.

  pg_run.py COMMAND [ARGS...]
"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pg import Postgres  # noqa: E402

with Postgres() as pg:
    conninfo = pg.createdb("lantern_test")
    args = [conninfo if a == "{conninfo}" else a for a in sys.argv[1:]]
    sys.exit(subprocess.run(args).returncode)
