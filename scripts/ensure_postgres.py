"""Make sure a PostgreSQL server binary exists for the proxy's PostgreSQL tests.

The tests start their own throwaway server (tests/pg.py) with Debian's `postgresql` package.
Where none is found and we run as root, install it with apt (the cluster it creates is not
used; the tests initdb their own in a temp dir).
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys


def found() -> bool:
    return bool(glob.glob("/usr/lib/postgresql/*/bin/initdb") or shutil.which("initdb"))


def main() -> int:
    if found():
        return 0
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        print("postgres: PostgreSQL not found. Install your distribution's `postgresql` package.",
              file=sys.stderr)
        return 1
    print("postgres: installing Debian's postgresql (apt-get)…", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", "postgresql"],
                   check=True, env=env)
    return 0 if found() else 1


if __name__ == "__main__":
    sys.exit(main())
