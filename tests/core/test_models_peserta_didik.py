from __future__ import annotations

import pytest

from pyapp.core.models import KesejahteraanPd, PeriodikPd, PesertaDidik, Registrasi
from tests.core._model_cases import UID, cases, check

CASES = (
    cases(PesertaDidik, {"nama": "Budi Santoso"}, [
        ("nama", ["x" * 100, "Budi\nSantoso"], ["x" * 101]),
        ("nisn", ["0123456789", None], ["012345678", "01234567890", 123456789]),
        ("nik", ["3273010505150001"], ["3273-0105-0515-0001"]),
        ("nik_ayah", ["3273010101800001"], ["1"]),
        ("nik_ibu", ["3273014101820002"], ["abc"]),
        ("tahun_lahir_ayah", [1980], [80, 19800]),
        ("pekerjaan_ibu", [1, 99], [15]),
        ("penghasilan_ayah", [11, 99], [10]),
        ("pendidikan_ibu", [6, 7], [10]),
        ("kewarganegaraan", ["ID"], ["Indonesia", "id"]),
        ("kebutuhan_khusus", [0, 14], [15]),
        ("jenis_tinggal", [1], [7]),
        ("alat_transportasi", [12], [10]),
        ("anak_keberapa", [1, 30], [0, 31]),
        ("rt", [7], [700]),
        ("kode_pos", ["40111"], ["401"]),
        ("penerima_kip", [True, None], ["ya kak"]),
        ("alasan_layak_pip", [6], [10]),
        ("hobi", [1], [7]),
        ("cita_cita", [8, 41, -1], [9, 10]),
    ])
    + cases(Registrasi, {"peserta_didik_id": UID}, [
        ("jenis_pendaftaran", [0, 1, 7], [8]),
        ("jenis_keluar", [1, 5, 99, None], ["1", "Z", 10]),
        ("tanggal_masuk", ["2025-07-14"], ["2025-07-32"]),
        ("nipd", ["2025001"], ["x" * 31]),
    ])
    + cases(PeriodikPd, {"peserta_didik_id": UID, "semester_id": "20251"}, [
        ("tinggi_badan", [0, 150], [-1, 301]),
        ("berat_badan", [40], [501]),
        ("jarak_rumah_km", [2.5], [-0.5]),
        ("waktu_tempuh_menit", [15], [1441]),
        ("jumlah_saudara", [2], [51]),
        ("semester_id", ["20252"], ["2025-1"]),
    ])
    + cases(KesejahteraanPd, {"peserta_didik_id": UID, "jenis_kesejahteraan": 1}, [
        ("jenis_kesejahteraan", [1, 5], [6, None]),
        ("nomor_kartu", ["KIP123456"], ["x" * 41]),
        ("dari_tahun", [2020], [1900]),
    ])
)


@pytest.mark.parametrize("model,base,name,value,ok", CASES)
def test_field_constraints(model, base, name, value, ok):  # type: ignore[no-untyped-def]
    check(model, base, name, value, ok)


def test_incomplete_pd_is_storable() -> None:
    # Missing NIK, NISN, mother: rules report these later; the model must hold them.
    pd = PesertaDidik(nama="Budi Santoso")
    assert pd.nik is None and pd.nama_ibu_kandung is None
    assert pd.label() == "Budi Santoso"
    assert PesertaDidik(nama="Budi Santoso", nisn="0123456789").label() == "Budi Santoso (NISN 0123456789)"
