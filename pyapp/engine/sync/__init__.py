"""The sync client: registration and roles, the Lembar Konfirmasi, a resumable push, and
pulling the server's data. Pure logic over the school in memory (`School`) and an `Http`
(engine/http.py); the same code runs in CPython tests against a real proxy and in the
Pyodide worker.

| module          | holds                                                          |
|-----------------|----------------------------------------------------------------|
| state.py        | what is persisted (SyncConfig, the typed SyncJob) and the base |
| transport.py    | one request at a time, the proxy's problems, tokens            |
| account.py      | sync_config, register, principals, switch_role, health         |
| outbox.py       | the change log read per record (what is pending)               |
| confirmation.py | pending, confirmation_sheet, the Persetujuan text              |
| conflicts.py    | conflicts, resolve_conflict (the operator's choice per record) |
| push_job.py     | sync_begin, sync_step, sync_state, sync_history (the push)     |
| pull.py         | prefill, tarik_data                                            |
"""

from __future__ import annotations

from pyapp.core.sync import AGREEMENT_VERSION
from pyapp.engine.sync.account import Account
from pyapp.engine.sync.pull import Pulling
from pyapp.engine.sync.push_job import Pushing

__all__ = ["SyncClient", "AGREEMENT_VERSION"]


class SyncClient(Account, Pushing, Pulling):
    """Every sync call the UI makes (see engine/contract.py)."""
