"""Screens an operator lives in (issue 15): dense sortable grids with a findings filter and
a row count at 1366x768 (item 6), and the same app on a 390x844 phone (item 11): a folding
menu, tables that scroll inside their card, 44 px touch targets, axe-core clean."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.e2e.csp import CspWatch
from tests.e2e.test_data_entry import _ready_with_sample

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def ctx(browser, server):
    """One context holding the medium sample (with mistakes); pages resize per test."""
    c = browser.new_context(viewport={"width": 1366, "height": 768}, locale="id-ID")
    csp = CspWatch(c)
    page = c.new_page()
    page.on("dialog", lambda d: d.accept())
    _ready_with_sample(page, server.url, preset="medium", errors="10", timeout=180_000)
    yield c, page
    violations = csp.violations()
    c.close()
    assert violations == [], violations


def _pd_list(page):
    page.get_by_test_id("nav-peserta-didik").click()
    rows = page.locator("[data-testid^=row-]")
    expect(rows.first).to_be_visible()
    return rows


def test_dense_sortable_grid_with_filter_and_row_count(ctx):
    _c, page = ctx
    page.set_viewport_size({"width": 1366, "height": 768})
    rows = _pd_list(page)
    # 20+ rows on one 1366x768 screen, one line each.
    heights = rows.evaluate_all("rs => rs.map(r => r.getBoundingClientRect().height)")
    assert max(heights) <= 30, heights[:5]
    in_view = rows.evaluate_all(
        "rs => rs.filter(r => r.getBoundingClientRect().bottom <= innerHeight).length")
    assert in_view >= 20, in_view
    search = page.get_by_test_id("search")
    expect(search).to_have_attribute("placeholder", re.compile("NISN"))
    count = page.get_by_test_id("jumlah-data")
    expect(count).to_have_text(re.compile(r"^[\d.]+ data$"))
    total = count.inner_text()
    # Sorting by a column, then back the other way.
    page.get_by_test_id("sort-tanggal_lahir").click()
    th = page.locator("th[aria-sort]")
    expect(th).to_have_attribute("aria-sort", "ascending")
    expect(th).to_contain_text("Tanggal lahir")
    first_asc = rows.first.get_attribute("data-testid")
    page.get_by_test_id("sort-tanggal_lahir").click()
    expect(page.locator("th[aria-sort]")).to_have_attribute("aria-sort", "descending")
    expect(rows.first).not_to_have_attribute("data-testid", first_asc)
    # Only the invalid ones: fewer rows, each with its invalid pill.
    page.get_by_test_id("filter-temuan").select_option("invalid")
    expect(count).not_to_have_text(total)
    n = rows.count()
    assert n > 0 and rows.locator(".pill.bad").count() == n
    page.get_by_test_id("filter-temuan").select_option("")
    expect(count).to_have_text(total)
    # One Tab stop per row, and Enter opens the focused row.
    rows.first.focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.testid") == rows.nth(1).get_attribute("data-testid")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("btn-save")).to_be_visible()


def test_phone_menu_folds_and_tables_scroll_inside_their_card(ctx):
    _c, page = ctx
    page.set_viewport_size(PHONE)
    page.get_by_test_id("nav-beranda").evaluate("b => b.click()")
    expect(page.get_by_test_id("chart-pd")).to_be_visible()
    # The menu no longer fills the top of every page: it opens from a button.
    expect(page.get_by_test_id("nav-peserta-didik")).to_be_hidden()
    menu = page.get_by_test_id("btn-menu")
    expect(menu).to_be_visible()
    assert menu.bounding_box()["height"] >= 44
    menu.click()
    expect(page.get_by_test_id("nav-peserta-didik")).to_be_visible()
    page.get_by_test_id("nav-peserta-didik").click()
    expect(page.get_by_test_id("nav-peserta-didik")).to_be_hidden()
    expect(page.locator("[data-testid^=row-]").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # Everything one taps in the list is at least 44 px high.
    small = page.locator("#main button:visible, #main select:visible, #main input:visible").evaluate_all(
        "ns => ns.filter(n => n.getBoundingClientRect().height < 44).map(n => n.outerHTML.slice(0, 80))")
    assert small == [], small
    page.get_by_test_id("btn-menu").click()
    page.get_by_test_id("nav-pengaturan").click()
    expect(page.get_by_test_id("cadangan")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.parametrize("viewport", [{"width": 1366, "height": 768}, PHONE],
                         ids=["1366x768", "390x844"])
@pytest.mark.parametrize("nav,landmark", [
    ("nav-beranda", "beranda"), ("nav-peserta-didik", "tab-peserta-didik"),
    ("nav-rombel", "tab-rombel"), ("nav-validasi", "findings"),
    ("nav-sinkronisasi", "sinkronisasi"), ("nav-pengaturan", "cadangan")])
def test_axe_clean_at_both_viewports(ctx, viewport, nav, landmark):
    _c, page = ctx
    page.set_viewport_size(viewport)
    page.get_by_test_id(nav).evaluate("b => b.click()")
    expect(page.get_by_test_id(landmark)).to_be_visible(timeout=60_000)
    expect(page.get_by_test_id("view-loading")).to_have_count(0, timeout=60_000)
    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert bad == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in bad]


def test_a_pd_form_on_the_phone(ctx):
    _c, page = ctx
    page.set_viewport_size(PHONE)
    page.get_by_test_id("nav-peserta-didik").evaluate("b => b.click()")
    page.locator("[data-testid^=row-] a").first.click()
    expect(page.get_by_test_id("btn-save")).to_be_in_viewport()  # the sticky action bar
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert bad == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in bad]
