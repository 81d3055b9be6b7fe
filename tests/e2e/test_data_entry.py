"""Offline data entry, as a new operator would do it (issue 6), in one real Chromium."""

from __future__ import annotations

import json
import re
import shutil
import tempfile

import pytest
from playwright.sync_api import expect

from tests.harness import CHROMIUM_FLAGS, ServerProcess, chromium_path, wait_engine, wait_sw_controlling

pytestmark = pytest.mark.e2e

GOOD_NIK = "3273015501100003"  # Bandung, 15-01-2010, perempuan (+40), serial 0003


def _count(page, testid: str) -> int:
    return int(page.get_by_test_id(testid).inner_text())


def _ready_with_sample(page, url: str, preset: str = "small", errors: str = "0",
                       timeout: float = 120_000) -> None:
    page.goto(url + "/")
    assert wait_engine(page) == "ready"
    page.get_by_test_id("nav-pengaturan").click()
    page.get_by_test_id("sample-preset").first.select_option(preset)
    page.get_by_test_id("sample-errors").first.select_option(errors)
    page.get_by_test_id("btn-muat-contoh").first.click()
    expect(page.get_by_test_id("beranda")).to_be_visible(timeout=timeout)
    expect(page.get_by_test_id("chart-pd")).to_be_visible(timeout=60_000)


@pytest.fixture(scope="module")
def app(browser, server):
    ctx = browser.new_context(viewport={"width": 1366, "height": 768}, locale="id-ID",
                              accept_downloads=True)
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: d.accept())
    _ready_with_sample(page, server.url)
    yield page
    ctx.close()
    assert errors == [], errors


def test_add_pd_with_invalid_nik_then_fix_it(app):
    page = app
    page.get_by_test_id("nav-validasi").click()
    expect(page.get_by_test_id("validasi-peserta-didik-invalid")).to_be_visible()
    before = _count(page, "validasi-peserta-didik-invalid")
    page.get_by_test_id("nav-peserta-didik").click()
    page.get_by_test_id("btn-new").click()
    page.get_by_test_id("field-nama").fill("Siti Rahmawati")
    page.get_by_test_id("field-jenis_kelamin").select_option("P")
    page.get_by_test_id("field-tanggal_lahir").fill("2010-01-15")
    page.get_by_test_id("field-nik").fill("32730155011")  # too short
    page.get_by_test_id("btn-save").click()
    error = page.get_by_test_id("error-nik")
    expect(error).to_contain_text("16")
    page.get_by_test_id("field-nik").fill(GOOD_NIK)
    page.get_by_test_id("field-nama_ibu_kandung").fill("Aminah")
    page.get_by_test_id("btn-save").click()
    # Saved, but a new PD is in no rombel yet: the status says so next to the button.
    expect(page.get_by_test_id("save-status")).to_have_text(re.compile(r"^Tersimpan, tetapi \d+ isian invalid\.$"))
    expect(page.get_by_test_id("error-nik")).to_be_empty()
    # A new PD is in no rombel yet: Validasi Lokal counts it at once.
    page.get_by_test_id("nav-validasi").click()
    expect(page.get_by_test_id("validasi-peserta-didik-invalid")).not_to_have_text(str(before))
    assert _count(page, "validasi-peserta-didik-invalid") > before
    findings = page.get_by_test_id("finding")
    expect(findings.first).to_be_visible()
    expect(page.get_by_text("Siti Rahmawati").first).to_be_visible()


def test_name_with_markup_is_shown_as_text(app):
    page = app
    hostile = "<img src=x onerror=alert(1)>"
    page.get_by_test_id("nav-peserta-didik").click()
    page.get_by_test_id("btn-new").click()
    page.get_by_test_id("field-nama").fill(hostile)
    page.get_by_test_id("btn-save").click()
    expect(page.get_by_test_id("save-status")).to_contain_text("Tersimpan")
    page.get_by_test_id("nav-peserta-didik").click()
    page.get_by_test_id("search").fill("onerror")
    row_link = page.get_by_role("link", name=hostile)
    expect(row_link).to_be_visible()
    assert page.locator("#main img").count() == 0


def test_edit_rombel_members(app):
    page = app
    page.get_by_test_id("nav-rombel").click()
    page.locator("[data-testid^=row-]").first.click()
    card = page.get_by_test_id("anggota-rombel")
    expect(card).to_be_visible()
    heading = card.locator("h2")
    n = int(re.search(r"\((\d+)\)", heading.inner_text()).group(1))
    # Remove one member, then add a PD, then move one to another rombel.
    card.locator("[data-testid^=btn-keluarkan-]").first.click()
    expect(heading).to_have_text(f"Anggota rombel ({n - 1})")
    pick = card.get_by_test_id("tambah-pd")
    # The picker offers a few PD at once; the search narrows them (by name or NISN).
    offered = pick.locator("option")
    expect(offered.nth(1)).to_be_attached()
    assert offered.count() <= 21
    label = offered.nth(1).inner_text()
    card.get_by_test_id("cari-pd").fill(label[:12])
    expect(pick.locator("option", has_text=label)).to_have_count(1)
    pick.select_option(label=label)
    card.get_by_test_id("btn-tambah-anggota").click()
    expect(heading).to_have_text(f"Anggota rombel ({n})")
    expect(card.get_by_role("link", name=label, exact=True)).to_be_visible()
    # Moving is offered only within the tingkat: the small school has one rombel per tingkat.
    move_to = card.get_by_test_id("pindah-tujuan")
    expect(move_to.locator("option").nth(1)).to_have_text("(tidak ada rombel lain di tingkat ini)")


