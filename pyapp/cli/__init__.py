"""`python -m pyapp SUBCOMMAND`: the one command-line entry point.

Subcommands are registered explicitly: each module in COMMANDS exposes
`register(subparsers)` which adds its parser and sets `func(args) -> int`.
"""

from __future__ import annotations

import argparse
import importlib
import sys

# Explicit registry (module names under pyapp.cli). Order = order in --help.
COMMANDS = [
    "serve",
    "schema",
    "demo",
    "validate",
    "rules",
    "rujukan",
    "problems",
    "engine-api",
    "layout",
    "proxy",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pyapp",
        description="Dapodik-style school data: app server, sample data, validation, proxy.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"pyapp.cli.{name.replace('-', '_')}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("Dihentikan.", file=sys.stderr)
        return 130
