"""Religion lessons: every pupil takes Pendidikan Agama (or Kepercayaan) of their own agama.

Dapodik has one mata pelajaran per religion (Islam, Kristen, Katolik, Hindu, Buddha, Khonghucu)
and one for Kepercayaan terhadap Tuhan YME in every kurikulum; the mapel's `agama` in rujukan
mata_pelajaran says which (see docs/domain.md#pendidikan-agama).
"""

from __future__ import annotations

from typing import Any

from pyapp.core import rujukan
from pyapp.core.validation.registry import Registry

registry = Registry()
rule = registry.rule

#: agama codes that have a lesson (1 Islam .. 7 Kepercayaan); 98 Tidak diisi and 99 Lainnya do not.
_DENGAN_PELAJARAN = frozenset(range(1, 8))
_ISLAM, _KRISTEN = 100011070, 100012050  # the official mapel ids used in the examples


def lesson_agama(mapel: Any) -> int | None:
    """The agama a mata pelajaran is the religion lesson of, else None."""
    item = rujukan.item("mata_pelajaran", mapel)
    return item.get("agama") if item else None


def _pd_of_anggota_ids(ix: Any, anggota_ids: Any) -> list[str]:
    anggota = ix.records["anggota_rombel"]
    return [anggota[i].peserta_didik_id for i in anggota_ids if i in anggota]


def _pd_in_kelas(ix: Any) -> list[str]:
    kelas = {r.id for r in ix.records["rombel"].values() if ix.is_active_rombel_kelas(r)}
    return list({a.peserta_didik_id for a in ix.records["anggota_rombel"].values() if a.rombel_id in kelas})


def _lesson_name(kurikulum: Any, tingkat: Any, agama: int) -> str:
    for mapel in rujukan.struktur(kurikulum, tingkat):
        if lesson_agama(mapel) == agama:
            return rujukan.label("mata_pelajaran", mapel)
    return f"Pendidikan Agama/Kepercayaan ({rujukan.label('agama', agama)})"


_AG = {"peserta_didik": [{"id": "pd1", "agama": 2}],
       "rombel": [{"id": "rb1", "nama": "4A", "tingkat": 4, "kurikulum": 10111}],
       "anggota_rombel": [{"id": "ar1", "rombel_id": "rb1", "peserta_didik_id": "pd1"}]}


@rule(id="PD-AGAMA-TANPA-PELAJARAN", tab="Peserta Didik", severity="warning",
      reads=("peserta_didik", "anggota_rombel", "rombel", "pembelajaran"),
      title="Tidak ada pelajaran agama peserta didik di rombelnya",
      message="{label} beragama {agama}, tetapi rombel {rombel} tidak punya pembelajaran {mapel}.",
      hint="Tambahkan pembelajaran {mapel} di rombel {rombel} (guru agama yang sesuai, boleh lintas rombel), "
           "atau periksa isian agama {label}.",
      why="Setiap peserta didik berhak atas pendidikan agama sesuai agamanya (UU 20/2003 pasal 12 ayat 1a); "
          "struktur kurikulum resmi memuat satu mapel untuk tiap agama dan Kepercayaan "
          "(docs/domain.md#pendidikan-agama). Peringatan: sekolah bisa memakai guru dari luar.",
      ok={**_AG, "pembelajaran": [{"rombel_id": "rb1", "mata_pelajaran_id": _KRISTEN}]},
      bad={**_AG, "pembelajaran": [{"rombel_id": "rb1", "mata_pelajaran_id": _ISLAM}]},
      groups=_pd_in_kelas,
      affects={"peserta_didik": lambda p, ix: [p.id],
               "anggota_rombel": lambda a, ix: [a.peserta_didik_id],
               "rombel": lambda r, ix: _pd_of_anggota_ids(ix, ix.ids("anggota_by_rombel", r.id)),
               "pembelajaran": lambda p, ix: _pd_of_anggota_ids(ix, ix.ids("anggota_by_rombel", p.rombel_id))})
def tanpa_pelajaran(ix: Any, key: str) -> Any:
    pd = ix.get("peserta_didik", key)
    if pd is None or pd.agama not in _DENGAN_PELAJARAN:
        return None
    out = []
    for r in ix.kelas_of_pd(key):
        taught = _lessons_of(ix, r.id)
        if taught is None or pd.agama in taught:
            continue  # None: the rombel's teaching is not entered yet (other rules say so)
        out.append((pd, "agama", {"agama": rujukan.label("agama", pd.agama), "rombel": r.nama,
                                  "mapel": _lesson_name(r.kurikulum, r.tingkat, pd.agama)}))
    return out if out and ix.pd_is_active(key) else None


