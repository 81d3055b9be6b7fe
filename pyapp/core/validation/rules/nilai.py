"""Tab Nilai: KKM, completeness, predikat vs KKM, nilai that belong to the right rombel."""

from __future__ import annotations

from itertools import compress
from operator import add, attrgetter, not_
from typing import Any

from pyapp.core import rujukan
from pyapp.core.validation.registry import Registry
from pyapp.core.validation.rules._util import hit

registry = Registry()
rule = registry.rule
TAB = "Nilai"

_N = {"pembelajaran": [{"id": "pb1", "rombel_id": "rb1", "kkm": 75}],
      "anggota_rombel": [{"id": "ar1", "rombel_id": "rb1"}]}
_K13 = {"rombel": [{"id": "rb1", "tingkat": 4, "kurikulum": 4}]}  # Kurikulum SD 2013
_MERDEKA = {"rombel": [{"id": "rb1", "tingkat": 4, "kurikulum": 10111}]}  # Kurikulum SD Merdeka


def _k13(ix: Any, rombel_id: str | None) -> bool:
    """Whether a rombel follows Kurikulum 2013 (KKM, predikat); unknown/unset counts as K13,
    the stricter form."""
    r = ix.get("rombel", rombel_id)
    item = rujukan.item("kurikulum", r.kurikulum) if r is not None and r.kurikulum is not None else None
    return item is None or item.get("kurikulum") != "Merdeka"


def _nilai_of_pemb(p: Any, ix: Any) -> list[str]:
    return list(ix.ids("nilai_by_pembelajaran", p.id))


def _nilai_of_rombel(r: Any, ix: Any) -> list[str]:
    return [n for pid in ix.ids("pembelajaran_by_rombel", r.id) for n in ix.ids("nilai_by_pembelajaran", pid)]


def _nilai_groups(ix: Any) -> Any:
    return list(ix.by["nilai_by_pembelajaran"])


def _pemb_of_nilai(n: Any, ix: Any) -> Any:
    return [n.pembelajaran_id]


def _pemb_self(p: Any, ix: Any) -> Any:
    return [p.id]


_ANGGOTA_ID = attrgetter("anggota_rombel_id")
_VALUES = attrgetter("nilai_pengetahuan", "nilai_keterampilan", "predikat")


_PENGETAHUAN = attrgetter("nilai_pengetahuan")
_KETERAMPILAN = attrgetter("nilai_keterampilan")
_PREDIKAT = attrgetter("predikat")
_IS_D = "D".__eq__


def _nilai_of(ix: Any, pemb_id: str) -> list[Any]:
    key = ("nilai_of", pemb_id)
    found: list[Any] | None = ix.memo.get(key)
    if found is None:
        found = ix.memo[key] = list(map(ix.records["nilai"].__getitem__,
                                        ix.by["nilai_by_pembelajaran"].get(pemb_id, ())))
    return found


def _predikat_fits(recs: list[Any], kkm: int) -> bool:
    """Fast check (C-level loops) that every nilai with both marks and a predikat is D exactly
    when its average is below KKM; False means "look closer", not "wrong"."""
    p, k, pred = list(map(_PENGETAHUAN, recs)), list(map(_KETERAMPILAN, recs)), list(map(_PREDIKAT, recs))
    if None in p or None in k or None in pred:
        return False
    sums = list(map(add, p, k))
    is_d = list(map(_IS_D, pred))
    below = list(compress(sums, is_d))
    above = list(compress(sums, map(not_, is_d)))
    return (not below or max(below) < 2 * kkm) and (not above or min(above) >= 2 * kkm)


def _rombel_of_pemb(ix: Any, pemb_id: str) -> str | None:
    p = ix.records["pembelajaran"].get(pemb_id)
    return p.rombel_id if p is not None else None


def _anggota_of(ix: Any, pemb_id: str) -> set[str]:
    """The anggota_rombel ids the nilai of one pembelajaran name (shared by two rules)."""
    key = ("anggota_of", pemb_id)
    found: set[str] | None = ix.memo.get(key)
    if found is None:
        found = ix.memo[key] = set(map(_ANGGOTA_ID, _nilai_of(ix, pemb_id)))
    return found


