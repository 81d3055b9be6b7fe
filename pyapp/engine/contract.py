"""THE contract between the UI and the engine: every call the UI may make, with its handler,
its request model and its reply type (the reply types: engine/replies.py).
`docs/engine-api.md` is generated from this table
(`python -m pyapp engine-api --check`), and a test fails when the UI calls a name that is
not here.

Every call takes one JSON object and answers one JSON value. The request is validated
against its model first (a bad request never reaches the handler); a call that fails
answers `{"ok": false, "code", "message", "hint", "details"}` (pyapp.core.problems.failure),
whatever went wrong: the catalogue's problems (docs/problems.md), a proxy problem passed
through, or an unexpected exception (engine.kesalahan).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from pyapp.engine.replies import (
    Failure, Ok, OpenReply, ListReply, RecordReply, SaveReply, DeleteReply, SummaryReply,
    FindingsReply, BackupReply, PreviewReply, ReplaceReply, DashboardReply, RelatedReply,
    MembersReply, MoveReply, NaikKelasReply, FileReply, ImportPreviewReply, ImportCommitReply,
    ConfigReply, RegisterReply, ActingReply, HealthReply, PendingReply, SheetReply, StateReply,
    PullReply, ConflictsReply, ResolveReply, CountsReply,
)
from pyapp.engine.service import EngineService
from pyapp.engine.sync import SyncClient

__all__ = ["Call", "CALLS", "BY_NAME", "Failure"]


# -- requests -----------------------------------------------------------------------------------
class Request(BaseModel):
    """Unknown keys are ignored (an older UI may send more); known ones must have their type."""

    model_config = ConfigDict(extra="ignore")


class NoRequest(Request):
    """The call takes no parameters (an empty object)."""


class OpenRequest(Request):
    base_url: str | None = Field(None, description="the app's own address (for its data files)")
    reload: bool = Field(False, description="read the store again")


class TypeRequest(Request):
    type: str = Field(..., description="a record type (record_types)")


class ListRequest(TypeRequest):
    q: str | None = Field("", description="search text (label and search fields)")
    offset: int | None = Field(0, ge=0)
    limit: int | None = Field(50, ge=0, description="page size, at most 1000")
    filter: dict[str, Any] | None = Field(None, description="field -> value, all must match")
    only: Literal["invalid", "warning"] | None = Field(
        None, description="only records with findings of that severity")
    sort: str | None = Field(None, description="a column's name (or label); default the label")
    desc: bool = Field(False, description="descending")


class OptionsRequest(TypeRequest):
    q: str | None = ""
    limit: int | None = Field(50, ge=0)
    filter: dict[str, Any] | None = None


class RecordRequest(TypeRequest):
    id: str | None = Field(None, description="the record's id")


class SaveRequest(TypeRequest):
    record: dict[str, Any] | None = Field(None, description="the form's values; no id: a new record")


class DeleteRequest(RecordRequest):
    cascade: bool = Field(False, description="also delete what belongs to it (after asking)")


class FindingsRequest(Request):
    tab: str | None = None
    severity: Literal["invalid", "warning"] | None = None
    record_type: str | None = None
    record_id: str | None = None
    offset: int | None = Field(0, ge=0)
    limit: int | None = Field(100, ge=0)


class RestoreRequest(Request):
    text: str | None = Field(None, description="the backup file's text")
    filename: str | None = "cadangan.json"


class SampleRequest(Request):
    preset: str | None = Field("small", description="small, medium or large")
    seed: int | None = 1
    errors: int | None = Field(0, ge=0, description="mistakes to inject")
    base_url: str | None = None


class WipeRequest(Request):
    confirm: str | None = Field(None, description="must be HAPUS")


class WilayahRequest(Request):
    level: str | None = Field(None, description="provinsi, kabupaten, kecamatan or desa")
    parent: str | None = Field("", description="the parent's dotted code")
    base_url: str | None = None


class RombelRequest(Request):
    rombel_id: str | None = None


class MoveRequest(Request):
    anggota_rombel_id: str = Field(..., description="the membership that moves")
    rombel_id: str = Field(..., description="the target rombel (same tingkat and semester)")
    drop: bool = Field(False, description="delete the nilai that cannot be carried (after asking)")


class NaikKelasRequest(Request):
    rombel_id: str = Field(..., description="the rombel of this year")
    target_id: str = Field(..., description="a rombel of the next tingkat, in a later semester")
    anggota_ids: list[str] | None = Field(None, description="only these members (default all)")


class ImportRequest(TypeRequest):
    content_b64: str = Field(..., description="the xlsx file's bytes, base64")
    filename: str | None = Field("berkas.xlsx", description="shown in messages")


class TokenRequest(Request):
    token: str = Field(..., description="the preview's token")


class TzRequest(Request):
    tz_offset_min: int | None = Field(None, description="the browser's offset from UTC")


class RegisterRequest(Request):
    proxy_url: str | None = None
    npsn: str | None = None
    kode: str | None = None


class PrefillRequest(Request):
    force: bool = Field(False, description="replace unsent local changes too")


class SwitchRoleRequest(Request):
    role: str | None = Field(None, description="operator or kepala_sekolah")
    ptk_id: str | None = None
    kode: str | None = None


class HealthRequest(Request):
    proxy_url: str | None = None


class SyncBeginRequest(TzRequest):
    ticked: list[str] | None = Field(None, description="keys of the ticked sheet items")
    agreement_version: str | None = None
    payload_hash: str | None = Field(None, description="the sheet's payload_hash")


class ResolveRequest(Request):
    id: str = Field(..., description="the conflicting record's id")
    keep: Literal["local", "server"] = Field("local", description="the side kept for the record")
    fields: dict[str, Literal["local", "server"]] | None = Field(
        None, description="field -> side, for fields decided one by one")


class SyncStepRequest(TzRequest):
    now: bool = Field(False, description="do not wait for the retry time")


# -- the table ----------------------------------------------------------------------------------
Handler = Callable[[Any, dict[str, Any]], Awaitable[Any]]


@dataclass(frozen=True)
class Call:
    name: str
    handler: Handler
    request: type[Request]
    reply: Any
    #: which object answers: the engine service, or the sync client over it
    target: Literal["service", "sync"] = "service"
    #: the on-demand wheels it needs (vendor.lock.json "group"), installed at the first
    #: such call: "http" (the sync client's HTTP stack) or "excel" (openpyxl)
    packages: Literal["http", "excel"] | None = None

    @property
    def doc(self) -> str:
        return (self.handler.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")


def _s(name: str, handler: Handler, request: type[Request], reply: Any) -> Call:
    return Call(name, handler, request, reply)


def _x(name: str, handler: Handler, request: type[Request], reply: Any,
       target: Literal["service", "sync"] = "service") -> Call:
    """A call that needs openpyxl (Excel files)."""
    return Call(name, handler, request, reply, target, "excel")


def _y(name: str, handler: Handler, request: type[Request], reply: Any,
       network: bool = True) -> Call:
    return Call(name, handler, request, reply, "sync", "http" if network else None)


S, Y = EngineService, SyncClient
CALLS: tuple[Call, ...] = (
    _s("open", S.open, OpenRequest, OpenReply),
    _s("record_types", S.record_types, NoRequest, list[dict[str, str]]),
    _s("form_meta", S.form_meta, TypeRequest, dict[str, Any]),
    _s("list", S.list, ListRequest, ListReply),
    _s("options", S.options, OptionsRequest, list[dict[str, str]]),
    _s("get", S.get, RecordRequest, RecordReply),
    _s("save", S.save, SaveRequest, SaveReply),
    _s("delete", S.delete, DeleteRequest, DeleteReply),
    _s("summary", S.summary, NoRequest, SummaryReply),
    _s("findings", S.findings, FindingsRequest, FindingsReply),
    _s("dashboard", S.dashboard, NoRequest, DashboardReply),
    _s("related", S.related, RecordRequest, RelatedReply),
    _s("rombel_members", S.rombel_members, RombelRequest, MembersReply),
    _s("move_member", S.move_member, MoveRequest, MoveReply),
    _s("naik_kelas", S.naik_kelas, NaikKelasRequest, NaikKelasReply),
    _s("export_backup", S.export_backup, NoRequest, BackupReply),
    _s("replace_preview", S.replace_preview, NoRequest, PreviewReply),
    _s("restore_backup", S.restore_backup, RestoreRequest, ReplaceReply),
    _s("load_sample", S.load_sample, SampleRequest, ReplaceReply),
    _s("wipe", S.wipe, WipeRequest, Ok),
    _s("wilayah", S.wilayah, WilayahRequest, list[dict[str, Any]]),
    _x("list_xlsx", S.list_xlsx, ListRequest, FileReply),
    _x("findings_xlsx", S.findings_xlsx, FindingsRequest, FileReply),
    _x("import_template", S.import_template, TypeRequest, FileReply),
    _x("import_preview", S.import_preview, ImportRequest, ImportPreviewReply),
    _s("import_commit", S.import_commit, TokenRequest, ImportCommitReply),
    _s("import_cancel", S.import_cancel, NoRequest, Ok),
    _x("confirmation_xlsx", Y.confirmation_xlsx, NoRequest, FileReply, "sync"),
    _y("sync_config", Y.sync_config, TzRequest, ConfigReply, network=False),
    _y("register", Y.register, RegisterRequest, RegisterReply),
    _y("prefill", Y.prefill, PrefillRequest, CountsReply),
    _y("principals", Y.principals, NoRequest, list[dict[str, Any]]),
    _y("switch_role", Y.switch_role, SwitchRoleRequest, ActingReply),
    _y("health", Y.health, HealthRequest, HealthReply),
    _y("pending", Y.pending, NoRequest, PendingReply),
    _y("confirmation_sheet", Y.confirmation_sheet, NoRequest, SheetReply),
    _y("sync_begin", Y.sync_begin, SyncBeginRequest, StateReply),
    _y("sync_step", Y.sync_step, SyncStepRequest, StateReply),
    _y("sync_state", Y.sync_state, NoRequest, StateReply),
    _y("sync_history", Y.sync_history, NoRequest, list[dict[str, Any]]),
    _y("tarik_data", Y.tarik_data, NoRequest, PullReply),
    _y("conflicts", Y.conflicts, NoRequest, ConflictsReply, network=False),
    _y("resolve_conflict", Y.resolve_conflict, ResolveRequest, ResolveReply, network=False),
)
BY_NAME: dict[str, Call] = {c.name: c for c in CALLS}
if len(BY_NAME) != len(CALLS):  # pragma: no cover - a duplicate name is a bug
    raise ValueError("duplicate engine call name")
