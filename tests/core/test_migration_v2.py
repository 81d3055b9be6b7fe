"""Snapshot format 2 (the app's own jenis sarana codes) still loads: the committed snapshot and
engine backup made by that version migrate to format 3 (pyapp.core.migration_v2) and validate
as they did then; the map is applied once, to format-2 data only."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

from pyapp.core import rujukan
from pyapp.core.migration import V2_CODES, migrate, migrate_records
from pyapp.core.snapshot import SNAPSHOT_VERSION, dump_snapshot, load_snapshot
from pyapp.core.validation import validate
from tests.engine.conftest import new_service, run

LEGACY = Path(__file__).resolve().parents[1] / "fixtures" / "legacy"
OLD_SARANA: dict[int, str] = dict(json.loads((LEGACY / "rujukan-v2-jenis_sarana.json").read_text())["rows"])
SARANA = V2_CODES["jenis_sarana"]


def _text(name: str) -> str:
    return gzip.decompress((LEGACY / name).read_bytes()).decode()


def test_every_format_2_sarana_code_has_its_official_equal() -> None:
    assert set(OLD_SARANA) == {*range(1, 16), 99}
    new = {old: rujukan.label("jenis_sarana", SARANA.get(old, old)) for old in OLD_SARANA}
    # the same thing under its official id (several keep their number: 1-4)
    assert new == {1: "Meja Siswa", 2: "Kursi Siswa", 3: "Meja Guru", 4: "Kursi Guru", 5: "Papan Tulis",
                   6: "Lemari", 7: "Komputer", 8: "Proyektor", 9: "Rak Buku", 10: "Buku Teks Pelajaran",
                   11: "Alat Peraga", 12: "Kloset Jongkok", 13: "Wastafel", 14: "Peralatan",
                   15: "Peralatan Ketrampilan", 99: "Lainnya"}
    # every new code is offered for new data except Buku Teks Pelajaran, retired in Dapodik
    assert [old for old in OLD_SARANA if not rujukan.offered("jenis_sarana", SARANA.get(old, old))] == [10]
    assert rujukan.item("jenis_sarana", 23826)["expired"] is True


def test_format_2_snapshot_migrates_and_validates_with_the_same_findings() -> None:
    text = _text("snapshot-v2-small-seed5.json.gz")
    raw = json.loads(text)
    assert raw["version"] == 2
    snap = load_snapshot(text, "format2.json")
    assert snap.version == SNAPSHOT_VERSION == 3
    counts = snap.counts()
    assert {k: counts.pop(k) for k in raw["records"]} == {k: len(v) for k, v in raw["records"].items()}
    assert not any(counts.values())
    old = {a["id"]: a["jenis_sarana"] for a in raw["records"]["alat"]}
    assert {5, 6, 9, 10, 12, 13} <= set(old.values())  # the small SD sample's kinds that move
    for a in snap.records.alat:
        assert a.jenis_sarana == SARANA.get(old[a.id], old[a.id])
    # every other field is what format 2 had
    for tname, recs in raw["records"].items():
        if tname != "alat":
            assert [r.model_dump(mode="json", exclude_none=True) for r in snap.records[tname]] == recs, tname
    # the findings that format 2 recorded, no more, no fewer (kloset 12 -> 202 still counts
    # as a toilet's kloset: no SAR-TOILET-SANITASI)
    then = json.loads((LEGACY / "snapshot-v2-small-seed5.findings.json").read_text())["findings"]
    now = sorted([f.rule_id, f.severity, f.record_type, f.record_id] for f in validate(snap).findings)
    assert now == then
    again = dump_snapshot(snap)
    assert '"version":3' in again.split("\n", 1)[0] and load_snapshot(again) == snap


def test_format_2_engine_backup_restores_through_the_engine() -> None:
    text = _text("backup-v2-engine-small.json.gz")
    raw = json.loads(text)
    svc = new_service()

    async def go() -> dict[str, Any]:
        await svc.open({})
        return await svc.restore_backup({"text": text, "filename": "cadangan-format2.json"})

    res = run(go())
    assert res["ok"], res
    assert {k: n for k, n in res["counts"].items() if n or k in raw["records"]} == {
        k: len(v) for k, v in raw["records"].items()}
    old = {a["id"]: a["jenis_sarana"] for a in raw["records"]["alat"]}
    assert set(old.values()) == set(OLD_SARANA)  # the extra records used every code the form offered
    for rid, code in old.items():
        assert svc.data["alat"][rid].jenis_sarana == SARANA.get(code, code)
    labels = {OLD_SARANA[code]: rujukan.label("jenis_sarana", svc.data["alat"][rid].jenis_sarana)
              for rid, code in old.items()}
    assert labels["Papan Tulis"] == "Papan Tulis" and labels["Kloset"] == "Kloset Jongkok"
    assert labels["Komputer/Laptop"] == "Komputer" and labels["Lainnya"] == "Lainnya"


def test_format_1_goes_through_both_steps_and_format_3_through_none() -> None:
    v1 = {"format": "pyapp-snapshot", "version": 1,
          "records": {"alat": [{"jenis_sarana": 7}], "peserta_didik": [{"alat_transportasi": 11}]}}
    assert migrate(v1)["records"] == {"alat": [{"jenis_sarana": 13}], "peserta_didik": [{"alat_transportasi": 12}]}
    assert v1["version"] == 3
    v3 = {"format": "pyapp-snapshot", "version": 3, "records": {"alat": [{"jenis_sarana": 13}]}}
    assert migrate(v3)["records"]["alat"] == [{"jenis_sarana": 13}]


def test_stored_records_migrate_between_the_versions_asked() -> None:
    """Proxy revision 0003 stops at format 2 (0004 takes the next step): a chain of revisions
    never applies one map twice."""
    records: dict[str, list[dict[str, Any]]] = {"alat": [{"jenis_sarana": 5}], "ptk": [{"status_kepegawaian": 3}]}
    migrate_records(records, found=1, target=2)
    assert records == {"alat": [{"jenis_sarana": 5}], "ptk": [{"status_kepegawaian": 10}]}
    migrate_records(records, found=2)
    assert records == {"alat": [{"jenis_sarana": 7}], "ptk": [{"status_kepegawaian": 10}]}
    migrate_records(records, found=3)
    assert records["alat"] == [{"jenis_sarana": 7}]