def _k13_of_pemb(ix: Any, pemb_id: str) -> bool:
    """`_k13` of a pembelajaran's rombel, looked up once per pembelajaran (per state)."""
    known: dict[str, bool] | None = ix.memo.get("k13_of_pemb")
    if known is None:
        known = ix.memo["k13_of_pemb"] = {}
    k13 = known.get(pemb_id)
    if k13 is None:
        k13 = known[pemb_id] = _k13(ix, _rombel_of_pemb(ix, pemb_id))
    return k13

_K13_KOLOM = (("nilai_pengetahuan", "Nilai pengetahuan"), ("nilai_keterampilan", "Nilai keterampilan"),
              ("predikat", "Predikat"))

# The cross-record nilai rules are grouped per pembelajaran (one group = one mapel of one
# rombel, ~30 nilai): a full run makes a few thousand calls instead of tens of thousands. The
# checks of one nilai alone stay per record: visiting the nilai in the store's order is
# about three times faster than group by group (measured: memory locality), so a group buys
# nothing there.

@rule(id="NILAI-KKM-KOSONG", tab=TAB, severity="warning", reads=("pembelajaran", "rombel"),
      title="KKM belum diisi (Kurikulum 2013)",
      message="KKM {label} belum diisi.",
      hint="Isi KKM (0–100) pembelajaran ini sesuai keputusan satuan pendidikan.",
      why="Peringatan: tanpa KKM predikat Kurikulum 2013 tidak dapat diperiksa, tetapi nilai tetap bisa "
          "dikirim. Kurikulum Merdeka tidak memakai KKM.",
      ok={**_K13, "pembelajaran": [{"rombel_id": "rb1", "kkm": 75}]},
      bad={**_K13, "pembelajaran": [{"rombel_id": "rb1", "kkm": None}]},
      affects={"rombel": lambda r, ix: list(ix.ids("pembelajaran_by_rombel", r.id))},
      more_ok={"KKM 0": {"kkm": 0}, "semester lalu": {"semester_id": "20242"}})
def kkm_kosong(p: Any, ix: Any) -> Any:
    if p.semester_id != ix.semester_id or p.kkm is not None or not _k13(ix, p.rombel_id):
        return None
    return [hit("kkm")]


@rule(id="NILAI-KOSONG", tab=TAB, severity="warning", reads=("nilai", "pembelajaran", "rombel"),
      title="Nilai belum lengkap",
      message="{kolom} pada {label} belum diisi.",
      hint="Isi {kolom} dari rapor.",
      why="Peringatan: nilai boleh dilengkapi bertahap selama semester. Kolom menurut kurikulum rombel: "
          "Kurikulum Merdeka nilai akhir; Kurikulum 2013 nilai pengetahuan, keterampilan dan predikat.",
      ok={**_MERDEKA, **_N, "pembelajaran": [{"id": "pb1", "rombel_id": "rb1"}],
          "nilai": [{"pembelajaran_id": "pb1", "anggota_rombel_id": "ar1", "nilai_akhir": 84}]},
      bad={**_MERDEKA, **_N, "pembelajaran": [{"id": "pb1", "rombel_id": "rb1"}],
           "nilai": [{"pembelajaran_id": "pb1", "anggota_rombel_id": "ar1", "nilai_pengetahuan": 84,
                      "nilai_keterampilan": 80, "predikat": "B"}]},
      affects={"pembelajaran": _nilai_of_pemb, "rombel": _nilai_of_rombel},
      more_ok={"nilai 0": {"nilai_pengetahuan": 0, "nilai_keterampilan": 0, "predikat": "D"}},
      more_bad={"predikat kosong": {"nilai_pengetahuan": 80, "nilai_keterampilan": 82},
                "semua kosong": {}})
def nilai_kosong(n: Any, ix: Any) -> Any:
    if not _k13_of_pemb(ix, n.pembelajaran_id):
        return None if n.nilai_akhir is not None else [hit("nilai_akhir", kolom="Nilai akhir")]
    if n.nilai_pengetahuan is not None and n.nilai_keterampilan is not None and n.predikat is not None:
        return None
    return [hit(fld, kolom=kolom) for fld, kolom in _K13_KOLOM if getattr(n, fld) is None]


@rule(id="NILAI-DESKRIPSI", tab=TAB, severity="warning", reads=("nilai",),
      title="Deskripsi capaian kosong",
      message="Deskripsi capaian {label} belum diisi.",
      hint="Tulis deskripsi capaian kompetensi singkat (mis. \"Capaian baik dalam ...\").",
      why="Peringatan: deskripsi melengkapi rapor, tidak menahan sinkronisasi.",
      ok={"deskripsi": "Capaian baik."}, bad={"deskripsi": " "},
      more_bad={"kosong": {"deskripsi": None}})
