"""Clock helpers shared by the engine's modules (UTC ISO text, elapsed milliseconds)."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timezone

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def iso(moment: datetime) -> str:
    """`2026-12-02T01:30:00Z` (what the store and the sync messages keep)."""
    return moment.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def ms_since(start: float) -> float:
    """Milliseconds since a `time.perf_counter()` reading, to 0.1 ms."""
    return round((time.perf_counter() - start) * 1000, 1)


def default_semester(now: datetime) -> str:
    """The semester a date falls in: July–December is `<year>1` (ganjil), else `<year-1>2`."""
    return f"{now.year}1" if now.month >= 7 else f"{now.year - 1}2"
