"""/api/docs renders Swagger UI from this origin only, under its CSP (issue 12, finding 8)."""

from __future__ import annotations

import pytest

from tests.e2e.csp import CspWatch

pytestmark = pytest.mark.e2e


def test_api_docs_render_without_any_other_origin(browser, server):
    ctx = browser.new_context()
    csp = CspWatch(ctx)
    page = ctx.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(server.url + "/api/docs")
    page.wait_for_selector(".swagger-ui .info .title", timeout=30_000)
    assert "pyapp sync proxy" in page.inner_text(".swagger-ui .info .title")
    assert page.locator(".opblock").count() >= 5  # the operations are listed
    assert [u for u in requests if not u.startswith(server.url)] == []
    assert csp.violations() == []
    ctx.close()
