from __future__ import annotations

import pytest

from pyapp.core.models import AnggotaRombel, Rombel
from tests.core._model_cases import UID, cases, check

CASES = (
    cases(Rombel, {"semester_id": "20251", "nama": "X TKJ 1"}, [
        ("tingkat", [1, 13, None], [14, -1]),
        ("nama", ["x" * 30], ["x" * 31]),
        ("kurikulum", [10111, 4, 10721], [101, 104]),
        ("jurusan", ["16010", "16010410"], [1, "0"]),
        ("jenis_rombel", [1, 51], [99]),
        ("ptk_id", [UID, None], ["guru"]),
        ("ruang_id", [UID], ["ruang 1"]),
    ])
    + cases(AnggotaRombel, {"rombel_id": UID, "peserta_didik_id": UID}, [
        ("jenis_pendaftaran_rombel", [1, 3], [8]),
        ("peserta_didik_id", [UID], [None]),
    ])
)


@pytest.mark.parametrize("model,base,name,value,ok", CASES)
def test_field_constraints(model, base, name, value, ok):  # type: ignore[no-untyped-def]
    check(model, base, name, value, ok)


def test_label() -> None:
    assert Rombel(semester_id="20251", nama="7A").label() == "Rombel 7A (2025/2026 Ganjil)"
