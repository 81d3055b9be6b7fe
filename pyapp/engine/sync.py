"""The sync client: registration, roles, Lembar Konfirmasi, a resumable push, Tarik Data.

Pure logic over the EngineService (its store and in-memory school) and an `Http`
(http.py); the same code runs in CPython tests against a real proxy and in the Pyodide worker.

A sync is driven by the UI in short steps because a request blocks the worker: `sync_begin`
freezes the payload (gzip of the PushRequest), `sync_step` makes at most ONE request and
returns the progress. Everything is persisted in the store's meta after every step:

- `sync_config`: proxy URL, NPSN, kode registrasi, acting user, tokens, pull cursor;
- `sync_job`: the sync in progress (idempotency key, the part hashes, the upload id, which
  parts the server has, phase, retry time, receipt);
- `sync_payload`: the exact bytes being sent (base64), so a reopened tab resends the SAME
  bytes under the SAME key (the server's upload status says which parts it has);
- `sync_history`: receipts, newest first.

Nothing is marked sent before the receipt is stored; the outbox is then acknowledged up to
the last change-log seq the push contained (edits made during the upload stay pending).
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import random
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlencode

from pydantic import ValidationError

from pyapp.core.models import RECORD_TYPES
from pyapp.core.snapshot import SchoolInfo, Snapshot
from pyapp.core.sync import (
    DEFAULT_PART_SIZE, Confirmation, Manifest, PushRequest, new_key, split, tab_counts,
)
from pyapp.engine import _outbox as OB
from pyapp.engine.http import Http, NetworkError

__all__ = ["SyncClient", "AGREEMENT_VERSION"]

AGREEMENT_VERSION = OB.AGREEMENT_VERSION
Clock = Callable[[], datetime]

CFG, JOB, PAYLOAD, HISTORY = "sync_config", "sync_job", "sync_payload", "sync_history"
ACTIVE = ("menyiapkan", "mengirim", "memvalidasi", "menunggu")
OPERATOR = {"nama": "Operator Sekolah", "ptk_id": None, "role": "operator"}
BACKOFF_CAP_S = 60.0
TOKEN_MARGIN_S = 60
PULL_LIMIT = 5000
HISTORY_MAX = 100

MSG_NOT_REGISTERED = ("Aplikasi belum terdaftar ke server. Buka Pengaturan → Registrasi dan "
                      "masukkan alamat server, NPSN dan kode registrasi.")
MSG_NOT_KS = ("Hanya Kepala Sekolah yang dapat mengirim data. Buka Pengaturan → Ubah Akses "
              "Pengguna, masukkan kode registrasi dan pilih Kepala Sekolah.")
MSG_OFFLINE = "Tidak dapat tersambung ke server ({error}). Periksa koneksi internet lalu coba lagi."


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def _parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


class _Problem(Exception):
    """A non-2xx answer from the proxy, parsed from its problem+json (or a generic one)."""

    def __init__(self, status: int, headers: dict[str, str], body: bytes) -> None:
        try:
            doc = json.loads(body.decode("utf-8")) if body else {}
        except (ValueError, UnicodeDecodeError):
            doc = {}
        doc = doc if isinstance(doc, dict) else {}
        self.status = status
        self.code = str(doc.get("code") or f"http.{status}")
        self.title = str(doc.get("title") or f"Server menjawab HTTP {status}")
        self.detail = str(doc.get("detail") or "")
        self.hint = str(doc.get("hint") or ("Coba lagi nanti." if status >= 500 else
                                            "Periksa alamat server di Pengaturan."))
        self.details = doc.get("details") if isinstance(doc.get("details"), dict) else {}
        self.retry = bool(doc.get("retry")) or status >= 500 or status == 429
        raw = headers.get("retry-after") or self.details.get("retry_after")
        try:
            self.retry_after: float | None = float(raw) if raw is not None else None
        except (TypeError, ValueError):
            self.retry_after = None
        super().__init__(f"{self.code}: {self.detail}")

    @property
    def message(self) -> str:
        return f"{self.title}. {self.detail}" if self.detail else self.title

    def error(self) -> dict[str, Any]:
        return {"ok": False, "error": self.message, "hint": self.hint, "code": self.code}


class SyncClient:
    def __init__(self, service: Any, http: Http, clock: Clock | None = None,
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
        self.cfg: dict[str, Any] = {}
        self.job: dict[str, Any] | None = None
        self._payload: tuple[str, bytes] | None = None  # (key, bytes) cache
        self._checked_upload: str | None = None  # upload id whose status this process asked
        self._meter: dict[str, Any] | None = None  # the job whose requests are counted
        self._built: tuple[Any, OB.Pending, list[str], str] | None = None  # encoded outbox

    # -- persistence ------------------------------------------------------------------------
    async def _load(self) -> None:
        """Re-read config and job at every call: another tab (or a wipe) may have moved on."""
        await self.service.ensure_open()
        self.cfg = await self.service.store.meta_get(CFG) or {}
        self.job = await self.service.store.meta_get(JOB)

    async def _save_cfg(self) -> None:
        await self.service.store.meta_put(CFG, self.cfg)

    async def _save_job(self) -> None:
        await self.service.store.meta_put(JOB, self.job)

    def _tz(self, req: dict[str, Any]) -> None:
        if isinstance(req.get("tz_offset_min"), int):
            self.cfg["tz_offset_min"] = req["tz_offset_min"]

    def _hhmm(self, moment: datetime) -> str:
        off = self.cfg.get("tz_offset_min")
        local = moment.astimezone(timezone(timedelta(minutes=off))) if isinstance(off, int) \
            else moment.astimezone()
        return local.strftime("%H:%M")

    # -- HTTP -------------------------------------------------------------------------------
    def _url(self, path: str, base: str | None = None) -> str:
        return (base or self.cfg["proxy_url"]).rstrip("/") + path

    def _send(self, method: str, path: str, *, body: bytes | None = None,
              headers: dict[str, str] | None = None, token: str | None = None,
              timeout: float = 30.0, base: str | None = None) -> tuple[dict[str, str], bytes]:
        """One request; 2xx → (headers, body); otherwise _Problem; no answer → NetworkError."""
        hdrs = dict(headers or {})
        if token:
            hdrs["Authorization"] = f"Bearer {token}"
        status, rh, rb = self.http.request(method, self._url(path, base), hdrs, body, timeout)
        meter = self._meter
        if meter is not None:
            meter["requests"] = meter.get("requests", 0) + 1
            meter["bytes_sent"] = meter.get("bytes_sent", 0) + len(body or b"")
            self._skew(rh)
        if not 200 <= status < 300:
            raise _Problem(status, rh, rb)
        return rh, rb

    def _skew(self, headers: dict[str, str]) -> None:
        try:
            server = parsedate_to_datetime(headers["date"])
        except (KeyError, TypeError, ValueError):
            return
        if self._meter is not None:
            self._meter["clock_skew_s"] = round((server - self.clock()).total_seconds())

    def _json(self, method: str, path: str, payload: Any, token: str | None = None,
              timeout: float = 30.0, base: str | None = None) -> Any:
        body = json.dumps(payload).encode() if payload is not None else None
        hdrs = {"Content-Type": "application/json"} if body is not None else {}
        _, rb = self._send(method, path, body=body, headers=hdrs, token=token, timeout=timeout,
                           base=base)
        return json.loads(rb)

    # -- tokens -----------------------------------------------------------------------------
    def _token(self, role: str, ptk_id: str | None = None) -> str | None:
        tok = (self.cfg.get("tokens") or {}).get(role)
        if not tok or (role == "kepala_sekolah" and tok.get("ptk_id") != ptk_id):
            return None
        if _parse_iso(tok["exp"]) <= self.clock() + timedelta(seconds=TOKEN_MARGIN_S):
            return None
        return str(tok["token"])

    def _login(self, role: str, ptk_id: str | None = None, kode: str | None = None,
               base: str | None = None, npsn: str | None = None) -> str:
        """POST /api/auth/token (one request); the token is kept in cfg (caller saves)."""
        body = {"npsn": npsn or self.cfg["npsn"], "kode_registrasi": kode or self.cfg["kode"],
                "role": role}
        if role == "kepala_sekolah":
            body["ptk_id"] = ptk_id
        doc = self._json("POST", "/api/auth/token", body, timeout=20, base=base)
        exp = self.clock() + timedelta(seconds=int(doc.get("expires_in") or 0))
        self.cfg.setdefault("tokens", {})[role] = {"token": doc["access_token"], "exp": _iso(exp),
                                                    "ptk_id": ptk_id}
        return str(doc["access_token"])

    def _drop_token(self, role: str) -> None:
        (self.cfg.get("tokens") or {}).pop(role, None)

    def _reader_token(self) -> str:
        """A token to pull with (the acting role's; logging in if needed)."""
        acting = self.cfg.get("acting") or OPERATOR
        if acting.get("role") == "kepala_sekolah":
            tok = self._token("kepala_sekolah", acting.get("ptk_id"))
            return tok or self._login("kepala_sekolah", acting.get("ptk_id"))
        return self._token("operator") or self._login("operator")

    def _forget_rejected_tokens(self, p: _Problem) -> None:
        if p.code in ("auth.token_tidak_sah", "auth.token_tidak_ada"):
            self.cfg["tokens"] = {}  # e.g. the code was reset: log in afresh next time

    def _registered(self) -> bool:
        return bool(self.cfg.get("proxy_url") and self.cfg.get("npsn") and self.cfg.get("kode"))

    # -- configuration and roles -------------------------------------------------------------
    async def sync_config(self, req: dict[str, Any]) -> dict[str, Any]:
        await self._load()
        if "tz_offset_min" in req:
            self._tz(req)
            await self._save_cfg()
        job = self.job
        return {"ok": True, "proxy_url": self.cfg.get("proxy_url"), "npsn": self.cfg.get("npsn"),
                "registered": self._registered(),
                "role": (self.cfg.get("acting") or {}).get("role") if self._registered() else None,
                "acting": self.cfg.get("acting") if self._registered() else None,
                "last_sync": await self.service.store.meta_get("last_sync"),
                "pending_upload": bool(job and job.get("phase") in ACTIVE)}

    async def register(self, req: dict[str, Any]) -> dict[str, Any]:
        await self._load()
        url = str(req.get("proxy_url") or "").strip().rstrip("/")
        npsn = str(req.get("npsn") or "").strip().upper()
        kode = str(req.get("kode") or "").strip()
        if not url.startswith(("http://", "https://")):
            return {"ok": False, "error": "Alamat server harus diawali http:// atau https://."}
        if len(npsn) != 8 or not npsn.isalnum():
            return {"ok": False, "error": "NPSN harus 8 karakter (angka atau huruf besar)."}
        if not kode:
            return {"ok": False, "error": "Kode registrasi wajib diisi."}
        if self.job and self.job.get("phase") in ACTIVE and npsn != self.cfg.get("npsn"):
            return {"ok": False, "error": "Masih ada sinkronisasi yang belum selesai untuk "
                                          "sekolah lain. Selesaikan dulu."}
        saved = json.loads(json.dumps(self.cfg))
        try:
            token = self._login("operator", kode=kode, base=url, npsn=npsn)
            page = json.loads(self._send("GET", "/api/pull?limit=1", token=token, base=url)[1])
        except NetworkError as exc:
            self.cfg = saved
            return {"ok": False, "error": MSG_OFFLINE.format(error=exc)}
        except _Problem as p:
            self.cfg = saved
            return p.error()
        tokens = self.cfg.get("tokens")
        if url != saved.get("proxy_url") or npsn != saved.get("npsn"):
            self.cfg = {"tz_offset_min": saved.get("tz_offset_min")}
            if self.job and self.job.get("phase") not in ACTIVE:
                self.job = None
                await self._save_job()
        self.cfg.update(proxy_url=url, npsn=npsn, kode=kode, acting=dict(OPERATOR),
                        tokens={"operator": tokens["operator"]})
        await self._save_cfg()
        has = bool(page.get("changes")) or int(page.get("server_seq") or 0) > 0
        nama = None
        for ch in page.get("changes") or []:
            if ch.get("type") == "sekolah":
                nama = (ch.get("record") or {}).get("nama")
        return {"ok": True, "has_server_data": has,
                "school": {"npsn": npsn, "nama": nama} if has else None}

    async def principals(self, req: dict[str, Any]) -> list[dict[str, Any]]:
        await self.service.ensure_open()
        data = self.service.data
        out: dict[str, dict[str, Any]] = {}
        for tt in data["tugas_tambahan"].values():
            ptk = data["ptk"].get(tt.ptk_id)
            if tt.deleted or tt.jabatan not in OB.KS_JABATAN or ptk is None or ptk.deleted:
                continue
            if tt.tst_tambahan is not None and tt.tst_tambahan < self.clock().date():
                continue  # the assignment has ended
            jab = "Kepala Sekolah" if tt.jabatan == OB.KS_JABATAN[0] else "Plt. Kepala Sekolah"
            ident = f"NIP {ptk.nip}" if ptk.nip else f"NUPTK {ptk.nuptk}" if ptk.nuptk else None
            label = f"{ptk.nama} — {jab}" + (f" ({ident})" if ident else "")
            out.setdefault(ptk.id, {"ptk_id": ptk.id, "label": label})
        return sorted(out.values(), key=lambda p: p["label"])

    async def switch_role(self, req: dict[str, Any]) -> dict[str, Any]:
        await self._load()
        if not self._registered():
            return {"ok": False, "error": MSG_NOT_REGISTERED}
        role = req.get("role")
        if role == "operator":
            self.cfg["acting"] = dict(OPERATOR)
            self._drop_token("kepala_sekolah")
            await self._save_cfg()
            return {"ok": True, "acting": self.cfg["acting"]}
        if role != "kepala_sekolah":
            return {"ok": False, "error": "Peran harus 'operator' atau 'kepala_sekolah'."}
        ptk_id, kode = req.get("ptk_id"), str(req.get("kode") or "").strip()
        if not kode:
            return {"ok": False, "error": "Masukkan kode registrasi sekolah."}
        if ptk_id not in {p["ptk_id"] for p in await self.principals({})}:
            return {"ok": False, "error": "Pilih GTK yang memiliki tugas tambahan Kepala Sekolah "
                                          "atau Plt. Kepala Sekolah (tab GTK → Tugas Tambahan)."}
        try:
            self._login("kepala_sekolah", ptk_id, kode=kode)
        except NetworkError as exc:
            return {"ok": False, "error": MSG_OFFLINE.format(error=exc)}
        except _Problem as p:
            return p.error()
        ptk = self.service.data["ptk"][ptk_id]
        self.cfg["kode"] = kode  # the code that works now (a reset by the dinas replaces it)
        self.cfg["acting"] = {"nama": ptk.nama, "ptk_id": ptk_id, "role": "kepala_sekolah"}
        await self._save_cfg()
        return {"ok": True, "acting": self.cfg["acting"]}

    async def health(self, req: dict[str, Any]) -> dict[str, Any]:
        await self._load()
        base = str(req.get("proxy_url") or self.cfg.get("proxy_url") or "")
        if not base:
            return {"ok": True, "online": False, "latency_ms": None}
        t0 = time.perf_counter()
        try:
            status, _, _ = self.http.request("GET", self._url("/api/health", base), {}, None, 3.0)
        except NetworkError:
            return {"ok": True, "online": False, "latency_ms": None}
        ms = round((time.perf_counter() - t0) * 1000)
        return {"ok": True, "online": status == 200, "latency_ms": ms if status == 200 else None}

    # -- what would be sent ------------------------------------------------------------------
    def _ever_synced(self) -> bool:
        return self.cfg.get("cursor") is not None

    async def _pending(self, records: bool = True) -> OB.Pending:
        entries = await self.service.store.changes_since(0)
        return OB.read_outbox(entries, self.service.data, self._ever_synced(), records)

    async def _encoded(self) -> tuple[OB.Pending, list[str], str]:
        """The outbox read and encoded, cached while the change log does not move (every
        write of a record appends to it, so an unchanged log means unchanged changes)."""
        entries = await self.service.store.changes_since(0)
        key = (len(entries), entries[-1]["seq"] if entries else 0, self._ever_synced(),
               id(self.service.data))
        if self._built is None or self._built[0] != key:
            pending = OB.read_outbox(entries, self.service.data, self._ever_synced())
            lines, digest = OB.encode(pending.changes)
            self._built = (key, pending, lines, digest)
        return self._built[1], self._built[2], self._built[3]

    async def pending(self, req: dict[str, Any]) -> dict[str, Any]:
        await self._load()
        p = await self._pending(records=False)
        return {"ok": True, "total": p.total, "tabs": p.tabs}

    def _principal(self) -> Any:
        acting = self.cfg.get("acting") or {}
        if acting.get("role") != "kepala_sekolah":
            return None
        ptk = self.service.data["ptk"].get(acting.get("ptk_id"))
        return ptk if ptk is not None and not ptk.deleted else None

    async def confirmation_sheet(self, req: dict[str, Any]) -> dict[str, Any]:
        await self._load()
        if not self._registered():
            return {"ok": False, "error": MSG_NOT_REGISTERED}
        ptk = self._principal()
        if ptk is None:
            return {"ok": False, "error": MSG_NOT_KS}
        p, _, digest = await self._encoded()
        school = self.service._school_info()
        items = OB.sheet_items(self.service.data, school.get("semester_id"), p)
        tanggal = self.clock().astimezone(timezone.utc).strftime("%d-%m-%Y")
        return {"ok": True, "items": items, "payload_hash": digest,
                "agreement_version": AGREEMENT_VERSION,
                "agreement_text": OB.agreement_text(ptk.nama, ptk.nip, ptk.nuptk,
                                                    school.get("nama") or "",
                                                    self.cfg.get("npsn") or "", tanggal),
                "principal": {"nama": ptk.nama, "nip": ptk.nip, "nuptk": ptk.nuptk}}

    # -- the push, step by step ---------------------------------------------------------------
    async def sync_begin(self, req: dict[str, Any]) -> dict[str, Any]:
        await self._load()
        self._tz(req)
        if not self._registered():
            return {"ok": False, "error": MSG_NOT_REGISTERED}
        if self.job and self.job.get("phase") in ACTIVE:
            return {"ok": False, "error": "Sinkronisasi sebelumnya belum selesai; dilanjutkan.",
                    "state": self._state()}
        ptk = self._principal()
        if ptk is None:
            return {"ok": False, "error": MSG_NOT_KS}
        invalid, _ = await self.service.revalidate()
        if invalid:
            return {"ok": False, "invalid": invalid,
                    "error": f"Sinkronisasi ditolak: masih ada {invalid} temuan invalid. Buka "
                             "Validasi, perbaiki setiap temuan Invalid, lalu coba lagi."}
        school = self.service._school_info()
        if school.get("npsn") and school["npsn"] != self.cfg["npsn"]:
            return {"ok": False, "error": f"NPSN di data sekolah ({school['npsn']}) berbeda dengan "
                                          f"NPSN terdaftar ({self.cfg['npsn']}). Periksa tab Sekolah."}
        sheet = await self.confirmation_sheet({})
        keys = [it["key"] for it in sheet["items"]]
        ticked = req.get("ticked") if isinstance(req.get("ticked"), list) else []
        missing = [k for k in keys if k not in ticked]
        if missing:
            return {"ok": False, "error": f"Centang semua butir Lembar Konfirmasi ({len(missing)} "
                                          "belum dicentang).", "missing": missing}
        if req.get("agreement_version") != AGREEMENT_VERSION:
            return {"ok": False, "error": "Setujui Persetujuan Pengiriman Data versi "
                                          f"{AGREEMENT_VERSION} terlebih dahulu."}
        if req.get("payload_hash") and req["payload_hash"] != sheet["payload_hash"]:
            return {"ok": False, "error": "Data berubah sejak Lembar Konfirmasi dibuka; tampilkan "
                                          "lagi dan centang ulang."}
        pending, lines, digest = await self._encoded()
        now = self.clock()
        key = new_key()
        # The push is validated as a message without its changes, which are spliced in as the
        # canonical lines already hashed (the proxy validates every change anyway).
        push = PushRequest(
            idempotency_key=key, semester_id=school["semester_id"],
            base_cursor=self.cfg.get("cursor"), changes=[],
            manifest=Manifest(counts=tab_counts(pending.changes), content_hash=digest),
            confirmation=Confirmation(ptk_id=ptk.id, nama=ptk.nama, confirmed_at=now,
                                      items=sorted(keys), agreement_version=AGREEMENT_VERSION,
                                      payload_hash=digest))
        head = push.model_dump_json()
        raw = head.replace('"changes":[]', '"changes":[' + ",".join(lines) + "]", 1).encode()
        gz = gzip.compress(raw, compresslevel=6, mtime=0)
        parts = split(gz, self.part_size)
        mode = "push" if len(gz) <= self.single_max else "upload"
        await self.service.store.meta_put(PAYLOAD, {"key": key,
                                                    "b64": base64.b64encode(gz).decode()})
        self._payload = (key, gz)
        self.job = {
            "key": key, "mode": mode, "phase": "menyiapkan", "upto_seq": pending.upto_seq,
            "size": len(gz), "raw_size": len(raw), "sha256": "sha256:" + hashlib.sha256(gz).hexdigest(),
            "part_size": self.part_size, "parts": [hashlib.sha256(p).hexdigest() for p in parts],
            "upload_id": None, "sent": [], "attempt": 0, "next_at": None, "retry_in_s": None,
            "retry_at": None, "message": "Menyiapkan pengiriman…", "hint": None, "findings": None,
            "receipt": None, "acked": False, "started_at": _iso(now), "finished_at": None,
            "requests": 0, "bytes_sent": 0, "changes": len(pending.changes),
            "principal": {"ptk_id": ptk.id, "nama": ptk.nama}, "counts": push.manifest.counts,
        }
        await self._save_job()
        return {"ok": True, "state": self._state()}

    def _state(self) -> dict[str, Any] | None:
        job = self.job
        if job is None:
            return None
        total = len(job["parts"]) if job["mode"] == "upload" else 1
        sent = total if job["phase"] == "selesai" else \
            len(job["sent"]) if job["mode"] == "upload" else 0
        retry_in = job.get("retry_in_s")
        if job["phase"] == "menunggu" and job.get("next_at"):
            retry_in = max(0.0, round((_parse_iso(job["next_at"]) - self.clock()).total_seconds(), 1))
        return {"phase": job["phase"], "sent": sent, "total": total,
                "retry_in_s": retry_in if job["phase"] == "menunggu" else None,
                "retry_at": job.get("retry_at") if job["phase"] == "menunggu" else None,
                "message": job.get("message") or "", "hint": job.get("hint"),
                "receipt": job.get("receipt"), "findings": job.get("findings")}

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
            return {"ok": False, "error": "Belum ada sinkronisasi yang dimulai.", "state": None}
        if job["phase"] == "selesai":
            if not job.get("acked"):
                await self._finish()
            return {"ok": True, "state": self._state()}
        if job["phase"] == "gagal":
            return {"ok": True, "state": self._state()}
        if job["phase"] == "menunggu" and job.get("next_at") and not req.get("now") \
                and self.clock() < _parse_iso(job["next_at"]):
            return {"ok": True, "state": self._state()}  # not yet: no request
        try:
            gz = await self._body()
        except ValueError as exc:
            self._fail(str(exc), "Mulai sinkronisasi lagi dari awal.")
            await self._save_job()
            return {"ok": True, "state": self._state()}
        self._meter = job
        try:
            receipt = self._advance(job, gz)
            job["attempt"] = 0
            job["retry_at"] = job["next_at"] = job["retry_in_s"] = None
            if receipt is not None:
                await self._got_receipt(receipt)
            else:
                job["phase"] = self._next_phase(job)
                job["message"] = self._phase_message(job)
        except NetworkError as exc:
            self._backoff(f"Sambungan ke server terputus ({exc}).")
        except _Problem as p:
            self._problem(p)
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

    async def _body(self) -> bytes:
        job = self.job
        assert job is not None  # noqa: S101
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

    def _next_phase(self, job: dict[str, Any]) -> str:
        if not self._token("kepala_sekolah", job["principal"]["ptk_id"]):
            return "menyiapkan"
        if job["mode"] == "push":
            return "mengirim"
        if job["upload_id"] is None:
            return "menyiapkan"
        return "mengirim" if len(job["sent"]) < len(job["parts"]) else "memvalidasi"

    @staticmethod
    def _phase_message(job: dict[str, Any]) -> str:
        phase = job["phase"]
        if phase == "mengirim":
            total = len(job["parts"]) if job["mode"] == "upload" else 1
            return f"Mengirim data ({len(job['sent'])}/{total})…"
        if phase == "memvalidasi":
            return "Memvalidasi di server…"
        return "Menyiapkan pengiriman…"

    def _advance(self, job: dict[str, Any], gz: bytes) -> dict[str, Any] | None:
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

    def _upload_status(self, job: dict[str, Any], st: dict[str, Any]) -> dict[str, Any] | None:
        job["upload_id"] = st["upload_id"]
        job["sent"] = sorted(int(i) for i in st.get("received") or [])
        self._checked_upload = st["upload_id"]
        return st.get("receipt") if st.get("committed") else None

    def _backoff(self, message: str) -> None:
        job = self.job
        assert job is not None  # noqa: S101
        job["attempt"] = n = int(job.get("attempt") or 0) + 1
        delay = min(BACKOFF_CAP_S, 2.0 ** (n - 1))
        delay = round(delay / 2 + self.rng.uniform(0, delay / 2), 1)
        job.update(phase="menunggu", retry_in_s=delay, retry_at=None,
                   next_at=_iso(self.clock() + timedelta(seconds=delay)),
                   message=f"{message} Dicoba lagi dalam {delay:g} detik.",
                   hint="Data aman di perangkat; pengiriman dilanjutkan otomatis.")
        self._checked_upload = None  # after a cut, ask the server what it has

    def _problem(self, p: _Problem) -> None:
        job = self.job
        assert job is not None  # noqa: S101
        if p.code in ("auth.token_tidak_sah", "auth.token_tidak_ada") and job.get("attempt", 0) < 3:
            self._drop_token("kepala_sekolah")  # log in again next step (expired token)
            job["attempt"] = int(job.get("attempt") or 0) + 1
            job["phase"], job["message"] = "menyiapkan", "Masuk ulang ke server…"
            return
        if p.code == "upload.tidak_ditemukan":
            job["upload_id"], job["sent"] = None, []  # expired on the server: start it again
            job["phase"], job["message"] = "menyiapkan", "Memulai ulang unggahan…"
            return
        if p.code == "upload.belum_lengkap":
            self._checked_upload = None
            job["phase"], job["message"] = "mengirim", "Melengkapi bagian yang belum diterima…"
            return
        if p.retry:
            if p.retry_after is not None:
                at = self.clock() + timedelta(seconds=p.retry_after)
                what = ("Server sedang pemeliharaan" if p.code == "server.pemeliharaan"
                        else "Server sedang sibuk")
                job["attempt"] = int(job.get("attempt") or 0) + 1
                job.update(phase="menunggu", retry_in_s=p.retry_after, retry_at=_iso(at),
                           next_at=_iso(at), hint=p.hint,
                           message=f"{what}, dicoba lagi pukul {self._hhmm(at)}")
                self._checked_upload = None
            else:
                self._backoff(p.message + ".")
            return
        findings = p.details.get("findings") if p.code == "push.tidak_valid" else None
        self._fail(p.message, p.hint, findings)

    def _fail(self, message: str, hint: str, findings: list[Any] | None = None) -> None:
        job = self.job
        assert job is not None  # noqa: S101
        job.update(phase="gagal", message=message, hint=hint, findings=findings,
                   retry_in_s=None, retry_at=None, next_at=None, finished_at=_iso(self.clock()))

    async def _got_receipt(self, receipt: dict[str, Any]) -> None:
        """Store the receipt (history, then the job), then acknowledge the outbox."""
        job = self.job
        assert job is not None  # noqa: S101
        now = self.clock()
        job.update(phase="selesai", receipt=receipt, finished_at=_iso(now),
                   sent=list(range(len(job["parts"]))),
                   message=f"Sinkronisasi selesai (nomor kiriman {receipt.get('server_seq')}).",
                   hint=None)
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
        for c in receipt.get("conflicts") or []:  # not applied on the server: keep them pending
            rec = self.service.data.get(c["type"], {}).get(c["id"])
            if rec is not None:
                await store.put(c["type"], [rec.model_dump(mode="json", exclude_none=True)],
                                [{"type": c["type"], "id": rec.id, "version": rec.version,
                                  "op": "delete" if rec.deleted else "upsert",
                                  "at": _iso(self.clock())}])
        counts = receipt.get("counts") or {}
        applied = sum(int(counts.get(k) or 0) for k in ("created", "updated", "deleted"))
        before = int(self.cfg.get("cursor") or 0)
        if before == int(receipt.get("cursor") or 0) - applied:  # nobody else pushed between
            self.cfg["cursor"] = int(receipt["cursor"])
        elif self.cfg.get("cursor") is None:
            self.cfg["cursor"] = 0  # synced once: later pulls start from the beginning
        await self._save_cfg()
        last = job["finished_at"]
        await store.meta_put("last_sync", last)
        self.service.meta["last_sync"] = last
        job["acked"] = True
        await self._save_job()
        await store.meta_put(PAYLOAD, None)
        self._payload = None

    # -- pulling ---------------------------------------------------------------------------
    def _pages(self, cursor: int | None) -> Any:
        """Yield pull pages from `cursor` (None: the prefill)."""
        token = self._reader_token()
        prefill = cursor is None
        while True:
            q: dict[str, Any] = {"limit": PULL_LIMIT}
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
            return {"ok": False, "error": MSG_NOT_REGISTERED}
        if self.job and self.job.get("phase") in ACTIVE:
            return {"ok": False, "error": "Ada sinkronisasi yang belum selesai; selesaikan dulu."}
        pending = await self._pending(records=False)
        if pending.total and not req.get("force"):
            return {"ok": False, "pending": pending.total,
                    "error": f"Ada {pending.total} perubahan lokal yang belum dikirim; data awal "
                             "dari server akan menimpanya. Kirim dulu, atau ulangi dengan force."}
        records: dict[str, list[Any]] = {t: [] for t in RECORD_TYPES}
        cursor = None
        try:
            for page in self._pages(None):
                for ch in page["changes"]:
                    if not ch.get("deleted"):
                        records[ch["type"]].append(ch["record"])
                cursor = int(page["next_cursor"])
        except NetworkError as exc:
            return {"ok": False, "error": MSG_OFFLINE.format(error=exc)}
        except _Problem as p:
            self._forget_rejected_tokens(p)
            return p.error()
        finally:
            await self._save_cfg()
        sekolah = records["sekolah"][0] if records["sekolah"] else {}
        # The active semester is not in a pull: the latest one the school's data is about.
        semesters = [r.get("semester_id") for t in ("sekolah_periodik", "rombel")
                     for r in records[t] if r.get("semester_id")]
        semester = max(semesters) if semesters else self.service._school_info().get("semester_id")
        info = SchoolInfo(npsn=self.cfg["npsn"], nama=sekolah.get("nama") or self.cfg["npsn"],
                          semester_id=semester, sekolah_id=sekolah.get("id"),
                          bentuk_pendidikan=sekolah.get("bentuk_pendidikan"),
                          kode_wilayah=sekolah.get("kode_wilayah"))
        try:
            snap = Snapshot.model_validate({"created_at": self.clock(), "generator": "prefill",
                                            "school": info.model_dump(), "records": records})
        except ValidationError as exc:
            return {"ok": False, "error": f"Data dari server tidak dapat dibaca: {exc.errors()[0]}"}
        result: dict[str, Any] = await self.service.replace_from_server(snap)
        if not result.get("ok"):
            return result
        self.cfg["cursor"] = cursor
        await self._save_cfg()
        self.job = None
        await self._save_job()
        return {"ok": True, "counts": result["counts"]}

    async def tarik_data(self, req: dict[str, Any]) -> dict[str, Any]:
        await self._load()
        if not self._registered():
            return {"ok": False, "error": MSG_NOT_REGISTERED}
        pending = await self._pending(records=False)
        applied, conflicts, skipped = 0, [], 0
        cursor = int(self.cfg.get("cursor") or 0)
        try:
            for page in self._pages(cursor):
                batch = []
                for ch in page["changes"]:
                    tname, rid, version = ch["type"], ch["id"], int(ch["version"])
                    local = self.service.data[tname].get(rid)
                    first = pending.first_version.get(rid)
                    if first is not None:
                        if version > first - 1:  # the server moved past what we edited
                            label = self.service.display_label(tname, local) if local else rid
                            conflicts.append({"type": tname, "id": rid, "label": label})
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
            return {"ok": False, "error": MSG_OFFLINE.format(error=exc), "applied": applied}
        except _Problem as p:
            self._forget_rejected_tokens(p)
            await self._save_cfg()
            return {**p.error(), "applied": applied}
        out: dict[str, Any] = {"ok": True, "applied": applied, "conflicts": conflicts}
        if skipped:
            out["skipped"] = skipped
        return out
