from __future__ import annotations

import pytest

from pyapp.core.models import Sekolah, SekolahPeriodik
from tests.core._model_cases import UID, cases, check

SEKOLAH = cases(Sekolah, {"nama": "SD Negeri 1 Cibeunying"}, [
    ("nama", ["SMK Negeri 2 Bandung", "x" * 100], ["x" * 101, None, 5]),
    ("npsn", ["20219342", "P9999999", None], ["2021934", "202193421", "2021934a", 20219342]),
    ("bentuk_pendidikan", [5, 15], [0, 999, "SD"]),
    ("status_sekolah", [1, 2], [3]),
    ("rt", [0, 7, 99], [100, -1, "tujuh"]),
    ("kode_wilayah", ["32.73.01.1001", "32.73.01"], ["3273011001", "32.73", "32.73.01.100"]),
    ("kode_pos", ["40111"], ["4011", "401110", "4011a"]),
    ("lintang", [-6.9, 0.0], [-91.0, 95.0]),
    ("bujur", [107.6], [181.0]),
    ("akreditasi", [1, 8], ["A", 4]),
    ("tanggal_sk_pendirian", ["1985-03-01"], ["1985-02-30", "kemarin"]),
    ("nomor_telepon", ["022-7271234", "+62 22 727 1234"], ["telepon", "12"]),
])

PERIODIK = cases(SekolahPeriodik, {"sekolah_id": UID, "semester_id": "20251"}, [
    ("semester_id", ["20251", "20252"], ["20253", "2025", "19991"]),
    ("sekolah_id", [UID], ["not-a-uuid", UID.upper()]),
    ("daya_listrik", [0, 2200], [-5]),
    ("sumber_listrik", [1], [50]),
    ("akses_internet", [4], [0]),
    ("waktu_penyelenggaraan", [1], [42]),
])


@pytest.mark.parametrize("model,base,name,value,ok", SEKOLAH + PERIODIK)
def test_field_constraints(model, base, name, value, ok):  # type: ignore[no-untyped-def]
    check(model, base, name, value, ok)


def test_label_and_record_defaults() -> None:
    s = Sekolah(nama="SD Negeri 1 Cibeunying", npsn="20219342")
    assert s.label() == "SD Negeri 1 Cibeunying (NPSN 20219342)"
    assert s.version == 1 and s.deleted is False and len(s.id) == 36
    assert s.created_at.tzinfo is not None
    assert Sekolah(nama="A").id != Sekolah(nama="A").id


def test_record_rejects_unknown_fields_and_naive_time() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        Sekolah(nama="A", kepala="B")  # type: ignore[call-arg]
    with pytest.raises(ValidationError):
        Sekolah.model_validate({"nama": "A", "created_at": "2025-07-14T08:00:00"})
    with pytest.raises(ValidationError):
        Sekolah.model_validate({"nama": "A", "version": 0})
