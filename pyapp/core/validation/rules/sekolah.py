"""Tab Sekolah: identity, address and kode wilayah, yayasan, contacts, per-semester data."""

from __future__ import annotations

from typing import Any

from pyapp.core.types import semester_text
from pyapp.core.validation.registry import Registry
from pyapp.core.validation.rules._util import EMAIL_RE, empty, hit

registry = Registry()
rule = registry.rule
TAB = "Sekolah"

_WAJIB = (("npsn", "NPSN"), ("bentuk_pendidikan", "Bentuk pendidikan"), ("status_sekolah", "Status sekolah"),
          ("alamat_jalan", "Alamat jalan"), ("desa_kelurahan", "Desa/kelurahan"), ("kode_pos", "Kode pos"))
_LENGKAP = {"npsn": "20212345", "bentuk_pendidikan": 5, "status_sekolah": 1, "alamat_jalan": "Jl. Merdeka 1",
            "desa_kelurahan": "Sukarasa", "kode_pos": "40152", "kode_wilayah": "32.73.01.1001"}


@rule(id="SEK-ISIAN-WAJIB", tab=TAB, severity="invalid", reads=("sekolah",),
      title="Isian wajib sekolah",
      message="{kolom} {label} belum diisi.",
      hint="Lengkapi {kolom} di data Sekolah sesuai SK dan data NPSN (referensi.data.kemdikbud.go.id).",
      why="Identitas dan alamat sekolah wajib untuk sinkronisasi (invalid).",
      ok=_LENGKAP, bad={**_LENGKAP, "alamat_jalan": None})
def isian_wajib(s: Any, ix: Any) -> Any:
    return [hit(fld, kolom=kolom) for fld, kolom in _WAJIB if empty(getattr(s, fld))]


@rule(id="SEK-KODE-WILAYAH", tab=TAB, severity="invalid", reads=("sekolah",),
      title="Kode wilayah sekolah",
      message="Kode wilayah {label} belum diisi.",
      hint="Pilih desa/kelurahan sekolah dari daftar wilayah Kemendagri; kodenya terisi otomatis.",
      why="Invalid di Dapodik: kode wilayah kosong (docs/domain.md#validasi-lokal).",
      ok=_LENGKAP, bad={**_LENGKAP, "kode_wilayah": None})
def kode_wilayah(s: Any, ix: Any) -> Any:
    return [hit("kode_wilayah")] if s.kode_wilayah is None else None


@rule(id="SEK-KODE-WILAYAH-DIKENAL", tab=TAB, severity="warning", reads=("sekolah",),
      title="Kode wilayah tidak dikenal",
      message="Kode wilayah {label} ({kode}) tidak ada di daftar kecamatan Kemendagri saat ini.",
      hint="Pilih ulang desa/kelurahan sekolah dari daftar wilayah (kode lama berubah setelah pemekaran).",
      why="Peringatan: daftar wilayah di perangkat bisa lebih lama atau lebih baru dari server.",
      ok=_LENGKAP, bad={**_LENGKAP, "kode_wilayah": "99.01.01.1001"})
def kode_dikenal(s: Any, ix: Any) -> Any:
    if s.kode_wilayah is None or ix.kecamatan is None or s.kode_wilayah[:8].replace(".", "") in ix.kecamatan:
        return None
    return [hit("kode_wilayah", kode=s.kode_wilayah)]


@rule(id="SEK-YAYASAN", tab=TAB, severity="invalid", reads=("sekolah",),
      title="Yayasan sekolah swasta",
      message="{label} berstatus swasta tetapi nama yayasan kosong.",
      hint="Isi nama yayasan penyelenggara sesuai akta/SK izin operasional.",
      why="Invalid di Dapodik: yayasan kosong untuk sekolah swasta (docs/domain.md#validasi-lokal).",
      ok={"status_sekolah": 2, "yayasan": "Yayasan Pendidikan Nusantara"}, bad={"status_sekolah": 2, "yayasan": None},
      more_ok={"negeri tanpa yayasan": {"status_sekolah": 1, "yayasan": None}},
      more_bad={"yayasan hanya spasi": {"status_sekolah": 2, "yayasan": " "}})
def yayasan(s: Any, ix: Any) -> Any:
    return [hit("yayasan")] if s.status_sekolah == 2 and empty(s.yayasan) else None


@rule(id="SEK-KOORDINAT", tab=TAB, severity="warning", reads=("sekolah",),
      title="Lintang/bujur sekolah",
      message="{label}: {masalah}.",
      hint="Ambil titik lokasi sekolah dari peta (mis. Google Maps: tekan lama pada lokasi) dan isi lintang "
           "dan bujur dalam derajat desimal, lintang negatif di selatan khatulistiwa.",
      why="Peringatan, bukan invalid: banyak sekolah belum memetakan lokasinya.",
      ok={"lintang": -6.89, "bujur": 107.61}, bad={"lintang": 6.89, "bujur": -107.61},
      more_ok={"sudut barat laut": {"lintang": 6.5, "bujur": 94.5}, "sudut tenggara": {"lintang": -11.5, "bujur": 141.5}},
      more_bad={"lintang 6.51": {"lintang": 6.51, "bujur": 107.61}, "lintang -11.51": {"lintang": -11.51, "bujur": 107.61},
                "bujur 94.49": {"lintang": -6.89, "bujur": 94.49}, "bujur 141.51": {"lintang": -6.89, "bujur": 141.51},
                "bujur kosong": {"lintang": -6.89, "bujur": None}})
