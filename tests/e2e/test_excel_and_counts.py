"""Excel where operators live (issue 15, item 12): "Unduh Excel" of a list and of the Validasi
findings gives a file Excel (here openpyxl) opens with the rows on screen; "Impor dari Excel"
of peserta didik shows a preview naming each bad cell, Batal saves nothing, Simpan saves the
valid rows. Also item 7 (Beranda's counts are the sum of the list pills) and item 9 (a
rombel's semester is picked by name). axe-core stays clean on the import page."""

from __future__ import annotations

import re

import openpyxl
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.e2e.csp import CspWatch
from tests.e2e.test_data_entry import _ready_with_sample

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}


@pytest.fixture(scope="module")
def ctx(browser, server):
    """The medium sample with mistakes, in a context that accepts downloads."""
    c = browser.new_context(viewport=DESKTOP, locale="id-ID", accept_downloads=True)
    csp = CspWatch(c)
    page = c.new_page()
    page.wheels = []  # the on-demand wheels the page fetched
    page.on("request", lambda r: page.wheels.append(r.url.rsplit("/", 1)[-1])
            if "/wheels/" in r.url else None)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: d.accept())
    _ready_with_sample(page, server.url, preset="medium", errors="10", timeout=180_000)
    # A validation still running in the background redraws the view when it ends: let it end.
    page.wait_for_function("""() => { const p = document.getElementById('validation-status');
        return !p || p.getAttribute('data-state') !== 'running'; }""", timeout=180_000)
    expect(page.get_by_test_id("view-loading")).to_have_count(0)
    yield c, page
    violations = csp.violations()
    c.close()
    assert errors == [], errors
    assert violations == [], violations


def _download(page, button, tmp_path):
    with page.expect_download(timeout=120_000) as info:
        button.click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    assert target.suffix == ".xlsx"
    return openpyxl.load_workbook(target)


def _table(ws, first: str):
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    start = next(i for i, r in enumerate(rows) if r and r[0] == first)
    return rows[start], [r for r in rows[start + 1:] if any(v is not None for v in r)]


def _count(page) -> int:
    """The list's "N data" count, read in one step in the page: the list may be drawn again
    (a view switch, the deferred validation's end), and reading it in two steps (wait for the
    text, then fetch it) once caught the element while it was redrawn empty."""
    found = page.wait_for_function("""() => {
        const e = document.querySelector('[data-testid=jumlah-data]');
        const m = e && /^([\\d.]+) data$/.exec(e.textContent.trim());
        return m ? m[1] : null; }""")
    return int(re.sub(r"\D", "", found.json_value()))


def test_beranda_counts_are_the_sum_of_the_list_pills(ctx):
    """Item 7: a GTK flagged by a Pembelajaran rule (too few teaching hours) is counted under
    GTK on Beranda, where its pill shows, not under Pembelajaran."""
    _c, page = ctx
    page.get_by_test_id("nav-beranda").click()
    status = page.get_by_test_id("status-validasi")
    expect(status).to_be_visible()
    beranda = {}
    for tab in ("GTK", "Pembelajaran"):
        cells = status.locator("tr", has=page.locator(f"a[href='#/validasi/{'gtk' if tab == 'GTK' else 'pembelajaran'}']")).locator("td")
        beranda[tab] = (int(cells.nth(1).inner_text()), int(cells.nth(2).inner_text()))
    for tab, nav in (("GTK", "nav-gtk"), ("Pembelajaran", "nav-pembelajaran")):
        page.get_by_test_id(nav).click()
        subtabs = page.locator("[data-testid^=subtab-]")
        hrefs = [subtabs.nth(i).get_attribute("href") for i in range(subtabs.count())] or [None]
        pills = [0, 0]
        for href in hrefs:
            if href:
                page.goto(page.url.split("#")[0] + href)
            for k, (only, word, cls) in enumerate((("invalid", "invalid", "bad"),
                                                   ("warning", "peringatan", "warn"))):
                page.get_by_test_id("filter-temuan").select_option(only)
                expect(page.get_by_test_id("view-loading")).to_have_count(0)
                # the filter applied: every row listed has a pill of that kind
                expect(page.locator(f"[data-testid^=row-]:not(:has(.pill.{cls}))")).to_have_count(0)
                assert _count(page) <= 50  # one page
                for text in page.locator("[data-testid=list] .pill").all_inner_texts():
                    m = re.fullmatch(rf"(\d+) {word}", text)
                    pills[k] += int(m.group(1)) if m else 0
            page.get_by_test_id("filter-temuan").select_option("")
        assert tuple(pills) == beranda[tab], (tab, pills, beranda[tab])
    assert beranda["GTK"][1] > 0  # the sample has such GTK: the check above means something


