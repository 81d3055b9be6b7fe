"""Tab Nilai: one member's marks for one pembelajaran, their sikap (Kurikulum 2013), and the
extracurricular activities with their members' grades."""

from __future__ import annotations

import datetime as dt

from pyapp.core import types as t
from pyapp.core.models.base import Record, field, required


class Nilai(Record):
    KIND = "Nilai"

    anggota_rombel_id: t.Uuid = required("Anggota rombel")
    pembelajaran_id: t.Uuid = required("Pembelajaran")
    nilai_akhir: float | None = field("Nilai akhir", "Kurikulum Merdeka: 0–100, tanpa KKM dan predikat.", ge=0, le=100)
    nilai_pengetahuan: float | None = field("Nilai pengetahuan", "Kurikulum 2013: 0–100.", ge=0, le=100)
    nilai_keterampilan: float | None = field("Nilai keterampilan", "0–100.", ge=0, le=100)
    predikat: t.Predikat | None = field("Predikat", rujukan="predikat")
    deskripsi: str | None = field("Deskripsi capaian kompetensi", max_length=500)

    def label(self) -> str:
        return f"Nilai {self.anggota_rombel_id[:8]}"


class DeskripsiSikap(Record):
    """Kurikulum 2013 sikap of one member in one semester (e-Rapor `deskripsi_sikap`)."""

    KIND = "Nilai Sikap"

    anggota_rombel_id: t.Uuid = required("Anggota rombel", "Peserta didik pada rombel semester ini.")
    predikat_spiritual: t.PredikatKualitatif | None = field(
        "Predikat sikap spiritual", "Kurikulum 2013.", rujukan="predikat_kualitatif")
    uraian_deskripsi_spiritual: str | None = field("Deskripsi sikap spiritual", max_length=500)
    predikat_sosial: t.PredikatKualitatif | None = field(
        "Predikat sikap sosial", "Kurikulum 2013.", rujukan="predikat_kualitatif")
    uraian_deskripsi_sosial: str | None = field("Deskripsi sikap sosial", max_length=500)

    def label(self) -> str:
        return f"Sikap {self.anggota_rombel_id[:8]}"


class KelasEkskul(Record):
    """One extracurricular activity of the school in one semester (Dapodik `kelas_ekskul`,
    e-Rapor `ekstrakurikuler`); its members are the pupils graded in it (`nilai_ekskul`)."""

    KIND = "Ekstrakurikuler"

    semester_id: t.SemesterId = required("Semester", "Mis. 20251 untuk 2025/2026 ganjil.")
    nm_ekskul: str = required("Nama ekstrakurikuler", "Mis. Pramuka, Paskibra, Futsal.", max_length=80)
    ptk_id: t.Uuid | None = field("Pembina", "GTK yang membina kegiatan ini.")
    sk_ekskul: str | None = field("Nomor SK", max_length=80)
    tgl_sk_ekskul: dt.date | None = field("Tanggal SK")
    jam_kegiatan_per_minggu: int | None = field("Jam kegiatan per minggu", ge=0, le=99)

    def label(self) -> str:
        return self.nm_ekskul


class NilaiEkskul(Record):
    """A member's grade in one extracurricular activity (Dapodik `nilai_ekskul`)."""

    KIND = "Nilai Ekstrakurikuler"

    kelas_ekskul_id: t.Uuid = required("Ekstrakurikuler")
    anggota_rombel_id: t.Uuid = required("Anggota rombel", "Peserta didik pada rombel semester ini.")
    nilai_angka: float | None = field("Nilai angka", "0–100, jika sekolah memakainya.", ge=0, le=100)
    nilai_huruf: t.PredikatKualitatif | None = field("Predikat", "Sangat Baik, Baik, Cukup, Kurang.",
                                                     rujukan="predikat_kualitatif")
    ket: str | None = field("Keterangan", "Deskripsi capaian kegiatan.", max_length=500)

    def label(self) -> str:
        return f"Nilai ekskul {self.anggota_rombel_id[:8]}"


#: Indonesia's western time (WIB, UTC+7): the day a grade was entered is counted there.
WIB = dt.timezone(dt.timedelta(hours=7))


def tanggal_penilaian(semester_id: str) -> dt.date:
    """The first day grades of a semester may be entered: the start of its end-of-semester
    assessment. Dapodik keeps this per semester (`batas_waktu_rapor.tgl_rapor_mulai`) but
    publishes no values, so the dates are ours (docs/domain.md#tanggal-penilaian): ganjil from
    1 December, genap from 1 June."""
    year = int(semester_id[:4])
    return dt.date(year, 12, 1) if semester_id.endswith("1") else dt.date(year + 1, 6, 1)
