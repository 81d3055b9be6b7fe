from __future__ import annotations

import asyncio
import itertools
from datetime import datetime, timedelta, timezone

import pytest

from pyapp.core.generator import generate
from pyapp.core.snapshot import dump_snapshot
from pyapp.engine.api import answer
from pyapp.engine.service import EngineService
from pyapp.engine.store import MemoryStore


def run(coro):
    """Run an engine call as the RPC does: a refusal comes back as the failure shape."""
    return asyncio.run(answer(coro))


class Clock:
    """A fixed clock that ticks one second per call, from a day inside the 20251 assessment
    (docs/domain.md#tanggal-penilaian), so grades saved by the tests are dated after it."""

    def __init__(self, start: datetime = datetime(2025, 12, 10, 2, 30, tzinfo=timezone.utc)) -> None:
        self._n = itertools.count()
        self.start = start

    def __call__(self) -> datetime:
        return self.start + timedelta(seconds=next(self._n))


@pytest.fixture(scope="session")
def small():
    snap, manifest = generate("small", 1, errors=6)
    return snap, manifest, dump_snapshot(snap)


@pytest.fixture(scope="session")
def large_text():
    snap, _ = generate("large", 1, errors=5)
    return dump_snapshot(snap)


def new_service(store: MemoryStore | None = None) -> EngineService:
    return EngineService(store or MemoryStore(), clock=Clock())


@pytest.fixture
def svc_small(small):
    """A service holding the small demo school (restored from its snapshot)."""
    svc = new_service()

    async def setup():
        await svc.open({})
        res = await svc.restore_backup({"text": small[2], "filename": "contoh.json"})
        assert res["ok"], res
        return svc

    return run(setup())
