"""Start-up figures of the app shell (issue 2)."""

from __future__ import annotations

import json
import os
import statistics

from playwright.sync_api import sync_playwright

from tests.harness import ServerProcess, launch_chromium, mark_ms, wait_engine, wait_sw_controlling

RUNS = int(os.environ.get("BENCH_RUNS", "3"))


def _median(values: list[float]) -> float:
    return round(statistics.median(values), 1)


def run() -> dict:
    """Cold load (fresh browser, empty cache) then an offline restart on the warm cache."""
    shell, ready, offline, transferred, requests = [], [], [], [], []
    timings: dict[str, list[float]] = {}
    with ServerProcess() as srv, sync_playwright() as p:
        for _ in range(RUNS):
            browser = launch_chromium(p)
            ctx = browser.new_context()
            finished: list = []
            # Sizes are asked for after the timed part: asking during the load (a round trip
            # to the browser per request) slowed the very start-up being measured.
            ctx.on("requestfinished", finished.append)
            page = ctx.new_page()
            logs: list[str] = []
            page.on("console", lambda m, logs=logs: logs.append(m.text))
            page.goto(srv.url + "/")
            if wait_engine(page) != "ready":
                raise SystemExit("bench: engine failed to start")
            shell.append(mark_ms(page, "pyapp-shell"))
            ready.append(mark_ms(page, "pyapp-engine-ready"))
            _collect_engine_timings(page, logs, timings)
            wait_sw_controlling(page)
            page.wait_for_timeout(500)
            transferred.append(sum(_size(req) for req in list(finished)))
            requests.append(len(finished))
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
        # Where the cold start goes (medians): when boot.py was fetched (page clock), then the
        # worker's own clock at loadPyodide start/end, at boot.py and the app's import time.
        "engine_phases_ms": {k: _median(v) for k, v in timings.items()},
    }


def _size(req) -> int:  # type: ignore[no-untyped-def]
    try:
        s = req.sizes()
        return int(s["responseBodySize"] + s["responseHeadersSize"])
    except Exception:  # noqa: BLE001 - a request without a response
        return 0


def _collect_engine_timings(page, logs: list[str], into: dict[str, list[float]]) -> None:  # type: ignore[no-untyped-def]
    for line in logs:
        if line.startswith("engine timings "):
            for key, value in json.loads(line.split(" ", 2)[2]).items():
                into.setdefault(key, []).append(float(value))
    created = page.evaluate("""() => {
        const r = performance.getEntriesByType('resource').find(e => e.name.endsWith('/boot.py'));
        return r ? r.startTime : null; }""")
    if created is not None:
        into.setdefault("page_fetched_boot_py", []).append(float(created))


