"""What the UI needs to know about each record type, derived from the pydantic models:
form metadata (kind, label, help, constraints, choices, references), list columns, search
fields, display text of a value, and the coercion of form input before validation.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from functools import lru_cache
from typing import Any

from pyapp.core import rujukan
from pyapp.core.types import date_text, semester_text
from pyapp.core.models import RECORD_TYPES, TAB_OF, TABS

__all__ = [
    "SYSTEM_FIELDS", "COLUMNS", "SEARCH_FIELDS", "REFS", "field_specs", "form_meta", "record_types",
    "coerce", "display_value",
]

SYSTEM_FIELDS = ("id", "version", "created_at", "updated_at", "deleted")

# Fields searched besides the label (identity numbers and names), when the model has them.
SEARCH_FIELDS = ("nama", "nisn", "nik", "no_kk", "nip", "nuptk", "npsn", "nipd", "kode", "nomor_kartu",
                 "nomor_sk", "sk_mengajar", "nomor_surat_tugas", "no_sertifikat")

SEARCH_OF: dict[str, tuple[str, ...]] = {
    t: tuple(f for f in SEARCH_FIELDS if f in m.model_fields) for t, m in RECORD_TYPES.items()
}

# List columns per type (the label is always shown first, outside these).
COLUMNS: dict[str, tuple[str, ...]] = {
    "sekolah": ("npsn", "bentuk_pendidikan", "status_sekolah", "kode_wilayah"),
    "sekolah_periodik": ("semester_id", "sumber_listrik", "akses_internet"),
    "tanah": ("luas", "kepemilikan", "no_sertifikat"),
    "bangunan": ("tanah_id", "jumlah_lantai", "tahun_dibangun"),
    "ruang": ("jenis_prasarana", "bangunan_id", "lantai", "kapasitas"),
    "alat": ("jenis_sarana", "ruang_id", "jumlah", "jumlah_laik"),
    "ptk": ("jenis_kelamin", "nik", "nuptk", "status_kepegawaian", "jenis_ptk"),
    "penugasan": ("ptk_id", "tahun_ajaran_id", "nomor_surat_tugas", "sekolah_induk"),
    "tugas_tambahan": ("ptk_id", "jabatan", "nomor_sk"),
    "peserta_didik": ("jenis_kelamin", "nisn", "nik", "tanggal_lahir", "agama"),
    "registrasi": ("peserta_didik_id", "jenis_pendaftaran", "nipd", "tanggal_masuk"),
    "periodik_pd": ("peserta_didik_id", "semester_id", "tinggi_badan", "berat_badan"),
    "kesejahteraan_pd": ("peserta_didik_id", "jenis_kesejahteraan", "nomor_kartu"),
    "rombel": ("semester_id", "tingkat", "ptk_id", "ruang_id", "jumlah_anggota"),
    "anggota_rombel": ("rombel_id", "peserta_didik_id", "jenis_pendaftaran_rombel"),
    "pembelajaran": ("rombel_id", "mata_pelajaran_id", "ptk_id", "jam_mengajar_per_minggu"),
    "nilai": ("anggota_rombel_id", "pembelajaran_id", "nilai_pengetahuan", "nilai_keterampilan", "predikat"),
    "alat_longitudinal": ("alat_id", "semester_id", "jumlah", "jumlah_laik"),
    "bangunan_longitudinal": ("bangunan_id", "semester_id", "rusak_pondasi", "rusak_tutup_atap"),
    "ruang_longitudinal": ("ruang_id", "semester_id", "berfungsi", "rusak_tutup_lantai", "rusak_plester_dinding"),
    "sanitasi": ("semester_id", "ketersediaan_air", "jml_jamban_l_g", "jml_jamban_p_g", "tempat_cuci_tangan"),
    "rwy_pendidikan_formal": ("ptk_id", "jenjang_pendidikan_id", "tahun_masuk", "tahun_lulus"),
    "deskripsi_sikap": ("anggota_rombel_id", "predikat_spiritual", "predikat_sosial"),
    "kelas_ekskul": ("semester_id", "ptk_id", "jam_kegiatan_per_minggu"),
    "nilai_ekskul": ("kelas_ekskul_id", "anggota_rombel_id", "nilai_huruf", "nilai_angka"),
}
# Computed columns (not model fields): name → label.
COMPUTED_COLUMNS = {"jumlah_anggota": "Jumlah anggota"}


def _refs() -> dict[str, dict[str, str]]:
    """type → {field → referenced record type}: `<type>_id` fields and `rujukan` naming a type."""
    out: dict[str, dict[str, str]] = {}
    for tname, model in RECORD_TYPES.items():
        refs: dict[str, str] = {}
        for name, info in model.model_fields.items():
            extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
            target = extra.get("rujukan")
            if isinstance(target, str) and target in RECORD_TYPES:
                refs[name] = target
            elif name.endswith("_id") and name != "id" and name[:-3] in RECORD_TYPES:
                refs[name] = name[:-3]
        out[tname] = refs
    return out


REFS: dict[str, dict[str, str]] = _refs()


def _unwrap(annotation: Any) -> tuple[Any, list[Any]]:
    """Strip Optional/Annotated; return the bare type and the Annotated metadata."""
    meta: list[Any] = []
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            parts = typing.get_args(annotation)
            annotation, meta = parts[0], [*meta, *parts[1:]]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation, meta
            annotation = args[0]
        else:
            return annotation, meta


def _constraints(items: list[Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for m in items:
        for attr, key in (("max_length", "max_length"), ("pattern", "pattern"), ("ge", "min"),
                          ("le", "max"), ("gt", "min"), ("lt", "max")):
            val = getattr(m, attr, None)
            if val is not None:
                out[key] = val
    return out


@lru_cache(maxsize=None)
def field_specs(type_name: str) -> tuple[dict[str, Any], ...]:
    """The form fields of a record type, in model order (system fields left out)."""
    model = RECORD_TYPES[type_name]
    refs = REFS[type_name]
    specs = []
    for name, info in model.model_fields.items():
        if name in SYSTEM_FIELDS:
            continue
        bare, meta = _unwrap(info.annotation)
        cons = _constraints(list(info.metadata) + meta)
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        ruj = extra.get("rujukan")
        choices = None
        ref = refs.get(name)
        step: Any = None
        if ref is not None:
            kind = "ref"
        elif typing.get_origin(bare) is typing.Literal:
            kind = "select"
            if isinstance(ruj, str) and ruj in rujukan.names():
                choices = [[code, text] for code, text in rujukan.choices(ruj)]
            else:
                choices = [[c, str(c)] for c in typing.get_args(bare)]
        elif bare is bool:
            kind = "checkbox"
        elif bare in (int, float):
            kind, step = "number", (1 if bare is int else "any")
        elif bare is dt.date:
            kind = "date"
        elif cons.get("max_length", 0) > 100:
            kind = "textarea"
        else:
            kind = "text"
        specs.append({
            "name": name,
            "label": info.title or name,
            "help": info.description or "",
            "kind": kind,
            "required": info.is_required(),
            "choices": choices,
            "ref": ref,
            "max_length": cons.get("max_length"),
            "pattern": cons.get("pattern") if ref is None else None,
            "min": cons.get("min"),
            "max": cons.get("max"),
            # additions the UI may use: the rujukan name ("wilayah" → cascading pickers) and
            # the number input's step ("any" for decimals).
            "rujukan": ruj if isinstance(ruj, str) and ref is None else None,
            "step": step,
        })
    return tuple(specs)


#: Form sections as Dapodik groups them (the first field of each section starts it); the
#: pupil's registrasi, periodik, kesejahteraan and rombel are records of their own, linked
#: from the form ("Data terkait").
FORM_GROUPS: dict[str, tuple[tuple[str, str], ...]] = {
    "peserta_didik": (("nama", "Identitas"), ("alamat_jalan", "Alamat"),
                      ("anak_keberapa", "Data pribadi lainnya"),
                      ("penerima_kps", "Kesejahteraan (KPS, KIP, PIP)"),
                      ("nama_ayah", "Orang tua/wali")),
    "ptk": (("nama", "Identitas"), ("nip", "Kepegawaian"), ("nomor_hp", "Kontak")),
}


@lru_cache(maxsize=None)
def form_field_names(type_name: str) -> frozenset[str]:
    """The fields a record type's form shows (a finding on anything else is fixed elsewhere)."""
    return frozenset(s["name"] for s in field_specs(type_name))


