"""The sync protocol messages (pydantic), shared by the browser engine and the proxy.

    client                                   proxy
    POST /api/auth/token  TokenRequest   ->  TokenResponse
    POST /api/push        PushRequest    ->  Receipt           (gzip accepted)
    POST /api/uploads     UploadCreate   ->  UploadStatus      (then PUT parts, commit)
    GET  /api/pull?format=&cursor=&limit= -> PullResponse     (no cursor: prefill)

A `Change` carries the record as a plain JSON object: the proxy validates it against the
record model of its `type` (the client is never trusted) and the content hash is computed over
exactly what was sent (see `hashing.content_hash`).

The manifest names the data format its records are in (`format_version`, the snapshot format
of pyapp.core.migration): a code means what that format's rujukan say (format 2's jenis sarana
5 was Papan Tulis, format 3's is Meja TU). The proxy stores only its own format, so it refuses
a push or upload whose manifest names none (an app older than the field) or another one
(`check_format`); the client keeps its changes and sends them after it is updated.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from pyapp.core import types as t
from pyapp.core.migration import CURRENT_VERSION
from pyapp.core.models import RECORD_TYPES, TABS
from pyapp.core.models.base import MAX_VERSION

__all__ = [
    "RecordType", "Op", "Role", "Change", "Manifest", "Confirmation", "PushRequest",
    "ChangeCounts", "Conflict", "Receipt", "PullChange", "PullResponse",
    "TokenRequest", "TokenResponse", "UploadCreate", "UploadStatus",
    "IdempotencyKey", "HASH_PREFIX", "AGREEMENT_VERSION", "DATA_FORMAT", "check_format",
    "check_data_format",
]

RecordType = Literal[tuple(RECORD_TYPES)]  # type: ignore[valid-type]
Tab = Literal[TABS]  # type: ignore[valid-type]
Op = Literal["upsert", "delete"]
Role = Literal["operator", "kepala_sekolah"]
HASH_PREFIX = "sha256:"
#: Version of the Persetujuan Pengiriman Data text the principal agrees to (the engine shows
#: it; a push names it). Bump it whenever the statement's wording changes.
AGREEMENT_VERSION = "2026.1"
#: The data format a push declares in its manifest: the current snapshot format.
DATA_FORMAT: int = CURRENT_VERSION
Sha256 = t.Sha256
IdempotencyKey = t.IdempotencyKey


class _Msg(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Change(_Msg):
    """One record change. `base_version` is the server version the client edited (None for a
    record the client created); `record` is the full record (for delete: optional, its last
    state with deleted=true)."""

    type: RecordType = Field(..., title="Jenis data")  # type: ignore[valid-type]
    id: t.Uuid = Field(..., title="ID data")
    op: Op = Field("upsert", title="Operasi")
    base_version: int | None = Field(None, ge=1, le=MAX_VERSION, title="Versi dasar di server")
    record: dict[str, Any] | None = Field(None, title="Isi data")


class Manifest(_Msg):
    """What the client says it sends: number of changes per tab, the content hash (over the
    changes only, so the format is not part of it) and the data format of the records."""

    counts: dict[Tab, int] = Field(default_factory=dict, title="Jumlah perubahan per tab")
    content_hash: t.Sha256 = Field(..., title="Hash isi (hashing.content_hash)")
    format_version: int | None = Field(
        None, ge=1, le=10_000, title="Versi format data",
        description="Versi format snapshot yang dipakai kode-kode rujukan dalam kiriman "
                    "(DATA_FORMAT). Kosong: aplikasi lama, ditolak.")


def check_format(manifest: Manifest) -> None:
    """Refuse a push whose records are not in this side's data format (ProblemError)."""
    check_data_format(manifest.format_version, "push")


def check_data_format(got: int | None, what: str) -> None:
    """Refuse a push ("push") or a pull ("pull") from an app of another data format: its codes
    would be read with other meanings (format 3 reuses format 2's jenis sarana numbers)."""
    if got == DATA_FORMAT:
        return
    from pyapp.core.problems import ProblemError

    if got is not None and got > DATA_FORMAT:
        raise ProblemError(f"{what}.format_baru", got=got, expected=DATA_FORMAT)
    raise ProblemError(f"{what}.format_lama", got="tidak disebut" if got is None else got,
                       expected=DATA_FORMAT)


