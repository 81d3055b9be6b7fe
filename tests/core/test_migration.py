"""Older snapshot formats still load: the committed snapshots and engine backups made by the
format-1 app (before the official Dapodik codes) and the format-2 app (before the official
jenis sarana ids) migrate to format 3 (pyapp.core.migration)."""

from __future__ import annotations

import gzip
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from pyapp.core import rujukan
from pyapp.core.migration import CURRENT_VERSION, V1_CODES, V1_JURUSAN, V2_CODES, migrate
from pyapp.core.models import RECORD_TYPES
from pyapp.core.snapshot import SNAPSHOT_VERSION, dump_snapshot, load_snapshot
from pyapp.core.validation import validate
from tests.engine.conftest import new_service, run

LEGACY = Path(__file__).resolve().parents[1] / "fixtures" / "legacy"
OLD_TABLES: dict[str, list[list[Any]]] = json.loads((LEGACY / "rujukan-v1.json").read_text())["tables"]


def _text(name: str) -> str:
    return gzip.decompress((LEGACY / name).read_bytes()).decode()


def _coded_fields() -> list[tuple[str, str, str]]:
    out = []
    for tname, model in RECORD_TYPES.items():
        for fname, info in model.model_fields.items():
            extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
            if isinstance(extra.get("rujukan"), str) and extra["rujukan"] in OLD_TABLES:
                out.append((tname, fname, extra["rujukan"]))
    return out


@pytest.mark.parametrize("table", sorted(V1_CODES))
def test_every_old_code_has_a_valid_new_code(table: str) -> None:
    for old, _label in OLD_TABLES[table]:
        new = V1_CODES[table].get(old, old)
        assert rujukan.item(table, new) is not None, f"{table}: old {old!r} -> {new!r} unknown"


def test_tables_without_a_map_kept_their_codes() -> None:
    special = {"kurikulum", "jurusan", "mata_pelajaran"}  # migrated per rombel / pembelajaran
    for table, rows in OLD_TABLES.items():
        if table in V1_CODES or table in V2_CODES or table in special:
            continue
        for old, _label in rows:
            assert rujukan.item(table, old) is not None, f"{table}: {old!r} vanished without a migration"


def test_old_demo_snapshot_loads_and_validates_like_before() -> None:
    text = _text("snapshot-v1-small-seed3.json.gz")
    raw = json.loads(text)
    snap = load_snapshot(text, "lama.json")
    assert snap.version == SNAPSHOT_VERSION == CURRENT_VERSION == 3
    counts = snap.counts()
    assert {k: counts.pop(k) for k in raw["records"]} == {k: len(v) for k, v in raw["records"].items()}
    assert not any(counts.values())  # record types added since (sikap, ekskul, sanitasi …) start empty
    # every coded field went through the map
    by_id = {t: {r["id"]: r for r in raw["records"][t]} for t in raw["records"]}
    checked = 0
    for tname, fname, table in _coded_fields():
        for rec in snap.records[tname]:
            old = by_id[tname][rec.id].get(fname)
            if old is not None and table in V1_CODES:
                assert getattr(rec, fname) == V1_CODES[table].get(old, old)
                checked += 1
            elif old is not None and table in V2_CODES:  # the same in formats 1 and 2, then 2 -> 3
                assert getattr(rec, fname) == V2_CODES[table].get(old, old)
                checked += 1
    assert checked > 450
    assert snap.school.bentuk_pendidikan == 5 and all(r.kurikulum == 10111 for r in snap.records.rombel)
    # the only invalid findings are the mistakes the old generator injected on purpose
    manifest = json.loads((LEGACY / "snapshot-v1-small-seed3.manifest.json").read_text())
    report = validate(snap)
    invalid = Counter(f.rule_id for f in report.findings if f.severity == "invalid")
    assert not {"PEMB-MAPEL-KURIKULUM", "ROMBEL-KURIKULUM", "ROMBEL-JURUSAN"} & set(invalid)
    # the old generator dated every grade on the first day of the semester, before its assessment
    # (docs/domain.md#tanggal-penilaian): each is found, and only they
    assert invalid.pop("NILAI-SEBELUM-PENILAIAN") == len(raw["records"]["nilai"])
    assert set(invalid) == {"PD-NIK-TANGGAL", "PD-NIK-SAMA-KK", "PD-TANPA-ROMBEL", "ROMBEL-DAYA-TAMPUNG",
                            "ROMBEL-TANPA-WALI", "PEMB-JJM-MAKS", "NILAI-AGAMA-LAIN"}, invalid
    # the old generator gave every pupil Pendidikan Agama Islam: each non-Muslim pupil's PAI
    # grade is now found (the migration cannot know their grade in their own religion)
    agama = {p["id"]: p.get("agama") for p in raw["records"]["peserta_didik"]}
    pd_of = {a["id"]: a["peserta_didik_id"] for a in raw["records"]["anggota_rombel"]}
    pai = {p["id"] for p in raw["records"]["pembelajaran"] if p["mata_pelajaran_id"] == 1001}
    wrong = [n for n in raw["records"]["nilai"] if n["pembelajaran_id"] in pai and agama[pd_of[n["anggota_rombel_id"]]] != 1]
    assert invalid["NILAI-AGAMA-LAIN"] == len(wrong) > 0
    # one more JJM finding than injected: the old app allowed 8 h of Bahasa Indonesia in kelas 3,
    # the official Merdeka structure allows 7 (an honest finding after the migration)
    assert invalid["PEMB-JJM-MAKS"] == 2 and len(manifest["errors"]) == 6
    # and it is written back in format 3
    again = dump_snapshot(snap)
    assert '"version":3' in again.split("\n", 1)[0]
    assert load_snapshot(again) == snap


