"""THE error catalogue: every error a user or a client can meet, declared once.

Used by the proxy (RFC 9457 problem+json responses), the browser engine (every engine reply
that fails has the shape `failure()` builds: ok, code, message, hint, details) and the CLI.
The engine's own entries live in problems_engine.py and join this catalogue. Each problem has a stable string code
(`group.name`), an HTTP status, an Indonesian title and message template, and the shape of
its `details` (name -> description). Codes are never reused: a retired code stays below as a
comment.

    raise ProblemError("push.konflik_kunci", key=key)
    KONFLIK = problems.get("push.konflik_kunci")   # at import: a typo fails at once
    raise KONFLIK.error(key=key)

Pure Python (runs in Pyodide too): no web framework here.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from typing import Any

from pyapp.core.problems_engine import ENTRIES as _ENGINE_ENTRIES

__all__ = ["Problem", "ProblemError", "CATALOGUE", "GROUP_STATUS", "get", "PROBLEM_TYPE_BASE",
           "failure"]

#: `type` of a problem document: this base + "#" + code (resolves to the proxy's catalogue).
PROBLEM_TYPE_BASE = "/api/-/problems"

#: Which status classes each group may use (the catalogue test enforces it).
GROUP_STATUS: dict[str, tuple[int, ...]] = {
    "request": (400, 404, 405, 413, 415, 422, 429),
    "auth": (401, 403, 429),
    "sekolah": (404, 409),
    "push": (409, 422),
    "upload": (404, 409, 413, 422),
    "pull": (409, 422),
    "data": (409,),
    "server": (500, 503),
    # the browser engine and its sync client (never sent over HTTP; statuses give the class)
    "engine": (400, 404, 409, 422, 500, 503),
    "sync": (403, 409, 422, 502, 503),
}


@dataclass(frozen=True)
class Problem:
    code: str
    status: int
    title: str
    #: str.format template over the details (plus any extra parameter named here).
    message: str
    #: What the client may do about it (Indonesian), shown under the message.
    hint: str
    #: details name -> description (the shape of the `details` object).
    details: dict[str, str] = field(default_factory=dict)
    #: A temporary problem: the client should retry later (with backoff / Retry-After).
    retry: bool = False

    @property
    def group(self) -> str:
        return self.code.split(".", 1)[0]

    def render(self, params: dict[str, Any]) -> str:
        try:
            return self.message.format(**params)
        except (KeyError, IndexError, ValueError):
            return self.message

    def placeholders(self) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(self.message) if name}

    def error(self, *, headers: dict[str, str] | None = None, **params: Any) -> ProblemError:
        """This problem as an exception to raise (`raise NOT_FOUND.error(id=...)`)."""
        return ProblemError(self.code, headers=headers, **params)


def _p(code: str, status: int, title: str, message: str, hint: str,
       details: dict[str, str] | None = None, retry: bool = False) -> Problem:
    return Problem(code, status, title, message, hint, details or {}, retry)


_ALL = [
    # -- request: the HTTP request itself -----------------------------------------------
    _p("request.tidak_valid", 422, "Permintaan tidak sah",
       "Isi permintaan tidak sesuai format: {summary}",
       "Perbarui aplikasi; bila tetap terjadi, laporkan ke pengelola server.",
       {"summary": "ringkasan masalah pertama", "errors": "daftar {loc, message} setiap masalah"}),
    _p("request.rusak", 400, "Isi permintaan rusak",
       "Isi permintaan tidak dapat dibaca ({reason}).",
       "Kirim ulang; bila tetap terjadi, sambungan mungkin merusak data.",
       {"reason": "mengapa isi tidak dapat dibaca (gzip/JSON)"}),
    _p("request.tidak_ditemukan", 404, "Alamat tidak ditemukan",
       "Alamat {path} tidak ada di server ini.", "Periksa alamat server di Pengaturan.",
       {"path": "alamat yang diminta"}),
    _p("request.metode_salah", 405, "Metode tidak diizinkan",
       "Metode {method} tidak diizinkan untuk {path}.", "Perbarui aplikasi.",
       {"method": "metode HTTP", "path": "alamat yang diminta"}),
    _p("request.terlalu_besar", 413, "Kiriman terlalu besar",
       "Kiriman melebihi batas {limit_bytes} byte.",
       "Kirim dalam beberapa bagian (unggah bertahap).",
       {"limit_bytes": "batas ukuran isi permintaan (byte)"}),
    _p("request.jenis_isi_salah", 415, "Jenis isi tidak didukung",
       "Jenis isi {content_type} tidak didukung di sini.", "Perbarui aplikasi.",
       {"content_type": "Content-Type atau Content-Encoding yang dikirim"}),
    _p("request.terlalu_sering", 429, "Terlalu banyak permintaan",
       "Terlalu banyak permintaan; coba lagi dalam {retry_after} detik.",
       "Tunggu sebentar; aplikasi akan mencoba lagi sendiri.",
       {"retry_after": "detik sampai boleh mencoba lagi"}, retry=True),
    # -- auth: kode registrasi and tokens ---------------------------------------------
    _p("auth.kode_salah", 401, "Kode registrasi salah",
       "NPSN atau kode registrasi salah.",
       "Periksa NPSN dan kode registrasi dari dinas; kode lama tidak berlaku setelah diganti."),
    _p("auth.terlalu_banyak_percobaan", 429, "Terlalu banyak percobaan kode",
       "Terlalu banyak kode salah untuk NPSN ini; coba lagi dalam {retry_after} detik.",
       "Tunggu, lalu masukkan kode registrasi dengan teliti.",
       {"retry_after": "detik sampai boleh mencoba lagi"}, retry=True),
    _p("auth.token_tidak_ada", 401, "Belum masuk",
       "Permintaan ini memerlukan token (Authorization: Bearer …).",
       "Masukkan kode registrasi di Pengaturan → Ubah Akses Pengguna."),
    _p("auth.token_tidak_sah", 401, "Token tidak berlaku",
       "Token tidak sah atau sudah tidak berlaku ({reason}).",
       "Masukkan kode registrasi lagi; bila kode sudah diganti, minta kode baru ke dinas.",
       {"reason": "rusak | kedaluwarsa | kode_diganti | sekolah_tidak_ada"}),
    _p("auth.peran_ditolak", 403, "Tidak diizinkan untuk peran ini",
       "Peran {role} tidak boleh {action}.",
       "Sinkronisasi hanya dapat dilakukan oleh Kepala Sekolah (Ubah Akses Pengguna).",
       {"role": "peran pada token", "action": "tindakan yang ditolak"}),
    _p("auth.bukan_kepala_sekolah", 403, "Bukan Kepala Sekolah aktif",
       "PTK ini tidak tercatat sebagai Kepala Sekolah aktif sekolah ini: {reason}.",
       "Pilih GTK yang memiliki tugas tambahan Kepala Sekolah atau Plt. Kepala Sekolah dengan "
       "TMT paling lambat hari ini dan tanpa TST yang sudah lewat, serta penugasan aktif di "
       "sekolah ini (tab GTK). Pergantian kepala sekolah dikirim lebih dulu oleh kepala "
       "sekolah yang tercatat di server; konfirmasi (Lembar Konfirmasi) harus atas nama PTK "
       "yang sama.",
       {"reason": "apa yang kurang pada data PTK itu", "ptk_id": "ID GTK yang diminta",
        "basis": "server (data di server) | kiriman (data dalam kiriman pertama)"}),
    # -- sekolah: registration (CLI) ---------------------------------------------------
    _p("sekolah.tidak_ditemukan", 404, "Sekolah belum terdaftar",
       "Sekolah dengan NPSN {npsn} belum terdaftar di server ini.",
       "Daftarkan dulu: python -m pyapp proxy register-school NPSN --name …",
       {"npsn": "NPSN yang dicari"}),
    _p("sekolah.sudah_terdaftar", 409, "Sekolah sudah terdaftar",
       "Sekolah dengan NPSN {npsn} sudah terdaftar.",
       "Gunakan reset-code untuk membuat kode registrasi baru.", {"npsn": "NPSN"}),
    # -- push: a confirmed batch of changes -------------------------------------------
    _p("push.tidak_valid", 422, "Data belum valid",
       "Pengiriman ditolak: {invalid} data tidak valid. Perbaiki lalu kirim lagi.",
       "Buka Validasi Lokal, perbaiki setiap temuan Invalid, lalu sinkronkan lagi.",
       {"invalid": "jumlah temuan invalid",
        "findings": "daftar temuan (rule_id, severity, tab, record_type, record_id, "
                    "record_label, field, message, hint)"}),
    _p("push.konflik_kunci", 409, "Kunci pengiriman sudah dipakai",
       "Kunci pengiriman {idempotency_key} sudah dipakai untuk isi yang berbeda.",
       "Buat pengiriman baru (kunci baru); jangan memakai ulang kunci lama.",
       {"idempotency_key": "kunci idempotensi yang bentrok"}),
    _p("push.format_lama", 409, "Aplikasi perlu diperbarui",
       "Aplikasi di perangkat ini masih versi lama: kiriman memakai format data {got}, server "
       "memakai format {expected}. Kiriman tidak disimpan.",
       "Tutup semua tab aplikasi lalu buka lagi (atau terima \"Versi baru\") agar aplikasi "
       "diperbarui; perubahan yang belum terkirim tetap tersimpan di perangkat ini dan dapat "
       "dikirim sesudahnya.",
       {"got": "versi format data dalam manifest kiriman (\"tidak disebut\": aplikasi lama)",
        "expected": "versi format data server"}),
    _p("push.format_baru", 409, "Server belum diperbarui",
       "Kiriman memakai format data {got}, lebih baru dari format server ({expected}). "
       "Kiriman tidak disimpan.",
       "Hubungi pengelola server agar server diperbarui; perubahan tetap tersimpan di perangkat "
       "ini dan dapat dikirim sesudahnya.",
       {"got": "versi format data dalam manifest kiriman", "expected": "versi format data server"}),
    _p("pull.format_lama", 409, "Aplikasi perlu diperbarui",
       "Aplikasi di perangkat ini masih versi lama (format data {got}); server memakai format "
       "{expected}. Data server tidak diambil, agar kode-kodenya tidak terbaca dengan arti lain.",
       "Tutup semua tab aplikasi lalu buka lagi (atau terima \"Versi baru\") agar aplikasi "
       "diperbarui, lalu Tarik Data lagi; data di perangkat ini tidak berubah.",
       {"got": "versi format data yang disebut aplikasi (\"tidak disebut\": aplikasi lama)",
        "expected": "versi format data server"}),
    _p("pull.format_baru", 409, "Server belum diperbarui",
       "Aplikasi memakai format data {got}, lebih baru dari format server ({expected}). Data "
       "server tidak diambil.",
       "Hubungi pengelola server agar server diperbarui; data di perangkat ini tidak berubah.",
       {"got": "versi format data yang disebut aplikasi", "expected": "versi format data server"}),
    _p("push.manifest_tidak_cocok", 422, "Ringkasan kiriman tidak cocok",
       "Ringkasan kiriman tidak cocok dengan isinya ({what}).",
       "Kiriman mungkin rusak atau aplikasi bermasalah; ulangi sinkronisasi.",
       {"what": "content_hash | counts", "expected": "nilai menurut isi kiriman",
        "got": "nilai pada manifest"}),
    _p("push.konfirmasi_tidak_sah", 422, "Konfirmasi kepala sekolah tidak sah",
       "Konfirmasi tidak sah: {reason}",
       "Kepala sekolah harus mengonfirmasi ulang (Lembar Konfirmasi) sebelum mengirim.",
       {"reason": "apa yang tidak cocok"}),
    # -- upload: a push sent in parts ---------------------------------------------------
    _p("upload.tidak_ditemukan", 404, "Unggahan tidak ditemukan",
       "Unggahan {upload_id} tidak ada (mungkin sudah kedaluwarsa).",
       "Mulai unggahan baru.", {"upload_id": "id unggahan"}),
    _p("upload.bagian_salah", 422, "Bagian unggahan salah",
       "Bagian {part} tidak sesuai: {reason}",
       "Kirim ulang bagian itu.", {"part": "nomor bagian (mulai 0)", "reason": "apa yang salah"}),
    _p("upload.bagian_berbeda", 409, "Bagian unggahan berbeda",
       "Bagian {part} sudah diterima dengan isi lain.",
       "Mulai unggahan baru dengan kunci baru.", {"part": "nomor bagian"}),
    _p("upload.belum_lengkap", 409, "Unggahan belum lengkap",
       "Unggahan belum lengkap: {missing_count} bagian belum diterima.",
       "Kirim bagian yang belum diterima (lihat status unggahan), lalu selesaikan.",
       {"missing_count": "jumlah bagian yang belum ada", "missing": "nomor bagian yang belum ada"}),
    _p("upload.hash_salah", 422, "Unggahan rusak",
       "Gabungan bagian unggahan tidak cocok dengan hash yang diumumkan.",
       "Mulai unggahan baru.", {"expected": "sha256 yang diumumkan", "got": "sha256 gabungan"}),
    _p("upload.bagian_terlalu_besar", 413, "Bagian unggahan terlalu besar",
       "Bagian {part} berukuran {got} byte melebihi yang diumumkan ({limit_bytes} byte).",
       "Kirim bagian dengan ukuran sesuai pengumuman unggahan; bila perlu mulai unggahan baru.",
       {"part": "nomor bagian", "got": "ukuran bagian yang dikirim (byte)",
        "limit_bytes": "ukuran terbesar yang masih sesuai pengumuman (byte)"}),
    _p("upload.kuota_penuh", 409, "Terlalu banyak unggahan terbuka",
       "Sekolah ini sudah memiliki {open} unggahan yang belum selesai (batas {limit}).",
       "Selesaikan atau tunggu unggahan lama kedaluwarsa ({expiry_h} jam), lalu coba lagi.",
       {"open": "unggahan terbuka", "limit": "batas per sekolah",
        "expiry_h": "jam sampai unggahan yang belum selesai dihapus"}),
    _p("upload.konflik_kunci", 409, "Kunci unggahan sudah dipakai",
       "Kunci {idempotency_key} sudah dipakai untuk unggahan yang berbeda.",
       "Buat unggahan baru dengan kunci baru.", {"idempotency_key": "kunci yang bentrok"}),
    # -- pull ---------------------------------------------------------------------------
    _p("pull.kursor_tidak_sah", 422, "Kursor tidak sah",
       "Kursor {cursor} di luar jangkauan server (terakhir {last}).",
       "Tarik ulang dari awal (tanpa kursor).",
       {"cursor": "kursor yang dikirim", "last": "kursor terakhir server"}),
    # -- data: database integrity (translated at one boundary) --------------------------
    _p("data.bentrok", 409, "Perubahan bersamaan",
       "Data yang sama sedang diubah oleh permintaan lain.",
       "Ulangi permintaan sebentar lagi.", retry=True),
    # -- server -------------------------------------------------------------------------
    _p("server.pemeliharaan", 503, "Server sedang pemeliharaan",
       "Server sedang pemeliharaan; coba lagi dalam {retry_after} detik.",
       "Data aman di perangkat; aplikasi akan mencoba lagi sendiri.",
       {"retry_after": "detik sampai boleh mencoba lagi", "message": "pesan pengelola"},
       retry=True),
    _p("server.sibuk", 503, "Server sibuk",
       "Server sedang sibuk; coba lagi dalam {retry_after} detik.",
       "Aplikasi akan mencoba lagi sendiri.", {"retry_after": "detik"}, retry=True),
    _p("server.kesalahan", 500, "Kesalahan server",
       "Terjadi kesalahan di server (nomor {request_id}).",
       "Coba lagi nanti; bila berulang, laporkan nomor ini ke pengelola server.",
       {"request_id": "nomor permintaan di log server"}, retry=True),
    # Retired codes (never reuse):
    # push.duplikat (409): an identical replay now returns the original receipt instead.
]

_ALL += [_p(*entry) for entry in _ENGINE_ENTRIES]

CATALOGUE: dict[str, Problem] = {}
for _prob in _ALL:
    if _prob.code in CATALOGUE:
        raise ValueError(f"duplicate problem code {_prob.code}")
    CATALOGUE[_prob.code] = _prob


def get(code: str) -> Problem:
    """The catalogue entry of a code; KeyError for a code that is not declared (a bug), so
    modules look their problems up at import time."""
    return CATALOGUE[code]


def failure(code: str, message: str, hint: str | None,
            details: dict[str, Any] | None = None) -> dict[str, Any]:
    """THE shape of an engine reply that failed (the UI reads exactly these keys)."""
    return {"ok": False, "code": code, "message": message, "hint": hint,
            "details": dict(details or {})}


class ProblemError(Exception):
    """An error from the catalogue. `params` fill the message and become `details`
    (those named in the problem's details shape); `headers` go on the HTTP response."""

    def __init__(self, code: str, *, headers: dict[str, str] | None = None, **params: Any) -> None:
        self.problem = CATALOGUE[code]  # KeyError = a code missing from the catalogue (a bug)
        self.params = params
        self.headers = headers or {}
        super().__init__(f"{code}: {self.problem.render(params)}")

    @property
    def code(self) -> str:
        return self.problem.code

    @property
    def status(self) -> int:
        return self.problem.status

    def details(self) -> dict[str, Any]:
        """The parameters that the problem's details shape names."""
        return {k: v for k, v in self.params.items() if k in self.problem.details}

    def reply(self) -> dict[str, Any]:
        """This problem as an engine reply (see `failure`)."""
        return failure(self.code, self.problem.render(self.params), self.problem.hint,
                       self.details())

    def to_dict(self, instance: str | None = None) -> dict[str, Any]:
        """The RFC 9457 problem document (plus `code`, `hint`, `retry`, `details`)."""
        p = self.problem
        doc: dict[str, Any] = {
            "type": f"{PROBLEM_TYPE_BASE}#{p.code}",
            "title": p.title,
            "status": p.status,
            "detail": p.render(self.params),
            "code": p.code,
            "hint": p.hint,
            "retry": p.retry,
            "details": self.details(),
        }
        if instance:
            doc["instance"] = instance
        return doc
