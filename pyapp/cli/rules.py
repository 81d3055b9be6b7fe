"""`python -m pyapp rules [--check]`: write (or check) docs/rules.md from the rule registry."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


def render() -> str:
    from pyapp.core.validation import REGISTRY
    from pyapp.core.validation.catalogue import render_markdown

    return render_markdown(REGISTRY)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("rules", help="tulis katalog aturan validasi ke docs/rules.md")
    p.add_argument("-o", "--output", type=Path, default=DEFAULT_PATH)
    p.add_argument("--check", action="store_true", help="keluar dengan kode 1 jika berkas usang")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    text = render()
    path: Path = args.output
    if args.check:
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if current != text:
            print(f"{path} usang: jalankan `python -m pyapp rules`.", file=sys.stderr)
            return 1
        print(f"{path} mutakhir.")
        return 0
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"Ditulis: {path} ({len(text.encode())} byte)")
    return 0
