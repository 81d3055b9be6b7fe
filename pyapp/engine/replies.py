"""The reply types of the engine contract's calls (engine/contract.py holds the table that
names, for each call, its handler, request model and one of these)."""

from __future__ import annotations

from typing import Any, Literal, NotRequired, TypedDict

__all__ = ["Failure", "Ok", "OpenReply", "ListReply", "RecordReply", "SaveReply", "DeleteReply", "SummaryReply", "ValidationReply", "FindingsReply", "BackupReply", "PreviewReply", "ReplaceReply", "DashboardReply", "RelatedReply", "MembersReply", "MoveReply", "NaikKelasReply", "FileReply", "ImportPreviewReply", "ImportCommitReply", "ConfigReply", "RegisterReply", "ActingReply", "HealthReply", "PendingReply", "SheetReply", "StateReply", "PullReply", "ConflictsReply", "ResolveReply", "CountsReply"]


class Failure(TypedDict):
    """What every failed call answers."""

    ok: Literal[False]
    code: str
    message: str
    hint: str | None
    details: dict[str, Any]


class Ok(TypedDict):
    ok: Literal[True]


class OpenReply(Ok):
    school: dict[str, Any] | None
    counts: dict[str, int]
    storage: dict[str, Any]
    last_backup: str | None
    last_sync: str | None
    summary: dict[str, dict[str, int]]
    validating: bool
    summary_state: Literal["final", "stored", "stale", "none"]
    ms: dict[str, float]
    #: stored records the models refuse (kept in the store, not loaded), at most 50
    load_problems: NotRequired[list[str]]
    #: what the format upgrade of this open did (engine/upgrade.py); absent: nothing to do
    upgraded: NotRequired[dict[str, Any]]
    #: the records came from the read the worker started at its start (idb.py); absent: no
    read_ahead: NotRequired[bool]


class ListReply(TypedDict):
    total: int
    columns: list[dict[str, str]]
    items: list[dict[str, Any]]
    search_hint: str
    kind: str
    validating: bool


class RecordReply(Ok):
    record: dict[str, Any]
    label: str
    findings: list[dict[str, Any]]


class SaveReply(RecordReply):
    created: bool
    summary: dict[str, dict[str, int]]
    ms: dict[str, float]


class DeleteReply(Ok):
    summary: dict[str, dict[str, int]]
    deleted: dict[str, int]


class SummaryReply(TypedDict):
    summary: dict[str, dict[str, int]]
    invalid: int
    warning: int
    validating: bool
    summary_state: Literal["final", "stored", "stale", "none"]


class ValidationReply(Ok, SummaryReply):
    counts: dict[str, int]
    events: list[dict[str, Any]]
    ms: dict[str, float]


class FindingsReply(TypedDict):
    total: int
    items: list[dict[str, Any]]


class BackupReply(Ok):
    filename: str
    text: str
    counts: dict[str, int]


class PreviewReply(Ok):
    has_data: bool
    school: str | None
    npsn: str | None
    counts: list[dict[str, Any]]
    total: int
    unsent: int
    ever_synced: bool
    last_backup: str | None


class ReplaceReply(Ok):
    counts: dict[str, int]
    ms: dict[str, float]


class DashboardReply(SummaryReply):
    school: dict[str, Any] | None
    pd_per_tingkat: list[dict[str, int]]
    counts: dict[str, int]
    last_backup: str | None
    last_sync: str | None


class RelatedReply(Ok):
    groups: list[dict[str, Any]]


class MembersReply(Ok):
    total: int
    items: list[dict[str, Any]]
    move_to: list[dict[str, str]]
    naik_to: list[dict[str, str]]
    tingkat: int | None


class MoveReply(Ok):
    carried: int
    dropped: int
    rombel: str
    summary: dict[str, dict[str, int]]


class NaikKelasReply(Ok):
    moved: int
    skipped: list[str]
    rombel: str
    summary: dict[str, dict[str, int]]


class FileReply(Ok):
    filename: str
    mime: str
    content_b64: str
    rows: int
    bytes: int


class ImportPreviewReply(Ok):
    token: str
    type: str
    kind: str
    filename: str
    counts: dict[str, int]
    rows: list[dict[str, Any]]
    ignored_columns: list[str]


class ImportCommitReply(Ok):
    created: int
    updated: int
    skipped: int
    summary: dict[str, dict[str, int]]
    ms: dict[str, float]


class ConfigReply(Ok):
    proxy_url: str | None
    npsn: str | None
    registered: bool
    role: str | None
    acting: dict[str, Any] | None
    last_sync: str | None
    pending_upload: bool


class RegisterReply(Ok):
    has_server_data: bool
    school: dict[str, Any] | None


class ActingReply(Ok):
    acting: dict[str, Any]


class HealthReply(Ok):
    online: bool
    latency_ms: int | None


class PendingReply(Ok):
    total: int
    tabs: dict[str, dict[str, int]]


class SheetReply(Ok):
    items: list[dict[str, str]]
    payload_hash: str
    agreement_version: str
    agreement_text: str
    principal: dict[str, Any]


class StateReply(Ok):
    state: dict[str, Any] | None


class PullReply(Ok):
    applied: int
    conflicts: list[dict[str, Any]]


class ConflictsReply(Ok):
    items: list[dict[str, Any]]
    remaining: int


class ResolveReply(Ok):
    kept: str
    label: str
    remaining: int


class CountsReply(Ok):
    counts: dict[str, int]
