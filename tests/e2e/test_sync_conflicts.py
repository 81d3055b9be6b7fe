"""Conflicts are never reported as success and can be resolved (issue 15, item 2): two
computers edit the same pupil; the browser's push comes back with a conflict, shown by the
record's name field by field; the operator keeps the server's name and this computer's
address, and the next sync sends that choice."""

from __future__ import annotations

import types
from concurrent.futures import ThreadPoolExecutor

import pytest
from playwright.sync_api import expect

from pyapp.core.generator import generate
from tests.e2e.test_data_entry import _ready_with_sample
from tests.e2e.steps import register_device, register_school, sync
from tests.engine.sync_support import Device
from tests.harness import ServerProcess

pytestmark = pytest.mark.e2e


def _elsewhere(work):
    """Run the other computer's engine (asyncio) outside Playwright's event loop."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(work).result(timeout=300)


def _edit_pd(page, name: str, **values: str) -> None:
    page.get_by_test_id("nav-peserta-didik").click()
    page.get_by_test_id("search").fill(name)
    page.get_by_role("link", name=name).first.click()
    for field, value in values.items():
        page.get_by_test_id("field-" + field).fill(value)
    page.get_by_test_id("btn-save").click()
    expect(page.get_by_test_id("save-status")).to_contain_text("Tersimpan")


def test_a_conflict_is_shown_field_by_field_and_resolved(browser, tmp_path):
    env = {"PYAPP_DATABASE_URL": f"sqlite:///{tmp_path / 'proxy.sqlite3'}"}
    snap, _ = generate("small", seed=1)
    npsn = snap.school.npsn
    kode = register_school(env, npsn, snap.school.nama)
    with ServerProcess(env=env) as srv:
        ctx = browser.new_context(viewport={"width": 1366, "height": 768})
        page = ctx.new_page()
        page.on("dialog", lambda d: d.accept())
        _ready_with_sample(page, srv.url)
        register_device(page, npsn, kode)
        expect(page.get_by_test_id("sync-pending")).to_be_visible(timeout=30_000)  # registered
        expect(sync(page, kode).get_by_test_id("receipt-title")).to_have_text("Sinkronisasi berhasil")

        # Another computer edits the first pupil and sends it first.
        def other_sends():
            other = Device(types.SimpleNamespace(url=srv.url))
            other.register(npsn, kode)
            assert other.call("prefill")["ok"]
            pd = min((r for r in other.svc.data["peserta_didik"].values() if not r.deleted),
                     key=lambda r: r.nama)
            other.as_principal(kode)
            assert other.call("save", {"type": "peserta_didik", "record": {
                "id": pd.id, "nama": "Nama Dari Server"}})["ok"]
            assert other.sync_all()["phase"] == "selesai"
            return other, pd

        other, pd = _elsewhere(other_sends)

        # This computer edits the same pupil, then syncs: not "berhasil", one conflict left.
        _edit_pd(page, pd.nama, nama="Nama Dari Sini", alamat_jalan="Jl. Dari Sini 7")
        receipt = sync(page, kode)
        expect(receipt.get_by_test_id("receipt-title")).to_contain_text("1 konflik")
        expect(receipt).not_to_contain_text("berhasil")
        card = page.get_by_test_id("konflik")
        expect(card).to_be_visible()
        record = card.get_by_test_id("konflik-" + pd.id)
        expect(record.locator("h3")).to_contain_text("Nama Dari Sini")
        nama = record.get_by_test_id("konflik-isian-nama")
        expect(nama).to_contain_text("Nama Dari Sini")
        expect(nama).to_contain_text("Nama Dari Server")
        expect(record.get_by_test_id("konflik-isian-alamat_jalan")).to_contain_text("Jl. Dari Sini 7")
        # Keep the server's name and this computer's address, then send the choice.
        record.get_by_test_id("pilih-server-nama").check()
        record.get_by_test_id("konflik-pilihan-" + pd.id).click()
        expect(record).to_have_attribute("data-resolved", "true")
        expect(card).to_have_attribute("data-remaining", "0")
        receipt = sync(page, kode)
        expect(receipt.get_by_test_id("receipt-title")).to_have_text("Sinkronisasi berhasil")
        expect(page.get_by_test_id("konflik")).to_be_hidden()
        ctx.close()
        # The other computer pulls the choice: the server's name, this computer's address.
        assert _elsewhere(lambda: other.call("tarik_data"))["ok"]
        mine = other.svc.data["peserta_didik"][pd.id]
        assert (mine.nama, mine.alamat_jalan) == ("Nama Dari Server", "Jl. Dari Sini 7")
