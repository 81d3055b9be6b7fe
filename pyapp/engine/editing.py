"""The calls that change one record: get it for its form, save it, delete it (with what
belongs to it, after the user agrees; never while something else still refers to it)."""

from __future__ import annotations

import time
from typing import Any

from pydantic import ValidationError

from pyapp.core.messages import pesan
from pyapp.core.models import OWNED_LINKS, RECORD_TYPES, Record, new_id
from pyapp.engine import _problems as P
from pyapp.engine import fields as F
from pyapp.engine._time import ms_since
from pyapp.engine.school import School

__all__ = ["Editing"]

MSG_REF = "data yang dipilih tidak ditemukan (mungkin sudah dihapus)"
SHOWN_BLOCKERS = 5

#: (type, field, record) of a live record whose reference blocks a delete
Blocker = tuple[str, str, Any]


class Editing(School):
    async def get(self, req: dict[str, Any]) -> dict[str, Any]:
        await self.ensure_open()
        tname = self.type_of(req)
        rid = req.get("id")
        rec = self.data[tname].get(rid) if isinstance(rid, str) else None
        if rec is None:
            raise P.TIDAK_DITEMUKAN.error()
        return {"ok": True, "record": rec.model_dump(mode="json"),
                "label": self.display_label(tname, rec), "findings": self.findings_of(rec.id)}

    async def save(self, req: dict[str, Any]) -> dict[str, Any]:
        """Create or update one record from the form's values. Field errors (type, format,
        a reference to nothing) refuse the save and name each field; rule findings do not:
        the record is saved and its findings come back with it."""
        await self.ensure_open()
        t0 = time.perf_counter()
        tname = self.type_of(req)
        incoming = req.get("record")
        if not isinstance(incoming, dict):
            raise P.ISIAN_TIDAK_SAH.error(count=1, fields={"record": "data yang disimpan kosong"})
        async with self._lock:
            rec, errors = self._merged(tname, incoming)
            if errors or rec is None:
                raise P.ISIAN_TIDAK_SAH.error(count=len(errors), fields=errors)
            rec = await self._kemendikbud(rec)
            created = rec.version == 1
            ms = await self.write({tname: [rec]}, at=rec.updated_at)
            return {
                "ok": True, "record": rec.model_dump(mode="json"),
                "label": self.display_label(tname, rec), "created": created,
                "findings": self.findings_of(rec.id), "summary": self.summary_counts(),
                "ms": {**ms, "total": ms_since(t0)},
            }

    async def _kemendikbud(self, rec: Any) -> Any:
        """Dapodik's own (Kemendikbud) kode wilayah beside the Kemendagri one the cascade
        chose, where it is known; otherwise what the operator typed stays."""
        kode = getattr(rec, "kode_wilayah", None)
        if "kode_wilayah_kemendikbud" not in type(rec).model_fields or not kode:
            return rec
        try:
            w = await self.wilayah_source.with_desa(kode[:2], self.meta.get("base_url"))
        except Exception:  # noqa: BLE001 - region data unreachable (offline, first visit): keep
            return rec
        found = w.kode_kemendikbud(kode)
        if found is None or found == rec.kode_wilayah_kemendikbud:
            return rec
        return rec.model_copy(update={"kode_wilayah_kemendikbud": found})

    def _merged(self, tname: str, incoming: dict[str, Any]) -> tuple[Record | None, dict[str, str]]:
        """The stored record with the form's values over it, validated; or the field errors."""
        rid = incoming.get("id")
        old = self.data[tname].get(rid) if isinstance(rid, str) and rid else None
        values, errors = F.coerce(tname, {k: v for k, v in incoming.items()
                                          if k not in F.SYSTEM_FIELDS})
        now = self.clock()
        merged = {**(old.model_dump() if old is not None else {}), **values}
        merged.update(
            id=old.id if old is not None else (rid if isinstance(rid, str) and rid else new_id()),
            version=(old.version + 1) if old is not None else 1,
            created_at=old.created_at if old is not None else now,
            updated_at=now,
            deleted=old.deleted if old is not None else False,
        )
        try:
            rec = RECORD_TYPES[tname].model_validate(merged)
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                key = ".".join(str(x) for x in err["loc"]) or "(data)"
                errors.setdefault(key, pesan(err))
            return None, errors
        for fname, target in F.REFS[tname].items():
            val = getattr(rec, fname)
            if val is not None and fname not in errors and self.live(target, val) is None:
                errors[fname] = MSG_REF
        return rec, errors

    async def delete(self, req: dict[str, Any]) -> dict[str, Any]:
        """Soft-delete a record. Records that mean nothing without it (OWNED_LINKS: a PD's
        rombel memberships and their nilai, ...) go with it, but only when the request says
        `cascade` (the UI asks the user first); any other live reference blocks the delete."""
        await self.ensure_open()
        tname = self.type_of(req)
        async with self._lock:
            old = self.live(tname, req.get("id"))
            if old is None:
                raise P.TIDAK_DITEMUKAN.error()
            plan, blockers = self._delete_plan(tname, old)
            if blockers:
                raise P.MASIH_DIRUJUK.error(referrers=self._blockers_text(blockers))
            extra = {t: len(recs) - (t == tname) for t, recs in plan.items()}
            extra = {t: n for t, n in extra.items() if n}
            if extra and not req.get("cascade"):
                raise P.PERLU_KONFIRMASI.error(listed=_listed(extra), dependents=extra)
            now = self.clock()
            deleted = {t: [r.model_copy(update={"deleted": True, "version": r.version + 1,
                                                 "updated_at": now}) for r in recs]
                       for t, recs in plan.items()}
            await self.write(deleted, at=now)
            return {"ok": True, "summary": self.summary_counts(),
                    "deleted": {t: len(recs) for t, recs in deleted.items()}}

    def _delete_plan(self, tname: str, target: Record) -> tuple[dict[str, list[Any]], list[Blocker]]:
        """What deleting `target` takes with it (type -> records, target first) and the live
        records whose reference to it (or to what goes with it) blocks the delete."""
        plan: dict[str, list[Any]] = {}
        going: set[str] = set()
        found: list[Blocker] = []
        index: dict[tuple[str, str], dict[Any, list[Any]]] = {}  # one scan per link

        def referrers(dtype: str, fname: str, rid: str) -> list[Any]:
            if (dtype, fname) not in index:
                by: dict[Any, list[Any]] = {}
                for dep in self.data[dtype].values():
                    if not dep.deleted:
                        by.setdefault(getattr(dep, fname, None), []).append(dep)
                index[(dtype, fname)] = by
            return index[(dtype, fname)].get(rid, [])

        todo: list[tuple[str, Any]] = [(tname, target)]
        while todo:
            t, rec = todo.pop()
            if rec.id in going:
                continue
            going.add(rec.id)
            plan.setdefault(t, []).append(rec)
            for dtype, refs in F.REFS.items():
                for fname, ref_type in refs.items():
                    if ref_type != t:
                        continue
                    for dep in referrers(dtype, fname, rec.id):
                        if (dtype, fname) in OWNED_LINKS:
                            todo.append((dtype, dep))
                        else:
                            found.append((dtype, fname, dep))
        return plan, [b for b in found if b[2].id not in going]

    def _blockers_text(self, blockers: list[Blocker]) -> str:
        shown = [f"{self.display_label(t, rec)} ({F.column_label(t, fname)})"
                 for t, fname, rec in blockers[:SHOWN_BLOCKERS]]
        more = (f" dan {len(blockers) - SHOWN_BLOCKERS} lainnya"
                if len(blockers) > SHOWN_BLOCKERS else "")
        return "; ".join(shown) + more


def _listed(extra: dict[str, int]) -> str:
    parts = [f"{n} {RECORD_TYPES[t].KIND}" for t, n in extra.items()]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " dan " + parts[-1]
