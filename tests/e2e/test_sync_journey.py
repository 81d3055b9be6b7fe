"""Sinkronisasi as a school does it (issue 7), against a real proxy process: register, see sync
refused, fix it, switch to the principal, confirm, agree, sync, receipt; then a second
computer registers and its prefill equals what the first one sent. The whole journey runs
under the server's Content-Security-Policy and fails on any violation (issue 12)."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from pyapp.core.generator import generate
from tests.e2e.csp import CspWatch
from tests.e2e.steps import as_principal, open_lembar, register_device, register_school
from tests.e2e.test_data_entry import _ready_with_sample
from tests.harness import ServerProcess, wait_engine

pytestmark = pytest.mark.e2e


def _export(page, tmp_path, name):
    page.get_by_test_id("nav-pengaturan").click()
    with page.expect_download() as dl:
        page.get_by_test_id("btn-ekspor").click()
    path = tmp_path / name
    dl.value.save_as(path)
    recs = json.loads(path.read_text())["records"]
    return {t: sorted((r["id"], r.get("nama")) for r in rows if not r.get("deleted"))
            for t, rows in recs.items() if rows}


def test_the_fourteen_steps_then_a_second_computer(browser, tmp_path):
    env = {"PYAPP_DATABASE_URL": f"sqlite:///{tmp_path / 'proxy.sqlite3'}"}
    snap, _ = generate("small", seed=1)
    npsn = snap.school.npsn
    kode = register_school(env, npsn, snap.school.nama)
    with ServerProcess(env=env) as srv:
        ctx = browser.new_context(accept_downloads=True)
        csp = CspWatch(ctx)
        page = ctx.new_page()
        page.on("dialog", lambda d: d.accept())
        with page.expect_response(srv.url + "/") as first_doc:
            _ready_with_sample(page, srv.url)
        policy = first_doc.value.headers["content-security-policy"]
        assert "script-src 'self' 'wasm-unsafe-eval' 'unsafe-eval';" in policy
        assert "style-src 'self';" in policy and "frame-ancestors 'none'" in policy
        register_device(page, npsn, kode)
        expect(page.get_by_test_id("sync-status")).to_have_attribute("data-state", "online",
                                                                     timeout=30_000)
        expect(page.get_by_test_id("acting-user")).to_have_text("Operator")
        # The operator may not send.
        page.get_by_test_id("btn-sinkronisasi").click()
        expect(page.get_by_test_id("sync-refused")).to_contain_text("Kepala Sekolah")
        # An invalid record: a new PD in no rombel.
        page.get_by_test_id("nav-peserta-didik").click()
        page.get_by_test_id("btn-new").click()
        page.get_by_test_id("field-nama").fill("Budi Tanpa Rombel")
        page.get_by_test_id("btn-save").click()
        expect(page.get_by_test_id("save-status")).to_have_text(re.compile(r"^Tersimpan, tetapi \d+ isian invalid\.$"))
        # Pengaturan → Ubah Akses Pengguna: the Kepala Sekolah, with the kode registrasi.
        as_principal(page, kode)
        # Sync is refused while anything is invalid.
        page.get_by_test_id("nav-sinkronisasi").click()
        page.get_by_test_id("btn-sinkronisasi").click()
        expect(page.get_by_test_id("sync-refused")).to_contain_text("invalid")
        # Fix every invalid finding (here: remove the stray PD), then validate again.
        page.get_by_test_id("nav-validasi").click()
        page.get_by_test_id("finding").filter(has_text="Budi Tanpa Rombel").first.get_by_role(
            "link").click()
        page.get_by_test_id("btn-delete").click()
        expect(page.get_by_test_id("tab-peserta-didik")).to_be_visible()  # deleted, back to the list
        page.get_by_test_id("nav-validasi").click()
        expect(page.get_by_test_id("validasi-status")).to_contain_text("Tidak ada data invalid")
        # Lembar Konfirmasi: every item ticked before Konfirmasi is possible.
        items = open_lembar(page)
        count = items.count()
        assert count >= 6
        for i in range(count - 1):
            items.nth(i).check()
        expect(page.get_by_test_id("btn-konfirmasi")).to_be_disabled()
        items.nth(count - 1).check()
        page.get_by_test_id("btn-konfirmasi").click()
        expect(page.get_by_test_id("persetujuan")).to_be_visible()
        page.get_by_test_id("btn-lanjutkan").click()
        receipt = page.get_by_test_id("sync-receipt")
        expect(receipt).to_be_visible(timeout=120_000)
        expect(page.get_by_test_id("sync-progress")).to_have_attribute("data-phase", "selesai")
        first = _export(page, tmp_path, "pertama.json")
        assert csp.violations() == []
        ctx.close()

        # A second computer: registers, is offered the prefill, gets the same school.
        ctx2 = browser.new_context(accept_downloads=True)
        csp2 = CspWatch(ctx2)
        page2 = ctx2.new_page()
        page2.goto(srv.url + "/")
        assert wait_engine(page2) == "ready"
        register_device(page2, npsn, kode)
        page2.get_by_test_id("btn-prefill").click()
        expect(page2.get_by_test_id("chart-pd")).to_be_visible(timeout=120_000)
        second = _export(page2, tmp_path, "kedua.json")
        assert csp2.violations() == []
        ctx2.close()
    assert second == first
