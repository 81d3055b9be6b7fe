"""`python -m pyapp validate school.json [--json]`: Validasi Lokal on a snapshot file.

Exit status: 0 no invalid finding, 1 at least one, 2 the file cannot be read or loaded.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

SEVERITY = {"invalid": "INVALID", "warning": "PERINGATAN"}


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("validate", help="jalankan Validasi Lokal pada berkas snapshot sekolah")
    p.add_argument("path", type=Path, metavar="school.json")
    p.add_argument("--json", action="store_true", help="keluarkan temuan sebagai JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from pyapp.core.snapshot import SnapshotError, load_snapshot
    from pyapp.core.validation import validate

    path: Path = args.path
    try:
        data = path.read_bytes()
    except OSError as exc:
        print(f"{path}: berkas tidak dapat dibaca ({exc.strerror or exc}).", file=sys.stderr)
        return 2
    try:
        snapshot = load_snapshot(data, str(path))
    except SnapshotError as exc:
        print(f"Berkas tidak dapat dimuat:\n{exc}", file=sys.stderr)
        return 2
    report = validate(snapshot)
    if args.json:
        print(report.to_json(indent=1))
    else:
        print(_human(snapshot, report))
    return 1 if report.has_invalid else 0


def _human(snapshot: Any, report: Any) -> str:
    school = snapshot.school
    npsn = f" (NPSN {school.npsn})" if school.npsn else ""
    lines = [f"Validasi Lokal: {school.nama}{npsn}, semester {school.semester_id}", "",
             f"{'Tab':<20} {'Invalid':>8} {'Peringatan':>11}"]
    for tab, c in report.summary.items():
        lines.append(f"{tab:<20} {c['invalid']:>8} {c['warning']:>11}")
    total = report.counts
    lines.append(f"{'Jumlah':<20} {total['invalid']:>8} {total['warning']:>11}")
    for tab in report.summary:
        items = [f for f in report.findings if f.tab == tab]
        if not items:
            continue
        lines += ["", f"== {tab} =="]
        for f in sorted(items, key=lambda f: f.severity != "invalid"):
            lines.append(f"[{SEVERITY[f.severity]}] {f.rule_id} · {f.record_label} · kolom {f.field}")
            lines.append(f"    {f.message}")
            lines.append(f"    Perbaiki: {f.hint}")
    lines.append("")
    if report.has_invalid:
        lines.append(f"Hasil: {total['invalid']} data invalid. Sinkronisasi ditolak sampai semuanya diperbaiki.")
    else:
        lines.append(f"Hasil: tidak ada data invalid, siap sinkronisasi ({total['warning']} peringatan).")
    return "\n".join(lines)