#: Semesters offered by a semester field: this many school years back from the current one,
#: and the next one.
SEMESTER_YEARS_BACK = 5


def semester_choices(current: str) -> list[list[str]]:
    """The semesters a form offers, newest first, as [code, "2025/2026 Ganjil"]: from the
    ganjil of the school year after `current`'s back to SEMESTER_YEARS_BACK years before it."""
    year = int(current[:4]) if current[:4].isdigit() else dt.date.today().year
    codes = [f"{y}{s}" for y in range(year + 1, year - SEMESTER_YEARS_BACK - 1, -1) for s in "21"]
    return [[c, semester_text(c)] for c in codes[1:]]  # the next year's genap is too far


def form_meta(type_name: str, semester: str = "") -> dict[str, Any]:
    """The form of a record type. `semester` (the school's current one) centres the choices
    of a semester field, which is a select of "2025/2026 Ganjil"... rather than a code input."""
    model = RECORD_TYPES[type_name]
    fields = [dict(s) for s in field_specs(type_name)]
    starts = dict(FORM_GROUPS.get(type_name, ()))
    group = "Data " + model.KIND if starts else None
    for spec in fields:
        group = starts.get(spec["name"], group)
        spec["group"] = group
        if spec["name"] == "semester_id" and spec["kind"] == "text":
            spec.update(kind="select", choices=semester_choices(semester), pattern=None)
    return {"type": type_name, "label": model.KIND, "fields": fields}


