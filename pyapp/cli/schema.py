"""`python -m pyapp schema [--check]`: write (or check) docs/snapshot.schema.json."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "docs" / "snapshot.schema.json"


def render() -> str:
    from pyapp.core.snapshot import snapshot_json_schema

    return json.dumps(snapshot_json_schema(), indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("schema", help="tulis JSON Schema format snapshot ke docs/snapshot.schema.json")
    p.add_argument("-o", "--output", type=Path, default=DEFAULT_PATH)
    p.add_argument("--check", action="store_true", help="keluar dengan kode 1 jika berkas usang")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    text = render()
    path: Path = args.output
    if args.check:
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if current != text:
            print(f"{path} usang: jalankan `python -m pyapp schema`.", file=sys.stderr)
            return 1
        print(f"{path} mutakhir.")
        return 0
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"Ditulis: {path} ({len(text.encode())} byte)")
    return 0