def test_a_list_downloads_as_excel_with_every_matching_row(ctx, tmp_path):
    _c, page = ctx
    page.get_by_test_id("nav-peserta-didik").click()
    expect(page.locator("[data-testid^=row-]").first).to_be_visible()
    total = _count(page)
    assert total > 50  # more than the page on screen
    # openpyxl is not part of start-up: it is fetched at the first Excel file.
    assert not [w for w in page.wheels if w.startswith(("openpyxl", "et_xmlfile"))]
    book = _download(page, page.get_by_test_id("btn-unduh-excel"), tmp_path)
    assert {"openpyxl-3.1.5-py2.py3-none-any.whl", "et_xmlfile-2.0.0-py3-none-any.whl"} <= set(page.wheels)
    header, rows = _table(book.active, "Nama")
    assert header[:3] == ["Nama", "Jenis kelamin", "NISN"] and header[-2:] == ["Invalid", "Peringatan"]
    assert len(rows) == total
    first = page.locator("[data-testid^=row-]").first.get_attribute("aria-label")
    assert rows[0][0] == first
    expect(page.get_by_test_id("excel-status")).to_contain_text("Berkas diunduh: peserta-didik-")
    # What is filtered on screen is what is downloaded.
    page.get_by_test_id("filter-temuan").select_option("invalid")
    expect(page.get_by_test_id("jumlah-data")).not_to_have_text(f"{total} data")
    shown = _count(page)
    _h, bad = _table(_download(page, page.get_by_test_id("btn-unduh-excel"), tmp_path).active, "Nama")
    assert len(bad) == shown > 0 and all(r[-2] > 0 for r in bad)
    page.get_by_test_id("filter-temuan").select_option("")


def test_validasi_findings_download_as_excel(ctx, tmp_path):
    _c, page = ctx
    page.get_by_test_id("nav-validasi").click()
    expect(page.get_by_test_id("findings")).to_be_visible()
    total = sum(int(page.get_by_test_id(f"validasi-{s}-{k}").inner_text())
                for s in ("sekolah", "sarpras", "gtk", "peserta-didik", "rombel", "pembelajaran", "nilai")
                for k in ("invalid", "warning"))
    header, rows = _table(_download(page, page.get_by_test_id("btn-unduh-excel"), tmp_path).active, "Tab")
    assert header[:3] == ["Tab", "Tingkat", "Data"]
    assert len(rows) == total and rows[0][1] == "Invalid"


def _fill_template(book, rows: list[dict], path):
    ws = book["Data"]
    titles = [c.value for c in ws[1]]
    for r, row in enumerate(rows, start=2):
        for title, value in row.items():
            ws.cell(r, titles.index(title) + 1, value)
    book.save(path)
    return path


