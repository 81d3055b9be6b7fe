"""Shared constrained types for the models: identity numbers, codes, rujukan choices.

Each pattern carries its Indonesian message (PATTERN_MESSAGES), so a failed match is reported
as "harus 16 digit angka", never as a regex.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import StringConstraints

from pyapp.core import rujukan

PATTERN_MESSAGES: dict[str, str] = {}


def _pattern(regex: str, message: str) -> Any:
    PATTERN_MESSAGES[regex] = message
    return Annotated[str, StringConstraints(pattern=regex)]


UUID_RE = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
Sha256 = _pattern(r"^sha256:[0-9a-f]{64}$", "harus hash sha256:… (64 digit heksadesimal)")
IdempotencyKey = _pattern(r"^[A-Za-z0-9_.:-]{8,80}$", "harus 8–80 karakter huruf, angka, _ . : -")
Uuid = _pattern(UUID_RE, "harus UUID (huruf kecil, format 8-4-4-4-12)")
Nik = _pattern(r"^[0-9]{16}$", "harus 16 digit angka")
NoKk = Nik
Nuptk = Nik
Nisn = _pattern(r"^[0-9]{10}$", "harus 10 digit angka")
Nip = _pattern(r"^[0-9]{18}$", "harus 18 digit angka")
Npsn = _pattern(r"^[0-9A-Z]{8}$", "harus 8 karakter (angka atau huruf besar)")
KodePos = _pattern(r"^[0-9]{5}$", "harus 5 digit angka")
KodeWilayah = _pattern(
    r"^[0-9]{2}\.[0-9]{2}\.[0-9]{2}(\.[0-9]{4})?$",
    "harus kode wilayah Kemendagri bertitik, mis. 32.73.01 atau 32.73.01.1001",
)
#: Dapodik's own kode wilayah (Kemendikbud, ref.mst_wilayah): kecamatan 6 digits, desa 8 characters
KodeWilayahKemendikbud = _pattern(
    r"^[0-9]{6}([0-9A-Z]{2})?$",
    "harus kode wilayah Kemendikbud: 6 angka, atau 8 karakter untuk desa/kelurahan, mis. 026025AB",
)
SemesterId = _pattern(r"^20[0-9]{2}[12]$", "harus kode semester, mis. 20251 (ganjil) atau 20252 (genap)")


def semester_text(semester_id: object) -> str:
    """A semester code as people say it: "20251" -> "2025/2026 Ganjil" (other text unchanged)."""
    sid = str(semester_id or "")
    if len(sid) == 5 and sid.isdigit() and sid[4] in "12":
        year = int(sid[:4])
        return f"{year}/{year + 1} {'Ganjil' if sid[4] == '1' else 'Genap'}"
    return sid


BULAN = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
         "September", "Oktober", "November", "Desember")


def date_text(value: date) -> str:
    """The one date format people read: 2 Desember 2026."""
    return f"{value.day} {BULAN[value.month - 1]} {value.year}"


TahunAjaranId = _pattern(r"^20[0-9]{2}$", "harus tahun ajaran 4 digit, mis. 2025 untuk 2025/2026")
Telepon = _pattern(r"^\+?[0-9][0-9 ()-]{5,19}$", "harus nomor telepon (angka, 6–20 karakter)")
Kewarganegaraan = _pattern(r"^[A-Z]{2}$", "harus kode negara 2 huruf, mis. ID")


def kode(name: str) -> Any:
    """A Literal over the codes of a rujukan: out-of-list values are rejected natively."""
    return Literal.__getitem__(rujukan.codes(name))


Agama = kode("agama")
JenisKelamin = kode("jenis_kelamin")
Pekerjaan = kode("pekerjaan")
Penghasilan = kode("penghasilan")
JenjangPendidikan = kode("jenjang_pendidikan")
JenisPendaftaran = kode("jenis_pendaftaran")
JenisKeluar = kode("jenis_keluar")
JenisPtk = kode("jenis_ptk")
StatusKepegawaian = kode("status_kepegawaian")
BentukPendidikan = kode("bentuk_pendidikan")
StatusSekolah = kode("status_sekolah")
Akreditasi = kode("akreditasi")
Kurikulum = kode("kurikulum")
Jurusan = kode("jurusan")
MataPelajaran = kode("mata_pelajaran")
JenisPrasarana = kode("jenis_prasarana")
JenisSarana = kode("jenis_sarana")
Kepemilikan = kode("kepemilikan")
SumberListrik = kode("sumber_listrik")
AksesInternet = kode("akses_internet")
WaktuPenyelenggaraan = kode("waktu_penyelenggaraan")
KebutuhanKhusus = kode("kebutuhan_khusus")
JenisTinggal = kode("jenis_tinggal")
AlatTransportasi = kode("alat_transportasi")
JabatanTugasTambahan = kode("jabatan_tugas_tambahan")
JenisRombel = kode("jenis_rombel")
JenisKesejahteraan = kode("jenis_kesejahteraan")
AlasanLayakPip = kode("alasan_layak_pip")
Predikat = kode("predikat")
PredikatKualitatif = kode("predikat_kualitatif")
Hobi = kode("hobi")
CitaCita = kode("cita_cita")
LembagaPengangkat = kode("lembaga_pengangkat")
SumberGaji = kode("sumber_gaji")
StatusKeaktifan = kode("status_keaktifan_pegawai")
PangkatGolongan = kode("pangkat_golongan")
JenisSertifikasi = kode("jenis_sertifikasi")
JabatanPtk = kode("jabatan_ptk")
