"""Start-up figures of the app shell (issue 2)."""

from __future__ import annotations

import json
import os
import statistics
import time

from playwright.sync_api import sync_playwright

from tests.harness import ServerProcess, launch_chromium, mark_ms, wait_engine, wait_sw_controlling

RUNS = int(os.environ.get("BENCH_RUNS", "3"))


def _median(values: list[float]) -> float:
    return round(statistics.median(values), 1)


def run() -> dict:
    """Cold load (fresh browser, empty cache) then an offline restart on the warm cache."""
    shell, ready, offline, transferred, requests = [], [], [], [], []
    cache_hits: list[str] = []
    timings: dict[str, list[float]] = {}
    offline_timings: dict[str, list[float]] = {}
    snapshots: list[str] = []
    with ServerProcess() as srv, sync_playwright() as p:
        for _ in range(RUNS):
            browser = launch_chromium(p)
            ctx = browser.new_context()
            finished: list = []
            # Sizes are asked for after the timed part: asking during the load (a round trip
            # to the browser per request) slowed the very start-up being measured.
            ctx.on("requestfinished", lambda req, finished=finished: finished.append(req))
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
            # A second visit comes after the memory snapshot was made (pyodide-loader.mjs).
            made = _wait_snapshot(page)
            for key in ("snapshot_make_ms", "snapshot_bytes"):
                if key in made:
                    timings.setdefault(key, []).append(float(made[key]))
            ctx.set_offline(True)
            logs.clear()
            page.reload()
            if wait_engine(page) != "ready":
                raise SystemExit("bench: engine failed to start offline")
            offline.append(mark_ms(page, "pyapp-engine-ready"))
            snapshots.append(str(_loader(page).get("snapshot")))
            _collect_engine_timings(page, logs, offline_timings)
            if not cache_hits:
                cache_hits.extend(_wasm_cache_hits(browser, page))
            ctx.close()
            browser.close()
    return {
        "first_visit_bytes": int(statistics.median(transferred)),
        "first_visit_requests": int(statistics.median(requests)),
        "shell_ms": _median(shell),
        "engine_ready_ms": _median(ready),
        "engine_ready_offline_ms": _median(offline),
        # Compiled wasm V8 took from its code cache on another offline start (first run,
        # traced apart from the timed starts): the modules compiled by
        # WebAssembly.instantiateStreaming from a stable URL, served by the service worker.
        "wasm_cache_hits_offline": sorted(cache_hits),
        # Where the cold start goes (medians): when boot.py was fetched (page clock), then the
        # worker's own clock at loadPyodide start/end, at boot.py and the app's import time.
        "engine_phases_ms": {k: _median(v) for k, v in timings.items()},
        # The offline starts: from the Pyodide memory snapshot when it says "restored".
        "engine_phases_offline_ms": {k: _median(v) for k, v in offline_timings.items()},
        "snapshot_offline": snapshots,
    }


def _loader(page) -> dict:  # type: ignore[no-untyped-def]
    """The engine worker's loader timings (globalThis.pyappLoaderTimings)."""
    for worker in page.workers:
        try:
            found = json.loads(worker.evaluate(
                "() => JSON.stringify(globalThis.pyappLoaderTimings || null)") or "null")
        except Exception:  # noqa: BLE001 - a worker that just ended
            continue
        if found and "load_start_ms" in found:
            return dict(found)
    return {}


def _wait_snapshot(page, timeout_s: float = 120) -> dict:  # type: ignore[no-untyped-def]
    """Wait until the loader has made (or failed to make) its memory snapshot."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        state = _loader(page)
        if state.get("snapshot") == "made" or str(state.get("snapshot", "")).startswith(
                ("failed", "unavailable")):
            return state
        page.wait_for_timeout(250)
    return _loader(page)


def _wasm_cache_hits(browser, page) -> list[str]:  # type: ignore[no-untyped-def]
    """Reload once more (offline) under Chromium's trace; the URLs of the `v8.wasm.moduleCacheHit`
    events (one per wasm module V8 did not have to compile)."""
    browser.start_tracing(page=page, categories=["disabled-by-default-devtools.timeline",
                                                 "devtools.timeline", "v8.wasm"])
    page.reload()
    state = wait_engine(page)
    events = json.loads(browser.stop_tracing())["traceEvents"]
    if state != "ready":
        raise SystemExit("bench: engine failed to start offline (traced)")
    out = []
    for e in events:
        if e.get("name") == "v8.wasm.moduleCacheHit":
            url = str((e.get("args") or {}).get("url") or (e.get("args") or {}).get("data", {}))
            out.append(url.rsplit("/", 1)[-1] or "?")
    return out


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
                if isinstance(value, (int, float)):
                    into.setdefault(key, []).append(float(value))
    created = page.evaluate("""() => {
        const r = performance.getEntriesByType('resource').find(e => e.name.endsWith('/boot.py'));
        return r ? r.startTime : null; }""")
    if created is not None:
        into.setdefault("page_fetched_boot_py", []).append(float(created))


