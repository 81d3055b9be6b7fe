from __future__ import annotations

import pytest

from pyapp.core.models import Penugasan, Ptk, TugasTambahan
from tests.core._model_cases import UID, cases, check

CASES = (
    cases(Ptk, {"nama": "Siti Rahmawati"}, [
        ("nama", ["x" * 60, "Dr. Siti\tRahmawati"], ["x" * 61]),
        ("jenis_kelamin", ["L", "P"], ["W", 1]),
        ("nik", ["3273014505850003"], ["327301450585000", "32730145058500031", "3273O14505850003"]),
        ("no_kk", ["3273010101090012"], ["32730101"]),
        ("nip", ["198505052010012003"], ["19850505201001200"]),
        ("nuptk", ["1234567890123456"], ["123456789012345"]),
        ("status_kepegawaian", [1, 8], [0, 100]),
        ("jenis_ptk", [3, 4, 20], [1, 21]),
        ("agama", [1, 99], [8]),
        ("pendidikan_terakhir", [30], [31]),
        ("tanggal_lahir", ["1985-05-05"], ["05-05-1985"]),
    ])
    + cases(Penugasan, {"ptk_id": UID, "tahun_ajaran_id": "2025"}, [
        ("tahun_ajaran_id", ["2025"], ["25", "2025/2026"]),
        ("sekolah_induk", [True, False], ["entah"]),
        ("nomor_surat_tugas", ["421/123/2025"], ["x" * 81]),
    ])
    + cases(TugasTambahan, {"ptk_id": UID, "jabatan": 2}, [
        ("jabatan", [2, 33, 11], [0, 1, None]),
        ("jumlah_jam", [24], [-1, 41]),
    ])
)


@pytest.mark.parametrize("model,base,name,value,ok", CASES)
def test_field_constraints(model, base, name, value, ok):  # type: ignore[no-untyped-def]
    check(model, base, name, value, ok)


def test_labels() -> None:
    assert Ptk(nama="Siti", nuptk="1234567890123456").label() == "Siti (NUPTK 1234567890123456)"
    assert Ptk(nama="Siti").label() == "Siti"
    assert TugasTambahan(ptk_id=UID, jabatan=2).label() == "Kepala Sekolah"
    assert Penugasan(ptk_id=UID, tahun_ajaran_id="2025").label() == "Penugasan 2025/2026"
