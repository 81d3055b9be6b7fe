from __future__ import annotations

import json
import os
from pathlib import Path

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
    if os.environ.get("PYAPP_IMPORT_TRACE"):
        _trace_contexts(b)
    yield b
    b.close()


@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport={"width": 1366, "height": 768}, locale="id-ID")
    yield ctx
    ctx.close()


# The import trace: with PYAPP_IMPORT_TRACE=<file>, every engine worker's standard-library
# modules are collected before its context closes and merged into <file> (a JSON list), which
# scripts/stdlib_trace.py turns into scripts/stdlib_trace.json (what the build keeps).
_TRACE: set[str] = set()


def _trace_contexts(b) -> None:  # type: ignore[no-untyped-def]
    """Every context the tests open collects its workers' trace just before it closes."""
    new_context = b.new_context

    def traced(*args, **kwargs):  # type: ignore[no-untyped-def]
        ctx = new_context(*args, **kwargs)
        close = ctx.close

        def close_traced(*a, **k):  # type: ignore[no-untyped-def]
            _collect_stdlib_trace(ctx)
            return close(*a, **k)

        ctx.close = close_traced
        return ctx

    b.new_context = traced


def _collect_stdlib_trace(ctx) -> None:  # type: ignore[no-untyped-def]
    out = os.environ["PYAPP_IMPORT_TRACE"]
    for page in ctx.pages:
        for worker in page.workers:
            try:
                names = worker.evaluate(
                    "() => globalThis.pyappStdlibModules ? globalThis.pyappStdlibModules() : '[]'")
            except Exception:  # noqa: BLE001 - a worker that already ended
                continue
            _TRACE.update(json.loads(names))
    path = Path(out)
    old = set(json.loads(path.read_text())) if path.exists() else set()
    path.write_text(json.dumps(sorted(old | _TRACE), indent=0))
