"""Sinkronisasi as the UI sees it (issue 7): the large school's first full sync and a one-PD
delta, from clicking "Lanjutkan Sinkronisasi" to the receipt, against a local proxy process.
Bytes are the request bodies the page and its worker sent to /api/ during each sync."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

from pyapp.core.generator import generate
from pyapp.core.snapshot import dump_snapshot
from tests.e2e.steps import as_principal, open_lembar
from tests.harness import ServerProcess, launch_chromium, wait_engine


def _sync(page, sent: list[int]) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    page.get_by_test_id("nav-beranda").click()
    items = open_lembar(page, timeout=120_000)
    for i in range(items.count()):
        items.nth(i).check()
    page.get_by_test_id("btn-konfirmasi").click()
    sent.clear()
    t0 = time.perf_counter()
    page.get_by_test_id("btn-lanjutkan").click()
    expect(page.get_by_test_id("sync-receipt")).to_be_visible(timeout=600_000)
    return (time.perf_counter() - t0) * 1000, sum(sent)


def run() -> dict:
    snap, _ = generate("large", seed=1)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sekolah-besar.json"
        path.write_text(dump_snapshot(snap))
        env = {"PYAPP_DATABASE_URL": f"sqlite:///{Path(tmp) / 'proxy.sqlite3'}"}
        out = subprocess.run([sys.executable, "-m", "pyapp", "proxy", "register-school",
                              snap.school.npsn, "--name", snap.school.nama],
                             env={**os.environ, **env}, capture_output=True, text=True, check=True)
        kode = out.stdout.strip().splitlines()[-1]
        with ServerProcess(env=env) as srv, sync_playwright() as p:
            browser = launch_chromium(p)
            ctx = browser.new_context(viewport={"width": 1366, "height": 768})
            sent: list[int] = []

            def on_request(req) -> None:  # type: ignore[no-untyped-def]
                if "/api/" in req.url and req.method in ("POST", "PUT"):
                    sent.append(len(req.post_data_buffer or b""))

            ctx.on("request", on_request)
            page = ctx.new_page()
            page.goto(srv.url + "/#/pengaturan")
            assert wait_engine(page) == "ready"
            page.get_by_test_id("file-pulihkan").set_input_files(str(path))
            expect(page.get_by_test_id("backup-status")).to_contain_text("dipulihkan",
                                                                         timeout=300_000)
            page.get_by_test_id("nav-sinkronisasi").click()
            page.get_by_test_id("reg-npsn").fill(snap.school.npsn)
            page.get_by_test_id("reg-kode").fill(kode)
            page.get_by_test_id("btn-daftar").click()
            expect(page.get_by_test_id("btn-sinkronisasi")).to_be_visible(timeout=60_000)
            as_principal(page, kode)
            full_ms, full_bytes = _sync(page, sent)
            page.get_by_test_id("nav-peserta-didik").click()
            page.locator("[data-testid^=row-]").first.click()
            page.get_by_test_id("field-nama").fill("Nama Diubah Untuk Delta")
            page.get_by_test_id("btn-save").click()
            expect(page.get_by_test_id("save-status")).to_have_text("Tersimpan.")
            as_principal(page, kode)  # after a sync the computer is back in the operator's hands
            delta_ms, delta_bytes = _sync(page, sent)
            browser.close()
    return {
        "sync_full_large_ui_ms": round(full_ms, 1),
        "sync_full_large_ui_bytes": full_bytes,
        "sync_delta_one_ui_ms": round(delta_ms, 1),
        "sync_delta_one_ui_bytes": delta_bytes,
    }
