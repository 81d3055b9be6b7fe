"""This computer's standing with the proxy: registration (NPSN + kode registrasi), the
acting user (operator, or the Kepala Sekolah after Ubah Akses Pengguna), and the
connection status."""

from __future__ import annotations

import json
import time
from typing import Any

from pyapp.core.models.gtk import KEPALA, KS_JABATAN
from pyapp.core.sync.messages import DATA_FORMAT
from pyapp.core.sync.principal import PRINCIPAL_TYPES, why_not
from pyapp.engine import _problems as P
from pyapp.engine.http import NetworkError
from pyapp.engine.sync.state import OPERATOR, SyncConfig
from pyapp.engine.sync.transport import RemoteProblem, Transport

__all__ = ["Account"]

HEALTH_TIMEOUT_S = 3.0


class Account(Transport):
    async def sync_config(self, req: dict[str, Any]) -> dict[str, Any]:
        await self._load()
        if "tz_offset_min" in req:
            self._tz(req)
            await self._save_cfg()
        registered = self._registered()
        acting = self.cfg.get("acting") if registered else None
        return {"ok": True, "proxy_url": self.cfg.get("proxy_url"), "npsn": self.cfg.get("npsn"),
                "registered": registered, "role": acting["role"] if acting else None,
                "acting": acting, "last_sync": await self.service.store.meta_get("last_sync"),
                "pending_upload": self._active()}

    async def register(self, req: dict[str, Any]) -> dict[str, Any]:
        await self._load()
        url = str(req.get("proxy_url") or "").strip().rstrip("/")
        npsn = str(req.get("npsn") or "").strip().upper()
        kode = str(req.get("kode") or "").strip()
        if not url.startswith(("http://", "https://")):
            raise P.ISIAN_REGISTRASI.error(field="proxy_url", reason="Alamat server harus diawali "
                                                                   "http:// atau https://.")
        if len(npsn) != 8 or not npsn.isalnum():
            raise P.ISIAN_REGISTRASI.error(field="npsn", reason="NPSN harus 8 karakter (angka atau "
                                                              "huruf besar).")
        if not kode:
            raise P.ISIAN_REGISTRASI.error(field="kode", reason="Kode registrasi wajib diisi.")
        if self._active() and npsn != self.cfg.get("npsn"):
            raise P.SEDANG_BERJALAN.error()
        saved: SyncConfig = json.loads(json.dumps(self.cfg))
        try:
            token = self._login("operator", kode=kode, base=url, npsn=npsn)
            page = json.loads(self._send("GET", f"/api/pull?format={DATA_FORMAT}&limit=1",
                                         token=token, base=url)[1])
        except NetworkError as exc:
            self.cfg = saved
            raise P.TIDAK_TERSAMBUNG.error(error=str(exc)) from exc
        except RemoteProblem:
            self.cfg = saved
            raise
        tokens = self.cfg.get("tokens") or {}
        if url != saved.get("proxy_url") or npsn != saved.get("npsn"):
            self.cfg = {"tz_offset_min": saved.get("tz_offset_min")}
            if self.job and not self._active():
                self.job = None
                await self._save_job()
        self.cfg.update({"proxy_url": url, "npsn": npsn, "kode": kode, "acting": OPERATOR.copy(),
                         "tokens": {"operator": tokens["operator"]}})
        await self._save_cfg()
        has = bool(page.get("changes")) or int(page.get("server_seq") or 0) > 0
        nama = None
        for ch in page.get("changes") or []:
            if ch.get("type") == "sekolah":
                nama = (ch.get("record") or {}).get("nama")
        return {"ok": True, "has_server_data": has,
                "school": {"npsn": npsn, "nama": nama} if has else None}

    async def principals(self, req: dict[str, Any]) -> list[dict[str, Any]]:
        """The GTK who may act as Kepala Sekolah today: the same rule the proxy applies
        (an active KS or Plt. KS tugas tambahan and an active penugasan; core.sync.principal)."""
        await self.service.ensure_open()
        data = self.service.data
        today = self.clock().date()
        out: dict[str, dict[str, Any]] = {}
        for tt in data["tugas_tambahan"].values():
            ptk = data["ptk"].get(tt.ptk_id)
            if tt.deleted or tt.jabatan not in KS_JABATAN or ptk is None or ptk.id in out:
                continue
            own = [(t, r.model_dump(mode="json")) for t in PRINCIPAL_TYPES
                   for r in data[t].values() if r.id == ptk.id or getattr(r, "ptk_id", None) == ptk.id]
            if why_not(ptk.id, own, today) is not None:
                continue  # ended, not started, or no active penugasan
            jab = "Kepala Sekolah" if tt.jabatan == KEPALA else "Plt. Kepala Sekolah"
            ident = f"NIP {ptk.nip}" if ptk.nip else f"NUPTK {ptk.nuptk}" if ptk.nuptk else None
            label = f"{ptk.nama} — {jab}" + (f" ({ident})" if ident else "")
            out[ptk.id] = {"ptk_id": ptk.id, "label": label}
        return sorted(out.values(), key=lambda p: p["label"])

    async def switch_role(self, req: dict[str, Any]) -> dict[str, Any]:
        await self._load()
        if not self._registered():
            raise P.BELUM_TERDAFTAR.error(open="sinkronisasi")
        role = req.get("role")
        if role == "operator":
            self.cfg["acting"] = OPERATOR.copy()
            self._drop_token("kepala_sekolah")
            await self._save_cfg()
            return {"ok": True, "acting": self.cfg["acting"]}
        if role != "kepala_sekolah":
            raise P.PERAN_SALAH.error()
        ptk_id, kode = str(req.get("ptk_id") or ""), str(req.get("kode") or "").strip()
        if not kode:
            raise P.KODE_KOSONG.error()
        if ptk_id not in {p["ptk_id"] for p in await self.principals({})}:
            raise P.BUKAN_CALON_KEPALA.error()
        try:
            self._login("kepala_sekolah", ptk_id, kode=kode)
        except NetworkError as exc:
            raise P.TIDAK_TERSAMBUNG.error(error=str(exc)) from exc
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
            status, _, _ = self.http.request("GET", self._url("/api/health", base), {}, None,
                                             HEALTH_TIMEOUT_S)
        except NetworkError:
            return {"ok": True, "online": False, "latency_ms": None}
        ms = round((time.perf_counter() - t0) * 1000)
        return {"ok": True, "online": status == 200, "latency_ms": ms if status == 200 else None}
