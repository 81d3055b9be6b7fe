"""The snapshot: one versioned JSON document holding a whole school.

It is the backup/restore format, the CLI's input and the fixtures' format:

    {"format": "pyapp-snapshot", "version": 3, "created_at": "...", "generator": "...",
     "school": {"npsn": ..., "nama": ..., "semester_id": ...},
     "records": {"peserta_didik": [{...}, ...], ...}}

`load_snapshot` validates the whole document in one pydantic-core pass (no per-record Python
loop on the happy path) and turns every failure into a SnapshotError with an Indonesian
message naming the file, the record type, index, id and field.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator
from typing import Any, Final, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError, create_model

from pyapp.core import types as t
from pyapp.core.messages import pesan
from pyapp.core.models import RECORD_TYPES, Record

SNAPSHOT_FORMAT = "pyapp-snapshot"
SNAPSHOT_VERSION: Final = 3  # 3: official jenis sarana ids; versions 1 and 2 are migrated on load (pyapp.core.migration)
MAX_PROBLEMS = 20

__all__ = [
    "SNAPSHOT_FORMAT", "SNAPSHOT_VERSION", "Snapshot", "SchoolInfo", "SnapshotError",
    "load_snapshot", "dump_snapshot", "snapshot_json_schema",
]


class SnapshotError(ValueError):
    """A snapshot that cannot be loaded. `str()` is an Indonesian message for the user;
    `problems` lists each problem as a dict (file, type, index, id, field, message)."""

    def __init__(self, message: str, problems: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


class SchoolInfo(BaseModel):
    """Who the snapshot belongs to (a summary; the full data is in records.sekolah)."""

    model_config = ConfigDict(extra="forbid")

    npsn: t.Npsn | None = Field(None, title="NPSN")
    nama: str = Field(..., title="Nama sekolah", max_length=100)
    semester_id: t.SemesterId = Field(..., title="Semester aktif")
    sekolah_id: t.Uuid | None = Field(None, title="ID sekolah")
    bentuk_pendidikan: t.BentukPendidikan | None = Field(None, title="Bentuk pendidikan")
    kode_wilayah: t.KodeWilayah | None = Field(None, title="Kode wilayah")


class _RecordSetBase(BaseModel):
    model_config = ConfigDict(extra="forbid")

    def __getitem__(self, type_name: str) -> list[Record]:
        if type_name not in RECORD_TYPES:
            raise KeyError(type_name)
        items: list[Record] = getattr(self, type_name)
        return items

    def keys(self) -> list[str]:
        return list(RECORD_TYPES)

    def items(self) -> Iterator[tuple[str, list[Record]]]:
        for name in RECORD_TYPES:
            yield name, getattr(self, name)


RecordSet: type[_RecordSetBase] = create_model(  # type: ignore[call-overload]
    "RecordSet",
    __base__=_RecordSetBase,
    **{
        name: (list[cls], Field(default_factory=list, title=cls.KIND))  # type: ignore[valid-type]
        for name, cls in RECORD_TYPES.items()
    },
)


class Snapshot(BaseModel):
    # cache_strings="none": tens of thousands of distinct UUID strings only thrash the cache.
    model_config = ConfigDict(extra="forbid", title="Snapshot sekolah (pyapp)", cache_strings="none")

    format: Literal["pyapp-snapshot"] = SNAPSHOT_FORMAT  # type: ignore[assignment]
    version: Literal[3] = SNAPSHOT_VERSION
    created_at: AwareDatetime = Field(..., title="Dibuat")
    generator: str | None = Field(None, title="Pembuat", description="Aplikasi/perintah yang membuat berkas.")
    school: SchoolInfo
    records: RecordSet = Field(default_factory=RecordSet)

    def counts(self) -> dict[str, int]:
        return {name: len(items) for name, items in self.records.items()}

    def iter_records(self) -> Iterator[tuple[str, Record]]:
        for name, items in self.records.items():
            for rec in items:
                yield name, rec


def dump_snapshot(snapshot: Snapshot) -> str:
    """Deterministic JSON: keys sorted, null fields left out (they load back as None),
    records in their list order, one line per record."""
    data = snapshot.model_dump(mode="json", exclude_none=True)
    records = data.pop("records")
    head = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    parts = []
    for name in RECORD_TYPES:
        rows = records.get(name) or []
        body = ",\n".join(json.dumps(r, sort_keys=True, ensure_ascii=False, separators=(",", ":")) for r in rows)
        parts.append(f'"{name}":[\n{body}\n]' if rows else f'"{name}":[]')
    return head[:-1] + ',"records":{\n' + ",\n".join(parts) + "\n}}\n"


def snapshot_json_schema() -> dict[str, Any]:
    schema = Snapshot.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://pyapp.local/snapshot.schema.json"
    return schema


def load_snapshot(data: str | bytes, source_name: str = "snapshot.json") -> Snapshot:
    """Parse and validate a snapshot. Raises SnapshotError (Indonesian message), never
    anything else for bad input."""
    if isinstance(data, (bytes, bytearray)):
        try:
            data = bytes(data).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise SnapshotError(f"{source_name}: bukan teks UTF-8 (byte ke-{exc.start}).") from None
    elif data.startswith("\ufeff"):
        data = data[1:]
    # Tens of thousands of new objects trigger the cyclic GC over and over, for nothing (a
    # snapshot has no cycles): pausing it halves the load time of the large preset.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        if _is_old(data):
            snapshot = _load_old(data)
        else:
            snapshot = Snapshot.model_validate_json(data)
    except ValidationError as exc:
        raise _explain(exc, data, source_name) from None
    finally:
        if was_enabled:
            gc.enable()
    _check_unique_ids(snapshot, source_name)
    return snapshot


_OLD_VERSIONS = (1, 2)


def _is_old(text: str) -> bool:
    """A document of an older version (its "version" key sits in the head line written by
    dump_snapshot, or anywhere in a hand-made file)."""
    head = text[:4096].replace(" ", "")
    return any(f'"version":{v}{end}' in head for v in _OLD_VERSIONS for end in ",}")


def _load_old(text: str) -> Snapshot:
    """Parse, migrate (pyapp.core.migration) and validate an older snapshot."""
    from pyapp.core.migration import migrate

    try:
        raw = json.loads(text)
    except ValueError:
        return Snapshot.model_validate_json(text)  # raises the usual, explained error
    if not isinstance(raw, dict) or raw.get("format") != SNAPSHOT_FORMAT or raw.get("version") not in _OLD_VERSIONS:
        return Snapshot.model_validate_json(text)
    return Snapshot.model_validate(migrate(raw))


def _check_unique_ids(snapshot: Snapshot, source: str) -> None:
    for name, items in snapshot.records.items():
        ids = {r.id for r in items}
        if len(ids) != len(items):
            seen: set[str] = set()
            for i, r in enumerate(items):
                if r.id in seen:
                    msg = f"{source}: {name}[{i}] (id {r.id}): id — ganda, id ini sudah dipakai data lain"
                    raise SnapshotError(msg, [_problem(source, name, i, r.id, "id", "ganda")])
                seen.add(r.id)


def _problem(source: str, rtype: str | None, index: int | None, rid: str | None, fld: str, msg: str) -> dict[str, Any]:
    return {"file": source, "type": rtype, "index": index, "id": rid, "field": fld, "message": msg}


def _explain(exc: ValidationError, text: str, source: str) -> SnapshotError:
    try:
        raw = json.loads(text)
    except (ValueError, RecursionError) as err:
        where = f" (baris {err.lineno}, kolom {err.colno})" if isinstance(err, json.JSONDecodeError) else ""
        return SnapshotError(f"{source}: bukan JSON yang sah{where}. Pastikan berkas tidak terpotong atau rusak.")
    if not isinstance(raw, dict) or raw.get("format") != SNAPSHOT_FORMAT:
        return SnapshotError(
            f"{source}: bukan berkas cadangan sekolah aplikasi ini "
            f"(kolom \"format\" harus \"{SNAPSHOT_FORMAT}\"). Pilih berkas hasil Cadangkan/Ekspor."
        )
    version = raw.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > SNAPSHOT_VERSION:
        return SnapshotError(
            f"{source}: dibuat oleh versi aplikasi yang lebih baru (format versi {version}, "
            f"aplikasi ini membaca sampai versi {SNAPSHOT_VERSION}). Perbarui aplikasi lalu coba lagi."
        )
    if version not in (*_OLD_VERSIONS, SNAPSHOT_VERSION):
        return SnapshotError(f"{source}: versi format tidak dikenal ({version!r}).")
    problems = [_locate(err, raw, source) for err in exc.errors(include_url=False)]
    lines = [_line(p) for p in problems[:MAX_PROBLEMS]]
    more = len(problems) - MAX_PROBLEMS
    if more > 0:
        lines.append(f"… dan {more} masalah lain.")
    return SnapshotError("\n".join(lines), problems)


def _locate(err: Any, raw: dict[str, Any], source: str) -> dict[str, Any]:
    loc = list(err["loc"])
    msg = pesan(err)
    if len(loc) >= 3 and loc[0] == "records" and isinstance(loc[2], int):
        rtype, index = str(loc[1]), loc[2]
        rid = None
        try:
            item = raw["records"][rtype][index]
            rid = item.get("id") if isinstance(item, dict) else None
        except (KeyError, IndexError, TypeError):
            pass
        fld = ".".join(str(x) for x in loc[3:]) or "(data)"
        return _problem(source, rtype, index, rid if isinstance(rid, str) else None, fld, msg)
    if len(loc) == 2 and loc[0] == "records":
        if err["type"] == "extra_forbidden":
            msg = "jenis data tidak dikenal"
        return _problem(source, str(loc[1]), None, None, "(daftar)", msg)
    return _problem(source, None, None, None, ".".join(str(x) for x in loc) or "(dokumen)", msg)


def _line(p: dict[str, Any]) -> str:
    if p["type"] is None:
        return f"{p['file']}: {p['field']} — {p['message']}"
    if p["index"] is None:
        return f"{p['file']}: {p['type']}: {p['message']}"
    rid = f" (id {p['id']})" if p["id"] else ""
    return f"{p['file']}: {p['type']}[{p['index']}]{rid}: {p['field']} — {p['message']}"
