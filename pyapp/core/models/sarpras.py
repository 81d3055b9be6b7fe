"""Tab Sarpras: tanah → bangunan → ruang → alat, with condition and damage percentages, and
per semester: each building's and room's condition and each sarana's count
(bangunan_longitudinal, ruang_longitudinal, alat_longitudinal)."""

from __future__ import annotations

from typing import Any

from pyapp.core import types as t
from pyapp.core.models.base import Record, field, required


def _kerusakan(bagian: str) -> Any:
    return field(f"Kerusakan {bagian} (%)", "Persentase kerusakan, 0–100.", ge=0, le=100)


class Tanah(Record):
    KIND = "Tanah"

    nama: str = required("Nama tanah", "Sebutan bidang tanah, mis. Tanah Sekolah 1.", max_length=50)
    no_sertifikat: str | None = field("Nomor sertifikat", max_length=40)
    luas: float | None = field("Luas (m²)", ge=0, le=10_000_000)
    kepemilikan: t.Kepemilikan | None = field("Status kepemilikan", rujukan="kepemilikan")

    def label(self) -> str:
        return self.nama


class Bangunan(Record):
    KIND = "Bangunan"

    tanah_id: t.Uuid = required("Tanah", "Tanah tempat bangunan berdiri.")
    nama: str = required("Nama bangunan", max_length=50)
    jumlah_lantai: int | None = field("Jumlah lantai", ge=1, le=50)
    tahun_dibangun: int | None = field("Tahun dibangun", ge=1800, le=2100)
    luas_tapak: float | None = field("Luas tapak (m²)", ge=0, le=1_000_000)
    kepemilikan: t.Kepemilikan | None = field("Status kepemilikan", rujukan="kepemilikan")
    kerusakan_pondasi: float | None = _kerusakan("pondasi")
    kerusakan_kolom_balok: float | None = _kerusakan("kolom/balok")
    kerusakan_atap: float | None = _kerusakan("rangka atap")
    kerusakan_dinding: float | None = _kerusakan("dinding")
    kerusakan_lantai: float | None = _kerusakan("lantai")

    def label(self) -> str:
        return self.nama


class Ruang(Record):
    KIND = "Ruang"

    bangunan_id: t.Uuid = required("Bangunan", "Bangunan tempat ruang berada.")
    jenis_prasarana: t.JenisPrasarana | None = field(
        "Jenis prasarana", "Ruang kelas, laboratorium, perpustakaan, toilet, …", rujukan="jenis_prasarana"
    )
    nama: str = required("Nama ruang", max_length=50)
    kode: str | None = field("Kode ruang", max_length=20)
    lantai: int | None = field("Lantai ke-", ge=1, le=50)
    panjang: float | None = field("Panjang (m)", ge=0, le=1000)
    lebar: float | None = field("Lebar (m)", ge=0, le=1000)
    kapasitas: int | None = field("Kapasitas (orang)", ge=0, le=10_000)
    kerusakan_lantai: float | None = _kerusakan("lantai")
    kerusakan_dinding: float | None = _kerusakan("dinding")
    kerusakan_atap: float | None = _kerusakan("atap")
    kerusakan_pintu: float | None = _kerusakan("pintu")
    kerusakan_jendela: float | None = _kerusakan("jendela")
    berfungsi: bool | None = field("Berfungsi", "Apakah ruang dapat dipakai.")

    def label(self) -> str:
        return self.nama


class Alat(Record):
    KIND = "Sarana"

    ruang_id: t.Uuid = required("Ruang", "Ruang tempat sarana berada.")
    jenis_sarana: t.JenisSarana = required("Jenis sarana", json_schema_extra={"rujukan": "jenis_sarana"})
    jumlah: int | None = field("Jumlah", ge=0, le=100_000)
    jumlah_laik: int | None = field("Jumlah laik pakai", ge=0, le=100_000)

    def label(self) -> str:
        from pyapp.core import rujukan

        return f"{rujukan.label('jenis_sarana', self.jenis_sarana)} ({self.jumlah or 0})"


def _rusak(bagian: str) -> Any:
    return field(f"Kerusakan {bagian} (%)", "Persentase kerusakan semester ini, 0–100.", ge=0, le=100)


class RuangLongitudinal(Record):
    """A room's condition in one semester (Dapodik `ruang_longitudinal`): the damage of each
    building element as a percentage, and whether the room can be used."""

    KIND = "Kondisi Ruang"

    ruang_id: t.Uuid = required("Ruang")
    semester_id: t.SemesterId = required("Semester", "Mis. 20251 untuk 2025/2026 ganjil.")
    rusak_lisplang_talang: float | None = _rusak("lisplang/talang")
    rusak_rangka_plafon: float | None = _rusak("rangka plafon")
    rusak_tutup_plafon: float | None = _rusak("penutup plafon")
    rusak_bata_dinding: float | None = _rusak("bata/dinding")
    rusak_plester_dinding: float | None = _rusak("plester dinding")
    rusak_daun_jendela: float | None = _rusak("daun jendela")
    rusak_daun_pintu: float | None = _rusak("daun pintu")
    rusak_kusen: float | None = _rusak("kusen")
    rusak_tutup_lantai: float | None = _rusak("penutup lantai")
    rusak_inst_listrik: float | None = _rusak("instalasi listrik")
    rusak_inst_air: float | None = _rusak("instalasi air")
    rusak_drainase: float | None = _rusak("drainase")
    rusak_finish_struktur: float | None = _rusak("finishing struktur")
    rusak_finish_plafon: float | None = _rusak("finishing plafon")
    rusak_finish_dinding: float | None = _rusak("finishing dinding")
    rusak_finish_kpj: float | None = _rusak("finishing kusen, pintu, jendela")
    berfungsi: bool | None = field("Berfungsi", "Apakah ruang dapat dipakai semester ini.")

    def label(self) -> str:
        return f"Kondisi semester {self.semester_id}"


class BangunanLongitudinal(Record):
    """A building's structural condition in one semester (Dapodik `bangunan_longitudinal`): the
    damage of its foundation, frame and roof as percentages."""

    KIND = "Kondisi Bangunan"

    bangunan_id: t.Uuid = required("Bangunan")
    semester_id: t.SemesterId = required("Semester", "Mis. 20251 untuk 2025/2026 ganjil.")
    rusak_pondasi: float | None = _rusak("pondasi")
    rusak_sloop_kolom_balok: float | None = _rusak("sloof, kolom, balok")
    rusak_plester_struktur: float | None = _rusak("plester struktur")
    rusak_kudakuda_atap: float | None = _rusak("kuda-kuda atap")
    rusak_kaso_atap: float | None = _rusak("kaso atap")
    rusak_reng_atap: float | None = _rusak("reng atap")
    rusak_tutup_atap: float | None = _rusak("penutup atap")

    def label(self) -> str:
        return f"Kondisi semester {self.semester_id}"


class AlatLongitudinal(Record):
    """How many of a sarana the school has in one semester, and how many are fit for use
    (Dapodik `alat_longitudinal`)."""

    KIND = "Jumlah Sarana per Semester"

    alat_id: t.Uuid = required("Sarana")
    semester_id: t.SemesterId = required("Semester", "Mis. 20251 untuk 2025/2026 ganjil.")
    jumlah: int | None = field("Jumlah", ge=0, le=100_000)
    jumlah_laik: int | None = field("Jumlah laik pakai", ge=0, le=100_000)

    def label(self) -> str:
        return f"Semester {self.semester_id}: {self.jumlah_laik or 0} laik dari {self.jumlah or 0}"
