"""Tab Peserta Didik: identity, address, parents/wali, KIP/PIP/KPS flags; registrasi,
periodik and kesejahteraan rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pyapp.core import types as t
from pyapp.core.models.base import Record, field, required


def _orang_tua(siapa: str) -> dict[str, Any]:
    return {
        f"nama_{siapa}": field(f"Nama {siapa}", max_length=100),
        f"nik_{siapa}": field(f"NIK {siapa}", "16 digit."),
        f"tahun_lahir_{siapa}": field(f"Tahun lahir {siapa}", "4 digit.", ge=1000, le=9999),
        f"pendidikan_{siapa}": field(f"Pendidikan {siapa}", rujukan="jenjang_pendidikan"),
        f"pekerjaan_{siapa}": field(f"Pekerjaan {siapa}", rujukan="pekerjaan"),
        f"penghasilan_{siapa}": field(f"Penghasilan bulanan {siapa}", rujukan="penghasilan"),
    }


_AYAH = _orang_tua("ayah")
_IBU = _orang_tua("ibu")
_WALI = _orang_tua("wali")


class PesertaDidik(Record):
    KIND = "Peserta Didik"

    nama: str = required("Nama lengkap", "Sesuai akta kelahiran.", max_length=100)
    jenis_kelamin: t.JenisKelamin | None = field("Jenis kelamin", rujukan="jenis_kelamin")
    nisn: t.Nisn | None = field("NISN", "10 digit; kosongkan jika belum punya.")
    nik: t.Nik | None = field("NIK", "16 digit, sesuai Kartu Keluarga.")
    no_kk: t.NoKk | None = field("Nomor KK", "16 digit (bukan NIK).")
    tempat_lahir: str | None = field("Tempat lahir", max_length=32)
    tanggal_lahir: dt.date | None = field("Tanggal lahir")
    agama: t.Agama | None = field("Agama", rujukan="agama")
    kewarganegaraan: t.Kewarganegaraan | None = field("Kewarganegaraan", "Kode negara, ID untuk WNI.")
    kebutuhan_khusus: t.KebutuhanKhusus | None = field("Kebutuhan khusus", rujukan="kebutuhan_khusus")
    alamat_jalan: str | None = field("Alamat jalan", max_length=80)
    rt: int | None = field("RT", "Tanpa nol di depan.", ge=0, le=99)
    rw: int | None = field("RW", "Tanpa nol di depan.", ge=0, le=99)
    nama_dusun: str | None = field("Dusun", max_length=60)
    desa_kelurahan: str | None = field("Desa/kelurahan", max_length=60)
    kode_wilayah: t.KodeWilayah | None = field("Kode wilayah", "Kode desa/kelurahan.", rujukan="wilayah")
    kode_wilayah_kemendikbud: t.KodeWilayahKemendikbud | None = field(
        "Kode wilayah Dapodik", "Kode desa/kelurahan Dapodik (Kemendikbud), diisi otomatis dari kode wilayah Kemendagri."
    )
    kode_pos: t.KodePos | None = field("Kode pos", "5 digit.")
    jenis_tinggal: t.JenisTinggal | None = field("Jenis tinggal", rujukan="jenis_tinggal")
    alat_transportasi: t.AlatTransportasi | None = field("Alat transportasi", rujukan="alat_transportasi")
    anak_keberapa: int | None = field("Anak ke-", ge=1, le=30)
    nomor_hp: t.Telepon | None = field("Nomor HP")
    email: str | None = field("Email", max_length=60)
    hobi: t.Hobi | None = field("Hobi", rujukan="hobi")
    cita_cita: t.CitaCita | None = field("Cita-cita", rujukan="cita_cita")
    penerima_kps: bool | None = field("Penerima KPS/PKH", "Ya jika keluarga menerima KPS atau PKH.")
    no_kps: str | None = field("Nomor KPS/PKH", max_length=40)
    penerima_kip: bool | None = field("Memiliki KIP", "Ya jika memiliki Kartu Indonesia Pintar.")
    layak_pip: bool | None = field("Layak PIP", "Usulan dari sekolah.")
    alasan_layak_pip: t.AlasanLayakPip | None = field("Alasan layak PIP", rujukan="alasan_layak_pip")
    # programme fields other systems ask for (column names as peserta_didik in the Dapodik schema)
    no_kip: str | None = field("Nomor KIP", "Nomor Kartu Indonesia Pintar.", max_length=20)
    nm_kip: str | None = field("Nama di KIP", "Nama tertera di kartu.", max_length=100)
    no_kks: str | None = field("Nomor KKS", "Kartu Keluarga Sejahtera.", max_length=20)
    reg_akta_lahir: str | None = field("No. registrasi akta lahir", max_length=50)
    rekening_bank: str | None = field("Nomor rekening (PIP)", "Rekening penerima dana PIP.", max_length=20)
    rekening_atas_nama: str | None = field("Rekening atas nama", max_length=100)
    nama_kcp: str | None = field("Bank / kantor cabang", max_length=60)
    lintang: float | None = field("Lintang rumah", "Derajat desimal, negatif di selatan khatulistiwa.", ge=-90, le=90)
    bujur: float | None = field("Bujur rumah", "Derajat desimal.", ge=-180, le=180)

    nama_ayah: str | None = _AYAH["nama_ayah"]
    nik_ayah: t.Nik | None = _AYAH["nik_ayah"]
    tahun_lahir_ayah: int | None = _AYAH["tahun_lahir_ayah"]
    pendidikan_ayah: t.JenjangPendidikan | None = _AYAH["pendidikan_ayah"]
    pekerjaan_ayah: t.Pekerjaan | None = _AYAH["pekerjaan_ayah"]
    penghasilan_ayah: t.Penghasilan | None = _AYAH["penghasilan_ayah"]
    nama_ibu_kandung: str | None = field("Nama ibu kandung", "Wajib; sesuai akta kelahiran.", max_length=100)
    nik_ibu: t.Nik | None = _IBU["nik_ibu"]
    tahun_lahir_ibu: int | None = _IBU["tahun_lahir_ibu"]
    pendidikan_ibu: t.JenjangPendidikan | None = _IBU["pendidikan_ibu"]
    pekerjaan_ibu: t.Pekerjaan | None = _IBU["pekerjaan_ibu"]
    penghasilan_ibu: t.Penghasilan | None = _IBU["penghasilan_ibu"]
    nama_wali: str | None = _WALI["nama_wali"]
    nik_wali: t.Nik | None = _WALI["nik_wali"]
    tahun_lahir_wali: int | None = _WALI["tahun_lahir_wali"]
    pendidikan_wali: t.JenjangPendidikan | None = _WALI["pendidikan_wali"]
    pekerjaan_wali: t.Pekerjaan | None = _WALI["pekerjaan_wali"]
    penghasilan_wali: t.Penghasilan | None = _WALI["penghasilan_wali"]

    def label(self) -> str:
        return f"{self.nama} (NISN {self.nisn})" if self.nisn else self.nama


class Registrasi(Record):
    KIND = "Registrasi Peserta Didik"

    peserta_didik_id: t.Uuid = required("Peserta didik")
    jenis_pendaftaran: t.JenisPendaftaran | None = field("Jenis pendaftaran", rujukan="jenis_pendaftaran")
    nipd: str | None = field("NIS/NIPD", "Nomor induk di sekolah.", max_length=30)
    tanggal_masuk: dt.date | None = field("Tanggal masuk sekolah")
    sekolah_asal: str | None = field("Sekolah asal", max_length=100)
    jenis_keluar: t.JenisKeluar | None = field("Jenis keluar", "Kosong jika masih aktif.", rujukan="jenis_keluar")
    tanggal_keluar: dt.date | None = field("Tanggal keluar")
    keterangan: str | None = field("Keterangan", max_length=200)
    no_skhun: str | None = field("No. SKHUN", "Surat keterangan hasil ujian jenjang sebelumnya.", max_length=22)
    no_peserta_ujian: str | None = field("No. peserta ujian", "Jenjang sebelumnya.", max_length=22)
    no_seri_ijazah: str | None = field("No. seri ijazah", "Ijazah jenjang sebelumnya.", max_length=80)
    pernah_paud: bool | None = field("Pernah PAUD", "Untuk peserta didik SD.")
    pernah_tk: bool | None = field("Pernah TK", "Untuk peserta didik SD.")

    def label(self) -> str:
        return f"Registrasi NIS {self.nipd}" if self.nipd else "Registrasi"


class PeriodikPd(Record):
    KIND = "Data Periodik Peserta Didik"

    peserta_didik_id: t.Uuid = required("Peserta didik")
    semester_id: t.SemesterId = required("Semester")
    tinggi_badan: int | None = field("Tinggi badan (cm)", ge=0, le=300)
    berat_badan: int | None = field("Berat badan (kg)", ge=0, le=500)
    lingkar_kepala: int | None = field("Lingkar kepala (cm)", ge=0, le=100)
    jarak_rumah_km: float | None = field("Jarak rumah ke sekolah (km)", ge=0, le=1000)
    waktu_tempuh_menit: int | None = field("Waktu tempuh (menit)", ge=0, le=1440)
    jumlah_saudara: int | None = field("Jumlah saudara kandung", ge=0, le=50)

    def label(self) -> str:
        return f"Data periodik semester {self.semester_id}"


class KesejahteraanPd(Record):
    KIND = "Kesejahteraan Peserta Didik"

    peserta_didik_id: t.Uuid = required("Peserta didik")
    jenis_kesejahteraan: t.JenisKesejahteraan = required(
        "Jenis kesejahteraan", "KIP, PIP, KPS, PKH, KKS.", json_schema_extra={"rujukan": "jenis_kesejahteraan"}
    )
    nomor_kartu: str | None = field("Nomor kartu", max_length=40)
    nama_di_kartu: str | None = field("Nama di kartu", max_length=100)
    dari_tahun: int | None = field("Dari tahun", ge=1990, le=2100)
    sampai_tahun: int | None = field("Sampai tahun", ge=1990, le=2100)

    def label(self) -> str:
        from pyapp.core import rujukan

        return f"{rujukan.label('jenis_kesejahteraan', self.jenis_kesejahteraan)} {self.nomor_kartu or ''}".strip()
