"""Each page passes axe-core (no serious or critical violation), and on the large school the
UI thread is never blocked for more than 200 ms while saving or validating."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from pyapp.core.generator import generate
from pyapp.core.snapshot import dump_snapshot
from tests.harness import wait_engine

pytestmark = pytest.mark.e2e

PAGES = [
    ("nav-beranda", "beranda"),
    ("nav-sekolah", "tab-sekolah"),
    ("nav-sarpras", "tab-sarpras"),
    ("nav-gtk", "tab-gtk"),
    ("nav-peserta-didik", "tab-peserta-didik"),
    ("nav-rombel", "tab-rombel"),
    ("nav-pembelajaran", "tab-pembelajaran"),
    ("nav-nilai", "tab-nilai"),
    ("nav-validasi", "findings"),
    ("nav-sinkronisasi", "sinkronisasi"),
    ("nav-pengaturan", "cadangan"),
]

LONGTASKS = """
window.__longtasks = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) window.__longtasks.push(e.duration);
}).observe({ type: "longtask", buffered: false });
"""


@pytest.fixture(scope="module")
def large_page(browser, server, tmp_path_factory):
    snap, _ = generate("large", seed=2, errors=10)
    path = tmp_path_factory.mktemp("large") / "sekolah-besar.json"
    path.write_text(dump_snapshot(snap))
    ctx = browser.new_context(viewport={"width": 1366, "height": 768})
    page = ctx.new_page()
    page.goto(server.url + "/#/pengaturan")
    assert wait_engine(page) == "ready"
    page.get_by_test_id("file-pulihkan").set_input_files(str(path))
    expect(page.get_by_test_id("backup-status")).to_contain_text("dipulihkan", timeout=240_000)
    yield page
    ctx.close()


@pytest.mark.parametrize("nav,landmark", PAGES)
def test_no_serious_accessibility_violation(large_page, nav, landmark):
    page = large_page
    page.get_by_test_id(nav).click()
    expect(page.get_by_test_id(landmark)).to_be_visible(timeout=60_000)
    expect(page.get_by_test_id("view-loading")).to_have_count(0, timeout=60_000)
    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert bad == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in bad]


@pytest.mark.parametrize("nav,landmark", [("nav-peserta-didik", "btn-save"),
                                          ("nav-rombel", "anggota-rombel")])
def test_form_page_has_no_serious_accessibility_violation(large_page, nav, landmark):
    page = large_page
    page.get_by_test_id(nav).click()
    page.locator("[data-testid^=row-]").first.click()
    expect(page.get_by_test_id(landmark)).to_be_visible()
    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert bad == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in bad]


def test_ui_thread_stays_free_while_saving_and_validating(large_page):
    page = large_page
    page.get_by_test_id("nav-peserta-didik").click()
    page.locator("[data-testid^=row-]").first.click()
    expect(page.get_by_test_id("btn-save")).to_be_visible()
    page.evaluate(LONGTASKS)
    for i in range(3):
        page.get_by_test_id("field-nama").fill(f"Nama Diubah {i}")
        page.get_by_test_id("btn-save").click()
        expect(page.get_by_test_id("save-status")).to_contain_text("Tersimpan")
    page.get_by_test_id("nav-validasi").click()
    expect(page.get_by_test_id("finding").first).to_be_visible(timeout=60_000)
    page.get_by_test_id("validasi-peserta-didik-invalid").click()
    expect(page.get_by_test_id("finding").first).to_be_visible(timeout=60_000)
    page.wait_for_timeout(300)
    longest = page.evaluate("Math.max(0, ...window.__longtasks)")
    assert longest <= 200, f"the UI thread was blocked for {longest} ms"


def test_ui_thread_stays_free_on_a_large_rombel_page(large_page):
    """The members card of a large school: one engine call, small pickers."""
    page = large_page
    page.get_by_test_id("nav-rombel").click()
    expect(page.locator("[data-testid^=row-]").first).to_be_visible(timeout=60_000)
    page.evaluate(LONGTASKS)
    page.locator("[data-testid^=row-]").first.click()
    card = page.get_by_test_id("anggota-rombel")
    expect(card.locator("[data-testid^=anggota-]").first).to_be_visible(timeout=60_000)
    assert card.get_by_test_id("tambah-pd").locator("option").count() <= 21
    card.get_by_test_id("cari-pd").fill("a")
    page.wait_for_timeout(300)
    longest = page.evaluate("Math.max(0, ...window.__longtasks)")
    assert longest <= 200, f"the UI thread was blocked for {longest} ms"