class Confirmation(_Msg):
    """The principal's sign-off (Lembar Konfirmasi + Persetujuan Pengiriman Data)."""

    ptk_id: t.Uuid = Field(..., title="ID GTK kepala sekolah")
    nama: str = Field(..., min_length=1, max_length=100, title="Nama kepala sekolah")
    confirmed_at: AwareDatetime = Field(..., title="Waktu konfirmasi")
    items: list[str] = Field(default_factory=list, max_length=200, title="Butir yang dicentang")
    agreement_version: str = Field(..., min_length=1, max_length=40, title="Versi teks persetujuan")
    payload_hash: t.Sha256 = Field(..., title="Hash isi yang dikonfirmasi (= manifest.content_hash)")


class PushRequest(_Msg):
    idempotency_key: t.IdempotencyKey = Field(..., title="Kunci idempotensi")
    semester_id: t.SemesterId = Field(..., title="Semester aktif")
    base_cursor: int | None = Field(None, ge=0, title="Kursor tarik terakhir yang diketahui klien")
    changes: list[Change] = Field(default_factory=list, title="Perubahan")
    manifest: Manifest
    confirmation: Confirmation


class ChangeCounts(_Msg):
    created: int = 0
    updated: int = 0
    deleted: int = 0
    conflict: int = 0


class Conflict(_Msg):
    """A change not applied: the server's record moved past the client's base version. The
    server's record comes with it, so the client can show both sides field by field and send
    the operator's choice back as an ordinary change based on `server_version`."""

    type: RecordType  # type: ignore[valid-type]
    id: t.Uuid
    base_version: int | None
    server_version: int
    server_deleted: bool = False
    server_record: dict[str, Any] | None = Field(None, title="Data di server saat ini")


class Receipt(_Msg):
    idempotency_key: str
    server_seq: int = Field(..., title="Nomor urut pengiriman sekolah di server")
    cursor: int = Field(..., title="Kursor tarik setelah pengiriman ini")
    counts: ChangeCounts
    tabs: dict[str, ChangeCounts] = Field(default_factory=dict, title="Jumlah per tab")
    conflicts: list[Conflict] = Field(default_factory=list)
    content_hash: str
    received_at: datetime
    principal_basis: Literal["server", "kiriman"] | None = Field(
        None, title="Dasar pemeriksaan kepala sekolah",
        description="server: data sekolah di server; kiriman: kiriman pertama sekolah (server "
                    "belum punya data), diperiksa dari data dalam kiriman itu")


class PullChange(_Msg):
    type: RecordType  # type: ignore[valid-type]
    id: t.Uuid
    version: int
    deleted: bool
    record: dict[str, Any]


class PullResponse(_Msg):
    changes: list[PullChange]
    next_cursor: int = Field(..., title="Kursor untuk tarikan berikutnya")
    has_more: bool
    server_seq: int = Field(..., title="Nomor pengiriman terakhir yang diterima")


class TokenRequest(_Msg):
    npsn: t.Npsn
    kode_registrasi: str = Field(..., min_length=1, max_length=64)
    role: Role
    ptk_id: t.Uuid | None = Field(None, title="ID GTK kepala sekolah (wajib untuk kepala_sekolah)")


class TokenResponse(_Msg):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int
    role: Role
    npsn: str
    principal_basis: Literal["server"] | None = Field(
        None, title="Kepala sekolah diperiksa dari data server",
        description="null untuk operator, atau bila server belum punya data sekolah (kiriman "
                    "pertama diperiksa dari datanya sendiri)")


class UploadCreate(_Msg):
    """Announce a push sent in parts: the parts concatenated are the push body (possibly
    gzip, `content_encoding`) whose sha256 is `sha256`."""

    idempotency_key: t.IdempotencyKey
    parts: int = Field(..., ge=1, le=10_000)
    size: int = Field(..., ge=1)
    sha256: t.Sha256
    content_encoding: Literal["identity", "gzip"] = "identity"


class UploadStatus(_Msg):
    upload_id: str
    idempotency_key: str
    parts: int
    size: int
    received: list[int] = Field(..., title="Bagian yang sudah diterima server")
    missing: list[int] = Field(..., title="Bagian yang belum diterima")
    committed: bool
    receipt: Receipt | None = None
