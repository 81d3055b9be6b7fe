"""An operator's day on the medium sample (issue 15): work is never lost or silently broken.
Moving a pupil carries their nilai, a save that leaves findings says so at the button,
unsaved edits are not dropped on leaving, and replacing the school's data asks first."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.csp import CspWatch
from tests.harness import wait_engine

pytestmark = pytest.mark.e2e


class Day:
    def __init__(self, page):
        self.page = page
        self.asked: list[str] = []
        self.answers: list[bool] = []  # the next dialogs' answers; accept when empty

    def on_dialog(self, dialog):
        self.asked.append(dialog.message)
        if self.answers.pop(0) if self.answers else True:
            dialog.accept()
        else:
            dialog.dismiss()


@pytest.fixture(scope="module")
def day(browser, server):
    ctx = browser.new_context(viewport={"width": 1366, "height": 768}, locale="id-ID",
                              accept_downloads=True)
    csp = CspWatch(ctx)
    page = ctx.new_page()
    d = Day(page)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", d.on_dialog)
    page.goto(server.url + "/")
    assert wait_engine(page) == "ready"
    page.get_by_test_id("nav-pengaturan").click()
    page.get_by_test_id("sample-preset").first.select_option("medium")
    page.get_by_test_id("btn-muat-contoh").first.click()
    expect(page.get_by_test_id("chart-pd")).to_be_visible(timeout=180_000)
    yield d
    violations = csp.violations()
    ctx.close()
    assert errors == [], errors
    assert violations == [], violations  # everything here runs under the server's CSP


def _count(page, testid: str) -> int:
    return int(page.get_by_test_id(testid).inner_text())


def _open_rombel(page, name: str):
    page.get_by_test_id("nav-rombel").click()
    page.get_by_test_id("search").fill(name)
    row = page.locator("[data-testid^=row-]", has_text=name).first
    expect(row).to_be_visible()
    row.locator("a").click()
    card = page.get_by_test_id("anggota-rombel")
    expect(card.locator("[data-testid^=btn-pindah-]").first).to_be_visible()
    return card


def test_moving_a_pupil_stays_in_the_tingkat_and_carries_their_nilai(day):
    page = day.page
    page.get_by_test_id("nav-validasi").click()
    nilai_invalid = _count(page, "validasi-nilai-invalid")
    card = _open_rombel(page, "8C")
    offered = [t.strip() for t in card.get_by_test_id("pindah-tujuan").locator("option").all_inner_texts()[1:]]
    assert offered and all(t.startswith("Rombel 8") for t in offered), offered  # never 7A or 9A
    target = next(t for t in offered if t.startswith("Rombel 8A"))
    card.get_by_test_id("pindah-tujuan").select_option(label=target)
    name = card.locator("[data-testid^=anggota-] a").first.inner_text()
    card.locator("[data-testid^=btn-pindah-]").first.click()
    status = card.get_by_test_id("status-anggota")
    expect(status).to_contain_text(f"{name} dipindahkan ke")
    expect(status).to_contain_text("nilai ikut dipindahkan")
    page.get_by_test_id("nav-validasi").click()
    expect(page.get_by_test_id("validasi-nilai-invalid")).to_have_text(str(nilai_invalid))


def test_a_save_that_leaves_the_record_invalid_says_so_at_the_button(day):
    page = day.page
    page.get_by_test_id("nav-peserta-didik").click()
    page.locator("[data-testid^=row-] a").first.click()
    page.get_by_test_id("field-tanggal_lahir").fill("2030-01-01")
    page.get_by_test_id("btn-save").click()
    status = page.get_by_test_id("save-status")
    expect(status).to_have_text("Tersimpan, tetapi 2 isian invalid.")
    expect(status).to_be_in_viewport()
    # The first invalid field is in view and focused, with its finding next to it.
    first = page.locator("#f-nik")
    expect(first).to_be_focused()
    expect(first).to_be_in_viewport()
    expect(page.get_by_test_id("error-nik")).to_contain_text("tanggal lahir")
    expect(page.get_by_test_id("error-tanggal_lahir")).to_contain_text("Usia")


def test_leaving_a_form_with_unsaved_edits_asks(day):
    page = day.page
    page.get_by_test_id("nav-peserta-didik").click()
    page.locator("[data-testid^=row-] a").nth(1).click()
    field = page.get_by_test_id("field-nama_ibu_kandung")
    field.fill("Ibu Yang Belum Disimpan")
    day.answers.append(False)  # stay
    page.get_by_test_id("nav-beranda").click()
    expect(page.get_by_test_id("btn-save")).to_be_visible()
    assert day.asked and "belum disimpan" in day.asked[-1]
    expect(field).to_have_value("Ibu Yang Belum Disimpan")
    n = len(day.asked)
    page.get_by_test_id("nav-beranda").click()  # answered yes: leave without saving
    expect(page.get_by_test_id("chart-pd")).to_be_visible()
    assert len(day.asked) == n + 1
    # Nothing asks once the edits are saved.
    page.go_back()
    expect(page.get_by_test_id("btn-save")).to_be_visible()
    page.get_by_test_id("field-nama_ibu_kandung").fill("Ibu Tersimpan")
    page.get_by_test_id("field-nama_ibu_kandung").press("Enter")  # Enter saves
    expect(page.get_by_test_id("save-status")).to_contain_text("Tersimpan")
    page.get_by_test_id("nav-beranda").click()
    expect(page.get_by_test_id("chart-pd")).to_be_visible()
    assert len(day.asked) == n + 1


def test_validasi_puts_invalid_first_and_opens_where_each_is_fixed(day):
    page = day.page
    # A pupil taken out of their rombel: "belum masuk rombel" is fixed in the rombels.
    card = _open_rombel(page, "9B")
    name = card.locator("[data-testid^=anggota-] a").first.inner_text()
    card.locator("[data-testid^=btn-keluarkan-]").first.click()
    expect(card.get_by_role("link", name=name, exact=True)).to_have_count(0)
    page.get_by_test_id("nav-validasi").click()
    findings = page.get_by_test_id("finding")
    expect(findings.first).to_be_visible()
    severities = findings.evaluate_all("fs => fs.map(f => f.dataset.severity)")
    assert "invalid" in severities
    assert severities == sorted(severities, key=lambda s: s != "invalid"), severities  # invalid first
    lost = findings.filter(has_text=name).filter(has_text="belum masuk rombel").first
    lost.locator("a.finding-record").click()
    expect(page.get_by_test_id("tab-rombel")).to_be_visible()  # not the pupil's empty form
    # A finding on a field opens the form with that field AND its label in view.
    page.get_by_test_id("nav-validasi").click()
    findings.filter(has_text="Usia").first.locator("a.finding-record").click()
    expect(page.locator("#f-tanggal_lahir")).to_be_focused()
    expect(page.locator("label[for=f-tanggal_lahir]")).to_be_in_viewport()


def test_replacing_the_school_asks_first_and_offers_a_backup(day, tmp_path):
    page = day.page
    page.get_by_test_id("nav-beranda").click()
    chart = page.get_by_test_id("chart-pd").text_content()
    page.get_by_test_id("nav-pengaturan").click()
    page.get_by_test_id("sample-preset").first.select_option("small")
    page.get_by_test_id("btn-muat-contoh").first.click()
    ask = page.get_by_test_id("ask-replace")
    expect(ask).to_be_visible()
    what = page.get_by_test_id("ask-what")
    expect(what).to_contain_text("Sekolah: ")
    expect(what).to_contain_text("peserta didik")
    expect(what).to_contain_text("belum pernah dikirim")
    with page.expect_download() as dl:
        page.get_by_test_id("ask-backup").click()
    saved = tmp_path / dl.value.suggested_filename
    dl.value.save_as(saved)
    assert saved.stat().st_size > 100_000
    expect(page.get_by_test_id("ask-status")).to_contain_text("Cadangan diunduh")
    page.get_by_test_id("ask-cancel").click()
    expect(ask).to_have_count(0)
    expect(page.get_by_test_id("sample-status").first).to_contain_text("tidak dimuat")
    # Restoring a file asks the same question; saying no keeps the data.
    page.get_by_test_id("file-pulihkan").set_input_files(str(saved))
    expect(ask).to_be_visible()
    page.get_by_test_id("ask-cancel").click()
    expect(page.get_by_test_id("backup-status")).to_contain_text("dibatalkan")
    page.get_by_test_id("nav-beranda").click()
    expect(page.get_by_test_id("chart-pd")).to_have_text(chart)


def test_the_pd_form_is_grouped_with_a_sticky_action_bar_and_related_links(day):
    page = day.page
    page.get_by_test_id("nav-peserta-didik").click()
    page.locator("[data-testid^=row-] a").nth(2).click()
    expect(page.get_by_test_id("btn-save")).to_be_visible()
    legends = page.locator("form fieldset legend").all_inner_texts()
    for group in ("Identitas", "Alamat", "Orang tua/wali"):
        assert any(group in t for t in legends), legends
    assert page.get_by_test_id("form-bagian").locator("a").count() == len(legends)
    # Simpan, Batal and Hapus stay in view at the bottom of a long form.
    bar = page.get_by_test_id("form-actions")
    for testid in ("btn-save", "btn-cancel", "btn-delete"):
        expect(bar.get_by_test_id(testid)).to_be_in_viewport()
    page.get_by_test_id("form-bagian").get_by_role("link", name="Orang tua/wali").click()
    expect(page.get_by_test_id("field-nama_ibu_kandung")).to_be_in_viewport()
    for testid in ("btn-save", "btn-cancel", "btn-delete"):
        expect(bar.get_by_test_id(testid)).to_be_in_viewport()
    # The pupil's own records: registrasi, periodik, rombel..., each a link.
    related = page.get_by_test_id("data-terkait")
    expect(related.get_by_test_id("terkait-registrasi")).to_contain_text("Registrasi")
    member = related.get_by_test_id("terkait-anggota_rombel").locator("a").first
    expect(member).to_have_text(re.compile(r" — \d+[A-Z]$"))  # the pupil — their rombel
    # Esc cancels (back to the list).
    page.get_by_test_id("field-nama").focus()
    page.keyboard.press("Escape")
    expect(page.get_by_test_id("tab-peserta-didik")).to_be_visible()


def test_naik_kelas_takes_a_whole_class_up_to_next_years_rombel(day):
    page = day.page
    # Next year's rombel first (the app offers naik kelas only to the next tingkat, later).
    page.get_by_test_id("nav-rombel").click()
    page.get_by_test_id("btn-new").click()
    page.get_by_test_id("field-nama").fill("9Z")
    page.get_by_test_id("field-tingkat").fill("9")
    page.get_by_test_id("field-semester_id").select_option(label="2026/2027 Ganjil")
    page.get_by_test_id("btn-save").click()
    expect(page.get_by_test_id("save-status")).to_contain_text("Tersimpan")
    card = _open_rombel(page, "8D")
    n = int(re.search(r"\((\d+)\)", card.locator("h2").inner_text()).group(1))
    naik = card.get_by_test_id("naik-kelas")
    expect(naik.get_by_test_id("naik-tujuan").locator("option")).to_have_count(1)
    expect(naik.get_by_test_id("naik-tujuan")).to_contain_text("9Z (2026/2027 Ganjil)")
    naik.get_by_test_id("btn-naik-kelas").click()
    expect(card.get_by_test_id("status-anggota")).to_have_text(re.compile(rf"^{n} peserta didik naik ke "))
    assert "Naikkan semua" in day.asked[-1]
    expect(card.locator("h2")).to_have_text(f"Anggota rombel ({n})")  # this year's stays
    _open_rombel(page, "9Z")
    expect(page.get_by_test_id("anggota-rombel").locator("h2")).to_have_text(f"Anggota rombel ({n})")
