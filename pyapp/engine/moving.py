"""Moving a pupil to another rombel of the same tingkat (pindah rombel): the membership moves
and the pupil's nilai move with it to the new rombel's pembelajaran of the same mapel; what
cannot be carried is named before anything changes, and dropped only when the user agrees."""

from __future__ import annotations

from typing import Any

from pyapp.core import rujukan
from pyapp.core.models import RECORD_TYPES, new_id
from pyapp.engine import _problems as P
from pyapp.engine.school import School

__all__ = ["Moving", "move_targets", "promotion_targets"]


def move_targets(school: School, rombel: Any) -> list[Any]:
    """The rombels a member of `rombel` may move to: same semester, same tingkat."""
    out = [r for r in school.data["rombel"].values()
           if not r.deleted and r.id != rombel.id and r.semester_id == rombel.semester_id
           and r.tingkat == rombel.tingkat]
    out.sort(key=lambda r: (r.nama.casefold(), r.id))
    return out


def promotion_targets(school: School, rombel: Any) -> list[Any]:
    """The rombels a class goes up to at the end of the year (naik kelas): the next tingkat,
    in a later semester."""
    if rombel.tingkat is None:
        return []
    out = [r for r in school.data["rombel"].values()
           if not r.deleted and r.tingkat == rombel.tingkat + 1
           and str(r.semester_id) > str(rombel.semester_id)]
    out.sort(key=lambda r: (r.semester_id, r.nama.casefold(), r.id))
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

    async def naik_kelas(self, req: dict[str, Any]) -> dict[str, Any]:
        """Naik kelas at the end of the year: every member of a rombel (or those named in
        `anggota_ids`) becomes a member of a rombel of the next tingkat in a later semester.
        Their memberships and nilai of this year stay as they are (history); a pupil already
        in a rombel of the target's semester is skipped and named."""
        await self.ensure_open()
        async with self._lock:
            source: Any = self.live("rombel", req.get("rombel_id"))
            target: Any = self.live("rombel", req.get("target_id"))
            if source is None or target is None:
                raise P.TIDAK_DITEMUKAN.error()
            if target.id not in {r.id for r in promotion_targets(self, source)}:
                raise P.NAIK_KELAS_TUJUAN.error(dari=self.display_label("rombel", source),
                                                ke=self.display_label("rombel", target))
            wanted = set(req.get("anggota_ids") or [])
            members = [a for a in self.data["anggota_rombel"].values()
                       if not a.deleted and a.rombel_id == source.id
                       and (not wanted or a.id in wanted)]
            placed = set()
            for a in self.data["anggota_rombel"].values():
                r: Any = self.live("rombel", a.rombel_id) if not a.deleted else None
                if r is not None and r.semester_id == target.semester_id:
                    placed.add(a.peserta_didik_id)
            now = self.clock()
            new, skipped = [], []
            for a in members:
                if a.peserta_didik_id in placed:
                    skipped.append(self.ref_label("peserta_didik", a.peserta_didik_id))
                    continue
                new.append(RECORD_TYPES["anggota_rombel"].model_validate({
                    "id": new_id(), "version": 1, "created_at": now, "updated_at": now,
                    "rombel_id": target.id, "peserta_didik_id": a.peserta_didik_id,
                    "jenis_pendaftaran_rombel": a.jenis_pendaftaran_rombel}))
            if new:
                await self.write({"anggota_rombel": new}, at=now)
            return {"ok": True, "moved": len(new), "skipped": skipped,
                    "rombel": self.display_label("rombel", target),
                    "summary": self.summary_counts()}
