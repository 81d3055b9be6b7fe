"""Rujukan (reference data): code tables packaged as JSON next to this module.

Each file is `{"name", "source", "items": [{"code", "label", ...}, ...]}`; `source` names
where the list comes from: the public copy of Dapodik's own table (repository, path, commit),
or says the list is unverified / this app's own. An item may carry `"expired": true` (retired
in Dapodik: still read in old data, never offered for new data) or `"kosong": true` (Dapodik's
"not filled in" placeholder such as agama 98 or hobi -1: never offered, counts as empty). Files are read with
`importlib.resources`, so they work from a wheel in the Pyodide worker too.

Wilayah is not here: it is large, see `pyapp.core.rujukan.wilayah`.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

__all__ = ["names", "get", "label", "codes", "source", "item", "choices", "offered", "is_empty",
           "struktur", "RujukanError"]


#: Official jabatan_ptk ids of the tugas tambahan that make a PTK the principal: 2 Kepala
#: Sekolah, 33 PLT Kepala Sekolah (rujukan jabatan_tugas_tambahan).
JABATAN_KEPALA: tuple[int, int] = (2, 33)


class RujukanError(LookupError):
    """An unknown rujukan name."""


@lru_cache(maxsize=None)
def _doc(name: str) -> dict[str, Any]:
    path = resources.files(__name__).joinpath(f"{name}.json")
    if not name.replace("_", "").isalnum() or not path.is_file():
        raise RujukanError(f"Rujukan tidak dikenal: {name!r}")
    doc: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return doc


@lru_cache(maxsize=None)
def names() -> tuple[str, ...]:
    """Every rujukan name, sorted."""
    return tuple(
        sorted(
            p.name[:-5]
            for p in resources.files(__name__).iterdir()
            if p.name.endswith(".json")
        )
    )


def get(name: str) -> list[dict[str, Any]]:
    """The items of a rujukan (each has at least `code` and `label`). Do not mutate."""
    items: list[dict[str, Any]] = _doc(name)["items"]
    return items


def source(name: str) -> str:
    """Where the list comes from."""
    return str(_doc(name)["source"])


@lru_cache(maxsize=None)
def codes(name: str) -> tuple[Any, ...]:
    """The valid codes of a rujukan, in file order."""
    return tuple(item["code"] for item in get(name))


@lru_cache(maxsize=None)
def _by_code(name: str) -> dict[Any, dict[str, Any]]:
    return {item["code"]: item for item in get(name)}


def item(name: str, code: Any) -> dict[str, Any] | None:
    """The item for a code, or None."""
    return _by_code(name).get(code)


def label(name: str, code: Any) -> str:
    """The Indonesian label of a code; the code itself if unknown, '' for None."""
    if code is None:
        return ""
    found = item(name, code)
    return str(found["label"]) if found else str(code)


def offered(name: str, code: Any) -> bool:
    """Whether a code may be chosen for new data (known, not retired, not a placeholder)."""
    found = item(name, code)
    return found is not None and not found.get("expired") and not found.get("kosong")


def is_empty(name: str, code: Any) -> bool:
    """None or Dapodik's "not filled in" placeholder (agama 98, hobi -1, cita-cita -1)."""
    if code is None:
        return True
    found = item(name, code)
    return bool(found and found.get("kosong"))


@lru_cache(maxsize=None)
def choices(name: str) -> tuple[tuple[Any, str], ...]:
    """(code, label) pairs a form offers: retired codes and placeholders left out."""
    return tuple((it["code"], str(it["label"])) for it in get(name) if not it.get("expired") and not it.get("kosong"))


@lru_cache(maxsize=4096)
def struktur(kurikulum: Any, tingkat: Any) -> dict[int, tuple[int, int]]:
    """The mata pelajaran of a kurikulum at a tingkat: {mapel id: (max hours per week,
    status_di_kurikulum)}; {} when the kurikulum or tingkat is unknown."""
    found = item("kurikulum", kurikulum)
    if not found or tingkat is None:
        return {}
    rows = found.get("struktur", {}).get(str(tingkat), {})
    return {int(m): (int(v[0]), int(v[1])) for m, v in rows.items()}