def test_old_engine_backup_restores_through_the_engine() -> None:
    text = _text("backup-v1-engine-small.json.gz")
    raw = json.loads(text)
    svc = new_service()

    async def go() -> dict[str, Any]:
        await svc.open({})
        return await svc.restore_backup({"text": text, "filename": "cadangan-lama.json"})

    res = run(go())
    assert res["ok"], res
    assert {k: n for k, n in res["counts"].items() if n or k in raw["records"]} == {
        k: len(v) for k, v in raw["records"].items()}
    uji = {r["nama"]: r for r in raw["records"]["peserta_didik"] if r["nama"].startswith("Uji Kode Lama")}
    now = {p.nama: p for p in svc.data["peserta_didik"].values() if p.nama in uji}
    assert len(now) == len(uji) >= 12
    for nama, old in uji.items():
        pd = now[nama]
        assert pd.alat_transportasi == V1_CODES["alat_transportasi"].get(old["alat_transportasi"], old["alat_transportasi"])
        assert pd.jenis_tinggal == V1_CODES["jenis_tinggal"].get(old["jenis_tinggal"], old["jenis_tinggal"])
    # the examples: old 11 Sepeda -> 12 Sepeda, old 6 Pesantren -> 10 Pesantren
    sepeda = [n for n, o in uji.items() if o["alat_transportasi"] == 11]
    assert sepeda and rujukan.label("alat_transportasi", now[sepeda[0]].alat_transportasi) == "Sepeda"
    pesantren = [n for n, o in uji.items() if o["jenis_tinggal"] == 6]
    assert pesantren and rujukan.label("jenis_tinggal", now[pesantren[0]].jenis_tinggal) == "Pesantren"
    ptk = {p.nama: p for p in svc.data["ptk"].values()}
    old_ptk = {r["nama"]: r for r in raw["records"]["ptk"] if r["nama"].startswith("Guru Uji")}
    for nama, old in old_ptk.items():
        assert ptk[nama].status_kepegawaian == V1_CODES["status_kepegawaian"].get(
            old["status_kepegawaian"], old["status_kepegawaian"])
    gtt = [n for n, o in old_ptk.items() if o["status_kepegawaian"] == 6]
    assert gtt and rujukan.label("status_kepegawaian", ptk[gtt[0]].status_kepegawaian) == "Honor Daerah TK.I Provinsi"
    reg_keluar = {r["jenis_keluar"] for r in raw["records"]["registrasi"] if r.get("jenis_keluar")}
    assert "Z" in reg_keluar and {r.jenis_keluar for r in svc.data["registrasi"].values()} >= {99, 1}


