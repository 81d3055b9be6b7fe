"""Rujukan (reference data): code tables packaged as JSON next to this module.

Each file is `{"name", "source", "items": [{"code", "label", ...}, ...]}`; `source` names
where the list comes from (or says the codes are this app's own). Files are read with
`importlib.resources`, so they work from a wheel in the Pyodide worker too.

Wilayah is not here: it is large, see `pyapp.core.rujukan.wilayah`.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

__all__ = ["names", "get", "label", "codes", "source", "item", "RujukanError"]


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
