from __future__ import annotations

import pytest
from playwright.sync_api import sync_playwright

from tests.harness import launch_chromium

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="package")
def pw():
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="package")
def browser(pw):
    """One Chromium process for every browser test (fresh contexts keep tests apart).
    Package scope: Playwright's sync API keeps an event loop running, which must be closed
    before tests that use asyncio run."""
    b = launch_chromium(pw)
    yield b
    b.close()


@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport={"width": 1366, "height": 768}, locale="id-ID")
    yield ctx
    ctx.close()
