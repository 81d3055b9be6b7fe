from __future__ import annotations

import pytest

from tests.harness import ServerProcess


@pytest.fixture(scope="session")
def server():
    """One real app server for the session's browser tests."""
    with ServerProcess() as srv:
        yield srv
