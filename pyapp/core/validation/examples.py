"""Turn a rule's example (a few partial records with short ids) into a Snapshot, and run one
rule on it. Used by the parametrised example test and the catalogue."""

from __future__ import annotations

import uuid
from typing import Any

from pyapp.core.models import RECORD_TYPES
from pyapp.core.snapshot import Snapshot
from pyapp.core.validation.findings import Finding
from pyapp.core.validation.registry import Registry, Rule

SEMESTER_ID = "20251"
_NS = uuid.UUID("6f1c9a52-0d8e-4c3e-9a57-3b1f3f0b2a10")
_REF_FIELDS = {"id", "sekolah_id", "tanah_id", "bangunan_id", "ruang_id", "ptk_id", "peserta_didik_id",
               "rombel_id", "anggota_rombel_id", "pembelajaran_id", "kelas_ekskul_id", "alat_id"}

#: Required fields of each type, and the short id prefix of generated example ids.
DEFAULTS: dict[str, tuple[str, dict[str, Any]]] = {
    "sekolah": ("sek", {"nama": "SD Negeri 1 Contoh"}),
    "sekolah_periodik": ("per", {"sekolah_id": "sek", "semester_id": SEMESTER_ID}),
    "tanah": ("tanah", {"nama": "Tanah Sekolah"}),
    "bangunan": ("bgn", {"tanah_id": "tanah1", "nama": "Gedung A"}),
    "ruang": ("r", {"bangunan_id": "bgn1", "nama": "Ruang Kelas 1"}),
    "alat": ("alat", {"ruang_id": "r1", "jenis_sarana": 1}),
    "ptk": ("ptk", {"nama": "Siti Rahayu"}),
    "penugasan": ("pn", {"ptk_id": "ptk1", "tahun_ajaran_id": SEMESTER_ID[:4]}),
    "tugas_tambahan": ("tt", {"ptk_id": "ptk1", "jabatan": 2}),
    "peserta_didik": ("pd", {"nama": "Budi Santoso"}),
    "registrasi": ("reg", {"peserta_didik_id": "pd1"}),
    "periodik_pd": ("prd", {"peserta_didik_id": "pd1", "semester_id": SEMESTER_ID}),
    "kesejahteraan_pd": ("kes", {"peserta_didik_id": "pd1", "jenis_kesejahteraan": 1}),
    "rombel": ("rb", {"semester_id": SEMESTER_ID, "nama": "1A"}),
    "anggota_rombel": ("ar", {"rombel_id": "rb1", "peserta_didik_id": "pd1"}),
    "pembelajaran": ("pb", {"rombel_id": "rb1", "mata_pelajaran_id": 300110000, "semester_id": SEMESTER_ID}),
    "nilai": ("nil", {"anggota_rombel_id": "ar1", "pembelajaran_id": "pb1"}),
    "alat_longitudinal": ("al", {"alat_id": "alat1", "semester_id": SEMESTER_ID}),
    "bangunan_longitudinal": ("kb", {"bangunan_id": "bgn1", "semester_id": SEMESTER_ID}),
    "ruang_longitudinal": ("kon", {"ruang_id": "r1", "semester_id": SEMESTER_ID}),
    "sanitasi": ("san", {"sekolah_id": "sek", "semester_id": SEMESTER_ID}),
    "rwy_pendidikan_formal": ("rpf", {"ptk_id": "ptk1", "jenjang_pendidikan_id": 30}),
    "deskripsi_sikap": ("sik", {"anggota_rombel_id": "ar1"}),
    "kelas_ekskul": ("eks", {"semester_id": SEMESTER_ID, "nm_ekskul": "Pramuka"}),
    "nilai_ekskul": ("ne", {"kelas_ekskul_id": "eks1", "anggota_rombel_id": "ar1"}),
}


def example_id(short: str) -> str:
    """A stable UUID for a short example id ("pd1")."""
    return str(uuid.uuid5(_NS, short))


def example_snapshot(records: dict[str, list[dict[str, Any]]]) -> Snapshot:
    """A Snapshot (semester 20251, SD unless a sekolah says otherwise) from example records."""
    out: dict[str, list[dict[str, Any]]] = {}
    for rtype, items in records.items():
        prefix, defaults = DEFAULTS[rtype]
        rows = []
        for i, item in enumerate(items):
            row = {**defaults, "id": f"{prefix}{i + 1}", **item}
            for k in _REF_FIELDS & row.keys():
                if isinstance(row[k], str):
                    row[k] = example_id(row[k])
            rows.append(row)
        out[rtype] = rows
    bentuk = next((s.get("bentuk_pendidikan") for s in records.get("sekolah", []) if s.get("bentuk_pendidikan")), 5)
    return Snapshot.model_validate({
        "created_at": "2025-07-14T00:00:00Z",
        "school": {"nama": "Sekolah Contoh", "semester_id": SEMESTER_ID, "bentuk_pendidikan": bentuk},
        "records": {name: out.get(name, []) for name in RECORD_TYPES},
    })


def run_example(r: Rule, which: str) -> list[Finding]:
    """The findings of rule `r` alone on its "ok" or "bad" example."""
    return run_case(r, r.ok if which == "ok" else r.bad)


def run_case(r: Rule, example: Any) -> list[Finding]:
    """The findings of rule `r` alone on one of its examples (main or boundary)."""
    from pyapp.core.validation.engine import validate

    snap = example_snapshot(r.expand(example))
    return validate(snap, registry=Registry([r])).findings
