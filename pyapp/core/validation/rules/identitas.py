"""Identity numbers of peserta didik and GTK: NIK structure (birth date, gender, region,
serial), NIK vs No. KK, duplicates, NISN, NUPTK and NIP structure (docs/domain.md#nomor-identitas).

The NIK rules are declared once for both tabs by `_nik_rules`. Dapodik itself stopped
checking NIK structure locally in 2021 (it matches NIKs with Dukcapil centrally); these checks
catch typing mistakes before that round trip.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pyapp.core.validation.registry import Registry
from pyapp.core.validation.rules._util import ASN, GURU, fmt_date, hit

registry = Registry()
rule = registry.rule

JK = {"L": "laki-laki", "P": "perempuan"}


_MDAYS = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def nik_date_possible(nik: str) -> bool:
    """Whether digits 7–12 (DDMMYY, women DD+40) can be a date in 19YY or 20YY."""
    dd, mm = int(nik[6:8]), int(nik[8:10])
    if dd > 40:
        dd -= 40
    if not (1 <= mm <= 12 and dd >= 1):
        return False
    if mm == 2 and dd == 29:
        return int(nik[10:12]) % 4 == 0  # 2000+YY is a leap year
    return dd <= _MDAYS[mm]


def _nik_matches(nik: str, born: dt.date) -> bool:
    dd = int(nik[6:8])
    return (dd - 40 if dd > 40 else dd) == born.day and int(nik[8:10]) == born.month and int(nik[10:12]) == born.year % 100


def nik_female(nik: str) -> bool:
    return nik[6] >= "4"


def _nik_rules(prefix: str, rtype: str, tab: str, index: str, who: str) -> None:
    ok = {"nik": "3273014508100001", "no_kk": "3273012001090003", "tanggal_lahir": "2010-08-05",
          "jenis_kelamin": "P"}

    def bad(**changes: Any) -> dict[str, Any]:
        return {**ok, **changes}

    @rule(id=f"{prefix}-NIK-KOSONG", tab=tab, severity="invalid", reads=(rtype,),
          title="NIK wajib diisi",
          message="NIK {label} belum diisi.",
          hint="Isi NIK 16 digit sesuai Kartu Keluarga atau KTP.",
          why="NIK dipakai Dapodik untuk padan data dengan Dukcapil; tanpa NIK data tidak dapat dipadankan.",
          ok=ok, bad=bad(nik=None),
          more_ok={"WNA tanpa NIK": bad(nik=None, kewarganegaraan="MY")} if rtype == "peserta_didik" else {},
          more_bad={"WNI tanpa NIK": bad(nik=None, kewarganegaraan="ID")} if rtype == "peserta_didik" else {})
    def nik_kosong(r: Any, ix: Any) -> Any:
        if r.nik is None and getattr(r, "kewarganegaraan", None) in (None, "ID"):
            return [hit("nik")]
        return None

    @rule(id=f"{prefix}-NIK-TANGGAL", tab=tab, severity="invalid", reads=(rtype,),
          title="Tanggal lahir di NIK",
          message="NIK {nik} milik {label}: tanggal lahir di NIK ({kode}) {masalah}.",
          hint="Digit ke-7 sampai ke-12 NIK adalah tanggal lahir HHBBTT (perempuan: hari + 40). "
               "Cocokkan dengan Kartu Keluarga, lalu perbaiki NIK atau tanggal lahir yang salah ketik.",
          why="NIK yang tanggalnya mustahil atau berbeda dari tanggal lahir pasti salah ketik di salah "
              "satu kolom; padan Dukcapil akan menolaknya, jadi sinkronisasi ditahan.",
          ok=ok, bad=bad(nik="3273013208100001"),
          more_ok={"laki-laki, hari tanpa +40": bad(nik="3273010508100001", jenis_kelamin="L"),
                   "29 Februari tahun kabisat": bad(nik="3273016902120001", tanggal_lahir="2012-02-29"),
                   "29 Februari 2000": bad(nik="3273016902000001", tanggal_lahir="2000-02-29"),
                   "perempuan tanggal 1 (41)": bad(nik="3273014108100001", tanggal_lahir="2010-08-01"),
                   "perempuan tanggal 31 (71)": bad(nik="3273017108100001", tanggal_lahir="2010-08-31"),
                   "tanggal lahir kosong, NIK mungkin": bad(tanggal_lahir=None)},
          more_bad={"beda tahun saja": bad(nik="3273014508110001"),
                    "beda bulan saja": bad(nik="3273014509100001"),
                    "beda hari saja": bad(nik="3273014608100001"),
                    "hari tanpa +40 pada NIK perempuan, tanggal lain": bad(nik="3273010608100001"),
                    "29 Februari tahun bukan kabisat": bad(nik="3273016902130001", tanggal_lahir=None),
                    "hari 40": bad(nik="3273014008100001", tanggal_lahir=None),
                    "hari 00": bad(nik="3273010008100001", tanggal_lahir=None),
                    "hari 72 (31 + 41)": bad(nik="3273017208100001", tanggal_lahir=None),
                    "31 April": bad(nik="3273013104100001", tanggal_lahir=None, jenis_kelamin="L"),
                    "bulan 13": bad(nik="3273014513100001", tanggal_lahir=None),
                    "bulan 00": bad(nik="3273014500100001", tanggal_lahir=None)})
    def nik_tanggal(r: Any, ix: Any) -> Any:
        if r.nik is None:
            return None
        nik, born = r.nik, r.tanggal_lahir
        if not nik_date_possible(nik):
            return [hit("nik", nik=r.nik, kode=r.nik[6:12], masalah="bukan tanggal yang mungkin")]
        if born is not None and not _nik_matches(nik, born):
            return [hit("nik", nik=r.nik, kode=r.nik[6:12],
                        masalah=f"tidak sama dengan tanggal lahir {fmt_date(r.tanggal_lahir)}")]
        return None

    @rule(id=f"{prefix}-NIK-JK", tab=tab, severity="invalid", reads=(rtype,),
          title="Jenis kelamin di NIK",
          message="NIK {nik} milik {label} menandakan {jk_nik} (digit hari {dd}), tetapi jenis kelamin diisi {jk}.",
          hint="Pada NIK perempuan hari lahir ditambah 40 (mis. 45 untuk tanggal 5). Periksa kolom jenis "
               "kelamin atau NIK sesuai Kartu Keluarga.",
          why="Jenis kelamin tertulis di NIK; perbedaan berarti salah satu kolom salah.",
          ok=ok, bad=bad(jenis_kelamin="L"),
          more_ok={"laki-laki tanggal 31": bad(nik="3273013108100001", tanggal_lahir="2010-08-31", jenis_kelamin="L"),
                   "perempuan tanggal 1 (41)": bad(nik="3273014108100001", tanggal_lahir="2010-08-01")},
          more_bad={"tanggal 31 tetapi perempuan": bad(nik="3273013108100001", tanggal_lahir="2010-08-31"),
                    "41 tetapi laki-laki": bad(nik="3273014108100001", tanggal_lahir="2010-08-01",
                                               jenis_kelamin="L")})
    def nik_jk(r: Any, ix: Any) -> Any:
        if r.nik is None or r.jenis_kelamin is None:
            return None
        female = nik_female(r.nik)
        if female != (r.jenis_kelamin == "P") and nik_date_possible(r.nik):
            return [hit("jenis_kelamin", nik=r.nik, dd=r.nik[6:8], jk_nik=JK["P" if female else "L"],
                        jk=JK[r.jenis_kelamin])]
        return None

    @rule(id=f"{prefix}-NIK-SERIAL", tab=tab, severity="invalid", reads=(rtype,),
          title="Nomor urut NIK",
          message="NIK {nik} milik {label} berakhiran 0000; nomor urut NIK tidak pernah 0000.",
          hint="Salin ulang NIK dari Kartu Keluarga; empat digit terakhir adalah nomor urut 0001–9999.",
          why="Nomor urut 0000 tidak diterbitkan Dukcapil; biasanya NIK diketik asal.",
          ok=ok, bad=bad(nik="3273014508100000"),
          more_ok={"nomor urut 1000": bad(nik="3273014508101000")})
    def nik_serial(r: Any, ix: Any) -> Any:
        if r.nik is not None and r.nik.endswith("0000"):
            return [hit("nik", nik=r.nik)]
        return None

    @rule(id=f"{prefix}-NIK-WILAYAH", tab=tab, severity="warning", reads=(rtype,),
          title="Kode wilayah di NIK",
          message="Kode wilayah NIK {nik} milik {label} ({kode}) tidak ada di daftar kecamatan Kemendagri saat ini.",
          hint="NIK lama tetap memakai kode wilayah sebelum pemekaran: jika NIK sudah sesuai Kartu Keluarga, "
               "abaikan peringatan ini; jika tidak, perbaiki 6 digit pertama NIK.",
          why="Peringatan, bukan invalid: NIK tidak berubah ketika wilayah dimekarkan, jadi kode lama sah.",
          ok=ok, bad=bad(nik="9999014508100001"))
    def nik_wilayah(r: Any, ix: Any) -> Any:
        if r.nik is None or ix.kecamatan is None or r.nik[:6] in ix.kecamatan:
            return None
        kode = f"{r.nik[:2]}.{r.nik[2:4]}.{r.nik[4:6]}"
        return [hit("nik", nik=r.nik, kode=kode)]

    @rule(id=f"{prefix}-NIK-SAMA-KK", tab=tab, severity="invalid", reads=(rtype,),
          title="NIK sama dengan No. KK",
          message="Nomor KK {label} sama dengan NIK-nya ({nik}).",
          hint="NIK dan Nomor KK tertukar atau tersalin: Nomor KK tertulis di kepala Kartu Keluarga, NIK di "
               "baris nama anggota keluarga.",
          why="Kesalahan umum \"NIK tertukar dengan No. KK\"; keduanya tidak pernah sama.",
          ok=ok, bad=bad(no_kk=ok["nik"]))
    def nik_sama_kk(r: Any, ix: Any) -> Any:
        if r.nik is not None and r.nik == r.no_kk:
            return [hit("no_kk", nik=r.nik)]
        return None

    def ganda_groups(ix: Any) -> Any:
        return [k for k, v in ix.by[index].items() if len(v) > 1]

    @rule(id=f"{prefix}-NIK-GANDA", tab=tab, severity="invalid", reads=(rtype,),
          title="NIK ganda",
          message="NIK {nik} milik {label} juga dipakai {lain}.",
          hint="Satu NIK hanya untuk satu orang. Periksa NIK masing-masing di Kartu Keluarga; jika datanya "
               f"ganda (orang yang sama dimasukkan dua kali), hapus salah satu {who}.",
          why="NIK unik per orang; data ganda membuat padan dan bantuan (PIP/tunjangan) salah.",
          ok={rtype: [{**ok, "id": "a"}, {**ok, "id": "b", "nik": "3273010101100002"}]},
          bad={rtype: [{**ok, "id": "a"}, {**ok, "id": "b"}]},
          groups=ganda_groups, affects={rtype: lambda r, ix: [r.nik] if r.nik else []})
    def nik_ganda(ix: Any, key: Any) -> Any:
        recs = ix.related(index, key)
        if len(recs) < 2:
            return None
        out = []
        for r in recs:
            lain = ", ".join(sorted(o.label() for o in recs if o is not r))
            out.append((r, "nik", {"nik": key, "lain": lain}))
        return out


_nik_rules("PD", "peserta_didik", "Peserta Didik", "pd_by_nik", "peserta didik")
_nik_rules("GTK", "ptk", "GTK", "ptk_by_nik", "PTK")


@rule(id="PD-NIK-ORTU", tab="Peserta Didik", severity="invalid", reads=("peserta_didik",),
      title="NIK ayah/ibu/wali",
      message="{kolom} {label} ({nik}) {masalah}.",
      hint="Salin ulang NIK orang tua/wali dari Kartu Keluarga (16 digit; perempuan: hari lahir + 40). "
           "Kosongkan jika memang tidak diketahui.",
      why="NIK orang tua dipakai untuk padan KIP/PIP; NIK yang mustahil atau tertukar pasti salah.",
      ok={"nik": "3273014508100001", "nik_ayah": "3273011203800002", "nik_ibu": "3273015506850003"},
      bad={"nik": "3273014508100001", "nik_ayah": "3273015506850003", "nik_ibu": "3273014508100001"},
      more_ok={"NIK wali perempuan": {"nik_wali": "3273015506850003"}},
      more_bad={"NIK ibu laki-laki": {"nik_ibu": "3273011203800002"},
                "NIK ayah berakhiran 0000": {"nik_ayah": "3273011203800000"},
                "NIK wali tanggal mustahil": {"nik_wali": "3273013202800002"}})
def nik_ortu(pd: Any, ix: Any) -> Any:
    out = []
    for fld, kolom, jk in (("nik_ayah", "NIK ayah", "L"), ("nik_ibu", "NIK ibu", "P"), ("nik_wali", "NIK wali", None)):
        nik = getattr(pd, fld)
        if nik is None:
            continue
        masalah = None
        if nik == pd.nik:
            masalah = "sama dengan NIK peserta didik sendiri"
        elif not nik_date_possible(nik):
            masalah = f"memuat tanggal lahir yang mustahil ({nik[6:12]})"
        elif nik.endswith("0000"):
            masalah = "berakhiran 0000"
        elif jk is not None and nik_female(nik) != (jk == "P"):
            masalah = f"menandakan {JK['P' if nik_female(nik) else 'L']}; mungkin NIK ayah dan ibu tertukar"
        if masalah:
            out.append(hit(fld, kolom=kolom, nik=nik, masalah=masalah))
    return out


@rule(id="PD-NISN-KOSONG", tab="Peserta Didik", severity="warning", reads=("peserta_didik",),
      title="NISN belum ada",
      message="{label} belum memiliki NISN.",
      hint="Cek NISN di laman nisn.data.kemdikbud.go.id; jika belum punya, ajukan lewat Verval PD. "
           "Jangan mengarang NISN (tiga digit pertama bukan tahun lahir).",
      why="Peringatan: PD baru boleh belum ber-NISN (docs/domain.md#nomor-identitas: kosong jika belum punya).",
      ok={"nisn": "0101234567"}, bad={"nisn": None})
def nisn_kosong(pd: Any, ix: Any) -> Any:
    return [hit("nisn")] if pd.nisn is None else None


@rule(id="PD-NISN-GANDA", tab="Peserta Didik", severity="invalid", reads=("peserta_didik",),
      title="NISN ganda",
      message="NISN {nisn} milik {label} juga dipakai {lain}.",
      hint="NISN unik per peserta didik: periksa NISN masing-masing di laman NISN; hapus data ganda.",
      why="NISN adalah nomor unik nasional; dua PD dengan NISN sama pasti salah satu keliru.",
      ok={"peserta_didik": [{"id": "a", "nisn": "0101234567"}, {"id": "b", "nisn": "0101234568"}]},
      bad={"peserta_didik": [{"id": "a", "nisn": "0101234567"}, {"id": "b", "nisn": "0101234567"}]},
      groups=lambda ix: [k for k, v in ix.by["pd_by_nisn"].items() if len(v) > 1],
      affects={"peserta_didik": lambda r, ix: [r.nisn] if r.nisn else []})
def nisn_ganda(ix: Any, key: Any) -> Any:
    recs = ix.related("pd_by_nisn", key)
    if len(recs) < 2:
        return None
    return [(r, "nisn", {"nisn": key, "lain": ", ".join(sorted(o.label() for o in recs if o is not r))})
            for r in recs]


@rule(id="GTK-NUPTK-KOSONG", tab="GTK", severity="warning", reads=("ptk",),
      title="Guru tanpa NUPTK",
      message="Guru {label} belum memiliki NUPTK.",
      hint="Ajukan NUPTK lewat Info GTK/dinas; isi 16 digit sesuai kartu NUPTK setelah terbit.",
      why="Peringatan: guru baru sah mengajar sebelum NUPTK terbit.",
      ok={"jenis_ptk": 4, "nuptk": "1234567890123456"}, bad={"jenis_ptk": 4, "nuptk": None},
      more_ok={"tenaga kependidikan tanpa NUPTK": {"jenis_ptk": 11, "nuptk": None}})
def nuptk_kosong(p: Any, ix: Any) -> Any:
    return [hit("nuptk")] if p.nuptk is None and p.jenis_ptk in GURU else None


@rule(id="GTK-NUPTK-GANDA", tab="GTK", severity="invalid", reads=("ptk",),
      title="NUPTK ganda",
      message="NUPTK {nuptk} milik {label} juga dipakai {lain}.",
      hint="NUPTK unik per PTK: cocokkan dengan kartu NUPTK masing-masing dan hapus data PTK ganda.",
      why="NUPTK adalah nomor unik nasional PTK.",
      ok={"ptk": [{"id": "a", "nuptk": "1234567890123456"}, {"id": "b", "nuptk": "1234567890123457"}]},
      bad={"ptk": [{"id": "a", "nuptk": "1234567890123456"}, {"id": "b", "nuptk": "1234567890123456"}]},
      groups=lambda ix: [k for k, v in ix.by["ptk_by_nuptk"].items() if len(v) > 1],
      affects={"ptk": lambda r, ix: [r.nuptk] if r.nuptk else []})
def nuptk_ganda(ix: Any, key: Any) -> Any:
    recs = ix.related("ptk_by_nuptk", key)
    if len(recs) < 2:
        return None
    return [(r, "nuptk", {"nuptk": key, "lain": ", ".join(sorted(o.label() for o in recs if o is not r))})
            for r in recs]


_NIP_OK = {"nip": "198503122010012003", "tanggal_lahir": "1985-03-12", "jenis_kelamin": "P",
           "status_kepegawaian": 1}


def _nip_date(nip: str) -> dt.date | None:
    try:
        return dt.date(int(nip[:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        return None


@rule(id="GTK-NIP-TANGGAL", tab="GTK", severity="invalid", reads=("ptk",),
      title="Tanggal lahir di NIP",
      message="NIP {nip} milik {label}: 8 digit pertama ({kode}) {masalah}.",
      hint="8 digit pertama NIP adalah tanggal lahir TTTTBBHH. Cocokkan dengan SK CPNS/PPPK lalu perbaiki "
           "NIP atau tanggal lahir.",
      why="Struktur NIP tetap (tanggal lahir, TMT, jenis kelamin, nomor urut); beda berarti salah ketik.",
      ok=_NIP_OK, bad={**_NIP_OK, "nip": "198513122010012003"},
      more_ok={"29 Februari 1984": {**_NIP_OK, "nip": "198402292010012003", "tanggal_lahir": "1984-02-29"}},
      more_bad={"29 Februari 1985": {**_NIP_OK, "nip": "198502292010012003", "tanggal_lahir": None},
                "beda hari saja": {**_NIP_OK, "nip": "198503132010012003"}})
def nip_tanggal(p: Any, ix: Any) -> Any:
    if p.nip is None:
        return None
    born = _nip_date(p.nip)
    if born is None:
        return [hit("nip", nip=p.nip, kode=p.nip[:8], masalah="bukan tanggal yang mungkin")]
    if p.tanggal_lahir is not None and born != p.tanggal_lahir:
        return [hit("nip", nip=p.nip, kode=p.nip[:8],
                    masalah=f"tidak sama dengan tanggal lahir {fmt_date(p.tanggal_lahir)}")]
    return None


@rule(id="GTK-NIP-JK", tab="GTK", severity="invalid", reads=("ptk",),
      title="Jenis kelamin di NIP",
      message="NIP {nip} milik {label}: digit ke-15 ({digit}) {masalah}.",
      hint="Digit ke-15 NIP adalah jenis kelamin: 1 laki-laki, 2 perempuan. Periksa NIP atau jenis kelamin.",
      why="Jenis kelamin tertulis di NIP; beda berarti salah satu kolom salah.",
      ok=_NIP_OK, bad={**_NIP_OK, "jenis_kelamin": "L"},
      more_ok={"digit 1, laki-laki": {**_NIP_OK, "nip": "198503122010011003", "jenis_kelamin": "L"}},
      more_bad={"digit 3": {**_NIP_OK, "nip": "198503122010013003"},
                "digit 0": {**_NIP_OK, "nip": "198503122010010003"},
                "digit 1, perempuan": {**_NIP_OK, "nip": "198503122010011003"}})
def nip_jk(p: Any, ix: Any) -> Any:
    if p.nip is None:
        return None
    digit = p.nip[14]
    if digit not in "12":
        return [hit("nip", nip=p.nip, digit=digit, masalah="harus 1 (laki-laki) atau 2 (perempuan)")]
    if p.jenis_kelamin is not None and (digit == "2") != (p.jenis_kelamin == "P"):
        return [hit("jenis_kelamin", nip=p.nip, digit=digit,
                    masalah=f"menandakan {JK['P' if digit == '2' else 'L']}, tetapi jenis kelamin diisi "
                            f"{JK[p.jenis_kelamin]}")]
    return None


@rule(id="GTK-NIP-TMT", tab="GTK", severity="invalid", reads=("ptk",),
      title="TMT di NIP",
      message="NIP {nip} milik {label}: digit ke-9 sampai ke-14 ({kode}) {masalah}.",
      hint="Digit ke-9 sampai ke-14 NIP adalah TMT pengangkatan TTTTBB. Cocokkan dengan SK CPNS/PPPK.",
      why="TMT dengan bulan mustahil atau sebelum usia 17 tahun pasti salah ketik.",
      ok=_NIP_OK, bad={**_NIP_OK, "nip": "198503121999132003"},
      more_ok={"TMT tepat usia 17 tahun": {**_NIP_OK, "nip": "198503122002012003"},
               "TMT bulan 12": {**_NIP_OK, "nip": "198503122010122003"},
               "TMT tahun depan (2026)": {**_NIP_OK, "nip": "198503122026012003"}},
      more_bad={"TMT usia 16 tahun": {**_NIP_OK, "nip": "198503122001122003"},
                "TMT bulan 00": {**_NIP_OK, "nip": "198503122010002003"},
                "TMT dua tahun lagi (2027)": {**_NIP_OK, "nip": "198503122027012003"}})
def nip_tmt(p: Any, ix: Any) -> Any:
    if p.nip is None:
        return None
    year, month = int(p.nip[8:12]), int(p.nip[12:14])
    born = _nip_date(p.nip)
    if not 1 <= month <= 12:
        masalah = "bulannya mustahil"
    elif born is not None and year < born.year + 17:
        masalah = f"lebih awal dari usia 17 tahun (lahir {born.year})"
    elif year > ix.ref_date.year + 1:
        masalah = "di masa depan"
    else:
        return None
    return [hit("nip", nip=p.nip, kode=p.nip[8:14], masalah=masalah)]


@rule(id="GTK-NIP-NON-ASN", tab="GTK", severity="warning", reads=("ptk",),
      title="NIP pada non-ASN",
      message="{label} berstatus {status} tetapi NIP diisi ({nip}).",
      hint="NIP hanya untuk PNS/CPNS/PPPK. Kosongkan NIP, atau perbaiki status kepegawaian jika ia ASN.",
      why="Peringatan: status mungkin belum diperbarui setelah pengangkatan.",
      ok=_NIP_OK, bad={**_NIP_OK, "status_kepegawaian": 8})
def nip_non_asn(p: Any, ix: Any) -> Any:
    if p.nip is not None and p.status_kepegawaian is not None and p.status_kepegawaian not in ASN:
        from pyapp.core import rujukan

        return [hit("nip", nip=p.nip, status=rujukan.label("status_kepegawaian", p.status_kepegawaian))]
    return None

