"""The calls that list records: a tab's list page (search, filter, page), the options of a
reference picker, and a rombel's members card."""

from __future__ import annotations

import builtins
from typing import Any

from pyapp.core.models import OWNED_LINKS, RECORD_TYPES
from pyapp.engine import _problems as P
from pyapp.engine import fields as F
from pyapp.engine.moving import move_targets, promotion_targets
from pyapp.engine.school import School

__all__ = ["Listing"]

MAX_PAGE = 1000
RELATED_SHOWN = 20  # records listed per related type (the total is given)


def _jsonable(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _joined(parts: builtins.list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " atau " + parts[-1]


def _sort_key(shown: str, rec: Any, column: str) -> tuple[Any, ...]:
    """Numbers and dates sort by value, text by its folded form; empty cells last."""
    value = getattr(rec, column, None)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (0, value, "")
    iso = getattr(value, "isoformat", None)
    if iso is not None:
        return (0, 0, str(iso()))
    if shown.isdigit():
        return (0, int(shown), "")
    return (0 if shown else 1, 0, shown.casefold())


class Listing(School):
    async def list(self, req: dict[str, Any]) -> dict[str, Any]:  # noqa: A003 - the call's name
        """A page of a type's list. While a deferred open validates, a type read already is
        listed at once (without its findings: `validating`); a deferred type (the nilai...), or
        a list filtered by findings, waits for the validation."""
        await self.ensure_read()
        tname = self.type_of(req)
        if self.validating and (tname in (self._deferred or {}) or req.get("only")):
            await self.ensure_open()
        q = str(req.get("q") or "").strip().casefold()
        offset = max(0, int(req.get("offset") or 0))
        limit = max(0, min(MAX_PAGE, int(req.get("limit") or 0) if req.get("limit") is not None else 50))
        flt = req.get("filter") or {}
        model = RECORD_TYPES[tname]
        if not isinstance(flt, dict):
            raise P.FILTER_TIDAK_SAH.error(reason="filter harus berupa objek {kolom: nilai}.")
        for name in flt:
            if name not in model.model_fields:
                raise P.FILTER_TIDAK_SAH.error(
                    reason=f"kolom {name!r} tidak dikenal untuk {model.KIND}.")
        rows = self.rows_of(tname).rows
        if q:
            rows = [r for r in rows if q in r[2]]
        if flt:
            items = self.data[tname]
            rows = [r for r in rows
                    if all(_jsonable(getattr(items[r[1]], k)) == v for k, v in flt.items())]
        only = req.get("only")
        if only in ("invalid", "warning"):
            rows = [r for r in rows if self._counts_of(r[1])[0 if only == "invalid" else 1]]
        cols = F.COLUMNS.get(tname, ())
        members = self._member_counts() if "jumlah_anggota" in cols else {}

        def text(rec: Any, c: str) -> str:
            return (str(members.get(rec.id, 0)) if c == "jumlah_anggota"
                    else F.display_value(tname, c, getattr(rec, c), self.ref_label))

        sort = req.get("sort") or ""
        if sort and sort not in cols and sort != "label":
            raise P.FILTER_TIDAK_SAH.error(reason=f"kolom urutan {sort!r} tidak dikenal.")
        desc = bool(req.get("desc"))
        if sort and sort != "label":
            data = self.data[tname]
            rows = sorted(rows, key=lambda r: _sort_key(text(data[r[1]], sort), data[r[1]], sort),
                          reverse=desc)
        elif desc:
            rows = rows[::-1]
        out_items = []
        for _key, rid, _search, label in rows[offset:offset + limit]:
            rec = self.data[tname][rid]
            texts = {c: text(rec, c) for c in cols}
            inv, warn = self._counts_of(rid)
            out_items.append({"id": rid, "label": label, "cols": texts, "invalid": inv,
                              "warning": warn})
        searched = [F.column_label(tname, f) for f in F.SEARCH_OF.get(tname, ())]
        self.first_view_out(f"list:{tname}")
        return {
            "total": len(rows),
            "columns": [{"name": c, "label": F.column_label(tname, c)} for c in cols],
            "items": out_items,
            "search_hint": "Cari " + (_joined(searched) if searched else "nama") + "…",
            "kind": model.KIND,
            "validating": self.validating,
        }

    def _counts_of(self, rid: str) -> tuple[int, int]:
        inv = warn = 0
        for f in self._by_record.get(rid, ()):
            if f.severity == "invalid":
                inv += 1
            else:
                warn += 1
        return inv, warn

    def _member_counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for ar in self.data["anggota_rombel"].values():
            if not ar.deleted:
                out[ar.rombel_id] = out.get(ar.rombel_id, 0) + 1
        return out

    async def options(self, req: dict[str, Any]) -> builtins.list[dict[str, str]]:
        page = await self.list({"type": req.get("type"), "q": req.get("q") or "", "offset": 0,
                                "limit": req.get("limit") if req.get("limit") is not None else 50,
                                "filter": req.get("filter") or {}})
        return [{"id": it["id"], "label": it["label"]} for it in page["items"]]

    async def related(self, req: dict[str, Any]) -> dict[str, Any]:
        """The records that refer to one record (a pupil's registrasi, periodik,
        kesejahteraan, rombel memberships and nilai...), per type with links: the form's
        "Data terkait"."""
        await self.ensure_open()
        tname = self.type_of(req)
        rec = self.live(tname, req.get("id"))
        if rec is None:
            raise P.TIDAK_DITEMUKAN.error()
        groups = []
        for dtype, refs in F.REFS.items():
            for fname, target in refs.items():
                if target != tname:
                    continue
                found = [d for d in self.data[dtype].values()
                         if not d.deleted and getattr(d, fname, None) == rec.id]
                if not found and (dtype, fname) not in OWNED_LINKS:
                    continue
                shown = sorted(((self.display_label(dtype, d), d.id) for d in found),
                               key=lambda x: x[0].casefold())[:RELATED_SHOWN]
                groups.append({"type": dtype, "field": fname, "label": RECORD_TYPES[dtype].KIND,
                               "total": len(found),
                               "items": [{"id": i, "label": lab} for lab, i in shown]})
        return {"ok": True, "groups": groups}

    async def rombel_members(self, req: dict[str, Any]) -> dict[str, Any]:
        """A rombel's members with their PD names and records, and the rombels a member can
        move to (same semester and tingkat: pindah rombel): one call for the whole members card."""
        await self.ensure_open()
        rombel: Any = self.live("rombel", req.get("rombel_id"))
        if rombel is None:
            raise P.TIDAK_DITEMUKAN.error()
        items = []
        for am in self.data["anggota_rombel"].values():
            if am.deleted or am.rombel_id != rombel.id:
                continue
            items.append({"id": am.id, "peserta_didik_id": am.peserta_didik_id,
                          "nama": self.ref_label("peserta_didik", am.peserta_didik_id),
                          "record": am.model_dump(mode="json", exclude_none=True)})
        items.sort(key=lambda it: (it["nama"].casefold(), it["id"]))
        targets = [{"id": r.id, "label": self.display_label("rombel", r)}
                   for r in move_targets(self, rombel)]
        up = [{"id": r.id, "label": self.display_label("rombel", r)}
              for r in promotion_targets(self, rombel)]
        return {"ok": True, "total": len(items), "items": items, "move_to": targets,
                "naik_to": up, "tingkat": rombel.tingkat}