def koordinat(s: Any, ix: Any) -> Any:
    if s.lintang is None or s.bujur is None:
        return [hit("lintang", masalah="lintang/bujur belum diisi")]
    if not (-11.5 <= s.lintang <= 6.5 and 94.5 <= s.bujur <= 141.5):
        return [hit("lintang", masalah=f"titik ({s.lintang}, {s.bujur}) berada di luar wilayah Indonesia")]
    return None


@rule(id="SEK-EMAIL", tab=TAB, severity="invalid", reads=("sekolah",),
      title="Format email", message="Email {label} ({email}) tidak berformat alamat email.",
      hint="Perbaiki menjadi nama@domain (mis. sdn1@sekolah.belajar.id) atau kosongkan.",
      why="Aturan Dapodik: format email (invalid).",
      ok={"email": "sdn1@sekolah.belajar.id"}, bad={"email": "sdn1@"})
def email(s: Any, ix: Any) -> Any:
    return [hit("email", email=s.email)] if s.email and not EMAIL_RE.match(s.email) else None


@rule(id="SEK-SK-PENDIRIAN", tab=TAB, severity="warning", reads=("sekolah",),
      title="SK pendirian", message="{kolom} {label} belum diisi.",
      hint="Isi nomor dan tanggal SK pendirian sekolah sesuai dokumen SK.",
      why="Peringatan: sekolah lama sering tidak menyimpan SK pendiriannya.",
      ok={"sk_pendirian": "421/1/Disdik/1980", "tanggal_sk_pendirian": "1980-01-02"},
      bad={"sk_pendirian": None, "tanggal_sk_pendirian": "1980-01-02"})
def sk_pendirian(s: Any, ix: Any) -> Any:
    out = []
    if empty(s.sk_pendirian):
        out.append(hit("sk_pendirian", kolom="Nomor SK pendirian"))
    if s.tanggal_sk_pendirian is None:
        out.append(hit("tanggal_sk_pendirian", kolom="Tanggal SK pendirian"))
    return out


_ALL = (lambda r, ix: ["sekolah"])  # noqa: E731 - a rule scope, read as data


@rule(id="SEK-PERIODIK", tab=TAB, severity="warning", reads=("sekolah", "sekolah_periodik"),
      title="Data periodik sekolah",
      message="{label}: {masalah} untuk semester {semester}.",
      hint="Isi data periodik sekolah semester {semester}: sumber listrik, daya, akses internet, waktu "
           "penyelenggaraan.",
      why="Peringatan: data per semester, tidak menahan sinkronisasi.",
      ok={"sekolah": [{"id": "sek"}], "sekolah_periodik": [{"sekolah_id": "sek", "sumber_listrik": 1,
                                                            "akses_internet": 2, "waktu_penyelenggaraan": 1}]},
      bad={"sekolah": [{"id": "sek"}]},
      more_bad={"akses internet kosong": {"sekolah": [{"id": "sek"}], "sekolah_periodik": [
                    {"sekolah_id": "sek", "sumber_listrik": 1, "waktu_penyelenggaraan": 1}]},
                "sumber listrik dan waktu penyelenggaraan kosong": {"sekolah": [{"id": "sek"}], "sekolah_periodik": [
                    {"sekolah_id": "sek", "akses_internet": 2}]},
                "hanya semester lalu": {"sekolah": [{"id": "sek"}], "sekolah_periodik": [
                    {"sekolah_id": "sek", "semester_id": "20242", "sumber_listrik": 1, "akses_internet": 2,
                     "waktu_penyelenggaraan": 1}]}},
      groups=lambda ix: ["sekolah"], affects={"sekolah": _ALL, "sekolah_periodik": _ALL})
def periodik(ix: Any, key: str) -> Any:
    s = ix.sekolah
    if s is None:
        return None
    rows = [p for p in ix.records["sekolah_periodik"].values() if p.semester_id == ix.semester_id]
    if not rows:
        return [(s, "sekolah_periodik", {"masalah": "data periodik belum ada", "semester": semester_text(ix.semester_id)})]
    kosong = [k for f, k in (("sumber_listrik", "sumber listrik"), ("akses_internet", "akses internet"),
                             ("waktu_penyelenggaraan", "waktu penyelenggaraan"))
              if all(getattr(p, f) is None for p in rows)]
    if kosong:
        return [(s, "sekolah_periodik", {"masalah": f"{', '.join(kosong)} belum diisi", "semester": semester_text(ix.semester_id)})]
    return None
