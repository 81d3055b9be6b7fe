from __future__ import annotations

import pytest

from pyapp.core.models import Alat, Bangunan, Ruang, Tanah
from tests.core._model_cases import UID, cases, check

CASES = (
    cases(Tanah, {"nama": "Tanah 1"}, [
        ("luas", [0, 2500.5], [-1]),
        ("kepemilikan", [1, 9], [5]),
        ("no_sertifikat", ["10.08.01.02.1.00123"], ["x" * 41]),
    ])
    + cases(Bangunan, {"tanah_id": UID, "nama": "Gedung A"}, [
        ("jumlah_lantai", [1, 50], [0, 51]),
        ("tahun_dibangun", [1985], [1700, 2200]),
        ("kerusakan_atap", [0, 35.5, 100], [-0.1, 100.1]),
        ("tanah_id", [UID], ["", "123"]),
    ])
    + cases(Ruang, {"bangunan_id": UID, "nama": "Kelas 1A"}, [
        ("jenis_prasarana", [1, 12], [1000]),
        ("lantai", [1, 50], [0, 51]),
        ("kapasitas", [28], [-1]),
        ("panjang", [8.0], [-2.0]),
        ("kerusakan_jendela", [10.0], [101.0]),
        ("berfungsi", [True, False, None], ["mungkin"]),
        ("nama", ["x" * 50], ["x" * 51]),
    ])
    + cases(Alat, {"ruang_id": UID, "jenis_sarana": 1}, [
        ("jenis_sarana", [1, 202, 999, 23826], [0, None, 99, 15]),  # 99, 15: format-2 codes, gone
        ("jumlah", [0, 30], [-3]),
        ("jumlah_laik", [28], [-1]),
    ])
)


@pytest.mark.parametrize("model,base,name,value,ok", CASES)
def test_field_constraints(model, base, name, value, ok):  # type: ignore[no-untyped-def]
    check(model, base, name, value, ok)


def test_labels() -> None:
    assert Ruang(bangunan_id=UID, nama="Lab Komputer").label() == "Lab Komputer"
    assert Alat(ruang_id=UID, jenis_sarana=1, jumlah=30).label() == "Meja Siswa (30)"
