"""Real parts for the tests and the benchmark: a server process on a free port, and Debian's
Chromium driven by Playwright (`playwright install` cannot download browsers here)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def chromium_path() -> str:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    raise RuntimeError("Chromium not found on PATH; run `make browser` (installs Debian's chromium)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ServerProcess:
    """`python -m pyapp serve` as a subprocess; stderr is dumped if it fails to start."""

    def __init__(self, port: int | None = None, env: dict[str, str] | None = None,
                 args: list[str] | None = None) -> None:
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        fd, self._log_path = tempfile.mkstemp(prefix="pyapp-server-", suffix=".log")
        full_env = {**os.environ, **(env or {})}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "pyapp", "serve", "--port", str(self.port),
             "--log-level", "warning", *(args or [])],
            cwd=ROOT, env=full_env, stdout=fd, stderr=subprocess.STDOUT,
        )
        os.close(fd)
        self._wait_ready()

    def _wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                break
            try:
                with urllib.request.urlopen(self.url + "/api/health", timeout=1) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"server did not start on {self.url}:\n{self.log()}")

    def log(self) -> str:
        return Path(self._log_path).read_text(errors="replace")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def __enter__(self) -> "ServerProcess":
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def launch_chromium(playwright):  # type: ignore[no-untyped-def]
    return playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)


ENGINE_SETTLED = ('[data-testid=engine-status][data-state=ready], '
                  '[data-testid=engine-status][data-state=error]')


def wait_engine(page, timeout_ms: int = 90_000) -> str:  # type: ignore[no-untyped-def]
    """Wait until the engine is ready or failed; return the state."""
    page.wait_for_selector(ENGINE_SETTLED, state="attached", timeout=timeout_ms)
    return str(page.get_attribute("[data-testid=engine-status]", "data-state"))


def wait_sw_controlling(page, timeout_ms: int = 60_000) -> None:  # type: ignore[no-untyped-def]
    """Wait until the service worker has precached everything and controls the page."""
    page.wait_for_function(
        "navigator.serviceWorker && navigator.serviceWorker.controller !== null",
        timeout=timeout_ms)


def mark_ms(page, name: str) -> float:  # type: ignore[no-untyped-def]
    return float(page.evaluate(
        "(n) => { const e = performance.getEntriesByName(n); return e.length ? e[0].startTime : -1 }",
        name))
