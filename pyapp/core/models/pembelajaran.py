"""Tab Pembelajaran: which PTK teaches which mata pelajaran in which rombel, and for how long."""

from __future__ import annotations

import datetime as dt

from pyapp.core import types as t
from pyapp.core.models.base import Record, field, required


class Pembelajaran(Record):
    KIND = "Pembelajaran"

    rombel_id: t.Uuid = required("Rombel")
    mata_pelajaran_id: t.MataPelajaran = required(
        "Mata pelajaran", json_schema_extra={"rujukan": "mata_pelajaran"}
    )
    ptk_id: t.Uuid | None = field("Guru pengajar", "PTK dengan penugasan di sekolah ini.", rujukan="ptk")
    penugasan_id: t.Uuid | None = field("Penugasan guru", "Penugasan (ptk_terdaftar) tahun ajaran ini.",
                                        rujukan="penugasan")
    semester_id: t.SemesterId = required("Semester")
    nama_mata_pelajaran: str | None = field("Nama mata pelajaran di rapor", max_length=80)
    sk_mengajar: str | None = field("Nomor SK mengajar", max_length=80)
    tanggal_sk_mengajar: dt.date | None = field("Tanggal SK mengajar")
    jam_mengajar_per_minggu: int | None = field(
        "Jam mengajar per minggu", "Tidak boleh melebihi JJM maksimal mapel.", ge=0, le=60
    )
    kkm: int | None = field("KKM", "Kriteria ketuntasan minimal, 0–100.", ge=0, le=100)

    def label(self) -> str:
        from pyapp.core import rujukan

        return rujukan.label("mata_pelajaran", self.mata_pelajaran_id)
