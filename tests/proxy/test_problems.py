"""The error catalogue: unique codes, right status group, documented, served and in OpenAPI."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pyapp.core.problems import CATALOGUE, GROUP_STATUS, ProblemError

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_each_problem_is_well_formed(code):
    p = CATALOGUE[code]
    assert re.fullmatch(r"[a-z]+\.[a-z_]+", code)
    assert p.status in GROUP_STATUS[p.group], f"{code}: {p.status} not in its group"
    assert p.title and p.message and p.hint
    assert p.placeholders() <= set(p.details) | {"request_id"}, code
    assert p.retry == (p.status in (429, 500, 503) or code == "data.bentrok")


def test_retired_codes_are_not_reused():
    text = (ROOT / "pyapp/core/problems.py").read_text()
    retired = re.findall(r"^\s*# ([a-z]+\.[a-z_]+) \(\d{3}\)", text, re.M)
    assert retired and not set(retired) & set(CATALOGUE)


def test_every_code_raised_in_the_proxy_is_in_the_catalogue():
    raised = set()
    for path in (ROOT / "pyapp").rglob("*.py"):
        raised |= set(re.findall(r'ProblemError\(\s*"([a-z_.]+)"', path.read_text()))
    assert raised and raised <= set(CATALOGUE)


def test_problem_document_shape():
    doc = ProblemError("push.konflik_kunci", idempotency_key="k1").to_dict("/api/push")
    assert doc == {
        "type": "/api/-/problems#push.konflik_kunci", "title": CATALOGUE["push.konflik_kunci"].title,
        "status": 409, "detail": doc["detail"], "code": "push.konflik_kunci",
        "hint": CATALOGUE["push.konflik_kunci"].hint, "retry": False,
        "details": {"idempotency_key": "k1"}, "instance": "/api/push"}
    assert "k1" in doc["detail"]


def test_endpoint_lists_the_catalogue(client):
    body = client.get("/api/-/problems").json()
    assert [p["code"] for p in body["problems"]] == list(CATALOGUE)


def test_openapi_documents_problems_per_route(client):
    doc = client.get("/api/openapi.json").json()
    assert "Problem" in doc["components"]["schemas"]
    push = doc["paths"]["/api/push"]["post"]["responses"]
    assert "push.konflik_kunci" in push["409"]["description"]
    assert "push.tidak_valid" in push["422"]["description"]
    assert "application/problem+json" in push["503"]["content"]
    documented = " ".join(r["description"] for p in doc["paths"].values() for op in p.values()
                          for r in op["responses"].values())
    browser_only = ("sekolah.", "engine.", "sync.")  # the CLI's and the browser's problems
    missing = [c for c in CATALOGUE if c not in documented and not c.startswith(browser_only)
               and c not in ("request.tidak_ditemukan", "request.metode_salah")]
    assert missing == []


def test_a_validation_problem_lists_at_most_50_errors_and_names_the_first():
    from pyapp.proxy.problems import validation_problem

    errors = [{"type": "missing", "loc": ("body", "changes", i, "id"), "msg": "x"} for i in range(60)]
    p = validation_problem(errors)
    assert p.code == "request.tidak_valid" and len(p.params["errors"]) == 50
    assert p.params["errors"][49]["loc"] == "changes.49.id"
    assert p.params["summary"].startswith("changes.0.id: ")
    empty = validation_problem([])
    assert empty.params == {"summary": "tidak sah", "errors": []}
