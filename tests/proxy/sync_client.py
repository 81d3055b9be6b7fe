"""A small test client speaking the sync protocol to a proxy (TestClient or httpx-like)."""

from __future__ import annotations

import gzip
import random
from typing import Any

from pyapp.core.models.gtk import KEPALA
from pyapp.core.snapshot import Snapshot
from pyapp.core.sync import Change, PushRequest, build_push, change_of, changes_of_snapshot
from pyapp.core.sync.compact import pack
from pyapp.core.sync.messages import DATA_FORMAT

_NPSN_RNG = random.Random()

#: GET /api/pull as this app sends it (naming its data format; without it: 409).
PULL = f"/api/pull?format={DATA_FORMAT}"


def new_npsn() -> str:
    return "P" + "".join(_NPSN_RNG.choice("0123456789") for _ in range(7))


def principal_of(snapshot: Snapshot) -> Any:
    kepala = next(t.ptk_id for t in snapshot.records["tugas_tambahan"] if t.jabatan == KEPALA)
    return next(p for p in snapshot.records["ptk"] if p.id == kepala)


def full_changes(snapshot: Snapshot, npsn: str) -> list[Change]:
    """Every record as new, with the school's NPSN set to `npsn`."""
    out = []
    for c in changes_of_snapshot(snapshot):
        if c.type == "sekolah":
            c = c.model_copy(update={"record": {**(c.record or {}), "npsn": npsn}})
        out.append(c)
    return out


class SyncClient:
    def __init__(self, http: Any, npsn: str, code: str, snapshot: Snapshot) -> None:
        self.http = http
        self.npsn = npsn
        self.code = code
        self.snapshot = snapshot
        self.kepala = principal_of(snapshot)
        self.token = ""

    @classmethod
    def register(cls, http: Any, snapshot: Snapshot, role: str = "kepala_sekolah") -> "SyncClient":
        from pyapp.proxy import db, schools

        ctx = http.app.state.ctx
        npsn = new_npsn()
        with db.write_session(ctx.sessions) as s:
            issued = schools.register(s, npsn, "SD Uji " + npsn)
        me = cls(http, npsn, issued.code, snapshot)
        me.login(role)
        return me

    def login(self, role: str = "kepala_sekolah", code: str | None = None) -> Any:
        body = {"npsn": self.npsn, "kode_registrasi": code or self.code, "role": role}
        if role == "kepala_sekolah":
            body["ptk_id"] = self.kepala.id
        r = self.http.post("/api/auth/token", json=body)
        if r.status_code == 200:
            self.token = r.json()["access_token"]
        return r

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def full_push(self, key: str | None = None) -> PushRequest:
        return self.make_push(full_changes(self.snapshot, self.npsn), key=key)

    def make_push(self, changes: list[Change], key: str | None = None) -> PushRequest:
        return build_push(changes, semester_id="20251", ptk_id=self.kepala.id,
                          nama=self.kepala.nama, key=key)

    def send(self, push: PushRequest, gzipped: bool = False, compact: bool = False) -> Any:
        if compact:  # the browser client's form (pyapp.core.sync.compact)
            data = push.model_dump(mode="json")
            body = pack(data, data["changes"])
        else:
            body = push.model_dump_json().encode()
        headers = {**self.headers, "Content-Type": "application/json"}
        if gzipped:
            body = gzip.compress(body)
            headers["Content-Encoding"] = "gzip"
        return self.http.post("/api/push", content=body, headers=headers)

    def pull_all(self, cursor: int | None = None, limit: int = 1000) -> tuple[list[dict[str, Any]], int]:
        out: list[dict[str, Any]] = []
        prefill = cursor is None
        while True:
            params: dict[str, Any] = {"format": DATA_FORMAT, "limit": limit}
            if cursor is not None:
                params.update(cursor=cursor, prefill=prefill)
            r = self.http.get(PULL, params=params, headers=self.headers)
            assert r.status_code == 200, r.text
            page = r.json()
            out.extend(page["changes"])
            cursor = page["next_cursor"]
            if not page["has_more"]:
                return out, cursor


def edit(change_record: Any, **fields: Any) -> Change:
    """A change for an edited record (version bumped, based on its current version)."""
    rec = change_record.model_copy(update={**fields, "version": change_record.version + 1})
    return change_of(rec, base_version=change_record.version)
