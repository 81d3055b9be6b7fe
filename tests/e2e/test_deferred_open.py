"""Opening a stored school shows the PD list before Validasi Lokal has finished: the engine
answers the open once the records are read (the nilai and the validation follow the first
page), the top bar says the validation is running, and the counts are updated when it ends."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from pyapp.core.generator import generate
from pyapp.core.snapshot import dump_snapshot
from tests.harness import wait_engine

pytestmark = pytest.mark.e2e

# Every state the validation pill takes, in order, from the first paint on.
WATCH_PILL = """
window.__pill = [];
new MutationObserver(() => {
  const p = document.getElementById('validation-status');
  const s = p && p.getAttribute('data-state');
  if (s && window.__pill[window.__pill.length - 1] !== s) window.__pill.push(s);
}).observe(document, { subtree: true, childList: true, attributes: true });
"""


def test_pd_list_shows_before_validation_finishes(context, server, tmp_path):
    snap, _ = generate("medium", seed=3, errors=10)
    path = tmp_path / "sekolah-sedang.json"
    path.write_text(dump_snapshot(snap))
    page = context.new_page()
    page.goto(server.url + "/#/pengaturan")
    assert wait_engine(page) == "ready"
    page.get_by_test_id("file-pulihkan").set_input_files(str(path))
    expect(page.get_by_test_id("backup-status")).to_contain_text("dipulihkan", timeout=240_000)

    page.add_init_script(WATCH_PILL)
    page.goto(server.url + "/#/tab/peserta-didik")
    page.reload()
    assert wait_engine(page) == "ready"
    expect(page.locator("[data-testid^=row-]").first).to_be_visible(timeout=120_000)
    pill = page.get_by_test_id("validation-status")
    expect(pill).to_have_attribute("data-state", "done", timeout=120_000)
    assert page.evaluate("window.__pill") == ["running", "done"]
    # The records came from the read the worker's loader made while Pyodide started, and
    # they are the stored school's.
    assert page.locator("body").get_attribute("data-read-ahead") == "true"
    pds = sum(1 for p in snap.records["peserta_didik"] if not p.deleted)
    expect(page.get_by_test_id("jumlah-data")).to_have_text(f"{pds:,} data".replace(",", "."))

    # The engine's own order: the PD page was served before the nilai were decoded and
    # before the validation ended.
    events = [e["event"] for e in json.loads(page.locator("body").get_attribute("data-open-events"))]
    assert events.index("open") < events.index("list:peserta_didik") < events.index("decoded") \
        < events.index("validated"), events
    shown, validated = page.evaluate(
        """() => ['pyapp-list-shown', 'pyapp-validated'].map(
              n => performance.getEntriesByName(n)[0].startTime)""")
    assert shown < validated

    # The list is filled again with the final counts, and they agree with Validasi Lokal.
    expect(page.get_by_role("columnheader", name="Validasi", exact=True)).to_be_visible()
    invalid = int(pill.get_attribute("data-invalid"))
    assert invalid > 0  # the school was made with mistakes
    page.get_by_test_id("nav-validasi").click()
    expect(page.get_by_test_id("validasi-status")).to_contain_text(f"Ada {invalid} data invalid")


def test_a_read_ahead_made_stale_by_another_tab_is_not_used(browser, server, tmp_path):
    """Tab B's worker reads the store ahead while its engine is held back (its wheel's
    download waits); tab A saves a record meanwhile. B's open must read the store again (the
    revision moved) and show A's edit."""
    snap, _ = generate("small", seed=5)
    path = tmp_path / "sekolah-kecil.json"
    path.write_text(dump_snapshot(snap))
    ctx = browser.new_context(viewport={"width": 1366, "height": 768}, locale="id-ID",
                              service_workers="block")  # every wheel download goes through route
    try:
        a = ctx.new_page()
        a.goto(server.url + "/#/pengaturan")
        assert wait_engine(a) == "ready"
        a.get_by_test_id("file-pulihkan").set_input_files(str(path))
        expect(a.get_by_test_id("backup-status")).to_contain_text("dipulihkan", timeout=240_000)
        a.goto(server.url + "/#/tab/peserta-didik")
        a.locator("[data-testid^=row-]").first.click()
        expect(a.get_by_test_id("btn-save")).to_be_visible(timeout=60_000)

        held: list = []  # type: ignore[type-arg]
        ctx.route("**/wheels/pyapp-*.whl*", lambda route: held.append(route))
        b = ctx.new_page()
        b.goto(server.url + "/#/tab/peserta-didik")
        b.wait_for_timeout(500)
        for _ in range(120):  # B's loader has read ahead by the time it asks for the wheel
            if held:
                break
            b.wait_for_timeout(250)
        assert held, "the engine's wheel was never requested"
        a.get_by_test_id("field-nama").fill("Nama Ditulis Tab Lain")
        a.get_by_test_id("btn-save").click()
        expect(a.get_by_test_id("save-status")).to_contain_text("Tersimpan")
        for route in held:
            route.continue_()
        ctx.unroute("**/wheels/pyapp-*.whl*")

        assert wait_engine(b) == "ready"
        b.get_by_test_id("search").fill("Nama Ditulis Tab Lain")
        expect(b.locator("[data-testid^=row-]")).to_have_count(1, timeout=60_000)
        assert b.locator("body").get_attribute("data-read-ahead") == "false"
    finally:
        ctx.close()