def deskripsi(n: Any, ix: Any) -> Any:
    d = n.deskripsi
    return None if d is not None and d.strip() else [hit("deskripsi")]




@rule(id="NILAI-PREDIKAT-KKM", tab=TAB, severity="invalid", reads=("nilai", "pembelajaran"),
      title="Predikat tidak sesuai KKM",
      message="{label}: rata-rata {rata} {banding} KKM {kkm}, tetapi predikat {predikat}.",
      hint="Predikat D hanya untuk rata-rata di bawah KKM; perbaiki nilai atau predikatnya.",
      why="Rapor yang predikatnya bertentangan dengan KKM pasti salah isi (invalid).",
      ok={**_N, "nilai": [{"pembelajaran_id": "pb1", "anggota_rombel_id": "ar1", "nilai_pengetahuan": 80,
                           "nilai_keterampilan": 84, "predikat": "B"}]},
      bad={**_N, "nilai": [{"pembelajaran_id": "pb1", "anggota_rombel_id": "ar1", "nilai_pengetahuan": 60,
                            "nilai_keterampilan": 64, "predikat": "B"}]},
      more_ok={"rata-rata tepat KKM, predikat C": {**_N, "nilai": [{"nilai_pengetahuan": 75, "nilai_keterampilan": 75,
                                                                    "predikat": "C"}]},
               "rata-rata 74,5, predikat D": {**_N, "nilai": [{"nilai_pengetahuan": 75, "nilai_keterampilan": 74,
                                                               "predikat": "D"}]},
               "hanya pengetahuan 74, predikat D": {**_N, "nilai": [{"nilai_pengetahuan": 74, "predikat": "D"}]}},
      more_bad={"rata-rata tepat KKM, predikat D": {**_N, "nilai": [{"nilai_pengetahuan": 75, "nilai_keterampilan": 75,
                                                                     "predikat": "D"}]},
                "rata-rata 74,5, predikat C": {**_N, "nilai": [{"nilai_pengetahuan": 75, "nilai_keterampilan": 74,
                                                                "predikat": "C"}]},
                "hanya keterampilan 74, predikat C": {**_N, "nilai": [{"nilai_keterampilan": 74, "predikat": "C"}]},
                "satu dari dua salah": {**_N, "nilai": [
                    {"id": "a", "nilai_pengetahuan": 90, "nilai_keterampilan": 90, "predikat": "A"},
                    {"id": "b", "anggota_rombel_id": "ar2", "nilai_pengetahuan": 75, "nilai_keterampilan": 74,
                     "predikat": "C"}]}},
      groups=_nilai_groups, affects={"nilai": _pemb_of_nilai, "pembelajaran": _pemb_self})
def predikat_kkm(ix: Any, key: str) -> Any:
    p = ix.records["pembelajaran"].get(key)
    if p is None or p.kkm is None:
        return None
    kkm = p.kkm
    out = []
    recs = _nilai_of(ix, key)
    if _predikat_fits(recs, kkm):
        return None
    for n, (np, nk, predikat) in zip(recs, map(_VALUES, recs), strict=True):
        if predikat is None:
            continue
        if np is not None and nk is not None:
            rata = (np + nk) / 2
        elif np is not None or nk is not None:
            rata = np if np is not None else nk
        else:
            continue
        if (rata < kkm) != (predikat == "D"):
            out.append((n, "predikat", {"rata": f"{rata:g}", "banding": "di bawah" if rata < kkm else "mencapai",
                                        "kkm": kkm, "predikat": predikat}))
    return out


def _pemb_of_anggota(a: Any, ix: Any) -> Any:
    nilai = ix.records["nilai"]
    return list({nilai[i].pembelajaran_id for i in ix.by["nilai_by_anggota"].get(a.id, ())})