def _lessons_of(ix: Any, rombel_id: str) -> frozenset[int | None] | None:
    """The agama whose lessons a rombel has this semester (None: no pembelajaran yet); one
    look-up per rombel instead of one per pupil."""
    key = ("agama_lessons", rombel_id)
    if key not in ix.memo:
        pemb = [p for p in ix.related("pembelajaran_by_rombel", rombel_id) if p.semester_id == ix.semester_id]
        ix.memo[key] = frozenset(lesson_agama(p.mata_pelajaran_id) for p in pemb) if pemb else None
    found: frozenset[int | None] | None = ix.memo[key]
    return found


def _religion_pembelajaran(ix: Any) -> list[str]:
    return [p.id for p in ix.records["pembelajaran"].values() if lesson_agama(p.mata_pelajaran_id)]


def _pemb_of_nilai_ids(ix: Any, nilai_ids: Any) -> list[str]:
    nilai = ix.records["nilai"]
    return list({nilai[i].pembelajaran_id for i in nilai_ids if i in nilai})


def _pemb_of_pd(p: Any, ix: Any) -> list[str]:
    out: set[str] = set()
    for aid in ix.ids("anggota_by_pd", p.id):
        out.update(_pemb_of_nilai_ids(ix, ix.ids("nilai_by_anggota", aid)))
    return list(out)


_NA = {"peserta_didik": [{"id": "pd1", "agama": 2}], "rombel": [{"id": "rb1"}],
       "anggota_rombel": [{"id": "ar1", "rombel_id": "rb1", "peserta_didik_id": "pd1"}]}


@rule(id="NILAI-AGAMA-LAIN", tab="Nilai", severity="invalid",
      reads=("nilai", "pembelajaran", "anggota_rombel", "peserta_didik"),
      title="Nilai pelajaran agama lain",
      message="{label}: {nama} beragama {agama_pd}, tetapi dinilai pada {mapel}.",
      hint="Hapus nilai ini dan isi nilai {nama} pada pelajaran agamanya sendiri; jika agama di data peserta "
           "didik salah, perbaiki agamanya.",
      why="Peserta didik dinilai pada pendidikan agama sesuai agamanya (UU 20/2003 pasal 12 ayat 1a; "
          "docs/domain.md#pendidikan-agama); nilai agama lain di rapor pasti salah isi.",
      ok={**_NA, "pembelajaran": [{"id": "pb1", "rombel_id": "rb1", "mata_pelajaran_id": _KRISTEN}],
          "nilai": [{"anggota_rombel_id": "ar1", "pembelajaran_id": "pb1"}]},
      bad={**_NA, "pembelajaran": [{"id": "pb1", "rombel_id": "rb1", "mata_pelajaran_id": _ISLAM}],
           "nilai": [{"anggota_rombel_id": "ar1", "pembelajaran_id": "pb1"}]},
      groups=_religion_pembelajaran,
      affects={"nilai": lambda n, ix: [n.pembelajaran_id],
               "pembelajaran": lambda p, ix: [p.id],
               "anggota_rombel": lambda a, ix: _pemb_of_nilai_ids(ix, ix.ids("nilai_by_anggota", a.id)),
               "peserta_didik": _pemb_of_pd})
def agama_lain(ix: Any, key: str) -> Any:
    p = ix.get("pembelajaran", key)
    ag = lesson_agama(p.mata_pelajaran_id) if p is not None else None
    if ag is None:
        return None
    anggota, pds = ix.records["anggota_rombel"], ix.records["peserta_didik"]
    out = []
    for n in ix.related("nilai_by_pembelajaran", key):
        a = anggota.get(n.anggota_rombel_id)
        pd = pds.get(a.peserta_didik_id) if a is not None else None
        if pd is None or pd.agama not in _DENGAN_PELAJARAN or pd.agama == ag:
            continue
        out.append((n, "pembelajaran_id", {"nama": pd.nama, "agama_pd": rujukan.label("agama", pd.agama),
                                           "mapel": rujukan.label("mata_pelajaran", p.mata_pelajaran_id)}))
    return out
