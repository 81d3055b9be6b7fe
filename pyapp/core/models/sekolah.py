"""Tab Sekolah: the school's identity and address, and its per-semester part."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pyapp.core import types as t
from pyapp.core.models.base import Record, field, required


class Sekolah(Record):
    KIND = "Sekolah"

    nama: str = required("Nama sekolah", "Nama resmi sesuai SK.", max_length=100)
    npsn: t.Npsn | None = field("NPSN", "Nomor Pokok Sekolah Nasional, 8 karakter.")
    bentuk_pendidikan: t.BentukPendidikan | None = field(
        "Bentuk pendidikan", "SD, SMP, SMA, SMK, SLB, TK, KB, PKBM, …", rujukan="bentuk_pendidikan"
    )
    status_sekolah: t.StatusSekolah | None = field(
        "Status sekolah", "Negeri atau swasta.", rujukan="status_sekolah"
    )
    sk_pendirian: str | None = field("SK pendirian", "Nomor SK pendirian sekolah.", max_length=80)
    tanggal_sk_pendirian: dt.date | None = field("Tanggal SK pendirian")
    sk_izin_operasional: str | None = field(
        "SK izin operasional", "Nomor SK izin operasional.", max_length=80
    )
    tanggal_sk_izin_operasional: dt.date | None = field("Tanggal SK izin operasional")
    alamat_jalan: str | None = field("Alamat jalan", "Nama jalan dan nomor.", max_length=80)
    rt: int | None = field("RT", "Nomor RT tanpa nol di depan, mis. 7.", ge=0, le=99)
    rw: int | None = field("RW", "Nomor RW tanpa nol di depan, mis. 3.", ge=0, le=99)
    nama_dusun: str | None = field("Dusun", "Nama dusun/lingkungan.", max_length=60)
    desa_kelurahan: str | None = field("Desa/kelurahan", max_length=60)
    kode_wilayah: t.KodeWilayah | None = field(
        "Kode wilayah", "Kode desa/kelurahan Kemendagri, mis. 32.73.01.1001.", rujukan="wilayah"
    )
    kode_wilayah_kemendikbud: t.KodeWilayahKemendikbud | None = field(
        "Kode wilayah Dapodik", "Kode desa/kelurahan Dapodik (Kemendikbud), diisi otomatis dari kode wilayah Kemendagri."
    )
    kode_pos: t.KodePos | None = field("Kode pos", "5 digit.")
    lintang: float | None = field("Lintang", "Derajat desimal, negatif di selatan khatulistiwa.", ge=-90, le=90)
    bujur: float | None = field("Bujur", "Derajat desimal.", ge=-180, le=180)
    akreditasi: t.Akreditasi | None = field("Akreditasi", rujukan="akreditasi")
    yayasan: str | None = field("Yayasan", "Nama yayasan penyelenggara (sekolah swasta).", max_length=100)
    nomor_telepon: t.Telepon | None = field("Nomor telepon")
    email: str | None = field("Email", "Alamat email sekolah.", max_length=60)
    website: str | None = field("Website", max_length=100)

    def label(self) -> str:
        return f"{self.nama} (NPSN {self.npsn})" if self.npsn else self.nama


class SekolahPeriodik(Record):
    KIND = "Data Periodik Sekolah"

    sekolah_id: t.Uuid = required("Sekolah", "ID sekolah.")
    semester_id: t.SemesterId = required("Semester", "Mis. 20251 untuk 2025/2026 ganjil.")
    sumber_listrik: t.SumberListrik | None = field("Sumber listrik", rujukan="sumber_listrik")
    daya_listrik: int | None = field("Daya listrik (watt)", ge=0, le=10_000_000)
    akses_internet: t.AksesInternet | None = field("Akses internet", rujukan="akses_internet")
    waktu_penyelenggaraan: t.WaktuPenyelenggaraan | None = field(
        "Waktu penyelenggaraan", rujukan="waktu_penyelenggaraan"
    )

    def label(self) -> str:
        return f"Data periodik sekolah semester {self.semester_id}"


def _jumlah(title: str, description: str = "") -> Any:
    return field(title, description, ge=0, le=99)


class Sanitasi(Record):
    """Water and sanitation of the school in one semester (Dapodik `sanitasi`). The counts of
    jamban are split by user (laki-laki, perempuan, bersama) and by state: `_g` usable,
    `_tg` not usable (our reading of the schema's suffixes, see docs/domain.md)."""

    KIND = "Sanitasi"

    sekolah_id: t.Uuid = required("Sekolah", "ID sekolah.")
    semester_id: t.SemesterId = required("Semester", "Mis. 20251 untuk 2025/2026 ganjil.")
    ketersediaan_air: bool | None = field("Air tersedia", "Ada sumber air di sekolah.")
    kecukupan_air: bool | None = field("Air cukup", "Air cukup sepanjang tahun.")
    memproses_air: bool | None = field("Air diolah", "Sekolah mengolah air sebelum diminum.")
    siswa_bawa_air: bool | None = field("Siswa membawa air minum")
    toilet_siswa_laki: int | None = _jumlah("Toilet siswa laki-laki")
    toilet_siswa_perempuan: int | None = _jumlah("Toilet siswa perempuan")
    toilet_siswa_kk: int | None = _jumlah("Toilet siswa berkebutuhan khusus")
    jml_jamban_l_g: int | None = _jumlah("Jamban laki-laki layak pakai")
    jml_jamban_l_tg: int | None = _jumlah("Jamban laki-laki tidak layak pakai")
    jml_jamban_p_g: int | None = _jumlah("Jamban perempuan layak pakai")
    jml_jamban_p_tg: int | None = _jumlah("Jamban perempuan tidak layak pakai")
    jml_jamban_lp_g: int | None = _jumlah("Jamban bersama layak pakai", "Dipakai laki-laki dan perempuan.")
    jml_jamban_lp_tg: int | None = _jumlah("Jamban bersama tidak layak pakai")
    tempat_cuci_tangan: int | None = _jumlah("Tempat cuci tangan")
    tempat_cuci_tangan_rusak: int | None = _jumlah("Tempat cuci tangan rusak", "Bagian dari jumlah tempat cuci tangan.")
    a_sabun_air_mengalir: bool | None = field("Sabun dan air mengalir", "Tersedia di tempat cuci tangan.")
    jamban_difabel: bool | None = field("Jamban difabel", "Ada jamban yang dapat dipakai penyandang disabilitas.")

    def label(self) -> str:
        return f"Sanitasi semester {self.semester_id}"
