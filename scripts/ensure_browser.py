"""Make sure a system Chromium exists for the browser tests.

`playwright install` cannot download browsers on this machine kind, so the tests drive
Debian's `chromium` package. Where none is found and we run as root, install it with apt.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys


def main() -> int:
    if shutil.which("chromium") or shutil.which("chromium-browser"):
        return 0
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        print("browser: Chromium not found. Install your distribution's `chromium` package.",
              file=sys.stderr)
        return 1
    print("browser: installing Debian's chromium (apt-get)…", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], check=True, env=env)
    return 0 if shutil.which("chromium") else 1


if __name__ == "__main__":
    sys.exit(main())
