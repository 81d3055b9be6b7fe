from __future__ import annotations

import pytest

from pyapp.core.models import Pembelajaran
from tests.core._model_cases import UID, cases, check

CASES = cases(Pembelajaran, {"rombel_id": UID, "mata_pelajaran_id": 401000000, "semester_id": "20251"}, [
    ("mata_pelajaran_id", [401000000, 800000213], [1012, 9999, None]),
    ("jam_mengajar_per_minggu", [0, 6, 60], [-1, 61]),
    ("kkm", [75], [101]),
    ("ptk_id", [UID, None], ["x"]),
    ("sk_mengajar", ["800/12/SK/2025"], ["x" * 81]),
])


@pytest.mark.parametrize("model,base,name,value,ok", CASES)
def test_field_constraints(model, base, name, value, ok):  # type: ignore[no-untyped-def]
    check(model, base, name, value, ok)


def test_label_is_mapel_name() -> None:
    p = Pembelajaran(rombel_id=UID, mata_pelajaran_id=401000000, semester_id="20251")
    assert p.label() == "Matematika (Umum)"
