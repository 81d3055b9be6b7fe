"""An offline start restores the Pyodide memory snapshot made after the first visit
(static/pyodide-loader.mjs, static/pyodide-snapshot.mjs), and the engine restored from it
works: it opens, validates and saves the school stored on the first visit."""

from __future__ import annotations

import json
import time

import pytest
from playwright.sync_api import expect

from tests.harness import ServerProcess, wait_engine, wait_sw_controlling

pytestmark = pytest.mark.e2e


def _loader(page):  # type: ignore[no-untyped-def]
    """What the engine worker's loader says it did (pyappLoaderTimings)."""
    for worker in page.workers:
        try:
            text = worker.evaluate("() => JSON.stringify(globalThis.pyappLoaderTimings || null)")
        except Exception:  # noqa: BLE001 - the page's other worker (the snapshot maker)
            continue
        found = json.loads(text or "null")
        if found and "load_start_ms" in found:
            return found
    return {}


def test_offline_start_restores_the_snapshot_and_the_engine_works(browser):
    srv = ServerProcess()
    ctx = browser.new_context()
    try:
        page = ctx.new_page()
        page.goto(srv.url + "/")
        assert wait_engine(page) == "ready"
        wait_sw_controlling(page)
        page.get_by_test_id("sample-errors").select_option("10")
        page.get_by_test_id("btn-muat-contoh").click()
        expect(page.get_by_test_id("status-validasi")).to_be_visible(timeout=120_000)
        deadline = time.monotonic() + 90
        while _loader(page).get("snapshot") != "made" and time.monotonic() < deadline:
            assert not str(_loader(page).get("snapshot", "")).startswith("failed"), _loader(page)
            page.wait_for_timeout(500)
        assert _loader(page).get("snapshot") == "made", _loader(page)
        srv.stop()
        ctx.set_offline(True)
        page.reload()
        assert wait_engine(page) == "ready"
        assert _loader(page)["snapshot"] == "restored"
        # the restored interpreter runs the engine: the school opens, validates and saves
        expect(page.get_by_test_id("validation-status")).to_have_attribute(
            "data-state", "done", timeout=120_000)
        page.get_by_test_id("nav-peserta-didik").click()
        page.locator("[data-testid^=row-]").first.click()
        page.get_by_test_id("field-nama").fill("Nama Dari Snapshot")
        page.get_by_test_id("btn-save").click()
        expect(page.get_by_test_id("save-status")).to_contain_text("Tersimpan")
    finally:
        ctx.close()
        srv.stop()