def _v1_smk() -> dict[str, Any]:
    uid = iter(f"00000000-0000-4000-8000-{i:012d}" for i in range(1, 100))
    base = {"version": 1, "created_at": "2025-07-14T00:00:00Z", "updated_at": "2025-07-14T00:00:00Z"}
    rombel = [
        {"id": next(uid), "semester_id": "20251", "tingkat": 10, "kurikulum": 104, "jurusan": 2, "nama": "X RPL 1"},
        {"id": next(uid), "semester_id": "20251", "tingkat": 11, "kurikulum": 104, "jurusan": 2, "nama": "XI RPL 1"},
        {"id": next(uid), "semester_id": "20251", "tingkat": 12, "kurikulum": 204, "jurusan": 1, "nama": "XII TKJ 1"},
    ]
    pemb = [
        {"id": next(uid), "rombel_id": rombel[0]["id"], "mata_pelajaran_id": 4030, "semester_id": "20251"},
        {"id": next(uid), "rombel_id": rombel[1]["id"], "mata_pelajaran_id": 4031, "semester_id": "20251"},
        {"id": next(uid), "rombel_id": rombel[1]["id"], "mata_pelajaran_id": 4001, "semester_id": "20251"},
        {"id": next(uid), "rombel_id": rombel[0]["id"], "mata_pelajaran_id": 4015, "semester_id": "20251"},
    ]
    return {"format": "pyapp-snapshot", "version": 1, "created_at": "2025-07-14T00:00:00Z",
            "school": {"nama": "SMK Lama", "semester_id": "20251", "bentuk_pendidikan": 15},
            "records": {"sekolah": [{**base, "id": next(uid), "nama": "SMK Lama", "bentuk_pendidikan": 15,
                                     "akreditasi": "A"}],
                        "rombel": [{**base, **r} for r in rombel], "pembelajaran": [{**base, **p} for p in pemb]}}


def test_smk_rombels_get_the_kurikulum_of_their_program_or_konsentrasi() -> None:
    snap = load_snapshot(json.dumps(_v1_smk()), "smk-lama.json")
    r10, r11, r12 = snap.records.rombel
    program, konsentrasi, k13 = V1_JURUSAN[2]
    assert (r10.jurusan, r11.jurusan) == (program, konsentrasi) and r12.jurusan == V1_JURUSAN[1][2]
    assert rujukan.item("kurikulum", r10.kurikulum)["jurusan"] == program
    assert rujukan.item("kurikulum", r11.kurikulum)["jurusan"] == konsentrasi
    assert rujukan.item("kurikulum", r12.kurikulum)["kurikulum"] == "K13"
    assert snap.records.sekolah[0].akreditasi == 1
    dasar, kons, pai, mtk = (p.mata_pelajaran_id for p in snap.records.pembelajaran)
    assert rujukan.label("mata_pelajaran", dasar).startswith("Dasar Dasar Pengembangan Perangkat Lunak")
    assert rujukan.label("mata_pelajaran", kons) == "Rekayasa Perangkat Lunak"
    assert rujukan.item("mata_pelajaran", pai)["agama"] == 1 and mtk == 401000000
    for p in snap.records.pembelajaran:
        rb = next(x for x in snap.records.rombel if x.id == p.rombel_id)
        assert p.mata_pelajaran_id in rujukan.struktur(rb.kurikulum, rb.tingkat)
    report = validate(snap)
    assert not [f for f in report.findings if f.rule_id in ("PEMB-MAPEL-KURIKULUM", "ROMBEL-JURUSAN")]


def test_migrate_leaves_a_current_document_alone() -> None:
    doc = {"format": "pyapp-snapshot", "version": 3,
           "records": {"peserta_didik": [{"alat_transportasi": 12}], "alat": [{"jenis_sarana": 7}]}}
    assert migrate(json.loads(json.dumps(doc))) == doc  # 7 is Papan Tulis now, not format 2's Komputer


def test_a_broken_old_file_still_gets_a_clear_message() -> None:
    doc = _v1_smk()
    doc["records"]["rombel"][0]["tingkat"] = "sepuluh"
    with pytest.raises(Exception) as err:
        load_snapshot(json.dumps(doc), "rusak.json")
    assert "rusak.json: rombel[0]" in str(err.value) and "tingkat" in str(err.value)
