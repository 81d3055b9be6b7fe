from __future__ import annotations

import pytest
from playwright.sync_api import sync_playwright

from tests.harness import launch_chromium

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="session")
def pw():
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(pw):
    """One Chromium process for every browser test (fresh contexts keep tests apart)."""
    b = launch_chromium(pw)
    yield b
    b.close()


@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport={"width": 1366, "height": 768}, locale="id-ID")
    yield ctx
    ctx.close()
