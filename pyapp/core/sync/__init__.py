"""The sync protocol, pure Python (runs in the browser engine and in the proxy).

- `messages`: the pydantic messages (PushRequest, Receipt, PullResponse, …).
- `hashing`: canonical content hash and manifest of a change set.
- `chunking`: split/join a push body for resumable uploads.
- `changes`: build change sets and complete push requests.
"""

from __future__ import annotations

from pyapp.core.sync.changes import build_push, change_of, changes_of_snapshot, new_key
from pyapp.core.sync.chunking import DEFAULT_PART_SIZE, join, missing_parts, split
from pyapp.core.sync.hashing import canonical_json, content_hash, manifest_for, sha256_hex, tab_counts
from pyapp.core.sync.messages import (
    Change, ChangeCounts, Confirmation, Conflict, Manifest, PullChange, PullResponse,
    PushRequest, Receipt, TokenRequest, TokenResponse, UploadCreate, UploadStatus,
)

__all__ = [
    "Change", "ChangeCounts", "Confirmation", "Conflict", "Manifest", "PullChange",
    "PullResponse", "PushRequest", "Receipt", "TokenRequest", "TokenResponse", "UploadCreate",
    "UploadStatus", "build_push", "change_of", "changes_of_snapshot", "new_key",
    "DEFAULT_PART_SIZE", "join", "missing_parts", "split", "canonical_json", "content_hash",
    "manifest_for", "sha256_hex", "tab_counts",
]
