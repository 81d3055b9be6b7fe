"""The outbox read per record and encoded for a push (no server needed)."""

from __future__ import annotations

from pyapp.core.sync import Change, content_hash
from pyapp.engine.sync import outbox as OB
from tests.engine.conftest import run


def test_encoded_changes_hash_like_the_proxy(svc_small):
    entries = run(svc_small.store.changes_since(0))
    pending = OB.read_outbox(entries, svc_small.data, ever_synced=False)
    assert pending.upto_seq == max(e["seq"] for e in entries)
    assert len(pending.changes) == sum(svc_small.counts().values())
    lines, digest = OB.encode(pending.changes)
    models = [Change.model_validate_json(line) for line in lines]
    assert digest == content_hash(models) == content_hash(list(reversed(models)))


def test_base_version_comes_from_the_first_pending_entry(svc_small):
    pd = next(iter(svc_small.data["peserta_didik"].values()))
    entries = [{"seq": 10, "type": "peserta_didik", "id": pd.id, "op": "upsert", "version": 3},
               {"seq": 11, "type": "peserta_didik", "id": pd.id, "op": "upsert", "version": 4}]
    synced = OB.read_outbox(entries, svc_small.data, ever_synced=True)
    assert [c["base_version"] for c in synced.changes] == [2]
    assert synced.tabs == {"Peserta Didik": {"created": 0, "updated": 1, "deleted": 0}}
    assert synced.first_version == {pd.id: 3} and synced.upto_seq == 11
    fresh = OB.read_outbox(entries, svc_small.data, ever_synced=False)
    assert fresh.changes[0]["base_version"] is None and fresh.tabs["Peserta Didik"]["created"] == 1


def test_created_then_deleted_is_not_sent(svc_small):
    pd = next(iter(svc_small.data["peserta_didik"].values()))
    gone = pd.model_copy(update={"deleted": True, "version": 2})
    data = {**svc_small.data, "peserta_didik": {pd.id: gone}}
    entries = [{"seq": 1, "type": "peserta_didik", "id": pd.id, "op": "upsert", "version": 1},
               {"seq": 2, "type": "peserta_didik", "id": pd.id, "op": "delete", "version": 2}]
    out = OB.read_outbox(entries, data, ever_synced=True)
    assert out.changes == [] and out.total == 0 and out.upto_seq == 2
