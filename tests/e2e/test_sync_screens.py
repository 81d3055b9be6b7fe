"""The Sinkronisasi screens and the operator's language (issue 15, items 8 and 9): the status
says Terhubung when the server answers, the NPSN is prefilled, the Lembar Konfirmasi is
grouped with "Centang semua", the receipt is printable with the school's header and no
technical words, the computer is the operator's again after a sync, and no Lembar is made
while the server cannot be reached."""

from __future__ import annotations

import re

import openpyxl
import pytest
from playwright.sync_api import expect

from pyapp.core.generator import generate
from tests.e2e.test_data_entry import _ready_with_sample
from tests.e2e.steps import as_principal, open_lembar, register_school
from tests.harness import ServerProcess

pytestmark = pytest.mark.e2e

TANGGAL = re.compile(r"\b\d{1,2} (Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|"
                     r"Oktober|November|Desember) \d{4}\b")
TECHNICAL = ("Pyodide", "mesin Python", "sha256", "Hash", "20251", "20252")


def _no_technical_words(page):
    text = page.locator("body").inner_text()
    found = [w for w in TECHNICAL if w in text]
    assert found == [], found


def test_sync_screens_speak_plainly(browser, tmp_path):
    env = {"PYAPP_DATABASE_URL": f"sqlite:///{tmp_path / 'proxy.sqlite3'}"}
    snap, _ = generate("small", seed=1)
    npsn = snap.school.npsn
    kode = register_school(env, npsn, snap.school.nama)
    srv = ServerProcess(env=env)
    ctx = browser.new_context(viewport={"width": 1366, "height": 768})
    try:
        page = ctx.new_page()
        page.on("dialog", lambda d: d.accept())
        _ready_with_sample(page, srv.url)
        _no_technical_words(page)
        page.get_by_test_id("nav-rombel").click()
        expect(page.locator("[data-testid^=row-]").first).to_contain_text("2025/2026")
        _no_technical_words(page)
        page.get_by_test_id("nav-sinkronisasi").click()
        status = page.get_by_test_id("sync-status")
        expect(status).to_have_attribute("data-state", "online", timeout=30_000)
        expect(status).to_contain_text("Terhubung ke server")
        expect(page.get_by_test_id("reg-npsn")).to_have_value(npsn)  # prefilled
        page.get_by_test_id("reg-kode").fill(kode)
        page.get_by_test_id("btn-daftar").click()
        expect(page.get_by_test_id("sync-pending")).to_be_visible(timeout=30_000)
        expect(status).to_contain_text("Terhubung ke server")
        as_principal(page, kode)
        items = open_lembar(page)
        assert page.locator("[data-testid=lembar-konfirmasi] fieldset legend").count() >= 4
        # The Lembar as an Excel file (issue 15, item 12): the items on screen, one per row.
        with page.expect_download(timeout=120_000) as dl:
            page.get_by_test_id("btn-unduh-excel").click()
        dl.value.save_as(tmp_path / "lembar.xlsx")
        sheet = openpyxl.load_workbook(tmp_path / "lembar.xlsx")["Lembar Konfirmasi"]
        on_screen = [t.split(": ")[0] for t in
                     page.locator("[data-testid=lembar-konfirmasi] label").all_inner_texts()]
        in_file = [r[1] for r in sheet.iter_rows(values_only=True) if r[1] and r[1] != "Data"]
        assert in_file == on_screen and len(in_file) == items.count()
        confirm = page.get_by_test_id("btn-konfirmasi")
        expect(confirm).to_be_disabled()
        page.get_by_test_id("konfirmasi-semua").check()
        assert all(items.nth(i).is_checked() for i in range(items.count()))
        expect(confirm).to_be_enabled()
        confirm.click()
        statement = page.get_by_test_id("persetujuan")
        expect(statement).to_contain_text("bertanda tangan di bawah ini")
        assert len(TANGGAL.findall(statement.inner_text())) >= 2, statement.inner_text()
        page.get_by_test_id("btn-lanjutkan").click()
        receipt = page.get_by_test_id("sync-receipt")
        expect(receipt).to_be_visible(timeout=120_000)
        expect(receipt.get_by_test_id("receipt-title")).to_have_text("Sinkronisasi berhasil")
        expect(receipt.get_by_test_id("receipt-school")).to_contain_text(snap.school.nama)
        expect(receipt.get_by_test_id("receipt-school")).to_contain_text(npsn)
        assert TANGGAL.search(receipt.inner_text())
        expect(receipt.get_by_test_id("btn-cetak-tanda-terima")).to_be_visible()
        expect(page.get_by_test_id("btn-coba-sekarang")).to_be_hidden()
        # The principal's part ends with the receipt.
        expect(page.get_by_test_id("acting-user")).to_have_text("Operator")
        _no_technical_words(page)
        # Printing the receipt prints the receipt, not the whole page.
        page.emulate_media(media="print")
        assert page.get_by_test_id("sync-history").is_hidden()
        assert receipt.is_visible()
        page.emulate_media(media="screen")
        # Without the server: no Lembar, and the reason.
        srv.stop()
        page.get_by_test_id("btn-sinkronisasi").click()
        refused = page.get_by_test_id("sync-refused")
        expect(refused).to_contain_text("tidak terjangkau", timeout=30_000)
        expect(page.get_by_test_id("konfirmasi-item")).to_have_count(0)
    finally:
        ctx.close()
        srv.stop()
