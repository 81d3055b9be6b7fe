"""The catalogue entries the engine answers with, looked up once at import (a code that is
not in pyapp/core/problems.py fails here, at start-up, not when a user meets it).

    raise P.TIDAK_DITEMUKAN.error()        # -> {"ok": false, "code": ..., "message": ...}
    if remote.is_(P.UPLOAD_TIDAK_DITEMUKAN): ...   # a proxy problem, matched by entry
"""

from __future__ import annotations

from pyapp.core.problems import get

# -- the engine's own (engine.*)
CADANGAN_TIDAK_TERBACA = get("engine.cadangan_tidak_terbaca")
CONTOH_GAGAL = get("engine.contoh_gagal")
EXCEL_TIDAK_TERBACA = get("engine.excel_tidak_terbaca")
FILTER_TIDAK_SAH = get("engine.filter_tidak_sah")
GAGAL_MENYIMPAN = get("engine.gagal_menyimpan")
PERLU_KONFIRMASI = get("engine.hapus_perlu_konfirmasi")
HAPUS_SEMUA = get("engine.hapus_semua_perlu_konfirmasi")
IMPOR_KEDALUWARSA = get("engine.impor_kedaluwarsa")
IMPOR_TIDAK_DIDUKUNG = get("engine.impor_tidak_didukung")
ISIAN_TIDAK_SAH = get("engine.isian_tidak_sah")
JENIS_TIDAK_DIKENAL = get("engine.jenis_tidak_dikenal")
NAIK_KELAS_TUJUAN = get("engine.naik_kelas_tujuan")
KESALAHAN = get("engine.kesalahan")
MASIH_DIRUJUK = get("engine.masih_dirujuk")
MODUL_EXCEL = get("engine.modul_excel")
MODUL_JARINGAN = get("engine.modul_jaringan")
PANGGILAN_TIDAK_DIKENAL = get("engine.panggilan_tidak_dikenal")
PERMINTAAN_RUSAK = get("engine.permintaan_rusak")
PERMINTAAN_TIDAK_SAH = get("engine.permintaan_tidak_sah")
PINDAH_BEDA_TINGKAT = get("engine.pindah_beda_tingkat")
PINDAH_NILAI_TERTINGGAL = get("engine.pindah_nilai_tertinggal")
TAB_TIDAK_DIKENAL = get("engine.tab_tidak_dikenal")
TIDAK_DITEMUKAN = get("engine.tidak_ditemukan")
TINGKAT_TEMUAN_SALAH = get("engine.tingkat_temuan_salah")
WILAYAH_TIDAK_SAH = get("engine.wilayah_tidak_sah")

# -- the sync client's refusals (sync.*)
BELUM_DIMULAI = get("sync.belum_dimulai")
BELUM_TERDAFTAR = get("sync.belum_terdaftar")
BUKAN_CALON_KEPALA = get("sync.bukan_calon_kepala")
BUKAN_KEPALA_SEKOLAH = get("sync.bukan_kepala_sekolah")
DATA_BERUBAH = get("sync.data_berubah")
DATA_SERVER_RUSAK = get("sync.data_server_rusak")
ISIAN_REGISTRASI = get("sync.isian_registrasi_salah")
JAWABAN_SERVER = get("sync.jawaban_server")
KODE_KOSONG = get("sync.kode_kosong")
KONFIRMASI_BELUM_LENGKAP = get("sync.konfirmasi_belum_lengkap")
MASIH_INVALID = get("sync.masih_invalid")
NPSN_BERBEDA = get("sync.npsn_berbeda")
PERAN_SALAH = get("sync.peran_salah")
PERSETUJUAN_BELUM = get("sync.persetujuan_belum")
PERUBAHAN_BELUM_DIKIRIM = get("sync.perubahan_belum_dikirim")
SEDANG_BERJALAN = get("sync.sedang_berjalan")
TIDAK_TERSAMBUNG = get("sync.tidak_tersambung")

# -- the proxy's, which the sync client reacts to (auth.*, push.*, server.*, upload.*)
TOKEN_TIDAK_ADA = get("auth.token_tidak_ada")
TOKEN_TIDAK_SAH = get("auth.token_tidak_sah")
PUSH_TIDAK_VALID = get("push.tidak_valid")
PEMELIHARAAN = get("server.pemeliharaan")
UPLOAD_BELUM_LENGKAP = get("upload.belum_lengkap")
UPLOAD_TIDAK_DITEMUKAN = get("upload.tidak_ditemukan")
