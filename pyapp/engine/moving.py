"""Moving a pupil to another rombel of the same tingkat (pindah rombel): the membership moves
and the pupil's nilai move with it to the new rombel's pembelajaran of the same mapel; what
cannot be carried is named before anything changes, and dropped only when the user agrees."""

from __future__ import annotations

from typing import Any

from pyapp.core import rujukan
from pyapp.engine import _problems as P
from pyapp.engine.school import School

__all__ = ["Moving", "move_targets"]


def move_targets(school: School, rombel: Any) -> list[Any]:
    """The rombels a member of `rombel` may move to: same semester, same tingkat."""
    out = [r for r in school.data["rombel"].values()
           if not r.deleted and r.id != rombel.id and r.semester_id == rombel.semester_id
           and r.tingkat == rombel.tingkat]
    out.sort(key=lambda r: (r.nama.casefold(), r.id))
    return out


class Moving(School):
    async def move_member(self, req: dict[str, Any]) -> dict[str, Any]:
        """Move one rombel member to another rombel of the same tingkat and semester, with
        their nilai: each goes to the target's pembelajaran of the same mata pelajaran. A
        nilai whose mapel the target does not teach is named first (engine.pindah_nilai_
        tertinggal) and deleted only when the request says `drop`."""
        await self.ensure_open()
        async with self._lock:
            member: Any = self.live("anggota_rombel", req.get("anggota_rombel_id"))
            target: Any = self.live("rombel", req.get("rombel_id"))
            if member is None or target is None:
                raise P.TIDAK_DITEMUKAN.error()
            source: Any = self.live("rombel", member.rombel_id)
            pd = self.ref_label("peserta_didik", member.peserta_didik_id)
            if source is None or target.id not in {r.id for r in move_targets(self, source)}:
                raise P.PINDAH_BEDA_TINGKAT.error(
                    pd=pd, ke=self.display_label("rombel", target),
                    dari=self.display_label("rombel", source) if source else "rombel asal")
            by_mapel = {p.mata_pelajaran_id: p for p in self.data["pembelajaran"].values()
                        if not p.deleted and p.rombel_id == target.id}
            carried, left = [], []
            for n in self.data["nilai"].values():
                if n.deleted or n.anggota_rombel_id != member.id:
                    continue
                old: Any = self.live("pembelajaran", n.pembelajaran_id)
                new = by_mapel.get(old.mata_pelajaran_id) if old is not None else None
                if new is not None:
                    carried.append((n, new.id))
                else:
                    left.append((n, old))
            if left and not req.get("drop"):
                mapel = sorted({rujukan.label("mata_pelajaran", o.mata_pelajaran_id)
                                if o is not None else "(pembelajaran terhapus)" for _n, o in left})
                raise P.PINDAH_NILAI_TERTINGGAL.error(
                    jumlah=len(left), pd=pd, ke=self.display_label("rombel", target),
                    mapel=", ".join(mapel), carried=len(carried))
            now = self.clock()

            def bump(rec: Any, **update: Any) -> Any:
                return rec.model_copy(update={**update, "version": rec.version + 1,
                                              "updated_at": now})

            nilai = [bump(n, pembelajaran_id=pid) for n, pid in carried]
            nilai += [bump(n, deleted=True) for n, _o in left]
            records: dict[str, list[Any]] = {"anggota_rombel": [bump(member, rombel_id=target.id)]}
            if nilai:
                records["nilai"] = nilai
            await self.write(records, at=now)
            return {"ok": True, "carried": len(carried), "dropped": len(left),
                    "rombel": self.display_label("rombel", target),
                    "summary": self.summary_counts()}
