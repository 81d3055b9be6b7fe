from __future__ import annotations

import pytest

from pyapp.core.models import Nilai
from tests.core._model_cases import UID, cases, check

CASES = cases(Nilai, {"anggota_rombel_id": UID, "pembelajaran_id": UID}, [
    ("nilai_pengetahuan", [0, 78.5, 100], [-1, 100.5, "delapan"]),
    ("nilai_keterampilan", [90], [101]),
    ("predikat", ["A", "D", None], ["E", "a"]),
    ("deskripsi", ["Menguasai pecahan."], ["x" * 501]),
])


@pytest.mark.parametrize("model,base,name,value,ok", CASES)
def test_field_constraints(model, base, name, value, ok):  # type: ignore[no-untyped-def]
    check(model, base, name, value, ok)
