"""Building change sets on the client side (and in tests/benchmarks): pure helpers."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime, timezone

from pyapp.core.models import TYPE_OF, Record
from pyapp.core.snapshot import Snapshot
from pyapp.core.sync.hashing import content_hash, tab_counts
from pyapp.core.sync.messages import AGREEMENT_VERSION, DATA_FORMAT, Change, Confirmation, Manifest, PushRequest

__all__ = ["change_of", "changes_of_snapshot", "build_push", "new_key"]


def new_key() -> str:
    return str(uuid.uuid4())


def change_of(record: Record, base_version: int | None = None, rtype: str | None = None) -> Change:
    return Change(
        type=rtype or TYPE_OF[type(record)], id=record.id,
        op="delete" if record.deleted else "upsert", base_version=base_version,
        record=record.model_dump(mode="json", exclude_none=True),
    )


def changes_of_snapshot(snapshot: Snapshot) -> list[Change]:
    """Every record of a snapshot as a new record (a first, full push)."""
    return [change_of(rec, None, rtype) for rtype, rec in snapshot.iter_records()]


def build_push(changes: Iterable[Change], *, semester_id: str, ptk_id: str, nama: str,
               items: list[str] | None = None, agreement_version: str = AGREEMENT_VERSION,
               key: str | None = None, base_cursor: int | None = None,
               confirmed_at: datetime | None = None,
               format_version: int | None = DATA_FORMAT) -> PushRequest:
    """A complete push request whose manifest and confirmation match its changes, in this
    app's data format (`format_version`: another one, or None, makes an older client's push)."""
    changes = list(changes)
    digest = content_hash(changes)
    return PushRequest(
        idempotency_key=key or new_key(), semester_id=semester_id, base_cursor=base_cursor,
        changes=changes,
        manifest=Manifest(counts=tab_counts(changes), content_hash=digest,
                          format_version=format_version),
        confirmation=Confirmation(
            ptk_id=ptk_id, nama=nama, confirmed_at=confirmed_at or datetime.now(timezone.utc),
            items=items if items is not None else sorted(tab_counts(changes)),
            agreement_version=agreement_version, payload_hash=digest,
        ),
    )
