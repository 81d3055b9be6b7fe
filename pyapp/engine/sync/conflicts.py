"""Conflicts: records the server did not take because it had moved on since this computer
last saw them (a push's conflicts, or Tarik Data's). Each is kept with the server's record
until the operator chooses, per record or per field, which side to keep; the choice is
written here as an ordinary edit based on the server's version, so the next push applies it
with the existing protocol (a choice of the server's side sends the server's own record,
which the proxy recognises as already stored)."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from pyapp.core.messages import pesan
from pyapp.core.models import RECORD_TYPES, Record
from pyapp.engine import _problems as P
from pyapp.engine import fields as F
from pyapp.engine._time import iso
from pyapp.engine.sync.confirmation import Confirming
from pyapp.engine.sync.state import ConflictEntry

__all__ = ["Resolving"]

#: compared besides the form fields: a record deleted on one side only
STATUS_FIELD = "deleted"


class Resolving(Confirming):
    def _note_conflicts(self, found: list[dict[str, Any]], *, replace: bool) -> None:
        """Remember conflicts (`replace`: a push's receipt, which names every conflict that
        remains; otherwise Tarik Data's, added to what is known)."""
        at = iso(self.clock())
        known = {} if replace else dict(self.known_conflicts)
        for c in found:
            old = known.get(c["id"])
            version = int(c.get("server_version") or 0)
            if old is not None and old.get("resolved") and int(old["server_version"]) >= version:
                continue  # already decided against this server version
            known[c["id"]] = ConflictEntry(
                type=c["type"], id=c["id"], server_version=version,
                server_deleted=bool(c.get("server_deleted")),
                server_record=c.get("server_record"), found_at=at, resolved=False)
        self.known_conflicts = known

    def _server_model(self, entry: ConflictEntry) -> Record | None:
        try:
            return RECORD_TYPES[entry["type"]].model_validate(entry["server_record"] or {})
        except ValidationError:
            return None

    def _diff(self, tname: str, local: Record | None, server: Record | None) -> list[str]:
        names = [n for n in RECORD_TYPES[tname].model_fields
                 if n not in F.SYSTEM_FIELDS or n == STATUS_FIELD]
        return [n for n in names
                if _plain(getattr(local, n, None)) != _plain(getattr(server, n, None))]

    def _text(self, tname: str, name: str, rec: Record | None) -> str:
        if rec is None:
            return "(tidak ada)"
        if name == STATUS_FIELD:
            return "dihapus" if rec.deleted else "ada"
        return F.display_value(tname, name, getattr(rec, name), self.service.ref_label) or "(kosong)"

    async def conflicts(self, req: dict[str, Any]) -> dict[str, Any]:
        """The conflicts waiting for the operator's choice, each named by its record and shown
        field by field: this computer's value and the server's."""
        await self._load()
        items = []
        for rid, entry in self.known_conflicts.items():
            tname = entry["type"]
            local = self.service.data.get(tname, {}).get(rid)
            server = self._server_model(entry)
            shown = local if local is not None else server
            fields = [{"name": n, "label": "Status data" if n == STATUS_FIELD
                       else F.column_label(tname, n),
                       "local": self._text(tname, n, local), "server": self._text(tname, n, server)}
                      for n in self._diff(tname, local, server)]
            items.append({"type": tname, "id": rid, "kind": RECORD_TYPES[tname].KIND,
                          "label": self.service.display_label(tname, shown) if shown else rid,
                          "server_version": entry["server_version"],
                          "resolved": bool(entry.get("resolved")), "fields": fields})
        items.sort(key=lambda it: (bool(it["resolved"]), str(it["kind"]), str(it["label"]).casefold()))
        return {"ok": True, "items": items,
                "remaining": sum(1 for it in items if not it["resolved"])}

    async def resolve_conflict(self, req: dict[str, Any]) -> dict[str, Any]:
        """Keep one side of a conflict: `keep` ("local" or "server") for the whole record,
        `fields` (name -> side) for single fields. The result is saved here, based on the
        server's version; the next Sinkronisasi sends it."""
        await self._load()
        rid = str(req.get("id") or "")
        entry = self.known_conflicts.get(rid)
        if entry is None:
            raise P.TIDAK_DITEMUKAN.error()
        tname = entry["type"]
        server = self._server_model(entry)
        if server is None:
            raise P.DATA_SERVER_RUSAK.error(reason=f"data server untuk {rid} tidak terbaca")
        keep = "server" if req.get("keep") == "server" else "local"
        chosen = req.get("fields") or {}
        service = self.service
        async with service._lock:
            local = service.data[tname].get(rid)
            sides = {n: str(chosen.get(n) or keep) for n in self._diff(tname, local, server)}
            merged = server.model_dump()
            if local is not None:
                for name, side in sides.items():
                    if side == "local":
                        merged[name] = getattr(local, name)
            all_server = local is None or all(side == "server" for side in sides.values())
            now = self.clock()
            if not all_server:
                merged.update(version=server.version + 1, updated_at=now)
            try:
                rec = RECORD_TYPES[tname].model_validate(merged)
            except ValidationError as exc:
                errors = {".".join(str(x) for x in e["loc"]): pesan(e)
                          for e in exc.errors(include_url=False)}
                raise P.ISIAN_TIDAK_SAH.error(count=len(errors), fields=errors) from exc
            await service.write({tname: [rec]}, at=now)
        entry["resolved"] = True
        await self._save_conflicts()
        remaining = sum(1 for c in self.known_conflicts.values() if not c.get("resolved"))
        return {"ok": True, "kept": "server" if all_server else "local",
                "label": service.display_label(tname, rec), "remaining": remaining}


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value
