"""What the sync client keeps in the store's meta, and the base every part of it shares.

- `sync_config` (`SyncConfig`): proxy URL, NPSN, kode registrasi, acting user, tokens,
  pull cursor, the browser's time-zone offset;
- `sync_job` (`SyncJob`): the sync in progress (idempotency key, part hashes, upload id,
  which parts the server has, phase, retry time, receipt);
- `sync_payload`: the exact bytes being sent (base64), so a reopened tab resends the SAME
  bytes under the SAME key (the server's upload status says which parts it has);
- `sync_history`: receipts, newest first;
- `sync_conflicts`: record id -> `ConflictEntry`, the records the server refused because it
  had moved on (a push's conflicts, or Tarik Data's), with the server's record, until the
  operator's choice is sent and receipted.

Everything is re-read at every call (another tab may have moved on) and written after every
step, so a closed tab loses nothing.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any, Literal, TypedDict

from pyapp.core.sync import DEFAULT_PART_SIZE
from pyapp.engine._time import Clock, parse_iso
from pyapp.engine.http import Http
from pyapp.engine.school import School
from pyapp.engine.sync.outbox import Pending

__all__ = ["SyncBase", "SyncConfig", "SyncJob", "Phase", "ACTIVE", "OPERATOR", "CFG", "JOB",
           "PAYLOAD", "HISTORY", "CONFLICTS", "ConflictEntry"]

CFG, JOB, PAYLOAD, HISTORY = "sync_config", "sync_job", "sync_payload", "sync_history"
CONFLICTS = "sync_conflicts"
Phase = Literal["menyiapkan", "mengirim", "memvalidasi", "menunggu", "selesai", "gagal"]
#: phases of a sync that is still under way (it resumes where it stopped)
ACTIVE: tuple[Phase, ...] = ("menyiapkan", "mengirim", "memvalidasi", "menunggu")


class Acting(TypedDict):
    nama: str
    ptk_id: str | None
    role: str


#: progress bar percent of the phases that have no parts to count
PERCENT = {"menyiapkan": 5, "memvalidasi": 95, "selesai": 100}
OPERATOR: Acting = {"nama": "Operator Sekolah", "ptk_id": None, "role": "operator"}


class Token(TypedDict):
    token: str
    exp: str
    ptk_id: str | None


class SyncConfig(TypedDict, total=False):
    proxy_url: str
    npsn: str
    kode: str
    acting: Acting
    tokens: dict[str, Token]
    cursor: int | None
    tz_offset_min: int | None


class Principal(TypedDict):
    ptk_id: str
    nama: str


class ConflictEntry(TypedDict):
    type: str
    id: str
    #: the server's version and record when the conflict was found
    server_version: int
    server_deleted: bool
    server_record: dict[str, Any] | None
    found_at: str
    #: the operator chose: the record now pending is based on `server_version`
    resolved: bool


class SyncJob(TypedDict):
    key: str
    #: "push": one POST /api/push; "upload": resumable parts, then commit
    mode: Literal["push", "upload"]
    phase: Phase
    upto_seq: int
    size: int
    raw_size: int
    sha256: str
    part_size: int
    parts: list[str]
    upload_id: str | None
    sent: list[int]
    attempt: int
    next_at: str | None
    retry_in_s: float | None
    retry_at: str | None
    message: str
    hint: str | None
    findings: list[Any] | None
    receipt: dict[str, Any] | None
    acked: bool
    started_at: str
    finished_at: str | None
    requests: int
    bytes_sent: int
    clock_skew_s: int | None
    changes: int
    principal: Principal
    counts: dict[str, int]


class SyncBase:
    """State and persistence shared by the sync client's parts (account, confirmation,
    push, pull). `service` is the school in memory; `http` makes one request at a time."""

    def __init__(self, service: School, http: Http, clock: Clock | None = None,
                 sleep: Callable[[float], None] | None = None, *,
                 part_size: int = DEFAULT_PART_SIZE, single_max: int = DEFAULT_PART_SIZE,
                 rng: random.Random | None = None) -> None:
        self.service = service
        self.http = http
        self.clock: Clock = clock or service.clock
        self.sleep = sleep or time.sleep
        self.part_size = part_size
        #: a gzipped push up to this size goes as one POST /api/push; larger ones in parts
        self.single_max = single_max
        self.rng = rng or random.Random()
        self.cfg: SyncConfig = {}
        self.job: SyncJob | None = None
        self.known_conflicts: dict[str, ConflictEntry] = {}
        self._payload: tuple[str, bytes] | None = None  # (key, bytes) cache
        self._checked_upload: str | None = None  # upload id whose status this process asked
        self._meter: SyncJob | None = None  # the job whose requests are counted
        #: the outbox read and encoded, with the change-log key it was read at
        self._built: tuple[Any, Pending, list[str], str] | None = None
        #: the outbox's counts only (no change dicts), with the key it was read at
        self._counted: tuple[Any, Pending] | None = None

    async def _load(self) -> None:
        """Re-read config and job at every call: another tab (or a wipe) may have moved on."""
        await self.service.ensure_open()
        self.cfg = await self.service.store.meta_get(CFG) or SyncConfig()
        self.job = await self.service.store.meta_get(JOB)
        self.known_conflicts = await self.service.store.meta_get(CONFLICTS) or {}

    async def _save_conflicts(self) -> None:
        await self.service.store.meta_put(CONFLICTS, self.known_conflicts)

    def _bases(self) -> dict[str, int]:
        """Record id -> the server version a resolved conflict's record is based on."""
        return {rid: int(c["server_version"]) for rid, c in self.known_conflicts.items()
                if c.get("resolved")}

    async def _save_cfg(self) -> None:
        await self.service.store.meta_put(CFG, self.cfg)

    async def _save_job(self) -> None:
        await self.service.store.meta_put(JOB, self.job)

    def _registered(self) -> bool:
        return bool(self.cfg.get("proxy_url") and self.cfg.get("npsn") and self.cfg.get("kode"))

    def _active(self) -> bool:
        return self.job is not None and self.job.get("phase") in ACTIVE

    def _tz(self, req: dict[str, Any]) -> None:
        if isinstance(req.get("tz_offset_min"), int):
            self.cfg["tz_offset_min"] = req["tz_offset_min"]

    def _hhmm(self, moment: datetime) -> str:
        off = self.cfg.get("tz_offset_min")
        local = moment.astimezone(timezone(timedelta(minutes=off))) if isinstance(off, int) \
            else moment.astimezone()
        return local.strftime("%H:%M")

    def _state(self) -> dict[str, Any] | None:
        """The job as the UI shows it (phase, parts sent, percent, wait, receipt)."""
        job = self.job
        if job is None:
            return None
        total = len(job["parts"]) if job["mode"] == "upload" else 1
        sent = total if job["phase"] == "selesai" else \
            len(job["sent"]) if job["mode"] == "upload" else 0
        waiting = job["phase"] == "menunggu"
        retry_in = job.get("retry_in_s")
        if waiting and job.get("next_at"):
            retry_in = max(0.0, round((parse_iso(str(job["next_at"])) - self.clock()).total_seconds(), 1))
        return {"phase": job["phase"], "sent": sent, "total": total,
                "percent": PERCENT.get(job["phase"], 10 + int(80 * sent / total) if total else 10),
                "retry_in_s": retry_in if waiting else None,
                "retry_at": job.get("retry_at") if waiting else None,
                "message": job.get("message") or "", "hint": job.get("hint"),
                "receipt": job.get("receipt"), "findings": job.get("findings")}
