"""The calls that replace or export the whole school: a backup file out and back in, the
sample school, and wiping this browser's data."""

from __future__ import annotations

import time
from typing import Any

from pyapp.core.snapshot import SnapshotError, dump_snapshot, load_snapshot
from pyapp.engine import _problems as P
from pyapp.engine import _gc
from pyapp.engine._time import iso, ms_since
from pyapp.engine.school import School

__all__ = ["Backup"]

SHOWN_PROBLEMS = 50
#: the record types named when asking before the school is replaced
NAMED_COUNTS = (("peserta_didik", "peserta didik"), ("ptk", "GTK"), ("rombel", "rombel"),
                ("nilai", "nilai"))


class Backup(School):
    async def export_backup(self, req: dict[str, Any]) -> dict[str, Any]:
        await self.ensure_open()
        snap = self.snapshot(sort=True)
        text = dump_snapshot(snap)
        now = self.clock()
        npsn = self.school_info().get("npsn") or "sekolah"
        filename = f"dapodik-{npsn}-{now.astimezone():%Y%m%d-%H%M}.json"
        self.meta["last_backup"] = iso(now)
        await self.store.meta_put("last_backup", self.meta["last_backup"])
        return {"ok": True, "filename": filename, "text": text, "counts": snap.counts()}

    async def replace_preview(self, req: dict[str, Any]) -> dict[str, Any]:
        """What restoring a backup or loading the sample school would replace: the school's
        name, its main record counts and the changes not sent to the server yet (the UI asks
        before replacing, and offers a backup first)."""
        await self.ensure_open()
        counts = self.counts()
        school = self.school_public()
        has_data = school is not None or any(counts.values())
        entries = await self.store.changes_since(0) if has_data else []
        named = [{"type": t, "label": label, "count": counts.get(t, 0)}
                 for t, label in NAMED_COUNTS if counts.get(t)]
        return {"ok": True, "has_data": has_data,
                "school": (school or {}).get("nama") or None,
                "npsn": (school or {}).get("npsn") or None,
                "counts": named, "total": sum(counts.values()),
                "unsent": len({e.get("id") for e in entries}),
                "ever_synced": bool(self.meta.get("last_sync")),
                "last_backup": self.meta.get("last_backup")}

    async def restore_backup(self, req: dict[str, Any]) -> dict[str, Any]:
        await self.ensure_open()
        text = req.get("text")
        filename = str(req.get("filename") or "cadangan.json")
        if not isinstance(text, str) or not text.strip():
            raise P.CADANGAN_TIDAK_TERBACA.error(reason=f"{filename}: berkas kosong.", problems=[])
        t0 = time.perf_counter()
        try:
            snap = load_snapshot(text, filename)
        except SnapshotError as exc:
            raise P.CADANGAN_TIDAK_TERBACA.error(reason=str(exc),
                                               problems=exc.problems[:SHOWN_PROBLEMS]) from exc
        ms_parse = ms_since(t0)
        result = await self.replace(snap)
        result["ms"]["parse"] = ms_parse
        return result

    async def load_sample(self, req: dict[str, Any]) -> dict[str, Any]:
        from pyapp.core.generator import GeneratorError, generate, needed_province

        await self.ensure_open()
        preset = req.get("preset") or "small"
        seed = int(req["seed"]) if req.get("seed") is not None else 1
        errors = int(req.get("errors") or 0)
        base_url = req.get("base_url") or self.meta.get("base_url")
        t0 = time.perf_counter()
        wilayah = await self.wilayah_source.with_desa(needed_province(seed), base_url)
        ms_wilayah = ms_since(t0)
        t1 = time.perf_counter()
        try:
            with _gc.paused():
                snap, manifest = generate(str(preset), seed, errors, wilayah=wilayah)
        except GeneratorError as exc:
            raise P.CONTOH_GAGAL.error(reason=str(exc)) from exc
        ms_gen = ms_since(t1)
        result = await self.replace(snap)
        result["ms"].update(wilayah=ms_wilayah, generate=ms_gen, total=ms_since(t0))
        result["injected"] = len(manifest.get("errors") or [])
        return result

    async def wipe(self, req: dict[str, Any]) -> dict[str, Any]:
        if req.get("confirm") != "HAPUS":
            raise P.HAPUS_SEMUA.error()
        await self.ensure_open()
        async with self._lock:
            try:
                await self.clear()
            except Exception as exc:  # noqa: BLE001
                raise P.GAGAL_MENYIMPAN.error(error=str(exc)) from exc
        return {"ok": True}
