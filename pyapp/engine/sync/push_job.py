"""The push, step by step: `sync_begin` freezes the payload (gzip of the PushRequest) after
the principal's confirmation; each `sync_step` makes at most ONE request (a request blocks
the worker) and returns the progress. The job and the bytes are persisted after every step,
so a closed tab resumes with the SAME bytes under the SAME idempotency key.

Nothing is marked sent before the receipt is stored; the outbox is then acknowledged up to
the last change-log seq the push contained (edits made during the upload stay pending).
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
from datetime import timedelta
from typing import Any

from pyapp.core.sync import (
    AGREEMENT_VERSION,
    DATA_FORMAT,
    Confirmation,
    Manifest,
    PushRequest,
    new_key,
    prefixed_sha256,
    split,
    tab_counts,
)
from pyapp.core.sync.compact import pack
from pyapp.engine import _problems as P
from pyapp.engine._time import iso, parse_iso
from pyapp.engine.http import NetworkError
from pyapp.engine.school import change_entry, dump
from pyapp.engine.sync.conflicts import Resolving
from pyapp.engine.sync.state import HISTORY, OPERATOR, PAYLOAD, SyncJob
from pyapp.engine.sync.transport import TOKEN_REJECTED, RemoteProblem

__all__ = ["Pushing"]

# the proxy's problems the push reacts to by entry

BACKOFF_CAP_S = 60.0
HISTORY_MAX = 100
RELOGINS = 3


class Pushing(Resolving):
    async def sync_begin(self, req: dict[str, Any]) -> dict[str, Any]:
        await self._load()
        self._tz(req)
        if not self._registered():
            raise P.BELUM_TERDAFTAR.error(open="sinkronisasi")
        if self._active():
            raise P.SEDANG_BERJALAN.error(state=self._state())
        await self.service.revalidate()
        ptk = self._may_send()
        school = self.service.school_info()
        if school.get("npsn") and school["npsn"] != self.cfg["npsn"]:
            raise P.NPSN_BERBEDA.error(sekolah=school["npsn"], terdaftar=self.cfg["npsn"])
        sheet = await self.confirmation_sheet({})
        keys = [it["key"] for it in sheet["items"]]
        ticked = req.get("ticked") or []
        missing = [k for k in keys if k not in ticked]
        if missing:
            raise P.KONFIRMASI_BELUM_LENGKAP.error(missing_count=len(missing), missing=missing)
        if req.get("agreement_version") != AGREEMENT_VERSION:
            raise P.PERSETUJUAN_BELUM.error(version=AGREEMENT_VERSION)
        if req.get("payload_hash") and req["payload_hash"] != sheet["payload_hash"]:
            raise P.DATA_BERUBAH.error()
        pending, _lines, digest = await self._encoded()
        now = self.clock()
        key = new_key()
        # The push is validated as a message without its changes, which go in as the changes
        # already hashed (the proxy validates every change anyway).
        push = PushRequest(
            idempotency_key=key, semester_id=school["semester_id"],
            base_cursor=self.cfg.get("cursor"), changes=[],
            manifest=Manifest(counts=tab_counts(pending.changes), content_hash=digest,
                              format_version=DATA_FORMAT),
            confirmation=Confirmation(ptk_id=ptk.id, nama=ptk.nama, confirmed_at=now,
                                      items=sorted(keys), agreement_version=AGREEMENT_VERSION,
                                      payload_hash=digest))
        # The compact body (core/sync/compact.py: records as columns, each UUID once) is
        # under half the gzip bytes of the plain JSON one; the proxy decodes it at the boundary
        # and checks the same content hash.
        raw = pack(push.model_dump(mode="json"), pending.changes)
        gz = gzip.compress(raw, compresslevel=6, mtime=0)
        parts = split(gz, self.part_size)
        await self.service.store.meta_put(PAYLOAD, {"key": key,
                                                    "b64": base64.b64encode(gz).decode()})
        self._payload = (key, gz)
        self.job = {
            "key": key, "mode": "push" if len(gz) <= self.single_max else "upload",
            "phase": "menyiapkan", "upto_seq": pending.upto_seq,
            "size": len(gz), "raw_size": len(raw), "sha256": prefixed_sha256(gz),
            "part_size": self.part_size, "parts": [hashlib.sha256(p).hexdigest() for p in parts],
            "upload_id": None, "sent": [], "attempt": 0, "next_at": None, "retry_in_s": None,
            "retry_at": None, "message": "Menyiapkan pengiriman…", "hint": None, "findings": None,
            "receipt": None, "acked": False, "started_at": iso(now), "finished_at": None,
            "requests": 0, "bytes_sent": 0, "clock_skew_s": None, "changes": len(pending.changes),
            "principal": {"ptk_id": ptk.id, "nama": ptk.nama}, "counts": push.manifest.counts,
        }
        await self._save_job()
        return {"ok": True, "state": self._state()}

    async def sync_state(self, req: dict[str, Any]) -> dict[str, Any]:
        await self._load()
        return {"ok": True, "state": self._state()}

    async def sync_history(self, req: dict[str, Any]) -> list[dict[str, Any]]:
        await self.service.ensure_open()
        return list(await self.service.store.meta_get(HISTORY) or [])

    async def sync_step(self, req: dict[str, Any]) -> dict[str, Any]:
        await self._load()
        self._tz(req)
        job = self.job
        if job is None:
            raise P.BELUM_DIMULAI.error(state=None)
        if job["phase"] == "selesai":
            if not job.get("acked"):
                await self._finish()
            return {"ok": True, "state": self._state()}
        if job["phase"] == "gagal":
            return {"ok": True, "state": self._state()}
        if job["phase"] == "menunggu" and job.get("next_at") and not req.get("now") \
                and self.clock() < parse_iso(str(job["next_at"])):
            return {"ok": True, "state": self._state()}  # not yet: no request
        try:
            gz = await self._body(job)
        except ValueError as exc:
            self._fail(job, str(exc), "Mulai sinkronisasi lagi dari awal.")
            await self._save_job()
            return {"ok": True, "state": self._state()}
        self._meter = job
        try:
            receipt = self._advance(job, gz)
            job["attempt"] = 0
            job["retry_at"] = job["next_at"] = None
            job["retry_in_s"] = None
            if receipt is not None:
                await self._got_receipt(job, receipt)
            else:
                job["phase"] = self._next_phase(job)
                job["message"] = self._phase_message(job)
        except NetworkError as exc:
            self._backoff(job, f"Sambungan ke server terputus ({exc}).")
        except RemoteProblem as p:
            self._problem(job, p)
        finally:
            self._meter = None
        await self._save_job()
        await self._save_cfg()  # tokens
        return {"ok": True, "state": self._state()}

    async def run(self, max_steps: int = 10_000) -> dict[str, Any]:
        """Step until done or failed, sleeping through the waits (tests, CLI, benchmarks)."""
        state: dict[str, Any] = {}
        for _ in range(max_steps):
            state = (await self.sync_step({}))["state"]
            if state is None or state["phase"] in ("selesai", "gagal"):
                break
            if state["phase"] == "menunggu" and state["retry_in_s"]:
                self.sleep(state["retry_in_s"])
        return state

    async def _body(self, job: SyncJob) -> bytes:
        if self._payload is None or self._payload[0] != job["key"]:
            doc = await self.service.store.meta_get(PAYLOAD)
            if not doc or doc.get("key") != job["key"]:
                raise ValueError("Data kiriman yang disimpan hilang.")
            self._payload = (job["key"], base64.b64decode(doc["b64"]))
        gz = self._payload[1]
        if [hashlib.sha256(p).hexdigest() for p in split(gz, job["part_size"])] != job["parts"]:
            self._payload = None
            raise ValueError("Data kiriman yang disimpan rusak (hash bagian tidak cocok).")
        return gz

    def _next_phase(self, job: SyncJob) -> Any:
        if not self._token("kepala_sekolah", job["principal"]["ptk_id"]):
            return "menyiapkan"
        if job["mode"] == "push":
            return "mengirim"
        if job["upload_id"] is None:
            return "menyiapkan"
        return "mengirim" if len(job["sent"]) < len(job["parts"]) else "memvalidasi"

    @staticmethod
    def _phase_message(job: SyncJob) -> str:
        phase = job["phase"]
        if phase == "mengirim":
            total = len(job["parts"]) if job["mode"] == "upload" else 1
            return f"Mengirim data ({len(job['sent'])}/{total})…"
        if phase == "memvalidasi":
            return "Memvalidasi di server…"
        return "Menyiapkan pengiriman…"

    def _advance(self, job: SyncJob, gz: bytes) -> dict[str, Any] | None:
        """Exactly one request; a receipt when the push is stored."""
        ptk_id = job["principal"]["ptk_id"]
        token = self._token("kepala_sekolah", ptk_id)
        if token is None:
            self._login("kepala_sekolah", ptk_id)
            return None
        if job["mode"] == "push":
            _, rb = self._send("POST", "/api/push", body=gz, token=token, timeout=120,
                               headers={"Content-Type": "application/json",
                                        "Content-Encoding": "gzip"})
            return dict(json.loads(rb))
        if job["upload_id"] is None:
            st = self._json("POST", "/api/uploads", {
                "idempotency_key": job["key"], "parts": len(job["parts"]), "size": job["size"],
                "sha256": job["sha256"], "content_encoding": "gzip"}, token=token)
            return self._upload_status(job, st)
        if self._checked_upload != job["upload_id"]:
            st = self._json("GET", f"/api/uploads/{job['upload_id']}", None, token=token)
            return self._upload_status(job, st)
        missing = [i for i in range(len(job["parts"])) if i not in set(job["sent"])]
        if missing:
            i = missing[0]
            ps = job["part_size"]
            st = json.loads(self._send("PUT", f"/api/uploads/{job['upload_id']}/parts/{i}",
                                       body=gz[i * ps:(i + 1) * ps], token=token, timeout=60,
                                       headers={"Content-Type": "application/octet-stream"})[1])
            return self._upload_status(job, st)
        return dict(self._json("POST", f"/api/uploads/{job['upload_id']}/commit", None,
                               token=token, timeout=120))

    def _upload_status(self, job: SyncJob, st: dict[str, Any]) -> dict[str, Any] | None:
        job["upload_id"] = st["upload_id"]
        job["sent"] = sorted(int(i) for i in st.get("received") or [])
        self._checked_upload = st["upload_id"]
        return st.get("receipt") if st.get("committed") else None

    def _backoff(self, job: SyncJob, message: str) -> None:
        job["attempt"] = n = int(job.get("attempt") or 0) + 1
        delay = min(BACKOFF_CAP_S, 2.0 ** (n - 1))
        delay = round(delay / 2 + self.rng.uniform(0, delay / 2), 1)
        job.update({"phase": "menunggu", "retry_in_s": delay, "retry_at": None,
                    "next_at": iso(self.clock() + timedelta(seconds=delay)),
                    "message": f"{message} Dicoba lagi dalam {delay:g} detik.",
                    "hint": "Data aman di perangkat; pengiriman dilanjutkan otomatis."})
        self._checked_upload = None  # after a cut, ask the server what it has

    def _problem(self, job: SyncJob, p: RemoteProblem) -> None:
        if p.is_(*TOKEN_REJECTED) and job.get("attempt", 0) < RELOGINS:
            self._drop_token("kepala_sekolah")  # log in again next step (expired token)
            job["attempt"] = int(job.get("attempt") or 0) + 1
            job["phase"], job["message"] = "menyiapkan", "Masuk ulang ke server…"
            return
        if p.is_(P.UPLOAD_TIDAK_DITEMUKAN):
            job["upload_id"], job["sent"] = None, []  # expired on the server: start it again
            job["phase"], job["message"] = "menyiapkan", "Memulai ulang unggahan…"
            return
        if p.is_(P.UPLOAD_BELUM_LENGKAP):
            self._checked_upload = None
            job["phase"], job["message"] = "mengirim", "Melengkapi bagian yang belum diterima…"
            return
        if p.retry:
            if p.retry_after is not None:
                at = self.clock() + timedelta(seconds=p.retry_after)
                what = "Server sedang pemeliharaan" if p.is_(P.PEMELIHARAAN) else "Server sedang sibuk"
                job["attempt"] = int(job.get("attempt") or 0) + 1
                job.update({"phase": "menunggu", "retry_in_s": p.retry_after,
                            "retry_at": iso(at), "next_at": iso(at), "hint": p.hint,
                            "message": f"{what}, dicoba lagi pukul {self._hhmm(at)}"})
                self._checked_upload = None
            else:
                self._backoff(job, p.message + ".")
            return
        findings = p.details.get("findings") if p.is_(P.PUSH_TIDAK_VALID) else None
        self._fail(job, p.message, p.hint, findings)

    def _fail(self, job: SyncJob, message: str, hint: str, findings: list[Any] | None = None) -> None:
        job.update({"phase": "gagal", "message": message, "hint": hint, "findings": findings,
                    "retry_in_s": None, "retry_at": None, "next_at": None,
                    "finished_at": iso(self.clock())})

    async def _got_receipt(self, job: SyncJob, receipt: dict[str, Any]) -> None:
        """Store the receipt (history, then the job), then acknowledge the outbox."""
        now = self.clock()
        conflicts = len(receipt.get("conflicts") or [])
        message = f"Sinkronisasi selesai (nomor kiriman {receipt.get('server_seq')})."
        if conflicts:
            message = (f"Terkirim sebagian (nomor kiriman {receipt.get('server_seq')}): "
                       f"{conflicts} data konflik belum diterima server.")
        job.update({"phase": "selesai", "receipt": receipt, "finished_at": iso(now),
                    "sent": list(range(len(job["parts"]))), "hint": None,
                    "message": message})
        history = [h for h in await self.service.store.meta_get(HISTORY) or []
                   if h.get("idempotency_key") != receipt.get("idempotency_key")]
        entry = {**receipt, "started_at": job["started_at"], "finished_at": job["finished_at"],
                 "principal": job["principal"], "bytes_sent": job.get("bytes_sent"),
                 "requests": job.get("requests"), "clock_skew_s": job.get("clock_skew_s"),
                 "npsn": self.cfg.get("npsn")}
        await self.service.store.meta_put(HISTORY, [entry, *history][:HISTORY_MAX])
        await self._save_job()
        await self._finish()

    async def _finish(self) -> None:
        job = self.job
        assert job is not None and job["receipt"] is not None  # noqa: S101
        receipt = job["receipt"]
        store = self.service.store
        await store.ack_changes(int(job["upto_seq"]))
        at = iso(self.clock())
        found = receipt.get("conflicts") or []
        for c in found:  # not applied on the server: keep them pending
            rec = self.service.data.get(c["type"], {}).get(c["id"])
            if rec is not None:
                await store.put(c["type"], [dump(rec)], [change_entry(c["type"], rec, at)])
        # Every pending record was in this push: what conflicts now is all that remains
        # (resolved conflicts were sent and applied).
        self._note_conflicts(found, replace=True)
        await self._save_conflicts()
        counts = receipt.get("counts") or {}
        applied = sum(int(counts.get(k) or 0) for k in ("created", "updated", "deleted"))
        before = int(self.cfg.get("cursor") or 0)
        if before == int(receipt.get("cursor") or 0) - applied:  # nobody else pushed between
            self.cfg["cursor"] = int(receipt["cursor"])
        elif self.cfg.get("cursor") is None:
            self.cfg["cursor"] = 0  # synced once: later pulls start from the beginning
        # The principal's part ends with the receipt: the computer is the operator's again
        # (sending next time needs Ubah Akses Pengguna again).
        self.cfg["acting"] = OPERATOR.copy()
        self._drop_token("kepala_sekolah")
        await self._save_cfg()
        last = job["finished_at"]
        await store.meta_put("last_sync", last)
        self.service.meta["last_sync"] = last
        job["acked"] = True
        await self._save_job()
        await store.meta_put(PAYLOAD, None)
        self._payload = None
