"""Field constraints of the record types added for issue 14: sikap, ekstrakurikuler and their
grades, riwayat pendidikan formal, sanitasi and the per-semester room and building condition and sarana count, each with the
values just inside and just outside its limits."""

from __future__ import annotations

import pytest

from pyapp.core.models import (
    AlatLongitudinal, BangunanLongitudinal, DeskripsiSikap, KelasEkskul, NilaiEkskul, RuangLongitudinal, RwyPendidikanFormal, Sanitasi,
)
from tests.core._model_cases import UID, cases, check

CASES = (
    cases(DeskripsiSikap, {"anggota_rombel_id": UID}, [
        ("predikat_spiritual", ["SB", "K", None], ["A", "sb", 1]),
        ("predikat_sosial", ["B"], ["E"]),
        ("uraian_deskripsi_sosial", ["x" * 500], ["x" * 501]),
    ])
    + cases(KelasEkskul, {"semester_id": "20251", "nm_ekskul": "Pramuka"}, [
        ("nm_ekskul", ["x" * 80], ["x" * 81]),
        ("semester_id", ["20252"], ["20253", "2025"]),
        ("jam_kegiatan_per_minggu", [0, 99], [-1, 100]),
        ("ptk_id", [UID, None], ["bukan-uuid"]),
    ])
    + cases(NilaiEkskul, {"kelas_ekskul_id": UID, "anggota_rombel_id": UID}, [
        ("nilai_huruf", ["SB", "C"], ["A", "Baik"]),
        ("nilai_angka", [0, 100], [-0.5, 100.5]),
        ("ket", ["x" * 500], ["x" * 501]),
    ])
    + cases(RwyPendidikanFormal, {"ptk_id": UID, "jenjang_pendidikan_id": 30}, [
        ("jenjang_pendidikan_id", [6, 35, 40], [31, None]),
        ("tahun_lulus", [1940, 2100], [1939, 2101]),
        ("ipk", [0, 3.75, 4], [-0.01, 4.01]),
        ("satuan_pendidikan_formal", ["x" * 100], ["x" * 101]),
    ])
    + cases(Sanitasi, {"sekolah_id": UID, "semester_id": "20251"}, [
        ("jml_jamban_l_g", [0, 99], [-1, 100]),
        ("tempat_cuci_tangan_rusak", [0, 99], [100]),
        ("ketersediaan_air", [True, False, None], ["mungkin"]),
    ])
    + cases(RuangLongitudinal, {"ruang_id": UID, "semester_id": "20251"}, [
        ("rusak_tutup_lantai", [0, 100], [-1, 100.01]),
        ("rusak_inst_listrik", [12.5], [101]),
        ("berfungsi", [True, False], ["rusak"]),
    ])
    + cases(AlatLongitudinal, {"alat_id": UID, "semester_id": "20251"}, [
        ("jumlah", [0, 100_000], [-1, 100_001]),
        ("jumlah_laik", [0], [-1]),
    ])
    + cases(BangunanLongitudinal, {"bangunan_id": UID, "semester_id": "20251"}, [
        ("rusak_pondasi", [0, 100], [-0.01, 101]),
        ("semester_id", ["20241"], ["20240"]),
    ])
)


@pytest.mark.parametrize("model,base,name,value,ok", CASES)
def test_field_constraints(model, base, name, value, ok):  # type: ignore[no-untyped-def]
    check(model, base, name, value, ok)
