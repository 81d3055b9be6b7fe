"""The common record: client-made UUID, version, timestamps, soft delete.

Models hold field-level constraints only (type, digits, length, range, rujukan code). Whether
a value is required for sync, or agrees with other records, is a rule (pyapp.core.rules).
"""

from __future__ import annotations

import uuid
from datetime import datetime, timezone
from typing import Any, ClassVar

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from pyapp.core.types import Uuid


#: Largest record version: exact in a JavaScript number and far inside the proxy's 64-bit
#: column (a bigger one used to break a record for good on the server).
MAX_VERSION = 2**53 - 1


def _now() -> datetime:
    return datetime.now(timezone.utc)


def new_id() -> str:
    return str(uuid.uuid4())


def field(
    title: str,
    description: str = "",
    *,
    rujukan: str | None = None,
    default: Any = None,
    **kwargs: Any,
) -> Any:
    """A model field with its Indonesian label and help text (forms are generated from them).

    `rujukan` names the code table the UI builds a dropdown from.
    """
    extra: dict[str, Any] | None = {"rujukan": rujukan} if rujukan else None
    return Field(default, title=title, description=description, json_schema_extra=extra, **kwargs)


def required(title: str, description: str = "", **kwargs: Any) -> Any:
    return Field(..., title=title, description=description, **kwargs)


class Record(BaseModel):
    """Base of every synced record."""

    model_config = ConfigDict(extra="forbid", validate_assignment=False)

    #: Human name of the record type, for lists and findings ("Peserta Didik").
    KIND: ClassVar[str] = "Data"

    id: Uuid = Field(
        default_factory=new_id,
        title="ID",
        description="UUID yang dibuat di perangkat; tidak pernah berubah.",
    )
    version: int = Field(1, ge=1, le=MAX_VERSION, title="Versi",
                         description="Naik setiap kali data diubah.")
    created_at: AwareDatetime = Field(
        default_factory=_now, title="Dibuat", description="Waktu data dibuat (UTC)."
    )
    updated_at: AwareDatetime = Field(
        default_factory=_now, title="Diubah", description="Waktu perubahan terakhir (UTC)."
    )
    deleted: bool = Field(
        False, title="Dihapus", description="Hapus lunak: data disembunyikan tetapi tetap disinkronkan."
    )

    def label(self) -> str:
        """Short human label used in lists and validation findings."""
        return f"{self.KIND} {self.id[:8]}"