@rule(id="NILAI-ROMBEL", tab=TAB, severity="invalid", reads=("nilai", "anggota_rombel", "pembelajaran"),
      title="Nilai di luar rombel",
      message="{label} {masalah}.",
      hint="Hapus nilai ini, atau masukkan nilai lewat pembelajaran rombel tempat peserta didik terdaftar.",
      why="Nilai yang tidak terhubung ke anggota dan pembelajaran rombel yang sama tidak dapat masuk rapor.",
      ok={**_N, "nilai": [{"pembelajaran_id": "pb1", "anggota_rombel_id": "ar1"}]},
      bad={**_N, "anggota_rombel": [{"id": "ar1", "rombel_id": "rb2"}],
           "nilai": [{"pembelajaran_id": "pb1", "anggota_rombel_id": "ar1"}]},
      more_bad={"anggota rombel sudah dihapus": {**_N, "nilai": [{"anggota_rombel_id": "ar9"}]},
                "pembelajaran sudah dihapus": {**_N, "nilai": [{"pembelajaran_id": "pb9"}]}},
      groups=_nilai_groups,
      affects={"nilai": _pemb_of_nilai, "anggota_rombel": _pemb_of_anggota, "pembelajaran": _pemb_self})
def nilai_rombel(ix: Any, key: str) -> Any:
    p = ix.records["pembelajaran"].get(key)
    recs = _nilai_of(ix, key)
    if p is not None and _anggota_of(ix, key) <= ix.by["anggota_by_rombel"].get(p.rombel_id, {}).keys():
        return None
    anggota = ix.records["anggota_rombel"]
    out = []
    for n in recs:
        a = anggota.get(n.anggota_rombel_id)
        if a is not None and p is not None and a.rombel_id == p.rombel_id:
            continue
        if a is None:
            fld, masalah = "anggota_rombel_id", "merujuk ke anggota rombel yang sudah dihapus"
        elif p is None:
            fld, masalah = "pembelajaran_id", "merujuk ke pembelajaran yang sudah dihapus"
        else:
            fld, masalah = "pembelajaran_id", "milik anggota rombel lain dari rombel pembelajarannya"
        out.append((n, fld, {"masalah": masalah}))
    return out


@rule(id="NILAI-GANDA", tab=TAB, severity="invalid", reads=("nilai",),
      title="Nilai ganda",
      message="{label} tercatat {n} kali untuk pembelajaran yang sama.",
      hint="Hapus nilai yang ganda; satu peserta didik hanya punya satu nilai per pembelajaran.",
      why="Nilai ganda membuat rapor ambigu (invalid).",
      ok={**_N, "nilai": [{"id": "a", "pembelajaran_id": "pb1", "anggota_rombel_id": "ar1"}]},
      bad={**_N, "nilai": [{"id": "a", "pembelajaran_id": "pb1", "anggota_rombel_id": "ar1"},
                           {"id": "b", "pembelajaran_id": "pb1", "anggota_rombel_id": "ar1"}]},
      groups=_nilai_groups, affects={"nilai": _pemb_of_nilai})
def nilai_ganda(ix: Any, key: str) -> Any:
    recs = _nilai_of(ix, key)
    if len(_anggota_of(ix, key)) == len(recs):
        return None
    seen: dict[str, list[Any]] = {}
    for n in recs:
        seen.setdefault(n.anggota_rombel_id, []).append(n)
    return [(n, "anggota_rombel_id", {"n": len(group)}) for group in seen.values() if len(group) > 1 for n in group]


@rule(id="NILAI-MERDEKA-PREDIKAT", tab=TAB, severity="warning", reads=("nilai", "pembelajaran", "rombel"),
      title="Predikat pada Kurikulum Merdeka",
      message="{label} memakai predikat {predikat}, padahal rombelnya memakai Kurikulum Merdeka.",
      hint="Kosongkan predikat; rapor Kurikulum Merdeka berisi nilai akhir dan deskripsi capaian kompetensi.",
      why="Rapor Kurikulum Merdeka tidak memakai KKM dan predikat A–D (docs/domain.md#kurikulum); peringatan "
          "karena nilainya tetap terbaca.",
      ok={**_MERDEKA, **_N, "pembelajaran": [{"id": "pb1", "rombel_id": "rb1"}],
          "nilai": [{"pembelajaran_id": "pb1", "anggota_rombel_id": "ar1", "nilai_akhir": 84}]},
      bad={**_MERDEKA, **_N, "pembelajaran": [{"id": "pb1", "rombel_id": "rb1"}],
           "nilai": [{"pembelajaran_id": "pb1", "anggota_rombel_id": "ar1", "nilai_akhir": 84, "predikat": "B"}]},
      affects={"pembelajaran": _nilai_of_pemb, "rombel": _nilai_of_rombel})
def merdeka_predikat(n: Any, ix: Any) -> Any:
    if n.predikat is None or _k13_of_pemb(ix, n.pembelajaran_id):
        return None
    return [hit("predikat", predikat=n.predikat)]
