"""Shared shape of the commands that write a generated file kept in the repo (`rules`,
`schema`): write it, or with `--check` exit 1 when the committed file is stale (CI)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path


def register_generated(sub: argparse._SubParsersAction, name: str, help_text: str,  # type: ignore[type-arg]
                       default_path: Path, render: Callable[[], str]) -> None:
    p = sub.add_parser(name, help=help_text)
    p.add_argument("-o", "--output", type=Path, default=default_path)
    p.add_argument("--check", action="store_true", help="keluar dengan kode 1 jika berkas usang")
    p.set_defaults(func=lambda args: write_or_check(name, render(), args.output, args.check))


def write_or_check(name: str, text: str, path: Path, check: bool) -> int:
    if check:
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if current != text:
            print(f"{path} usang: jalankan `python -m pyapp {name}`.", file=sys.stderr)
            return 1
        print(f"{path} mutakhir.")
        return 0
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"Ditulis: {path} ({len(text.encode())} byte)")
    return 0
