"""A sync that survives a cut connection, a closed tab and a server in maintenance.

Uploads in small parts (4 KiB, never a single POST) so the small preset goes through the
resumable upload endpoints: create → parts → status → commit."""

from __future__ import annotations

import re

import pytest

from pyapp.core.generator import generate
from pyapp.engine.service import EngineService
from pyapp.engine.sync import SyncClient
from tests.engine.sync_support import Device, Proxy, new_npsn, run, school_text

PARTS = {"part_size": 4096, "single_max": 0}


@pytest.fixture(scope="module")
def valid_school():
    return generate("small", 1)[0]


@pytest.fixture
def proxy(tmp_path):
    p = Proxy(tmp_path)
    yield p
    p.stop()


@pytest.fixture
def ready(proxy, valid_school):
    """A registered school on a device acting as its principal, sync begun (upload mode)."""
    npsn = new_npsn()
    kode = proxy.register_school(npsn)
    dev = Device(proxy, **PARTS)
    dev.restore(school_text(valid_school, npsn))
    dev.register(npsn, kode)
    dev.as_principal(kode)
    begun = dev.begin()
    assert begun["ok"], begun
    assert begun["state"]["total"] > 5 and dev.sync.job["mode"] == "upload"
    return npsn, kode, dev


def steps_until(dev, cond, limit=200):
    for _ in range(limit):
        state = dev.call("sync_step")["state"]
        if cond(state):
            return state
    raise AssertionError(f"never reached: {state}")


def assert_stored_once(proxy, npsn, kode, dev, receipt):
    assert receipt["server_seq"] == 1  # one push, however many retries
    server = proxy.pull_all(npsn, kode)
    assert len(server) == len({(c["type"], c["id"]) for c in server})  # no duplicate
    assert {(c["type"], c["id"]): c["record"] for c in server} == dev.records()
    assert dev.call("pending")["total"] == 0


def test_connection_cut_mid_upload(proxy, ready):
    npsn, kode, dev = ready
    mid = steps_until(dev, lambda s: s["phase"] == "mengirim" and s["sent"] >= 3)
    proxy.stop()  # the connection is cut
    cut = dev.call("sync_step")["state"]
    assert cut["phase"] == "menunggu" and cut["retry_in_s"] and cut["retry_at"] is None
    assert "terputus" in cut["message"] and cut["sent"] == mid["sent"]
    # waiting: calling again before the time makes no request and changes nothing
    assert dev.call("sync_step")["state"]["phase"] == "menunggu"
    dev.clock.advance(cut["retry_in_s"])
    again = dev.call("sync_step")["state"]  # still down: a longer wait (backoff)
    assert again["phase"] == "menunggu" and dev.sync.job["attempt"] == 2
    proxy.start()  # restored, same database and port
    state = run(dev.sync.run())
    assert state["phase"] == "selesai", state
    assert state["sent"] == state["total"]
    assert_stored_once(proxy, npsn, kode, dev, state["receipt"])


def test_resume_after_closed_tab(proxy, ready):
    npsn, kode, dev = ready
    steps_until(dev, lambda s: s["phase"] == "mengirim" and s["sent"] >= 4)
    key = dev.sync.job["key"]
    # the tab is closed: a new engine on the same storage
    svc = EngineService(dev.store, clock=dev.clock)
    sync = SyncClient(svc, dev.sync.http.__class__(), dev.clock, dev.clock.advance, **PARTS)
    dev.svc, dev.sync = svc, sync
    run(svc.open({}))
    cfg = dev.call("sync_config")
    assert cfg["pending_upload"] is True and cfg["role"] == "kepala_sekolah"
    state = dev.call("sync_state")["state"]
    assert state["phase"] == "mengirim" and state["sent"] >= 4
    first = dev.call("sync_step")["state"]  # asks the server what it already has
    assert first["sent"] >= 4
    state = run(sync.run())
    assert state["phase"] == "selesai", state
    assert state["receipt"]["idempotency_key"] == key
    assert_stored_once(proxy, npsn, kode, dev, state["receipt"])
    assert len(dev.call("sync_history")) == 1


def test_maintenance_waits_then_completes(proxy, ready):
    npsn, kode, dev = ready
    steps_until(dev, lambda s: s["phase"] == "mengirim" and s["sent"] >= 2)
    dev.call("sync_config", {"tz_offset_min": 420})  # WIB
    proxy.cli("maintenance", "on", "--retry-after", "300")
    state = dev.call("sync_step")["state"]
    assert state["phase"] == "menunggu" and state["retry_at"]
    m = re.fullmatch(r"Server sedang pemeliharaan, dicoba lagi pukul (\d\d):(\d\d)", state["message"])
    assert m, state["message"]
    assert state["retry_in_s"] == pytest.approx(300, abs=1)
    # before the time: no request
    before = dev.sync.job["requests"]
    assert dev.call("sync_step")["state"]["phase"] == "menunggu"
    assert dev.sync.job["requests"] == before
    proxy.cli("maintenance", "off")
    dev.clock.advance(300)
    state = run(dev.sync.run())
    assert state["phase"] == "selesai", state
    assert_stored_once(proxy, npsn, kode, dev, state["receipt"])


def test_edit_during_upload_stays_pending(proxy, ready):
    npsn, kode, dev = ready
    steps_until(dev, lambda s: s["phase"] == "mengirim" and s["sent"] >= 1)
    pd = next(iter(dev.svc.data["peserta_didik"].values()))
    assert dev.call("save", {"type": "peserta_didik",
                             "record": {"id": pd.id, "nama": "Diubah Saat Kirim"}})["ok"]
    state = run(dev.sync.run())
    assert state["phase"] == "selesai"
    assert dev.call("pending")["total"] == 1  # the edit after sync_begin was not acked
    server = {(c["type"], c["id"]): c["record"] for c in proxy.pull_all(npsn, kode)}
    assert server[("peserta_didik", pd.id)]["nama"] == pd.nama  # the confirmed payload
    assert dev.sync_all()["receipt"]["counts"]["updated"] == 1


def test_code_reset_fails_with_a_hint(proxy, ready):
    npsn, kode, dev = ready
    steps_until(dev, lambda s: s["phase"] == "mengirim" and s["sent"] >= 1)
    proxy.cli("reset-code", npsn)
    state = run(dev.sync.run())
    assert state["phase"] == "gagal"
    assert "kode registrasi" in (state["hint"] or "").lower()
    assert dev.call("pending")["total"] > 0  # nothing was acked


def test_two_tabs_on_one_sync_store_it_once(proxy, ready):
    """Two tabs (engines on the same storage) both step the same sync: the job and the
    payload are re-read from storage at every step, so it completes once."""
    npsn, kode, a = ready
    b = Device(proxy, store=a.store, clock=a.clock, **PARTS)
    assert b.call("sync_config")["pending_upload"] is True
    refused = b.begin()
    assert refused["ok"] is False and refused["details"]["state"]["phase"] == "menyiapkan"
    for i in range(200):
        state = (a if i % 2 else b).call("sync_step")["state"]
        if state["phase"] == "selesai":
            break
    assert state["phase"] == "selesai", state
    assert a.call("sync_step")["state"]["phase"] == "selesai"
    assert_stored_once(proxy, npsn, kode, a, state["receipt"])
    assert len(a.call("sync_history")) == 1
