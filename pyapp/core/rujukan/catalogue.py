"""docs/rujukan.md, generated from the rujukan tables (`python -m pyapp rujukan [--check]`):
per table its source and every code with its label, retired and placeholder codes marked;
the code migrations of older snapshot formats beside it."""

from __future__ import annotations

import gzip
import json
from importlib import resources
from typing import Any

from pyapp.core import rujukan

__all__ = ["render_markdown"]

# Tables too large to list in full: listed as a count plus the structure summary.
_SUMMARY_ONLY = {"kurikulum", "mata_pelajaran"}


def _cell(value: Any) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def _flags(it: dict[str, Any]) -> str:
    out = []
    if it.get("expired"):
        out.append("kedaluwarsa")
    if it.get("kosong"):
        out.append("= belum diisi")
    for key in ("daftar_sekolah", "daftar_rombel", "keluar_pd", "keluar_ptk", "kloset"):
        if key in it:
            out.append(f"{key}={'ya' if it[key] else 'tidak'}")
    for key in ("jenjang", "kurikulum", "jurusan", "level", "induk", "agama", "jam_ekuivalen"):
        if key in it:
            out.append(f"{key}={it[key]}")
    return ", ".join(out)


def _migration_lines(name: str) -> list[str]:
    from pyapp.core.migration import V1_CODES, V2_CODES

    out = []
    for version, maps in ((1, V1_CODES), (2, V2_CODES)):
        pairs = maps.get(name)
        if pairs:
            text = ", ".join(f"{old!r} → {new!r} ({rujukan.label(name, new)})" for old, new in pairs.items())
            out += [f"Kode format snapshot versi {version} yang berubah: {text}. Kode lain tetap.", ""]
    return out


def render_markdown() -> str:
    out = [
        "# Rujukan (kode referensi)",
        "",
        "<!-- Dibuat otomatis dari pyapp/core/rujukan/*.json oleh `python -m pyapp rujukan`. "
        "Jangan disunting manual; CI menjalankan `python -m pyapp rujukan --check`. -->",
        "",
        "Setiap tabel memakai id dan label resmi Dapodik bila ada salinan publiknya; sumbernya "
        "(repositori, berkas, commit) tertulis di bawah setiap tabel. Kode **kedaluwarsa** tetap "
        "terbaca untuk data lama tetapi tidak ditawarkan di formulir; kode **belum diisi** "
        "dianggap kosong. Daftar resmi yang dibandingkan ada di `tests/fixtures/official/`. "
        "Latar belakang: [domain.md](domain.md#rujukan).",
        "",
        "| Tabel | Jumlah kode | Sumber |",
        "|---|---:|---|",
    ]
    for name in rujukan.names():
        src = rujukan.source(name)
        kind = "resmi" if src.startswith("Resmi") else "unverified" if "unverified" in src.lower() else "milik aplikasi"
        out.append(f"| [{name}](#{name}) | {len(rujukan.get(name))} | {kind} |")
    for name in rujukan.names():
        items = rujukan.get(name)
        out += ["", f"## {name}", "", f"Sumber: {_cell(rujukan.source(name))}", ""]
        out += _migration_lines(name)
        if name in _SUMMARY_ONLY:
            out += _summary(name, items)
            continue
        out += ["| Kode | Label | Keterangan |", "|---|---|---|"]
        out += [f"| `{_cell(it['code'])}` | {_cell(it['label'])} | {_cell(_flags(it))} |" for it in items]
    out += _wilayah_lines()
    return "\n".join(out).rstrip("\n") + "\n"


def _wilayah_lines() -> list[str]:
    """The region codes: too many to list, so their sources and counts per level."""
    from pyapp.core.rujukan import wilayah as W

    w = W.load_wilayah()
    levels = (("provinsi", 2), ("kabupaten/kota", 5), ("kecamatan", 8), ("desa/kelurahan", 13))
    src = json.loads(gzip.decompress(resources.files("pyapp.core.rujukan").joinpath(
        "wilayah_kemendikbud.json.gz").read_bytes()))["source"]
    out = ["", "## wilayah", "", f"Kode Kemendagri (kaskade alamat): {_cell(W.SOURCE)}", "",
           f"Kode wilayah Kemendikbud (kolom `kode_wilayah_kemendikbud`): {_cell(src)}", "",
           "| Tingkat | Kode Kemendagri | Dengan kode Kemendikbud |", "|---|---:|---:|"]
    for label, size in levels:
        codes = [c for c in (w.desa if size == 13 else w.base) if len(c) == size]
        known = sum(1 for c in codes if w.kode_kemendikbud(c))
        out.append(f"| {label} | {len(codes)} | {known} |")
    return out


def _summary(name: str, items: list[dict[str, Any]]) -> list[str]:
    if name == "kurikulum":
        rows = ["| Kode | Kurikulum | Jenjang | Jurusan | Tingkat | Mapel per tingkat |", "|---|---|---|---|---|---|"]
        for it in items:
            per = ", ".join(f"{t}: {len(m)}" for t, m in it["struktur"].items())
            rows.append(f"| `{it['code']}` | {_cell(it['label'])} | {it['jenjang']} ({it['kurikulum']}) | "
                        f"{it.get('jurusan', '')} | {', '.join(it['struktur'])} | {per} |")
        return rows
    rows = ["| Kode | Mata pelajaran | Agama |", "|---|---|---|"]
    rows += [f"| `{it['code']}` | {_cell(it['label'])} | {rujukan.label('agama', it.get('agama'))} |" for it in items]
    return rows
