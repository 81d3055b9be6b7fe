"""The record types added for issue 14 through the engine, as the UI uses them: sikap and
ekstrakurikuler (tab Nilai), riwayat pendidikan formal (GTK), sanitasi (Sekolah). Listing,
form metadata, saving with findings, the assessment-date rule, and deletes that take what
belongs to a record along."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from pyapp.core.generator import generate
from pyapp.core.snapshot import dump_snapshot
from pyapp.engine import fields as F
from pyapp.engine.service import EngineService
from pyapp.engine.store import MemoryStore
from tests.engine.conftest import Clock, new_service, run

NEW = ("sanitasi", "alat_longitudinal", "bangunan_longitudinal", "ruang_longitudinal", "rwy_pendidikan_formal", "deskripsi_sikap", "kelas_ekskul", "nilai_ekskul")


def _service(text: str, clock: Clock | None = None) -> EngineService:
    svc = EngineService(MemoryStore(), clock=clock or Clock())

    async def setup() -> EngineService:
        await svc.open({})
        res = await svc.restore_backup({"text": text, "filename": "contoh.json"})
        assert res["ok"], res
        return svc

    return run(setup())


@pytest.fixture(scope="module")
def k13_text() -> str:
    snap, _ = generate("smp-k13", 2)
    return dump_snapshot(snap)


def _ids(findings: list[dict], rule: str) -> list[dict]:
    return [f for f in findings if f["rule_id"] == rule]


def test_new_types_are_listed_on_their_tabs_with_forms(k13_text):
    svc = _service(k13_text)
    types = {t["type"]: t for t in run(svc.record_types({}))}
    assert {n: types[n]["tab"] for n in NEW} == {"sanitasi": "Sekolah", "ruang_longitudinal": "Sarpras",
                                                 "bangunan_longitudinal": "Sarpras", "alat_longitudinal": "Sarpras",
                                                 "rwy_pendidikan_formal": "GTK",
                                                 "deskripsi_sikap": "Nilai", "kelas_ekskul": "Nilai",
                                                 "nilai_ekskul": "Nilai"}
    opened = run(svc.open({}))
    assert all(opened["counts"][n] > 0 for n in NEW), opened["counts"]
    meta = {f["name"]: f for f in run(svc.form_meta({"type": "nilai_ekskul"}))["fields"]}
    assert meta["nilai_huruf"]["kind"] == "select" and ["SB", "Sangat Baik"] in meta["nilai_huruf"]["choices"]
    assert meta["kelas_ekskul_id"]["ref"] == "kelas_ekskul" and meta["anggota_rombel_id"]["ref"] == "anggota_rombel"
    sikap = {f["name"]: f for f in run(svc.form_meta({"type": "deskripsi_sikap"}))["fields"]}
    assert sikap["predikat_spiritual"]["label"] == "Predikat sikap spiritual"
    # a grade is labelled by its pupil and its activity; filtering by activity lists its members
    kegiatan = next(k for k in svc.data["kelas_ekskul"].values() if k.nm_ekskul == "Pramuka")
    page = run(svc.list({"type": "nilai_ekskul", "filter": {"kelas_ekskul_id": kegiatan.id}, "limit": 1000}))
    members = [n for n in svc.data["nilai_ekskul"].values() if n.kelas_ekskul_id == kegiatan.id]
    assert page["total"] == len(members) > 0
    assert all(i["label"].endswith("— Pramuka") for i in page["items"])
    assert [c["name"] for c in page["columns"]][:2] == list(F.COLUMNS["nilai_ekskul"][:2])
    rwy = run(svc.list({"type": "rwy_pendidikan_formal", "limit": 5}))["items"][0]
    assert " — " in rwy["label"]  # names its PTK
    assert run(svc.summary({}))["invalid"] == 0


def test_saving_a_grade_before_the_assessment_date_is_invalid(k13_text):
    early = _service(k13_text, Clock(datetime(2025, 11, 30, 16, 59, 0, tzinfo=timezone.utc)))  # 23.59 WIB
    kegiatan = next(iter(early.data["kelas_ekskul"].values()))
    nilai = next(n for n in early.data["nilai_ekskul"].values() if n.kelas_ekskul_id == kegiatan.id)
    out = run(early.save({"type": "nilai_ekskul", "record": {"id": nilai.id, "nilai_huruf": "SB"}}))
    assert out["ok"] is True  # saved: an invalid record is kept, and said to be invalid
    found = _ids(out["findings"], "NILAI-EKSKUL-SEBELUM-PENILAIAN")
    assert len(found) == 1 and "1 Desember 2025" in found[0]["message"], out["findings"]
    sikap = next(iter(early.data["deskripsi_sikap"].values()))
    out = run(early.save({"type": "deskripsi_sikap", "record": {"id": sikap.id, "predikat_sosial": "B"}}))
    assert _ids(out["findings"], "NILAI-SIKAP-SEBELUM-PENILAIAN")
    # the same edits a minute later (00.00 WIB on 1 December) are fine
    later = _service(k13_text, Clock(datetime(2025, 11, 30, 17, 0, 0, tzinfo=timezone.utc)))
    out = run(later.save({"type": "nilai_ekskul", "record": {"id": nilai.id, "nilai_huruf": "SB"}}))
    assert out["ok"] and not _ids(out["findings"], "NILAI-EKSKUL-SEBELUM-PENILAIAN")


def test_sikap_and_ekskul_rules_through_edits(k13_text):
    svc = _service(k13_text)
    sikap = next(iter(svc.data["deskripsi_sikap"].values()))
    out = run(svc.save({"type": "deskripsi_sikap", "record": {"id": sikap.id, "predikat_spiritual": None}}))
    assert [f["field"] for f in _ids(out["findings"], "NILAI-SIKAP-KOSONG")] == ["predikat_spiritual"]
    # the pupil's rombel switched to Kurikulum Merdeka: sikap is now wrong there
    rombel = svc.data["rombel"][svc.data["anggota_rombel"][sikap.anggota_rombel_id].rombel_id]
    run(svc.save({"type": "rombel", "record": {"id": rombel.id, "kurikulum": 10211}}))  # Kurikulum SMP Merdeka
    invalid = run(svc.findings({"severity": "invalid", "limit": 10000}))["items"]
    assert sikap.id in {f["record_id"] for f in _ids(invalid, "NILAI-SIKAP-MERDEKA")}
    bad = run(svc.save({"type": "nilai_ekskul", "record": {"kelas_ekskul_id": "nope", "anggota_rombel_id": sikap.anggota_rombel_id}}))
    assert bad["ok"] is False and "kelas_ekskul_id" in bad["details"]["fields"]
    bad = run(svc.save({"type": "nilai_ekskul", "record": {"kelas_ekskul_id": next(iter(svc.data["kelas_ekskul"])),
                                                           "anggota_rombel_id": sikap.anggota_rombel_id,
                                                           "nilai_huruf": "A"}}))
    assert bad["ok"] is False and "nilai_huruf" in bad["details"]["fields"]


def test_riwayat_and_sanitasi_rules_through_edits(k13_text):
    svc = _service(k13_text)
    ptk = next(p for p in svc.data["ptk"].values() if p.pendidikan_terakhir == 30)
    out = run(svc.save({"type": "rwy_pendidikan_formal", "record": {
        "ptk_id": ptk.id, "jenjang_pendidikan_id": 40, "satuan_pendidikan_formal": "Universitas Negeri Malang",
        "tahun_masuk": 2015, "tahun_lulus": 2019}}))
    assert out["ok"] and out["created"]
    assert _ids(out["findings"], "GTK-RWY-BERJENJANG")[0]["message"].endswith("ada S3 tanpa S2.")
    warn = run(svc.findings({"severity": "warning", "limit": 10000}))["items"]
    assert ptk.id in {f["record_id"] for f in _ids(warn, "GTK-RWY-TERAKHIR")}
    out = run(svc.save({"type": "rwy_pendidikan_formal", "record": {"id": out["record"]["id"], "tahun_lulus": 2014}}))
    assert _ids(out["findings"], "GTK-RWY-TAHUN")
    san = next(iter(svc.data["sanitasi"].values()))
    out = run(svc.save({"type": "sanitasi", "record": {"id": san.id, "tempat_cuci_tangan": 2,
                                                      "tempat_cuci_tangan_rusak": 3}}))
    assert [f["field"] for f in _ids(out["findings"], "SEK-SANITASI-CUCI-TANGAN")] == ["tempat_cuci_tangan_rusak"]
    bad = run(svc.save({"type": "sanitasi", "record": {"id": san.id, "jml_jamban_p_g": 100}}))
    assert bad["ok"] is False and "jml_jamban_p_g" in bad["details"]["fields"]
    assert svc.data["sanitasi"][san.id].tempat_cuci_tangan_rusak == 3  # the refused save lost nothing


def test_room_condition_per_semester(k13_text):
    svc = _service(k13_text)
    rombel = next(r for r in svc.data["rombel"].values() if r.ruang_id)
    kondisi = next(k for k in svc.data["ruang_longitudinal"].values() if k.ruang_id == rombel.ruang_id)
    room = svc.data["ruang"][rombel.ruang_id].nama
    assert run(svc.list({"type": "ruang_longitudinal", "q": room}))["items"][0]["label"].startswith(room + " — ")
    out = run(svc.save({"type": "ruang_longitudinal", "record": {"id": kondisi.id, "berfungsi": False}}))
    assert [f["message"] for f in _ids(out["findings"], "SAR-KONDISI-TIDAK-BERFUNGSI")] == [
        f"Kondisi semester 20251: ruang {room} dinyatakan tidak berfungsi, tetapi dipakai rombel {rombel.nama}."
    ]
    # the room belongs to its building: deleting the room takes its conditions along
    ask = run(svc.delete({"type": "ruang", "id": rombel.ruang_id}))
    assert ask["ok"] is False  # still the rombel's classroom: refused, nothing deleted
    assert not svc.data["ruang_longitudinal"][kondisi.id].deleted
    out = run(svc.delete({"type": "ruang_longitudinal", "id": kondisi.id}))
    assert out["ok"]
    warn = run(svc.findings({"severity": "warning", "limit": 10000}))["items"]
    assert rombel.ruang_id in {f["record_id"] for f in _ids(warn, "SAR-KONDISI-KOSONG")}


def test_deleting_an_activity_or_a_ptk_takes_what_belongs_to_it(k13_text):
    svc = _service(k13_text)
    kegiatan = next(iter(svc.data["kelas_ekskul"].values()))
    members = [n.id for n in svc.data["nilai_ekskul"].values() if n.kelas_ekskul_id == kegiatan.id]
    ask = run(svc.delete({"type": "kelas_ekskul", "id": kegiatan.id}))
    assert ask["code"] == "engine.hapus_perlu_konfirmasi"
    assert ask["details"]["dependents"]["nilai_ekskul"] == len(members) > 0
    out = run(svc.delete({"type": "kelas_ekskul", "id": kegiatan.id, "cascade": True}))
    assert out["ok"] and all(svc.data["nilai_ekskul"][i].deleted for i in members)
    # a pembina is referred to by the activity: that blocks deleting the PTK
    other = next(k for k in svc.data["kelas_ekskul"].values() if not k.deleted and k.ptk_id)
    refused = run(svc.delete({"type": "ptk", "id": other.ptk_id, "cascade": True}))
    assert refused["ok"] is False and "masih dirujuk" in refused["message"]


def test_empty_school_opens_with_the_new_types():
    svc = new_service()
    out = run(svc.open({}))
    assert all(out["counts"][n] == 0 for n in NEW)
