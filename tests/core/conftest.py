from __future__ import annotations

from typing import Any

import pytest

from pyapp.core.generator import generate
from pyapp.core.rujukan.wilayah import Wilayah, load_wilayah
from pyapp.core.snapshot import Snapshot

_CACHE: dict[tuple[str, int, int], tuple[Snapshot, dict[str, Any]]] = {}


@pytest.fixture(scope="session")
def wilayah() -> Wilayah:
    return load_wilayah()


@pytest.fixture(scope="session")
def school(wilayah: Wilayah) -> Any:
    """school(preset, seed=1, errors=0) -> (Snapshot, manifest), generated once per session."""

    def get(preset: str, seed: int = 1, errors: int = 0) -> tuple[Snapshot, dict[str, Any]]:
        key = (preset, seed, errors)
        if key not in _CACHE:
            _CACHE[key] = generate(preset, seed, errors=errors, wilayah=wilayah)
        return _CACHE[key]

    return get