def test_import_pd_from_excel_previews_then_saves_or_cancels(ctx, tmp_path):
    _c, page = ctx
    page.get_by_test_id("nav-peserta-didik").click()
    page.get_by_test_id("search").fill("")
    known = page.locator("[data-testid^=row-]").first
    expect(known).to_be_visible()
    before = _count(page)
    known_name = known.get_attribute("aria-label")
    nisn = known.locator("td").nth(2).inner_text()
    page.get_by_test_id("btn-impor-excel").click()
    card = page.get_by_test_id("impor-excel")
    expect(card).to_be_visible()
    template = _download(page, card.get_by_test_id("btn-unduh-templat"), tmp_path)
    assert [c.value for c in template["Data"][1]][:3] == ["Nama lengkap", "Jenis kelamin", "NISN"]
    filled = _fill_template(template, [
        {"Nama lengkap": "Yohana Impor Excel", "Jenis kelamin": "Perempuan", "NISN": "0091234567",
         "Agama": "Kristen"},
        {"Nama lengkap": known_name.split(" (")[0], "NISN": nisn, "Alamat jalan": "Jl. Dari Excel 12"},
        {"Nama lengkap": "Baris Salah", "NIK": "123"},
    ], tmp_path / "isian.xlsx")

    # Batal: nothing is saved.
    card.get_by_test_id("impor-berkas").set_input_files(filled)
    expect(card.get_by_test_id("impor-ringkasan")).to_have_text(
        "3 baris: 1 baru, 1 diubah, 1 invalid.", timeout=120_000)
    bad = card.get_by_test_id("impor-baris-4")
    expect(bad).to_have_attribute("data-status", "invalid")
    expect(bad).to_contain_text("Baris 4, kolom NIK: harus 16 digit angka")
    expect(card.get_by_test_id("impor-baris-2")).to_contain_text("Baru")
    expect(card.get_by_test_id("impor-baris-3")).to_contain_text("Diubah: Alamat jalan")
    for viewport in (DESKTOP, PHONE):  # the preview is readable and operable on both
        page.set_viewport_size(viewport)
        results = Axe().run(page)
        serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
        assert serious == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in serious]
    page.set_viewport_size(DESKTOP)
    card.get_by_test_id("btn-impor-batal").click()
    expect(card.get_by_test_id("impor-status")).to_have_text(
        "Impor dibatalkan; tidak ada data yang disimpan.")
    page.get_by_test_id("nav-peserta-didik").click()
    page.get_by_test_id("search").fill("Yohana Impor")
    expect(page.get_by_test_id("jumlah-data")).to_have_text("0 data")
    page.get_by_test_id("search").fill("")
    expect(page.get_by_test_id("jumlah-data")).to_have_text(f"{before:,} data".replace(",", "."))

    # Simpan: the valid rows are saved, the invalid one is not.
    page.get_by_test_id("btn-impor-excel").click()
    card.get_by_test_id("impor-berkas").set_input_files(filled)
    expect(card.get_by_test_id("impor-ringkasan")).to_have_text("3 baris: 1 baru, 1 diubah, 1 invalid.")
    expect(card.get_by_test_id("btn-impor-simpan")).to_have_text("Simpan 2 data")
    card.get_by_test_id("btn-impor-simpan").click()
    expect(card.get_by_test_id("impor-status")).to_have_text(
        "Tersimpan: 1 data baru, 1 diubah. 1 baris invalid tidak disimpan.")
    page.get_by_test_id("nav-peserta-didik").click()
    page.get_by_test_id("search").fill("Yohana Impor")
    expect(page.locator("[data-testid^=row-]")).to_have_count(1)
    expect(page.locator("[data-testid^=row-]").first).to_contain_text("0091234567")  # zeros kept
    page.get_by_test_id("search").fill(nisn)
    expect(page.locator("[data-testid^=row-]").first).to_contain_text(nisn)
    page.locator("[data-testid^=row-] a").first.click()
    expect(page.get_by_test_id("field-alamat_jalan")).to_have_value("Jl. Dari Excel 12")


def test_a_rombel_semester_is_picked_by_name(ctx):
    """Item 9: the rombel form's semester is a select of "2025/2026 Ganjil"..., not a code."""
    _c, page = ctx
    page.get_by_test_id("nav-rombel").click()
    page.locator("[data-testid^=row-] a").first.click()
    field = page.get_by_test_id("field-semester_id")
    assert field.evaluate("n => n.tagName") == "SELECT"
    labels = field.locator("option").all_inner_texts()
    assert "2025/2026 Ganjil" in labels and "2025/2026 Genap" in labels
    assert not [t for t in labels[1:] if not re.fullmatch(r"\d{4}/\d{4} (Ganjil|Genap)", t)]
    assert re.fullmatch(r"\d{4}/\d{4} (Ganjil|Genap)",
                        field.evaluate("n => n.options[n.selectedIndex].text"))
