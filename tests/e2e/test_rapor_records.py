"""The record types added for issue 14, edited in the app as an operator would (real Chromium):
sanitasi on tab Sekolah, the condition and counts of the sarpras this semester on tab Sarpras,
a Kurikulum 2013 pupil's sikap, an extracurricular activity and a member's grade in it on tab Nilai,
and a PTK's riwayat pendidikan formal on tab GTK."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_data_entry import _ready_with_sample

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def app(browser, server):
    ctx = browser.new_context(viewport={"width": 1366, "height": 768}, locale="id-ID")
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: d.accept())
    _ready_with_sample(page, server.url)
    yield page
    ctx.close()
    assert errors == [], errors


def _open_first(page, nav: str, record_type: str) -> None:
    page.get_by_test_id("nav-" + nav).click()
    page.get_by_test_id("subtab-" + record_type).click()
    expect(page.get_by_test_id("jumlah-data")).to_be_visible()
    page.locator("[data-testid^=row-]").first.click()
    expect(page.get_by_test_id("btn-save")).to_be_visible()


def _pick_first(page, field: str) -> str:
    select = page.get_by_test_id("field-" + field)
    expect(select.locator("option").nth(1)).to_be_attached()
    label = select.locator("option").nth(1).inner_text()
    select.select_option(index=1)
    return label


def test_sanitasi_counts_are_checked_where_they_are_entered(app):
    page = app
    _open_first(page, "sekolah", "sanitasi")
    page.get_by_test_id("field-tempat_cuci_tangan").fill("2")
    page.get_by_test_id("field-tempat_cuci_tangan_rusak").fill("3")
    page.get_by_test_id("btn-save").click()
    expect(page.get_by_test_id("save-status")).to_have_text("Tersimpan, tetapi 1 isian invalid.")
    expect(page.get_by_test_id("finding").first).to_contain_text("3 tempat cuci tangan rusak dari 2")
    page.get_by_test_id("field-tempat_cuci_tangan_rusak").fill("1")
    page.get_by_test_id("btn-save").click()
    expect(page.get_by_test_id("save-status")).to_have_text("Tersimpan.")
    page.get_by_test_id("field-jml_jamban_p_g").fill("120")  # the schema holds two digits
    page.get_by_test_id("btn-save").click()
    expect(page.get_by_test_id("error-jml_jamban_p_g")).to_contain_text("99")


def test_room_condition_of_the_semester(app):
    page = app
    _open_first(page, "sarpras", "ruang_longitudinal")
    page.get_by_test_id("field-rusak_tutup_lantai").fill("100.5")
    page.get_by_test_id("btn-save").click()
    expect(page.get_by_test_id("error-rusak_tutup_lantai")).to_contain_text("100")
    page.get_by_test_id("field-rusak_tutup_lantai").fill("20")
    page.get_by_test_id("btn-save").click()
    expect(page.get_by_test_id("save-status")).to_have_text("Tersimpan.")


def test_new_activity_and_a_members_grade(app):
    page = app
    page.get_by_test_id("nav-nilai").click()
    page.get_by_test_id("subtab-kelas_ekskul").click()
    page.get_by_test_id("btn-new").click()
    page.get_by_test_id("field-semester_id").select_option("20251")  # a picker of semesters
    page.get_by_test_id("field-nm_ekskul").fill("Pencak Silat")
    pembina = _pick_first(page, "ptk_id")
    page.get_by_test_id("field-jam_kegiatan_per_minggu").fill("2")
    page.get_by_test_id("btn-save").click()
    expect(page.get_by_test_id("save-status")).to_have_text("Tersimpan.")
    assert pembina
    # a member's grade in it: the grade names the pupil and the activity
    page.get_by_test_id("nav-nilai").click()
    page.get_by_test_id("subtab-nilai_ekskul").click()
    page.get_by_test_id("btn-new").click()
    page.get_by_test_id("field-kelas_ekskul_id").select_option(label="Pencak Silat")
    pupil = re.split(r" \(| — ", _pick_first(page, "anggota_rombel_id"))[0]  # "Nama (NISN …) — Kelas 6"
    page.get_by_test_id("field-nilai_huruf").select_option(label="Sangat Baik")
    page.get_by_test_id("btn-save").click()
    # the keterangan is still empty: a warning, so it is saved without an invalid count
    expect(page.get_by_test_id("save-status")).to_have_text("Tersimpan.")
    expect(page.get_by_test_id("finding").first).to_contain_text("Keterangan")
    page.get_by_test_id("field-ket").fill("Tekun berlatih jurus dasar.")
    page.get_by_test_id("btn-save").click()
    expect(page.get_by_test_id("save-status")).to_have_text("Tersimpan.")
    page.get_by_test_id("nav-nilai").click()
    page.get_by_test_id("subtab-nilai_ekskul").click()
    page.get_by_test_id("search").fill("Pencak Silat")
    expect(page.get_by_role("link", name=re.compile(re.escape(pupil) + r" — Pencak Silat"))).to_be_visible()
    # the activity's form lists its members under Data terkait
    page.get_by_test_id("subtab-kelas_ekskul").click()
    page.get_by_role("link", name="Pencak Silat", exact=True).click()
    expect(page.get_by_test_id("terkait-nilai_ekskul")).to_contain_text("Nilai Ekstrakurikuler (1)")


def test_riwayat_pendidikan_warns_when_not_in_order(app):
    page = app
    page.get_by_test_id("nav-gtk").click()
    page.get_by_test_id("subtab-rwy_pendidikan_formal").click()
    page.get_by_test_id("btn-new").click()
    _pick_first(page, "ptk_id")
    page.get_by_test_id("field-jenjang_pendidikan_id").select_option(label="S3")
    page.get_by_test_id("field-satuan_pendidikan_formal").fill("Universitas Negeri Malang")
    page.get_by_test_id("field-tahun_masuk").fill("2019")
    page.get_by_test_id("field-tahun_lulus").fill("2018")
    page.get_by_test_id("btn-save").click()
    expect(page.get_by_test_id("save-status")).to_have_text("Tersimpan, tetapi 1 isian invalid.")
    findings = page.get_by_test_id("finding")
    expect(findings.filter(has_text="lebih awal dari tahun masuk 2019")).to_have_count(1)
    expect(findings.filter(has_text="tanpa S2")).to_have_count(1)  # pendidikan tidak berjenjang
    page.get_by_test_id("field-tahun_lulus").fill("2023")
    page.get_by_test_id("btn-save").click()
    expect(page.get_by_test_id("save-status")).to_have_text("Tersimpan.")


def test_k13_sikap_and_sarpras_counts_per_semester(browser, server):
    """A Kurikulum 2013 sample: a pupil's sikap is edited on tab Nilai; a building's condition
    and a sarana's count this semester on tab Sarpras."""
    ctx = browser.new_context(viewport={"width": 1366, "height": 768}, locale="id-ID")
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: d.accept())
    try:
        _ready_with_sample(page, server.url, preset="sd-k13")
        _open_first(page, "nilai", "deskripsi_sikap")
        page.get_by_test_id("field-predikat_sosial").select_option(index=0)  # "— pilih —"
        page.get_by_test_id("btn-save").click()
        expect(page.get_by_test_id("save-status")).to_have_text("Tersimpan.")  # a warning only
        expect(page.get_by_test_id("finding").filter(has_text="Predikat sikap sosial")).to_have_count(1)
        page.get_by_test_id("field-predikat_sosial").select_option(label="Baik")
        page.get_by_test_id("btn-save").click()
        expect(page.get_by_test_id("finding").filter(has_text="Predikat sikap sosial")).to_have_count(0)
        _open_first(page, "sarpras", "alat_longitudinal")
        jumlah = int(page.get_by_test_id("field-jumlah").input_value())
        page.get_by_test_id("field-jumlah_laik").fill(str(jumlah + 1))
        page.get_by_test_id("btn-save").click()
        expect(page.get_by_test_id("save-status")).to_have_text("Tersimpan, tetapi 1 isian invalid.")
        page.get_by_test_id("field-jumlah_laik").fill(str(jumlah))
        page.get_by_test_id("btn-save").click()
        expect(page.get_by_test_id("save-status")).to_have_text("Tersimpan.")
        _open_first(page, "sarpras", "bangunan_longitudinal")
        page.get_by_test_id("field-rusak_tutup_atap").fill("35")
        page.get_by_test_id("btn-save").click()
        expect(page.get_by_test_id("save-status")).to_have_text("Tersimpan.")
    finally:
        ctx.close()
    assert errors == [], errors