def record_types() -> list[dict[str, str]]:
    order = {tab: i for i, tab in enumerate(TABS)}
    names = sorted(RECORD_TYPES, key=lambda n: order.get(TAB_OF[n], len(order)))  # stable sort
    return [{"type": n, "tab": TAB_OF[n], "label": RECORD_TYPES[n].KIND} for n in names]


def column_label(type_name: str, name: str) -> str:
    if name in COMPUTED_COLUMNS:
        return COMPUTED_COLUMNS[name]
    info = RECORD_TYPES[type_name].model_fields.get(name)
    return (info.title or name) if info else name


def _spec_map(type_name: str) -> dict[str, dict[str, Any]]:
    return {s["name"]: s for s in field_specs(type_name)}


_SPEC_MAPS = {t: _spec_map(t) for t in RECORD_TYPES}


def coerce(type_name: str, record: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Normalise form input before model validation: "" → None, select codes sent as text →
    the code's own type, decimal commas → points. Return the record and per-field errors found
    here (a required field left empty → "wajib diisi")."""
    specs = _SPEC_MAPS[type_name]
    out: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for key, value in record.items():
        spec = specs.get(key)
        if spec is None:
            out[key] = value
            continue
        if isinstance(value, str) and not value.strip():
            value = None
        if value is None:
            if spec["required"]:
                errors[key] = "wajib diisi"
            out[key] = None
            continue
        if spec["kind"] == "select" and isinstance(value, str) and spec["choices"]:
            for code, _label in spec["choices"]:
                if not isinstance(code, str) and str(code) == value.strip():
                    value = code
                    break
        elif spec["kind"] == "number" and isinstance(value, str):
            value = value.strip().replace(",", ".") if spec["step"] == "any" else value.strip()
        out[key] = value
    return out, errors


def _fmt_number(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def display_value(type_name: str, name: str, value: Any, ref_label: Any = None) -> str:
    """A field's value as list text: rujukan codes → labels, references → the referenced
    record's label (`ref_label(type, id)`), dates as "2 Desember 2026", booleans Ya/Tidak."""
    if value is None:
        return ""
    spec = _SPEC_MAPS[type_name].get(name)
    if spec is not None:
        if spec["kind"] == "ref" and ref_label is not None:
            return str(ref_label(spec["ref"], value))
        if spec["kind"] == "select" and spec["rujukan"]:
            return rujukan.label(spec["rujukan"], value)
    if isinstance(value, bool):
        return "Ya" if value else "Tidak"
    if name == "semester_id":
        return semester_text(value)
    if isinstance(value, dt.datetime):
        return date_text(value.date())
    if isinstance(value, dt.date):
        return date_text(value)
    if isinstance(value, float):
        return _fmt_number(value)
    return str(value)
