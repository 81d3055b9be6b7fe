"""The calls the UI makes. Each takes a JSON string and returns a JSON string."""

from __future__ import annotations

import json
import sys
from typing import Any

import pydantic

import pyapp

EXPORTS = ["ping"]
# Filled in by boot.py: when the worker's Python started, and how long the engine import took.
BOOT_TIMINGS: dict[str, float] = {}


def _runtime() -> dict[str, Any]:
    info: dict[str, Any] = {
        "python": sys.version.split()[0],
        "pydantic": pydantic.VERSION,
        "app": pyapp.__version__,
        "platform": sys.platform,
    }
    try:
        import pyodide  # type: ignore[import-not-found]

        info["pyodide"] = pyodide.__version__
    except ImportError:
        info["pyodide"] = None
    return info


def ping(_request: str = "{}") -> str:
    """Health of the engine: versions of Python, Pyodide, pydantic and the app."""
    return json.dumps({"ok": True, **_runtime(), "timings": BOOT_TIMINGS})
