"""The sync protocol, pure Python (runs in the browser engine and in the proxy).

- `messages`: the pydantic messages (PushRequest, Receipt, PullResponse, …).
- `hashing`: canonical content hash and manifest of a change set.
- `chunking`: split/join a push body for resumable uploads.
- `changes`: build change sets and complete push requests.
- `merge`: plan a push against the school's current records (the proxy's pure logic).
"""

from __future__ import annotations

from pyapp.core.sync.changes import build_push, change_of, changes_of_snapshot, new_key
from pyapp.core.sync.chunking import DEFAULT_PART_SIZE, join, missing_parts, split
from pyapp.core.sync.hashing import (
    canonical_json, content_hash, encode_sorted, manifest_for, prefixed_sha256, sha256_hex, sort_key,
    tab_counts,
)
from pyapp.core.sync.messages import (
    AGREEMENT_VERSION, DATA_FORMAT, HASH_PREFIX, Change, ChangeCounts, Confirmation, Conflict, Manifest, PullChange, PullResponse,
    PushRequest, Receipt, TokenRequest, TokenResponse, UploadCreate, UploadStatus, check_format,
)

__all__ = [
    "Change", "ChangeCounts", "Confirmation", "Conflict", "Manifest", "PullChange",
    "PullResponse", "PushRequest", "Receipt", "TokenRequest", "TokenResponse", "UploadCreate",
    "UploadStatus", "build_push", "change_of", "changes_of_snapshot", "new_key",
    "DEFAULT_PART_SIZE", "join", "missing_parts", "split", "canonical_json", "content_hash",
    "manifest_for", "sha256_hex", "tab_counts", "encode_sorted", "prefixed_sha256", "sort_key",
    "AGREEMENT_VERSION", "HASH_PREFIX", "DATA_FORMAT", "check_format",
]
