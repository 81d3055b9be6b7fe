from __future__ import annotations

import json
from pathlib import Path

import pytest

from pyapp.cli import main as cli_main
from pyapp.cli.schema import DEFAULT_PATH, render
from pyapp.core.models import PesertaDidik, Rombel
from pyapp.core.snapshot import (
    SNAPSHOT_FORMAT,
    Snapshot,
    SnapshotError,
    dump_snapshot,
    load_snapshot,
)

PD_ID = "0f8fad5b-d9cb-469f-a165-70867728950e"


def _small() -> Snapshot:
    snap = Snapshot(created_at="2025-07-14T00:00:00Z", school={"nama": "SD X", "npsn": "20219342", "semester_id": "20251"})
    snap.records.peserta_didik.append(
        PesertaDidik(id=PD_ID, nama="Budi Santoso", nik="3273010505150001", created_at="2025-07-14T01:02:03.456789+07:00",
                     updated_at="2025-07-14T01:02:03Z")
    )
    snap.records.rombel.append(Rombel(nama="1A", semester_id="20251", tingkat=1, created_at="2025-07-14T00:00:00Z",
                                      updated_at="2025-07-14T00:00:00Z"))
    return snap


def test_round_trip_is_lossless_and_stable() -> None:
    snap = _small()
    text = dump_snapshot(snap)
    again = load_snapshot(text)
    assert again == snap
    assert dump_snapshot(again) == text
    assert again.records["peserta_didik"][0].label() == "Budi Santoso"
    assert again.counts()["rombel"] == 1 and again.counts()["nilai"] == 0
    assert load_snapshot(text.encode("utf-8")) == snap
    assert load_snapshot(b"\xef\xbb\xbf" + text.encode()) == snap


def _with_pd(**fields: object) -> str:
    doc = json.loads(dump_snapshot(_small()))
    doc["records"]["peserta_didik"][0].update(fields)
    return json.dumps(doc)


@pytest.mark.parametrize(
    "fields,expected",
    [
        ({"nik": "12"}, f"school.json: peserta_didik[0] (id {PD_ID}): nik — harus 16 digit angka"),
        ({"agama": 8}, f"school.json: peserta_didik[0] (id {PD_ID}): agama — harus salah satu kode rujukan: 1, 2, 3"),
        ({"hobbies": "x"}, f"school.json: peserta_didik[0] (id {PD_ID}): hobbies — kolom tidak dikenal"),
        ({"nama": None}, f"school.json: peserta_didik[0] (id {PD_ID}): nama — harus teks"),
        ({"tanggal_lahir": "2015-02-30"}, f"school.json: peserta_didik[0] (id {PD_ID}): tanggal_lahir — harus tanggal"),
        ({"id": "bukan-uuid"}, "school.json: peserta_didik[0] (id bukan-uuid): id — harus UUID"),
    ],
)
def test_bad_record_names_file_type_index_id_and_field(fields: dict[str, object], expected: str) -> None:
    with pytest.raises(SnapshotError) as exc:
        load_snapshot(_with_pd(**fields), source_name="school.json")
    assert str(exc.value).startswith(expected)
    assert exc.value.problems[0]["type"] == "peserta_didik"
    assert "Traceback" not in str(exc.value)


def test_many_problems_are_listed_and_capped() -> None:
    doc = json.loads(dump_snapshot(_small()))
    pd = doc["records"]["peserta_didik"][0]
    doc["records"]["peserta_didik"] = [{**pd, "id": f"{PD_ID[:-3]}{i:03d}", "nik": "1"} for i in range(30)]
    with pytest.raises(SnapshotError) as exc:
        load_snapshot(json.dumps(doc), "a.json")
    assert len(exc.value.problems) == 30
    assert "… dan 10 masalah lain." in str(exc.value)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("{\"format\": ", "x.json: bukan JSON yang sah (baris 1"),
        ("", "x.json: bukan JSON yang sah"),
        ("[1, 2]", "x.json: bukan berkas cadangan sekolah aplikasi ini"),
        ('{"type": "FeatureCollection", "features": []}', "x.json: bukan berkas cadangan sekolah aplikasi ini"),
        (f'{{"format": "{SNAPSHOT_FORMAT}", "version": 7}}', "x.json: dibuat oleh versi aplikasi yang lebih baru (format versi 7"),
        (f'{{"format": "{SNAPSHOT_FORMAT}", "version": "1"}}', "x.json: versi format tidak dikenal"),
        (f'{{"format": "{SNAPSHOT_FORMAT}", "version": 1, "created_at": "2025-07-14T00:00:00Z", "school": {{}}}}',
         "x.json: school.nama — wajib diisi"),
        (f'{{"format": "{SNAPSHOT_FORMAT}", "version": 1, "created_at": "2025-07-14T00:00:00Z", '
         '"school": {"nama": "A", "semester_id": "20251"}, "records": {"siswa": []}}', "x.json: siswa: jenis data tidak dikenal"),
        (f'{{"format": "{SNAPSHOT_FORMAT}", "version": 1, "created_at": "2025-07-14T00:00:00Z", '
         '"school": {"nama": "A", "semester_id": "20251"}, "records": {"rombel": {}}}', "x.json: rombel: harus daftar"),
    ],
)
def test_foreign_or_malformed_documents(text: str, expected: str) -> None:
    with pytest.raises(SnapshotError) as exc:
        load_snapshot(text, "x.json")
    assert str(exc.value).startswith(expected), str(exc.value)


def test_not_utf8() -> None:
    with pytest.raises(SnapshotError, match="x.json: bukan teks UTF-8"):
        load_snapshot(b"\xff\xfe{}", "x.json")


def test_duplicate_ids_are_refused() -> None:
    doc = json.loads(dump_snapshot(_small()))
    doc["records"]["peserta_didik"].append(dict(doc["records"]["peserta_didik"][0]))
    with pytest.raises(SnapshotError, match=r"peserta_didik\[1\] \(id .*\): id — ganda"):
        load_snapshot(json.dumps(doc), "d.json")


def test_schema_file_is_not_stale() -> None:
    assert DEFAULT_PATH.read_text(encoding="utf-8") == render(), "jalankan `python -m pyapp schema`"


def test_schema_check_flag(tmp_path: Path) -> None:
    target = tmp_path / "s.json"
    assert cli_main(["schema", "--check", "-o", str(target)]) == 1
    assert cli_main(["schema", "-o", str(target)]) == 0
    assert cli_main(["schema", "--check", "-o", str(target)]) == 0
    schema = json.loads(target.read_text())
    assert schema["properties"]["format"]["const"] == SNAPSHOT_FORMAT
    assert "peserta_didik" in schema["$defs"]["RecordSet"]["properties"]
