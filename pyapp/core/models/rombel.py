"""Tab Rombongan Belajar: the class groups of a semester and their members."""

from __future__ import annotations

from pyapp.core import types as t
from pyapp.core.models.base import Record, field, required


class Rombel(Record):
    KIND = "Rombongan Belajar"

    semester_id: t.SemesterId = required("Semester", "Mis. 20251.")
    tingkat: int | None = field("Tingkat", "SD 1–6, SMP 7–9, SMA/SMK 10–12 (SMK sampai 13).", ge=0, le=13)
    jenis_rombel: t.JenisRombel | None = field("Jenis rombel", rujukan="jenis_rombel")
    kurikulum: t.Kurikulum | None = field("Kurikulum", rujukan="kurikulum")
    jurusan: t.Jurusan | None = field("Jurusan / program keahlian", "Untuk SMK.", rujukan="jurusan")
    nama: str = required("Nama rombel", "Mis. X TKJ 1.", max_length=30)
    ptk_id: t.Uuid | None = field("Wali kelas", "PTK aktif yang menjadi wali kelas.", rujukan="ptk")
    ruang_id: t.Uuid | None = field("Ruang", "Ruang kelas yang dipakai.", rujukan="ruang")

    def label(self) -> str:
        return f"Rombel {self.nama} ({t.semester_text(self.semester_id)})"


class AnggotaRombel(Record):
    KIND = "Anggota Rombel"

    rombel_id: t.Uuid = required("Rombel")
    peserta_didik_id: t.Uuid = required("Peserta didik")
    jenis_pendaftaran_rombel: t.JenisPendaftaran | None = field(
        "Jenis pendaftaran rombel", rujukan="jenis_pendaftaran"
    )

    def label(self) -> str:
        return f"Anggota rombel {self.peserta_didik_id[:8]}"
