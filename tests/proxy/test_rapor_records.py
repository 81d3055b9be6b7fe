"""The record types added for issue 14 through the proxy: a compact push of a Kurikulum 2013
school carries sikap, ekstrakurikuler, riwayat pendidikan formal and sanitasi; the manifest
counts them on their tabs; the server checks their rules again (a grade dated before the
assessment, a sikap under Kurikulum Merdeka) and merges their edits like any record."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from pyapp.core.models import TAB_OF
from pyapp.core.sync import Change
from tests.proxy.sync_client import SyncClient, edit, full_changes

NEW = ("sanitasi", "alat_longitudinal", "bangunan_longitudinal", "ruang_longitudinal", "rwy_pendidikan_formal", "deskripsi_sikap", "kelas_ekskul", "nilai_ekskul")


@pytest.fixture(scope="module")
def k13() -> Any:
    from pyapp.core.generator import generate

    return generate("smp-k13", seed=5)[0]


def _change(changes: list[Change], rtype: str) -> tuple[int, Change]:
    return next((i, c) for i, c in enumerate(changes) if c.type == rtype)


def test_compact_push_stores_the_new_types_and_pull_gives_them_back(client, k13):
    school = SyncClient.register(client, k13)
    push = school.full_push()
    sent = Counter(c.type for c in push.changes)
    assert all(sent[t] > 0 for t in NEW), sent
    # the manifest counts them on their tabs, as the proxy recounts them
    assert push.manifest.counts["Nilai"] == sum(n for t, n in sent.items() if TAB_OF[t] == "Nilai")
    r = school.send(push, gzipped=True, compact=True)
    assert r.status_code == 200, r.text
    tabs = r.json()["tabs"]
    assert tabs["Nilai"]["created"] == push.manifest.counts["Nilai"]
    assert tabs["GTK"]["created"] == push.manifest.counts["GTK"]
    pulled, _ = school.pull_all()
    got = {(c["type"], c["id"]): c["record"] for c in pulled}
    for t in NEW:
        for rec in k13.records[t]:
            assert {k: v for k, v in got[(t, rec.id)].items() if v is not None} == rec.model_dump(
                mode="json", exclude_none=True), (t, rec.id)


def test_a_grade_dated_before_the_assessment_is_refused_by_the_server(client, k13):
    school = SyncClient.register(client, k13)
    changes = full_changes(k13, school.npsn)
    i, c = _change(changes, "nilai_ekskul")
    changes[i] = c.model_copy(update={"record": {**c.record, "updated_at": "2025-11-30T16:59:59Z"}})
    r = school.send(school.make_push(changes), compact=True)
    assert r.status_code == 422, r.text
    found = {(f["rule_id"], f["record_id"]) for f in r.json()["details"]["findings"]}
    assert found == {("NILAI-EKSKUL-SEBELUM-PENILAIAN", c.id)}


def test_edits_of_the_new_types_merge_and_conflict_like_any_record(client, k13):
    school = SyncClient.register(client, k13)
    assert school.send(school.full_push()).status_code == 200
    san = k13.records["sanitasi"][0]
    sikap = k13.records["deskripsi_sikap"][0]
    ok = school.send(school.make_push([
        edit(san, tempat_cuci_tangan=9, tempat_cuci_tangan_rusak=2),
        edit(sikap, predikat_sosial="SB")]))
    assert ok.status_code == 200, ok.text
    assert ok.json()["counts"]["updated"] == 2
    assert ok.json()["tabs"]["Sekolah"]["updated"] == 1 and ok.json()["tabs"]["Nilai"]["updated"] == 1
    # a second computer still at version 1 of the sanitasi: a conflict, not an overwrite
    stale = school.send(school.make_push([edit(san, tempat_cuci_tangan=1)]))
    assert stale.status_code == 200 and stale.json()["counts"]["conflict"] == 1
    pulled, _ = school.pull_all()
    now = next(c["record"] for c in pulled if c["id"] == san.id)
    assert (now["version"], now["tempat_cuci_tangan"]) == (2, 9)
    # a rule broken by a delta is refused: more broken hand-washing places than places
    r = school.send(school.make_push([Change(type="sanitasi", id=san.id, op="upsert", base_version=2,
                                             record={**now, "version": 3, "tempat_cuci_tangan_rusak": 12})]))
    assert r.status_code == 422
    assert {f["rule_id"] for f in r.json()["details"]["findings"]} == {"SEK-SANITASI-CUCI-TANGAN"}


def test_sikap_under_kurikulum_merdeka_is_refused(client, demo):
    """The small demo school follows Kurikulum Merdeka: a sikap row there is invalid."""
    school = SyncClient.register(client, demo)
    changes = full_changes(demo, school.npsn)
    anggota = demo.records["anggota_rombel"][0]
    sikap = Change(type="deskripsi_sikap", id="6a1c9a52-0d8e-4c3e-9a57-3b1f3f0b2a11", op="upsert", record={
        "id": "6a1c9a52-0d8e-4c3e-9a57-3b1f3f0b2a11", "version": 1, "created_at": "2025-12-08T02:00:00Z",
        "updated_at": "2025-12-08T02:00:00Z", "deleted": False, "anggota_rombel_id": anggota.id,
        "predikat_spiritual": "B", "uraian_deskripsi_spiritual": "Taat beribadah.", "predikat_sosial": "B",
        "uraian_deskripsi_sosial": "Santun."})
    r = school.send(school.make_push([*changes, sikap]), gzipped=True)
    assert r.status_code == 422
    assert {(f["rule_id"], f["record_id"]) for f in r.json()["details"]["findings"]} == {
        ("NILAI-SIKAP-MERDEKA", sikap.id)}
