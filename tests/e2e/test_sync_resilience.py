"""Sinkronisasi when things go wrong (issue 7): a cut connection, a closed tab, a server in
maintenance, two tabs at once. Medium school, so the upload goes in several parts."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from pyapp.core.generator import generate
from tests.e2e.test_data_entry import _ready_with_sample
from tests.e2e.steps import as_principal, confirm_and_start, register_device, register_school
from tests.harness import ServerProcess, wait_engine

pytestmark = pytest.mark.e2e


@pytest.fixture
def proxy(tmp_path):
    env = {"PYAPP_DATABASE_URL": f"sqlite:///{tmp_path / 'proxy.sqlite3'}"}
    snap, _ = generate("medium", seed=1)
    kode = register_school(env, snap.school.npsn, snap.school.nama)
    with ServerProcess(env=env) as srv:
        yield srv, env, snap.school.npsn, kode


def _cli(env, *args):
    subprocess.run([sys.executable, "-m", "pyapp", "proxy", *args],
                   env={**os.environ, **env}, check=True, capture_output=True)


def _as_principal(page, srv, npsn, kode):
    _ready_with_sample(page, srv.url, preset="medium")
    register_device(page, npsn, kode)
    expect(page.get_by_test_id("sync-status")).to_have_attribute("data-state", "online",
                                                                 timeout=30_000)
    as_principal(page, kode)


def _confirm_and_start(page):
    confirm_and_start(page, timeout=60_000)


PART_2 = re.compile(r".*/api/uploads/[^/]+/parts/2$")


def _cut_at_part_2(ctx):
    """The connection drops whenever part 2 is sent (the request fails on the wire)."""
    ctx.route(PART_2, lambda route: route.abort("internetdisconnected"))


def _waiting(page):
    expect(page.get_by_test_id("sync-progress")).to_have_attribute("data-phase", "menunggu",
                                                                   timeout=60_000)


def _receipt_seq(page) -> str:
    receipt = page.get_by_test_id("sync-receipt")
    expect(receipt).to_be_visible(timeout=180_000)
    return receipt.inner_text()


@pytest.fixture
def principal(browser, proxy):
    """A medium school loaded, this computer registered, acting as the Kepala Sekolah."""
    srv, env, npsn, kode = proxy
    ctx = browser.new_context()
    page = ctx.new_page()
    _as_principal(page, srv, npsn, kode)
    yield srv, env, ctx, page
    ctx.close()


def _stall_at_part_2(ctx, page):
    """Start the sync with part 2 failing on the wire, and wait until it is retrying."""
    _cut_at_part_2(ctx)
    _confirm_and_start(page)
    _waiting(page)


def test_connection_cut_mid_upload_then_restored(principal):
    _srv, _env, ctx, page = principal
    _stall_at_part_2(ctx, page)
    expect(page.get_by_test_id("sync-phase")).to_contain_text("Menunggu")
    ctx.unroute(PART_2)
    text = _receipt_seq(page)
    assert "Urutan server" in text
    # Nothing duplicated: the outbox is empty and the server took one push.
    page.get_by_test_id("nav-beranda").click()
    page.get_by_test_id("nav-sinkronisasi").click()
    expect(page.get_by_test_id("sync-pending")).to_contain_text("(0)")
    expect(page.get_by_test_id("sync-history").locator("tr")).to_have_count(2)


def test_tab_closed_mid_upload_resumes_on_the_next_visit(principal):
    srv, _env, ctx, page = principal
    _stall_at_part_2(ctx, page)
    page.close()
    ctx.unroute(PART_2)
    page = ctx.new_page()
    page.goto(srv.url + "/#/sinkronisasi")
    assert wait_engine(page) == "ready"
    _receipt_seq(page)
    expect(page.get_by_test_id("sync-history").locator("tr")).to_have_count(2)


def test_maintenance_window_waits_then_completes(principal):
    _srv, env, _ctx, page = principal
    _cli(env, "maintenance", "on")
    _confirm_and_start(page)
    phase = page.get_by_test_id("sync-phase")
    expect(phase).to_contain_text("pemeliharaan", timeout=60_000)
    _cli(env, "maintenance", "off")
    page.get_by_test_id("btn-coba-sekarang").click()  # the operator heard the server is back
    _receipt_seq(page)


def test_same_sync_in_two_tabs_runs_once(principal):
    srv, _env, ctx, page = principal
    _stall_at_part_2(ctx, page)
    other = ctx.new_page()
    other.goto(srv.url + "/#/sinkronisasi")
    assert wait_engine(other) == "ready"
    expect(other.get_by_test_id("sync-other-tab")).to_be_visible(timeout=60_000)
    ctx.unroute(PART_2)
    _receipt_seq(page)
    expect(page.get_by_test_id("sync-history").locator("tr")).to_have_count(2)
