"""`python -m pyapp schema [--check]`: write (or check) docs/snapshot.schema.json."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from pyapp.cli._generated import register_generated

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "docs" / "snapshot.schema.json"


def render() -> str:
    from pyapp.core.snapshot import snapshot_json_schema

    return json.dumps(snapshot_json_schema(), indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    register_generated(sub, "schema",
                       "tulis JSON Schema format snapshot ke docs/snapshot.schema.json",
                       DEFAULT_PATH, render)
