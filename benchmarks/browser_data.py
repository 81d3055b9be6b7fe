"""Browser figures on the large preset (issues 3, 4 and 6), as the UI sees them.

One fresh Chromium: restore the large snapshot (made in CPython) through Pengaturan, reopen
the app on the PD list (`idb_load_large_ms`: engine ready to the first page, which does not
wait for Validasi Lokal; `idb_load_large_validated_ms`: to its final counts), page through
it, edit and save one PD.
"""

from __future__ import annotations

import json
import statistics
import tempfile
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

from pyapp.core.generator import generate
from pyapp.core.snapshot import dump_snapshot
from benchmarks.shell import _wait_snapshot
from tests.harness import ServerProcess, launch_chromium, mark_ms, wait_engine

PAGES = 5
SAVES = 3


def _marks(page, start: str, end: str) -> list[float]:  # type: ignore[no-untyped-def]
    return page.evaluate(
        """([s, e]) => { const a = performance.getEntriesByName(s), b = performance.getEntriesByName(e);
             return b.map((x, i) => x.startTime - a[i].startTime); }""", [start, end])


def run() -> dict:
    snap, _ = generate("large", seed=1)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sekolah-besar.json"
        path.write_text(dump_snapshot(snap))
        with ServerProcess() as srv, sync_playwright() as p:
            browser = launch_chromium(p)
            ctx = browser.new_context(viewport={"width": 1366, "height": 768})
            page = ctx.new_page()
            page.goto(srv.url + "/#/pengaturan")
            assert wait_engine(page) == "ready"
            page.get_by_test_id("file-pulihkan").set_input_files(str(path))
            status = page.get_by_test_id("backup-status")
            expect(status).to_contain_text("dipulihkan", timeout=300_000)
            restore_ms = json.loads(status.get_attribute("data-ms") or "{}")
            # A returning user's start restores the Pyodide memory snapshot; without one, the
            # loader makes it a few seconds in, in another worker, during the open measured.
            _wait_snapshot(page)
            # Reopen on the PD list: engine start, IndexedDB load, validation, first page.
            page.goto(srv.url + "/#/tab/peserta-didik")
            boots: list[str] = []  # the engine's start-up timings the UI logs (ui/main.py)
            page.on("console", lambda m: boots.append(m.text[len("engine timings "):])
                    if m.text.startswith("engine timings ") else None)
            page.reload()
            assert wait_engine(page) == "ready"
            expect(page.locator("[data-testid^=row-]").first).to_be_visible(timeout=120_000)
            page.wait_for_function("performance.getEntriesByName('pyapp-list-shown').length > 0")
            idb_load = mark_ms(page, "pyapp-list-shown") - mark_ms(page, "pyapp-engine-ready")
            # Validasi Lokal follows the first page (a deferred open): its counts are final at
            # the pyapp-validated mark.
            page.wait_for_function("performance.getEntriesByName('pyapp-validated').length > 0",
                                   timeout=120_000)
            validated = mark_ms(page, "pyapp-validated") - mark_ms(page, "pyapp-engine-ready")
            # Where the time to the first page goes, as the UI saw it (first of each mark).
            idb_marks = page.evaluate(
                """() => { const t0 = performance.getEntriesByName('pyapp-engine-ready')[0].startTime;
                     const out = {};
                     for (const n of ['types-start', 'open-start', 'open-done', 'list-call', 'list-reply', 'list-shown']) {
                       const e = performance.getEntriesByName('pyapp-' + n)[0];
                       if (e) out[n] = Math.round(e.startTime - t0); }
                     return out; }""")
            read_ahead = page.locator("body").get_attribute("data-read-ahead") == "true"
            open_ms = json.loads(page.locator("body").get_attribute("data-open-ms") or "{}")
            events = json.loads(page.locator("body").get_attribute("data-open-events") or "[]")
            for i in range(PAGES):
                page.get_by_test_id("page-next").click()
                page.wait_for_function(
                    f"performance.getEntriesByName('pyapp-page-done').length > {i}")
            pages = _marks(page, "pyapp-page-start", "pyapp-page-done")
            page.locator("[data-testid^=row-]").first.click()
            saves, revalidate = [], []
            for i in range(SAVES):
                page.get_by_test_id("field-nama").fill(f"Nama Uji Kinerja {i}")
                page.get_by_test_id("btn-save").click()
                page.wait_for_function(
                    f"performance.getEntriesByName('pyapp-save-done').length > {i}")
                expect(page.get_by_test_id("save-status")).to_have_text("Tersimpan.")
                ms = json.loads(page.get_by_test_id("save-status").get_attribute("data-ms") or "{}")
                revalidate.append(float(ms.get("validate", 0)))
            saves = _marks(page, "pyapp-save-start", "pyapp-save-done")
            browser.close()
    return {
        "load_large_browser_ms": round(float(restore_ms.get("parse", -1)), 1),
        "restore_large_browser_ms": round(float(restore_ms.get("total", -1)), 1),
        # The validation's own work in the worker (indexing, rules); `_wall_ms` also counts
        # the wait for the region list and the calls served between its steps.
        "validate_large_browser_ms": round(float(open_ms.get("validate", -1)), 1),
        "validate_large_browser_wall_ms": round(float(open_ms.get("validate_wall", -1)), 1),
        "idb_load_large_ms": round(idb_load, 1),
        "idb_load_large_validated_ms": round(validated, 1),
        "idb_open_large_events": {e["event"]: e["ms"] for e in events},
        "idb_load_large_marks_ms": idb_marks,
        "idb_load_large_read_ahead": read_ahead,
        # whether that start restored the Pyodide snapshot (else one is made meanwhile)
        "idb_load_large_snapshot": (json.loads(boots[-1]) if boots else {}).get("snapshot"),
        "idb_open_large_engine_ms": open_ms,
        "list_page_ms": round(statistics.median(pages), 1),
        "idb_save_one_ms": round(statistics.median(saves), 1),
        "revalidate_one_ms": round(statistics.median(revalidate), 2),
    }
