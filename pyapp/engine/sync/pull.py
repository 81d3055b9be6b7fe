"""Getting the server's data: the prefill of a new computer (the school as of its last sync,
replacing the local data without anything to send back) and Tarik Data (server-side changes
since the cursor, never overwriting a local edit that is not sent yet)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

from pydantic import ValidationError

from pyapp.core.models import RECORD_TYPES
from pyapp.core.snapshot import SchoolInfo, Snapshot
from pyapp.core.sync.messages import DATA_FORMAT
from pyapp.engine import _problems as P
from pyapp.engine.http import NetworkError
from pyapp.engine.sync.conflicts import Resolving
from pyapp.engine.sync.transport import RemoteProblem

__all__ = ["Pulling"]

PULL_LIMIT = 5000


class Pulling(Resolving):
    def _pages(self, cursor: int | None) -> Iterator[dict[str, Any]]:
        """Pull pages from `cursor` (None: the prefill)."""
        token = self._reader_token()
        prefill = cursor is None
        while True:
            q: dict[str, Any] = {"format": DATA_FORMAT, "limit": PULL_LIMIT}
            if cursor is not None:
                q.update(cursor=cursor, prefill="true" if prefill else "false")
            page = json.loads(self._send("GET", "/api/pull?" + urlencode(q), token=token,
                                         timeout=60)[1])
            yield page
            cursor = int(page["next_cursor"])
            if not page.get("has_more"):
                return

    async def prefill(self, req: dict[str, Any]) -> dict[str, Any]:
        await self._load()
        if not self._registered():
            raise P.BELUM_TERDAFTAR.error(open="sinkronisasi")
        if self._active():
            raise P.SEDANG_BERJALAN.error()
        pending = await self._pending()
        if pending.total and not req.get("force"):
            raise P.PERUBAHAN_BELUM_DIKIRIM.error(pending=pending.total)
        records: dict[str, list[Any]] = {t: [] for t in RECORD_TYPES}
        cursor = None
        try:
            for page in self._pages(None):
                for ch in page["changes"]:
                    if not ch.get("deleted"):
                        records[ch["type"]].append(ch["record"])
                cursor = int(page["next_cursor"])
        except NetworkError as exc:
            raise P.TIDAK_TERSAMBUNG.error(error=str(exc)) from exc
        except RemoteProblem as p:
            self._forget_rejected_tokens(p)
            raise
        finally:
            await self._save_cfg()
        sekolah = records["sekolah"][0] if records["sekolah"] else {}
        # The active semester is not in a pull: the latest one the school's data is about.
        semesters = [r.get("semester_id") for t in ("sekolah_periodik", "rombel")
                     for r in records[t] if r.get("semester_id")]
        semester = max(semesters) if semesters else self.service.school_info().get("semester_id")
        info = SchoolInfo(npsn=self.cfg["npsn"], nama=sekolah.get("nama") or self.cfg["npsn"],
                          semester_id=semester, sekolah_id=sekolah.get("id"),
                          bentuk_pendidikan=sekolah.get("bentuk_pendidikan"),
                          kode_wilayah=sekolah.get("kode_wilayah"))
        try:
            snap = Snapshot.model_validate({"created_at": self.clock(), "generator": "prefill",
                                            "school": info.model_dump(), "records": records})
        except ValidationError as exc:
            raise P.DATA_SERVER_RUSAK.error(reason=str(exc.errors()[0])) from exc
        result = await self.service.replace_from_server(snap)
        self.cfg["cursor"] = cursor
        await self._save_cfg()
        self.job = None
        await self._save_job()
        return {"ok": True, "counts": result["counts"]}

    async def tarik_data(self, req: dict[str, Any]) -> dict[str, Any]:
        await self._load()
        if not self._registered():
            raise P.BELUM_TERDAFTAR.error(open="sinkronisasi")
        pending = await self._pending()
        applied, conflicts, skipped = 0, [], 0
        found: list[dict[str, Any]] = []
        cursor = int(self.cfg.get("cursor") or 0)
        data = self.service.data
        try:
            for page in self._pages(cursor):
                batch = []
                for ch in page["changes"]:
                    tname, rid, version = ch["type"], ch["id"], int(ch["version"])
                    local = data[tname].get(rid)
                    first = pending.first_version.get(rid)
                    if first is not None:
                        if version > first - 1:  # the server moved past what we edited
                            label = self.service.display_label(tname, local) if local else rid
                            conflicts.append({"type": tname, "id": rid, "label": label})
                            found.append({"type": tname, "id": rid, "server_version": version,
                                          "server_deleted": bool(ch.get("deleted")),
                                          "server_record": ch["record"]})
                        continue
                    if local is not None and (local.version > version or local.model_dump(
                            mode="json", exclude_none=True) == ch["record"]):
                        continue
                    try:
                        batch.append((tname, RECORD_TYPES[tname].model_validate(ch["record"])))
                    except ValidationError:
                        skipped += 1
                applied += await self.service.apply_remote(batch) if batch else 0
                self.cfg["cursor"] = int(page["next_cursor"])
                await self._save_cfg()
        except NetworkError as exc:
            raise P.TIDAK_TERSAMBUNG.error(error=str(exc), applied=applied) from exc
        except RemoteProblem as p:
            self._forget_rejected_tokens(p)
            await self._save_cfg()
            return p.reply(applied=applied)
        if found:
            self._note_conflicts(found, replace=False)
            await self._save_conflicts()
        out: dict[str, Any] = {"ok": True, "applied": applied, "conflicts": conflicts}
        if skipped:
            out["skipped"] = skipped
        return out
