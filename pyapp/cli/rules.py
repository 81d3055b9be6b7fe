"""`python -m pyapp rules [--check]`: write (or check) docs/rules.md from the rule registry."""

from __future__ import annotations

import argparse
from pathlib import Path

from pyapp.cli._generated import register_generated

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


def render() -> str:
    from pyapp.core.validation import REGISTRY
    from pyapp.core.validation.catalogue import render_markdown

    return render_markdown(REGISTRY)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    register_generated(sub, "rules", "tulis katalog aturan validasi ke docs/rules.md", DEFAULT_PATH, render)
