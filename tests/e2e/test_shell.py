"""The app shell in a real Chromium: paints, starts the engine, stays on our origin,
starts offline after one visit, and says plainly when the engine cannot start."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.harness import ServerProcess, wait_engine, wait_sw_controlling

pytestmark = pytest.mark.e2e


def test_shell_paints_and_engine_answers_ping(context, server):
    page = context.new_page()
    page.goto(server.url + "/")
    # The Indonesian shell is there at once, before the engine.
    assert page.locator("html").get_attribute("lang") == "id"
    page.wait_for_selector("body[data-ui=ready]", timeout=30_000)
    assert page.get_by_test_id("nav-beranda").inner_text() == "Beranda"
    assert wait_engine(page) == "ready"
    assert page.get_by_test_id("engine-status").inner_text() == "Aplikasi siap"
    assert re.fullmatch(r"3\.1[4-9]\.\d+", page.get_by_test_id("engine-python").text_content())
    assert page.get_by_test_id("engine-pyodide").text_content().startswith("314.0.")
    assert page.get_by_test_id("engine-pydantic").text_content() == "2.14.4"


def test_cold_load_makes_no_request_outside_localhost(browser, server):
    ctx = browser.new_context()
    seen: list[str] = []
    ctx.on("request", lambda r: seen.append(r.url))
    try:
        page = ctx.new_page()
        page.on("request", lambda r: seen.append(r.url))
        page.on("worker", lambda w: w.on("request", lambda r: seen.append(r.url))
                if hasattr(w, "on") else None)
        page.goto(server.url + "/")
        assert wait_engine(page) == "ready"
        wait_sw_controlling(page)
    finally:
        ctx.close()
    assert len(seen) > 20, "requests were not recorded"
    ours = re.compile(r"^(http://127\.0\.0\.1:%d/|blob:http://127\.0\.0\.1:%d/|data:)" % (
        server.port, server.port))
    outside = sorted({u for u in seen if not ours.match(u)})
    assert outside == []


def test_restart_offline_after_one_visit(browser):
    # A dedicated server that we stop: the network is really gone, not only emulated.
    srv = ServerProcess()
    ctx = browser.new_context()
    try:
        page = ctx.new_page()
        page.goto(srv.url + "/")
        assert wait_engine(page) == "ready"
        wait_sw_controlling(page)
        srv.stop()
        ctx.set_offline(True)
        page.reload()
        assert wait_engine(page) == "ready"
        assert page.get_by_test_id("engine-pydantic").text_content() == "2.14.4"
    finally:
        ctx.close()
        srv.stop()


def test_failing_engine_start_shows_the_error_screen(browser, server):
    # A wheel the worker needs is missing (as after a broken deploy).
    ctx = browser.new_context(service_workers="block")
    try:
        ctx.route(re.compile(r".*/pydantic_core-.*\.whl$"),
                  lambda route: route.fulfill(status=404, body="not found"))
        page = ctx.new_page()
        page.goto(server.url + "/")
        assert wait_engine(page) == "error"
        error = page.get_by_test_id("engine-error")
        assert "Aplikasi gagal" in error.inner_text()
        detail = page.get_by_test_id("engine-error-detail").text_content()
        assert "pydantic_core" in detail or "404" in detail, detail
    finally:
        ctx.close()


def test_says_when_it_is_ready_to_work_offline_and_when_it_is_offline(browser):
    """Issue 15, item 10: after the first visit the top bar says the offline copy is complete,
    and it says so again (plainly) when the network goes away."""
    srv = ServerProcess()
    ctx = browser.new_context()
    try:
        page = ctx.new_page()
        page.goto(srv.url + "/")
        pill = page.get_by_test_id("offline-status")
        expect(pill).to_be_visible(timeout=30_000)
        assert wait_engine(page) == "ready"
        expect(pill).to_have_text("Siap dipakai tanpa internet", timeout=60_000)
        ctx.set_offline(True)
        expect(pill).to_have_attribute("data-state", "offline")
        expect(pill).to_contain_text("Sedang offline")
        ctx.set_offline(False)
        expect(pill).to_have_text("Siap dipakai tanpa internet")
        # A reload without network still starts, and says it is offline.
        wait_sw_controlling(page)
        srv.stop()
        ctx.set_offline(True)
        page.reload()
        assert wait_engine(page) == "ready"
        expect(pill).to_have_attribute("data-state", "offline", timeout=30_000)
    finally:
        ctx.close()
        srv.stop()
