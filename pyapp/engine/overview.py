"""The calls that show the school as a whole: open, Beranda (dashboard), the validation
summary and findings, and the record types and form metadata the UI builds its views from."""

from __future__ import annotations

from typing import Any

from pyapp.core.models import TABS
from pyapp.engine import _problems as P
from pyapp.engine import fields as F
from pyapp.engine.school import Records, School

__all__ = ["Overview", "pd_per_tingkat"]


def pd_per_tingkat(data: Records, semester_id: str | None
                   ) -> dict[Any, dict[str, set[str]]]:
    """Pupils per tingkat in the semester's rombels (all rombels when the semester has none):
    tingkat -> {"L": pd ids, "P": pd ids}. Beranda and the Lembar Konfirmasi both show it."""
    rombels = {i: r for i, r in data["rombel"].items() if not r.deleted}
    current = {i: r for i, r in rombels.items() if r.semester_id == semester_id} or rombels
    pds = data["peserta_didik"]
    per: dict[Any, dict[str, set[str]]] = {}
    for ar in data["anggota_rombel"].values():
        rb, pd = current.get(ar.rombel_id), pds.get(ar.peserta_didik_id)
        if ar.deleted or rb is None or pd is None or pd.deleted:
            continue
        bucket = per.setdefault(rb.tingkat, {"L": set(), "P": set()})
        if pd.jenis_kelamin in ("L", "P"):
            bucket[pd.jenis_kelamin].add(pd.id)
    return per


class Overview(School):
    async def open(self, req: dict[str, Any]) -> dict[str, Any]:
        """Read the school into the engine. `defer_validation`: answer once the records are
        read, with the last stored summary; the nilai and Validasi Lokal follow after the
        first page (wait for them with `validation`)."""
        base_url = req.get("base_url") if isinstance(req.get("base_url"), str) else None
        defer = bool(req.get("defer_validation"))
        await self.ensure_read(base_url, defer)
        if req.get("reload"):
            async with self._lock:
                await self._load(base_url, defer)
        if defer:
            self._deferred_task()  # starts at the first page, or after START_AFTER_S
        else:
            await self.ensure_open()
        if base_url and base_url != await self.store.meta_get("base_url"):
            self.meta["base_url"] = base_url
            await self.store.meta_put("base_url", base_url)
        out = {
            "ok": True,
            "school": self.school_public(),
            "counts": self.counts(),
            "storage": await self.store.storage_info(),
            "last_backup": self.meta.get("last_backup"),
            "last_sync": self.meta.get("last_sync"),
            "summary": self.summary_counts(),
            "validating": self.validating,
            "summary_state": self.summary_state(),
            "ms": {k: self.timings.get(k, 0.0)
                   for k in ("upgrade", "load", "load_read", "validate")},
        }
        self.progress.mark("open")
        if self.upgraded is not None:
            out["upgraded"] = self.upgraded
        if self.store.read_ahead:
            out["read_ahead"] = True
        if self.load_problems:
            out["load_problems"] = self.load_problems[:50]
        return out

    async def record_types(self, req: dict[str, Any]) -> list[dict[str, str]]:
        return F.record_types()

    async def form_meta(self, req: dict[str, Any]) -> dict[str, Any]:
        return F.form_meta(self.type_of(req), str(self.school_info().get("semester_id") or ""))

    async def summary(self, req: dict[str, Any]) -> dict[str, Any]:
        await self.ensure_read()
        inv, warn = self.totals()
        return {"summary": self.summary_counts(), "invalid": inv, "warning": warn,
                "validating": self.validating, "summary_state": self.summary_state()}

    async def validation(self, req: dict[str, Any]) -> dict[str, Any]:
        """Whether Validasi Lokal of a deferred open is still running (`wait`: answer when it
        has finished), the summary, and the open's events in order with their ms."""
        await self.ensure_read()
        if req.get("wait", True):
            await self.wait_validated()
        inv, warn = self.totals()
        return {"ok": True, "validating": self.validating, "summary": self.summary_counts(),
                "summary_state": self.summary_state(), "invalid": inv, "warning": warn,
                "counts": self.counts(), "events": list(self.progress.events),
                "ms": {k: self.timings.get(k, 0.0)
                       for k in ("load", "load_read", "load_parts", "decode_later", "validate",
                                 "validate_wall")}}

    async def findings(self, req: dict[str, Any]) -> dict[str, Any]:
        await self.ensure_open()
        tab, sev = req.get("tab"), req.get("severity")
        rtype, rid = req.get("record_type"), req.get("record_id")
        if tab is not None and tab not in TABS:
            raise P.TAB_TIDAK_DIKENAL.error(tab=tab)
        if sev not in (None, "invalid", "warning"):
            raise P.TINGKAT_TEMUAN_SALAH.error()
        offset = max(0, int(req.get("offset") or 0))
        limit = max(0, int(req.get("limit") or 0) if req.get("limit") is not None else 100)
        assert self.report is not None  # noqa: S101 - set by ensure_open
        source = self._by_record.get(rid, []) if rid is not None else self.report.findings
        items = [f for f in source
                 if (tab is None or f.tab == tab) and (sev is None or f.severity == sev)
                 and (rtype is None or f.record_type == rtype)]
        items.sort(key=lambda f: f.severity != "invalid")  # invalid first, else as found
        out = []
        for f in items[offset:offset + limit]:
            d = f.to_dict()
            where = self._fixed_at(d)
            if where:
                d["open"] = where
            out.append(d)
        return {"total": len(items), "items": out}

    def _fixed_at(self, f: dict[str, Any]) -> str | None:
        """Where a finding is fixed when that is not a field of its own record's form: a
        pupil without a rombel is fixed in a rombel's members card (the one they are in
        already when the finding is about rombels, else the rombel list); a missing related
        record (periodik, registrasi...) from the record's "Data terkait"."""
        rtype, rid, fname = f.get("record_type"), f.get("record_id"), f.get("field")
        if not rtype or not fname or fname in F.form_field_names(rtype):
            return None
        if fname == "rombel" and rtype == "peserta_didik":
            semester = self.school_info().get("semester_id")
            for am in self.data["anggota_rombel"].values():
                rombel = self.live("rombel", am.rombel_id) if not am.deleted else None
                if am.peserta_didik_id == rid and rombel is not None and \
                        getattr(rombel, "semester_id", None) == semester:
                    return f"rekam/rombel/{rombel.id}/anggota"
            return "tab/rombel/rombel"
        return f"rekam/{rtype}/{rid}/terkait"

    async def dashboard(self, req: dict[str, Any]) -> dict[str, Any]:
        await self.ensure_read()
        per = pd_per_tingkat(self.data, self.school_info().get("semester_id"))
        inv, warn = self.totals()
        self.first_view_out("dashboard")
        return {
            "school": self.school_public(),
            "pd_per_tingkat": [{"tingkat": t, "L": len(v["L"]), "P": len(v["P"])}
                               for t, v in sorted(per.items(), key=lambda kv: (kv[0] is None, kv[0] or 0))
                               if t is not None],
            "counts": self.counts(),
            "summary": self.summary_counts(),
            "invalid": inv,
            "warning": warn,
            "last_backup": self.meta.get("last_backup"),
            "last_sync": self.meta.get("last_sync"),
            "validating": self.validating,
            "summary_state": self.summary_state(),
        }
