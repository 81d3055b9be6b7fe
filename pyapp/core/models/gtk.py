"""Tab GTK (guru dan tenaga kependidikan): PTK, penugasan, tugas tambahan."""

from __future__ import annotations

import datetime as dt

from pyapp.core import rujukan
from pyapp.core import types as t
from pyapp.core.models.base import Record, field, required

#: Tugas tambahan jabatan codes that make a GTK the school's principal (rujukan
#: jabatan_tugas_tambahan): Kepala Sekolah and Plt. Kepala Sekolah. Only they may send.
KEPALA, PLT_KEPALA = rujukan.JABATAN_KEPALA  # official jabatan_ptk: 2 Kepala Sekolah, 33 PLT
KS_JABATAN: tuple[int, ...] = (KEPALA, PLT_KEPALA)


class Ptk(Record):
    KIND = "PTK"

    nama: str = required("Nama lengkap", "Tanpa gelar akademik.", max_length=60)
    jenis_kelamin: t.JenisKelamin | None = field("Jenis kelamin", rujukan="jenis_kelamin")
    tempat_lahir: str | None = field("Tempat lahir", max_length=32)
    tanggal_lahir: dt.date | None = field("Tanggal lahir")
    nik: t.Nik | None = field("NIK", "Nomor Induk Kependudukan, 16 digit, sesuai KTP.")
    no_kk: t.NoKk | None = field("Nomor KK", "Nomor Kartu Keluarga, 16 digit (bukan NIK).")
    nama_ibu_kandung: str | None = field("Nama ibu kandung", max_length=100)
    agama: t.Agama | None = field("Agama", rujukan="agama")
    nip: t.Nip | None = field("NIP", "Nomor Induk Pegawai, 18 digit (khusus PNS/PPPK).")
    nuptk: t.Nuptk | None = field("NUPTK", "16 digit.")
    status_kepegawaian: t.StatusKepegawaian | None = field(
        "Status kepegawaian", rujukan="status_kepegawaian"
    )
    jenis_ptk: t.JenisPtk | None = field("Jenis PTK", rujukan="jenis_ptk")
    pendidikan_terakhir: t.JenjangPendidikan | None = field(
        "Pendidikan terakhir", rujukan="jenjang_pendidikan"
    )
    sk_pengangkatan: str | None = field("SK pengangkatan", max_length=80)
    tmt_pengangkatan: dt.date | None = field("TMT pengangkatan", "Terhitung mulai tanggal.")
    lembaga_pengangkat: t.LembagaPengangkat | None = field("Lembaga pengangkat", rujukan="lembaga_pengangkat")
    sumber_gaji: t.SumberGaji | None = field("Sumber gaji", rujukan="sumber_gaji")
    status_keaktifan: t.StatusKeaktifan | None = field("Status keaktifan", rujukan="status_keaktifan_pegawai")
    sk_cpns: str | None = field("SK CPNS", "Khusus PNS.", max_length=80)
    tgl_cpns: dt.date | None = field("Tanggal CPNS", "Khusus PNS.")
    tmt_pns: dt.date | None = field("TMT PNS", "Khusus PNS.")
    pangkat_golongan: t.PangkatGolongan | None = field("Pangkat/golongan", "PNS/PPPK.", rujukan="pangkat_golongan")
    nrg: str | None = field("NRG", "Nomor registrasi guru (guru bersertifikat pendidik).", max_length=12)
    jenis_sertifikasi: t.JenisSertifikasi | None = field("Sertifikasi", rujukan="jenis_sertifikasi")
    nomor_hp: t.Telepon | None = field("Nomor HP")
    email: str | None = field("Email", max_length=60)

    def label(self) -> str:
        ident = f"NUPTK {self.nuptk}" if self.nuptk else f"NIK {self.nik}" if self.nik else None
        return f"{self.nama} ({ident})" if ident else self.nama


class Penugasan(Record):
    KIND = "Penugasan"

    ptk_id: t.Uuid = required("PTK", "PTK yang ditugaskan.")
    tahun_ajaran_id: t.TahunAjaranId = required("Tahun ajaran", "Mis. 2025 untuk 2025/2026.")
    nomor_surat_tugas: str | None = field("Nomor surat tugas", max_length=80)
    tanggal_surat_tugas: dt.date | None = field("Tanggal surat tugas")
    tmt_tugas: dt.date | None = field("TMT tugas")
    sekolah_induk: bool | None = field("Sekolah induk", "Ya jika sekolah ini sekolah induk PTK.")
    # as ptk_terdaftar in the Dapodik schema: the role of this assignment
    jenis_ptk: t.JenisPtk | None = field("Jenis PTK", "Peran PTK pada penugasan ini.", rujukan="jenis_ptk")
    jabatan_ptk: t.JabatanPtk | None = field("Jabatan", "Jabatan PTK pada penugasan ini.", rujukan="jabatan_ptk")
    tanggal_keluar: dt.date | None = field("Tanggal keluar", "Diisi jika PTK keluar dari sekolah.")

    def label(self) -> str:
        return f"Penugasan {self.tahun_ajaran_id}/{int(self.tahun_ajaran_id) + 1}"


class TugasTambahan(Record):
    KIND = "Tugas Tambahan"

    ptk_id: t.Uuid = required("PTK")
    jabatan: t.JabatanTugasTambahan = required(
        "Jabatan", json_schema_extra={"rujukan": "jabatan_tugas_tambahan"}
    )
    jumlah_jam: int | None = field("Jumlah jam ekuivalen", ge=0, le=40)
    nomor_sk: str | None = field("Nomor SK", max_length=80)
    tmt_tambahan: dt.date | None = field("TMT tugas tambahan")
    tst_tambahan: dt.date | None = field("TST tugas tambahan", "Tanggal selesai tugas.")

    def label(self) -> str:
        from pyapp.core import rujukan

        return rujukan.label("jabatan_tugas_tambahan", self.jabatan)


class RwyPendidikanFormal(Record):
    """One formal education of a PTK (Dapodik `rwy_pend_formal`): what the rule "pendidikan
    tidak berjenjang" and the PTK's pendidikan terakhir are checked against."""

    KIND = "Riwayat Pendidikan Formal"

    ptk_id: t.Uuid = required("PTK")
    jenjang_pendidikan_id: t.JenjangPendidikan = required(
        "Jenjang pendidikan", "SMA, D1–D4, S1, S2, S3, …", json_schema_extra={"rujukan": "jenjang_pendidikan"})
    satuan_pendidikan_formal: str | None = field("Satuan pendidikan", "Nama sekolah/perguruan tinggi.", max_length=100)
    fakultas: str | None = field("Fakultas", max_length=200)
    kependidikan: bool | None = field("Kependidikan", "Ya jika program studinya kependidikan (keguruan).")
    tahun_masuk: int | None = field("Tahun masuk", ge=1940, le=2100)
    tahun_lulus: int | None = field("Tahun lulus", "Kosong jika masih kuliah.", ge=1940, le=2100)
    nim: str | None = field("NIM", "Nomor induk mahasiswa.", max_length=50)
    ipk: float | None = field("IPK", "0,00–4,00.", ge=0, le=4)

    def label(self) -> str:
        from pyapp.core import rujukan

        what = rujukan.label("jenjang_pendidikan", self.jenjang_pendidikan_id)
        return f"{what} {self.satuan_pendidikan_formal or ''}".strip()
