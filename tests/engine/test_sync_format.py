"""A device still running an app of an older data format (simulated: its push names format 2)
is refused by an upgraded proxy (a real server process) with "Aplikasi perlu diperbarui":
nothing is stored, the job fails with the proxy's message and hint, and every change stays in
the outbox, so the updated app sends it (tests/proxy/test_data_format.py calls the API)."""

from __future__ import annotations

import pytest

from pyapp.core.generator import generate
from pyapp.core.sync import DATA_FORMAT
from pyapp.engine.sync import push_job
from tests.engine.sync_support import Device, Proxy, new_npsn, run, school_text


@pytest.fixture
def proxy(tmp_path):  # type: ignore[no-untyped-def]
    p = Proxy(tmp_path)
    yield p
    p.stop()


@pytest.mark.parametrize("parts", [{}, {"part_size": 4096, "single_max": 0}], ids=["push", "upload"])
def test_an_old_format_push_is_refused_and_the_outbox_kept(proxy, monkeypatch, parts) -> None:  # type: ignore[no-untyped-def]
    npsn = new_npsn()
    kode = proxy.register_school(npsn)
    dev = Device(proxy, **parts)
    dev.restore(school_text(generate("small", 1)[0], npsn))
    dev.register(npsn, kode)
    dev.as_principal(kode)
    pending = dev.call("pending")["total"]
    assert pending > 0
    monkeypatch.setattr(push_job, "DATA_FORMAT", DATA_FORMAT - 1)  # the app before the upgrade
    assert dev.begin()["ok"]
    assert dev.sync.job is not None and dev.sync.job["mode"] == ("upload" if parts else "push")
    state = run(dev.sync.run())
    assert state["phase"] == "gagal", state
    assert state["message"].startswith("Aplikasi perlu diperbarui.")
    assert "format data 2" in state["message"] and "tetap tersimpan" in (state["hint"] or "")
    assert dev.call("pending")["total"] == pending  # nothing acknowledged
    assert proxy.pull_all(npsn, kode) == []  # nothing stored
    monkeypatch.setattr(push_job, "DATA_FORMAT", DATA_FORMAT)  # the app updated
    done = dev.sync_all()
    assert done["phase"] == "selesai", done
    assert dev.call("pending")["total"] == 0 and len(proxy.pull_all(npsn, kode)) == pending
