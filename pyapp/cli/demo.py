"""`python -m pyapp demo --preset small|medium|large --seed N [--errors K] -o school.json`."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("demo", help="buat snapshot sekolah contoh (data realistis, bisa disisipi kesalahan)")
    p.add_argument("--preset", choices=["small", "medium", "large"], default="small")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--errors", type=int, default=0, metavar="K", help="sisipkan K kesalahan yang diketahui")
    p.add_argument("-o", "--output", type=Path, default=Path("school.json"))
    p.set_defaults(func=run)


def manifest_path(output: Path) -> Path:
    return output.with_name(output.name.removesuffix(".json") + ".manifest.json")


def run(args: argparse.Namespace) -> int:
    from pyapp.core.generator import GeneratorError, InjectionError, generate
    from pyapp.core.snapshot import dump_snapshot

    start = time.perf_counter()
    try:
        snapshot, manifest = generate(args.preset, args.seed, errors=args.errors)
    except (GeneratorError, InjectionError) as exc:
        print(f"Gagal: {exc}", file=sys.stderr)
        return 2
    text = dump_snapshot(snapshot)
    args.output.write_text(text, encoding="utf-8")
    counts = snapshot.counts()
    print(f"Ditulis: {args.output} ({len(text.encode()):,} byte, {time.perf_counter() - start:.2f} s): "
          f"{counts['peserta_didik']} PD, {counts['ptk']} GTK, {counts['rombel']} rombel, {snapshot.school.nama}")
    if args.errors:
        mpath = manifest_path(args.output)
        mpath.write_text(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"Ditulis: {mpath} ({len(manifest['errors'])} kesalahan disisipkan)")
    return 0
