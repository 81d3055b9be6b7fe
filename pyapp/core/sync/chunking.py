"""Split a push body into parts for a resumable upload, and put it back together."""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["DEFAULT_PART_SIZE", "split", "join", "missing_parts"]

DEFAULT_PART_SIZE = 128 * 1024  # small parts: a flaky school connection loses little on a retry


def split(body: bytes, part_size: int = DEFAULT_PART_SIZE) -> list[bytes]:
    if part_size < 1:
        raise ValueError("part_size must be positive")
    return [body[i:i + part_size] for i in range(0, len(body), part_size)] or [b""]


def missing_parts(total: int, received: set[int] | list[int]) -> list[int]:
    have = set(received)
    return [i for i in range(total) if i not in have]


def join(parts: Mapping[int, bytes], total: int) -> bytes:
    """Parts 0..total-1 in order (KeyError if one is missing)."""
    return b"".join(parts[i] for i in range(total))
