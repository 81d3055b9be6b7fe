"""`python -m pyapp rujukan [--check]`: write (or check) docs/rujukan.md from the rujukan tables."""

from __future__ import annotations

import argparse
from pathlib import Path

from pyapp.cli._generated import register_generated

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "docs" / "rujukan.md"


def render() -> str:
    from pyapp.core.rujukan.catalogue import render_markdown

    return render_markdown()


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    register_generated(sub, "rujukan", "tulis daftar kode rujukan dan sumbernya ke docs/rujukan.md",
                       DEFAULT_PATH, render)
