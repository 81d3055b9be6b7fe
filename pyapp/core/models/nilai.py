"""Tab Nilai: one member's marks for one pembelajaran."""

from __future__ import annotations

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
