"""`make bench`: print the benchmark figures as one JSON object.

Each figure names its conditions in the "conditions" entry. Browser figures are medians of
RUNS fresh browser processes against a local server (Chromium headless, 127.0.0.1).
Later issues add their figures by adding a function to BENCHES.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.harness import (  # noqa: E402
    ServerProcess, chromium_path, launch_chromium, mark_ms, wait_engine, wait_sw_controlling,
)

RUNS = int(os.environ.get("BENCH_RUNS", "3"))


def _median(values: list[float]) -> float:
    return round(statistics.median(values), 1)


def bench_shell() -> dict:
    """Cold load (fresh browser, empty cache) then an offline restart on the warm cache."""
    shell, ready, offline, transferred, requests = [], [], [], [], []
    with ServerProcess() as srv, sync_playwright() as p:
        for _ in range(RUNS):
            browser = launch_chromium(p)
            ctx = browser.new_context()
            sizes: list[int] = []
            urls: list[str] = []

            def done(req) -> None:  # type: ignore[no-untyped-def]
                urls.append(req.url)
                try:
                    s = req.sizes()
                    sizes.append(s["responseBodySize"] + s["responseHeadersSize"])
                except Exception:  # noqa: BLE001 - a request without a response
                    pass

            ctx.on("requestfinished", done)
            page = ctx.new_page()
            page.goto(srv.url + "/")
            if wait_engine(page) != "ready":
                raise SystemExit("bench: engine failed to start")
            shell.append(mark_ms(page, "pyapp-shell"))
            ready.append(mark_ms(page, "pyapp-engine-ready"))
            wait_sw_controlling(page)
            page.wait_for_timeout(500)
            transferred.append(sum(sizes))
            requests.append(len(urls))
            ctx.set_offline(True)
            page.reload()
            if wait_engine(page) != "ready":
                raise SystemExit("bench: engine failed to start offline")
            offline.append(mark_ms(page, "pyapp-engine-ready"))
            ctx.close()
            browser.close()
    return {
        "first_visit_bytes": int(statistics.median(transferred)),
        "first_visit_requests": int(statistics.median(requests)),
        "shell_ms": _median(shell),
        "engine_ready_ms": _median(ready),
        "engine_ready_offline_ms": _median(offline),
    }


BENCHES = [bench_shell]


def main() -> int:
    started = time.time()
    out: dict = {}
    for bench in BENCHES:
        out.update(bench())
    out["runs"] = RUNS
    out["conditions"] = {
        "browser": f"Chromium headless ({chromium_path()})",
        "server": "python -m pyapp serve on 127.0.0.1 (no throttling)",
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "note": "browser figures are medians over fresh browser processes; "
                "first_visit_bytes counts the cold load plus the service worker's precache "
                "revalidation",
        "wall_s": round(time.time() - started, 1),
    }
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
