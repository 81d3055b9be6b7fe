"""Talking to the proxy: one request at a time, its problem documents, and the tokens.

A non-2xx answer becomes a `RemoteProblem` (the proxy's RFC 9457 document, or a generic one
when something else answered, e.g. a reverse proxy's 502 page); no answer at all is
`NetworkError`. Both become the engine's one failure shape in `reply()`.
"""

from __future__ import annotations

import json
from datetime import timedelta
from email.utils import parsedate_to_datetime
from typing import Any

from pyapp.core import problems
from pyapp.core.problems import Problem
from pyapp.engine import _problems as P
from pyapp.engine._time import iso, parse_iso
from pyapp.engine.sync.state import OPERATOR, SyncBase, Token

__all__ = ["RemoteProblem", "Transport", "TOKEN_REJECTED"]

#: the proxy refused the token: log in afresh (e.g. the kode was reset)
TOKEN_REJECTED = (P.TOKEN_TIDAK_SAH, P.TOKEN_TIDAK_ADA)
TOKEN_MARGIN_S = 60


class RemoteProblem(Exception):
    """A non-2xx answer from the proxy, parsed from its problem+json (or a generic one)."""

    def __init__(self, status: int, headers: dict[str, str], body: bytes) -> None:
        try:
            doc = json.loads(body.decode("utf-8")) if body else {}
        except (ValueError, UnicodeDecodeError):
            doc = {}
        doc = doc if isinstance(doc, dict) else {}
        self.status = status
        self.code = str(doc.get("code") or P.JAWABAN_SERVER.code)
        self.title = str(doc.get("title") or P.JAWABAN_SERVER.title)
        generic = "" if doc.get("code") else P.JAWABAN_SERVER.render({"status": status})
        self.detail = str(doc.get("detail") or generic)
        self.hint = str(doc.get("hint") or P.JAWABAN_SERVER.hint)
        self.details: dict[str, Any] = doc["details"] if isinstance(doc.get("details"), dict) else {}
        self.retry = bool(doc.get("retry")) or status >= 500 or status == 429
        raw = headers.get("retry-after") or self.details.get("retry_after")
        try:
            self.retry_after: float | None = float(raw) if raw is not None else None
        except (TypeError, ValueError):
            self.retry_after = None
        super().__init__(f"{self.code}: {self.detail}")

    def is_(self, *entries: Problem) -> bool:
        """Is this the proxy's problem of one of these catalogue entries?"""
        return any(self.code == p.code for p in entries)

    @property
    def message(self) -> str:
        return f"{self.title}. {self.detail}" if self.detail else self.title

    def reply(self, **details: Any) -> dict[str, Any]:
        """The engine's failure shape, carrying the proxy's code, message and hint."""
        return problems.failure(self.code, self.message, self.hint,
                                {**self.details, "status": self.status, **details})


class Transport(SyncBase):
    def _url(self, path: str, base: str | None = None) -> str:
        return (base or self.cfg["proxy_url"]).rstrip("/") + path

    def _send(self, method: str, path: str, *, body: bytes | None = None,
              headers: dict[str, str] | None = None, token: str | None = None,
              timeout: float = 30.0, base: str | None = None) -> tuple[dict[str, str], bytes]:
        """One request; 2xx -> (headers, body); otherwise RemoteProblem; no answer ->
        NetworkError."""
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
            raise RemoteProblem(status, rh, rb)
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

    # -- tokens ------------------------------------------------------------------------------
    def _token(self, role: str, ptk_id: str | None = None) -> str | None:
        tok = (self.cfg.get("tokens") or {}).get(role)
        if not tok or (role == "kepala_sekolah" and tok.get("ptk_id") != ptk_id):
            return None
        if parse_iso(tok["exp"]) <= self.clock() + timedelta(seconds=TOKEN_MARGIN_S):
            return None
        return str(tok["token"])

    def _login(self, role: str, ptk_id: str | None = None, kode: str | None = None,
               base: str | None = None, npsn: str | None = None) -> str:
        """POST /api/auth/token (one request); the token is kept in cfg (caller saves)."""
        body: dict[str, str | None] = {"npsn": npsn or self.cfg["npsn"],
                                       "kode_registrasi": kode or self.cfg["kode"], "role": role}
        if role == "kepala_sekolah":
            body["ptk_id"] = ptk_id
        doc = self._json("POST", "/api/auth/token", body, timeout=20, base=base)
        exp = self.clock() + timedelta(seconds=int(doc.get("expires_in") or 0))
        token: Token = {"token": doc["access_token"], "exp": iso(exp), "ptk_id": ptk_id}
        self.cfg.setdefault("tokens", {})[role] = token
        return str(doc["access_token"])

    def _drop_token(self, role: str) -> None:
        (self.cfg.get("tokens") or {}).pop(role, None)

    def _reader_token(self) -> str:
        """A token to pull with (the acting role's; logging in if needed)."""
        acting = self.cfg.get("acting") or OPERATOR
        if acting.get("role") == "kepala_sekolah":
            ptk_id = acting.get("ptk_id")
            return self._token("kepala_sekolah", ptk_id) or self._login("kepala_sekolah", ptk_id)
        return self._token("operator") or self._login("operator")

    def _forget_rejected_tokens(self, p: RemoteProblem) -> None:
        if p.is_(*TOKEN_REJECTED):
            self.cfg["tokens"] = {}  # e.g. the code was reset: log in afresh next time