def test_deleting_a_pd_asks_then_takes_its_memberships_along(app):
    page = app
    asked: list[str] = []
    page.on("dialog", lambda d: asked.append(d.message))  # the fixture accepts them
    page.get_by_test_id("nav-rombel").click()
    page.locator("[data-testid^=row-]").first.click()
    card = page.get_by_test_id("anggota-rombel")
    heading = card.locator("h2")
    expect(heading).to_be_visible()
    n = int(re.search(r"\((\d+)\)", heading.inner_text()).group(1))
    rombel_url = page.url
    member = card.locator("[data-testid^=anggota-] a").first
    name = member.inner_text()
    member.click()
    expect(page.get_by_test_id("btn-delete")).to_be_visible()
    page.get_by_test_id("btn-delete").click()
    expect(page.get_by_test_id("toast")).to_have_text("Data dihapus.")
    assert len(asked) == 2 and "ikut dihapus" in asked[1] and "Anggota Rombel" in asked[1], asked
    page.goto(rombel_url)
    expect(heading).to_have_text(f"Anggota rombel ({n - 1})")
    expect(card.get_by_role("link", name=name, exact=True)).to_have_count(0)


def test_export_wipe_restore_brings_every_record_back(app, tmp_path):
    page = app
    page.get_by_test_id("nav-beranda").click()
    expect(page.get_by_test_id("chart-pd")).to_be_visible()
    chart_before = page.get_by_test_id("chart-pd").text_content()
    page.get_by_test_id("nav-pengaturan").click()
    with page.expect_download() as dl:
        page.get_by_test_id("btn-ekspor").click()
    path = tmp_path / dl.value.suggested_filename
    dl.value.save_as(path)
    assert path.stat().st_size > 10_000
    page.get_by_test_id("wipe-confirm").fill("HAPUS")
    page.get_by_test_id("btn-hapus-data").click()
    expect(page.get_by_test_id("beranda")).to_contain_text("Belum ada data sekolah")
    page.get_by_test_id("nav-pengaturan").click()
    page.get_by_test_id("file-pulihkan").set_input_files(str(path))
    expect(page.get_by_test_id("backup-status")).to_contain_text("dipulihkan", timeout=60_000)
    page.get_by_test_id("nav-beranda").click()
    expect(page.get_by_test_id("chart-pd")).to_have_text(chart_before)
    # The restored backup is byte-for-byte what we exported.
    with page.expect_download() as dl2:
        page.get_by_test_id("nav-pengaturan").click()
        page.get_by_test_id("btn-ekspor").click()
    again = tmp_path / "again.json"
    dl2.value.save_as(again)
    def records(p):
        return json.loads(p.read_text())["records"]

    assert records(again) == records(path)


def test_restore_of_a_bad_file_says_why_and_keeps_the_data(app, tmp_path):
    page = app
    bad = tmp_path / "rusak.json"
    bad.write_text('{"format": "pyapp-snapshot", "version": 1, "records": {"peserta_didik": [{"nik": "1"}]}}')
    page.get_by_test_id("nav-beranda").click()
    expect(page.get_by_test_id("chart-pd")).to_be_visible()
    page.get_by_test_id("nav-pengaturan").click()
    page.get_by_test_id("file-pulihkan").set_input_files(str(bad))
    page.get_by_test_id("ask-confirm").click()  # it asks first: the school would be replaced
    status = page.get_by_test_id("backup-status")
    expect(status).to_contain_text("rusak.json", timeout=30_000)
    page.get_by_test_id("nav-beranda").click()
    expect(page.get_by_test_id("chart-pd")).to_be_visible()


def test_reopen_offline_after_closing_the_browser(pw):
    """A real browser restart on a persistent profile, with the server gone."""
    srv = ServerProcess()
    profile = tempfile.mkdtemp(prefix="pyapp-profile-")
    launch = dict(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
    try:
        ctx = pw.chromium.launch_persistent_context(profile, **launch)
        page = ctx.pages[0] if ctx.pages else ctx.new_page()
        _ready_with_sample(page, srv.url)
        wait_sw_controlling(page)
        text = page.get_by_test_id("chart-pd").text_content()
        ctx.close()
        srv.stop()
        ctx = pw.chromium.launch_persistent_context(profile, offline=True, **launch)
        page = ctx.pages[0] if ctx.pages else ctx.new_page()
        page.goto(srv.url + "/")
        assert wait_engine(page) == "ready"
        expect(page.get_by_test_id("chart-pd")).to_have_text(text, timeout=60_000)
        ctx.close()
    finally:
        srv.stop()
        shutil.rmtree(profile, ignore_errors=True)
